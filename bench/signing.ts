/**
 * Performance of the signing service. A script, not a test:
 * `npm run bench:signing` (builds first) or `npx tsx bench/signing.ts
 * [documents=100] [operations=20] [--concurrency N] [--postgres]`. About
 * two minutes.
 *
 * On embedded PGlite in a temp dir (or, with --postgres, a throwaway
 * PostgreSQL server on this machine, as installations in production run),
 * with a GOST installation (ECDSA users are issued by the same CAs), the
 * service functions the REST API calls
 * (`createSigningOperation`, `confirmSigningOperation`; JSON parsing and
 * HTTP are left out, they are the same for every format):
 *
 * 1. Batch signing: operations of `documents` CAdES-BES detached signatures
 *    of 1 KiB documents given whole (the service hashes them), `--concurrency`
 *    operations in flight as concurrent clients would have them, for a GOST
 *    R 34.10-2012-256 key and an ECDSA P-256 key; documents per second
 *    against the raw rate of the same algorithm on one thread of this
 *    process (`signDigest` of a software key: `@podpis/gost`, @noble/curves;
 *    no service around it). The service signs big batches on its signing
 *    threads, one per core. Keys of
 *    an organisation for automatic signing (no confirmation): aim ≥ 70 %.
 *    Keys under a PIN, each operation confirmed: the PIN's KDF is paid once
 *    per operation, reported.
 *    The same batches of automatic keys through the REST API as well
 *    (`app.inject`: bearer token, schema validation, JSON and base64; no
 *    socket).
 * 2. Hash signing, one document per operation, with PIN confirmation:
 *    operations per second, and the share of the PIN's KDF (the scrypt
 *    derivation that unseals the key, timed alone the same number of times).
 * 3. Verification reports per second of a CAdES-X Long Type 1 signature
 *    (`SignatureVerifier.verify`: signature, two time stamps, the path to
 *    our root, revocation from the embedded values).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { streebog256 } from '@podpis/gost';
import { createDatabase, startPostgres } from '@podpis/testkit';
import { generateSoftwareKey, hashForSigner, OID, type KeySpec } from '@podpis/pki';
import { issueUserCertificate } from '../packages/server/src/ca/certificates.js';
import { OcspResponder } from '../packages/server/src/ca/ocsp-responder.js';
import { TimeStampAuthority } from '../packages/server/src/ca/tsa.js';
import { readMigrations } from '../packages/server/src/db/migrate.js';
import { buildApp } from '../packages/server/src/http/app.js';
import { createLogger } from '../packages/server/src/logger.js';
import { createApiToken } from '../packages/server/src/auth/api-tokens.js';
import { openPglite } from '../packages/server/src/db/pglite.js';
import { openPostgres } from '../packages/server/src/db/postgres.js';
import { derivePinKey, newScryptParams } from '../packages/server/src/keystore/seal.js';
import { registerUser } from '../packages/server/src/people/users.js';
import {
  confirmSigningOperation,
  createSigningOperation,
} from '../packages/server/src/signing/operations.js';
import { signingServices } from '../packages/server/src/signing/signing-services.js';
import { SignatureVerifier } from '../packages/server/src/signing/verification/index.js';
import { IVANOV_PERSON, PRIMER_LEGAL_ENTITY } from '../packages/pki/test/support/subjects.js';
import { BENCH_PIN, BENCH_SUBJECT, benchAuthorities } from './fixtures.js';

const ARGS = process.argv.slice(2);
const POSITIONAL = ARGS.filter((arg, i) => !arg.startsWith('--') && ARGS[i - 1] !== '--concurrency');
const DOCUMENTS = Number(POSITIONAL[0] ?? 100);
const OPERATIONS = Number(POSITIONAL[1] ?? 20);
/** Batch operations in flight at once, as concurrent API clients would have them. */
const CONCURRENCY = ARGS.includes('--concurrency') ? Number(ARGS[ARGS.indexOf('--concurrency') + 1]) || 1 : 1;
const ON_POSTGRES = ARGS.includes('--postgres');
/** Batches per measurement: enough to keep every in-flight slot busy a few times. */
const BATCHES = Math.max(4, CONCURRENCY * 3);
const CONTEXT = { actor: 'bench' };

