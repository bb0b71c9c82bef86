import { OID, parseCertificate, type CertificateInfo } from '@podpis/pki';
import type { Queryable } from '../db/db.js';
import { keyAlgorithmOf, type KeyAlgorithm } from './key-algorithms.js';
import { USER_PURPOSES } from './profiles.js';

/**
 * Whether a certificate's key may receive content keys: key usage with
 * keyEncipherment (key transport: RSA, GOST KExp15) or keyAgreement (ECDH);
 * either is taken for every key type, as the qualified profile grants
 * keyEncipherment alone. A certificate without the extension is not limited.
 */
export function fitForEncryption(info: Pick<CertificateInfo, 'keyUsage'>): boolean {
  return (
    info.keyUsage.length === 0 ||
    info.keyUsage.includes('keyEncipherment') ||
    info.keyUsage.includes('keyAgreement')
  );
}

/** The most recipients one search returns: enough to pick from, too few to page through the directory. */
export const MAX_RECIPIENT_RESULTS = 20;
/** The shortest search: a name's first letters, not an empty query that lists everybody. */
export const MIN_RECIPIENT_SEARCH = 2;

/** A user certificate of this installation that content can be encrypted to now. */
export interface EncryptionRecipientCandidate {
  serial: string;
  /** The holder's name as the certificate states it (its commonName). */
  name: string;
  /** The organisation the certificate names, if any. */
  organization: string | null;
  subject: string;
  /** The key's algorithm by the profiles' names, or null for one they cannot name. */
  algorithm: KeyAlgorithm | null;
  notBefore: Date;
  notAfter: Date;
}

interface RecipientRow extends Record<string, unknown> {
  serial: string;
  subject: string;
  not_before: Date;
  not_after: Date;
  der: Uint8Array;
}

/**
 * Users' certificates to encrypt to, found by a part of the holder's name or
 * organisation as the certificate states it (its subject), or by serial:
 * valid now (not revoked, suspended, expired, not yet valid or deleted)
 * and fit for encryption. What it shows is what any recipient of a message
 * sees in the message anyway — the certificate's subject — so any user may
 * ask; the search needs MIN_RECIPIENT_SEARCH characters and answers at most
 * `limit` (≤ MAX_RECIPIENT_RESULTS), so the directory cannot be listed whole.
 */
export async function findEncryptionRecipients(
  db: Queryable,
  query: { search: string; limit: number },
  now: Date,
): Promise<EncryptionRecipientCandidate[]> {
  const search = query.search.trim();
  if (search.length < MIN_RECIPIENT_SEARCH) return [];
  const limit = Math.min(Math.max(query.limit, 1), MAX_RECIPIENT_RESULTS);
  const like = `%${search.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
  const serial = search.toLowerCase().replace(/[\s:]/g, '');
  // Certificates unfit for encryption are dropped after the query (key usage is in the DER),
  // so a few more rows are read than are answered; user profiles grant keyEncipherment.
  const purposes = USER_PURPOSES.map((_p, i) => `$${i + 5}`).join(', ');
  const { rows } = await db.query<RecipientRow>(
    `SELECT serial, subject, not_before, not_after, der FROM certificates
      WHERE purpose IN (${purposes}) AND deleted_at IS NULL AND status = 'valid'
        AND not_before <= $1 AND not_after > $1
        AND (lower(subject) LIKE $2 OR serial = $3)
      ORDER BY subject, not_after DESC, serial
      LIMIT $4`,
    [now, like, serial, limit * 2, ...USER_PURPOSES],
  );
  const found: EncryptionRecipientCandidate[] = [];
  for (const row of rows) {
    const info = parseCertificate(new Uint8Array(row.der));
    if (!fitForEncryption(info)) continue;
    const attribute = (oid: string) => info.subject.find((a) => a.type === oid)?.value;
    found.push({
      serial: row.serial,
      name: attribute(OID.commonName) ?? row.subject,
      organization: attribute(OID.organizationName) ?? null,
      subject: row.subject,
      algorithm: keyAlgorithmOf(info.asn1.tbsCertificate.subjectPublicKeyInfo) ?? null,
      notBefore: row.not_before,
      notAfter: row.not_after,
    });
    if (found.length === limit) break;
  }
  return found;
}
