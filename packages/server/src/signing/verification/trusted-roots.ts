import { createHash } from 'node:crypto';
import { parseCertificate, PkiError } from '@podpis/pki';
import { appendAudit } from '../../audit/audit-log.js';
import { DomainError } from '../../core/domain-error.js';
import type { Db, Queryable } from '../../db/db.js';
import type { ChangeContext } from '../../people/accounts.js';

/** A root CA certificate the verifier trusts besides our own. */
export interface TrustedRoot {
  /** SHA-256 of the certificate, hex: how people compare it with the CA's published one. */
  fingerprint: string;
  subject: string;
  notAfter: Date;
  note: string | null;
  importedAt: Date;
  importedBy: string;
  der: Uint8Array;
}

interface RootRow extends Record<string, unknown> {
  fingerprint: string;
  der: Uint8Array;
  subject: string;
  not_after: Date;
  note: string | null;
  imported_at: Date;
  imported_by: string;
}

const view = (row: RootRow): TrustedRoot => ({
  fingerprint: row.fingerprint,
  subject: row.subject,
  notAfter: row.not_after,
  note: row.note,
  importedAt: row.imported_at,
  importedBy: row.imported_by,
  der: new Uint8Array(row.der),
});

export async function listTrustedRoots(db: Queryable): Promise<TrustedRoot[]> {
  const { rows } = await db.query<RootRow>('SELECT * FROM trusted_roots ORDER BY imported_at, fingerprint');
  return rows.map(view);
}

/**
 * An administrator imports another CA's root certificate: it must be a
 * self-signed CA certificate (TRUSTED_ROOT_INVALID otherwise); importing
 * one already trusted is TRUSTED_ROOT_EXISTS. `trusted-root.import` is
 * recorded with it.
 */
export async function importTrustedRoot(
  db: Db,
  der: Uint8Array,
  note: string | undefined,
  context: ChangeContext,
  now: Date,
): Promise<TrustedRoot> {
  let certificate;
  try {
    certificate = parseCertificate(der);
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    throw new DomainError('TRUSTED_ROOT_INVALID', `not an X.509 certificate: ${error.message}`);
  }
  if (!certificate.isCa || certificate.subjectText !== certificate.issuerText) {
    throw new DomainError('TRUSTED_ROOT_INVALID', 'a trusted root must be a self-issued CA certificate');
  }
  const fingerprint = createHash('sha256').update(der).digest('hex');
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<RootRow>(
      `INSERT INTO trusted_roots (fingerprint, der, subject, not_after, note, imported_at, imported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (fingerprint) DO NOTHING RETURNING *`,
      [fingerprint, der, certificate.subjectText, certificate.notAfter, note ?? null, now, context.actor],
    );
    const row = rows[0];
    if (!row) throw new DomainError('TRUSTED_ROOT_EXISTS', `the root ${fingerprint} is trusted already`);
    await appendAudit(tx, {
      ...context,
      action: 'trusted-root.import',
      target: `trusted-root:${fingerprint}`,
      details: { subject: certificate.subjectText, notAfter: certificate.notAfter.toISOString() },
    });
    return view(row);
  });
}

/** An administrator stops trusting an imported root; `trusted-root.remove` is recorded with it. */
export async function removeTrustedRoot(db: Db, fingerprint: string, context: ChangeContext): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<RootRow>('DELETE FROM trusted_roots WHERE fingerprint = $1 RETURNING *', [
      fingerprint.toLowerCase(),
    ]);
    const row = rows[0];
    if (!row) throw new DomainError('TRUSTED_ROOT_NOT_FOUND', `no trusted root ${fingerprint}`);
    await appendAudit(tx, {
      ...context,
      action: 'trusted-root.remove',
      target: `trusted-root:${row.fingerprint}`,
      details: { subject: row.subject },
    });
  });
}
