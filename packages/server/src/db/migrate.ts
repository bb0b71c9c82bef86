import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from './db.js';
import { DbError } from './errors.js';

/** The SQL files shipped with the server: `migrations/NNNN_name.sql`, next to src/ and dist/. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Any constant shared by every Podpis node; taken with pg_advisory_xact_lock
 * so concurrent starters apply migrations one after another.
 */
const MIGRATION_LOCK_KEY = 0x506f6470; // "Podp"

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: Migration[];
  alreadyApplied: number;
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Line endings are normalised so a checkout with CRLF does not look like an edited migration. */
function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) {
        throw new DbError(
          'MIGRATION_INVALID_NAME',
          `migration file ${file} must be named NNNN_lower_snake_name.sql`,
        );
      }
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version: Number(match[1]), name: match[2]!, sql, checksum: checksumOf(sql) };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new DbError(
        'MIGRATION_INVALID_NAME',
        `migrations must be numbered 0001, 0002, … without gaps or duplicates; found ${String(migration.version).padStart(4, '0')}_${migration.name} at position ${index + 1}`,
      );
    }
  });
  return migrations;
}

interface AppliedRow extends Record<string, unknown> {
  version: number;
  name: string;
  checksum: string;
}

async function appliedMigrations(tx: Queryable): Promise<AppliedRow[]> {
  await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const { rows } = await tx.query<AppliedRow>(
    'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
  );
  return rows;
}

/** Refuses a database whose history differs from the files: edited or unknown migrations. */
function checkHistory(applied: readonly AppliedRow[], migrations: readonly Migration[]): void {
  for (const row of applied) {
    const file = migrations.find((m) => m.version === row.version);
    const label = `${String(row.version).padStart(4, '0')}_${row.name}`;
    if (!file) {
      throw new DbError(
        'MIGRATION_UNKNOWN',
        `the database has migration ${label}, which this version of Podpis does not know; it was migrated by a newer version`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new DbError(
        'MIGRATION_CHECKSUM_MISMATCH',
        `migration ${label} was changed after it was applied (checksum differs); restore the original file and add a new migration instead`,
      );
    }
  }
}

/**
 * Applies every pending migration in one transaction, under an advisory
 * lock so that nodes starting together apply each migration exactly once.
 * Either all pending migrations are applied or none.
 */
export async function migrate(db: Db, migrations: Migration[] = readMigrations()): Promise<MigrationReport> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await appliedMigrations(tx);
    checkHistory(applied, migrations);
    const pending = migrations.filter((m) => !applied.some((row) => row.version === m.version));
    for (const migration of pending) {
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new DbError(
          'MIGRATION_FAILED',
          `migration ${migration.version} (${migration.name}) failed: ${reason}`,
          {
            cause: error,
          },
        );
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
    }
    return { applied: pending, alreadyApplied: applied.length };
  });
}

export interface MigrationStatus {
  upToDate: boolean;
  pending: number;
}

/** Read-only check for /ready: are all known migrations applied, unchanged? */
export async function migrationStatus(
  db: Queryable,
  migrations: readonly Migration[],
): Promise<MigrationStatus> {
  const exists = await db.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (exists.rows[0]?.present !== true) return { upToDate: false, pending: migrations.length };
  const { rows } = await db.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations');
  checkHistory(rows, migrations);
  const pending = migrations.filter((m) => !rows.some((row) => row.version === m.version)).length;
  return { upToDate: pending === 0, pending };
}
