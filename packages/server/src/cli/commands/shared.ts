import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { AuthorityContext } from '../../ca/authorities.js';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/db.js';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open.js';
import { createLogger } from '../../logger.js';
import { authorityContext } from '../../ca/authority-context.js';
import { terminal } from '../terminal.js';

// The failures and small readers client commands share too live apart, so those commands need not load the server.
export { CliFailure, CliUsageError, positiveInteger, readPin } from './failures.js';

/**
 * What program.ts lends the command modules: the run's configuration
 * (throws CliUsageError, exit 2, when invalid). A command's failures are
 * thrown to program.ts, which prints them and picks the exit code.
 */
export interface CliDeps {
  config: () => Config;
}

/** Help text of the commands that open the installation's database themselves. */
export const DIRECT_DATABASE_HELP = `
These commands work on the installation's database directly, not through the
HTTP API. The embedded PGlite database (PODPIS_DATA_DIR/pglite) can be open in
one process only: stop a running "podpis serve" first, or the command exits 1
with DB_LOCKED. With DATABASE_URL they run alongside the servers.
Changes are audited with the actor cli:<operating-system user>.
`;

/** What to do about DB_LOCKED, printed under the error by every command. */
export const DB_LOCKED_HINT = `The embedded database (PODPIS_DATA_DIR/pglite) is open in one process at a
time, and a running "podpis serve" holds it. Either stop that server (SIGTERM
or Ctrl+C) and run the command again, or do the same through the running
server's HTTP API (see /api/docs on it) or its web office. Installations on
PostgreSQL (DATABASE_URL=postgres://…) run these commands alongside the servers.
`;

/** Who the audit log names for changes made from the command line. */
export function cliActor(): string {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = terminal().env.USER ?? terminal().env.LOGNAME ?? 'unknown';
  }
  return `cli:${name}`;
}

/** Opens the configured database, applies pending migrations, runs `work` and closes it. */
export async function withDatabase<T>(config: Config, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Like `withDatabase`, with the key store and CA services (as `podpis init` builds them). */
export function withAuthority<T>(config: Config, work: (ca: AuthorityContext) => Promise<T>): Promise<T> {
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, terminal().stdout);
  return withDatabase(config, async (db) => {
    const ca = authorityContext(
      config,
      db,
      logger,
      () => config.pkiUrl ?? `http://localhost:${config.httpPort}`,
    );
    try {
      return await work(ca);
    } finally {
      await ca.keyStore.close();
    }
  });
}

/** A command action with the common frame: configuration first (exit 2 if invalid), then the work. */
export function action<A extends unknown[]>(
  deps: CliDeps,
  work: (config: Config, ...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    await work(deps.config(), ...args);
  };
}

/** JSON without binary DER (`cert download` hands certificates out); bigints as strings. */
function jsonReplacer(key: string, value: unknown): unknown {
  if (key === 'der') return undefined;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

/** Prints one JSON document with `--json`, the human-readable text otherwise. */
export function emit(json: boolean | undefined, value: unknown, human: () => string): void {
  terminal().stdout.write(json === true ? `${JSON.stringify(value, jsonReplacer)}\n` : human());
}

/** Left-aligned columns separated by two spaces, with a header line. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** Aligned `key: value` lines. */
export function fields(entries: readonly (readonly [string, string | null | undefined])[]): string {
  const width = Math.max(...entries.map(([key]) => key.length)) + 1;
  return (
    entries.map(([key, value]) => `${`${key}:`.padEnd(width)} ${value ?? ''}`.trimEnd()).join('\n') + '\n'
  );
}

/** Adds `--json` (one JSON document on stdout, for scripts). */
export function jsonOption(command: Command): Command {
  return command.option('--json', 'print the result as one JSON document');
}
