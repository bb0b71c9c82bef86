import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EXIT } from '../exit-codes.js';
import { CliFailure } from './failures.js';

/** Where a client command sends its requests and how it proves who it is. */
export interface Connection {
  /** The server's origin, e.g. https://podpis.example:8443; the API is under /api/v1. */
  server: URL;
  /** A bearer API token (`pdp_…`); never printed. None for a device, which its channel authenticates. */
  token?: string;
  /** PEM certificates to trust for the server's TLS certificate instead of the system's. */
  ca?: string;
  /** How this command is given a CA, for the TLS_UNTRUSTED message (`--ca FILE or PODPIS_CA` unless told). */
  caHint?: string;
}

/** Told how many more bytes went up or came down, for a progress display. */
export type OnBytes = (bytes: number) => void;

/** The RFC 9457 problem the API answers every failure with (the fields a client reads). */
interface Problem {
  code?: unknown;
  detail?: unknown;
  title?: unknown;
}

/**
 * Node's TLS verification codes that mean "this certificate is not trusted
 * or not for this host": the user's fix is --ca (or the right --server).
 */
const TLS_CODES = new Set([
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

/** What went wrong before any answer came, as the user can act on it. */
export function connectionFailure(
  error: unknown,
  server: URL,
  caHint = '--ca FILE or PODPIS_CA',
): CliFailure {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (TLS_CODES.has(code))
    return new CliFailure(
      'TLS_UNTRUSTED',
      `the TLS certificate of ${server.host} is not trusted (${code}): give the installation's CA with ${caHint}, or check --server`,
      EXIT.CONNECTION,
    );
  if (code.startsWith('ERR_SSL') || code === 'EPROTO' || code.startsWith('ERR_TLS'))
    return new CliFailure(
      'TLS_FAILED',
      `no TLS connection with ${server.host}: ${message} (is it an HTTPS server?)`,
      EXIT.CONNECTION,
    );
  return new CliFailure(
    'SERVER_UNREACHABLE',
    `cannot reach ${server.origin}: ${code || message}`,
    EXIT.CONNECTION,
  );
}

/** Reads a whole (small) response body. */
async function readAll(response: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The server's refusal as one line with its stable code; a non-API answer as HTTP_<status>. */
async function refusal(response: IncomingMessage): Promise<CliFailure> {
  const status = response.statusCode ?? 0;
  const body = (await readAll(response)).toString('utf8');
  let problem: Problem = {};
  try {
    problem = JSON.parse(body) as Problem;
  } catch {
    // Not JSON: a proxy's page or not a Podpis server; the status says enough.
  }
  // Something that is no Podpis API answered (a proxy, another service): as good as not reaching the server.
  if (typeof problem.code !== 'string')
    return new CliFailure(
      `HTTP_${status}`,
      `the server answered ${status} without an API problem (is --server a Podpis server?)`,
      EXIT.CONNECTION,
    );
  const detail =
    typeof problem.detail === 'string'
      ? problem.detail
      : typeof problem.title === 'string'
        ? problem.title
        : '';
  return new CliFailure(problem.code, detail);
}

/** Counts the bytes that pass, for progress; passes them on untouched. */
function counter(onBytes: OnBytes): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

/**
 * A small HTTPS client of the Podpis API for the CLI: bearer token,
 * optional CA of its own, problems turned into CliFailures. Built on
 * node:https rather than fetch because fetch takes no CA without undici's
 * dispatcher, and because request and response bodies must stream (a
 * 1 GiB document is never held in memory).
 */
export class ApiClient {
  constructor(private readonly connection: Connection) {}

  /** A JSON request; the answer's JSON. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body === undefined ? {} : jsonBody(body));
    return JSON.parse((await readAll(response)).toString('utf8')) as T;
  }

  /** A request whose answer carries nothing to read (204 of a DELETE). */
  async call(method: string, path: string): Promise<void> {
    (await this.send(method, path, {})).resume();
  }

  /** A request whose answer is bytes small enough to hold (a signature, an encrypted message). */
  async bytes(method: string, path: string, body?: unknown): Promise<Buffer> {
    return readAll(await this.send(method, path, body === undefined ? {} : jsonBody(body)));
  }

  /** Streams `content` (exactly `size` bytes) as application/octet-stream; the answer's JSON. */
  async upload<T>(path: string, content: Readable, size: number, onBytes?: OnBytes): Promise<T> {
    // Counted as it is read; the pipe into the request still paces the reading (backpressure).
    if (onBytes)
      content.on('data', (chunk: Buffer) => {
        onBytes(chunk.length);
      });
    const response = await this.send('POST', path, {
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
      stream: content,
    });
    return JSON.parse((await readAll(response)).toString('utf8')) as T;
  }

  /** Streams the answer into `destination`, telling `onLength` its announced length first. */
  async download(
    path: string,
    destination: Writable,
    options: {
      method?: string;
      body?: unknown;
      onLength?: (length: number) => void;
      onBytes?: OnBytes;
      /** Told when the server has accepted the request (an endless event stream has no length). */
      onResponse?: () => void;
    } = {},
  ): Promise<void> {
    const response = await this.send(
      options.method ?? 'GET',
      path,
      options.body === undefined ? {} : jsonBody(options.body),
    );
    options.onResponse?.();
    const length = Number(response.headers['content-length']);
    if (Number.isSafeInteger(length)) options.onLength?.(length);
    if (options.onBytes) await pipeline(response, counter(options.onBytes), destination);
    else await pipeline(response, destination);
  }

  /** Sends one request; resolves with a 2xx response, rejects with the server's problem or the connection's failure. */
  private send(
    method: string,
    path: string,
    body: { headers?: Record<string, string>; data?: Buffer; stream?: Readable },
  ): Promise<IncomingMessage> {
    const { server, token, ca } = this.connection;
    const url = new URL(`/api/v1${path}`, server);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          headers: {
            accept: 'application/json, application/problem+json, */*',
            ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
            ...(body.data ? { 'content-length': String(body.data.length) } : {}),
            ...body.headers,
          },
          ...(ca !== undefined ? { ca } : {}),
        },
        (response) => {
          if ((response.statusCode ?? 0) < 400) {
            resolve(response);
            return;
          }
          // Refused midway (413): the rest of the file is not read or sent.
          body.stream?.unpipe(req);
          body.stream?.destroy();
          refusal(response).then(reject, reject);
        },
      );
      req.on('error', (error) => {
        reject(connectionFailure(error, server, this.connection.caHint));
      });
      if (body.stream) {
        body.stream.on('error', (error: NodeJS.ErrnoException) => {
          // A local read error, not the network's: settled first, so req's own error does not rename it.
          reject(
            new CliFailure(
              'FILE_UNREADABLE',
              `cannot read the file to upload: ${error.code ?? error.message}`,
            ),
          );
          req.destroy();
        });
        body.stream.pipe(req);
      } else {
        req.end(body.data);
      }
    });
  }
}

function jsonBody(body: unknown): { headers: Record<string, string>; data: Buffer } {
  return { headers: { 'content-type': 'application/json' }, data: Buffer.from(JSON.stringify(body)) };
}
