import { createHash } from 'node:crypto';
import { TLSSocket, type PeerCertificate } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { appendAudit } from '../audit/audit-log.js';
import type { Db, Queryable } from '../db/db.js';
import { DomainError } from '../core/domain-error.js';
import type { Principal, Role } from './principal.js';

/** The certificate a client presented in the TLS handshake, and whether it chains to a trusted CA. */
export interface PresentedCertificate {
  der: Uint8Array;
  authorized: boolean;
}

/** How a request's client certificate is read; the default reads the TLS socket. */
export type ClientCertificateReader = (request: FastifyRequest) => PresentedCertificate | undefined;

/**
 * Reads the peer certificate of an HTTPS server started with
 * `requestCert: true, rejectUnauthorized: false` and the trusted CA list:
 * the handshake accepts any certificate (so a missing or unknown one gets a
 * problem+json answer, not a TLS alert) and `authorized` says whether it chains.
 */
export const readTlsClientCertificate: ClientCertificateReader = (request) => {
  const socket = request.raw.socket;
  if (!(socket instanceof TLSSocket)) return undefined;
  const raw = (socket.getPeerCertificate() as Partial<PeerCertificate>).raw;
  if (raw === undefined || raw.length === 0) return undefined;
  return { der: new Uint8Array(raw), authorized: socket.authorized };
};

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

interface CertificateRow extends Record<string, unknown> {
  account_id: string;
  revoked: boolean;
  expired: boolean;
  role: Role;
  login: string;
  status: 'active' | 'locked' | 'disabled';
}

const required = (why: string): DomainError =>
  new DomainError(
    'CLIENT_CERTIFICATE_REQUIRED',
    `a valid operator or administrator client certificate is required: ${why}`,
  );

/**
 * Operators and administrators (M3.1): the TLS client certificate, found in
 * client_certificates by its SHA-256 fingerprint, not revoked, not expired,
 * its account active → the principal. Otherwise 401
 * CLIENT_CERTIFICATE_REQUIRED, 401 CLIENT_CERTIFICATE_REVOKED or 423
 * ACCOUNT_LOCKED; refusals of a registered certificate are audited.
 */
export async function authenticateClientCertificate(
  db: Db,
  request: FastifyRequest,
  read: ClientCertificateReader = readTlsClientCertificate,
): Promise<Principal> {
  const presented = read(request);
  if (!presented) throw required('none was presented');
  if (!presented.authorized) throw required('it is not issued by a trusted CA');
  const fingerprint = certificateFingerprint(presented.der);
  const { rows } = await db.query<CertificateRow>(
    `SELECT c.account_id, c.revoked_at IS NOT NULL AS revoked, c.not_after <= now() AS expired, a.role, a.login, a.status
     FROM client_certificates c JOIN accounts a ON a.id = c.account_id
     WHERE c.fingerprint_sha256 = $1`,
    [fingerprint],
  );
  const row = rows[0];
  if (!row || row.role === 'user') throw required('it is not registered to an operator or administrator');
  const refusal: DomainError | undefined = row.revoked
    ? new DomainError('CLIENT_CERTIFICATE_REVOKED', 'the client certificate is revoked')
    : row.expired
      ? required('it has expired')
      : row.status === 'locked'
        ? new DomainError('ACCOUNT_LOCKED', 'the account is locked')
        : row.status === 'disabled'
          ? required('the account is disabled')
          : undefined;
  if (refusal) {
    await db.transaction((tx) =>
      appendAudit(tx, {
        actor: `${row.role}:${row.account_id}`,
        action: 'session.certificate_refused',
        target: `client_certificate:${fingerprint}`,
        details: { reason: refusal.code },
        requestId: request.id,
      }),
    );
    throw refusal;
  }
  return {
    accountId: row.account_id,
    role: row.role,
    login: row.login,
    method: 'certificate',
    mustChangePassword: false,
  };
}
