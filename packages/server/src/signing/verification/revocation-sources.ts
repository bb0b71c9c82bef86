import { certIdOf, createOcspRequest, type CertificateInfo } from '@podpis/pki';
import { listAuthorities, type AuthorityContext } from '../../ca/authorities.js';
import type { SigningAuthorities } from '../signing-services.js';

/** Revocation data fetched now for the certificates of a path: what `validatePath` takes. */
export interface FetchedRevocation {
  crls: Uint8Array[];
  ocspResponses: Uint8Array[];
  /** URLs that did not answer in time or with something usable. */
  failures: string[];
}

export type RevocationFetcher = (path: readonly CertificateInfo[]) => Promise<FetchedRevocation>;

/** How long a relying party waits for a foreign CA's OCSP responder or CRL. */
export const FETCH_TIMEOUT_MS = 5000;
/** The largest CRL fetched: CRLs of big CAs run to megabytes, never hundreds of them. */
export const MAX_CRL_BYTES = 20 * 1024 * 1024;

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

async function download(url: string, init: RequestInit, limit: number): Promise<Uint8Array> {
  const response = await fetch(url, {
    ...init,
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    redirect: 'follow',
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limit) throw new Error(`larger than ${limit} bytes`);
  const body = new Uint8Array(await response.arrayBuffer());
  if (body.length > limit) throw new Error(`larger than ${limit} bytes`);
  return body;
}

const fetchable = (url: string): boolean => /^https?:\/\//i.test(url);

/**
 * Revocation data for each certificate below the trust anchor: from our
 * own OCSP responder in process when one of our CAs issued it (no network
 * round trip to ourselves), else from the certificate's OCSP responders
 * over HTTP, falling back to its CRL distribution points, each with a
 * timeout and a size limit.
 */
export function revocationFetcher(ctx: AuthorityContext, authorities: SigningAuthorities): RevocationFetcher {
  return async (path) => {
    const ours = await listAuthorities(ctx.db);
    const result: FetchedRevocation = { crls: [], ocspResponses: [], failures: [] };
    for (let i = 1; i < path.length; i++) {
      const certificate = path[i]!;
      const issuer = path[i - 1]!;
      const request = createOcspRequest({ certIds: [await certIdOf(certificate, issuer)] });
      if (ours.some((authority) => same(authority.certificate, issuer.der))) {
        result.ocspResponses.push(await authorities.ocsp.respond(request));
        continue;
      }
      let answered = false;
      for (const url of certificate.ocspUrls.filter(fetchable)) {
        try {
          result.ocspResponses.push(
            await download(
              url,
              {
                method: 'POST',
                headers: { 'content-type': 'application/ocsp-request' },
                body: Buffer.from(request),
              },
              64 * 1024,
            ),
          );
          answered = true;
          break;
        } catch (error) {
          result.failures.push(`${url}: ${(error as Error).message}`);
        }
      }
      if (answered) continue;
      for (const url of certificate.crlDistributionPoints.filter(fetchable)) {
        try {
          result.crls.push(await download(url, { method: 'GET' }, MAX_CRL_BYTES));
          break;
        } catch (error) {
          result.failures.push(`${url}: ${(error as Error).message}`);
        }
      }
    }
    return result;
  };
}
