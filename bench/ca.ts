/**
 * Performance of the CA server: certificate issuance and the OCSP responder.
 * A script, not a test: `npm run bench:ca` (builds first) or
 * `npx tsx bench/ca.ts [certificates=20] [seconds=10]`. About two minutes.
 *
 * 1. Issuance, in this process, on embedded PGlite in a temp dir (and on
 *    PostgreSQL too when DATABASE_URL is set; a fresh database is created on
 *    that server): `issueUserCertificate` one after another — user key
 *    generated in the software key store and wrapped under the PIN, the
 *    certificate signed by the issuing CA, stored with its audit record in
 *    one transaction. GOST R 34.10-2012-256 on a GOST installation and ECDSA
 *    P-256 on an ECDSA one. Then, to show where the time goes, as many
 *    `keyStore.generate` calls with a PIN alone and as many scrypt PIN
 *    derivations alone (N=2^15, r=8, p=1: the cost every user key pays).
 *
 * 2. OCSP over plain HTTP with autocannon (32 connections, 10 s, after a 3 s
 *    warm-up that is not counted) from this process against targets that
 *    each run alone in a child process (bench/ocsp-target.ts), so the load
 *    generator never shares the server's event loop:
 *    - ours: the real server, `startServer` as `podpis serve --init-if-empty`
 *      starts it, on PGlite in a temp data dir with the default log level
 *      (info, one line per request; PODPIS_LOG_LEVEL overrides), answering
 *      POST /pki/ocsp. The child issues one user certificate itself through
 *      the CA services on the server's own database (PGlite admits one
 *      process) and reports the requests. Two requests: one without a nonce
 *      (answered from the responder's cache after the first signature: the
 *      common case of a client polling a good certificate) and one with a
 *      nonce (a fresh signature every time; autocannon repeats the same
 *      bytes, which the responder treats like any nonce request). Run for
 *      an ECDSA P-256 installation and a GOST R 34.10-2012-256 one.
 *    - openssl: `openssl ocsp -index index.txt -port … -rsigner -rkey -CA`
 *      (one process, as documented) for the same ECDSA issuing CA and the
 *      same user certificate, listed as valid in a minimal index.txt; its
 *      signing key is a second delegated responder certificate the same CA
 *      issued (our key store exports no keys). ECDSA because OpenSSL's GOST
 *      engine would make the comparison about the engine. It gets the
 *      request without a nonce; it signs every response. It speaks HTTP/1.0
 *      and closes the connection after every answer (autocannon stalls
 *      against it after its first run), so it is loaded with a new
 *      connection per request (bench/fresh-connection-load.ts), and so are
 *      our ECDSA responder and the ceiling once more, for a like-for-like
 *      ratio.
 *    - ceiling: a bare Fastify route in a child returning a fixed 1.5 KB
 *      body for the same POST: what this machine's HTTP stack allows.
 *    Every target's answer is checked once before the load (a signed
 *    `good` for our certificate, the signature verified) and the aims are
 *    printed with whether each is met: ours ≥ 5× OpenSSL, ≥ 50 % of the
 *    ceiling, zero errors (non-2xx, socket errors, timeouts), p99 < 10 ms.
 *
 * Load generator and server share the machine's cores, as they do for every
 * target, so ratios are the figures to compare across machines.
 *
 * Every child runs in a process group of its own (bench/process-groups.ts)
 * and the whole group is stopped when the bench ends, fails or is
 * interrupted: `openssl ocsp -multi` leaves its forked responders running
 * when only its parent is killed.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { parseCertificate, parseOcspResponse, verifyOcspResponseSignature, type KeySpec } from '@podpis/pki';
import { createDatabase, freePort, waitFor } from '@podpis/testkit';
import type { AuthorityContext } from '../packages/server/src/ca/authorities.js';
import { issueUserCertificate } from '../packages/server/src/ca/certificates.js';
import { pkiUrls } from '../packages/server/src/ca/pki-urls.js';
import { setUpAuthorities } from '../packages/server/src/ca/setup.js';
import type { Db } from '../packages/server/src/db/db.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { openPglite } from '../packages/server/src/db/pglite.js';
import { openPostgres } from '../packages/server/src/db/postgres.js';
import { SoftwareKeyStore } from '../packages/server/src/keystore/index.js';
import { derivePinKey, newScryptParams } from '../packages/server/src/keystore/seal.js';
import { BENCH_ACCOUNT, BENCH_PIN, BENCH_SUBJECT } from './fixtures.js';
import { loadWithFreshConnections } from './fresh-connection-load.js';
import type { CeilingTarget, PodpisTarget } from './ocsp-target.js';
import { ProcessGroups } from './process-groups.js';
import { serverEnv, startTarget } from './targets.js';

const CERTIFICATES = Number(process.argv[2] ?? 20);
const SECONDS = Number(process.argv[3] ?? 10);
const CONNECTIONS = 32;
const WARM_UP_SECONDS = 3;

const work = mkdtempSync(join(tmpdir(), 'podpis-bench-'));
const processes = new ProcessGroups();

// ---------------------------------------------------------------- issuance

type Algorithm = 'gost256' | 'ecdsa';

const USER_KEYS: Readonly<Record<Algorithm, { name: string; spec: KeySpec }>> = {
  gost256: { name: 'GOST R 34.10-2012-256', spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' } },
  ecdsa: { name: 'ECDSA P-256', spec: { type: 'ecdsa', curve: 'P-256' } },
};

interface Backend {
  name: string;
  open(): Promise<Db>;
}

/** Milliseconds per call of `work`, called `count` times one after another. */
async function msEach(count: number, work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await work();
  return (performance.now() - start) / count;
}

