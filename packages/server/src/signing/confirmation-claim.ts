import { DomainError, type DomainErrorCode } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import { enqueueOperationEvent, type OperationEventKind } from '../webhooks/events.js';

/**
 * What operations confirmed by their holder share (signing, decryption):
 * how a stored status reads, the one error for each way an operation is
 * not awaiting confirmation, and the claim a confirmation holds while the
 * key works, so of two confirmations at once one proceeds. Each kind of
 * operation keeps its own table with the columns `id`, `status`,
 * `expires_at` and `claimed_at`.
 */

/** How long a confirmation holds its claim; one this old belongs to a node that died while confirming, and may be taken over. */
export const CONFIRMATION_LEASE_SECONDS = 120;

export type StoredOperationStatus =
  'awaiting_confirmation' | 'confirming' | 'completed' | 'failed' | 'cancelled';

/** What people see: `expired` is derived from `expires_at`; `confirming` is shown as awaiting. */
export type OperationStatus = 'awaiting_confirmation' | 'completed' | 'failed' | 'cancelled' | 'expired';

export interface ClaimableRow extends Record<string, unknown> {
  id: string;
  status: StoredOperationStatus;
  expires_at: Date;
  claimed_at: Date | null;
}

export function operationStatus(row: ClaimableRow, now: Date): OperationStatus {
  const open = row.status === 'awaiting_confirmation' || row.status === 'confirming';
  if (open && row.expires_at.getTime() <= now.getTime()) return 'expired';
  return row.status === 'confirming' ? 'awaiting_confirmation' : row.status;
}

/** A kind of confirmed operation: its table, how people name it, and its error codes. */
export interface ConfirmedOperations {
  table: 'signing_operations' | 'decryption_operations';
  /** "decryption operation" */
  noun: string;
  codes: Record<'notFound' | 'completed' | 'cancelled' | 'failed' | 'expired' | 'busy', DomainErrorCode>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One of the caller's operations (`columns` of it); somebody else's is not found, like a missing one. */
export async function findOwnOperation<Row extends ClaimableRow>(
  db: Queryable,
  kind: ConfirmedOperations,
  columns: string,
  accountId: string,
  id: string,
): Promise<Row> {
  const { rows } = UUID.test(id)
    ? await db.query<Row>(`SELECT ${columns} FROM ${kind.table} WHERE id = $1 AND account_id = $2`, [
        id,
        accountId,
      ])
    : { rows: [] };
  const row = rows[0];
  if (!row) throw new DomainError(kind.codes.notFound, `no ${kind.noun} ${id}`);
  return row;
}

/**
 * Cancels an operation awaiting confirmation, with `also` (more SET
 * assignments, e.g. erasing what it holds), `record` (its audit record)
 * and the `operation.cancelled` event in the same transaction; the error
 * of its status otherwise.
 */
export async function cancelOperation(
  db: Db,
  kind: ConfirmedOperations,
  row: ClaimableRow,
  now: Date,
  also: string,
  record: (tx: Queryable) => Promise<unknown>,
): Promise<void> {
  const cancelled = await db.transaction(async (tx) => {
    const { rows } = await tx.query<FailedRow>(
      `UPDATE ${kind.table} SET status = 'cancelled', cancelled_at = $2${also ? `, ${also}` : ''}
       WHERE id = $1 AND status = 'awaiting_confirmation' AND expires_at > $2
       RETURNING id, account_id, certificate_serial`,
      [row.id, now],
    );
    const cancelledRow = rows[0];
    if (!cancelledRow) return false;
    await record(tx);
    await enqueueOperationEvent(
      tx,
      'operation.cancelled',
      {
        id: cancelledRow.id,
        kind: eventKindOf(kind),
        accountId: cancelledRow.account_id,
        certificate: cancelledRow.certificate_serial,
        status: 'cancelled',
      },
      now,
    );
    return true;
  });
  if (!cancelled) {
    const { rows } = await db.query<ClaimableRow>(
      `SELECT id, status, expires_at, claimed_at FROM ${kind.table} WHERE id = $1`,
      [row.id],
    );
    throw notAwaitingError(kind, rows[0] ?? row, now);
  }
}

export function busyError(kind: ConfirmedOperations, id: string): DomainError {
  return new DomainError(kind.codes.busy, `${kind.noun} ${id} is being confirmed by another request`);
}

/** Why an operation is not awaiting confirmation, as the error its caller gets. */
export function notAwaitingError(kind: ConfirmedOperations, row: ClaimableRow, now: Date): DomainError {
  const status = operationStatus(row, now);
  switch (status) {
    case 'completed':
      return new DomainError(kind.codes.completed, `${kind.noun} ${row.id} is already completed`);
    case 'cancelled':
      return new DomainError(kind.codes.cancelled, `${kind.noun} ${row.id} was cancelled`);
    case 'failed':
      return new DomainError(kind.codes.failed, `${kind.noun} ${row.id} failed`);
    case 'expired':
      return new DomainError(kind.codes.expired, `${kind.noun} ${row.id} expired unconfirmed`, {
        expiresAt: row.expires_at.toISOString(),
      });
    case 'awaiting_confirmation':
      return busyError(kind, row.id);
  }
}

/**
 * Takes the operation for one confirmation: the claimed row, or undefined
 * when it is not awaiting confirmation (or another confirmation holds it
 * within its lease). The claim is named by its time (`claimed_at`), so
 * only the confirmation that holds it can complete, release or fail it.
 */
export async function claimOperation<Row extends ClaimableRow>(
  db: Queryable,
  kind: ConfirmedOperations,
  id: string,
  now: Date,
): Promise<Row | undefined> {
  const { rows } = await db.query<Row>(
    `UPDATE ${kind.table} SET status = 'confirming', claimed_at = $2
     WHERE id = $1 AND expires_at > $2
       AND (status = 'awaiting_confirmation'
         OR (status = 'confirming' AND claimed_at < $2::timestamptz - $3::int * interval '1 second'))
     RETURNING *`,
    [id, now, CONFIRMATION_LEASE_SECONDS],
  );
  return rows[0];
}

/** The condition that names a claimed row: append to a WHERE with `$1` the id and `$2` the claim's time. */
export const CLAIMED = "id = $1 AND status = 'confirming' AND claimed_at = $2";

/** Gives the operation back to be confirmed again (nothing irreversible happened: a wrong PIN). */
export function releaseClaim(
  db: Queryable,
  kind: ConfirmedOperations,
  claimed: ClaimableRow,
): Promise<unknown> {
  return db.query(`UPDATE ${kind.table} SET status = 'awaiting_confirmation' WHERE ${CLAIMED}`, [
    claimed.id,
    claimed.claimed_at,
  ]);
}

/** How webhook events name a kind of operation. */
export function eventKindOf(kind: ConfirmedOperations): OperationEventKind {
  return kind.table === 'signing_operations' ? 'signing' : 'decryption';
}

type FailedRow = { id: string; account_id: string; certificate_serial: string };

/** Ends an operation as failed (`condition` over `$1` the id and `$2`…), announcing `operation.failed` with it. */
async function fail(
  db: Db,
  kind: ConfirmedOperations,
  condition: string,
  params: unknown[],
  failure: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<FailedRow>(
      `UPDATE ${kind.table} SET status = 'failed', failure = $${params.length + 1} WHERE ${condition}
       RETURNING id, account_id, certificate_serial`,
      [...params, failure],
    );
    const row = rows[0];
    if (!row) return;
    await enqueueOperationEvent(tx, 'operation.failed', {
      id: row.id,
      kind: eventKindOf(kind),
      accountId: row.account_id,
      certificate: row.certificate_serial,
      status: 'failed',
    });
  });
}

