/**
 * Certificate issuance from PKCS#10 with the audit log on, on PostgreSQL
 * (issue #17): `npx tsx bench/issuance-pg.ts [seconds=10] [concurrency=8]`.
 * Starts a throwaway PostgreSQL (or uses DATABASE_URL's server), sets up an
 * ECDSA and a GOST installation, registers one user and has `concurrency`
 * callers issue certificates for one PKCS#10 request each over and over
 * (`issueFromCertificationRequest`: the request's signature checked, the
 * certificate signed by the issuing CA, stored with its `certificate.issue`
 * record in one transaction). Each runs twice: with the 64 audit lanes,
 * and with one lane — which is what the single locked audit head did
 * before migration 0026 — so the difference is the audit design's.
 */
import { randomBytes } from 'node:crypto';
import { createCertificationRequest, buildName, generateSoftwareKey, OID } from '@podpis/pki';
import { createDatabase, startPostgres } from '@podpis/testkit';
import type { AuthorityContext } from '../packages/server/src/ca/authorities.js';
import { issueFromCertificationRequest } from '../packages/server/src/ca/certificate-lifecycle.js';
import { KEY_ALGORITHMS } from '../packages/server/src/ca/key-algorithms.js';
import { pkiUrls } from '../packages/server/src/ca/pki-urls.js';
import { setUpAuthorities, type CaAlgorithm } from '../packages/server/src/ca/setup.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { openPostgres } from '../packages/server/src/db/postgres.js';
import { SoftwareKeyStore } from '../packages/server/src/keystore/index.js';
import { registerUser } from '../packages/server/src/people/users.js';
import { IVANOV_PERSON } from '../packages/pki/test/support/subjects.js';

const SECONDS = Number(process.argv[2] ?? 10);
const CONCURRENCY = Number(process.argv[3] ?? 8);

const INSTALLATIONS: { name: string; ca: CaAlgorithm; key: keyof typeof KEY_ALGORITHMS }[] = [
  { name: 'ECDSA P-256', ca: 'ecdsa', key: 'ecdsa-p256' },
  { name: 'GOST R 34.10-2012-256', ca: 'gost256', key: 'gost256' },
];

async function run(serverUrl: string, installation: (typeof INSTALLATIONS)[number], lanes: 'all' | 'one') {
  const db = await openPostgres(await createDatabase(serverUrl), { maxConnections: CONCURRENCY + 2 });
  try {
    await migrate(db);
    const ctx: AuthorityContext = {
      db,
      keyStore: new SoftwareKeyStore({ db, masterKey: randomBytes(32) }),
      urls: pkiUrls('http://localhost:8080'),
      now: () => new Date(),
    };
    await setUpAuthorities(ctx, installation.ca, 'bench');
    if (lanes === 'one') await db.query('DELETE FROM audit_lanes WHERE lane > 0');
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
    const issueOne = () =>
      issueFromCertificationRequest(ctx, { userId: user.id, request }, { actor: 'bench' });
    await issueOne(); // warm-up
    let issued = 0;
    const until = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          await issueOne();
          issued++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    return { issued, perSecond: issued / elapsed };
  } finally {
    await db.close();
  }
}

const server = process.env.DATABASE_URL ? undefined : await startPostgres();
const serverUrl = process.env.DATABASE_URL ?? server!.url;
try {
  console.log(
    `Issuance from PKCS#10 with audit, PostgreSQL, ${CONCURRENCY} concurrent callers, ${SECONDS} s each`,
  );
  for (const installation of INSTALLATIONS) {
    for (const lanes of ['one', 'all'] as const) {
      const { issued, perSecond } = await run(serverUrl, installation, lanes);
      console.log(
        `${installation.name.padEnd(24)} ${lanes === 'all' ? '64 audit lanes      ' : '1 lane (old design) '} ${String(issued).padStart(6)} certificates  ${perSecond.toFixed(1).padStart(7)}/s`,
      );
    }
  }
} finally {
  server?.stop();
}
