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
