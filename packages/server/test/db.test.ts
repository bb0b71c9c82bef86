import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createDatabase, tempDir } from '@podpis/testkit';
import type { Db } from '../src/db/db.js';
import { DbError } from '../src/db/errors.js';
import { migrate, migrationStatus, readMigrations, type Migration } from '../src/db/migrate.js';
import { openPglite } from '../src/db/pglite.js';
import { openPostgres } from '../src/db/postgres.js';
import { CommitGroup } from '../src/db/commit-group.js';
import { mergedInserts, withStatements } from '../src/db/statement.js';
import { backends, closedAfterEach } from './support/backends.js';

function migrationsDir(files: Record<string, string>): string {
  const dir = tempDir('podpis-migrations-');
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

const twoMigrations = {
  '0001_people.sql': 'CREATE TABLE people (id serial PRIMARY KEY, name text NOT NULL UNIQUE);',
  '0002_seed.sql':
    "INSERT INTO people (name) VALUES ('Иванов'); INSERT INTO people (name) VALUES ('Петров');",
};

describe.each(backends)('database on $name', (backend) => {
  const opened = closedAfterEach();
  async function open(): Promise<Db> {
    const db = await backend.openEmpty();
    opened.push(db);
    return db;
  }

  it('runs parameterised queries and reports affected rows', async () => {
    const db = await open();
    expect(db.kind).toBe(backend.name);
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, label text)');
    const inserted = await db.query('INSERT INTO t VALUES ($1, $2), ($3, $4)', [1, 'один', 2, "it's"]);
    expect(inserted.rowCount).toBe(2);
    const { rows } = await db.query<{ id: number; label: string }>(
      'SELECT id, label FROM t WHERE id >= $1 ORDER BY id',
      [1],
    );
    expect(rows).toEqual([
      { id: 1, label: 'один' },
      { id: 2, label: "it's" },
    ]);
  });

  it('commits a transaction that succeeds and rolls back one that throws', async () => {
    const db = await open();
    await db.exec('CREATE TABLE t (id int PRIMARY KEY)');
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1)');
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (2)');
        await tx.query('INSERT INTO t VALUES (1)'); // duplicate key
      }),
    ).rejects.toThrow(/duplicate key/);
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (3)');
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const { rows } = await db.query('SELECT id FROM t ORDER BY id');
    expect(rows).toEqual([{ id: 1 }]);
  });

  it('a transaction holds from its first statement, with or without parameters, and one that ran none commits nothing', async () => {
    const db = await open();
    await db.exec('CREATE TABLE t (id int PRIMARY KEY)');
    type At = { at: Date };
    for (const first of [
      { sql: 'SELECT transaction_timestamp() AS at', params: [] },
      { sql: 'SELECT transaction_timestamp() AS at WHERE $1::int = 1', params: [1] },
    ]) {
      const [opened, later] = await db.transaction(async (tx) => {
        const { rows } = await tx.query<At>(first.sql, first.params);
        await tx.query('SELECT pg_sleep(0.02)');
        return [rows[0]!.at, (await tx.query<At>('SELECT transaction_timestamp() AS at')).rows[0]!.at];
      });
      // One transaction: its timestamp did not move between the first statement and the last.
      expect(later.getTime()).toBe(opened.getTime());
    }
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (1)');
        throw new Error('after the first statement');
      }),
    ).rejects.toThrow('after the first statement');
    await expect(db.transaction(async (tx) => tx.query('SELECT no_such_column FROM t'))).rejects.toThrow(
      /no_such_column/,
    );
    await expect(db.transaction(async () => 'nothing run')).resolves.toBe('nothing run');
    expect((await db.query('SELECT id FROM t')).rows).toEqual([]);
    await db.transaction(async (tx) => tx.exec('INSERT INTO t VALUES (2); INSERT INTO t VALUES (3)'));
    expect((await db.query('SELECT id FROM t ORDER BY id')).rows).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('runs statements combined by withStatements as one: all of them, or none when one fails', async () => {
    const db = await open();
    await db.exec('CREATE TABLE a (id int PRIMARY KEY, label text); CREATE TABLE b (id int PRIMARY KEY)');
    const insertA = (id: number, label: string) => ({
      sql: 'INSERT INTO a (id, label) VALUES ($1, $2)',
      params: [id, label],
    });
    const insertB = (id: number) => ({ sql: 'INSERT INTO b (id) VALUES ($1)', params: [id] });
    const combined = withStatements(
      { sql: 'WITH c AS (SELECT $1::int AS id) INSERT INTO b SELECT id FROM c', params: [10] },
      [insertA(1, 'один'), insertB(11)],
    );
    expect(combined.params).toEqual([10, 1, 'один', 11]);
    await db.query(combined.sql, combined.params);
    const failing = withStatements(insertB(20), [insertA(2, 'два'), insertB(11)]); // 11 is there already
    await expect(db.query(failing.sql, failing.params)).rejects.toThrow(/duplicate key/);
    expect((await db.query('SELECT id, label FROM a')).rows).toEqual([{ id: 1, label: 'один' }]);
    expect((await db.query('SELECT id FROM b ORDER BY id')).rows).toEqual([{ id: 10 }, { id: 11 }]);
  });

  it('merges single-row INSERTs of the same SQL into one multi-row INSERT, rows in order, others as they are', async () => {
    const db = await open();
    await db.exec(
      'CREATE TABLE a (id int PRIMARY KEY, label text); CREATE TABLE b (id serial PRIMARY KEY, n int)',
    );
    const insertA = (id: number, label: string | null) => ({
      sql: 'INSERT INTO a (id, label) VALUES ($1, $2)',
      params: [id, label],
    });
    const insertB = (n: number) => ({ sql: 'INSERT INTO b (n) VALUES ($1)', params: [n] });
    const update = { sql: 'UPDATE a SET label = $1 WHERE id = 0', params: ['x'] };
    const merged = mergedInserts([
      insertA(1, 'один'),
      insertB(7),
      update,
      insertA(2, null),
      insertB(8),
      insertA(3, 'три'),
    ]);
    expect(merged).toHaveLength(3);
    expect(merged[0]).toBe(update);
    expect(merged[1]!.params).toEqual([1, 'один', 2, null, 3, 'три']);
    expect(merged[1]!.sql).toMatch(/VALUES \(\$1, \$2\),\n\(\$3, \$4\),\n\(\$5, \$6\)$/);
    const combined = withStatements(merged[0]!, merged.slice(1));
    await db.query(combined.sql, combined.params);
    expect((await db.query('SELECT id, label FROM a ORDER BY id')).rows).toEqual([
      { id: 1, label: 'один' },
      { id: 2, label: null },
      { id: 3, label: 'три' },
    ]);
    // Serial ids follow the order the rows were given in.
    expect((await db.query('SELECT n FROM b ORDER BY id')).rows).toEqual([{ n: 7 }, { n: 8 }]);
  });

  it('group commit: writes arriving during a commit share the next transaction; one that fails, fails alone', async () => {
    const db = await open();
    await db.exec('CREATE TABLE t (id int PRIMARY KEY)');
    await db.query('INSERT INTO t VALUES (13)');
    const batches: number[][] = [];
    const group = new CommitGroup<number>(db, async (tx, ids) => {
      batches.push([...ids]);
      for (const id of ids) await tx.query('INSERT INTO t VALUES ($1)', [id]);
    });
    const ids = Array.from({ length: 20 }, (_, index) => index + 1);
    const outcomes = await Promise.allSettled(ids.map((id) => group.submit(id)));
    // The first went alone, at once; the 19 that came while it committed went together.
    expect(batches[0]).toEqual([1]);
    expect(batches[1]).toEqual(ids.slice(1));
    // 13 is there already: its batch failed whole and each of its writes was tried alone.
    expect(batches.slice(2)).toEqual(ids.slice(1).map((id) => [id]));
    outcomes.forEach((outcome, index) => {
      if (ids[index] !== 13) expect(outcome.status).toBe('fulfilled');
      else if (outcome.status === 'rejected') expect(String(outcome.reason)).toMatch(/duplicate key/);
      else expect.fail('the duplicate was written');
    });
    const { rows } = await db.query<{ id: number }>('SELECT id FROM t ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual(ids);

    // A lone write later is written at once, in a transaction of its own.
    await group.submit(21);
    expect(batches.at(-1)).toEqual([21]);
  });

  it('applies the shipped migrations once and reports ready', async () => {
    const db = await open();
    const shipped = readMigrations();
    expect(await migrationStatus(db, shipped)).toEqual({ upToDate: false, pending: shipped.length });
    const first = await migrate(db);
    expect(first.applied.map((m) => m.version)).toEqual(shipped.map((m) => m.version));
    const second = await migrate(db);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(shipped.length);
    expect(await migrationStatus(db, shipped)).toEqual({ upToDate: true, pending: 0 });
    const { rows } = await db.query('SELECT count(*)::int AS n FROM installation');
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('applies new migrations on top of old ones, in order', async () => {
    const db = await open();
    const dir = migrationsDir({ '0001_people.sql': twoMigrations['0001_people.sql'] });
    await migrate(db, readMigrations(dir));
    writeFileSync(join(dir, '0002_seed.sql'), twoMigrations['0002_seed.sql']);
    const report = await migrate(db, readMigrations(dir));
    expect(report.applied.map((m) => m.name)).toEqual(['seed']);
    expect((await db.query('SELECT name FROM people ORDER BY id')).rows).toEqual([
      { name: 'Иванов' },
      { name: 'Петров' },
    ]);
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const db = await open();
    const dir = migrationsDir(twoMigrations);
    await migrate(db, readMigrations(dir));
    writeFileSync(join(dir, '0002_seed.sql'), "INSERT INTO people (name) VALUES ('Сидоров');");
    const error = await migrate(db, readMigrations(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbError);
    expect((error as DbError).code).toBe('MIGRATION_CHECKSUM_MISMATCH');
    expect((error as DbError).message).toContain('0002_seed');
    await expect(migrationStatus(db, readMigrations(dir))).rejects.toThrow(/changed after it was applied/);
  });

  it('accepts the same migration checked out with CRLF line endings', async () => {
    const db = await open();
    await migrate(db, readMigrations(migrationsDir(twoMigrations)));
    const crlf = migrationsDir({
      '0001_people.sql': twoMigrations['0001_people.sql'].replace(/\n/g, '\r\n'),
      '0002_seed.sql': twoMigrations['0002_seed.sql'],
    });
    await expect(migrate(db, readMigrations(crlf))).resolves.toMatchObject({ applied: [] });
  });

  it('refuses a database migrated by a newer version', async () => {
    const db = await open();
    await migrate(db, readMigrations(migrationsDir(twoMigrations)));
    const older = readMigrations(migrationsDir({ '0001_people.sql': twoMigrations['0001_people.sql'] }));
    await expect(migrate(db, older)).rejects.toMatchObject({ code: 'MIGRATION_UNKNOWN' });
  });

  it('applies all pending migrations or none', async () => {
    const db = await open();
    const broken = readMigrations(
      migrationsDir({ ...twoMigrations, '0003_broken.sql': 'INSERT INTO no_such_table VALUES (1);' }),
    );
    await expect(migrate(db, broken)).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
    const tables = await db.query("SELECT to_regclass('people') IS NULL AS absent");
    expect(tables.rows).toEqual([{ absent: true }]);
  });
});

describe('migration files', () => {
  it('must be numbered without gaps and named NNNN_name.sql', () => {
    expect(() => readMigrations(migrationsDir({ '0001_a.sql': '', '0003_c.sql': '' }))).toThrow(
      /without gaps/,
    );
    expect(() => readMigrations(migrationsDir({ '1_a.sql': '' }))).toThrow(DbError);
    expect(() => readMigrations(migrationsDir({ '0001_A-b.sql': '' }))).toThrow(/NNNN_lower_snake_name/);
  });
});

describe('concurrent starters on one PostgreSQL database', () => {
  it('apply each migration exactly once', async () => {
    const url = await createDatabase(inject('postgresUrl'));
    // Not idempotent on purpose: a second application would fail (table exists) or duplicate rows.
    const migrations: Migration[] = readMigrations(
      migrationsDir({
        '0001_people.sql': twoMigrations['0001_people.sql'],
        '0002_slow_seed.sql': "SELECT pg_sleep(0.3); INSERT INTO people (name) VALUES ('once');",
      }),
    );
    const nodes = await Promise.all(
      Array.from({ length: 5 }, () => openPostgres(url, { maxConnections: 2 })),
    );
    try {
      const reports = await Promise.all(nodes.map((db) => migrate(db, migrations)));
      expect(reports.map((r) => r.applied.length).sort()).toEqual([0, 0, 0, 0, 2]);
      const people = await nodes[0]!.query('SELECT name FROM people');
      expect(people.rows).toEqual([{ name: 'once' }]);
    } finally {
      await Promise.all(nodes.map((db) => db.close()));
    }
  });
});

describe('a PostgreSQL connection lost inside a transaction', () => {
  it('fails that transaction, keeps the process alive and leaves the pool usable', async () => {
    const url = await createDatabase(inject('postgresUrl'));
    const db = await openPostgres(url, { maxConnections: 2 });
    try {
      const outcome = await db
        .transaction(async (tx) => {
          const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          // Another connection ends this one's server process, as a failover or a network cut would.
          await db.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
          // The lost connection's 'error' event arrives while no statement runs on it.
          await new Promise((resolve) => setTimeout(resolve, 200));
          await tx.query('SELECT 1');
        })
        .then(
          () => 'committed',
          (error: unknown) => (error instanceof Error ? error.constructor.name : 'thrown'),
        );
      expect(outcome).not.toBe('committed');
      // The broken connection was discarded: both pooled connections work.
      const answers = await Promise.all([db.query('SELECT 1 AS one'), db.query('SELECT 1 AS one')]);
      expect(answers.map((a) => a.rows)).toEqual([[{ one: 1 }], [{ one: 1 }]]);
    } finally {
      await db.close();
    }
  });
});

describe('embedded database directory', () => {
  it('cannot be opened twice at once, and is free again after close', async () => {
    const dir = join(tempDir('podpis-pglite-'), 'pglite');
    mkdirSync(dir);
    const first = await openPglite(dir);
    await expect(openPglite(dir)).rejects.toMatchObject({ code: 'DB_LOCKED' });
    await first.close();
    const again = await openPglite(dir);
    await again.close();
  });
});

describe('unreachable PostgreSQL', () => {
  it('fails at open with DB_UNREACHABLE and a message without the password', async () => {
    const error = await openPostgres('postgres://podpis:s3cret@127.0.0.1:1/podpis').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DB_UNREACHABLE' });
    expect((error as Error).message).not.toContain('s3cret');
  });
});
