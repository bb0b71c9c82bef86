import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import type { Db, Queryable } from '../db/db.js';
import { DomainError } from '../core/domain-error.js';
import { accountLocked } from './account-lock.js';
import { joinAccount, principalColumns } from '../people/credentials.js';
import type { Principal, Role } from './principal.js';

/** The certificate a client presented in the TLS handshake, and whether it chains to a trusted CA. */
export interface PresentedCertificate {
  der: Uint8Array;
  authorized: boolean;
}

export function certificateFingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** Records an operator's or administrator's TLS client certificate (the CA calls this when it issues one). */
export async function recordClientCertificate(
  tx: Queryable,
  certificate: { accountId: string; der: Uint8Array; serialHex: string; issuer: string; notAfter: Date },
): Promise<string> {
  const fingerprint = certificateFingerprint(certificate.der);
  await tx.query(
    `INSERT INTO client_certificates (fingerprint_sha256, account_id, serial_hex, issuer, not_after)
     VALUES ($1, $2, $3, $4, $5)`,
    [
      fingerprint,
      certificate.accountId,
      certificate.serialHex.toLowerCase(),
      certificate.issuer,
      certificate.notAfter,
    ],
  );
  return fingerprint;
}

/**
 * A client certificate follows its certificate's status (the CA calls this
 * in the transaction of a status change): revoked or suspended → refused at
 * once, resumed → accepted again.
 */
export async function followCertificateStatus(
  tx: Queryable,
  serialHex: string,
  revokedAt: Date | null,
): Promise<void> {
  await tx.query('UPDATE client_certificates SET revoked_at = $2 WHERE serial_hex = $1', [
    serialHex,
    revokedAt,
  ]);
}

interface CertificateRow extends Record<string, unknown> {
  account_id: string;
  revoked: boolean;
  expired: boolean;
  signed_out: boolean;
  role: Role;
  login: string;
  account_status: 'active' | 'locked' | 'disabled';
}

const required = (why: string): DomainError =>
  new DomainError(
    'CLIENT_CERTIFICATE_REQUIRED',
    `a valid operator or administrator client certificate is required: ${why}`,
  );

/**
 * Operators and administrators (M3.1): the TLS client certificate, found in
 * client_certificates by its SHA-256 fingerprint, not revoked, not expired,
 * its account active, its holder not signed out → the principal. Otherwise
 * 401 CLIENT_CERTIFICATE_REQUIRED, 401 CLIENT_CERTIFICATE_REVOKED, 423
 * ACCOUNT_LOCKED or 401 CLIENT_CERTIFICATE_SIGNED_OUT; refusals other than
 * the sign-out are audited (the sign-out was, and a signed-out browser asks often).
 * `signingIn` admits a signed-out certificate: the explicit sign-in.
 */
export async function authenticateClientCertificate(
  db: Db,
  presented: PresentedCertificate | undefined,
  requestId: string,
  options: { signingIn?: boolean } = {},
): Promise<Principal> {
  if (!presented) throw required('none was presented');
  if (!presented.authorized) throw required('it is not issued by a trusted CA');
  const fingerprint = certificateFingerprint(presented.der);
  const { rows } = await db.query<CertificateRow>(
    `SELECT c.revoked_at IS NOT NULL AS revoked, c.not_after <= now() AS expired,
       c.signed_out_at IS NOT NULL AS signed_out, ${principalColumns('a')}
     FROM client_certificates c ${joinAccount('c.account_id', 'a')}
     WHERE c.fingerprint_sha256 = $1`,
    [fingerprint],
  );
  const row = rows[0];
  if (!row || row.role === 'user') throw required('it is not registered to an operator or administrator');
  const refusal: DomainError | undefined = row.revoked
    ? new DomainError('CLIENT_CERTIFICATE_REVOKED', 'the client certificate is revoked')
    : row.expired
      ? required('it has expired')
      : row.account_status === 'locked'
        ? accountLocked('operator')
        : row.account_status === 'disabled'
          ? required('the account is disabled')
          : undefined;
  if (refusal) {
    await db.transaction((tx) =>
      appendAudit(tx, {
        actor: `${row.role}:${row.account_id}`,
        action: 'session.certificate_refused',
        target: `client_certificate:${fingerprint}`,
        details: { reason: refusal.code },
        requestId,
      }),
    );
    throw refusal;
  }
  if (row.signed_out && options.signingIn !== true) {
    throw new DomainError(
      'CLIENT_CERTIFICATE_SIGNED_OUT',
      'you signed out: sign in with the certificate again (POST /api/v1/session/certificate)',
    );
  }
  return {
    certificateFingerprint: fingerprint,
    accountId: row.account_id,
    role: row.role,
    login: row.login,
    method: 'certificate',
    mustChangePassword: false,
  };
}

/** Signing out with a client certificate: refused from now on until {@link signInWithCertificate}; audited. */
export async function signOutCertificate(db: Db, principal: Principal, requestId: string): Promise<void> {
  const fingerprint = principal.certificateFingerprint;
  if (fingerprint === undefined) throw new Error('signOutCertificate for a principal without a certificate');
  await db.transaction(async (tx) => {
    await tx.query('UPDATE client_certificates SET signed_out_at = now() WHERE fingerprint_sha256 = $1', [
      fingerprint,
    ]);
    await appendAudit(tx, {
      actor: `${principal.role}:${principal.accountId}`,
      action: 'session.certificate_sign_out',
      target: `client_certificate:${fingerprint}`,
      requestId,
    });
  });
}

/** The explicit sign-in with a client certificate (after a sign-out, or the first one); audited when it ends a sign-out. */
export async function signInWithCertificate(
  db: Db,
  presented: PresentedCertificate | undefined,
  requestId: string,
): Promise<Principal> {
  const principal = await authenticateClientCertificate(db, presented, requestId, { signingIn: true });
  await db.transaction(async (tx) => {
    const ended = await tx.query(
      `UPDATE client_certificates SET signed_out_at = NULL
       WHERE fingerprint_sha256 = $1 AND signed_out_at IS NOT NULL`,
      [principal.certificateFingerprint],
    );
    if (ended.rowCount > 0) {
      await appendAudit(tx, {
        actor: `${principal.role}:${principal.accountId}`,
        action: 'session.certificate_sign_in',
        target: `client_certificate:${principal.certificateFingerprint ?? ''}`,
        requestId,
      });
    }
  });
  return principal;
}
