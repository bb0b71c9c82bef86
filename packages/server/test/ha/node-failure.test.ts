import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startPostgres, waitFor, type PostgresServer } from '@podpis/testkit';
import { CHECK_INTERVAL_MS, JOB_INTERVAL_SECONDS, startCluster, type Cluster } from './support/cluster.js';
import { findLost } from './support/acknowledged.js';
import { killAll, stopChild } from './support/processes.js';
import { DEFAULT_LEASE_MS } from '../../src/jobs/lease.js';
import {
  ocspStatus,
  startLoad as startLoadOn,
  summarise,
  type Load,
  type LoadReport,
} from './support/load.js';

/**
 * Three Podpis nodes on one PostgreSQL behind HAProxy (deploy/haproxy), under
 * a load of issuances, revocations, signatures and OCSP queries: a node killed with
 * SIGKILL, a node cut off from the database, and a restart of everything.
 * Each scenario checks that no acknowledged operation is lost.
 */

/**
 * How long a scheduled job may take to run again on another node once its
 * runner is killed: a few of its intervals plus slack, plus the lease the
 * dead node held (it expires, then the next heartbeat elsewhere takes it).
 */
const JOB_TAKEOVER_MS = JOB_INTERVAL_SECONDS * 1000 * 3 + 5000 + DEFAULT_LEASE_MS + DEFAULT_LEASE_MS / 3;

let postgres: PostgresServer;
let cluster: Cluster;
let db: pg.Client;
/** What was started, stopped in reverse order (also when a later start failed). */
const teardown: (() => Promise<unknown>)[] = [killAll];

beforeAll(async () => {
  postgres = await startPostgres();
  teardown.push(async () => {
    postgres.stop();
  });
  cluster = await startCluster({ postgresUrl: postgres.url });
  teardown.push(() => cluster.stop());
  db = new pg.Client({ connectionString: postgres.url });
  await db.connect();
  teardown.push(() => db.end().catch(() => undefined));
}, 300_000);

afterAll(async () => {
  for (const step of teardown.reverse()) await step();
}, 60_000);

/** Every acknowledged issuance, revocation and signature is in the database. */
async function expectNothingLost(report: LoadReport): Promise<void> {
  expect(report.signed.size, 'signatures acknowledged during the test').toBeGreaterThan(0);
  const lost = await findLost(db, report);
  expect(lost, 'acknowledged operations missing from the database').toMatchObject({
    issued: [],
    revoked: [],
    signed: [],
  });
}

/** The workload for one test, stopped when the test ends however it ends (a failed wait must not leave it running). */
async function startLoad(target: Cluster): Promise<Load> {
  const load = await startLoadOn(target);
  onTestFinished(async () => {
    await load.stop();
  });
  return load;
}

async function latestCheckpointAt(): Promise<Date | undefined> {
  const { rows } = await db.query<{ at: Date | null }>('SELECT max(signed_at) AS at FROM audit_checkpoints');
  return rows[0]?.at ?? undefined;
}

