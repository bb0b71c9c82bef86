import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { createDatabase } from '@podpis/testkit';
import type { AuthorityContext } from '../src/ca/authorities.js';
import { latestCrl, publishCrl } from '../src/ca/certificates.js';
import { pkiUrls } from '../src/ca/pki-urls.js';
import { setUpAuthorities } from '../src/ca/setup.js';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/postgres.js';
import { CRL_JOB, CrlScheduler } from '../src/jobs/crl-scheduler.js';
import { SoftwareKeyStore } from '../src/keystore/index.js';
import { backends, closedAfterEach } from './support/backends.js';
import { expectPeriodicJob, holdJobLease } from './support/periodic-jobs.js';

const HOUR_MS = 3600 * 1000;
const START = new Date('2026-11-28T12:00:00Z');

const quiet = { info: vi.fn(), error: vi.fn() };
const opened = closedAfterEach();

interface Clock {
  now: Date;
}

function context(db: Db, masterKey: Uint8Array, clock: Clock): AuthorityContext {
  return {
    db,
    keyStore: new SoftwareKeyStore({ db, masterKey }),
    urls: pkiUrls('http://localhost:8080'),
    now: () => clock.now,
  };
}

async function crlCount(db: Db): Promise<Record<string, number>> {
  const { rows } = await db.query<{ ca_id: string; n: number }>(
    'SELECT ca_id, count(*)::int AS n FROM crls GROUP BY ca_id ORDER BY ca_id',
  );
  return Object.fromEntries(rows.map((row) => [row.ca_id, row.n]));
}

describe.each(backends)('scheduled CRLs on $name', (backend) => {
  it('a CRL far from its nextUpdate is kept; one near it, or a missing one, is re-issued', async () => {
    const db = await backend.open();
    opened.push(db);
    await migrate(db);
    const clock = { now: START };
    const ctx = context(db, randomBytes(32), clock);
    await setUpAuthorities(ctx, 'gost256', 'system');
    await publishCrl(ctx, 'root');
    await publishCrl(ctx, 'issuing');
    const scheduler = new CrlScheduler(ctx, { logger: quiet });

    // infra-root has none yet: only it is published, with its delta (one CRL number sequence).
    expect((await scheduler.runOnce()).published).toEqual([
      { caId: 'infra-root', number: 1n, deltaNumber: 2n },
    ]);
    clock.now = new Date(START.getTime() + 0.5 * HOUR_MS);
    expect(await scheduler.runOnce()).toEqual({ leader: true, published: [] });

    // 2-hour delta CRLs, renewed an hour before nextUpdate; the complete ones are kept.
    clock.now = new Date(START.getTime() + 17 * HOUR_MS);
    expect((await scheduler.runOnce()).published).toEqual([
      { caId: 'root', deltaNumber: 3n },
      { caId: 'issuing', deltaNumber: 3n },
      { caId: 'infra-root', deltaNumber: 3n },
    ]);

    // 24-hour CRLs, renewed 6 hours before nextUpdate.
    clock.now = new Date(START.getTime() + 19 * HOUR_MS);
    const report = await scheduler.runOnce();
    expect(report.published).toEqual([
      { caId: 'root', number: 4n, deltaNumber: 5n },
      { caId: 'issuing', number: 4n, deltaNumber: 5n },
      { caId: 'infra-root', number: 4n, deltaNumber: 5n },
    ]);
    expect((await latestCrl(db, 'issuing'))?.nextUpdate).toEqual(
      new Date(clock.now.getTime() + 24 * HOUR_MS),
    );
    expect(await crlCount(db)).toEqual({ 'infra-root': 5, issuing: 5, root: 5 });
    const audited = await db.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'crl.publish'");
    expect(audited.rows).toEqual([{ n: 6 }]);
  });
});

describe('scheduled CRLs on several nodes (PostgreSQL)', () => {
  async function nodes(count: number): Promise<{ contexts: AuthorityContext[]; clock: Clock }> {
    const url = await createDatabase(inject('postgresUrl'));
    const masterKey = randomBytes(32);
    const clock = { now: START };
    const contexts: AuthorityContext[] = [];
    for (let i = 0; i < count; i += 1) {
      const db = await openPostgres(url);
      opened.push(db);
      contexts.push(context(db, masterKey, clock));
    }
    const first = contexts[0]!;
    await migrate(first.db);
    await setUpAuthorities(first, 'gost256', 'system');
    return { contexts, clock };
  }

  it('two schedulers racing over the same database publish each CRL once', async () => {
    const { contexts, clock } = await nodes(2);
    const schedulers = contexts.map((ctx) => new CrlScheduler(ctx, { logger: quiet }));
    for (let round = 0; round < 3; round += 1) {
      clock.now = new Date(START.getTime() + round * 20 * HOUR_MS);
      const reports = await Promise.all(schedulers.map((s) => s.runOnce()));
      const published = reports.flatMap((r) => r.published.map((p) => `${p.caId}#${p.number}`)).sort();
      const number = 2 * round + 1;
      expect(published).toEqual([`infra-root#${number}`, `issuing#${number}`, `root#${number}`]);
    }
    const db = contexts[0]!.db;
    // Each complete CRL with its delta.
    expect(await crlCount(db)).toEqual({ 'infra-root': 6, issuing: 6, root: 6 });
    const numbers = await db.query<{ n: number; distinct: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT (ca_id, number))::int AS distinct FROM crls',
    );
    expect(numbers.rows).toEqual([{ n: 18, distinct: 18 }]);
  });

  it('a node that does not get the lease skips the run', async () => {
    const { contexts } = await nodes(2);
    const [holder, node] = contexts as [AuthorityContext, AuthorityContext];
    const lock = await holdJobLease(holder.db, CRL_JOB);
    expect(await new CrlScheduler(node, { logger: quiet }).runOnce()).toEqual({
      leader: false,
      published: [],
    });
    await lock.release();
    expect((await new CrlScheduler(node, { logger: quiet }).runOnce()).published).toHaveLength(3);
  });
});

describe('the CRL timer', () => {
  it('runs at start and on each interval, logs failures instead of throwing, and stops', async () => {
    await expectPeriodicJob(
      (db, logger) =>
        new CrlScheduler(
          { db, keyStore: {} as AuthorityContext['keyStore'], urls: pkiUrls('http://x'), now: () => START },
          { logger, intervalMinutes: 1 },
        ),
      'scheduled CRL run failed',
    );
  });
});
