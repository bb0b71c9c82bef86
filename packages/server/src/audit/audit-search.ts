import type { Queryable } from '../db/db.js';
import type { AuditRecord } from './audit-log.js';

/** Which audit records an administrator asks for; every field narrows. */
export interface AuditFilter {
  actor?: string;
  /** A prefix of the dotted action: `certificate.` for every certificate action. */
  action?: string;
  target?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface AuditEntry {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
  hash: Uint8Array;
}

interface AuditRow extends Record<string, unknown> {
  seq: string | number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  request_id: string | null;
  hash: Uint8Array;
}

/** The matching records, newest first, one page of them, and how many match in all. */
export async function searchAuditLog(
  db: Queryable,
  filter: AuditFilter,
): Promise<{ items: AuditEntry[]; total: number }> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.actor !== undefined) add('actor = ?', filter.actor);
  if (filter.action !== undefined) add("action LIKE ? || '%'", filter.action.replace(/[%_\\]/g, '\\$&'));
  if (filter.target !== undefined) add('target = ?', filter.target);
  if (filter.from !== undefined) add('at >= ?', filter.from);
  if (filter.to !== undefined) add('at < ?', filter.to);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log ${where}`, params);
  const { rows } = await db.query<AuditRow>(
    `SELECT seq, at, actor, action, target, details, request_id, hash FROM audit_log ${where}
     ORDER BY seq DESC LIMIT ${Math.trunc(filter.limit)} OFFSET ${Math.trunc(filter.offset)}`,
    params,
  );
  return {
    total: total.rows[0]?.n ?? 0,
    items: rows.map((row) => ({
      seq: Number(row.seq),
      at: row.at,
      actor: row.actor,
      action: row.action,
      target: row.target,
      details: row.details,
      requestId: row.request_id,
      hash: new Uint8Array(row.hash),
    })),
  };
}

/**
 * The records about `target`, with their links, in log order; and the
 * `key.sign` records of `keyId` made under an activation that one of them
 * names (`details.activation`): what links a signing operation to the key
 * store's own record of the signatures.
 */
export async function auditTrailOf(db: Queryable, target: string, keyId: string): Promise<AuditRecord[]> {
  const { rows } = await db.query<AuditRow & { prev_hash: Uint8Array }>(
    `SELECT seq, at, actor, action, target, details, request_id, prev_hash, hash FROM audit_log
     WHERE target = $1
        OR (action = 'key.sign' AND target = $2 AND details->>'activation' IN (
              SELECT details->>'activation' FROM audit_log WHERE target = $1 AND details ? 'activation'))
     ORDER BY seq`,
    [target, `key:${keyId}`],
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details as AuditRecord['details'],
    requestId: row.request_id,
    prevHash: new Uint8Array(row.prev_hash),
    hash: new Uint8Array(row.hash),
  }));
}
