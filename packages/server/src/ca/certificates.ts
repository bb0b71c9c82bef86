import { EventEmitter } from 'node:events';
import { type KeySpec, type QualifiedSubject, type RevocationReason } from '@podpis/pki';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { appendAudit } from '../audit/audit-log.js';
import { followCertificateStatus } from '../auth/client-certificate.js';
import type { Queryable } from '../db/db.js';
import { DomainError } from '../core/domain-error.js';
import type { AuthorityContext } from './authorities.js';
import { carryOutCaEffects, enqueueCrlPublication } from './crl-effects.js';
import { issue, withNewKey, type InTransaction, type IssuedCertificate } from './issue.js';
import { keyAlgorithmOfSpec } from './key-algorithms.js';
import {
  checkKeyAlgorithm,
  isUserPurpose,
  profilesOf,
  subjectFor,
  userProfile,
  validityDaysOf,
} from './profiles.js';
import { certificateEventData, enqueueWebhookEvent, type WebhookEventType } from '../webhooks/events.js';

/** What people see: `expired` is derived from the validity, the rest is stored. */
export type CertificateStatus = 'valid' | 'suspended' | 'revoked' | 'expired';

export interface CertificateSummary {
  serial: string;
  caId: string;
  purpose: string;
  /** The certificate profile it was issued under. */
  profile: string;
  accountId: string | null;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  status: CertificateStatus;
  revokedAt: Date | null;
  revocationReason: RevocationReason | null;
  deleted: boolean;
}

interface CertificateRow extends Record<string, unknown> {
  serial: string;
  ca_id: string;
  purpose: string;
  profile: string;
  account_id: string | null;
  subject: string;
  not_before: Date;
  not_after: Date;
  status: 'valid' | 'suspended' | 'revoked';
  revoked_at: Date | null;
  revocation_reason: RevocationReason | null;
  deleted_at: Date | null;
}

const COLUMNS =
  'serial, ca_id, purpose, profile, account_id, subject, not_before, not_after, status, revoked_at, revocation_reason, deleted_at';

function summary(row: CertificateRow, now: Date): CertificateSummary {
  const expired = row.status !== 'revoked' && row.not_after.getTime() <= now.getTime();
  return {
    serial: row.serial,
    caId: row.ca_id,
    purpose: row.purpose,
    profile: row.profile,
    accountId: row.account_id,
    subject: row.subject,
    notBefore: row.not_before,
    notAfter: row.not_after,
    status: expired ? 'expired' : row.status,
    revokedAt: row.revoked_at,
    revocationReason: row.revocation_reason,
    deleted: row.deleted_at !== null,
  };
}

function normaliseSerial(serial: string): string {
  const hex = serial.toLowerCase().replace(/[\s:]/g, '');
  if (!/^[0-9a-f]{1,40}$/.test(hex))
    throw new DomainError('SERIAL_INVALID', 'a serial number is 1 to 40 hex digits');
  return hex;
}

export async function getCertificate(
  db: Queryable,
  serial: string,
  now: Date,
): Promise<CertificateSummary & { der: Uint8Array }> {
  const { rows } = await db.query<CertificateRow & { der: Uint8Array }>(
    `SELECT ${COLUMNS}, der FROM certificates WHERE serial = $1`,
    [normaliseSerial(serial)],
  );
  const row = rows[0];
  if (!row) throw new DomainError('CERT_NOT_FOUND', `no certificate with serial ${serial}`);
  return { ...summary(row, now), der: new Uint8Array(row.der) };
}

/**
 * The summary of a certificate `issue` has just recorded, as `getCertificate`
 * would read its row back, without the round trip: a new certificate is
 * valid (or already expired, for a validity in the past), neither revoked nor deleted.
 */
export function issuedSummary(
  issued: IssuedCertificate,
  profile: { id: string; purpose: string },
  accountId: string | null,
  now: Date,
): CertificateSummary {
  return summary(
    {
      serial: issued.serial,
      ca_id: issued.caId,
      purpose: profile.purpose,
      profile: profile.id,
      account_id: accountId,
      subject: issued.subject,
      not_before: issued.notBefore,
      not_after: issued.notAfter,
      status: 'valid',
      revoked_at: null,
      revocation_reason: null,
      deleted_at: null,
    },
    now,
  );
}

export async function listCertificates(
  db: Queryable,
  filter: { accountId?: string; caId?: string; purpose?: string; includeDeleted?: boolean },
  now: Date,
): Promise<CertificateSummary[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.purpose !== undefined) {
    params.push(filter.purpose);
    conditions.push(`purpose = $${params.length}`);
  }
  if (filter.accountId !== undefined) {
    params.push(filter.accountId);
    conditions.push(`account_id = $${params.length}`);
  }
  if (filter.caId !== undefined) {
    params.push(filter.caId);
    conditions.push(`ca_id = $${params.length}`);
  }
  if (!filter.includeDeleted) conditions.push('deleted_at IS NULL');
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const { rows } = await db.query<CertificateRow>(
    `SELECT ${COLUMNS} FROM certificates ${where} ORDER BY created_at DESC, serial`,
    params,
  );
  return rows.map((row) => summary(row, now));
}

