import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorCode } from '../../core/domain-error.js';
import { HTTP_STATUS_OF } from '../error-status.js';
import { ApiError } from '../problem.js';

/**
 * Errors of the CSC API (v2, §10.1 and each method's table): OAuth 2.0's
 * `{ "error", "error_description" }` with the CSC codes, instead of the
 * REST API's problem+json. The `/csc/v2` scope has its own handler; the
 * rest of the server is untouched.
 */
export type CscErrorCode =
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'access_denied'
  | 'authentication_error'
  | 'invalid_pin'
  | 'invalid_otp'
  | 'temporarily_unavailable'
  | 'server_error';

export interface CscError {
  error: CscErrorCode;
  error_description: string;
}

/** An error of the exchange the CSC adapter itself finds (a base64 that does not decode, an unsupported mode). */
export class CscRequestError extends Error {
  override readonly name = 'CscRequestError';
  constructor(
    readonly code: CscErrorCode,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

interface Mapped {
  status: number;
  error: CscErrorCode;
  /** The CSC wording, where the specification gives one; else our message. */
  description?: (error: DomainError) => string;
}

const invalid = (description?: Mapped['description']): Mapped => ({
  status: 400,
  error: 'invalid_request',
  ...(description ? { description } : {}),
});
const credential = invalid(() => 'Invalid parameter credentialID');

/** A detail that is a number or a word, as text; anything else as `fallback`. */
function detail(error: DomainError, name: string, fallback: string): string {
  const value = error.details?.[name];
  return typeof value === 'number' || typeof value === 'string' ? String(value) : fallback;
}

/**
 * Our domain codes as the CSC API names them. A code not listed is
 * `invalid_request` with its REST status when that is a 4xx, else
 * `server_error`; the description is then our message.
 */
const CSC_ERRORS: Partial<Record<DomainErrorCode, Mapped>> = {
  AUTHENTICATION_REQUIRED: { status: 401, error: 'invalid_token' },
  INVALID_TOKEN: { status: 401, error: 'invalid_token' },
  SESSION_EXPIRED: { status: 401, error: 'invalid_token' },
  INSUFFICIENT_SCOPE: { status: 403, error: 'insufficient_scope' },
  // §11.2: a wrong login or password is 400 (401 is for a missing or malformed Authorization header).
  INVALID_CREDENTIALS: {
    status: 400,
    error: 'authentication_error',
    description: () => 'Invalid login or password',
  },
  ACCOUNT_LOCKED: { status: 403, error: 'access_denied' },
  TOKEN_NOT_FOUND: invalid(() => 'Invalid parameter token'),
  FORBIDDEN: { status: 403, error: 'access_denied' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, error: 'access_denied' },
  SECOND_FACTOR_REQUIRED: { status: 403, error: 'access_denied' },
  CSRF_FAILED: { status: 403, error: 'access_denied' },
  CROSS_SITE_REQUEST_REFUSED: { status: 403, error: 'access_denied' },
  CERT_NOT_FOUND: credential,
  SERIAL_INVALID: credential,
  KEY_NOT_HELD: credential,
  CERT_NOT_VALID: invalid(
    (e) => `The signing certificate is ${detail(e, 'certificateStatus', 'not valid')}: ${e.message}`,
  ),
  KEY_PIN_WRONG: {
    status: 400,
    error: 'invalid_pin',
    description: (e) =>
      `The PIN is invalid; ${detail(e, 'remainingAttempts', '0')} attempts remain before the credential is locked`,
  },
  KEY_PIN_REQUIRED: invalid(() => 'Missing (or invalid type) string parameter PIN'),
  KEY_PIN_NOT_APPLICABLE: invalid(),
  KEY_LOCKED: {
    status: 403,
    error: 'access_denied',
    description: () => 'The credential is locked after too many wrong PINs: ask an operator to unlock it',
  },
  DEVICE_CODE_WRONG: {
    status: 400,
    error: 'invalid_otp',
    description: (e) => `The OTP is invalid; ${detail(e, 'remainingAttempts', '0')} attempts remain`,
  },
  DEVICE_CODE_ATTEMPTS_EXCEEDED: { status: 403, error: 'access_denied' },
  DEVICE_APPROVAL_DECLINED: { status: 403, error: 'access_denied' },
  DEVICE_APPROVAL_REQUIRED: invalid(),
  DEVICE_APPROVAL_EXPIRED: invalid(),
  DEVICE_APPROVAL_INVALID: { status: 403, error: 'access_denied' },
  DEVICE_REQUIRED: invalid(),
  DEVICE_BATCH_TOO_LARGE: invalid(),
  ACTIVATION_NOT_FOUND: invalid(() => 'Invalid parameter SAD'),
  ACTIVATION_KEY_MISMATCH: invalid(() => 'Invalid parameter SAD'),
  ACTIVATION_USED: invalid(() => 'Invalid parameter SAD: it was used'),
  ACTIVATION_EXPIRED: invalid(() => 'SAD expired'),
  ACTIVATION_DIGEST_MISMATCH: invalid((e) => `Invalid parameter hashes: ${e.message}`),
  ACTIVATION_INVALID: invalid(),
  SIGNING_DIGEST_INVALID: invalid(() => 'Invalid digest value length'),
  SIGNING_DIGEST_ALGORITHM_MISMATCH: invalid(() => 'Invalid parameter hashAlgorithmOID'),
  SIGNATURE_ALGORITHM_MISMATCH: invalid(() => 'Invalid parameter signAlgo'),
  RATE_LIMITED: { status: 429, error: 'temporarily_unavailable' },
  SIGNING_SERVICE_UNAVAILABLE: { status: 503, error: 'temporarily_unavailable' },
};

export function cscErrorOf(error: DomainError): { status: number; body: CscError } {
  const mapped = CSC_ERRORS[error.code];
  if (mapped) {
    return {
      status: mapped.status,
      body: { error: mapped.error, error_description: mapped.description?.(error) ?? error.message },
    };
  }
  const status = HTTP_STATUS_OF[error.code];
  return status < 500
    ? { status: 400, body: { error: 'invalid_request', error_description: error.message } }
    : { status: 500, body: { error: 'server_error', error_description: error.message } };
}

function send(reply: FastifyReply, status: number, body: CscError): FastifyReply {
  if (status === 401) reply.header('www-authenticate', `Bearer error="${body.error}"`);
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/** Schema errors name the field as the CSC tables do: "Missing (or invalid type) … parameter X". */
function validationDescription(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return error.message;
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  const field =
    missing ??
    first.instancePath
      .replace(/^\//, '')
      .replace(/\/\d+$/, '')
      .replace(/\//g, '.');
  return missing !== undefined
    ? `Missing (or invalid type) parameter ${field}`
    : `Invalid parameter ${field || 'body'}: ${first.message ?? 'is invalid'}`;
}

/** The `/csc/v2` scope's error and not-found handlers: everything answers in the CSC format. */
export function registerCscErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError | DomainError | CscRequestError, request, reply) => {
    if (error instanceof DomainError) {
      const { status, body } = cscErrorOf(error);
      return send(reply, status, body);
    }
    if (error instanceof CscRequestError) {
      return send(reply, error.status, { error: error.code, error_description: error.message });
    }
    if (error instanceof ApiError) {
      return error.status < 500
        ? send(reply, error.status === 413 ? 413 : 400, {
            error: 'invalid_request',
            error_description: error.message,
          })
        : send(reply, error.status, { error: 'server_error', error_description: error.message });
    }
    if (error.validation) {
      return send(reply, 400, { error: 'invalid_request', error_description: validationDescription(error) });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, error.statusCode, { error: 'invalid_request', error_description: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, {
      error: 'server_error',
      error_description: `an unexpected error occurred; quote the request id ${request.id} to the administrator`,
    });
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) =>
    send(reply, 404, {
      error: 'invalid_request',
      error_description: `the method ${request.url.split('?')[0] ?? ''} is not supported by this service (see info)`,
    }),
  );
}
