/**
 * Throughput of the CSC API v2. A script, not a test: `npm run bench:csc`
 * (builds first) or `npx tsx bench/csc.ts [hashes=100] [batches=10]`.
 * About a minute.
 *
 * On embedded PGlite in a temp dir, with a GOST installation, for a GOST
 * R 34.10-2012-256 key and an ECDSA P-256 key under a PIN, in one run:
 *
 * - through `/csc/v2` in process (fastify inject: bearer token, schema
 *   validation, JSON and base64; no socket): per batch,
 *   `credentials/authorize` of `hashes` hashes with the PIN, then
 *   `signatures/signHash` of them — a raw signing operation, its device
 *   policy, audit records and results included;
 * - the key store alone on the same digests: `activate` with the PIN and
 *   `signDigests`, the least any signature of a PIN key costs here (the
 *   PIN's KDF, the activation, `key.sign`).
 *
 * Prints hashes per second of each and their ratio (aim ≥ 60 %).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeySpec } from '@podpis/pki';
import { issueUserCertificate } from '../packages/server/src/ca/certificates.js';
import { OcspResponder } from '../packages/server/src/ca/ocsp-responder.js';
import { TimeStampAuthority } from '../packages/server/src/ca/tsa.js';
import { createApiToken } from '../packages/server/src/auth/api-tokens.js';
import { readMigrations } from '../packages/server/src/db/migrate.js';
import { openPglite } from '../packages/server/src/db/pglite.js';
import { buildApp } from '../packages/server/src/http/app.js';
import { createLogger } from '../packages/server/src/logger.js';
import { registerUser } from '../packages/server/src/people/users.js';
import { IVANOV_PERSON } from '../packages/pki/test/support/subjects.js';
import { BENCH_PIN, BENCH_SUBJECT, benchAuthorities } from './fixtures.js';

const HASHES = Number(process.argv[2] ?? 100);
const BATCHES = Number(process.argv[3] ?? 10);

const perSecond = (count: number, ms: number): number => (count * 1000) / ms;
const fmt = (n: number): string => n.toFixed(1).padStart(9);

const dir = mkdtempSync(join(tmpdir(), 'podpis-bench-csc-'));
const db = await openPglite(join(dir, 'pglite'));
try {
  const ctx = await benchAuthorities(db, 'gost256');
  const authorities = { tsa: new TimeStampAuthority(ctx), ocsp: new OcspResponder(ctx) };
  const { user } = await registerUser(
    db,
    { scryptLogN: 10, passwordMinLength: 8 },
    { login: 'bench', profile: IVANOV_PERSON },
    { actor: 'bench' },
  );
  await db.query('UPDATE accounts SET must_change_password = false WHERE id = $1', [user.id]);
  const app = await buildApp({
    config: { bodyLimit: 16 * 1024 * 1024, publicUrl: 'https://podpis.bench' },
    db,
    migrations: readMigrations(),
    logger: createLogger('silent'),
    pki: { ca: ctx, ocsp: authorities.ocsp, tsa: authorities.tsa },
  });
  const { token } = await createApiToken(
    db,
    { accountId: user.id, role: 'user', login: 'bench', method: 'session', mustChangePassword: false },
    { name: 'bench', scopes: ['signing'], expiresInDays: 1 },
  );
  const headers = { authorization: `Bearer ${token}` };

  const csc = async (method: string, payload: Record<string, unknown>) => {
    const response = await app.inject({ method: 'POST', url: `/csc/v2/${method}`, headers, payload });
    if (response.statusCode !== 200) throw new Error(`${method}: ${response.statusCode} ${response.body}`);
    return response.json<Record<string, unknown>>();
  };

  const cases: { label: string; spec: KeySpec; length: number; signAlgo: string }[] = [
    {
      label: 'GOST R 34.10-2012-256',
      spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' },
      length: 32,
      signAlgo: '1.2.643.7.1.1.3.2',
    },
    {
      label: 'ECDSA P-256',
      spec: { type: 'ecdsa', curve: 'P-256' },
      length: 32,
      signAlgo: '1.2.840.10045.4.3.2',
    },
  ];
  console.log(
    `CSC API v2: ${BATCHES} batches of ${HASHES} hashes, PIN keys (authorize + signHash per batch)`,
  );
  console.log('key                      raw (hashes/s)   /csc/v2 (hashes/s)   ratio');
  for (const { label, spec, length, signAlgo } of cases) {
    const issued = await issueUserCertificate(ctx, {
      accountId: user.id,
      keySpec: spec,
      validityDays: 365,
      actor: 'bench',
      subject: BENCH_SUBJECT,
      pin: BENCH_PIN,
    });
    const { rows } = await db.query<{ key_id: string }>('SELECT key_id FROM certificates WHERE serial = $1', [
      issued.serial,
    ]);
    const key = { id: rows[0]!.key_id };
    const batch = () => Array.from({ length: HASHES }, () => new Uint8Array(randomBytes(length)));

    // Warm both paths (signing threads, JIT, caches).
    for (let i = 0; i < 2; i++) {
      const digests = batch();
      await ctx.keyStore.signDigests(
        key,
        digests,
        await ctx.keyStore.activate(key, { digests, confirmation: { method: 'pin', pin: BENCH_PIN } }),
      );
    }
    const rawStart = performance.now();
    for (let i = 0; i < BATCHES; i++) {
      const digests = batch();
      const activation = await ctx.keyStore.activate(key, {
        digests,
        confirmation: { method: 'pin', pin: BENCH_PIN },
      });
      await ctx.keyStore.signDigests(key, digests, activation);
    }
    const raw = perSecond(HASHES * BATCHES, performance.now() - rawStart);

    const viaCsc = async () => {
      const hashes = batch().map((h) => Buffer.from(h).toString('base64'));
      const { SAD } = await csc('credentials/authorize', {
        credentialID: issued.serial,
        numSignatures: hashes.length,
        hashes,
        PIN: BENCH_PIN,
      });
      const { signatures } = await csc('signatures/signHash', {
        credentialID: issued.serial,
        SAD,
        hashes,
        signAlgo,
      });
      if (!Array.isArray(signatures) || signatures.length !== HASHES)
        throw new Error('signHash: wrong count');
    };
    await viaCsc();
    const cscStart = performance.now();
    for (let i = 0; i < BATCHES; i++) await viaCsc();
    const remote = perSecond(HASHES * BATCHES, performance.now() - cscStart);
    console.log(
      `${label.padEnd(24)} ${fmt(raw)}        ${fmt(remote)}           ${((remote / raw) * 100).toFixed(0).padStart(3)} %`,
    );
  }
  await app.close();
  await authorities.ocsp.close();
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
