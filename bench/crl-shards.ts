/**
 * CRL shards on PostgreSQL (issue #17): `npm run bench:crl-shards`.
 * Starts a throwaway PostgreSQL (or uses DATABASE_URL's server), sets up an
 * ECDSA installation whose issuing CA has CRL_BENCH_SHARDS shards (256),
 * bulk-inserts CRL_BENCH_CERTS synthetic certificate rows (10,000,000; about
 * 1% revoked; serials and fingerprints of real length, a 600-byte DER
 * stand-in) with one generate_series statement, then times:
 *
 * - publishing every shard's CRL (parallel transactions, each reading its
 *   shard from the partial index of revoked certificates);
 * - republishing one shard after a revocation (what a revocation costs);
 * - publishing the one full CRL (and its delta), as every revocation did before.
 *
 * `CRL_BENCH_CERTS=1000000` makes a quick run. The database is dropped (or
 * the throwaway server removed) at the end: 10 million rows take ~9 GB.
 */
import { randomBytes } from 'node:crypto';
import { createDatabase, startPostgres } from '@podpis/testkit';
import type { AuthorityContext } from '../packages/server/src/ca/authorities.js';
import { revokeCertificate } from '../packages/server/src/ca/certificates.js';
import {
  CRL_SHARD_CONCURRENCY,
  publishAllCrlShards,
  publishCrlShards,
} from '../packages/server/src/ca/crl-shards.js';
import { publishCrl } from '../packages/server/src/ca/crls.js';
import { pkiUrls } from '../packages/server/src/ca/pki-urls.js';
import { setUpAuthorities } from '../packages/server/src/ca/setup.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { openPostgres } from '../packages/server/src/db/postgres.js';
import { SoftwareKeyStore } from '../packages/server/src/keystore/index.js';

const CERTS = Number(process.env.CRL_BENCH_CERTS ?? 10_000_000);
const SHARDS = Number(process.env.CRL_BENCH_SHARDS ?? 256);
const CONCURRENCY = Number(process.env.CRL_BENCH_CONCURRENCY ?? CRL_SHARD_CONCURRENCY);
/** One certificate in this many is revoked. */
const REVOKED_EVERY = 100;
/** Rows per INSERT statement: each a transaction of its own, so a failure loses little. */
const BATCH = 1_000_000;

const seconds = (since: number): string => ((performance.now() - since) / 1000).toFixed(2);
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`${label.padEnd(52)} ${seconds(started).padStart(8)} s`);
  return result;
}

const server = process.env.DATABASE_URL ? undefined : await startPostgres();
const serverUrl = process.env.DATABASE_URL ?? server!.url;
const url = await createDatabase(serverUrl);
const db = await openPostgres(url, { maxConnections: CONCURRENCY + 2 });
try {
  await migrate(db);
  const ctx: AuthorityContext = {
    db,
    keyStore: new SoftwareKeyStore({ db, masterKey: randomBytes(32) }),
    urls: pkiUrls('http://pki.example.ru'),
    now: () => new Date(),
  };
  const { issuing } = await setUpAuthorities(ctx, 'ecdsa', 'bench', { crlShards: SHARDS });
  console.log(
    `CRL shards: ${CERTS.toLocaleString('en')} certificates of one CA, 1 in ${REVOKED_EVERY} revoked, ${SHARDS} shards, ${CONCURRENCY} at once, PostgreSQL`,
  );
  await timed(`insert ${CERTS.toLocaleString('en')} certificate rows`, async () => {
    for (let from = 1; from <= CERTS; from += BATCH) {
      const to = Math.min(CERTS, from + BATCH - 1);
      // md5 of the row number: serials and fingerprints as random-looking as real ones, of their real
      // length; the shard is the serial modulo the count, as crlShardOf gives it for 2^k shards.
      await db.query(
        `INSERT INTO certificates (serial, ca_id, purpose, subject, subject_attributes, not_before, not_after,
           status, revoked_at, revocation_reason, der, sha256_fingerprint, created_by, profile, crl_shard)
         SELECT s.serial, $1, 'qualified', 'CN=Certificate ' || g, '[{"type":"2.5.4.3","value":"Certificate"}]'::jsonb,
           now() - interval '1 day', now() + interval '1 year',
           CASE WHEN g % $4 = 0 THEN 'revoked' ELSE 'valid' END,
           CASE WHEN g % $4 = 0 THEN now() - interval '1 hour' END,
           CASE WHEN g % $4 = 0 THEN 'keyCompromise' END,
           decode(repeat(s.serial, 19), 'hex'), s.serial || md5(s.serial), 'bench', 'qualified',
           ('x' || right(s.serial, 8))::bit(32)::bigint % $5
         FROM generate_series($2::bigint, $3::bigint) AS g, LATERAL (SELECT '7' || substr(md5(g::text), 2) AS serial) s`,
        [issuing.id, from, to, REVOKED_EVERY, SHARDS],
      );
    }
  });
  await timed('VACUUM ANALYZE certificates', () => db.query('VACUUM ANALYZE certificates'));
  const size = await db.query<{ size: string }>(
    "SELECT pg_size_pretty(pg_total_relation_size('certificates')) AS size",
  );
  console.log(`certificates table with its indexes: ${size.rows[0]!.size}`);

  await timed(`publish all ${SHARDS} shard CRLs`, () =>
    publishAllCrlShards(ctx, issuing.id, { actor: 'bench', concurrency: CONCURRENCY }),
  );
  const again = await timed(`publish all ${SHARDS} shard CRLs again (warm)`, () =>
    publishAllCrlShards(ctx, issuing.id, { actor: 'bench', concurrency: CONCURRENCY }),
  );
  const bytes = again.map((crl) => crl.der.length);
  console.log(
    `shard CRLs: ${again.reduce((sum, crl) => sum + crl.entries, 0).toLocaleString('en')} entries, ` +
      `${kib(Math.min(...bytes))}–${kib(Math.max(...bytes))} each, ${kib(bytes.reduce((a, b) => a + b, 0))} in all`,
  );
  const victim = await db.query<{ serial: string; crl_shard: number }>(
    "SELECT serial, crl_shard FROM certificates WHERE ca_id = $1 AND status = 'valid' AND crl_shard IS NOT NULL LIMIT 1",
    [issuing.id],
  );
  const { serial, crl_shard: shard } = victim.rows[0]!;
  // revokeCertificate republishes the certificate's shard (its outbox effect) before it returns.
  await timed(`revoke one certificate → its shard (${shard}) republished`, () =>
    revokeCertificate(ctx, serial, { actor: 'bench', reason: 'keyCompromise' }),
  );
  await timed('republish one shard', () => publishCrlShards(ctx, issuing.id, [shard], { actor: 'bench' }));
  const full = await timed('publish the one full CRL (and its delta)', () =>
    publishCrl(ctx, issuing.id, { actor: 'bench' }),
  );
  await timed('publish the one full CRL again (warm)', () => publishCrl(ctx, issuing.id, { actor: 'bench' }));
  console.log(`full CRL: ${kib(full.der.length)}, delta ${kib(full.delta.der.length)}`);
} finally {
  await db.close();
  if (server) server.stop();
  else {
    const admin = await openPostgres(serverUrl, { maxConnections: 1 });
    await admin.query(`DROP DATABASE "${new URL(url).pathname.slice(1)}"`);
    await admin.close();
  }
}
