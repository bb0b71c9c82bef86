import { digestAlgorithmOf, signatureAlgorithmFor } from '@podpis/pki';
import type { AuthorityContext } from '../ca/authorities.js';
import { findUserCertificate } from '../ca/certificate-lifecycle.js';
import { listCertificates } from '../ca/certificates.js';
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
    if (summary.status !== 'valid') continue;
    const certificate = await findUserCertificate(ctx.db, summary.serial, now, accountId).catch(
      () => undefined,
    );
    if (certificate?.keyId == null) continue;
    const handle = await ctx.keyStore.get({ id: certificate.keyId }).catch(() => undefined);
    if (!handle) continue;
    const name = documentDigestName(
      digestAlgorithmOf({ signatureAlgorithm: signatureAlgorithmFor(handle.algorithm) }),
    );
    if (name) names.add(name);
  }
  return names.size > 0 ? [...names] : ['sha256'];
}
