/**
 * Throughput of a mixed workload on 3, 2 and 1 Podpis nodes over one
 * PostgreSQL behind HAProxy (issue #17, "Scaling"):
 * `npm run bench:scaling -- [seconds=20] [workers=12]`.
 *
 * The installation is the HA tests' (packages/server/test/ha/support):
 * `podpis init`, then built nodes (`podpis serve`) with one master key and
 * HAProxy with deploy/haproxy's configuration, all on loopback, except that
 * the nodes reach PostgreSQL straight. `workers` operator clients, each on
 * one kept-alive TLS connection (HAProxy hands connections to the node
 * with the fewest), loop: issue a certificate from a PKCS#10 request (GOST,
 * with its audit record), every second round revoke one they issued, ask
 * the OCSP responder about a known certificate and get a time stamp (the
 * server signing a small request: what a signature costs a node without a
 * holder's confirmation in the loop). The nodes are measured with all
 * three running (after a warm-up on all of them), then one is stopped,
 * then another; first, the idle nodes' own CPU is measured.
 *
 * Besides operations per second it prints the CPU each part used, from
 * /proc: every node, PostgreSQL (all backends), HAProxy and this client.
 * On a 2-core machine adding nodes cannot add CPU, so the curve flattens;
 * the CPU per operation of a node and of PostgreSQL is what extrapolates
 * to a machine with a core per node.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:https';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import {
  buildName,
  createCertId,
  createCertificationRequest,
  createOcspRequest,
  createTimeStampRequest,
  generateSoftwareKey,
  OID,
  parseOcspResponse,
} from '@podpis/pki';
import { createDatabase, startPostgres, waitFor } from '@podpis/testkit';
import { KEY_ALGORITHMS } from '../packages/server/src/ca/key-algorithms.js';
import {
  JOB_INTERVAL_SECONDS,
  startCluster,
  type Cluster,
  type NodeSpec,
} from '../packages/server/test/ha/support/cluster.js';
import { killAll, stopChild } from '../packages/server/test/ha/support/processes.js';
import { IVANOV } from '../packages/pki/test/support/subjects.js';
import { ownCpuMs, parentPid, processCpuMs, processTreeCpuMs } from './proc-cpu.js';

const SECONDS = Number(process.argv[2] ?? 20);
const WORKERS = Number(process.argv[3] ?? 12);
const WARM_UP_MS = 3000;
/** The workload on all nodes first, so every node's code is compiled before any point is measured. */
const FIRST_WARM_UP_MS = 20_000;
/** How long the idle nodes' own CPU (scheduled jobs, health checks) is measured. */
const IDLE_MS = 5000;
const CORES = cpus().length;

type Kind = 'issue' | 'revoke' | 'ocsp' | 'tsp';
const KINDS: readonly Kind[] = ['issue', 'revoke', 'ocsp', 'tsp'];

interface Answer {
  status: number;
  body: Buffer;
}