/** Ends the operation as failed (the key was used: it may not be used again for it). */
export function failClaim(
  db: Db,
  kind: ConfirmedOperations,
  claimed: ClaimableRow,
  error: unknown,
): Promise<void> {
  return fail(
    db,
    kind,
    CLAIMED,
    [claimed.id, claimed.claimed_at],
    error instanceof Error ? error.message : String(error),
  );
}

/** Ends an operation still awaiting confirmation as failed (its device confirmation was refused for good). */
export function failAwaiting(db: Db, kind: ConfirmedOperations, id: string, error: Error): Promise<void> {
  return fail(db, kind, "id = $1 AND status = 'awaiting_confirmation'", [id], error.message);
}

/**
 * Announces `operation.expired` for the operations of `kind` that expired
 * unconfirmed and were not announced yet, each once (the mark and the
 * event commit together); returns how many.
 */
export async function announceExpiredOperations(
  db: Db,
  kind: ConfirmedOperations,
  now: Date,
): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<FailedRow>(
      `UPDATE ${kind.table} SET expiry_announced = true
       WHERE id IN (SELECT id FROM ${kind.table}
         WHERE status IN ('awaiting_confirmation', 'confirming') AND expires_at <= $1 AND NOT expiry_announced
         ORDER BY expires_at LIMIT 500 FOR UPDATE SKIP LOCKED)
       RETURNING id, account_id, certificate_serial`,
      [now],
    );
    for (const row of rows) {
      await enqueueOperationEvent(tx, 'operation.expired', {
        id: row.id,
        kind: eventKindOf(kind),
        accountId: row.account_id,
        certificate: row.certificate_serial,
        status: 'expired',
      });
    }
    return rows.length;
  });
}
