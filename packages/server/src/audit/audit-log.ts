import { streebog256 } from '@podpis/gost';
import type { Db, Queryable } from '../db/db.js';
import { withStatements, type Statement } from '../db/statement.js';
import { auditMetrics } from '../core/metrics.js';
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

type LaneRow = {
  lane: number;
  lane_seq: string | number;
  hash: Uint8Array;
  seq: string | number;
};

/**
 * The lane a transaction holds, so a second record in the same transaction
 * goes to the same lane: it never waits for (or deadlocks on) another.
 */
const heldLanes = new WeakMap<Queryable, LaneRow>();

/** How many appends found every lane taken and had to wait for one (a metric: lanes are too few). */
export const auditLaneWaits = { count: 0 };

/**
 * Takes a lane head for the rest of the transaction and the record's global
 * sequence number. The first lane no other transaction holds is taken
 * without waiting (`SKIP LOCKED`); only when all are taken does it wait for one.
 */
async function takeLane(tx: Queryable): Promise<LaneRow> {
  const held = heldLanes.get(tx);
  if (held) {
    const { rows } = await tx.query<{ seq: string }>("SELECT nextval('audit_log_seq') AS seq");
    return { ...held, seq: rows[0]!.seq };
  }
  const free = await tx.query<LaneRow>(
    `SELECT lane, lane_seq, hash, nextval('audit_log_seq') AS seq FROM
       (SELECT lane, lane_seq, hash FROM audit_lanes ORDER BY lane LIMIT 1 FOR UPDATE SKIP LOCKED) AS l`,
  );
  let row = free.rows[0];
  if (!row) {
    auditLaneWaits.count++;
    auditMetrics.laneWaits.inc();
    const taken = await tx.query<LaneRow>(
      `SELECT lane, lane_seq, hash, nextval('audit_log_seq') AS seq FROM
         (SELECT lane, lane_seq, hash FROM audit_lanes ORDER BY random() LIMIT 1 FOR UPDATE) AS l`,
    );
    row = taken.rows[0];
  }
  if (!row) throw new Error('audit_lanes is empty; the database was not migrated');
  return row;
}

/**
 * Appends one record inside the caller's transaction, so the record exists
 * exactly when the change it describes does. The record is chained at once
 * in a lane whose head this transaction then holds until it ends; other
 * transactions take other lanes meanwhile, so writers do not queue behind
 * one another (see migration 0028_audit_lanes and docs/architecture.md).
 */
export async function appendAudit(
  tx: Queryable,
  event: AuditEvent,
  at: Date = new Date(),
): Promise<AuditRecord> {
  return appendAuditAlongside(tx, event, [], at);
}

/**
 * `appendAudit` with the change the record describes written in the same
 * statement (`withStatements`): the certificate row and its outbox event
 * beside its `certificate.issue` record, one round trip for all of them.
 */
export async function appendAuditAlongside(
  tx: Queryable,
  event: AuditEvent,
  alongside: readonly Statement[],
  at: Date = new Date(),
): Promise<AuditRecord> {
  // Outside a transaction the lane would be free again after the first statement.
  if (isDb(tx)) return tx.transaction((inner) => appendAuditAlongside(inner, event, alongside, at));
  const lane = await takeLane(tx);
  // Millisecond precision is what JavaScript keeps; storing exactly that makes the hash reproducible.
  const when = new Date(Math.floor(at.getTime()));
  const record = {
    seq: Number(lane.seq),
    at: when,
    actor: event.actor,
    action: event.action,
    target: event.target ?? null,
    details: event.details ?? {},
    requestId: event.requestId ?? null,
  };
  const laneSeq = Number(lane.lane_seq) + 1;
  const prevHash = new Uint8Array(lane.hash);
  const hash = recordHash(prevHash, record);
  // The record and its lane's new head in one statement: one round trip, and still both or neither.
  const appended: Statement = {
    sql: `WITH appended AS (
       INSERT INTO audit_log (seq, at, actor, action, target, details, request_id, prev_hash, hash, lane, lane_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     )
     UPDATE audit_lanes SET lane_seq = $11, seq = $1, hash = $9 WHERE lane = $10`,
    params: [
      record.seq,
      record.at,
      record.actor,
      record.action,
      record.target,
      JSON.stringify(record.details),
      record.requestId,
      prevHash,
      hash,
      lane.lane,
      laneSeq,
    ],
  };
  const { sql, params } = withStatements(appended, alongside);
  await tx.query(sql, params);
  heldLanes.set(tx, { lane: lane.lane, lane_seq: laneSeq, seq: record.seq, hash });
  return { ...record, prevHash, hash };
}

