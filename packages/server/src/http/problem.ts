import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { DomainError } from '../core/domain-error.js';
import { HTTP_STATUS_OF } from './error-status.js';

/**
 * A failure of the HTTP exchange itself (a body of the wrong shape or media
 * type, an unknown route, a server not ready), which has no meaning outside
 * the REST API. Failures of the domain are `DomainError`s, placed on a status
 * by `HTTP_STATUS_OF`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** RFC 9457 problem details, as every error response of the API carries them. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'urn:podpis:problem:<code>' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable, machine-readable error code' }),
    instance: Type.String({ description: 'The request path' }),
    requestId: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), {
        description: 'Per-field problems, for VALIDATION_FAILED',
      }),
    ),
  },
  { $id: 'Problem', additionalProperties: true },
);
export type Problem = Static<typeof ProblemSchema>;

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The longest path parameter the router accepts (Fastify's default is 100; a certificate serial or a UUID is far shorter). */
export const MAX_PARAM_LENGTH = 200;
/** The request line and headers together; Node's default, stated so both listeners agree. */
export const MAX_HEADER_SIZE = 16 * 1024;

/** Fastify's own error codes, mapped to ours so clients never see framework internals. */
const FRAMEWORK_ERRORS: Readonly<Record<string, { status: number; code: string; detail: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'BODY_TOO_LARGE',
    detail: 'the request body is larger than the server accepts',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'the Content-Type of the request is not accepted here; send application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'INVALID_CONTENT_LENGTH',
    detail: 'the Content-Length header does not match the body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    detail: 'the body is empty but Content-Type is application/json',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    detail: 'the body is not valid JSON',
  },
  FST_ERR_BAD_URL: { status: 400, code: 'MALFORMED_URL', detail: 'the request URL is malformed' },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'URL_TOO_LONG',
    detail: `a path segment of the request URL is longer than ${MAX_PARAM_LENGTH} characters`,
  },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'BAD_REQUEST', detail: 'the request cannot be routed' },
};

export function problem(
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  return {
    type: `urn:podpis:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.status(body.status).type('application/problem+json; charset=utf-8').send(body);
}

function validationErrors(error: FastifyError): { path: string; message: string }[] {
  return (error.validation ?? []).map((issue) => ({
    path: `${error.validationContext ?? 'body'}${issue.instancePath.replace(/\//g, '.')}`,
    message: issue.message ?? 'is invalid',
  }));
}

/**
 * Failures the router meets before any route (a malformed escape, an
 * over-long path segment): Fastify answers them with its own JSON unless
 * given this, which answers problem+json like every other error.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = FRAMEWORK_ERRORS[error.code] ?? {
    status: 400,
    code: 'BAD_REQUEST',
    detail: 'the request cannot be routed',
  };
  reply.header('x-request-id', request.id);
  void sendProblem(reply, problem(request, known.status, known.code, known.detail));
}

const CLIENT_ERRORS: Readonly<Record<string, { status: number; code: string; detail: string }>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    detail: `the request line and headers are larger than ${MAX_HEADER_SIZE} bytes`,
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'REQUEST_TIMEOUT',
    detail: 'the request took too long to arrive',
  },
};

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers or
 * URL too large, a malformed request line): answered as problem+json on the
 * raw socket, then closed, since the rest of the stream cannot be trusted.
 * There is no request id yet; one is made so the answer has the same shape.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const known = CLIENT_ERRORS[error.code ?? ''] ?? {
      status: 400,
      code: 'BAD_REQUEST',
      detail: 'the request is not valid HTTP',
    };
    const requestId = randomUUID();
    const body = JSON.stringify({
      type: `urn:podpis:problem:${known.code}`,
      title: TITLES[known.status] ?? 'Error',
      status: known.status,
      detail: known.detail,
      code: known.code,
      instance: '',
      requestId,
    } satisfies Problem);
    socket.write(
      `HTTP/1.1 ${known.status} ${TITLES[known.status] ?? 'Error'}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}

/** Maps every error — ours, the framework's, unexpected ones — to problem+json; never leaks a stack. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError | DomainError, request, reply) => {
    if (error instanceof DomainError) {
      return sendProblem(
        reply,
        problem(request, HTTP_STATUS_OF[error.code], error.code, error.message, error.details ?? {}),
      );
    }
    if (error instanceof ApiError) {
      return sendProblem(
        reply,
        problem(request, error.status, error.code, error.message, error.details ?? {}),
      );
    }
    if (error.validation) {
      const errors = validationErrors(error);
      const detail = errors.map((e) => `${e.path} ${e.message}`).join('; ');
      return sendProblem(reply, problem(request, 400, 'VALIDATION_FAILED', detail, { errors }));
    }
    const known = FRAMEWORK_ERRORS[error.code];
    if (known) return sendProblem(reply, problem(request, known.status, known.code, known.detail));
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, problem(request, error.statusCode, 'BAD_REQUEST', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      problem(
        request,
        500,
        'INTERNAL_ERROR',
        'an unexpected error occurred; quote the request id to the administrator',
      ),
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(request, 404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`),
    ),
  );
}
