export type DbErrorCode =
  | 'DB_UNREACHABLE'
  | 'DB_LOCKED'
  | 'MIGRATION_CHECKSUM_MISMATCH'
  | 'MIGRATION_UNKNOWN'
  | 'MIGRATION_INVALID_NAME'
  | 'MIGRATION_FAILED';

/** A storage failure with a stable code; the CLI prints it and exits 1. */
export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly code: DbErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Whether a database error is PostgreSQL's unique_violation (23505): two writers raced for one key. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/**
 * A failed statement, as it may be logged: the driver's error carries the
 * parameters (token hashes, logins, profile fields) in `params` and
 * `detail`, and data exceptions (SQLSTATE class 22) quote them in the
 * message (`invalid input syntax for type integer: "<value>"`). Only the
 * statement's first words, the SQLSTATE, the names of what it broke and a
 * message that quotes no parameter are kept. `code` stays the SQLSTATE, so
 * `isUniqueViolation` and callers reading it see no difference.
 */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(
    readonly code: string | undefined,
    readonly statement: string,
    reason: string | undefined,
    readonly constraint: string | undefined,
    readonly table: string | undefined,
  ) {
    super(`${statement} failed${code ? ` (SQLSTATE ${code})` : ''}${reason ? `: ${reason}` : ''}`);
  }
}

function stringField(error: unknown, field: string): string | undefined {
  if (typeof error !== 'object' || error === null || !(field in error)) return undefined;
  const value: unknown = (error as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/** The first words of a statement, enough to find it in the code and never a value. */
export function statementHead(sql: string): string {
  return sql.trim().split(/\s+/).slice(0, 3).join(' ').slice(0, 80);
}

/** A driver's error for a statement, without its parameters (see QueryError). */
export function queryFailure(error: unknown, sql: string, params: readonly unknown[]): QueryError {
  const code = stringField(error, 'code');
  const message = error instanceof Error ? error.message : undefined;
  const quotesParameter = params.some(
    (param) => (typeof param === 'string' || typeof param === 'number') && message?.includes(String(param)),
  );
  const reason = code?.startsWith('22') || quotesParameter ? undefined : message;
  return new QueryError(
    code,
    statementHead(sql),
    reason,
    stringField(error, 'constraint'),
    stringField(error, 'table'),
  );
}
