import {
  certIdOf,
  createOcspRequest,
  OID,
  parseCertificate,
  parseOcspResponse,
  PkiError,
  type CertificateInfo,
} from '@podpis/pki';
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

/** The first of the CRL distribution points that answers, into `result`; each one that does not is a failure. */
async function fetchCrl(urls: readonly string[], result: FetchedRevocation): Promise<boolean> {
  for (const url of urls.filter(fetchable)) {
    try {
      result.crls.push(await download(url, { method: 'GET' }, MAX_CRL_BYTES));
      return true;
    } catch (error) {
      result.failures.push(`${url}: ${(error as Error).message}`);
    }
  }
  return false;
}

/** Whether the certificate carries id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1). */
function hasOcspNoCheck(cert: CertificateInfo): boolean {
  return cert.asn1.tbsCertificate.extensions?.some((e) => e.extnID === OID.ocspNoCheck) ?? false;
}

/**
 * The delegated responders' certificates in an OCSP response that lack
 * id-pkix-ocsp-nocheck: validatePath checks their revocation by their CA's
 * CRL (RFC 6960 §4.2.2.2.1), so that CRL is fetched too.
 */
function respondersToCheck(response: Uint8Array): CertificateInfo[] {
  try {
    const info = parseOcspResponse(response);
    if (info.status !== 'successful') return [];
    return info.certificates
      .map((der) => parseCertificate(der))
      .filter((cert) => cert.extendedKeyUsage.includes(OID.ocspSigning) && !hasOcspNoCheck(cert));
  } catch (error) {
    // validatePath reports a response that does not parse; there is nothing more to fetch for it.
    if (error instanceof PkiError) return [];
    throw error;
  }
}

/** Where the verifier gets revocation data from the CAs of this installation. */
export interface OwnRevocation {
  /** The certificates of our CAs: what they issued is answered by our responder. */
  caCertificates(): Promise<Uint8Array[]>;
  /** Our OCSP responder, asked in process. */
  respond(request: Uint8Array): Promise<Uint8Array>;
}

/**
 * Revocation data for each certificate below the trust anchor: from our
 * own OCSP responder in process when one of our CAs issued it (no network
 * round trip to ourselves), else from the certificate's OCSP responders
 * over HTTP (and, for a delegated responder without ocsp-nocheck, the CRL
 * its certificate names), falling back to its CRL distribution points,
 * each with a timeout and a size limit.
 */
export function revocationFetcherOf(own: OwnRevocation): RevocationFetcher {
  return async (path) => {
    const ours = await own.caCertificates();
    const result: FetchedRevocation = { crls: [], ocspResponses: [], failures: [] };
    for (let i = 1; i < path.length; i++) {
      const certificate = path[i]!;
      const issuer = path[i - 1]!;
      const request = createOcspRequest({ certIds: [await certIdOf(certificate, issuer)] });
      if (ours.some((der) => same(der, issuer.der))) {
        result.ocspResponses.push(await own.respond(request));
        continue;
      }
      let answered = false;
      for (const url of certificate.ocspUrls.filter(fetchable)) {
        try {
          const response = await download(
            url,
            {
              method: 'POST',
              headers: { 'content-type': 'application/ocsp-request' },
              body: Buffer.from(request),
            },
            64 * 1024,
          );
          result.ocspResponses.push(response);
          for (const responder of respondersToCheck(response)) {
            await fetchCrl(responder.crlDistributionPoints, result);
          }
          answered = true;
          break;
        } catch (error) {
          result.failures.push(`${url}: ${(error as Error).message}`);
        }
      }
      if (!answered) await fetchCrl(certificate.crlDistributionPoints, result);
    }
    return result;
  };
}

/** The verifier's fetcher for this installation: our CAs from the database, our responder in process. */
export function revocationFetcher(ctx: AuthorityContext, authorities: SigningAuthorities): RevocationFetcher {
  return revocationFetcherOf({
    caCertificates: async () => (await listAuthorities(ctx.db)).map((authority) => authority.certificate),
    respond: (request) => authorities.ocsp.respond(request),
  });
}