export interface UserCertificateRequest {
  /** The certificate profile's id; the qualified profile for the subject's kind when absent. */
  profile?: string;
  accountId: string;
  subject: QualifiedSubject;
  keySpec: KeySpec;
  /**
   * The temporary key PIN the operator sets; the user changes it. Absent:
   * a key without confirmation, for a legal entity's automatic signing only.
   */
  pin?: string;
  /** `device`: a key without a PIN, used only under its holder's device approval (never with `pin`). */
  protection?: 'device';
  /** The profile's default when absent. */
  validityDays?: number;
  actor: string;
  requestId?: string;
  /** More for the `certificate.issue` record (the campaign that issued it). */
  auditDetails?: Record<string, unknown>;
  /** Runs in the issuing transaction (a campaign records its item there, so both commit or neither). */
  alsoInTransaction?: InTransaction;
}

/**
 * Issues a user's certificate under its profile (by default the qualified
 * one for the holder's kind) on a key generated in the key store under the
 * given PIN (M1.3): the profile's subject rules, key algorithms and
 * validity are checked first, so a bad request leaves neither a key nor a
 * row behind.
 */
export async function issueUserCertificate(
  ctx: AuthorityContext,
  request: UserCertificateRequest,
): Promise<CertificateSummary> {
  const profile = userProfile(profilesOf(ctx), request.profile, request.subject.kind);
  const subject = subjectFor(profile, request.subject);
  checkKeyAlgorithm(profile, keyAlgorithmOfSpec(request.keySpec));
  const validityDays = validityDaysOf(profile, request.validityDays);
  if (
    request.pin === undefined &&
    request.protection !== 'device' &&
    request.subject.kind !== 'legalEntity'
  ) {
    // The same rule as the operator's order (certificate-lifecycle), for every other caller.
    throw new DomainError('KEY_CONFIRMATION_NOT_ALLOWED', "only a legal entity's key may have no PIN");
  }
  const policy = {
    label: `${request.subject.surname ?? request.subject.organizationName ?? 'key'} ${ctx.now().getUTCFullYear()}`,
    owner: `user:${request.accountId}`,
    ...(request.pin !== undefined ? { pin: request.pin } : {}),
    ...(request.protection ? { protection: request.protection } : {}),
  };
  return withNewKey(ctx.keyStore, request.keySpec, policy, async (key) => {
    const issued = await issue(
      ctx,
      profile,
      subject,
      AsnConvert.parse(key.publicKeyInfo, SubjectPublicKeyInfo),
      { actor: request.actor, ...(request.requestId !== undefined ? { requestId: request.requestId } : {}) },
      {
        accountId: request.accountId,
        keyId: key.id,
        publicKeyDer: key.publicKeyInfo,
        validityDays,
        ...(request.auditDetails ? { auditDetails: request.auditDetails } : {}),
        ...(request.alsoInTransaction ? { alsoInTransaction: request.alsoInTransaction } : {}),
      },
    );
    return issuedSummary(issued, profile, request.accountId, ctx.now());
  });
}

export type Transition = 'revoke' | 'suspend' | 'resume';

/** The webhook event each status change announces. */
const CERTIFICATE_EVENTS = {
  revoke: 'certificate.revoked',
  suspend: 'certificate.suspended',
  resume: 'certificate.resumed',
} as const satisfies Record<Transition, WebhookEventType>;

/** NOTIFY channel announcing a certificate's status change (payload: its serial in hex). */
export const CERTIFICATE_STATUS_CHANNEL = 'podpis_certificate_status';

/**
 * The same announcement inside this process, emitted right after the change
 * commits: NOTIFY reaches listeners a moment later, and a request that this
 * node answers in between must already see the new status.
 */
export const certificateStatusChanges = new EventEmitter<{ changed: [serial: string] }>();

const TRANSITIONS: Readonly<
  Record<Transition, { from: readonly string[]; to: 'valid' | 'suspended' | 'revoked' }>
