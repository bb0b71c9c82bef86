import { existsSync, readFileSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '../../config/config.js';
import { acquireDirectoryLock } from '../../db/directory-lock.js';
import { masterKeyFile } from '../../keystore/master-key.js';
import { masterKeyId } from '../../keystore/seal.js';
import { VERSION } from '../../version.js';
import { CliFailure } from '../commands/failures.js';
import { ArchiveWriter, SECTION, type ArchiveHeader, type Section } from './archive.js';
import { databaseFacts, FILE_ENTRIES, present, type DatabaseFacts } from './installation.js';
import { connect, postgresTool, type PostgresTarget } from './postgres.js';
import { Tool } from './tool.js';

export interface BackupResult {
  file: string;
  bytes: number;
  database: ArchiveHeader['database'];
  entries: string[];
  migration: ArchiveHeader['migration'];
  masterKeyFingerprint: string | null;
  masterKeySource: ArchiveHeader['masterKeySource'];
  pkcs11Keys: number;
}

/** Streams a tool's output into one section of the archive, then waits for its success. */
async function pump(tool: Tool, writer: ArchiveWriter, section: Section): Promise<void> {
  try {
    for await (const chunk of tool.stdout) await writer.write(section, chunk as Buffer);
  } catch (error) {
    tool.kill();
    throw error;
  }
  await tool.finished;
}

function tarFiles(dir: string, entries: readonly string[], exclude: readonly string[] = []): Tool {
  return new Tool('tar', ['-czf', '-', ...exclude.map((e) => `--exclude=${e}`), '-C', dir, ...entries], {
    code: 'TAR_FAILED',
    stdin: false,
    stdout: true,
  });
}

/**
 * Writes the archive beside `out` (`.partial`, mode 0600 from the first
 * byte: it holds the master key) and renames it into place only when whole,
 * so a failed backup never leaves a file that looks like one.
 */
async function writeArchive(
  out: string,
  header: (file: string) => Promise<Omit<ArchiveHeader, 'encryption'>>,
  passphrase: string,
  body: (writer: ArchiveWriter) => Promise<void>,
): Promise<{ file: string; bytes: number; header: Omit<ArchiveHeader, 'encryption'> }> {
  const file = resolve(out);
  if (existsSync(file)) throw new CliFailure('OUTPUT_EXISTS', `${file} exists; choose another name`);
  const partial = `${file}.partial`;
  const handle = await open(partial, 'wx', 0o600).catch((error: unknown) => {
    throw new CliFailure(
      'OUTPUT_NOT_WRITTEN',
      `cannot create ${partial}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  });
  try {
    const facts = await header(file);
    const writer = await ArchiveWriter.start(handle, facts, passphrase);
    await body(writer);
    await writer.finish();
    await handle.sync();
    await handle.close();
    await rename(partial, file);
    return { file, bytes: (await stat(file)).size, header: facts };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * The master key's fingerprint for an installation that has not recorded
 * one yet (`init` without a `serve` since): the key's own, from the
 * environment or keys/master.key, so restore can still check it.
 */
function fingerprintOfKey(config: Config): string | null {
  if (config.keyStore.masterKey !== undefined) return masterKeyId(config.keyStore.masterKey);
  const file = masterKeyFile(config.dataDir);
  return existsSync(file) ? masterKeyId(readFileSync(file)) : null;
}

function headerOf(
  config: Config,
  database: ArchiveHeader['database'],
  facts: DatabaseFacts,
  entries: string[],
  postgresVersion?: string,
): Omit<ArchiveHeader, 'encryption'> {
  return {
    format: 'podpis-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    podpisVersion: VERSION,
    database,
    ...(postgresVersion ? { postgresVersion } : {}),
    ...facts,
    masterKeyFingerprint: facts.masterKeyFingerprint ?? fingerprintOfKey(config),
    masterKeySource: config.keyStore.masterKey === undefined ? 'file' : 'environment',
    entries,
  };
}

function result(written: Awaited<ReturnType<typeof writeArchive>>): BackupResult {
  const { header } = written;
  return {
    file: written.file,
    bytes: written.bytes,
    database: header.database,
    entries: header.entries,
    migration: header.migration,
    masterKeyFingerprint: header.masterKeyFingerprint,
    masterKeySource: header.masterKeySource,
    pkcs11Keys: header.pkcs11Keys,
  };
}

/**
 * The embedded database: opened once under its directory lock (so no
 * server has it open; a crashed one's state is recovered), read for the
 * header and closed cleanly, then archived with keys/ and tls/ while the
 * lock is still held: a consistent copy.
 */
async function backupEmbedded(config: Config, out: string, passphrase: string): Promise<BackupResult> {
  const dir = join(config.dataDir, 'pglite');
  if (!existsSync(join(dir, 'PG_VERSION')))
    throw new CliFailure('NOT_INITIALISED', `there is no embedded database in ${dir}`);
  const lock = acquireDirectoryLock(dir);
  try {
    const entries = ['pglite', ...present(config.dataDir, FILE_ENTRIES)];
    const written = await writeArchive(
      out,
      async () => {
        const pglite = await PGlite.create(dir);
        try {
          const facts = await databaseFacts(async (sql) => (await pglite.query(sql)).rows as never);
          return headerOf(config, 'embedded', facts, entries);
        } finally {
          await pglite.close();
        }
      },
      passphrase,
      (writer) => pump(tarFiles(config.dataDir, entries, ['pglite/podpis.lock']), writer, SECTION.FILES),
    );
    return result(written);
  } finally {
    lock.release();
  }
}

/**
 * PostgreSQL: a read-only REPEATABLE READ transaction exports its snapshot;
 * the header is read in it and pg_dump (custom format) dumps that very
 * snapshot, so header and dump agree while the servers keep writing.
 */
async function backupPostgres(
  config: Config,
  target: PostgresTarget,
  out: string,
  passphrase: string,
): Promise<BackupResult> {
  const client = await connect(target.url);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<{ snapshot: string; version: string }>(
      "SELECT pg_export_snapshot() AS snapshot, current_setting('server_version') AS version",
    );
    const { snapshot, version } = rows[0]!;
    const entries = present(config.dataDir, FILE_ENTRIES);
    const written = await writeArchive(
      out,
      async () => {
        const facts = await databaseFacts(
          async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
        );
        return headerOf(config, 'postgresql', facts, entries, version);
      },
      passphrase,
      async (writer) => {
        if (entries.length > 0) await pump(tarFiles(config.dataDir, entries), writer, SECTION.FILES);
        const dump = postgresTool(target, 'pg_dump', ['--format=custom', `--snapshot=${snapshot}`], {
          stdin: false,
          stdout: true,
        });
        await pump(dump, writer, SECTION.DATABASE);
      },
    );
    await client.query('COMMIT');
    return result(written);
  } finally {
    await client.end();
  }
}

/** `podpis backup`: one encrypted archive of the installation (docs/deploy.md, "Backup and restore"). */
export function createBackup(
  config: Config,
  options: { out: string; passphrase: string; pgBin: string | undefined },
): Promise<BackupResult> {
  return config.databaseUrl === undefined
    ? backupEmbedded(config, options.out, options.passphrase)
    : backupPostgres(
        config,
        { url: config.databaseUrl, bin: options.pgBin },
        options.out,
        options.passphrase,
      );
}
