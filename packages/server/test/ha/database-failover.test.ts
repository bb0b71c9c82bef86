import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { waitFor } from '@podpis/testkit';
import { startCluster, type Cluster } from './support/cluster.js';
import { startLoad, summarise } from './support/load.js';
import { PATRONI_TTL_SECONDS, startPatroni, type PatroniCluster } from './support/patroni.js';
import { killAll } from './support/processes.js';

/**
 * Two Podpis nodes behind HAProxy on PostgreSQL managed by Patroni with etcd
 * (primary pg1, synchronous standby pg2), reached through HAProxy's
 * Patroni-aware front end (deploy/haproxy/haproxy-postgres.cfg). The primary
 * is lost as a machine is lost: Patroni and PostgreSQL killed at once.
 */

let patroni: PatroniCluster;
let cluster: Cluster;

/** What was started, stopped in reverse order (also when a later start failed). */
const teardown: (() => Promise<unknown>)[] = [killAll];

beforeAll(async () => {
  patroni = await startPatroni();
  teardown.push(() => patroni.stop());
  cluster = await startCluster({ patroni, nodeCount: 2 });
  teardown.push(() => cluster.stop());
}, 300_000);

afterAll(async () => {
  for (const step of teardown.reverse()) await step();
}, 60_000);

async function withDatabase<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

describe('high availability: PostgreSQL failover under Patroni', () => {
  it('the primary crashes → Patroni promotes the synchronous standby, writes resume, nothing acknowledged is lost', async () => {
    const load = await startLoad(cluster);
    onTestFinished(async () => {
      await load.stop();
    });
    await waitFor(() => load.report.issued.size >= 6, { what: 'load before the fault', timeoutMs: 90_000 });
    const old = await patroni.primary();
    expect(old?.name).toBe('pg1');
    const faultAt = Date.now();
    await patroni.crash(old!);
    const promoted = await waitFor(
      async () => {
        const primary = await patroni.primary();
        return primary !== undefined && primary !== old ? primary : undefined;
      },
      { what: 'Patroni to promote the standby', timeoutMs: (PATRONI_TTL_SECONDS + 30) * 1000 },
    );
    const promotedAt = Date.now();
    const firstWrite = await waitFor(
      () =>
        load.report.operations.find(
          (op) => op.ok && op.startedAt > faultAt && (op.kind === 'issue' || op.kind === 'revoke'),
        ),
      { what: 'the first acknowledged write after the crash', timeoutMs: 90_000 },
    );
    const issuedAfter = load.report.issued.size;
    await waitFor(() => load.report.issued.size >= issuedAfter + 4, {
      what: 'issuances on the new primary',
      timeoutMs: 60_000,
    });
    const report = await load.stop();
    const figures = {
      ...summarise(report, faultAt),
      promotedMs: promotedAt - faultAt,
      firstWriteMs: firstWrite.endedAt - faultAt,
      newPrimary: promoted.name,
    };
    console.info('PostgreSQL primary crash:', JSON.stringify(figures));
    expect(promoted.name).toBe('pg2');
    // Synchronous replication: every acknowledged commit is on the promoted standby.
    await withDatabase(async (db) => {
      const { rows } = await db.query<{ serial: string; status: string }>(
        'SELECT serial, status FROM certificates WHERE serial = ANY($1)',
        [[...report.issued]],
      );
      const status = new Map(rows.map((row) => [row.serial, row.status]));
      expect([...report.issued].filter((serial) => !status.has(serial))).toEqual([]);
      expect([...report.revoked].filter((serial) => status.get(serial) !== 'revoked')).toEqual([]);
    });
    const verify = cluster.cli(['audit', 'verify', '--json']);
    expect(verify.code, verify.output).toBe(0);
    expect(figures.firstWriteMs).toBeLessThan((PATRONI_TTL_SECONDS + 40) * 1000);
  }, 300_000);
});
