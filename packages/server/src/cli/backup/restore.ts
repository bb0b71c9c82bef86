import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { verifyAuditLog } from '../../ca/audit-signer.js';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/db.js';
import { acquireDirectoryLock } from '../../db/directory-lock.js';
import { migrate, readMigrations } from '../../db/migrate.js';
import { openDatabase } from '../../db/open.js';
import { checkMasterKeyFingerprint, loadMasterKey, masterKeyFile } from '../../keystore/master-key.js';
import { masterKeyId } from '../../keystore/seal.js';
import { CliFailure, CliUsageError } from '../commands/failures.js';
import {
  readHeader,
  readRecords,
  SECTION,
  sniffArchive,
  unlockArchive,
  type ArchiveHeader,
} from './archive.js';
import { databaseFacts, FILE_ENTRIES, present } from './installation.js';
import { connect, postgresTool, userTables, type PostgresTarget } from './postgres.js';
import { Tool } from './tool.js';

export interface RestoreResult {
  dataDir: string;
  database: ArchiveHeader['database'] | 'embedded (unencrypted archive)';
  entries: string[];
  replaced: boolean;
  createdAt: string | null;
  migration: ArchiveHeader['migration'] | null;
  masterKeyFingerprint: string | null;
  pkcs11Keys: number;
  audit: { ok: boolean; message: string };
}

/** Entries of the data directory a restore of `kind` replaces. */
function replaced(kind: ArchiveHeader['database']): readonly string[] {
  return kind === 'embedded' ? ['pglite', ...FILE_ENTRIES] : FILE_ENTRIES;
}

function refuseExisting(config: Config, existing: readonly string[], force: boolean): void {
  if (existing.length > 0 && !force)
    throw new CliFailure(
      'INSTALLATION_EXISTS',
      `${config.dataDir} already holds an installation (${existing.join(', ')}); restore into an empty data directory, or add --force to replace it`,
    );
}

/** Checks that an embedded database unpacked in `dir` opens and has its migrations table. */
async function checkPglite(dir: string, file: string): Promise<void> {
  if (!existsSync(join(dir, 'PG_VERSION')))
    throw new CliFailure('BACKUP_INVALID', `${file} is not a podpis backup (no pglite database in it)`);
  const pglite = await PGlite.create(dir);
  try {
    await pglite.query('SELECT count(*) FROM schema_migrations');
  } catch (error) {
    throw new CliFailure(
      'BACKUP_INVALID',
      `the database in ${file} cannot be read: ${(error as Error).message}`,
    );
  } finally {
    await pglite.close();
  }
}

/**
 * Moves the restored entries from `staging` into the data directory,
 * replacing what is there — under the old embedded database's lock, so a
 * running server is never pulled out from under.
 */
async function moveIn(
  config: Config,
  staging: string,
  entries: readonly string[],
  existing: readonly string[],
) {
  const lock = existsSync(join(config.dataDir, 'pglite', 'PG_VERSION'))
    ? acquireDirectoryLock(join(config.dataDir, 'pglite'))
    : undefined;
  try {
    for (const entry of existing) await rm(join(config.dataDir, entry), { recursive: true, force: true });
    for (const entry of entries) await rename(join(staging, entry), join(config.dataDir, entry));
  } finally {
    lock?.release();
  }
}

