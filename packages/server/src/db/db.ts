/** A row is a plain object keyed by column name. */
export type Row = Record<string, unknown>;

export interface QueryResult<R extends Row = Row> {
  rows: R[];
  /** Rows returned, or affected by INSERT/UPDATE/DELETE. */
  rowCount: number;
}

/** Anything that runs SQL with `$1, $2, …` parameters: the database or an open transaction. */
export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The storage port every repository uses. Two implementations with the same
 * SQL dialect (PostgreSQL): PGlite embedded and a PostgreSQL server via `pg`.
 */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction: commits when it resolves, rolls back
   * when it throws (and rethrows), so a failed operation leaves nothing behind.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Subscribes to NOTIFY messages on `channel` (sent with pg_notify inside a
   * transaction, delivered when it commits — to every node on PostgreSQL).
   * `onLost` is called if the subscription breaks, so callers can stop
   * trusting what it kept up to date. Returns the unsubscribe function.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onLost?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