async function issuance(backend: Backend, algorithm: Algorithm): Promise<Record<string, string>> {
  const db = await backend.open();
  await migrate(db);
  const keyStore = new SoftwareKeyStore({ db, masterKey: randomBytes(32) });
  try {
    const ctx: AuthorityContext = {
      db,
      keyStore,
      urls: pkiUrls('http://localhost:8080'),
      now: () => new Date(),
    };
    await setUpAuthorities(ctx, algorithm, 'bench');
    const { name, spec } = USER_KEYS[algorithm];
    const issue = (): Promise<unknown> =>
      issueUserCertificate(ctx, {
        accountId: BENCH_ACCOUNT,
        subject: BENCH_SUBJECT,
        keySpec: spec,
        pin: BENCH_PIN,
        validityDays: 365,
        actor: 'bench',
      });
    await issue();
    const issueMs = await msEach(CERTIFICATES, issue);
    const generateMs = await msEach(CERTIFICATES, () =>
      keyStore.generate(spec, { label: 'bench', owner: `user:${BENCH_ACCOUNT}`, pin: BENCH_PIN }),
    );
    const scryptMs = await msEach(CERTIFICATES, () => derivePinKey(BENCH_PIN, newScryptParams()));
    return {
      database: backend.name,
      'user key': name,
      'issued/s': (1000 / issueMs).toFixed(1),
      'ms per certificate': issueMs.toFixed(1),
      'of which key generate + PIN wrap, ms': generateMs.toFixed(1),
      'of which scrypt, ms': scryptMs.toFixed(1),
      'scrypt share': `${((100 * scryptMs) / issueMs).toFixed(0)} %`,
    };
  } finally {
    await keyStore.close();
    await db.close();
  }
}

async function issuanceBench(): Promise<void> {
  const backends: Backend[] = [
    { name: 'PGlite', open: () => openPglite(join(mkdtempSync(join(work, 'pglite-')), 'pglite')) },
  ];
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    backends.push({ name: 'PostgreSQL', open: async () => openPostgres(await createDatabase(databaseUrl)) });
  }
  const rows: Record<string, string>[] = [];
  for (const backend of backends) {
    for (const algorithm of ['gost256', 'ecdsa'] as const) rows.push(await issuance(backend, algorithm));
  }
  console.log(
    `\nCertificate issuance: ${CERTIFICATES} certificates one after another (issueUserCertificate)`,
  );
  console.table(rows);
}

// -------------------------------------------------------------------- OCSP

