import { PodpisError } from './errors.js';

/**
 * TLS settings of the connection, for Node: a CA of the installation's own
 * (PEM) to trust instead of the system's, and a client certificate with its
 * key (mutual TLS). Browsers take neither from a script; they use their own
 * trust store and certificate choice.
 */
export interface TlsOptions {
  ca?: string | Uint8Array | readonly (string | Uint8Array)[];
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
  passphrase?: string;
  /** PKCS#12 with the client certificate and key, instead of cert and key. */
  pfx?: Uint8Array;
}

export type Fetch = (request: Request) => Promise<Response>;

/**
 * Node's TLS verification codes that mean "this certificate is not trusted
 * or not for this host": the caller's fix is a CA (or the right URL).
 */
const TLS_UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The system error code of a failed request, looking through fetch's TypeError to its cause. */
function systemCode(error: unknown): string {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return '';
}

/**
 * What went wrong before any answer came, with a stable code: ABORTED,
 * TLS_UNTRUSTED, TLS_FAILED or NETWORK_ERROR; the original error is the cause.
 */
export function connectionError(error: unknown, url: URL): PodpisError {
  if (error instanceof PodpisError) return error;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return new PodpisError(
      0,
      error.name === 'TimeoutError' ? 'TIMEOUT' : 'ABORTED',
      'the request was stopped',
      undefined,
      undefined,
      undefined,
      { cause: error },
    );
  const code = systemCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const make = (podpisCode: string, detail: string): PodpisError =>
    new PodpisError(0, podpisCode, detail, undefined, undefined, { systemCode: code }, { cause: error });
  if (TLS_UNTRUSTED_CODES.has(code))
    return make('TLS_UNTRUSTED', `the TLS certificate of ${url.host} is not trusted (${code})`);
  if (code.startsWith('ERR_SSL') || code === 'EPROTO' || code.startsWith('ERR_TLS'))
    return make('TLS_FAILED', `no TLS connection with ${url.host}: ${message}`);
  return make('NETWORK_ERROR', `cannot reach ${url.origin}: ${code || message}`);
}

/**
 * A fetch over node:https with TLS settings of its own (fetch itself takes
 * no CA or client certificate). Bodies stream both ways, so a 1 GiB upload
 * or download is never held in memory. Loaded only when TLS settings are
 * given, so browsers never import node:https.
 */
export async function nodeTlsFetch(tls: TlsOptions): Promise<Fetch> {
  let modules;
  try {
    modules = await Promise.all([import('node:https'), import('node:http'), import('node:stream')]);
  } catch (error) {
    throw new PodpisError(
      0,
      'TLS_OPTIONS_UNSUPPORTED',
      'TLS settings (ca, cert, key) need Node.js; a browser uses its own',
      undefined,
      undefined,
      undefined,
      { cause: error },
    );
  }
  const [https, http, { Readable }] = modules;
  const ca =
    tls.ca === undefined
      ? undefined
      : [tls.ca].flat().map((item) => (typeof item === 'string' ? item : Buffer.from(item)));
  const agentOptions = {
    ...(ca !== undefined ? { ca } : {}),
    ...(tls.cert !== undefined
      ? { cert: typeof tls.cert === 'string' ? tls.cert : Buffer.from(tls.cert) }
      : {}),
    ...(tls.key !== undefined ? { key: typeof tls.key === 'string' ? tls.key : Buffer.from(tls.key) } : {}),
    ...(tls.passphrase !== undefined ? { passphrase: tls.passphrase } : {}),
    ...(tls.pfx !== undefined ? { pfx: Buffer.from(tls.pfx) } : {}),
  };
  // One agent: connections are kept alive between polls of an operation.
  const agent = new https.Agent({ ...agentOptions, keepAlive: true });
  return (request) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const options = { method: request.method, headers, signal: request.signal };
      const body =
        request.body === null
          ? undefined
          : Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>);
      const onResponse = (response: import('node:http').IncomingMessage): void => {
        if ((response.statusCode ?? 0) >= 400 && body !== undefined) {
          // Refused midway (413): the rest of the upload is not read or sent.
          body.unpipe(req);
          body.destroy();
        }
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers))
          for (const one of [value ?? []].flat()) answerHeaders.append(name, one);
        const status = response.statusCode ?? 0;
        const empty = status === 204 || status === 304 || request.method === 'HEAD';
        if (empty) response.resume();
        resolve(
          new Response(empty ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>), {
            status,
            statusText: response.statusMessage ?? '',
            headers: answerHeaders,
          }),
        );
      };
      const req =
        url.protocol === 'https:'
          ? https.request(url, { ...options, agent }, onResponse)
          : http.request(url, options, onResponse);
      req.on('error', reject);
      if (body === undefined) {
        req.end();
        return;
      }
      body.on('error', (error) => {
        req.destroy(error);
        reject(error);
      });
      body.pipe(req);
    });
}
