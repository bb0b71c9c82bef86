import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import { isUniqueViolation } from '../../src/db/errors.js';
import { migrate, readMigrations } from '../../src/db/migrate.js';
import { buildApp, type PodpisApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { TEST_AUTH } from '../support/api.js';
import { openTestPglite } from '../support/backends.js';

/** Stands for a token hash or a login: it must never reach a log line. */
const SECRET = 'f3a9c1e0d2b4-token-hash-of-a-user';

const migrations = readMigrations();
const logs: string[] = [];
let db: Db;
let app: PodpisApp;
beforeAll(async () => {
  db = await openTestPglite();
  await migrate(db, migrations);
  app = await buildApp({
    config: { bodyLimit: 65536, publicUrl: 'https://podpis.test', auth: TEST_AUTH },
    db,
    migrations,
    logger: createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(chunk.toString('utf8'));
          done();
        },
      }),
    ),
  });
  // Two ways a statement fails on a value: a data exception quoting it, and a constraint naming it in `detail`.
  app.get('/test/bad-value', async () => db.query('SELECT $1::int AS n', [SECRET]));
  app.get('/test/duplicate', async () => {
    const insert = 'INSERT INTO rate_limits (key, window_started_at, hits) VALUES ($1, now(), 1)';
    await db.query(insert, [SECRET]);
    return db.query(insert, [SECRET]);
  });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('a failing query is logged without its parameters', () => {
  it.each([
    ['/test/bad-value', 'SELECT $1::int AS', '22P02'],
    ['/test/duplicate', 'INSERT INTO rate_limits', '23505'],
  ])('%s → 500, one log line with the statement and SQLSTATE only', async (url, statement, sqlstate) => {
    logs.length = 0;
    const response = await app.inject({ method: 'GET', url });
    expect(response.json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    const errors = logs.filter((line) => line.includes('unhandled error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(statement);
    expect(errors[0]).toContain(sqlstate);
    expect(logs.join('')).not.toContain(SECRET);
    expect(response.body).not.toContain(SECRET);
  });

  it('callers still tell a unique violation by its SQLSTATE', async () => {
    const insert = 'INSERT INTO rate_limits (key, window_started_at, hits) VALUES ($1, now(), 1)';
    await db.query(insert, ['twice']);
    const error: unknown = await db.query(insert, ['twice']).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });
});
