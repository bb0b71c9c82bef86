import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { PodpisClient, PodpisError } from '@podpis/sdk';
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
 * The Podpis API for the CLI: @podpis/sdk's client (bearer token, the CA
 * of --ca, node:https underneath so request and response bodies stream and a
 * 1 GiB document is never held in memory), its failures turned into
 * CliFailures the commands print: the server's refusal with its code, a
 * non-API answer as HTTP_<status>, no answer as SERVER_UNREACHABLE /
 * TLS_UNTRUSTED / TLS_FAILED (exit 3).
 */
export class ApiClient {
  /** The SDK's client, for the SDK's helpers; run them through `run` to get CliFailures. */
  readonly sdk: PodpisClient;

  constructor(private readonly connection: Connection) {
    // TLS settings even without a CA: the SDK then uses node:https (the system's CAs) like it does with one.
    this.sdk = new PodpisClient({
      baseUrl: connection.server,
      ...(connection.token !== undefined ? { token: connection.token } : {}),
      tls: connection.ca !== undefined ? { ca: connection.ca } : {},
    });
  }

  /** Runs SDK calls; their PodpisErrors become the CliFailures the commands print. */
  async run<T>(call: (sdk: PodpisClient) => Promise<T>): Promise<T> {
    try {
      return await call(this.sdk);
    } catch (error) {
      throw this.failure(error);
    }
  }

  private failure(error: unknown): unknown {
    if (!(error instanceof PodpisError)) return error;
    if (error.status === 0)
      return connectionFailure(error.cause, this.connection.server, this.connection.caHint);
    // Something that is no Podpis API answered (a proxy, another service): as good as not reaching the server.
    if (error.problem === undefined)
      return new CliFailure(
        `HTTP_${error.status}`,
        `the server answered ${error.status} without an API problem (is --server a Podpis server?)`,
        EXIT.CONNECTION,
      );
    const { detail, title } = error.problem;
    return new CliFailure(
      error.code,
      typeof detail === 'string' ? detail : typeof title === 'string' ? title : '',
    );
  }

  /** A JSON request; the answer's JSON. */
  json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.run((sdk) => sdk.json<T>(method, path, body));
  }

  /** A request whose answer carries nothing to read (204 of a DELETE). */
  async call(method: string, path: string): Promise<void> {
    await this.run(async (sdk) => {
      await (await sdk.send(method, path)).body?.cancel();
    });
  }

  /** A request whose answer is bytes small enough to hold (a signature, an encrypted message). */
  async bytes(method: string, path: string, body?: unknown): Promise<Buffer> {
    return Buffer.from(await this.run((sdk) => sdk.bytes(method, path, body)));
  }

  /** Streams `content` (exactly `size` bytes) as application/octet-stream; the answer's JSON. */
  async upload<T>(path: string, content: Readable, size: number, onBytes?: OnBytes): Promise<T> {
    // Counted as it is read; the stream into the request still paces the reading (backpressure).
    if (onBytes)
      content.on('data', (chunk: Buffer) => {
        onBytes(chunk.length);
      });
    // A local read error, not the network's: remembered, so the failed request is not blamed on the server.
    let readError: NodeJS.ErrnoException | undefined;
    content.on('error', (error: NodeJS.ErrnoException) => {
      readError = error;
    });
    try {
      return await this.run(async (sdk) => {
        const response = await sdk.send('POST', path, {
          body: Readable.toWeb(content) as ReadableStream<Uint8Array>,
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
        });
        return (await response.json()) as T;
      });
    } catch (error) {
      if (readError !== undefined)
        throw new CliFailure(
          'FILE_UNREADABLE',
          `cannot read the file to upload: ${readError.code ?? readError.message}`,
        );
      throw error;
    } finally {
      // Refused midway (413): the rest of the file is not read.
      content.destroy();
    }
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
    const response = await this.run((sdk) =>
      sdk.send(options.method ?? 'GET', path, options.body === undefined ? {} : { json: options.body }),
    );
    options.onResponse?.();
    const length = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isSafeInteger(length)) options.onLength?.(length);
    const body =
      response.body === null
        ? Readable.from([])
        : Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
    if (options.onBytes) await pipeline(body, counter(options.onBytes), destination);
    else await pipeline(body, destination);
  }
}