/**
 * Appends several records in order inside the caller's transaction, as
 * `appendAudit` would one after another in the same lane, with one insert
 * and one lane-head update: a bulk job's batch records hundreds at once.
 */
export async function appendAuditBatch(
  tx: Queryable,
  events: readonly AuditEvent[],
  at: Date = new Date(),
): Promise<void> {
  await appendAuditBatchAlongside(tx, events, [], at);
}

/**
 * `appendAuditBatch` with the changes the records describe written in the
 * same statement (`withStatements`): a group commit's certificate rows and
 * outbox events beside their `certificate.issue` records.
 */
export async function appendAuditBatchAlongside(
  tx: Queryable,
  events: readonly AuditEvent[],
  alongside: readonly Statement[],
  at: Date = new Date(),
): Promise<void> {
  if (events.length === 0) {
    // A change with no record of it is what the audit log exists to prevent.
    if (alongside.length > 0) throw new Error('changes to write without an audit record');
    return;
  }
  if (isDb(tx)) return tx.transaction((inner) => appendAuditBatchAlongside(inner, events, alongside, at));
  const lane = await takeLane(tx);
  const more =
    events.length > 1
      ? (
          await tx.query<{ seq: string | number }>(
            "SELECT nextval('audit_log_seq') AS seq FROM generate_series(2, $1)",
            [events.length],
          )
        ).rows.map((row) => Number(row.seq))
      : [];
  // The global order is the sequence's: the lane's records take its numbers in ascending order.
  const seqs = [Number(lane.seq), ...more].sort((a, b) => a - b);
  const when = new Date(Math.floor(at.getTime()));
  let laneSeq = Number(lane.lane_seq);
  let prevHash: Uint8Array = new Uint8Array(lane.hash);
  const columns = {
    seq: [] as number[],
    actor: [] as string[],
    action: [] as string[],
    target: [] as (string | null)[],
    details: [] as string[],
    requestId: [] as (string | null)[],
    prevHash: [] as string[],
    hash: [] as string[],
    laneSeq: [] as number[],
  };
  events.forEach((event, index) => {
    laneSeq += 1;
    const record = {
      seq: seqs[index]!,
      at: when,
      actor: event.actor,
      action: event.action,
      target: event.target ?? null,
      details: event.details ?? {},
      requestId: event.requestId ?? null,
    };
    const hash = recordHash(prevHash, record);
    columns.seq.push(record.seq);
    columns.actor.push(record.actor);
    columns.action.push(record.action);
    columns.target.push(record.target);
    columns.details.push(JSON.stringify(record.details));
    columns.requestId.push(record.requestId);
    // Hex: both drivers pass text arrays alike, bytea arrays not.
    columns.prevHash.push(Buffer.from(prevHash).toString('hex'));
    columns.hash.push(Buffer.from(hash).toString('hex'));
    columns.laneSeq.push(laneSeq);
    prevHash = hash;
  });
  const last = seqs[seqs.length - 1]!;
  // The records, the lane's new head and what they describe: one statement, both or neither.
  const appended: Statement = {
    sql: `WITH appended AS (
       INSERT INTO audit_log (seq, at, actor, action, target, details, request_id, prev_hash, hash, lane, lane_seq)
       SELECT seq, $1, actor, action, target, details::jsonb, request_id, decode(prev_hash, 'hex'), decode(hash, 'hex'), $11, lane_seq
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[])
           AS r(seq, actor, action, target, details, request_id, prev_hash, hash, lane_seq)
     )
     UPDATE audit_lanes SET lane_seq = $12, seq = $13, hash = $14 WHERE lane = $11`,
    params: [
      when,
      columns.seq,
      columns.actor,
      columns.action,
      columns.target,
      columns.details,
      columns.requestId,
      columns.prevHash,
      columns.hash,
      columns.laneSeq,
      lane.lane,
      laneSeq,
      last,
      prevHash,
    ],
  };
  const { sql, params } = withStatements(appended, alongside);
  await tx.query(sql, params);
  heldLanes.set(tx, { lane: lane.lane, lane_seq: laneSeq, seq: last, hash: prevHash });
}

function isDb(queryable: Queryable): queryable is Db {
  return 'transaction' in queryable;
}
