import type { AuthorityContext } from '../ca/authorities.js';
import type { Queryable } from '../db/db.js';
import type { SigningFormat } from './formats/index.js';
import {
  operationOf,
  type OperationRow,
  type SigningOperation,
  type SigningOperationStatus,
} from './operations.js';

export interface SigningHistoryFilter {
  accountId: string;
  status?: SigningOperationStatus;
  format?: SigningFormat;
  certificate?: string;
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
  limit: number;
  offset: number;
}

/**
 * SQL for a status as people see it: `expired` and `awaiting_confirmation`
 * are told apart by `expires_at`, and a claim being confirmed still awaits.
 */
function statusCondition(status: SigningOperationStatus, now: number): string {
  const open = `status IN ('awaiting_confirmation', 'confirming')`;
  switch (status) {
    case 'awaiting_confirmation':
      return `${open} AND expires_at > $${now}`;
    case 'expired':
      return `${open} AND expires_at <= $${now}`;
    default:
      return `status = '${status}'`;
  }
}

/** One account's signing operations, newest first, a page of them, and how many match in all. */
export async function signingHistory(
  ctx: AuthorityContext,
  filter: SigningHistoryFilter,
): Promise<{ total: number; operations: SigningOperation[] }> {
  const now = ctx.now();
  const params: unknown[] = [filter.accountId, now];
  const conditions = ['account_id = $1'];
  const add = (sql: (n: number) => string, value: unknown): void => {
    params.push(value);
    conditions.push(sql(params.length));
  };
  if (filter.status !== undefined) conditions.push(statusCondition(filter.status, 2));
  if (filter.format !== undefined) add((n) => `format = $${n}`, filter.format);
  if (filter.certificate !== undefined)
    add((n) => `certificate_serial = $${n}`, filter.certificate.toLowerCase());
  if (filter.from !== undefined) add((n) => `created_at >= $${n}`, filter.from);
  if (filter.to !== undefined) add((n) => `created_at < $${n}`, filter.to);
  const where = conditions.join(' AND ');
  const db: Queryable = ctx.db;
  const counted = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM signing_operations WHERE ${where} AND $2::timestamptz IS NOT NULL`,
    params,
  );
  const { rows } = await db.query<OperationRow>(
    `SELECT * FROM signing_operations WHERE ${where} AND $2::timestamptz IS NOT NULL
     ORDER BY created_at DESC, id LIMIT ${Math.trunc(filter.limit)} OFFSET ${Math.trunc(filter.offset)}`,
    params,
  );
  return { total: counted.rows[0]?.n ?? 0, operations: rows.map((row) => operationOf(row, now)) };
}
