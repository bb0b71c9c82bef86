import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { Db } from './db.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  return config.databaseUrl !== undefined
    ? openPostgres(config.databaseUrl)
    : openPglite(join(config.dataDir, 'pglite'));
}

/** Where the database lives, for messages (never prints a password). */
export function describeDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  if (config.databaseUrl === undefined) return `embedded PGlite in ${join(config.dataDir, 'pglite')}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}
