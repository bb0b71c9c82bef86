import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { problemError, PodpisError } from './errors.js';
import type { paths } from './generated/schema.js';
import { connectionError, nodeTlsFetch, type Fetch, type TlsOptions } from './transport.js';

/** The typed client of the whole API (openapi-fetch over the server's OpenAPI document). */
export type PodpisApi = Client<paths>;

export interface PodpisClientOptions {
  /** The server's origin, e.g. https://podpis.example; given with /api/v1 or without. */
  baseUrl: string | URL;
  /**
   * A bearer token: an API token (`pdp_…`) or an OAuth access token; a
   * function is asked before each request (a refreshed OAuth token).
   */
  token?: string | (() => string | Promise<string>);
  /** Node only: a CA to trust and a client certificate (see TlsOptions). */
  tls?: TlsOptions;
  /** Another fetch (a test's, a proxy's); the global one otherwise. */
  fetch?: Fetch;
}

/** Methods that change state: they carry X-Requested-With, which the server demands of bodiless ones (a cross-site form cannot set it). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin the API is under, from a base URL given with /api/v1 or without. */
function originOf(baseUrl: string | URL): URL {
  const url = new URL(baseUrl);
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '') || '/';
  url.search = '';
  url.hash = '';
  return url;
}

/** The answer's body as JSON, else its text, else nothing: what a problem is read from. */
async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The core of the SDK: base URL, bearer token, TLS, the headers a
 * state-changing call needs, and failures as PodpisError. `api` is the
 * typed client of every route; `send` is for bodies the typed client does
 * not stream (uploads, downloads).
 */
export class PodpisClient {
  /** Every route of the API, typed from its OpenAPI document: `client.api.GET('/api/v1/me')`. */
  readonly api: PodpisApi;
  /** The server's origin (without /api/v1). */
  readonly origin: URL;
  private readonly token: PodpisClientOptions['token'];
  private readonly fetcher: Promise<Fetch>;

  constructor(options: PodpisClientOptions) {
    this.origin = originOf(options.baseUrl);
    this.token = options.token;
    const given = options.fetch;
    this.fetcher =
      given !== undefined
        ? Promise.resolve(given)
        : options.tls !== undefined
          ? nodeTlsFetch(options.tls)
          : Promise.resolve((request: Request) => fetch(request));
    // A rejected loader surfaces at the first request, not as an unhandled rejection now.
    this.fetcher.catch(() => undefined);
    const base = this.origin.href.replace(/\/$/, '');
    this.api = createClient<paths>({ baseUrl: base, fetch: (request) => this.fetch(request) });
    this.api.use(this.middleware());
  }

  private middleware(): Middleware {
    return {
      onRequest: async ({ request }) => this.prepare(request),
    };
  }

  /** Adds the bearer token and, for a state-changing method, X-Requested-With. */
  private async prepare(request: Request): Promise<Request> {
    const token = typeof this.token === 'function' ? await this.token() : this.token;
    if (token !== undefined && !request.headers.has('authorization'))
      request.headers.set('authorization', `Bearer ${token}`);
    if (!SAFE_METHODS.has(request.method)) request.headers.set('x-requested-with', 'podpis-sdk');
    if (!request.headers.has('accept'))
      request.headers.set('accept', 'application/json, application/problem+json, */*');
    return request;
  }

  /** Sends a prepared request; a failure before any answer becomes a PodpisError. */
  private async fetch(request: Request): Promise<Response> {
    const fetcher = await this.fetcher;
    try {
      return await fetcher(request);
    } catch (error) {
      throw connectionError(error, new URL(request.url));
    }
  }

  /** The URL of an API path (`/signing-operations/…`, under /api/v1). */
  url(path: string): URL {
    return new URL(
      `api/v1${path.startsWith('/') ? path : `/${path}`}`,
      this.origin.href.endsWith('/') ? this.origin : `${this.origin.href}/`,
    );
  }

  /**
   * One request to an API path with the client's token and headers; resolves
   * with a 2xx answer (its body unread, to stream), rejects with PodpisError.
   */
  async send(
    method: string,
    path: string,
    init: {
      json?: unknown;
      body?: BodyInit | null;
      headers?: Record<string, string>;
      signal?: AbortSignal;
    } = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    let body: BodyInit | null = init.body ?? null;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const requestInit: RequestInit & { duplex?: 'half' } = { method, headers, body };
    if (init.signal !== undefined) requestInit.signal = init.signal;
    // A streamed body needs half duplex in Node's fetch (the answer may come before the upload ends).
    if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) requestInit.duplex = 'half';
    const request = await this.prepare(new Request(this.url(path), requestInit));
    const response = await this.fetch(request);
    if (response.status >= 400) throw problemError(response.status, await bodyOf(response));
    return response;
  }

  /** A JSON request; the answer's JSON (nothing for 204). */
  async json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await this.send(method, path, {
      ...(body !== undefined ? { json: body } : {}),
      ...(signal !== undefined ? { signal } : {}),
    });
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** A request whose answer is bytes small enough to hold (a signature, a decrypted message). */
  async bytes(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Uint8Array> {
    const response = await this.send(method, path, {
      ...(body !== undefined ? { json: body } : {}),
      ...(signal !== undefined ? { signal } : {}),
    });
    return new Uint8Array(await response.arrayBuffer());
  }
}

/** The answer of an openapi-fetch call: its data, or the PodpisError its problem stands for. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.status >= 400) throw problemError(response.status, error);
  if (data === undefined && response.status !== 204)
    throw new PodpisError(response.status, 'INVALID_RESPONSE', 'the server answered without a body');
  return data as T;
}
