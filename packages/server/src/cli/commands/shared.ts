import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import type { AuthorityContext } from '../../ca/authorities.js';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/db.js';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open.js';
import { createLogger } from '../../logger.js';
import { authorityContext } from '../../server.js';
import { EXIT } from '../exit-codes.js';

/** What main.ts lends the command modules: configuration (exit 2 when invalid) and failure reporting. */
export interface CliDeps {
  config: () => Config;
  report: (error: unknown) => never;
}

/**
 * A failure of the command itself rather than of a service (a file it cannot
 * read or write, a tar that failed), or a server's refusal as a client
 * command received it: main.ts prints the message and the stable code, and
 * exits with `exitCode` (1 unless the server could not be reached at all).
 */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT.FAILURE,
  ) {
    super(message);
  }
}

/** A mistake in how a command was called, found after parsing: main.ts prints it and exits 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
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
    name = process.env.USER ?? process.env.LOGNAME ?? 'unknown';
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
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
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

/**
 * A command action with the common frame: configuration first (exit 2 if
 * invalid), then the work; known failures print one line and exit 1.
 */
export function action<A extends unknown[]>(
  deps: CliDeps,
  work: (config: Config, ...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const config = deps.config();
    try {
      await work(config, ...args);
    } catch (error) {
      deps.report(error);
    }
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
  process.stdout.write(json === true ? `${JSON.stringify(value, jsonReplacer)}\n` : human());
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

export function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError('expected a positive integer');
  return Number(value);
}

/** Adds `--json` (one JSON document on stdout, for scripts). */
export function jsonOption(command: Command): Command {
  return command.option('--json', 'print the result as one JSON document');
}

/**
 * A key PIN from a file (`--pin-file`) or standard input (`--pin-stdin`),
 * never from the command line where `ps` and shell history would show it.
 * One trailing line break is dropped.
 */
export async function readPin(options: { pinFile?: string; pinStdin?: boolean }): Promise<string> {
  if ((options.pinFile !== undefined) === (options.pinStdin === true))
    throw new CliUsageError('give the key PIN with exactly one of --pin-file FILE or --pin-stdin');
  let text: string;
  if (options.pinFile !== undefined) {
    try {
      text = await readFile(options.pinFile, 'utf8');
    } catch (error) {
      throw new CliFailure(
        'PIN_FILE_UNREADABLE',
        `cannot read the PIN file ${options.pinFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  }
  return text.replace(/\r?\n$/, '');
}
