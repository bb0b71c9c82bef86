/**
 * The office under an anonymous time-stamp flood (issue #14, point 4).
 * A script, not a test: `npm run bench:tsp-flood` (builds first) or
 * `npx tsx bench/tsp-flood.ts [seconds=10] [connections=32]`. About a minute.
 *
 * The real server (bench/ocsp-target.ts: `startServer` on PGlite, a GOST
 * installation, so every time stamp is a GOST R 34.10-2012 signature) runs
 * in a child process; this process floods `POST /pki/tsp` on its plain-HTTP
 * listener with autocannon (`connections` at once, from one address) and
 * meanwhile asks the HTTPS office's `GET /health` one request after
 * another, which is what a person in the office waits for. Twice:
 * - unlimited: PODPIS_SIGNING_RATE_PER_CLIENT/_PER_NODE at 100000, as
 *   before the limits existed;
 * - default limits (20/s per client, 200/s per node).
 * Printed per run: /health latency p50/p99 alone and under the flood, the
 * ratio of the two p50s, and the flood's time stamps granted (200) and
 * refused (429) per second. The load generator shares this machine's cores
 * with the server in both runs, so the ratios are what to compare.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createTimeStampRequest, OID } from '@podpis/pki';
import type { PodpisTarget } from './ocsp-target.js';
import { ProcessGroups } from './process-groups.js';
import { serverEnv, startTarget } from './targets.js';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 32);
const work = mkdtempSync(join(tmpdir(), 'podpis-bench-tsp-'));
const processes = new ProcessGroups();
const agent = new Agent({ rejectUnauthorized: false, keepAlive: true, maxSockets: 1 });

/** One `GET /health` over a kept-alive connection, in milliseconds. */
function health(url: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${url}/health`, { agent, timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) resolve(performance.now() - started);
        else reject(new Error(`/health answered ${String(res.statusCode)}`));
      });
    });
    req.on('timeout', () => req.destroy(new Error('/health timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** /health one after another until `until()` says stop (at least `minimum` times). */
async function probe(url: string, until: () => boolean, minimum = 0): Promise<number[]> {
  const times: number[] = [];
  while (!until() || times.length < minimum) {
    times.push(await health(url));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return times.sort((a, b) => a - b);
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

interface Run {
  limits: string;
  aloneP50: number;
  aloneP99: number;
  floodP50: number;
  floodP99: number;
  granted: number;
  refused: number;
}

async function run(limits: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const target = await startTarget<PodpisTarget>(processes, ['podpis', 'gost256'], serverEnv(work, env));
  await probe(target.officeUrl, () => true, 20); // warm-up: TLS, routes, database
  const alone = await probe(target.officeUrl, () => true, 100);
  const query = createTimeStampRequest({
    messageImprint: {
      hashAlgorithm: OID.sha256,
      digest: createHash('sha256').update(randomBytes(8)).digest(),
    },
    certReq: false,
  });
  let flooding = true;
  const flood = autocannon({
    url: target.tspUrl,
    method: 'POST',
    headers: { 'content-type': 'application/timestamp-query' },
    body: Buffer.from(query),
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  const counts = { granted: 0, refused: 0 };
  flood.on('response', (_client, statusCode) => {
    if (statusCode === 200) counts.granted++;
    else if (statusCode === 429) counts.refused++;
  });
  const underFlood = probe(target.officeUrl, () => !flooding);
  await flood;
  flooding = false;
  const during = await underFlood;
  await processes.stopAll();
  return {
    limits,
    aloneP50: percentile(alone, 50),
    aloneP99: percentile(alone, 99),
    floodP50: percentile(during, 50),
    floodP99: percentile(during, 99),
    granted: counts.granted / SECONDS,
    refused: counts.refused / SECONDS,
  };
}

try {
  const runs = [
    await run('none (100000/s)', {
      PODPIS_SIGNING_RATE_PER_CLIENT: '100000',
      PODPIS_SIGNING_RATE_PER_NODE: '100000',
      PODPIS_LOG_LEVEL: 'warn',
    }),
    await run('default (20/s per client, 200/s per node)', { PODPIS_LOG_LEVEL: 'warn' }),
  ];
  const ms = (value: number): string => value.toFixed(1);
  console.log(
    `\nOffice GET /health while ${CONNECTIONS} connections flood POST /pki/tsp (GOST) for ${SECONDS} s:`,
  );
  console.table(
    runs.map((r) => ({
      limits: r.limits,
      'alone p50 ms': ms(r.aloneP50),
      'alone p99 ms': ms(r.aloneP99),
      'flood p50 ms': ms(r.floodP50),
      'flood p99 ms': ms(r.floodP99),
      'p50 flood/alone': `${(r.floodP50 / r.aloneP50).toFixed(1)}×`,
      'stamps granted/s': r.granted.toFixed(0),
      'refused (429)/s': r.refused.toFixed(0),
    })),
  );
  const [before, after] = runs as [Run, Run];
  console.log(
    `Under the flood the office's p99 is ${ms(before.floodP99)} ms without limits and ${ms(after.floodP99)} ms with them (${(before.floodP99 / after.floodP99).toFixed(1)}× better).`,
  );
} finally {
  await processes.stopAll();
  agent.destroy();
  rmSync(work, { recursive: true, force: true });
}