const perSecond = (count: number, ms: number): number => (count * 1000) / ms;
const fmt = (n: number): string => n.toFixed(1).padStart(9);

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Runs `count` tasks with at most `width` at once. */
async function inFlight(width: number, count: number, task: () => Promise<unknown>): Promise<void> {
  let started = 0;
  const lane = async (): Promise<void> => {
    while (started < count) {
      started += 1;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, lane));
}

const dir = mkdtempSync(join(tmpdir(), 'podpis-bench-signing-'));
const postgres = ON_POSTGRES ? await startPostgres() : undefined;
const db = postgres
  ? await openPostgres(await createDatabase(postgres.url), { maxConnections: 20 })
  : await openPglite(join(dir, 'pglite'));
try {
  const ctx = await benchAuthorities(db, 'gost256');
  const authorities = { tsa: new TimeStampAuthority(ctx), ocsp: new OcspResponder(ctx) };
  const services = signingServices(ctx, authorities);
  const { user } = await registerUser(
    db,
    { scryptLogN: 10, passwordMinLength: 8 },
    { login: 'bench', profile: IVANOV_PERSON },
    CONTEXT,
  );
  const holder = async (keySpec: KeySpec, automatic = false) =>
    (
      await issueUserCertificate(ctx, {
        accountId: user.id,
        keySpec,
        validityDays: 365,
        actor: 'bench',
        ...(automatic ? { subject: PRIMER_LEGAL_ENTITY } : { subject: BENCH_SUBJECT, pin: BENCH_PIN }),
      })
    ).serial;

  const sign = async (serial: string, count: number, format: 'cades' | 'raw', parameters = {}) => {
    const document = randomBytes(1024);
    const operation = await createSigningOperation(
      ctx,
      user.id,
      {
        certificate: serial,
        format,
        parameters,
        documents: Array.from({ length: count }, (_, i) => ({ name: `doc-${i}`, content: document })),
      },
      CONTEXT,
      services,
    );
    if (operation.status === 'completed') return;
    await confirmSigningOperation(
      ctx,
      user.id,
      operation.id,
      { method: 'pin', pin: BENCH_PIN },
      CONTEXT,
      services,
    );
  };

  console.log(
    `Signing service on ${postgres ? 'PostgreSQL (a server on this machine)' : 'PGlite'}: ${BATCHES} batches of ${DOCUMENTS} documents, ${CONCURRENCY} in flight; ${OPERATIONS} single operations; ${availableParallelism()} cores\n`,
  );
  console.log('CAdES-BES detached, batch          service/s     raw/s     ratio   aim');
  const kinds: [string, KeySpec][] = [
    ['GOST R 34.10-2012-256', { type: 'gost', paramSet: OID.gost3410_2012_256_paramSetA }],
    ['ECDSA P-256', { type: 'ecdsa', curve: 'P-256' }],
  ];
  const serials = new Map<string, string>();
  const rawRates = new Map<string, number>();
  const cases: [string, KeySpec, boolean][] = kinds.flatMap(([label, spec]): [string, KeySpec, boolean][] => [
    [`${label}, automatic`, spec, true],
    [`${label}, PIN`, spec, false],
  ]);
  for (const [label, spec, automatic] of cases) {
    const serial = await holder(spec, automatic);
    serials.set(label, serial);
    // Warm-up with a whole batch: it starts the signing threads too.
    await sign(serial, DOCUMENTS, 'cades');
    const serviceMs = await timed(() =>
      inFlight(CONCURRENCY, BATCHES, () => sign(serial, DOCUMENTS, 'cades')),
    );
    const key = await generateSoftwareKey(spec);
    const digests = Array.from({ length: DOCUMENTS }, () => randomBytes(32));
    await key.signer.signDigest(await hashForSigner(key.signer, digests[0]!));
    const rawMs = await timed(async () => {
      for (const digest of digests) await key.signer.signDigest(digest);
    });
    const service = perSecond(DOCUMENTS * BATCHES, serviceMs);
    const raw = perSecond(DOCUMENTS, rawMs);
    rawRates.set(label, raw);
    const ratio = service / raw;
    const aim = automatic ? `≥ 70 % ${ratio >= 0.7 ? 'met' : 'NOT met'}` : '(PIN KDF per operation)';
    console.log(
      `${label.padEnd(34)}${fmt(service)}${fmt(raw)}${(ratio * 100).toFixed(0).padStart(8)} %   ${aim}`,
    );
  }

  console.log(
    '\nThrough the REST API in process (fastify inject: bearer token, schema validation, JSON, base64)',
  );
  const app = await buildApp({
    config: { bodyLimit: 64 * 1024 * 1024, publicUrl: 'https://podpis.bench' },
    db,
    migrations: readMigrations(),
    logger: createLogger('silent'),
    pki: { ca: ctx, ocsp: authorities.ocsp, tsa: authorities.tsa },
  });
  // The bench's holder never signs in, so its first-login password change is skipped here.
  await db.query('UPDATE accounts SET must_change_password = false WHERE id = $1', [user.id]);
  const { token } = await createApiToken(
    db,
    { accountId: user.id, role: 'user', login: 'bench', method: 'session', mustChangePassword: false },
    { name: 'bench', scopes: ['signing'], expiresInDays: 1 },
  );
  const content = randomBytes(1024).toString('base64');
  const payload = (serial: string) => ({
    certificate: serial,
    format: 'cades',
    documents: Array.from({ length: DOCUMENTS }, (_, i) => ({ name: `doc-${i}`, content })),
  });
  const post = async (serial: string) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/signing-operations',
      headers: { authorization: `Bearer ${token}` },
      payload: payload(serial),
    });
    if (response.statusCode !== 201 || response.json<{ status: string }>().status !== 'completed') {
      throw new Error(`the API did not sign: ${response.statusCode} ${response.body.slice(0, 300)}`);
    }
  };
  for (const [label] of kinds) {
    const serial = serials.get(`${label}, automatic`)!;
    await post(serial);
    const apiMs = await timed(() => inFlight(CONCURRENCY, BATCHES, () => post(serial)));
    const rate = perSecond(DOCUMENTS * BATCHES, apiMs);
    const raw = rawRates.get(`${label}, automatic`)!;
    const ratio = rate / raw;
    console.log(
      `${`${label}, automatic`.padEnd(34)}${fmt(rate)}${fmt(raw)}${(ratio * 100).toFixed(0).padStart(8)} %   ≥ 70 % ${ratio >= 0.7 ? 'met' : 'NOT met'}`,
    );
  }
  await app.close();

  console.log('\nHash signing, one document per operation, PIN confirmation');
  const gostSerial = serials.get('GOST R 34.10-2012-256, PIN')!;
  const singleMs = await timed(async () => {
    for (let i = 0; i < OPERATIONS; i++) await sign(gostSerial, 1, 'raw');
  });
  const params = newScryptParams();
  const kdfMs = await timed(async () => {
    for (let i = 0; i < OPERATIONS; i++) await derivePinKey(BENCH_PIN, params);
  });
  console.log(
    `  ${fmt(perSecond(OPERATIONS, singleMs))} operations/s; the PIN's KDF takes ${((kdfMs / singleMs) * 100).toFixed(0)} % (${(kdfMs / OPERATIONS).toFixed(1)} ms each)`,
  );

  console.log('\nVerification reports of a CAdES-X Long Type 1 signature');
  const document = new TextEncoder().encode('bench document');
  const operation = await createSigningOperation(
    ctx,
    user.id,
    {
      certificate: gostSerial,
      format: 'cades',
      parameters: { level: 'XLT1' },
      documents: [{ name: 'x', digest: Buffer.from(streebog256(document)).toString('hex') }],
    },
    CONTEXT,
    services,
  );
  await confirmSigningOperation(
    ctx,
    user.id,
    operation.id,
    { method: 'pin', pin: BENCH_PIN },
    CONTEXT,
    services,
  );
  const { rows } = await db.query<{ der: Uint8Array }>(
    'SELECT der FROM signing_results WHERE operation_id = $1',
    [operation.id],
  );
  const signature = new Uint8Array(rows[0]!.der);
  const verifier = new SignatureVerifier(ctx, authorities);
  const first = await verifier.verify({ signature, document });
  if (first.indication !== 'TOTAL_PASSED')
    throw new Error(`the X Long signature does not verify: ${JSON.stringify(first)}`);
  const verifyMs = await timed(async () => {
    for (let i = 0; i < OPERATIONS; i++) await verifier.verify({ signature, document });
  });
  console.log(
    `  ${fmt(perSecond(OPERATIONS, verifyMs))} reports/s (${(verifyMs / OPERATIONS).toFixed(1)} ms each)`,
  );
  await authorities.ocsp.close();
} finally {
  await db.close();
  postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
}