> = {
  revoke: { from: ['valid', 'suspended'], to: 'revoked' },
  suspend: { from: ['valid'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'valid' },
};

function refusal(transition: Transition, current: CertificateSummary): DomainError {
  if (current.status === 'revoked')
    return new DomainError('CERT_ALREADY_REVOKED', `certificate ${current.serial} is already revoked`);
  if (current.status === 'expired')
    return new DomainError('CERT_EXPIRED', `certificate ${current.serial} has expired`);
  if (transition === 'suspend')
    return new DomainError('CERT_ALREADY_SUSPENDED', `certificate ${current.serial} is already suspended`);
  return new DomainError('CERT_NOT_SUSPENDED', `certificate ${current.serial} is not suspended`);
}

/**
 * One status change inside the caller's transaction: a conditional UPDATE
 * (so of two concurrent changes one wins and the other is refused), the
 * operator's TLS client certificate following along, the audit record and
 * the outbox row that has the CA's CRL published again once it commits.
 */
export async function changeStatusInTransaction(
  tx: Queryable,
  serial: string,
  transition: Transition,
  options: { actor: string; reason?: RevocationReason; requestId?: string; details?: Record<string, string> },
  now: Date,
): Promise<void> {
  const hex = normaliseSerial(serial);
  const rule = TRANSITIONS[transition];
  const reason =
    transition === 'suspend'
      ? 'certificateHold'
      : transition === 'revoke'
        ? (options.reason ?? 'unspecified')
        : null;
  if (reason === 'certificateHold' && transition === 'revoke') {
    throw new DomainError('REASON_INVALID', 'use suspend for certificateHold');
  }
  // resumed_at: a delta CRL lists a certificate that came off hold after its base as removeFromCRL.
  const { rows } = await tx.query<{
    ca_id: string;
    account_id: string | null;
    purpose: string;
    crl_shard: number | null;
  }>(
    `UPDATE certificates
     SET status = $2, revoked_at = $3, revocation_reason = $4, status_changed_at = $5,
       resumed_at = COALESCE($7::timestamptz, resumed_at)
     WHERE serial = $1 AND status = ANY($6::text[]) AND not_after > $5 AND deleted_at IS NULL
     RETURNING ca_id, account_id, purpose, crl_shard`,
    [
      hex,
      rule.to,
      rule.to === 'valid' ? null : now,
      reason,
      now,
      rule.from,
      transition === 'resume' ? now : null,
    ],
  );
  const changed = rows[0];
  if (!changed) throw refusal(transition, await getCertificate(tx, hex, now));
  await enqueueCrlPublication(tx, changed.ca_id, options.actor, changed.crl_shard);
  if (isUserPurpose(changed.purpose)) {
    await enqueueWebhookEvent(tx, {
      type: CERTIFICATE_EVENTS[transition],
      accountId: changed.account_id,
      data: certificateEventData({ serial: hex, accountId: changed.account_id, status: rule.to, reason }),
      at: now,
    });
  }
  // Every node's OCSP responder drops what it cached for this certificate when the change commits.
  await tx.query('SELECT pg_notify($1, $2)', [CERTIFICATE_STATUS_CHANNEL, hex]);
  // An operator's or administrator's TLS client certificate stops working with it.
  await followCertificateStatus(tx, hex, rule.to === 'valid' ? null : now);
  await appendAudit(tx, {
    actor: options.actor,
    action: `certificate.${transition}`,
    target: `certificate:${hex}`,
    details: { ...(reason ? { reason } : {}), ...options.details },
    ...(options.requestId ? { requestId: options.requestId } : {}),
  });
}

async function changeStatus(
  ctx: AuthorityContext,
  serial: string,
  transition: Transition,
  options: { actor: string; reason?: RevocationReason; requestId?: string },
): Promise<CertificateSummary> {
  const now = ctx.now();
  await ctx.db.transaction((tx) => changeStatusInTransaction(tx, serial, transition, options, now));
  certificateStatusChanges.emit('changed', normaliseSerial(serial));
  const changed = await getCertificate(ctx.db, normaliseSerial(serial), now);
  await carryOutCaEffects(ctx, changed.caId);
  return changed;
}

export function revokeCertificate(
  ctx: AuthorityContext,
  serial: string,
  options: { actor: string; reason?: RevocationReason; requestId?: string },
): Promise<CertificateSummary> {
  return changeStatus(ctx, serial, 'revoke', options);
}

export function suspendCertificate(
  ctx: AuthorityContext,
  serial: string,
  options: { actor: string; requestId?: string },
): Promise<CertificateSummary> {
  return changeStatus(ctx, serial, 'suspend', options);
}

export function resumeCertificate(
  ctx: AuthorityContext,
  serial: string,
  options: { actor: string; requestId?: string },
): Promise<CertificateSummary> {
  return changeStatus(ctx, serial, 'resume', options);
}

/**
 * Hides a certificate that is no longer valid (revoked or expired) from
 * lists. The row stays: a revoked certificate remains on the CRL until it
 * expires, and the audit trail keeps referring to it.
 */
export async function deleteCertificate(
  ctx: AuthorityContext,
  serial: string,
  options: { actor: string; requestId?: string },
): Promise<void> {
  const hex = normaliseSerial(serial);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      `UPDATE certificates SET deleted_at = $2
       WHERE serial = $1 AND deleted_at IS NULL AND (status = 'revoked' OR not_after <= $2)`,
      [hex, now],
    );
    if (rowCount === 0) {
      const current = await getCertificate(tx, hex, now);
      if (current.deleted) throw new DomainError('CERT_NOT_FOUND', `certificate ${hex} was deleted`);
      throw new DomainError('CERT_STILL_VALID', `certificate ${hex} is ${current.status}; revoke it first`);
    }
    await appendAudit(tx, {
      actor: options.actor,
      action: 'certificate.delete',
      target: `certificate:${hex}`,
      ...(options.requestId ? { requestId: options.requestId } : {}),
    });
  });
}

// CRL publication lives in crls.ts; these names stay importable from here.
export { latestCrl, publishCrl, type PublishedCrl } from './crls.js';
