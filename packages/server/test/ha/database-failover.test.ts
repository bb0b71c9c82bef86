import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { waitFor } from '@podpis/testkit';
import { findLost, type LostOperations } from './support/acknowledged.js';
import { startCluster, type Cluster } from './support/cluster.js';
import { startLoad, summarise, type LoadReport } from './support/load.js';
import {
  PATRONI_TTL_SECONDS,
  startPatroni,
  type PatroniCluster,
  type PatroniMember,
} from './support/patroni.js';
import { killAll } from './support/processes.js';

/**
 * Two Podpis nodes behind HAProxy on PostgreSQL managed by Patroni with etcd
 * (primary pg1, standby pg2), reached through HAProxy's Patroni-aware front
 * end (deploy/haproxy/haproxy-postgres.cfg). The primary is lost as a
 * machine is lost: Patroni and PostgreSQL killed at once. With synchronous
 * replication nothing acknowledged may be lost; without it, what is lost is
 * measured (the standby's lag decides), not asserted.
 */

/** The standby's lag behind the primary, from the primary's pg_stat_replication. */
interface Lag {
  /** WAL the primary has written that the standby has not yet flushed. */
  flushBehindBytes: number;
  /** The time the last commit waited for the standby's flush (NULL, here 0, when idle). */
  flushLagMs: number;
}

async function standbyLag(primary: PatroniMember): Promise<Lag | undefined> {
  const db = new pg.Client({
    connectionString: `postgres://postgres@127.0.0.1:${primary.port}/postgres`,
    connectionTimeoutMillis: 2000,
  });
  try {
    await db.connect();
    const { rows } = await db.query<{ bytes: string | null; ms: number | null }>(
      `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), flush_lsn)::int8 AS bytes,
              (EXTRACT(epoch FROM flush_lag) * 1000)::float8 AS ms
       FROM pg_stat_replication`,
    );
    const row = rows[0];
    return row ? { flushBehindBytes: Number(row.bytes ?? 0), flushLagMs: row.ms ?? 0 } : undefined;
  } catch {
    return undefined;
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** Samples the standby's lag every 250 ms until stopped; the largest seen and the last before the stop. */
function watchLag(primary: PatroniMember): { stop(): Promise<{ max: Lag; last: Lag | undefined }> } {
  const max: Lag = { flushBehindBytes: 0, flushLagMs: 0 };
  let last: Lag | undefined;
  const state = { running: true };
  const loop = (async () => {
    while (state.running) {
      const lag = await standbyLag(primary);
      if (lag) {
        last = lag;
        max.flushBehindBytes = Math.max(max.flushBehindBytes, lag.flushBehindBytes);
        max.flushLagMs = Math.max(max.flushLagMs, lag.flushLagMs);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    async stop() {
      state.running = false;
      await loop;
      return { max, last };
    },
  };
}

/** How long before the crash the earliest lost acknowledgement came (0: nothing lost). */
function lossWindowMs(report: LoadReport, lost: LostOperations, faultAt: number): number {
  const lostIssued = new Set(lost.issued);
  const lostRevoked = new Set(lost.revoked);
  const lostSigned = new Set(lost.signed);
  const ends = report.operations
    .filter(
      (op) =>
        op.ok &&
        ((op.kind === 'issue' && lostIssued.has(op.serial ?? '')) ||
          (op.kind === 'revoke' && lostRevoked.has(op.serial ?? '')) ||
          (op.kind === 'sign' && lostSigned.has(op.signingOperation ?? ''))),
    )
    .map((op) => op.endedAt);
  return ends.length === 0 ? 0 : faultAt - Math.min(...ends);
}

for (const synchronous of [true, false]) {
  describe(`high availability: PostgreSQL failover under Patroni, ${
    synchronous ? 'synchronous' : 'asynchronous'
  } replication`, () => {
    let patroni: PatroniCluster;
    let cluster: Cluster;
    /** What was started, stopped in reverse order (also when a later start failed). */
    const teardown: (() => Promise<unknown>)[] = [killAll];

    beforeAll(async () => {
      patroni = await startPatroni({ synchronous });
      teardown.push(() => patroni.stop());
      cluster = await startCluster({ patroni, nodeCount: 2 });
      teardown.push(() => cluster.stop());
    }, 240_000);

    afterAll(async () => {
      for (const step of teardown.reverse()) await step();
    }, 60_000);

    async function withDatabase<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
      const db = new pg.Client({ connectionString: cluster.databaseUrl, connectionTimeoutMillis: 10_000 });
      await db.connect();
      try {
        return await work(db);
      } finally {
        await db.end();
      }
    }

    it(`the primary crashes → Patroni promotes the standby, writes resume; ${
      synchronous ? 'nothing acknowledged is lost' : 'what acknowledged work is lost is counted'
    }`, async () => {
      const load = await startLoad(cluster);
      onTestFinished(async () => {
        await load.stop();
      });
      const old = await patroni.primary();
      expect(old?.name).toBe('pg1');
      const lag = watchLag(old!);
      onTestFinished(async () => {
        await lag.stop();
      });
      await waitFor(() => load.report.issued.size >= 6 && load.report.signed.size >= 3, {
        what: 'load before the fault',
        timeoutMs: 90_000,
      });
      const lagBeforeCrash = await lag.stop();
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
            (op) =>
              op.ok &&
              op.startedAt > faultAt &&
              (op.kind === 'issue' || op.kind === 'revoke' || op.kind === 'sign'),
          ),
        { what: 'the first acknowledged write after the crash', timeoutMs: 60_000 },
      );
      const issuedAfter = load.report.issued.size;
      const signedAfter = load.report.signed.size;
      await waitFor(
        () => load.report.issued.size >= issuedAfter + 4 && load.report.signed.size >= signedAfter + 2,
        {
          what: 'issuances and signatures on the new primary',
          timeoutMs: 60_000,
        },
      );
      const report = await load.stop();
      const lost = await withDatabase((db) => findLost(db, report));
      const acknowledgedBeforeFault = report.operations.filter(
        (op) => op.ok && op.kind !== 'ocsp' && op.endedAt < faultAt,
      ).length;
      const figures = {
        replication: synchronous ? 'synchronous' : 'asynchronous',
        ...summarise(report, faultAt),
        promotedMs: promotedAt - faultAt,
        firstWriteMs: firstWrite.endedAt - faultAt,
        newPrimary: promoted.name,
        acknowledgedWritesBeforeFault: acknowledgedBeforeFault,
        lostAcknowledged: lost.total,
        lost: { issued: lost.issued.length, revoked: lost.revoked.length, signed: lost.signed.length },
        lossWindowMs: lossWindowMs(report, lost, faultAt),
        standbyLagMax: lagBeforeCrash.max,
        standbyLagLastBeforeCrash: lagBeforeCrash.last,
      };
      console.info('PostgreSQL primary crash:', JSON.stringify(figures));
      expect(promoted.name).toBe('pg2');
      if (synchronous) {
        // Every acknowledged commit is on the promoted standby.
        expect(lost, 'acknowledged operations missing on the promoted standby').toMatchObject({
          issued: [],
          revoked: [],
          signed: [],
        });
      }
      // Whatever was lost went as whole transactions: the log on the new primary is still one chain.
      const verify = cluster.cli(['audit', 'verify', '--json']);
      expect(verify.code, verify.output).toBe(0);
      expect(figures.firstWriteMs).toBeLessThan((PATRONI_TTL_SECONDS + 40) * 1000);
    }, 240_000);
  });
}
