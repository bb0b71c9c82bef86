/**
 * Certificate issuance from PKCS#10 with the audit log on, on PostgreSQL
 * (issue #17: aim ≥ 500 certificates/s ECDSA, ≥ 200/s GOST):
 * `npm run bench:issuance -- [seconds=5] [concurrency=1,4,16] [repeats=2]`.
 *
 * Starts a throwaway PostgreSQL (or uses DATABASE_URL's server), sets up an
 * ECDSA P-256 and a GOST R 34.10-2012-256 installation, registers one user
 * and has `concurrency` callers issue certificates for one PKCS#10 request
 * each over and over (`issueFromCertificationRequest`: the request's
 * signature checked, the certificate signed by the issuing CA, stored with
 * its `certificate.issue` audit record and outbox event in one transaction).
 *
 * The machine is shared, so every figure comes with references measured in
 * the same run — the CA key's raw signatures/s and `SELECT 1` round trips/s —
 * and with the CPU each issuance took in this process and in PostgreSQL
 * (all its backends, from /proc), from which the ceiling on this machine's
 * cores follows whatever else runs on it. A sequential pass then splits
 * one issuance's time: database round trips, the CA's signature, the
 * request's check, and the rest (ASN.1 encoding and parsing, profile rules).
 */
import { cpus, loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { buildName, createCertificationRequest, generateSoftwareKey, OID, type Signer } from '@podpis/pki';
import { createDatabase, startPostgres } from '@podpis/testkit';
import { authoritySigner, type AuthorityContext } from '../packages/server/src/ca/authorities.js';
import { issueFromCertificationRequest } from '../packages/server/src/ca/certificate-lifecycle.js';
import { readCertificationRequest } from '../packages/server/src/ca/certification-request.js';
import { KEY_ALGORITHMS } from '../packages/server/src/ca/key-algorithms.js';
import { pkiUrls } from '../packages/server/src/ca/pki-urls.js';
import { setUpAuthorities, type CaAlgorithm } from '../packages/server/src/ca/setup.js';
import type { Db, Queryable } from '../packages/server/src/db/db.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { openPostgres } from '../packages/server/src/db/postgres.js';
import { SoftwareKeyStore, type KeyStore } from '../packages/server/src/keystore/index.js';
import { registerUser } from '../packages/server/src/people/users.js';
import { IVANOV_PERSON } from '../packages/pki/test/support/subjects.js';
import { ownCpuMs, parentPid, processTreeCpuMs } from './proc-cpu.js';

const SECONDS = Number(process.argv[2] ?? 5);
const CONCURRENCY = (process.argv[3] ?? '1,4,16').split(',').map(Number);
const REPEATS = Number(process.argv[4] ?? 2);
const CORES = cpus().length;
/** Sequential issuances the breakdown is taken over. */
const BREAKDOWN_ISSUANCES = 100;

const INSTALLATIONS: {
  name: string;
  ca: CaAlgorithm;
  key: keyof typeof KEY_ALGORITHMS;
  aim: number;
}[] = [
  { name: 'ECDSA P-256', ca: 'ecdsa', key: 'ecdsa-p256', aim: 500 },
  { name: 'GOST R 34.10-2012-256', ca: 'gost256', key: 'gost256', aim: 200 },
];

/** Time spent in what is measured, shared by the wrappers below. */
interface Spans {
  queries: number;
  queryMs: number;
  signatures: number;
  signMs: number;
}

function timedQueryable<T extends Queryable>(target: T, spans: Spans): T {
  return {
    ...target,
    async query(sql: string, params?: readonly unknown[]) {
      const started = performance.now();
      try {
        return await target.query(sql, params);
      } finally {
        spans.queries++;
        spans.queryMs += performance.now() - started;
      }
    },
  };
}

/** The database with each statement (BEGIN and COMMIT included) counted and timed. */
function timedDb(db: Db, spans: Spans): Db {
  return {
    ...timedQueryable(db, spans),
    async transaction(work) {
      const started = performance.now();
      const before = spans.queryMs;
      try {
        return await db.transaction((tx) => work(timedQueryable(tx, spans)));
      } finally {
        const inner = spans.queryMs - before;
        // COMMIT is one more round trip, in the transaction's time outside its statements; BEGIN
        // travels with the first statement (db/postgres.ts), in issuance the audit lane's, which has no parameters.
        spans.queries += 1;
        spans.queryMs += performance.now() - started - inner;
      }
    },
  };
}

/** The key store with the CA's signatures timed (the service signer, used under its standing activation). */
function timedKeyStore(keyStore: KeyStore, spans: Spans): KeyStore {
  const timed = (sign: (data: Uint8Array) => Promise<Uint8Array>) => async (data: Uint8Array) => {
    const started = performance.now();
    try {
      return await sign(data);
    } finally {
      spans.signatures++;
      spans.signMs += performance.now() - started;
    }
  };
  return new Proxy(keyStore, {
    get(target, property) {
      if (property === 'serviceSigner') {
        return async (key: { id: string }): Promise<Signer> => {
          const signer = await target.serviceSigner(key);
          return {
            ...signer,
            sign: timed((data) => signer.sign(data)),
            signDigest: timed((digest) => signer.signDigest(digest)),
          };
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Operations per second of `operation` run by `callers` concurrent loops for `ms`. */
async function rate(ms: number, callers: number, operation: () => Promise<unknown>): Promise<number> {
  let done = 0;
  const started = performance.now();
  const until = started + ms;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < until) {
        await operation();
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

interface Installation {
  db: Db;
  spans: Spans;
  issueOne: () => Promise<unknown>;
  request: Uint8Array;
  caSigner: Signer;
  /** CPU ms of the PostgreSQL server so far; undefined when it is not on this machine. */
  postgresCpuMs: () => number | undefined;
}

async function setUp(serverUrl: string, installation: (typeof INSTALLATIONS)[number]): Promise<Installation> {
  const spans: Spans = { queries: 0, queryMs: 0, signatures: 0, signMs: 0 };
  const raw = await openPostgres(await createDatabase(serverUrl), {
    maxConnections: Math.max(...CONCURRENCY) + 2,
  });
  await migrate(raw);
  const db = timedDb(raw, spans);
  const keyStore = new SoftwareKeyStore({ db, masterKey: randomBytes(32) });
  const ctx: AuthorityContext = {
    db,
    keyStore: timedKeyStore(keyStore, spans),
    urls: pkiUrls('http://localhost:8080'),
    now: () => new Date(),
  };
  const { issuing } = await setUpAuthorities(ctx, installation.ca, 'bench');
  const { user } = await registerUser(
    db,
    { scryptLogN: 10, passwordMinLength: 8 },
    { login: 'bench', profile: { ...IVANOV_PERSON } },
    { actor: 'bench' },
  );
  const { signer } = await generateSoftwareKey(KEY_ALGORITHMS[installation.key]);
  const request = await createCertificationRequest({
    subject: buildName([{ type: OID.commonName, value: 'bench' }]),
    signer,
  });
  const { rows } = await raw.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  let postmaster: number | undefined;
  try {
    postmaster = parentPid(rows[0]!.pid);
  } catch {
    postmaster = undefined; // a server elsewhere (DATABASE_URL): its CPU is not ours to read
  }
  return {
    db: raw,
    spans,
    request,
    caSigner: await authoritySigner(keyStore, issuing),
    issueOne: () => issueFromCertificationRequest(ctx, { userId: user.id, request }, { actor: 'bench' }),
    postgresCpuMs: () => (postmaster === undefined ? undefined : processTreeCpuMs(postmaster)),
  };
}

const fixed = (value: number, digits = 1): string => value.toFixed(digits);

async function measure(installation: (typeof INSTALLATIONS)[number], bench: Installation): Promise<void> {
  await bench.issueOne(); // warm-up: the CA key's standing activation, the code paths
  for (let repeat = 1; repeat <= REPEATS; repeat++) {
    const tbs = randomBytes(700);
    const signing = await rate(1000, 1, () => bench.caSigner.sign(tbs));
    const roundTrips = await rate(1000, 8, () => bench.db.query('SELECT 1'));
    console.log(
      `  run ${repeat}: references now: CA key ${fixed(signing, 0)} signatures/s (one caller), SELECT 1 ${fixed(roundTrips, 0)}/s (8 callers)`,
    );
    for (const callers of CONCURRENCY) {
      const nodeBefore = ownCpuMs();
      const pgBefore = bench.postgresCpuMs();
      let issued = 0;
      const perSecond = await rate(SECONDS * 1000, callers, async () => {
        await bench.issueOne();
        issued++;
      });
      const nodeMs = (ownCpuMs() - nodeBefore) / issued;
      const pgAfter = bench.postgresCpuMs();
      const pgMs =
        pgBefore === undefined || pgAfter === undefined ? undefined : (pgAfter - pgBefore) / issued;
      const cpuMs = nodeMs + (pgMs ?? 0);
      console.log(
        `    ${String(callers).padStart(3)} callers ${fixed(perSecond).padStart(7)} certificates/s  (${fixed((perSecond / installation.aim) * 100, 0)}% of the aim)` +
          `  CPU per certificate: node ${fixed(nodeMs, 2)} ms + PostgreSQL ${pgMs === undefined ? '?' : fixed(pgMs, 2)} ms` +
          `  → ceiling on ${CORES} cores ≈ ${fixed((CORES * 1000) / cpuMs, 0)}/s`,
      );
    }
  }
  await breakdown(bench);
}

/** One issuance's time, sequentially, split into what the wrappers measured. */
async function breakdown(bench: Installation): Promise<void> {
  const checkStarted = performance.now();
  for (let i = 0; i < BREAKDOWN_ISSUANCES; i++) await readCertificationRequest(bench.request);
  const checkMs = (performance.now() - checkStarted) / BREAKDOWN_ISSUANCES;
  const { spans } = bench;
  Object.assign(spans, { queries: 0, queryMs: 0, signatures: 0, signMs: 0 });
  const started = performance.now();
  for (let i = 0; i < BREAKDOWN_ISSUANCES; i++) await bench.issueOne();
  const totalMs = (performance.now() - started) / BREAKDOWN_ISSUANCES;
  const per = (value: number): number => value / BREAKDOWN_ISSUANCES;
  const restMs = totalMs - per(spans.queryMs) - per(spans.signMs) - checkMs;
  const part = (ms: number): string => `${fixed(ms, 2)} ms (${fixed((ms / totalMs) * 100, 0)}%)`;
  console.log(`  one issuance, sequential: ${fixed(totalMs, 2)} ms`);
  console.log(
    `    database: ${fixed(per(spans.queries))} round trips (COMMIT included) ${part(per(spans.queryMs))}`,
  );
  console.log(`    CA signature: ${part(per(spans.signMs))}`);
  console.log(`    PKCS#10 parse + proof-of-possession check: ${part(checkMs)}`);
  console.log(`    the rest (ASN.1 encoding and parsing, profile and subject rules): ${part(restMs)}`);
}

const server = process.env.DATABASE_URL ? undefined : await startPostgres();
const serverUrl = process.env.DATABASE_URL ?? server!.url;
try {
  console.log(
    `Issuance from PKCS#10 with audit, PostgreSQL, ${SECONDS} s per run, ${CORES} cores, load average ${loadavg()
      .map((l) => fixed(l))
      .join(' ')}`,
  );
  for (const installation of INSTALLATIONS) {
    console.log(`${installation.name} (aim ≥ ${installation.aim}/s)`);
    const bench = await setUp(serverUrl, installation);
    try {
      await measure(installation, bench);
    } finally {
      await bench.db.close();
    }
  }
} finally {
  server?.stop();
}
