import { digestAlgorithmOf, signatureAlgorithmFor } from '@podpis/pki';
import type { AuthorityContext } from '../ca/authorities.js';
import { certificateKey, findUserCertificate } from '../ca/certificate-lifecycle.js';
import { listCertificates } from '../ca/certificates.js';
import { isUserPurpose } from '../ca/profiles.js';
import { documentDigestName, type DocumentDigestName } from './document-store.js';

/**
 * The digests an upload is hashed with unless the caller names them: those
 * of the keys the service holds for the holder's valid certificates, so an
 * operation over the document needs no second pass. A holder without one
 * gets SHA-256 (cheap); any other digest is made from the chunks when an
 * operation first needs it.
 */
export async function holderDocumentDigests(
  ctx: AuthorityContext,
  accountId: string,
): Promise<DocumentDigestName[]> {
  const now = ctx.now();
  const names = new Set<DocumentDigestName>();
  for (const summary of await listCertificates(ctx.db, { accountId }, now)) {
    if (summary.status !== 'valid' || !isUserPurpose(summary.purpose)) continue;
    const certificate = await findUserCertificate(ctx.db, summary.serial, now, accountId);
    if (certificate.keyId === null || !(await certificateKey(ctx, certificate)).held) continue;
    const { algorithm } = await ctx.keyStore.get({ id: certificate.keyId });
    const name = documentDigestName(
      digestAlgorithmOf({ signatureAlgorithm: signatureAlgorithmFor(algorithm) }),
    );
    if (name) names.add(name);
  }
  return names.size > 0 ? [...names] : ['sha256'];
}