/** One request to the office/API through HAProxy on `agent`'s kept-alive connection. */
function call(
  baseUrl: string,
  agent: Agent,
  method: string,
  path: string,
  body?: { type: string; data: Buffer },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/api/v1${path}`,
      {
        method,
        agent,
        timeout: 30_000,
        headers: {
          'x-requested-with': 'podpis-bench',
          ...(body ? { 'content-type': body.type } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout after 30 s')));
    req.on('error', reject);
    req.end(body?.data);
  });
}

const json = (value: unknown): { type: string; data: Buffer } => ({
  type: 'application/json',
  data: Buffer.from(JSON.stringify(value)),
});

async function expectStatus(answer: Promise<Answer>, status: number, what: string): Promise<unknown> {
  const { status: got, body } = await answer;
  if (got !== status) throw new Error(`${what}: expected ${status}, got ${got}: ${body.toString('utf8')}`);
  return JSON.parse(body.toString('utf8')) as unknown;
}

interface Operator {
  agent: () => Agent;
  userId: string;
  csr: Buffer;
  issuer: Uint8Array;
}

/** The administrator makes an operator with a client certificate; the operator registers a holder. */
async function setUpOperator(cluster: Cluster): Promise<Operator> {
  const tls = { ca: cluster.tlsCa, keepAlive: true, maxSockets: 1 };
  const admin = new Agent({ ...tls, pfx: cluster.admin.pfx, passphrase: cluster.admin.password });
  const operatorAccount = (await expectStatus(
    call(
      cluster.httpsUrl,
      admin,
      'POST',
      '/operators',
      json({ login: 'bench', displayName: 'Нагрузка Тест' }),
    ),
    201,
    'create operator',
  )) as { id: string };
  const bundle = (await expectStatus(
    call(cluster.httpsUrl, admin, 'POST', `/operators/${operatorAccount.id}/client-certificate`, json({})),
    201,
    'operator certificate',
  )) as { pkcs12: string; password: string };
  admin.destroy();
  const agent = (): Agent =>
    new Agent({ ...tls, pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password });
  const setup = agent();
  const registered = (await expectStatus(
    call(cluster.httpsUrl, setup, 'POST', '/users', json({ login: 'holder', profile: IVANOV })),
    201,
    'register user',
  )) as { user: { id: string } };
  setup.destroy();
  const { signer } = await generateSoftwareKey(KEY_ALGORITHMS.gost256);
  const csr = Buffer.from(
    await createCertificationRequest({
      subject: buildName([{ type: OID.commonName, value: 'holder' }]),
      signer,
    }),
  );
  const issuer = new Uint8Array(await (await fetch(`${cluster.pkiUrl}/pki/ca/issuing.crt`)).arrayBuffer());
  return { agent, userId: registered.user.id, csr, issuer };
}

interface Counts {
  ok: Record<Kind, number>;
  failed: number;
  firstFailure: string | undefined;
}

/** `workers` loops of the mixed workload until `stop()`; counts what succeeded since the last `reset()`. */
function startWorkload(cluster: Cluster, operator: Operator) {
  const counts: Counts = { ok: { issue: 0, revoke: 0, ocsp: 0, tsp: 0 }, failed: 0, firstFailure: undefined };
  const known: string[] = [];
  let running = true;
  const attempt = async (kind: Kind, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
      counts.ok[kind]++;
    } catch (error) {
      counts.failed++;
      counts.firstFailure ??= `${kind}: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  const worker = async (): Promise<void> => {
    const agent = operator.agent();
    const mine: string[] = [];
    let round = 0;
    while (running) {
      round++;
      await attempt('issue', async () => {
        const { serial } = (await expectStatus(
          call(cluster.httpsUrl, agent, 'POST', `/users/${operator.userId}/certificates/from-request`, {
            type: 'application/pkcs10',
            data: operator.csr,
          }),
          201,
          'issue',
        )) as { serial: string };
        mine.push(serial);
        known.push(serial);
      });
      const revoked = round % 2 === 0 ? mine.shift() : undefined;
      if (revoked !== undefined) {
        await attempt('revoke', async () => {
          await expectStatus(
            call(
              cluster.httpsUrl,
              agent,
              'POST',
              `/certificates/${revoked}/revoke`,
              json({ reason: 'superseded' }),
            ),
            200,
            'revoke',
          );
        });
      }
      const asked = known[Math.floor(Math.random() * known.length)];
      if (asked !== undefined) {
        await attempt('ocsp', async () => {
          const body = createOcspRequest({ certIds: [await createCertId(operator.issuer, asked)] });
          const response = await fetch(`${cluster.pkiUrl}/pki/ocsp`, {
            method: 'POST',
            headers: { 'content-type': 'application/ocsp-request' },
            body: Buffer.from(body),
          });
          if (response.status !== 200) throw new Error(`OCSP: HTTP ${response.status}`);
          const parsed = parseOcspResponse(new Uint8Array(await response.arrayBuffer()));
          if (parsed.status !== 'successful') throw new Error(`OCSP: ${parsed.status}`);
        });
      }
      await attempt('tsp', async () => {
        const query = createTimeStampRequest({
          messageImprint: {
            hashAlgorithm: OID.sha256,
            digest: createHash('sha256').update(randomBytes(8)).digest(),
          },
          certReq: false,
        });
        const response = await fetch(`${cluster.pkiUrl}/pki/tsp`, {
          method: 'POST',
          headers: { 'content-type': 'application/timestamp-query' },
          body: Buffer.from(query),
        });
        if (response.status !== 200) throw new Error(`TSP: HTTP ${response.status}`);
        await response.arrayBuffer();
      });
    }
    agent.destroy();
  };
  const loops = Array.from({ length: WORKERS }, () => worker());
  return {
    counts,
    reset(): void {
      counts.ok = { issue: 0, revoke: 0, ocsp: 0, tsp: 0 };
      counts.failed = 0;
      counts.firstFailure = undefined;
    },
    async stop(): Promise<void> {
      running = false;
      await Promise.all(loops);
    },
  };
}

interface CpuSnapshot {
  at: number;
  nodes: number[];
  postgres: number;
  haproxy: number;
  client: number;
}

function snapshot(nodes: readonly NodeSpec[], postmaster: number, haproxyPid: number): CpuSnapshot {
  return {
    at: performance.now(),
    nodes: nodes.map((n) => processCpuMs(n.child!.process.pid!)),
    postgres: processTreeCpuMs(postmaster),
    haproxy: processCpuMs(haproxyPid),
    client: ownCpuMs(),
  };
}

const fixed = (value: number, digits = 0): string => value.toFixed(digits);

interface Phase {
  nodes: number;
  perSecond: number;
}