async function post(url: string, body: Uint8Array): Promise<Uint8Array> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/ocsp-request' },
    body: new Uint8Array(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Fails unless the answer is a signed `good`; returns its size. */
async function checkOcsp(url: string, request: Uint8Array): Promise<number> {
  const der = await post(url, request);
  const response = parseOcspResponse(der);
  const signer = response.status === 'successful' ? response.certificates[0] : undefined;
  if (response.status !== 'successful' || response.responses[0]?.status !== 'good' || !signer) {
    throw new Error(`${url} did not answer a signed good: ${JSON.stringify(response.status)}`);
  }
  const spki = parseCertificate(signer).asn1.tbsCertificate.subjectPublicKeyInfo;
  if (!(await verifyOcspResponseSignature(response, spki))) throw new Error(`${url}: bad signature`);
  return der.length;
}

interface Measured {
  target: string;
  mode: LoadMode;
  requestsPerSecond: number;
  errors: number;
  p50: number;
  p99: number;
  /** The body of one answer, and what was read per answer with the headers, as a check. */
  bytes: number;
  bytesRead: number;
}

/**
 * `keep-alive`: autocannon, connections kept open (how relying parties and
 * proxies talk to a responder). `fresh`: a new connection per request
 * (bench/fresh-connection-load.ts), the only way `openssl ocsp -port`
 * (HTTP/1.0, one answer per connection) can be measured; our server and the
 * ceiling are measured that way too, so the ratio to OpenSSL compares like
 * with like.
 */
type LoadMode = 'keep-alive' | 'fresh';

async function load(
  target: string,
  url: string,
  body: Uint8Array,
  bytes: number,
  mode: LoadMode = 'keep-alive',
): Promise<Measured> {
  if (mode === 'fresh') {
    const fresh = {
      url,
      body,
      headers: { 'content-type': 'application/ocsp-request' },
      connections: CONNECTIONS,
    };
    await loadWithFreshConnections({ ...fresh, seconds: WARM_UP_SECONDS });
    const result = await loadWithFreshConnections({ ...fresh, seconds: SECONDS });
    return {
      target,
      mode,
      requestsPerSecond: result.requests / result.seconds,
      errors: result.errors,
      p50: result.p50,
      p99: result.p99,
      bytes,
      bytesRead: result.bytes,
    };
  }
  const options = {
    url,
    method: 'POST' as const,
    headers: { 'content-type': 'application/ocsp-request' },
    body: Buffer.from(body),
    connections: CONNECTIONS,
  };
  await autocannon({ ...options, duration: WARM_UP_SECONDS });
  const result = await autocannon({ ...options, duration: SECONDS });
  return {
    target,
    mode,
    requestsPerSecond: result.requests.total / result.duration,
    errors: result.non2xx + result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytes,
    bytesRead: result.throughput.total / result.requests.total,
  };
}

async function ours(algorithm: Algorithm): Promise<{ target: PodpisTarget; runs: Measured[] }> {
  const target = await startTarget<PodpisTarget>(processes, ['podpis', algorithm], serverEnv(work));
  const cached = Buffer.from(target.request, 'base64');
  const withNonce = Buffer.from(target.requestWithNonce, 'base64');
  const name = algorithm === 'ecdsa' ? 'ECDSA P-256' : 'GOST 2012-256';
  const bytes = await checkOcsp(target.ocspUrl, cached);
  const runs = [
    await load(`ours, ${name}, no nonce`, target.ocspUrl, cached, bytes),
    await load(`ours, ${name}, nonce`, target.ocspUrl, withNonce, await checkOcsp(target.ocspUrl, withNonce)),
  ];
  // The same request as OpenSSL gets, the way OpenSSL has to be asked.
  if (algorithm === 'ecdsa')
    runs.push(await load(`ours, ${name}, no nonce`, target.ocspUrl, cached, bytes, 'fresh'));
  await processes.stopAll();
  return { target, runs };
}

async function opensslRun(target: PodpisTarget): Promise<Measured> {
  if (!target.openssl) throw new Error('the ECDSA target reports no responder for OpenSSL');
  const dir = mkdtempSync(join(work, 'openssl-'));
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const user = file('user.pem', target.userPem);
  const field = (option: string): string =>
    execFileSync('openssl', ['x509', '-noout', option, '-in', user], { encoding: 'utf8' })
      .trim()
      .replace(/^[^=]*=/, '');
  const expires = new Date(field('-enddate'));
  const yymmddhhmmss = expires.toISOString().replace(/[-T:]/g, '').slice(2, 14);
  const subject = execFileSync('openssl', ['x509', '-noout', '-subject', '-nameopt', 'compat', '-in', user], {
    encoding: 'utf8',
  })
    .trim()
    .replace(/^subject=/, '');
  const index = file('index.txt', `V\t${yymmddhhmmss}Z\t\t${field('-serial')}\tunknown\t${subject}\n`);
  const port = await freePort();
  processes.spawn(
    'openssl',
    [
      'ocsp',
      '-index',
      index,
      '-port',
      String(port),
      '-rsigner',
      file('responder.pem', target.openssl.responderPem),
      '-rkey',
      file('responder.key', target.openssl.responderKeyPem),
      '-CA',
      file('issuing.pem', target.issuingPem),
      '-nmin',
      '60',
      // One responder process per CPU, as fair as our server's use of the machine.
      '-multi',
      String(cpus().length),
    ],
    { stdio: ['ignore', 'ignore', 'ignore'] },
    { makesOwnGroup: true },
  );
  const url = `http://127.0.0.1:${port}/`;
  const request = Buffer.from(target.request, 'base64');
  const bytes = await waitFor(() => checkOcsp(url, request), {
    what: `openssl ocsp on port ${port} to answer a signed good`,
    timeoutMs: 10_000,
    intervalMs: 100,
  });
  const run = await load('openssl ocsp, ECDSA P-256', url, request, bytes, 'fresh');
  await processes.stopAll();
  return run;
}

async function ceilingRuns(request: Uint8Array): Promise<Measured[]> {
  const target = await startTarget<CeilingTarget>(processes, ['ceiling']);
  const bytes = (await post(target.url, request)).length;
  const runs = [
    await load('ceiling: Fastify, fixed 1.5 KB', target.url, request, bytes),
    await load('ceiling: Fastify, fixed 1.5 KB', target.url, request, bytes, 'fresh'),
  ];
  await processes.stopAll();
  return runs;
}

const yes = (met: boolean): string => (met ? 'met' : 'NOT met');

async function ocspBench(): Promise<void> {
  const ecdsa = await ours('ecdsa');
  const openssl = await opensslRun(ecdsa.target);
  const [ceiling, ceilingFresh] = (await ceilingRuns(Buffer.from(ecdsa.target.request, 'base64'))) as [
    Measured,
    Measured,
  ];
  const gost = await ours('gost256');
  const runs = [...ecdsa.runs, openssl, ceiling, ceilingFresh, ...gost.runs];
  console.log(
    `\nOCSP over plain HTTP: ${CONNECTIONS} connections, ${SECONDS} s per target, ${cpus().length} CPUs; ` +
      'keep-alive = autocannon, new = a new connection per request',
  );
  console.table(
    runs.map((run) => ({
      target: run.target,
      connections: run.mode === 'fresh' ? 'new' : 'keep-alive',
      'requests/s': Math.round(run.requestsPerSecond),
      errors: run.errors,
      'p50 ms': run.p50,
      'p99 ms': run.p99,
      'response bytes': run.bytes,
      'read per response': Math.round(run.bytesRead),
    })),
  );
  const [main, nonce, mainFresh] = ecdsa.runs as [Measured, Measured, Measured];
  // An OpenSSL responder that answered nothing gives no reference: say so instead of dividing by zero.
  const opensslMeasured = openssl.requestsPerSecond > 0 && openssl.errors === 0;
  const toOpenssl = mainFresh.requestsPerSecond / openssl.requestsPerSecond;
  const toCeiling = main.requestsPerSecond / ceiling.requestsPerSecond;
  const ourRuns = [...ecdsa.runs, ...gost.runs];
  const erring = ourRuns.filter((run) => run.errors > 0);
  const slow = ourRuns.filter((run) => run.p99 >= 10);
  const versusOpenssl = opensslMeasured
    ? `${toOpenssl.toFixed(2)}× (both a new connection per request); ` +
      // openssl ocsp answers HTTP/1.0 and closes every connection; relying parties keep theirs open with us.
      `${(main.requestsPerSecond / openssl.requestsPerSecond).toFixed(2)}× each on its best transport (ours keep-alive); ` +
      `with a nonce (a signature each, keep-alive): ${(nonce.requestsPerSecond / openssl.requestsPerSecond).toFixed(2)}×`
    : `not reliable: the openssl responder had ${openssl.errors} errors (${Math.round(openssl.requestsPerSecond)} answers/s)`;
  console.log(
    [
      `ours/openssl (same request, ECDSA, no nonce): ${versusOpenssl}`,
      `ours/ceiling (ECDSA, no nonce): ${(100 * toCeiling).toFixed(0)} % keep-alive, ${(
        (100 * mainFresh.requestsPerSecond) /
        ceilingFresh.requestsPerSecond
      ).toFixed(0)} % with a new connection per request`,
      'Aims:',
      `  ≥ 5× OpenSSL:          ${opensslMeasured ? `${yes(toOpenssl >= 5)} (${toOpenssl.toFixed(2)}× on the same transport, ${(main.requestsPerSecond / openssl.requestsPerSecond).toFixed(2)}× on the best of each)` : 'unknown (no reference)'}`,
      `  ≥ 50 % of the ceiling: ${yes(toCeiling >= 0.5)} (${(100 * toCeiling).toFixed(0)} %)`,
      `  zero errors:           ${yes(erring.length === 0)}${erring.map((r) => `; ${r.target}: ${r.errors}`).join('')}`,
      `  p99 < 10 ms:           ${yes(slow.length === 0)}${slow.map((r) => `; ${r.target}: ${r.p99} ms`).join('')}`,
    ].join('\n'),
  );
}

const removeWork = (): void => {
  rmSync(work, { recursive: true, force: true });
};
processes.stopOnSignals(removeWork);
try {
  await issuanceBench();
  await ocspBench();
} finally {
  await processes.stopAll();
  removeWork();
}
