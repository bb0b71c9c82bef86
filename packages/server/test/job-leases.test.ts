import { describe, expect, inject, it, vi } from 'vitest';
import { createDatabase } from '@podpis/testkit';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/postgres.js';
import { CRL_JOB, CrlScheduler } from '../src/jobs/crl-scheduler.js';
import { HOUSEKEEPING_JOB, Housekeeping } from '../src/jobs/housekeeping.js';
import { OUTBOX_JOB, OutboxJob } from '../src/jobs/outbox-job.js';
import { LeaseLostError, PeriodicLeaderJob } from '../src/jobs/periodic-leader-job.js';
import { WEBHOOK_JOB, WebhookJob } from '../src/jobs/webhook-job.js';
import type { WebhookContext } from '../src/webhooks/context.js';
import { closedAfterEach } from './support/backends.js';
import { holdJobLease } from './support/periodic-jobs.js';

const opened = closedAfterEach();
const quiet = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const LEASE_MS = 1500;

/** Two connection pools on one database: two Podpis nodes. */
async function twoNodes(): Promise<[Db, Db]> {
  const url = await createDatabase(inject('postgresUrl'));
  const a = await openPostgres(url);
  const b = await openPostgres(url);
  opened.push(a, b);
  await migrate(a);
  return [a, b];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(20);
  }
  return performance.now() - started;
}

/** A job on `db` that counts its runs, as node `nodeId`. */
function countingJob(db: Db, nodeId: string, runs: string[], work?: (signal: AbortSignal) => Promise<void>) {
  return new PeriodicLeaderJob({
    db,
    name: 'test-job',
    nodeId,
    leaseMs: LEASE_MS,
    intervalMs: 60_000,
    work: async (signal) => {
      runs.push(nodeId);
      await work?.(signal);
    },
    onRun: () => undefined,
    onError: () => undefined,
  });
}

describe('job leases on PostgreSQL', () => {
  it('of two nodes only one runs; when the holder stops renewing, the other takes over within the lease', async () => {
    const [a, b] = await twoNodes();
    const runs: string[] = [];
    const jobA = countingJob(a, 'node-a', runs);
    const jobB = countingJob(b, 'node-b', runs);
    jobA.start();
    await until(() => runs.length === 1, 5000);
    jobB.start();
    await sleep(LEASE_MS * 1.5); // several heartbeats of both
    expect(runs).toEqual(['node-a']);
    const lease = await b.query<{ holder: string }>("SELECT holder FROM job_leases WHERE name = 'test-job'");
    expect(lease.rows).toEqual([{ holder: jobA.holder }]);

    // Node a dies: its pool is gone, so its heartbeat can renew nothing.
    const diedAt = performance.now();
    opened.splice(opened.indexOf(a), 1);
    await a.close();
    await until(() => runs.length === 2, LEASE_MS * 3);
    expect(performance.now() - diedAt).toBeLessThan(LEASE_MS + LEASE_MS / 3 + 1000);
    expect(runs).toEqual(['node-a', 'node-b']);
    await jobA.stop();
    await jobB.stop();
    expect((await b.query("SELECT 1 FROM job_leases WHERE name = 'test-job'")).rows).toEqual([]);
  });

  it('a run holds no transaction, and a node whose lease is taken away stops with LeaseLostError', async () => {
    const [a, b] = await twoNodes();
    const runs: string[] = [];
    let openTransactions = -1;
    const job = countingJob(a, 'node-a', runs, async (signal) => {
      const { rows } = await b.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      );
      openTransactions = rows[0]!.n;
      // Another node takes the lease over (as if this one had been cut off for longer than the lease).
      await b.query("UPDATE job_leases SET holder = 'node-b/0', expires_at = now() + interval '1 hour'");
      await until(() => signal.aborted, LEASE_MS * 2);
    });
    await expect(job.runOnce()).rejects.toBeInstanceOf(LeaseLostError);
    expect(openTransactions).toBe(0);
    // Its lease is not its own to give back: the new holder keeps it.
    expect((await b.query<{ holder: string }>('SELECT holder FROM job_leases')).rows).toEqual([
      { holder: 'node-b/0' },
    ]);
  });

  it('the CRL, housekeeping, outbox and webhook jobs skip their runs while another node holds their lease', async () => {
    const [db] = await twoNodes();
    const ctx = { db } as AuthorityContext;
    const webhooks = { db } as WebhookContext;
    for (const job of [CRL_JOB, HOUSEKEEPING_JOB, OUTBOX_JOB, WEBHOOK_JOB]) await holdJobLease(db, job);
    expect(await new CrlScheduler(ctx, { logger: quiet }).runOnce()).toEqual({
      leader: false,
      published: [],
    });
    expect((await new Housekeeping(db, { logger: quiet }).runOnce()).leader).toBe(false);
    expect(await new OutboxJob(ctx, { logger: quiet }).runOnce()).toEqual({ leader: false });
    expect(await new WebhookJob(webhooks, { logger: quiet }).runOnce()).toEqual({ leader: false });
  });
});