describe('high availability: nodes behind HAProxy on one PostgreSQL', () => {
  it('kill -9 of a node → the load goes on over the others, nothing acknowledged is lost, the job runs on a survivor', async () => {
    const load = await startLoad(cluster);
    await waitFor(() => load.report.issued.size >= 6, { what: 'load before the fault', timeoutMs: 60_000 });
    const victim = cluster.nodes[0]!;
    const faultAt = Date.now();
    victim.child!.process.kill('SIGKILL');
    await victim.child!.exited();
    await waitFor(async () => (await cluster.backendStatus())[victim.name] === 'DOWN', {
      what: 'HAProxy to mark the killed node DOWN',
      timeoutMs: CHECK_INTERVAL_MS * 10,
    });
    const issuedAtFault = load.report.issued.size;
    await waitFor(() => load.report.issued.size >= issuedAtFault + 6, {
      what: 'issuances after the kill',
      timeoutMs: 60_000,
    });
    // The scheduled CRL/audit-checkpoint job no longer has the killed node: a survivor signs the next checkpoint.
    const checkpoint = await waitFor(
      async () => {
        const at = await latestCheckpointAt();
        return at !== undefined && at.getTime() > faultAt ? at : undefined;
      },
      { what: 'an audit checkpoint signed after the kill', timeoutMs: JOB_TAKEOVER_MS },
    );
    const report = await load.stop();
    const figures = { ...summarise(report, faultAt), jobTakeoverMs: checkpoint.getTime() - faultAt };
    console.info('kill -9 of a node:', JSON.stringify(figures));
    await expectNothingLost(report);
    // New connections to the dead node are redispatched; only requests in flight on it fail.
    expect(figures.recoveryMs).toBeLessThan(CHECK_INTERVAL_MS * 10 + 15_000);
    expect(report.operations.filter((op) => op.ok && op.startedAt > faultAt).length).toBeGreaterThan(0);

    await cluster.startNode(victim);
    await waitFor(async () => (await cluster.backendStatus())[victim.name] === 'UP', {
      what: 'the restarted node back UP',
      timeoutMs: 30_000,
    });
  }, 240_000);

  it('a node cut off from the database → its /ready fails, HAProxy takes it out, the load goes on; healed → back', async () => {
    const load = await startLoad(cluster);
    await waitFor(() => load.report.issued.size >= 4, { what: 'load before the cut', timeoutMs: 60_000 });
    const cutNode = cluster.nodes[1]!;
    const faultAt = Date.now();
    cutNode.dbProxy.cut();
    await waitFor(async () => (await cluster.backendStatus())[cutNode.name] === 'DOWN', {
      what: 'HAProxy to mark the partitioned node DOWN',
      timeoutMs: 30_000,
    });
    const downAt = Date.now();
    const issuedAtDown = load.report.issued.size;
    await waitFor(() => load.report.issued.size >= issuedAtDown + 6, {
      what: 'issuances while the node is partitioned',
      timeoutMs: 60_000,
    });
    // Once it is out, no request reaches it: nothing fails any more.
    const failuresSinceDown = load.report.operations.filter((op) => op.startedAt > downAt + 1000 && !op.ok);
    expect(failuresSinceDown.map((op) => op.error)).toEqual([]);
    cutNode.dbProxy.heal();
    const healedAt = Date.now();
    await waitFor(async () => (await cluster.backendStatus())[cutNode.name] === 'UP', {
      what: 'the healed node back UP',
      timeoutMs: 90_000,
    });
    const backAfterMs = Date.now() - healedAt;
    const report = await load.stop();
    console.info(
      'node partitioned from the database:',
      JSON.stringify({ ...summarise(report, faultAt), detectedMs: downAt - faultAt, backAfterMs }),
    );
    await expectNothingLost(report);
  }, 240_000);

  it('SIGTERM drains a node: /ready fails first, in-flight work finishes, HAProxy takes it out without errors', async () => {
    const load = await startLoad(cluster);
    await waitFor(() => load.report.issued.size >= 4, { what: 'load before the drain', timeoutMs: 60_000 });
    const drained = cluster.nodes[2]!;
    const faultAt = Date.now();
    await stopChild(drained.child!, 'SIGTERM', 30_000);
    expect(drained.child!.process.exitCode, drained.child!.output().slice(-2000)).toBe(0);
    const issuedAtStop = load.report.issued.size;
    await waitFor(() => load.report.issued.size >= issuedAtStop + 4, {
      what: 'issuances after the drain',
      timeoutMs: 60_000,
    });
    const report = await load.stop();
    const figures = summarise(report, faultAt);
    console.info('SIGTERM (drain) of a node:', JSON.stringify(figures));
    expect(report.operations.filter((op) => op.startedAt >= faultAt && !op.ok).map((op) => op.error)).toEqual(
      [],
    );
    await expectNothingLost(report);
    await cluster.startNode(drained);
  }, 240_000);

  it('everything restarted → the audit chain verifies end to end and OCSP answers match the database', async () => {
    for (const node of cluster.nodes) await stopChild(node.child!, 'SIGTERM', 30_000);
    for (const node of cluster.nodes) await cluster.startNode(node);
    await waitFor(
      async () => {
        const status = await cluster.backendStatus();
        return cluster.nodes.every((node) => status[node.name] === 'UP');
      },
      { what: 'every node UP after the restart', timeoutMs: 30_000 },
    );
    const verify = cluster.cli(['audit', 'verify', '--json']);
    expect(verify.code, verify.output).toBe(0);
    expect(JSON.parse(verify.output)).toMatchObject({ ok: true });

    const { rows } = await db.query<{ serial: string; status: string; changed: Date; ca: string }>(
      `SELECT serial, status, status_changed_at AS changed, ca_id AS ca FROM certificates
       WHERE purpose = 'qualified' ORDER BY created_at`,
    );
    expect(rows.length).toBeGreaterThan(10);
    let lastAnswer = '';
    const issuer = await waitFor(
      async () => {
        const answer = await fetch(`${cluster.pkiUrl}/pki/ca/issuing.crt`);
        const body = new Uint8Array(await answer.arrayBuffer());
        lastAnswer = `${answer.status} ${Buffer.from(body).toString('utf8').slice(0, 200)}`;
        return answer.status === 200 ? body : undefined;
      },
      { what: 'the issuing CA certificate through HAProxy', timeoutMs: 30_000 },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; last answer: ${lastAnswer}`);
    });
    const mismatches: string[] = [];
    for (const row of rows) {
      const answered = await ocspStatus(cluster.pkiUrl, issuer, row.serial);
      const expected = row.status === 'valid' ? 'good' : 'revoked';
      if (answered !== expected) {
        mismatches.push(
          `${row.serial} (${row.ca}): OCSP ${answered}, database ${row.status} since ${row.changed.toISOString()}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);

  it('HAProxy gives /pki/* requests a trace id that the node takes as its request id, and keeps a caller’s safe one', async () => {
    const kept = await fetch(`${cluster.pkiUrl}/pki/ca/issuing.crt`, {
      headers: { 'x-request-id': 'edo-7.trace:42' },
    });
    expect(kept.headers.get('x-request-id')).toBe('edo-7.trace:42');
    const made = await fetch(`${cluster.pkiUrl}/pki/ca/issuing.crt`, {
      headers: { 'x-request-id': 'bad id <script>' },
    });
    // The node echoes its request id; HAProxy does not touch the answer's header, so this is
    // the id HAProxy made and logged, not one the node made up.
    const id = made.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9A-F]+-[0-9A-F]+-[0-9A-F]+-[0-9A-F]+-[0-9A-F]+$/);
    await waitFor(() => cluster.haproxy.output().includes(`trace=${id} "GET /pki/ca/issuing.crt`), {
      what: `HAProxy's log line with trace=${id}`,
      timeoutMs: 5000,
    });
  });
});
