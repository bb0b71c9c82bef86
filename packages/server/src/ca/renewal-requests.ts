import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import type { Queryable } from '../db/db.js';
import { isUniqueViolation } from '../db/errors.js';
import { DomainError } from '../core/domain-error.js';
import type { ChangeContext } from '../people/accounts.js';
import { actorNameOf, joinActorAccount } from '../people/actor-names.js';
import { joinAccount } from '../people/credentials.js';
import type { AuthorityContext } from './authorities.js';
import { findUserCertificate } from './certificate-lifecycle.js';
import { renewCertificate, type Renewal, type RenewalResult } from './renew.js';

export type RenewalRequestStatus = 'pending' | 'approved' | 'rejected';

export interface RenewalRequest {
  id: string;
  serial: string;
  accountId: string;
  login: string;
  subject: string;
  comment: string | null;
  status: RenewalRequestStatus;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  /** The display name or login of the deciding operator. */
  decidedByName: string | null;
  decisionComment: string | null;
  newSerial: string | null;
}

interface RequestRow extends Record<string, unknown> {
  id: string;
  serial: string;
  account_id: string;
  login: string;
  subject: string;
  comment: string | null;
  status: RenewalRequestStatus;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decision_comment: string | null;
  new_serial: string | null;
}

const SELECT = `SELECT r.id, r.serial, r.account_id, a.login, c.subject, r.comment, r.status, r.created_at,
       r.decided_at, r.decided_by, ${actorNameOf('decider')} AS decided_by_name, r.decision_comment, r.new_serial
  FROM renewal_requests r ${joinAccount('r.account_id', 'a')} JOIN certificates c ON c.serial = r.serial
  ${joinActorAccount('r.decided_by', 'decider')}`;

function toRequest(row: RequestRow): RenewalRequest {
  return {
    id: row.id,
    serial: row.serial,
    accountId: row.account_id,
    login: row.login,
    subject: row.subject,
    comment: row.comment,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    decidedBy: row.decided_by,
    decidedByName: row.decided_by_name,
    decisionComment: row.decision_comment,
    newSerial: row.new_serial,
  };
}

async function findRequest(db: Queryable, id: string): Promise<RenewalRequest> {
  const { rows } = await db.query<RequestRow>(`${SELECT} WHERE r.id = $1`, [id]);
  const row = rows[0];
  if (!row) throw new DomainError('RENEWAL_REQUEST_NOT_FOUND', `no renewal request ${id}`);
  return toRequest(row);
}

/**
 * The holder asks for a renewal of a valid certificate of theirs. One
 * request may wait per certificate: a second → 409 RENEWAL_ALREADY_REQUESTED.
 */
export async function requestRenewal(
  ctx: AuthorityContext,
  holder: string,
  serial: string,
  comment: string | undefined,
  context: ChangeContext,
): Promise<RenewalRequest> {
  const certificate = await findUserCertificate(ctx.db, serial, ctx.now(), holder);
  if (certificate.status !== 'valid') {
    throw new DomainError('CERT_NOT_VALID', `certificate ${certificate.serial} is ${certificate.status}`, {
      certificateStatus: certificate.status,
    });
  }
  const id = randomUUID();
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO renewal_requests (id, serial, account_id, comment, created_at) VALUES ($1, $2, $3, $4, $5)',
        [id, certificate.serial, holder, comment?.trim() || null, ctx.now()],
      );
      await appendAudit(tx, {
        ...context,
        action: 'renewal.request',
        target: `certificate:${certificate.serial}`,
        details: { request: id },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError(
        'RENEWAL_ALREADY_REQUESTED',
        `a renewal of certificate ${certificate.serial} is already waiting for an operator`,
      );
    }
    throw error;
  }
  return findRequest(ctx.db, id);
}

export async function listRenewalRequests(
  db: Queryable,
  filter: { status?: RenewalRequestStatus; accountId?: string },
): Promise<RenewalRequest[]> {
  const { rows } = await db.query<RequestRow>(
    `${SELECT} WHERE ($1::text IS NULL OR r.status = $1) AND ($2::uuid IS NULL OR r.account_id = $2)
      ORDER BY r.created_at DESC LIMIT 500`,
    [filter.status ?? null, filter.accountId ?? null],
  );
  return rows.map(toRequest);
}

/** Marks a pending request decided inside the caller's transaction; a request decided meanwhile → 409. */
async function decide(
  tx: Queryable,
  id: string,
  decision: { status: 'approved' | 'rejected'; comment: string | null; newSerial: string | null; at: Date },
  context: ChangeContext,
): Promise<void> {
  const updated = await tx.query(
    `UPDATE renewal_requests SET status = $2, decided_at = $3, decided_by = $4, decision_comment = $5, new_serial = $6
      WHERE id = $1 AND status = 'pending'`,
    [id, decision.status, decision.at, context.actor, decision.comment, decision.newSerial],
  );
  if (updated.rowCount === 0) {
    throw new DomainError('RENEWAL_ALREADY_DECIDED', `renewal request ${id} has already been decided`);
  }
  await appendAudit(tx, {
    ...context,
    action: decision.status === 'approved' ? 'renewal.approve' : 'renewal.reject',
    target: `renewal:${id}`,
    details: {
      ...(decision.newSerial !== null ? { newSerial: decision.newSerial } : {}),
      ...(decision.comment !== null ? { comment: decision.comment } : {}),
    },
  });
}

/**
 * The operator approves: the renewal (a new key under the operator's
 * temporary PIN, a new certificate, optionally the old one revoked as
 * superseded) and the request's decision commit together; of two
 * operators approving at once, one renews and the other gets 409.
 */
export async function approveRenewal(
  ctx: AuthorityContext,
  id: string,
  renewal: Omit<Renewal, 'serial' | 'alsoInTransaction'>,
  context: ChangeContext,
): Promise<{ request: RenewalRequest; result: RenewalResult }> {
  const pending = await findRequest(ctx.db, id);
  if (pending.status !== 'pending') {
    throw new DomainError('RENEWAL_ALREADY_DECIDED', `renewal request ${id} is already ${pending.status}`);
  }
  const result = await renewCertificate(
    ctx,
    {
      ...renewal,
      serial: pending.serial,
      alsoInTransaction: (tx, newSerial) =>
        decide(tx, id, { status: 'approved', comment: null, newSerial, at: ctx.now() }, context),
    },
    context,
  );
  return { request: await findRequest(ctx.db, id), result };
}

export async function rejectRenewal(
  ctx: AuthorityContext,
  id: string,
  reason: string,
  context: ChangeContext,
): Promise<RenewalRequest> {
  await findRequest(ctx.db, id);
  await ctx.db.transaction((tx) =>
    decide(tx, id, { status: 'rejected', comment: reason.trim(), newSerial: null, at: ctx.now() }, context),
  );
  return findRequest(ctx.db, id);
}
