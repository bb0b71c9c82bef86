import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { WebhookTarget } from './url-policy.js';

/** How long one attempt may take, connection to last byte of the answer. */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;
/** Bytes of an answer read (then dropped): receivers have nothing to tell but the status. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** What one attempt came to: the receiver's status, or why there was none. */
export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Posts one signed message to the checked address: the connection goes to
 * `target.address` (the one the policy checked), while the Host header and,
 * over https, the server name and certificate check use the URL's host.
 * Redirects are not followed (a 3xx is an answer like any other non-2xx),
 * and the whole attempt ends after `timeoutMs`.
 */
export function postWebhook(
  target: WebhookTarget,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { url } = target;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Omit<AttemptOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: elapsed() });
    };
    const request = send({
      host: target.address,
      family: target.family,
      port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: {
        ...headers,
        host: url.host,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'Podpis-Webhooks/1',
      },
      ...(secure && isIP(host) === 0 ? { servername: host } : {}),
      agent: false,
    });
    const timer = setTimeout(() => {
      settle({ statusCode: null, error: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('response', (response: IncomingMessage) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) response.destroy();
      });
      const done = () => {
        settle({ statusCode: response.statusCode ?? null, error: null });
      };
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    request.on('error', (error) => {
      settle({ statusCode: null, error: error.message });
    });
    request.end(body);
  });
}
