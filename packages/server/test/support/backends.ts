import { createHash, randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import pg from 'pg';
import { afterEach, inject } from 'vitest';
import { createDatabase, tempDir } from '@podpis/testkit';
import type { Db } from '../../src/db/db.js';
import { migrate, readMigrations } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** Opens a new database of this kind with every migration applied (a copy of a migrated template). */
  open(): Promise<Db>;
  /** Opens a new, empty database of this kind: for the tests of migrations themselves. */
  openEmpty(): Promise<Db>;
}

/** PGlite's version: a data directory made by another version may not open. */
function pgliteVersion(): string {
  // The package does not export its package.json: found by walking up from its entry point.
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The migrations' and PGlite's fingerprint: a template made from other
 * migrations (an older checkout, an edited file) or by another PGlite is
 * never reused.
 */
const PGLITE_VERSION = pgliteVersion();
const TEMPLATE_ID = createHash('sha256')
  .update(PGLITE_VERSION)
  .update(
    readMigrations()
      .map((m) => `${m.version}:${m.checksum}`)
      .join('\n'),
  )
  .digest('hex')
  .slice(0, 16);

/**
 * Templates live outside the per-file temp dirs, so every test file of a run
 * (and the next run) reuses them: PGlite's initdb costs about 2 s and the
 * migrations another 2–4 s, many times over in a run.
 */
const TEMPLATE_ROOT = join(tmpdir(), 'podpis-test-templates');
const DAY_MS = 86_400_000;

/** Makes `dir` once with `build` (into a scratch dir, then renamed, so a half-built template is never seen). */
async function cachedDir(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(TEMPLATE_ROOT, name);
  if (existsSync(dir)) return dir;
  mkdirSync(TEMPLATE_ROOT, { recursive: true });
  const scratch = join(TEMPLATE_ROOT, `.${name}-${randomBytes(4).toString('hex')}`);
  await build(scratch);
  try {
    renameSync(scratch, dir);
  } catch {
    // Another test file built it meanwhile: theirs is as good.
    rmSync(scratch, { recursive: true, force: true });
  }
  return dir;
}

let pgliteTemplates: { empty: Promise<string>; migrated: Promise<string> } | undefined;

function pgliteTemplate(kind: 'empty' | 'migrated'): Promise<string> {
  pgliteTemplates ??= (() => {
    const empty = cachedDir(`pglite-empty-${PGLITE_VERSION}`, async (dir) => {
      await (await openPglite(dir)).close();
    });
    const migrated = empty.then((emptyDir) =>
      cachedDir(`pglite-${TEMPLATE_ID}`, async (dir) => {
        // Templates of other migrations or another PGlite are removed once a day old: until
        // then another checkout (a git worktree beside this one) may still be copying them.
        const current = new Set([basename(emptyDir), `pglite-${TEMPLATE_ID}`]);
        for (const other of readdirSync(TEMPLATE_ROOT).filter((n) => !n.startsWith('.') && !current.has(n))) {
          const path = join(TEMPLATE_ROOT, other);
          if (Date.now() - statSync(path).mtimeMs > DAY_MS) rmSync(path, { recursive: true, force: true });
        }
        cpSync(emptyDir, dir, { recursive: true });
        const db = await openPglite(dir);
        try {
          await migrate(db);
        } finally {
          await db.close();
        }
      }),
    );
    return { empty, migrated };
  })();
  return pgliteTemplates[kind];
}

/**
 * Each test still gets its own on-disk database: a copy of the template,
 * removed when it is closed (a migrated copy is some 40 MB).
 */
async function pgliteFrom(kind: 'empty' | 'migrated'): Promise<Db> {
  const parent = tempDir('podpis-pglite-');
  const dir = join(parent, 'pglite');
  cpSync(await pgliteTemplate(kind), dir, { recursive: true });
  const db = await openPglite(dir);
  return {
    ...db,
    close: async () => {
      await db.close();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/**
 * A migrated PGlite database of a test's own. Copying the migrated template
 * takes about a second; an in-memory PGlite runs initdb and the migrations,
 * three to six on this machine.
 */
export function openTestPglite(): Promise<Db> {
  return pgliteFrom('migrated');
}

/** A PGlite database of a test's own with no migration applied (a copy of the empty template). */
export function openEmptyTestPglite(): Promise<Db> {
  return pgliteFrom('empty');
}

let postgresTemplate: Promise<string> | undefined;

/**
 * A migrated database on the run's PostgreSQL server that others are created
 * from (CREATE DATABASE … TEMPLATE copies its files). Test files run in
 * parallel, so the first to need it makes it under an advisory lock.
 */
function migratedPostgresTemplate(serverUrl: string): Promise<string> {
  postgresTemplate ??= (async () => {
    const name = `podpis_template_${TEMPLATE_ID}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query('SELECT pg_advisory_lock(7357)');
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) {
        const scratchUrl = await createDatabase(serverUrl);
        const db = await openPostgres(scratchUrl);
        try {
          await migrate(db);
        } finally {
          await db.close();
        }
        const scratch = new URL(scratchUrl).pathname.slice(1);
        await admin.query(
          `ALTER DATABASE ${pg.escapeIdentifier(scratch)} RENAME TO ${pg.escapeIdentifier(name)}`,
        );
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock(7357)').catch(() => undefined);
      await admin.end();
    }
    return name;
  })();
  return postgresTemplate;
}

/** Every repository test runs once per backend: `describe.each(backends)`. */
export const backends: Backend[] = [
  { name: 'pglite', open: () => pgliteFrom('migrated'), openEmpty: () => pgliteFrom('empty') },
  {
    name: 'postgres',
    open: async () => {
      const serverUrl = inject('postgresUrl');
      return openPostgres(await createDatabase(serverUrl, await migratedPostgresTemplate(serverUrl)));
    },
    openEmpty: async () => openPostgres(await createDatabase(inject('postgresUrl'))),
  },
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
    return db;
  };
}
