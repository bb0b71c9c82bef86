import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DomainError } from '../core/domain-error.js';
import { isTlsFailureCode } from '../core/tls-failures.js';

/** One GET of an HR system's export, as a pull makes it. */
export interface ExportRequest {
  url: string;
  /** Authorization and If-None-Match, as the pull's settings and last answer give them. */
  headers: Record<string, string>;
  /** PEM of the CAs trusted for the server's certificate; null: the system's. */
  caCertificate: string | null;
  /** For the whole exchange: connecting, the answer and its body. */
  timeoutMs: number;
  /** A longer body is refused and the connection closed. */
  maxBytes: number;
}

/** What the server answered: a body, or that the body is the one its ETag named. */
export type ExportResponse = { kind: 'body'; body: Buffer; etag: string | null } | { kind: 'not-modified' };

/** Why a pull could not read the export: the `reason` of HR_PULL_FAILED. */
export type PullFailureReason = 'timeout' | 'too-large' | 'http-status' | 'redirect' | 'tls' | 'unreachable';

export function pullFailure(
  reason: PullFailureReason,
  message: string,
  details: Record<string, unknown> = {},
): DomainError {
  return new DomainError('HR_PULL_FAILED', message, { reason, ...details });
}

/** The URL as a message may show it: no query (it may carry a key), no user information. */
export function shownUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/**
 * GETs the export: TLS checked against `caCertificate` when given,
 * redirects not followed (the URL is the one the administrator approved),
 * the whole exchange within `timeoutMs`, the body cut off past `maxBytes`.
 * Every failure is HR_PULL_FAILED with a `reason` and a message naming the
 * endpoint without its query; nothing the server sent beyond its status is
 * repeated.
 */
export function fetchExport(req: ExportRequest): Promise<ExportResponse> {
  const where = shownUrl(req.url);
  return new Promise<ExportResponse>((resolve, reject) => {
    let settled = false;
    const fail = (error: DomainError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      reject(error);
    };
    const options = {
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': 'Podpis HR pull', ...req.headers },
      agent: false as const,
      ...(req.caCertificate !== null ? { ca: req.caCertificate } : {}),
    };
    const onResponse = (response: IncomingMessage): void => {
      const status = response.statusCode ?? 0;
      if (status === 304) {
        settled = true;
        clearTimeout(timer);
        response.resume();
        resolve({ kind: 'not-modified' });
        return;
      }
      if (status >= 300 && status < 400) {
        fail(
          pullFailure(
            'redirect',
            `${where} answered HTTP ${status} (a redirect); Podpis does not follow it`,
            {
              httpStatus: status,
            },
          ),
        );
        return;
      }
      if (status < 200 || status >= 300) {
        fail(pullFailure('http-status', `${where} answered HTTP ${status}`, { httpStatus: status }));
        return;
      }
      const tooLarge = () =>
        pullFailure('too-large', `${where} sent more than ${req.maxBytes} bytes`, { maxBytes: req.maxBytes });
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > req.maxBytes) {
        fail(tooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBytes) fail(tooLarge());
        else chunks.push(chunk);
      });
      response.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const etag = response.headers.etag;
        resolve({ kind: 'body', body: Buffer.concat(chunks), etag: etag ?? null });
      });
      response.on('error', (error) => {
        fail(connectionFailure(error, where));
      });
    };
    const outgoing =
      new URL(req.url).protocol === 'http:'
        ? httpRequest(req.url, options, onResponse)
        : httpsRequest(req.url, options, onResponse);
    const timer = setTimeout(() => {
      fail(pullFailure('timeout', `${where} did not answer within ${req.timeoutMs} ms`));
    }, req.timeoutMs);
    outgoing.on('error', (error) => {
      fail(connectionFailure(error, where));
    });
    outgoing.end();
  });
}

function connectionFailure(error: Error, where: string): DomainError {
  const code = (error as { code?: unknown }).code;
  if (isTlsFailureCode(code)) {
    return pullFailure('tls', `${where}: the server's certificate is not trusted (${code})`, {
      tlsError: code,
    });
  }
  return pullFailure('unreachable', `${where} cannot be reached: ${error.message}`, {
    ...(typeof code === 'string' ? { errorCode: code } : {}),
  });
}
