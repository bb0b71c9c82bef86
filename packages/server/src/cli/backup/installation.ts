import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Runs one read-only query and returns its rows (PGlite and node-postgres alike). */
export type ReadQuery = (sql: string) => Promise<Record<string, unknown>[]>;

/** Directories of the data directory a backup carries besides the database. */
export const FILE_ENTRIES = ['keys', 'tls'] as const;

/** What the header tells about the database backed up. */
export interface DatabaseFacts {
  migration: { version: number; name: string };
  masterKeyFingerprint: string | null;
  pkcs11Keys: number;
}

async function tableExists(read: ReadQuery, table: string): Promise<boolean> {
  const rows = await read(
    `SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '${table}'`,
  );
  return rows.length > 0;
}

/** The migration level, the recorded master-key fingerprint and how many keys live on a token. */
export async function databaseFacts(read: ReadQuery): Promise<DatabaseFacts> {
  const [last] = await read('SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1');
  const fingerprint = (await tableExists(read, 'key_store_master'))
    ? await read('SELECT master_key_id FROM key_store_master')
    : [];
  const [tokenKeys] = await read("SELECT count(*)::int AS n FROM stored_keys WHERE backend = 'pkcs11'");
  return {
    migration: { version: Number(last?.version ?? 0), name: typeof last?.name === 'string' ? last.name : '' },
    masterKeyFingerprint: (fingerprint[0]?.master_key_id as string | undefined) ?? null,
    pkcs11Keys: Number(tokenKeys?.n ?? 0),
  };
}

/** The entries of `names` that exist in `dir`. */
export function present(dir: string, names: readonly string[]): string[] {
  return names.filter((name) => existsSync(join(dir, name)));
}
