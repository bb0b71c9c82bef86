import { createHash } from 'node:crypto';
import { parseCertificate, verifyCertificateSignature, type CertificateInfo } from '@podpis/pki';
import type { CheckpointSignerTrust } from '../audit/checkpoint.js';
import { verifyAuditChain, type AuditVerification } from '../audit/verify-chain.js';
import type { Queryable } from '../db/db.js';

interface AuditCertificateRow extends Record<string, unknown> {
  ca_id: string;
  purpose: string;
  status: 'valid' | 'suspended' | 'revoked';
  revoked_at: Date | null;
}

interface AuthorityRow extends Record<string, unknown> {
  id: string;
  parent_id: string | null;
  certificate: Uint8Array;
}

/** A certificate and the chain of our CAs above it, checked once per signer certificate. */
interface CheckedSigner {
  /** Why it is not our audit certificate, whatever the time; undefined when it is. */
  refusal: string | undefined;
  /** The signer certificate and every CA certificate of its chain, for the validity at a time. */
  chain: CertificateInfo[];
  row: AuditCertificateRow | undefined;
}

/**
 * Whether a checkpoint's signer certificate is the installation's audit
 * certificate: one our CA issued for purpose `audit` (the certificate row
 * and the bytes agree), its signature verifying up the chain of our CAs to
 * a self-signed root of ours; and, at the time the checkpoint was signed,
 * within the validity of every certificate of that chain and neither
 * revoked nor suspended yet. A certificate the CA never issued (another key
 * with a certificate of its own) fails however well its signature verifies.
 *
 * One instance per verification: the chain of each signer certificate is
 * checked once, the time for each checkpoint.
 */
export class AuditSignerPolicy implements CheckpointSignerTrust {
  readonly #db: Queryable;
  readonly #checked = new Map<string, Promise<CheckedSigner>>();

  constructor(db: Queryable) {
    this.#db = db;
  }

  /** Undefined when the certificate may sign a checkpoint at `signedAt`, else why not. */
  async problem(certificate: Uint8Array, signedAt: Date): Promise<string | undefined> {
    const fingerprint = createHash('sha256').update(certificate).digest('hex');
    let checked = this.#checked.get(fingerprint);
    if (!checked) {
      checked = this.#check(certificate, fingerprint);
      this.#checked.set(fingerprint, checked);
    }
    const { refusal, chain, row } = await checked;
    if (refusal) return refusal;
    const at = signedAt.getTime();
    const outside = chain.find((c) => at < c.notBefore.getTime() || at > c.notAfter.getTime());
    if (outside) return `certificate "${outside.subjectText}" was not valid at ${signedAt.toISOString()}`;
    if (row && row.status !== 'valid' && row.revoked_at && row.revoked_at.getTime() <= at)
      return `the audit certificate was ${row.status} at ${row.revoked_at.toISOString()}, before the checkpoint`;
    return undefined;
  }

  async #check(certificate: Uint8Array, fingerprint: string): Promise<CheckedSigner> {
    const refuse = (refusal: string, row?: AuditCertificateRow): CheckedSigner => ({
      refusal,
      chain: [],
      row,
    });
    const { rows } = await this.#db.query<AuditCertificateRow>(
      'SELECT ca_id, purpose, status, revoked_at FROM certificates WHERE sha256_fingerprint = $1',
      [fingerprint],
    );
    const row = rows[0];
    if (!row) return refuse('our CA did not issue it');
    if (row.purpose !== 'audit')
      return refuse(`it is a "${row.purpose}" certificate, not the audit certificate`, row);
    // Stored by us, so it decodes; a row forged with garbage has no matching fingerprint above.
    const chain = [parseCertificate(certificate)];
    const seen = new Set<string>();
    for (let caId: string | null = row.ca_id; caId !== null;) {
      if (seen.has(caId)) return refuse(`the CA chain loops at ${caId}`, row);
      seen.add(caId);
      const authority = await this.#authority(caId);
      if (!authority) return refuse(`its CA ${caId} is not one of ours`, row);
      const issuer = parseCertificate(new Uint8Array(authority.certificate));
      const subject = chain[chain.length - 1]!;
      if (!(await verifyCertificateSignature(subject, issuer.asn1.tbsCertificate.subjectPublicKeyInfo)))
        return refuse(`its signature does not verify under CA ${caId}`, row);
      chain.push(issuer);
      caId = authority.parent_id;
      if (
        caId === null &&
        !(await verifyCertificateSignature(issuer, issuer.asn1.tbsCertificate.subjectPublicKeyInfo))
      )
        return refuse(`the root CA ${authority.id} is not self-signed`, row);
    }
    return { refusal: undefined, chain, row };
  }

  async #authority(id: string): Promise<AuthorityRow | undefined> {
    const { rows } = await this.#db.query<AuthorityRow>(
      'SELECT id, parent_id, certificate FROM certificate_authorities WHERE id = $1',
      [id],
    );
    return rows[0];
  }
}

/** Checks the audit log's chain and its checkpoints, trusting only our audit certificate for the latter. */
export function verifyAuditLog(db: Queryable): Promise<AuditVerification> {
  return verifyAuditChain(db, new AuditSignerPolicy(db));
}
