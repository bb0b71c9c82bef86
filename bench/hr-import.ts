/**
 * HR import throughput: `npm run bench:hr [-- rows=10000]`. Imports a
 * generated 1C-style export (Windows-1251, `;`) of `rows` employees into an
 * empty installation as a bulk job — every row validated, a user, an
 * identity link, an HR record and two audit records each — then the same
 * file again (every row unchanged). On embedded PGlite in a temp dir and on
 * a throwaway PostgreSQL 15 (`@podpis/testkit`). Aim: 10,000 rows under 30 s
 * on PostgreSQL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, startPostgres } from '@podpis/testkit';
import { getBulkJob, type BulkJob } from '../packages/server/src/bulk/jobs.js';
import type { Db } from '../packages/server/src/db/db.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { openPglite } from '../packages/server/src/db/pglite.js';
import { openPostgres } from '../packages/server/src/db/postgres.js';
import { hrImportHandler, startHrImport } from '../packages/server/src/hr/import.js';
import { saveHrSource } from '../packages/server/src/hr/sources.js';
import { BulkJobRunner } from '../packages/server/src/jobs/bulk-job-runner.js';
import { createLogger } from '../packages/server/src/logger.js';
import { employee, HR_MAPPING, toCsv, windows1251 } from '../packages/server/test/support/hr-export.js';

const ROWS = Number(process.argv.find((a) => a.startsWith('rows='))?.slice(5) ?? 10_000);
const CONTEXT = { actor: 'bench' };

async function importOnce(db: Db, file: Buffer): Promise<{ seconds: number; job: BulkJob }> {
  const runner = new BulkJobRunner(db, {
    handlers: [hrImportHandler],
    logger: createLogger('silent'),
    pollMs: 20,
  });
  const started = performance.now();
  const queued = await startHrImport(db, { sourceId: 'bench', file }, CONTEXT);
  runner.start();
  let job = queued;
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 50));
    job = await getBulkJob(db, queued.id);
  }
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  return { seconds, job };
}

async function run(name: string, db: Db): Promise<Record<string, string>[]> {
  await migrate(db);
  await saveHrSource(db, { id: 'bench', mapping: HR_MAPPING }, CONTEXT);
  const file = windows1251(toCsv(Array.from({ length: ROWS }, (_, i) => employee(i + 1))));
  const rows: Record<string, string>[] = [];
  for (const pass of ['first import (all created)', 'same file again (all unchanged)']) {
    const { seconds, job } = await importOnce(db, file);
    rows.push({
      database: name,
      pass,
      rows: String(job.total),
      status: job.status,
      created: String(job.counts.created),
      unchanged: String(job.counts.unchanged),
      seconds: seconds.toFixed(1),
      'rows/s': (job.total / seconds).toFixed(0),
    });
  }
  await db.close();
  return rows;
}

const results: Record<string, string>[] = [];
results.push(
  ...(await run('PGlite', await openPglite(join(mkdtempSync(join(tmpdir(), 'podpis-bench-hr-')), 'pglite')))),
);
const postgres = await startPostgres();
try {
  results.push(...(await run('PostgreSQL', await openPostgres(await createDatabase(postgres.url)))));
} finally {
  postgres.stop();
}
console.log(`\nHR import of ${ROWS} employees (Windows-1251 CSV, batches of ${hrImportHandler.batchSize})`);
console.table(results);
