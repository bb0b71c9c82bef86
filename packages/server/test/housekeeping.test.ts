import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { createDatabase } from '@podpis/testkit';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/postgres.js';
import { HOUSEKEEPING_JOB, Housekeeping } from '../src/jobs/housekeeping.js';
import { backends, closedAfterEach } from './support/backends.js';
import { expectPeriodicJob, holdJobLease } from './support/periodic-jobs.js';

const quiet = { info: vi.fn(), error: vi.fn() };
const opened = closedAfterEach();
const NONE = {
  sessions: 0,
  rateLimits: 0,
  apiTokens: 0,
  decryptions: 0,
  documents: 0,
  signingOperations: 0,
  keyActivations: 0,
  oauthModels: 0,
  bulkJobInputs: 0,
  temporaryPasswords: 0,
};

/**
 * One user with sessions, login counters and API tokens of every age,
 * each named by what housekeeping should do with it.
 */
async function seed(db: Db): Promise<void> {
  const account = randomUUID();
  await db.query("INSERT INTO accounts (id, role, login, created_by) VALUES ($1, 'user', $2, 'system')", [
    account,
    `user-${account.slice(0, 8)}`,
  ]);
  const sessions: [string, string][] = [
    ['expired', "now() - interval '1 minute'"],
    ['live', "now() + interval '1 hour'"],
  ];
  for (const [id, expires] of sessions) {
    await db.query(
      `INSERT INTO sessions (id, account_id, csrf_secret, expires_at) VALUES ($1, $2, 'csrf', ${expires})`,
      [id, account],
    );
  }
  const counters: [string, string][] = [
    ['stale', "now() - interval '2 hours'"],
    ['current', "now() - interval '30 seconds'"],
  ];
  for (const [key, started] of counters) {
    await db.query(`INSERT INTO rate_limits (key, window_started_at, hits) VALUES ($1, ${started}, 3)`, [
      key,
    ]);
  }
  const tokens: [string, string, string][] = [
    ['expired long ago', "now() - interval '31 days'", 'NULL'],
    ['revoked long ago', "now() + interval '60 days'", "now() - interval '40 days'"],
    ['expired recently', "now() - interval '1 day'", 'NULL'],
    ['revoked recently', "now() + interval '60 days'", "now() - interval '1 day'"],
    ['live', "now() + interval '60 days'", 'NULL'],
  ];
  for (const [name, expires, revoked] of tokens) {
    await db.query(
      `INSERT INTO api_tokens (id, token_hash, account_id, name, scopes, expires_at, revoked_at)
       VALUES ($1, $2, $3, $4, '{certificates:read}', ${expires}, ${revoked})`,
      [randomUUID(), randomUUID(), account, name],
    );
  }
}

async function remaining(db: Db): Promise<{ sessions: string[]; rateLimits: string[]; apiTokens: string[] }> {
  const column = async (sql: string) => (await db.query<{ v: string }>(sql)).rows.map((r) => r.v);
  return {
    sessions: await column('SELECT id AS v FROM sessions ORDER BY id'),
    rateLimits: await column('SELECT key AS v FROM rate_limits ORDER BY key'),
    apiTokens: await column('SELECT name AS v FROM api_tokens ORDER BY name'),
  };
}

describe.each(backends)('housekeeping on $name', (backend) => {
  it('deletes expired sessions, stale login counters and tokens ended more than 30 days ago; keeps the rest', async () => {
    const db = await backend.open();
    opened.push(db);
    await migrate(db);
    await seed(db);
    const report = await new Housekeeping(db, { logger: quiet }).runOnce();
    expect(report).toEqual({ leader: true, deleted: { ...NONE, sessions: 1, rateLimits: 1, apiTokens: 2 } });
    expect(await remaining(db)).toEqual({
      sessions: ['live'],
      rateLimits: ['current'],
      apiTokens: ['expired recently', 'live', 'revoked recently'],
    });
    expect((await new Housekeeping(db, { logger: quiet }).runOnce()).deleted).toEqual(NONE);
  });
});

describe('housekeeping on several nodes (PostgreSQL)', () => {
  it('a node that does not get the lease skips the run; the holder’s turn comes next', async () => {
    const url = await createDatabase(inject('postgresUrl'));
    const [holder, node] = [await openPostgres(url), await openPostgres(url)];
    opened.push(holder, node);
    await migrate(holder);
    await seed(holder);
    const lock = await holdJobLease(holder, HOUSEKEEPING_JOB);
    expect(await new Housekeeping(node, { logger: quiet }).runOnce()).toEqual({
      leader: false,
      deleted: NONE,
    });
    expect((await remaining(node)).sessions).toEqual(['expired', 'live']);
    await lock.release();
    expect((await new Housekeeping(node, { logger: quiet }).runOnce()).deleted).toEqual({
      ...NONE,
      sessions: 1,
      rateLimits: 1,
      apiTokens: 2,
      decryptions: 0,
    });
  });
});

describe('the housekeeping timer', () => {
  it('runs at start and on each interval, logs failures instead of throwing, and stops', async () => {
    await expectPeriodicJob(
      (db, logger) => new Housekeeping(db, { logger, intervalMinutes: 1 }),
      'housekeeping run failed',
    );
  });
});