/** The unencrypted tar.gz that `podpis backup` wrote before archives were encrypted. */
async function restoreLegacy(config: Config, file: string, force: boolean): Promise<RestoreResult> {
  if (config.databaseUrl !== undefined)
    throw new CliUsageError(
      `${file} is an unencrypted backup of an embedded installation; unset DATABASE_URL`,
    );
  const existing = present(config.dataDir, replaced('embedded'));
  refuseExisting(config, existing, force);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const staging = await mkdtemp(join(config.dataDir, '.restore-'));
  try {
    const tar = new Tool('tar', ['-xzf', file, '-C', staging], {
      code: 'TAR_FAILED',
      stdin: false,
      stdout: false,
    });
    await tar.finished;
    await checkPglite(join(staging, 'pglite'), file);
    const entries = present(staging, replaced('embedded'));
    await moveIn(config, staging, entries, existing);
    const audit = await afterRestore(config, undefined);
    return {
      dataDir: config.dataDir,
      database: 'embedded (unencrypted archive)',
      entries,
      replaced: existing.length > 0,
      createdAt: null,
      migration: null,
      masterKeyFingerprint: null,
      pkcs11Keys: 0,
      audit,
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Before anything is written: the archive fits this Podpis and the key
 * store's master key will be the one its keys are sealed under.
 */
function checkCompatible(config: Config, header: ArchiveHeader, file: string): void {
  const wanted = config.databaseUrl === undefined ? 'embedded' : 'postgresql';
  if (header.database !== wanted)
    throw new CliUsageError(
      header.database === 'embedded'
        ? `${file} is a backup of an embedded installation; restore it without DATABASE_URL`
        : `${file} is a backup of a PostgreSQL installation; set DATABASE_URL to the (empty) database to restore into`,
    );
  const known = readMigrations().length;
  if (header.migration.version > known)
    throw new CliFailure(
      'BACKUP_TOO_NEW',
      `${file} was made by Podpis ${header.podpisVersion} at migration ${header.migration.version}; this Podpis knows migrations up to ${known}: restore with Podpis ${header.podpisVersion} or later`,
    );
  const configured = config.keyStore.masterKey;
  if (configured !== undefined) {
    const mine = masterKeyId(configured);
    if (header.masterKeyFingerprint !== null && mine !== header.masterKeyFingerprint)
      throw new CliFailure(
        'BACKUP_MASTER_KEY_MISMATCH',
        `PODPIS_MASTER_KEY (fingerprint ${mine}) is not the master key of ${file} (fingerprint ${header.masterKeyFingerprint}): set the key the backed-up installation used`,
      );
  } else if (header.masterKeySource === 'environment') {
    throw new CliFailure(
      'BACKUP_MASTER_KEY_MISSING',
      `${file} does not hold the master key (it came from PODPIS_MASTER_KEY, fingerprint ${header.masterKeyFingerprint ?? 'unknown'}): set PODPIS_MASTER_KEY to it`,
    );
  }
}

/** The restored database: its migration level and master key as the header said, then the audit chain. */
async function afterRestore(
  config: Config,
  header: ArchiveHeader | undefined,
): Promise<{ ok: boolean; message: string }> {
  if (header?.masterKeySource === 'file' && config.keyStore.masterKey === undefined) {
    const file = masterKeyFile(config.dataDir);
    if (!existsSync(file))
      throw new CliFailure('BACKUP_INVALID', `the backup held no ${file}, though its header says it should`);
    const fingerprint = masterKeyId(await readFile(file));
    if (header.masterKeyFingerprint !== null && fingerprint !== header.masterKeyFingerprint)
      throw new CliFailure(
        'BACKUP_MASTER_KEY_MISMATCH',
        `the restored ${file} (fingerprint ${fingerprint}) is not the key the header names (${header.masterKeyFingerprint})`,
      );
  }
  const db: Db = await openDatabase(config);
  try {
    if (header !== undefined) {
      const facts = await databaseFacts(async (sql) => (await db.query(sql)).rows);
      if (facts.migration.version !== header.migration.version)
        throw new CliFailure(
          'BACKUP_INVALID',
          `the restored database is at migration ${facts.migration.version}, the header says ${header.migration.version}`,
        );
    }
    await migrate(db);
    if (config.keyStore.masterKey !== undefined || existsSync(masterKeyFile(config.dataDir)))
      await checkMasterKeyFingerprint(
        db,
        loadMasterKey({ dataDir: config.dataDir, masterKey: config.keyStore.masterKey }),
      );
    const verified = await verifyAuditLog(db);
    return { ok: verified.ok, message: verified.message };
  } finally {
    await db.close();
  }
}

/**
 * Where the DATABASE section goes on PostgreSQL: pg_restore turns the
 * custom-format dump into SQL, psql runs it in ONE transaction. psql's
 * input is ended (so it commits) only after the archive's last record was
 * authenticated and pg_restore succeeded; any failure kills psql first,
 * and PostgreSQL rolls the whole restore back. With `force` the
 * transaction starts by emptying the public schema.
 */
class PostgresSink {
  private readonly restore: Tool;
  private readonly psql: Tool;

  constructor(target: PostgresTarget, force: boolean) {
    this.psql = postgresTool(
      target,
      'psql',
      ['--no-psqlrc', '--quiet', '--single-transaction', '--set=ON_ERROR_STOP=1', '--output=/dev/null'],
      { stdin: true, stdout: false },
    );
    this.restore = postgresTool(
      target,
      'pg_restore',
      ['--format=custom', '--no-owner', '--no-privileges', '--file=-'],
      {
        stdin: true,
        stdout: true,
      },
    );
    if (force) this.psql.stdin.write('DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n');
    this.restore.stdout.pipe(this.psql.stdin, { end: false });
  }

  /** Feeds pg_restore; psql ending before its input did is a failure too (its error says why). */
  feed(data: Buffer): Promise<void> {
    return Promise.race([
      this.restore.feed(data),
      this.psql.finished.then(() => {
        throw new CliFailure('PG_RESTORE_FAILED', 'psql ended before the dump did');
      }),
    ]);
  }

  async commit(): Promise<void> {
    await this.restore.close();
    await new Promise<void>((done) => {
      if (this.restore.stdout.readableEnded) done();
      else this.restore.stdout.once('end', done);
    });
    await this.psql.close();
  }

  abort(): void {
    this.psql.kill();
    this.restore.kill();
  }
}

async function restoreEncrypted(
  config: Config,
  handle: FileHandle,
  file: string,
  options: { passphrase: () => Promise<string>; force: boolean; pgBin: string | undefined },
): Promise<RestoreResult> {
  const { header, aad, recordsAt } = await readHeader(handle, file);
  checkCompatible(config, header, file);
  const key = await unlockArchive(header, await options.passphrase());
  const existing = present(config.dataDir, replaced(header.database));
  refuseExisting(config, existing, options.force);
  const target =
    config.databaseUrl === undefined ? undefined : { url: config.databaseUrl, bin: options.pgBin };
  if (target !== undefined) {
    const client = await connect(target.url);
    try {
      const tables = await userTables(client);
      if (tables > 0 && !options.force)
        throw new CliFailure(
          'DATABASE_NOT_EMPTY',
          `the database to restore into already has ${tables} table(s); restore into an empty database (CREATE DATABASE …), or add --force to replace its public schema`,
        );
    } finally {
      await client.end();
    }
  }

  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const staging = await mkdtemp(join(config.dataDir, '.restore-'));
  let tar: Tool | undefined;
  let sink: PostgresSink | undefined;
  try {
    for await (const { section, data } of readRecords(handle, file, key, aad, recordsAt)) {
      if (section === SECTION.FILES) {
        tar ??= new Tool('tar', ['-xzf', '-', '-C', staging], {
          code: 'TAR_FAILED',
          stdin: true,
          stdout: false,
        });
        await tar.feed(data);
      } else {
        if (target === undefined)
          throw new CliFailure('BACKUP_INVALID', `${file} holds a PostgreSQL dump but says it is embedded`);
        sink ??= new PostgresSink(target, options.force);
        await sink.feed(data);
      }
    }
    // Every record is authentic and the archive is whole: now the parts may take effect.
    await tar?.close();
    if (target !== undefined) {
      if (sink === undefined) throw new CliFailure('BACKUP_INVALID', `${file} holds no database dump`);
      await sink.commit();
    } else {
      await checkPglite(join(staging, 'pglite'), file);
    }
    const entries = present(staging, replaced(header.database));
    await moveIn(config, staging, entries, existing);
    const audit = await afterRestore(config, header);
    return {
      dataDir: config.dataDir,
      database: header.database,
      entries: target === undefined ? entries : ['database', ...entries],
      replaced: existing.length > 0,
      createdAt: header.createdAt,
      migration: header.migration,
      masterKeyFingerprint: header.masterKeyFingerprint,
      pkcs11Keys: header.pkcs11Keys,
      audit,
    };
  } catch (error) {
    sink?.abort();
    tar?.kill();
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** `podpis restore`: an encrypted archive (embedded or PostgreSQL), or an old unencrypted one. */
export async function restoreBackup(
  config: Config,
  options: { input: string; passphrase: () => Promise<string>; force: boolean; pgBin: string | undefined },
): Promise<RestoreResult> {
  const file = resolve(options.input);
  if (!existsSync(file)) throw new CliFailure('BACKUP_NOT_FOUND', `no backup file ${file}`);
  const handle = await open(file, 'r');
  try {
    const kind = await sniffArchive(handle);
    if (kind === 'legacy-tar-gz') return await restoreLegacy(config, file, options.force);
    if (kind === 'unknown') throw new CliFailure('BACKUP_INVALID', `${file} is not a podpis backup`);
    return await restoreEncrypted(config, handle, file, options);
  } finally {
    await handle.close();
  }
}
