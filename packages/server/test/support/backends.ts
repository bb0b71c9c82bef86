import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, inject } from 'vitest';
import { createDatabase, tempDir } from '@podpis/testkit';
import type { Db } from '../../src/db/db.js';
import { migrate } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** Opens a new, empty database of this kind. */
  open(): Promise<Db>;
}

let pgliteTemplate: Promise<string> | undefined;

/**
 * PGlite's initdb costs about 2 s; copying an initialised, empty data dir
 * and opening it costs a quarter of that, so each test still gets its own
 * on-disk database.
 */
async function freshPglite(): Promise<Db> {
  pgliteTemplate ??= (async () => {
    const dir = join(tempDir('podpis-pglite-template-'), 'pglite');
    await (await openPglite(dir)).close();
    return dir;
  })();
  const dir = join(tempDir('podpis-pglite-'), 'pglite');
  cpSync(await pgliteTemplate, dir, { recursive: true });
  return openPglite(dir);
}

/** Every repository test runs once per backend: `describe.each(backends)`. */
export const backends: Backend[] = [
  { name: 'pglite', open: freshPglite },
  { name: 'postgres', open: async () => openPostgres(await createDatabase(inject('postgresUrl'))) },
];

/**
 * The list a test puts the databases it opens in; each is closed after the
 * test. Call it in a describe block or at a file's top level.
 */
export function closedAfterEach(): Db[] {
  const opened: Db[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });
  return opened;
}

/** Opens a new, migrated database of `backend` at each call, closed after the test. */
export function migratedDatabases(backend: Backend): () => Promise<Db> {
  const opened = closedAfterEach();
  return async () => {
    const db = await backend.open();
    opened.push(db);
    await migrate(db);
    return db;
  };
}
