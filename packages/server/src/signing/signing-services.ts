import { randomBytes } from 'node:crypto';
import {
  certIdOf,
  createOcspRequest,
  createTimeStampRequest,
  parseOcspResponse,
  parseTimeStampResponse,
  type TsaCallback,
} from '@podpis/pki';
import { findAuthority, listAuthorities, type AuthorityContext } from '../ca/authorities.js';
import { currentCrl } from '../ca/crls.js';
import { DomainError } from '../core/domain-error.js';
import type { FormatServices } from './formats/format.js';

/** The two authorities a signature's later levels need, as this node runs them. */
export interface SigningAuthorities {
  tsa: { respond(requestDer: Uint8Array): Promise<Uint8Array> };
  ocsp: { respond(requestDer: Uint8Array): Promise<Uint8Array> };
}

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/**
 * A time-stamp token of our TSA over `imprint`, asked in-process the way
 * any client asks it (RFC 3161), with the caller's nonce (the CSC API's
 * signatures/timestamp) or a random one. A refusal (an unknown hash
 * algorithm, a digest of the wrong length) is SIGNING_SERVICE_UNAVAILABLE
 * with the TSA's failure as `failInfo`.
 */
export async function timeStampToken(
  authorities: Pick<SigningAuthorities, 'tsa'>,
  imprint: { hashAlgorithm: string; digest: Uint8Array },
  nonce: bigint = BigInt(`0x${randomBytes(8).toString('hex')}`),
): Promise<Uint8Array> {
  const request = createTimeStampRequest({ messageImprint: imprint, certReq: true, nonce });
  const response = parseTimeStampResponse(await authorities.tsa.respond(request));
  if (response.status !== 'granted' || !response.token) {
    throw new DomainError(
      'SIGNING_SERVICE_UNAVAILABLE',
      `the time-stamp authority refused: ${response.statusStrings.join('; ') || response.status}`,
      { failInfo: response.failInfo },
    );
  }
  return response.token;
}

/** Time stamps from our TSA for the formats' later levels. */
function timeStampsOf(authorities: SigningAuthorities): TsaCallback {
  return (digest, hashAlgorithm) => timeStampToken(authorities, { hashAlgorithm, digest });
}

/**
 * What CAdES-T and -X Long need: our TSA's tokens, our OCSP responder's
 * answer for the signer's certificate, and for each CA certificate below
 * the root the current CRL of the CA above it.
 */
export function signingServices(ctx: AuthorityContext, authorities: SigningAuthorities): FormatServices {
  return {
    timeStamp: timeStampsOf(authorities),
    async revocationValues(certificate, chain) {
      const issuer = chain[0];
      if (!issuer) throw new DomainError('SIGNING_SERVICE_UNAVAILABLE', 'the signer has no issuer chain');
      const request = createOcspRequest({ certIds: [await certIdOf(certificate, issuer)] });
      const ocspResponse = await authorities.ocsp.respond(request);
      if (parseOcspResponse(ocspResponse).status !== 'successful') {
        throw new DomainError(
          'SIGNING_SERVICE_UNAVAILABLE',
          'the OCSP responder did not answer for the signer',
        );
      }
      const authoritiesNow = await listAuthorities(ctx.db);
      const crls: Uint8Array[] = [];
      for (const caCertificate of chain.slice(1)) {
        const above = authoritiesNow.find((a) => same(a.certificate, caCertificate));
        if (above) crls.push((await currentCrl(ctx, above.id, 'complete')).der);
      }
      return { ocspResponses: [ocspResponse], crls };
    },
  };
}

/** The certificates of our CAs above a certificate issued by `caId`, issuer first, up to the root. */
export async function authorityChain(ctx: AuthorityContext, caId: string): Promise<Uint8Array[]> {
  const chain: Uint8Array[] = [];
  for (let id: string | null = caId; id !== null && chain.length < 8;) {
    const authority = await findAuthority(ctx.db, id);
    chain.push(authority.certificate);
    id = authority.parentId;
  }
  return chain;
}
