import { streebog256 } from '@podpis/gost';
import type { Queryable } from '../db/db.js';
import type { AuditAction } from './actions.js';
import { canonicalJson, type JsonValue } from './canonical-json.js';

/** What happened, by whom, to what: one audit record as a service writes it. */
export interface AuditEvent {
  /** Who acted: `admin:<id>`, `operator:<id>`, `user:<id>`, `api:<client>` or `system`. */
  actor: string;
  /** Dotted verb, e.g. `user.create`, `certificate.revoke`, `session.login`: one of AUDIT_ACTIONS. */
  action: AuditAction;
  /** What it was done to, e.g. `certificate:<serial>`. */
  target?: string;
  /** Facts worth keeping (never secrets: no passwords, PINs or keys). */
  details?: Record<string, JsonValue>;
  requestId?: string;
}

export interface AuditRecord extends Required<Omit<AuditEvent, 'target' | 'requestId' | 'action'>> {
  seq: number;
  /** As stored: records older than today's AUDIT_ACTIONS keep what they said. */
  action: string;
  at: Date;
  target: string | null;
  requestId: string | null;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * hash = Streebog-256(prev_hash ‖ canonical JSON of the record). Every field
 * that matters is inside, so altering any of them breaks the chain here and
 * the link of the next record.
 */
export function recordHash(prevHash: Uint8Array, record: Omit<AuditRecord, 'hash' | 'prevHash'>): Uint8Array {
  const body = canonicalJson({
    seq: record.seq,
    at: record.at.toISOString(),
    actor: record.actor,
    action: record.action,
    target: record.target,
    details: record.details,
    requestId: record.requestId,
  });
  const input = new Uint8Array(prevHash.length + encoder.encode(body).length);
  input.set(prevHash);
  input.set(encoder.encode(body), prevHash.length);
  return streebog256(input);
}

interface HeadRow extends Record<string, unknown> {
  seq: string | number;
  hash: Uint8Array;
}

/**
 * Appends one record inside the caller's transaction, so the record exists
 * exactly when the change it describes does. The head row is locked for the
 * rest of the transaction: concurrent writers chain one after another.
 */
export async function appendAudit(
  tx: Queryable,
  event: AuditEvent,
  at: Date = new Date(),
): Promise<AuditRecord> {
  const head = await tx.query<HeadRow>('SELECT seq, hash FROM audit_head WHERE id FOR UPDATE');
  const row = head.rows[0];
  if (!row) throw new Error('audit_head is missing; the database was not migrated');
  // Millisecond precision is what JavaScript keeps; storing exactly that makes the hash reproducible.
  const when = new Date(Math.floor(at.getTime()));
  const record = {
    seq: Number(row.seq) + 1,
    at: when,
    actor: event.actor,
    action: event.action,
    target: event.target ?? null,
    details: event.details ?? {},
    requestId: event.requestId ?? null,
  };
  const prevHash = new Uint8Array(row.hash);
  const hash = recordHash(prevHash, record);
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor, action, target, details, request_id, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      record.seq,
      record.at,
      record.actor,
      record.action,
      record.target,
      JSON.stringify(record.details),
      record.requestId,
      prevHash,
      hash,
    ],
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id', [record.seq, hash]);
  return { ...record, prevHash, hash };
}

/**
 * Appends several records in order inside the caller's transaction, as
 * `appendAudit` would one after another, with one lock of the head, one
 * insert and one head update: a bulk job's batch records hundreds at once.
 */
export async function appendAuditBatch(
  tx: Queryable,
  events: readonly AuditEvent[],
  at: Date = new Date(),
): Promise<void> {
  if (events.length === 0) return;
  const head = await tx.query<HeadRow>('SELECT seq, hash FROM audit_head WHERE id FOR UPDATE');
  const row = head.rows[0];
  if (!row) throw new Error('audit_head is missing; the database was not migrated');
  const when = new Date(Math.floor(at.getTime()));
  let seq = Number(row.seq);
  let prevHash: Uint8Array = new Uint8Array(row.hash);
  const columns = {
    seq: [] as number[],
    actor: [] as string[],
    action: [] as string[],
    target: [] as (string | null)[],
    details: [] as string[],
    requestId: [] as (string | null)[],
    prevHash: [] as string[],
    hash: [] as string[],
  };
  for (const event of events) {
    seq += 1;
    const record = {
      seq,
      at: when,
      actor: event.actor,
      action: event.action,
      target: event.target ?? null,
      details: event.details ?? {},
      requestId: event.requestId ?? null,
    };
    const hash = recordHash(prevHash, record);
    columns.seq.push(seq);
    columns.actor.push(record.actor);
    columns.action.push(record.action);
    columns.target.push(record.target);
    columns.details.push(JSON.stringify(record.details));
    columns.requestId.push(record.requestId);
    // Hex: both drivers pass text arrays alike, bytea arrays not.
    columns.prevHash.push(Buffer.from(prevHash).toString('hex'));
    columns.hash.push(Buffer.from(hash).toString('hex'));
    prevHash = hash;
  }
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor, action, target, details, request_id, prev_hash, hash)
     SELECT seq, $1, actor, action, target, details::jsonb, request_id, decode(prev_hash, 'hex'), decode(hash, 'hex')
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS r(seq, actor, action, target, details, request_id, prev_hash, hash)`,
    [
      when,
      columns.seq,
      columns.actor,
      columns.action,
      columns.target,
      columns.details,
      columns.requestId,
      columns.prevHash,
      columns.hash,
    ],
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id', [seq, prevHash]);
}
