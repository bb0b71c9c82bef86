/**
 * Certificate campaign throughput: `npm run bench:campaign [-- users=1000]`.
 * On a throwaway PostgreSQL 15 (`@podpis/testkit`), an ECDSA and a GOST
 * installation each get `users` employees (as an HR import leaves them),
 * then one campaign issues each a key and a qualified certificate as a
 * bulk job — the key generated in the software key store, the certificate
 * signed by the issuing CA, stored with its `certificate.issue` record and
 * the item's outcome in one transaction. Twice per installation: keys
 * under the campaign's temporary PIN (scrypt wraps each key: the cost the
 * PIN adds) and keys without one (confirmed on the holder's device).
 * Reports certificates/s.
 */
import { randomBytes } from 'node:crypto';
import { createDatabase, startPostgres } from '@podpis/testkit';
import { getBulkJob, type BulkJob } from '../packages/server/src/bulk/jobs.js';
import type { AuthorityContext } from '../packages/server/src/ca/authorities.js';
import type { UserKeySpecName } from '../packages/server/src/ca/certificate-lifecycle.js';
import { pkiUrls } from '../packages/server/src/ca/pki-urls.js';
import { setUpAuthorities, type CaAlgorithm } from '../packages/server/src/ca/setup.js';
import {
  certificateCampaignHandler,
  startCertificateCampaign,
} from '../packages/server/src/campaigns/campaign.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { openPostgres } from '../packages/server/src/db/postgres.js';
import { BulkJobRunner } from '../packages/server/src/jobs/bulk-job-runner.js';
import { SoftwareKeyStore } from '../packages/server/src/keystore/index.js';
import { createLogger } from '../packages/server/src/logger.js';
import type { Profile } from '../packages/server/src/people/profile.js';
import { insertUsers } from '../packages/server/src/people/users.js';
import { snilsFor } from '../packages/server/test/support/hr-export.js';
import { IVANOV } from '../packages/pki/test/support/subjects.js';

const USERS = Number(process.argv.find((a) => a.startsWith('users='))?.slice(6) ?? 1000);
const CONTEXT = { actor: 'bench' };

const INSTALLATIONS: { name: string; ca: CaAlgorithm; key: UserKeySpecName }[] = [
  { name: 'ECDSA P-256', ca: 'ecdsa', key: 'ecdsa-p256' },
  { name: 'GOST R 34.10-2012-256', ca: 'gost256', key: 'gost256' },
];

function employeeProfile(i: number): Profile {
  const { inn: _inn, ...ivanov } = IVANOV;
  return { ...ivanov, surname: `Сотрудников${i}`, snils: snilsFor(300_000_000 + i) };
}

async function campaign(
  ctx: AuthorityContext,
  ids: string[],
  key: UserKeySpecName,
  confirmation: 'pin' | 'device',
): Promise<{ seconds: number; job: BulkJob }> {
  const runner = new BulkJobRunner(ctx.db, {
    handlers: [certificateCampaignHandler(ctx)],
    logger: createLogger('silent'),
    pollMs: 20,
  });
  const started = performance.now();
  const queued = await startCertificateCampaign(
    ctx,
    {
      selection: { accountIds: ids },
      certificateProfile: 'qualified-employee',
      keySpec: key,
      confirmation,
      ...(confirmation === 'pin' ? { pin: 'bench-pin-1', pinConfirmation: 'bench-pin-1' } : {}),
    },
    CONTEXT,
  );
  runner.start();
  let job = queued;
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = await getBulkJob(ctx.db, queued.id);
  }
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  return { seconds, job };
}

async function run(serverUrl: string, installation: (typeof INSTALLATIONS)[number]) {
  const db = await openPostgres(await createDatabase(serverUrl));
  const rows: Record<string, string>[] = [];
  try {
    await migrate(db);
    const ctx: AuthorityContext = {
      db,
      keyStore: new SoftwareKeyStore({ db, masterKey: randomBytes(32) }),
      urls: pkiUrls('http://localhost:8080'),
      now: () => new Date(),
    };
    await setUpAuthorities(ctx, installation.ca, 'bench');
    for (const confirmation of ['pin', 'device'] as const) {
      const offset = confirmation === 'pin' ? 0 : USERS;
      const ids = await db.transaction((tx) =>
        insertUsers(
          tx,
          Array.from({ length: USERS }, (_, i) => ({
            login: `${confirmation}${i + 1}`,
            profile: employeeProfile(offset + i + 1),
            details: {},
          })),
          CONTEXT,
        ),
      );
      const { seconds, job } = await campaign(ctx, ids, installation.key, confirmation);
      rows.push({
        installation: installation.name,
        keys: confirmation === 'pin' ? 'temporary PIN (scrypt)' : 'no PIN (device)',
        users: String(job.total),
        status: job.status,
        issued: String(job.counts.issued),
        failed: String(job.counts.failed),
        seconds: seconds.toFixed(1),
        'certificates/s': (job.counts.issued / seconds).toFixed(1),
      });
    }
    await ctx.keyStore.close();
  } finally {
    await db.close();
  }
  return rows;
}

const postgres = process.env.DATABASE_URL ? undefined : await startPostgres();
const serverUrl = process.env.DATABASE_URL ?? postgres!.url;
try {
  const results: Record<string, string>[] = [];
  for (const installation of INSTALLATIONS) results.push(...(await run(serverUrl, installation)));
  console.log(`\nCertificate campaign of ${USERS} users on PostgreSQL (one runner, items one by one)`);
  console.table(results);
} finally {
  postgres?.stop();
}
