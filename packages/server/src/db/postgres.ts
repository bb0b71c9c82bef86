import pg from 'pg';
import { watchPool } from '../core/metrics.js';
import type { Db, QueryResult, Queryable, Row } from './db.js';
import { DbError, queryFailure } from './errors.js';

function wrap(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      try {
        const result = await target.query<R>(sql, [...params]);
        return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
      } catch (error) {
        throw queryFailure(error, sql, params);
      }
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await target.query(sql);
    },
  };
}

/**
 * A transaction's connection that opens the transaction with its first
 * statement: BEGIN goes in the same message as a first statement without
 * parameters (the simple protocol runs several, and the transaction BEGIN
 * opens goes on after them), or alone before one with parameters. A
 * transaction whose first statement is a lock without parameters, as the
 * audit log's lane is, saves a round trip.
 */
function beginningWithFirstStatement(client: pg.PoolClient): {
  tx: Queryable;
  begun: () => boolean;
} {
  const inner = wrap(client);
  // Set before BEGIN is sent: a BEGIN that may have run is rolled back.
  let begun = false;
  return {
    begun: () => begun,
    tx: {
      async query<R extends Row = Row>(
        sql: string,
        params: readonly unknown[] = [],
      ): Promise<QueryResult<R>> {
        if (!begun && params.length === 0) {
          begun = true;
          try {
            const results = (await client.query(`BEGIN;\n${sql}`)) as unknown as pg.QueryResult<R>[];
            const result = results[results.length - 1]!;
            return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
          } catch (error) {
            throw queryFailure(error, sql, params);
          }
        }
        if (!begun) {
          begun = true;
          await client.query('BEGIN');
        }
        return inner.query<R>(sql, params);
      },
      async exec(sql: string): Promise<void> {
        const script = begun ? sql : `BEGIN;\n${sql}`;
        begun = true;
        await inner.exec(script);
      },
    },
  };
}

/** Connects to a PostgreSQL server and checks it answers, so a wrong URL fails at start, not at first use. */
export async function openPostgres(
  databaseUrl: string,
  options: { maxConnections?: number } = {},
): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    const reason = error instanceof Error ? error.message : String(error);
    throw new DbError(
      'DB_UNREACHABLE',
      `cannot connect to the PostgreSQL server in DATABASE_URL: ${reason}`,
      {
        cause: error,
      },
    );
  }
  const queryable = wrap(pool);
  const unwatch = watchPool(pool);
  return {
    kind: 'postgres',
    ...queryable,
    async transaction(work) {
      const client = await pool.connect();
      // A connection lost while checked out (the server gone, a network cut) between two
      // statements is an 'error' event on the client; unheard, it would end the process.
      // The next statement fails instead, and the broken client is discarded, not pooled.
      let lost: Error | undefined;
      const onLost = (error: Error): void => {
        lost = error;
      };
      client.on('error', onLost);
      const { tx, begun } = beginningWithFirstStatement(client);
      try {
        const result = await work(tx);
        // A transaction that ran no statement never began: nothing to commit.
        if (begun()) await client.query('COMMIT');
        return result;
      } catch (error) {
        if (begun()) {
          await client.query('ROLLBACK').catch((rollbackError: unknown) => {
            lost ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          });
        }
        throw error;
      } finally {
        client.off('error', onLost);
        client.release(lost);
      }
    },
    async listen(channel, onMessage, onLost) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
      // A dedicated connection: LISTEN is per session.
      const client = await pool.connect();
      let active = true;
      client.on('notification', (message) => {
        if (message.channel === channel) onMessage(message.payload ?? '');
      });
      client.on('error', () => {
        if (active) onLost?.();
        active = false;
      });
      await client.query(`LISTEN ${channel}`);
      return async () => {
        if (!active) return;
        active = false;
        await client.query(`UNLISTEN ${channel}`).catch(() => undefined);
        client.release();
      };
    },
    close: async () => {
      unwatch();
      await pool.end();
    },
  };
}