/** One measurement with `active` nodes up: warm-up, then `SECONDS` of the workload. */
async function measure(
  cluster: Cluster,
  operator: Operator,
  active: readonly NodeSpec[],
  postmaster: number,
): Promise<Phase> {
  const workload = startWorkload(cluster, operator);
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  workload.reset();
  const before = snapshot(active, postmaster, cluster.haproxy.process.pid!);
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const after = snapshot(active, postmaster, cluster.haproxy.process.pid!);
  const counts = { ...workload.counts, ok: { ...workload.counts.ok } };
  await workload.stop();
  const wallMs = after.at - before.at;
  const operations = KINDS.reduce((sum, kind) => sum + counts.ok[kind], 0);
  const perSecond = (operations * 1000) / wallMs;
  const percent = (ms: number): string => `${fixed((ms / wallMs) * 100)}%`;
  const nodeCpu = active.map((_, i) => after.nodes[i]! - before.nodes[i]!);
  const nodesMs = nodeCpu.reduce((a, b) => a + b, 0);
  const postgresMs = after.postgres - before.postgres;
  const haproxyMs = after.haproxy - before.haproxy;
  const clientMs = after.client - before.client;
  console.log(
    `${active.length} node${active.length > 1 ? 's' : ' '}: ${fixed(perSecond, 1).padStart(6)} operations/s` +
      ` (${KINDS.map((k) => `${k} ${fixed((counts.ok[k] * 1000) / wallMs, 1)}`).join(', ')}/s; ${counts.failed} failed)`,
  );
  console.log(
    `         CPU of ${CORES * 100}%: nodes ${nodeCpu.map(percent).join(' + ')}, PostgreSQL ${percent(postgresMs)},` +
      ` HAProxy ${percent(haproxyMs)}, this client ${percent(clientMs)}; total ${percent(nodesMs + postgresMs + haproxyMs + clientMs)}`,
  );
  console.log(
    `         CPU per operation: nodes ${fixed(nodesMs / operations, 2)} ms, PostgreSQL ${fixed(postgresMs / operations, 2)} ms` +
      ` → one node saturating a core ≈ ${fixed(1000 / (nodesMs / operations))}/s; PostgreSQL saturating a core ≈ ${fixed(1000 / (postgresMs / operations))}/s`,
  );
  if (counts.firstFailure !== undefined) console.log(`         first failure: ${counts.firstFailure}`);
  return { nodes: active.length, perSecond };
}

const postgres = await startPostgres();
let cluster: Cluster | undefined;
try {
  const databaseUrl = await createDatabase(postgres.url);
  console.log(
    `Scaling: mixed workload (issue from PKCS#10, revoke, OCSP, time stamp), ${WORKERS} clients, ${SECONDS} s per point, ${CORES} cores, load average ${loadavg()
      .map((l) => fixed(l, 1))
      .join(' ')}`,
  );
  cluster = await startCluster({ postgresUrl: databaseUrl, nodeCount: 3, proxyDatabase: false });
  const probe = new pg.Client({ connectionString: databaseUrl });
  await probe.connect();
  const { rows } = await probe.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const postmaster = parentPid(rows[0]!.pid);
  await probe.end();
  const operator = await setUpOperator(cluster);
  const haproxyPid = cluster.haproxy.process.pid!;
  const idleBefore = snapshot(cluster.nodes, postmaster, haproxyPid);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const idleAfter = snapshot(cluster.nodes, postmaster, haproxyPid);
  const idleMs = idleAfter.at - idleBefore.at;
  console.log(
    `idle: each node ${cluster.nodes.map((_, i) => `${fixed(((idleAfter.nodes[i]! - idleBefore.nodes[i]!) / idleMs) * 100, 1)}%`).join(', ')} of a core` +
      ` (scheduled jobs every ${JOB_INTERVAL_SECONDS} s, HAProxy's checks), PostgreSQL ${fixed(((idleAfter.postgres - idleBefore.postgres) / idleMs) * 100, 1)}%`,
  );
  const warmUp = startWorkload(cluster, operator);
  await new Promise((resolve) => setTimeout(resolve, FIRST_WARM_UP_MS));
  await warmUp.stop();
  const phases: Phase[] = [];
  const active = [...cluster.nodes];
  for (;;) {
    phases.push(await measure(cluster, operator, active, postmaster));
    if (active.length === 1) break;
    const stopped = active.pop()!;
    await stopChild(stopped.child!, 'SIGTERM', 20_000);
    const current = cluster;
    await waitFor(async () => (await current.backendStatus())[stopped.name] === 'DOWN', {
      what: `HAProxy to see ${stopped.name} down`,
      timeoutMs: 30_000,
    });
  }
  const one = phases.find((p) => p.nodes === 1)!.perSecond;
  console.log(
    `Curve: ${phases
      .sort((a, b) => a.nodes - b.nodes)
      .map((p) => `${p.nodes} → ${fixed(p.perSecond, 1)}/s (×${fixed(p.perSecond / one, 2)})`)
      .join(', ')}`,
  );
} finally {
  await cluster?.stop();
  await killAll();
  postgres.stop();
}
