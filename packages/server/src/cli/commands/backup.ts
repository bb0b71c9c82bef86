import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type { Command } from 'commander';
import type { Config } from '../../config/config.js';
import { acquireDirectoryLock } from '../../db/directory-lock.js';
import { action, CliFailure, CliUsageError, emit, jsonOption, type CliDeps } from './shared.js';

const run = promisify(execFile);

/** What a backup of an embedded installation holds, relative to the data directory. */
const ENTRIES = ['pglite', 'keys', 'tls'] as const;

function requireEmbedded(config: Config, tool: string): void {
  if (config.databaseUrl !== undefined) {
    throw new CliUsageError(
      `the database is a PostgreSQL server (DATABASE_URL): use ${tool} for it, and keep the master key (PODPIS_MASTER_KEY or <data dir>/keys/master.key) with the dump`,
    );
  }
}

async function tar(args: readonly string[]): Promise<void> {
  try {
    await run('tar', [...args]);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new CliFailure('TAR_FAILED', `tar ${args[0] ?? ''} failed: ${stderr || (error as Error).message}`);
  }
}

/**
 * Opens the embedded database once under its directory lock (so no server
 * has it open; a crashed one's state is recovered) and closes it cleanly,
 * then archives the stopped directory with the key store's master key and
 * the TLS files while still holding the lock: a consistent copy.
 */
async function backupEmbedded(
  config: Config,
  out: string,
): Promise<{ file: string; bytes: number; entries: string[] }> {
  const dir = join(config.dataDir, 'pglite');
  if (!existsSync(join(dir, 'PG_VERSION')))
    throw new CliFailure('NOT_INITIALISED', `there is no embedded database in ${dir}`);
  const file = resolve(out);
  if (existsSync(file)) throw new CliFailure('OUTPUT_EXISTS', `${file} exists; choose another name`);
  const lock = acquireDirectoryLock(dir);
  const partial = `${file}.partial`;
  try {
    const pg = await PGlite.create(dir);
    await pg.close();
    const entries = ENTRIES.filter((e) => existsSync(join(config.dataDir, e)));
    // The archive holds the master key: private from the first byte.
    await writeFile(partial, '', { mode: 0o600, flag: 'w' });
    await tar(['-czf', partial, '--exclude=pglite/podpis.lock', '-C', config.dataDir, ...entries]);
    await rename(partial, file);
    return { file, bytes: (await stat(file)).size, entries };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    lock.release();
  }
}

/**
 * Unpacks a backup next to the installation, checks that its database opens,
 * and only then replaces the installation's files (with `force`) — under the
 * old database's lock, so a running server is never pulled out from under.
 */
async function restoreEmbedded(
  config: Config,
  input: string,
  force: boolean,
): Promise<{ dataDir: string; entries: string[]; replaced: boolean }> {
  const file = resolve(input);
  if (!existsSync(file)) throw new CliFailure('BACKUP_NOT_FOUND', `no backup file ${file}`);
  const existing = ENTRIES.filter((e) => existsSync(join(config.dataDir, e)));
  if (existing.length > 0 && !force) {
    throw new CliFailure(
      'INSTALLATION_EXISTS',
      `${config.dataDir} already holds an installation (${existing.join(', ')}); restore into an empty data directory, or add --force to replace it`,
    );
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const staging = await mkdtemp(join(config.dataDir, '.restore-'));
  try {
    await tar(['-xzf', file, '-C', staging]);
    const restored = ENTRIES.filter((e) => existsSync(join(staging, e)));
    if (!existsSync(join(staging, 'pglite', 'PG_VERSION')))
      throw new CliFailure('BACKUP_INVALID', `${file} is not a podpis backup (no pglite database in it)`);
    const pg = await PGlite.create(join(staging, 'pglite'));
    try {
      await pg.query('SELECT count(*) FROM schema_migrations');
    } catch (error) {
      throw new CliFailure(
        'BACKUP_INVALID',
        `the database in ${file} cannot be read: ${(error as Error).message}`,
      );
    } finally {
      await pg.close();
    }
    const lock = existsSync(join(config.dataDir, 'pglite'))
      ? acquireDirectoryLock(join(config.dataDir, 'pglite'))
      : undefined;
    try {
      for (const entry of existing) await rm(join(config.dataDir, entry), { recursive: true, force: true });
      for (const entry of restored) await rename(join(staging, entry), join(config.dataDir, entry));
    } finally {
      lock?.release();
    }
    return { dataDir: config.dataDir, entries: restored, replaced: existing.length > 0 };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export function registerBackupCommands(program: Command, deps: CliDeps): void {
  const embeddedOnly = `
For the embedded database only; the server must be stopped (else DB_LOCKED).
The archive holds the database, the key store's master key (keys/) and the
TLS files (tls/): keep it as secret as the data directory. With DATABASE_URL
the command exits 2: back up PostgreSQL with pg_dump (restore with pg_restore)
and keep the master key with the dump.
`;
  jsonOption(
    program
      .command('backup')
      .description('write a consistent tar.gz of the embedded database, the master key and the TLS files')
      .requiredOption('--out <file>', 'the archive to write (refuses to overwrite one)')
      .addHelpText('after', embeddedOnly),
  ).action(
    action(deps, async (config, options: { out: string; json?: boolean }) => {
      requireEmbedded(config, 'pg_dump');
      const result = await backupEmbedded(config, options.out);
      emit(
        options.json,
        result,
        () =>
          `wrote ${result.file} (${result.bytes} bytes: ${result.entries.join(', ')} of ${config.dataDir})\n`,
      );
    }),
  );

  jsonOption(
    program
      .command('restore')
      .description('restore a "podpis backup" archive into the data directory')
      .requiredOption('--in <file>', 'the archive to restore')
      .option('--force', 'replace the installation already in the data directory')
      .addHelpText('after', embeddedOnly),
  ).action(
    action(deps, async (config, options: { in: string; force?: boolean; json?: boolean }) => {
      requireEmbedded(config, 'pg_restore');
      const result = await restoreEmbedded(config, options.in, options.force === true);
      emit(
        options.json,
        result,
        () =>
          `restored ${result.entries.join(', ')} into ${result.dataDir}${result.replaced ? ' (the previous installation was replaced)' : ''}\n`,
      );
    }),
  );
}
