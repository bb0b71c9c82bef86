import { connectionError, nodeTlsFetch, type Fetch, type TlsOptions } from '../transport.js';
import { CscError, cscErrorOf } from './errors.js';

/** How a CSC client reaches its service: fetch, or TLS settings of its own (Node). */
export interface CscTransportOptions {
  fetch?: Fetch;
  tls?: TlsOptions;
}

/** The fetch the options ask for. */
export function fetcherOf(options: CscTransportOptions): Promise<Fetch> {
  if (options.fetch !== undefined) return Promise.resolve(options.fetch);
  if (options.tls !== undefined) return nodeTlsFetch(options.tls);
  return Promise.resolve((request: Request) => fetch(request));
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Sends one request; the answer's JSON (undefined for an empty one). An
 * error answer is a CscError; a failure before any answer is a CscError of
 * status 0 named by the SDK's code in lower case (network_error, tls_untrusted …).
 */
export async function exchange(fetcher: Promise<Fetch>, request: Request): Promise<unknown> {
  let response: Response;
  try {
    response = await (await fetcher)(request);
  } catch (error) {
    const failure = connectionError(error, new URL(request.url));
    throw new CscError(0, failure.code.toLowerCase(), failure.detail, { cause: error });
  }
  const body = await bodyOf(response);
  if (!response.ok) throw cscErrorOf(response.status, body);
  return body;
}
