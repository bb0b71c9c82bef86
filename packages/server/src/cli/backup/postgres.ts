import { join } from 'node:path';
import pg from 'pg';
import { CliFailure } from '../commands/failures.js';
import { Tool } from './tool.js';

/**
 * How PostgreSQL's own tools reach the database: the URL without its
 * password (it would show in `ps`), the password in PGPASSWORD.
 */
export interface PostgresTarget {
  url: string;
  /** Directory of pg_dump, pg_restore and psql; absent: found on PATH. */
  bin: string | undefined;
}

function libpq(target: PostgresTarget): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(target.url);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** Starts pg_dump, pg_restore or psql of `target` with the connection given. */
export function postgresTool(
  target: PostgresTarget,
  name: 'pg_dump' | 'pg_restore' | 'psql',
  args: readonly string[],
  stdio: { stdin: boolean; stdout: boolean },
): Tool {
  const { dbname, env } = libpq(target);
  const code = { pg_dump: 'PG_DUMP_FAILED', pg_restore: 'PG_RESTORE_FAILED', psql: 'PG_RESTORE_FAILED' }[
    name
  ];
  const connection = name === 'pg_restore' ? [] : [`--dbname=${dbname}`];
  return new Tool(name, [...connection, ...args], {
    code,
    env,
    ...stdio,
    ...(target.bin ? { bin: join(target.bin, name) } : {}),
  });
}

/** A client of the database, or DB_UNREACHABLE in the CLI's words. */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new CliFailure('DB_UNREACHABLE', `cannot connect to the database: ${(error as Error).message}`);
  }
  return client;
}

/** Tables outside PostgreSQL's own schemas: a database with any is not empty. */
export async function userTables(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_catalog.pg_tables
     WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
  );
  return rows[0]?.n ?? 0;
}
