import { describe, expect, it, vi } from 'vitest';
import { claimBulkJob, controlBulkJob, failBulkJob, runBulkBatch } from '../src/bulk/jobs.js';
import type { Db } from '../src/db/db.js';
import { hrImportHandler, startHrImport } from '../src/hr/import.js';
import { saveHrSource } from '../src/hr/sources.js';
import { Housekeeping } from '../src/jobs/housekeeping.js';
import { TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { backends, closedAfterEach } from './support/backends.js';
import { employee, HR_MAPPING, toCsv, wrongSnils } from './support/hr-export.js';

const quiet = { info: vi.fn(), error: vi.fn() };
const operator = { actor: 'operator:test' };

/** Runs a queued job to its end on this node, batch by batch. */
async function runToEnd(db: Db, jobId: string): Promise<void> {
  const claimed = await claimBulkJob(db, 'test-node', 60_000);
  expect(claimed?.id).toBe(jobId);
  for (;;) {
    const result = await runBulkBatch(db, hrImportHandler, jobId, 'test-node', 60_000);
    if (!result.more) return;
  }
}

async function importRows(db: Db, rows: Parameters<typeof toCsv>[0]): Promise<string> {
  const job = await startHrImport(db, { sourceId: '1c', file: Buffer.from(toCsv(rows)) }, operator);
  return job.id;
}

describe.each(backends)('retention of bulk job items on $name', (backend) => {
  const opened = closedAfterEach();

  it('after the retention period housekeeping erases the raw rows of finished jobs, keeps outcomes, and audits once per run', async () => {
    const db = await backend.open();
    opened.push(db);
    const { ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' });
    const api = await TestApi.start(ctx);
    try {
      await saveHrSource(db, { id: '1c', mapping: HR_MAPPING }, operator);
      const broken = { ...employee(2), СНИЛС: wrongSnils(employee(2).СНИЛС) };
      const old = await importRows(db, [employee(1), broken]);
      await runToEnd(db, old);
      const recent = await importRows(db, [employee(1), employee(3)]);
      await runToEnd(db, recent);
      // A failed job finished long ago: erased too, and it can no longer resume.
      const failed = await importRows(db, [employee(4)]);
      await claimBulkJob(db, 'test-node', 60_000);
      await failBulkJob(db, failed, 'the node ran out of memory');
      // A paused job is not finished: its rows stay whatever its age.
      const paused = await importRows(db, [employee(5)]);
      await controlBulkJob(db, paused, 'pause', operator);
      await db.query(
        `UPDATE bulk_jobs SET finished_at = now() - interval '31 days', created_at = now() - interval '31 days'
          WHERE id = ANY($1::uuid[])`,
        [[old, failed]],
      );
      await db.query(`UPDATE bulk_jobs SET created_at = now() - interval '40 days' WHERE id = $1`, [paused]);

      const first = await new Housekeeping(db, { logger: quiet }).runOnce();
      expect(first.deleted.bulkJobInputs).toBe(3);

      const { rows } = await db.query<{
        job_id: string;
        position: number;
        input: Record<string, unknown>;
        outcome: string | null;
        reason: string | null;
        has_account: boolean;
      }>(
        `SELECT job_id, position, input, outcome, reason, account_id IS NOT NULL AS has_account
           FROM bulk_job_items ORDER BY job_id, position`,
      );
      const of = (job: string) => rows.filter((r) => r.job_id === job);
      expect(of(old)).toEqual([
        {
          job_id: old,
          position: 1,
          input: { erased: true },
          outcome: 'created',
          reason: null,
          has_account: true,
        },
        {
          job_id: old,
          position: 2,
          input: { erased: true },
          outcome: 'skipped',
          reason: 'snils:SNILS_CHECKSUM: snils has a wrong control number',
          has_account: false,
        },
      ]);
      expect(of(failed).map((r) => r.input)).toEqual([{ erased: true }]);
      expect(of(recent).map((r) => r.input.externalId)).toEqual(['T000001', 'T000003']);
      expect(of(paused).map((r) => r.input.externalId)).toEqual(['T000005']);
      expect(JSON.stringify(of(old))).not.toContain(employee(1).СНИЛС);

      // The report still says what became of each row, and that the row itself is gone.
      const csv = await api.app.inject({ url: `/api/v1/bulk-jobs/${old}/report.csv`, headers: api.operator });
      const lines = csv.body.slice(1).trimEnd().split('\r\n');
      expect(lines.map((l) => l.split(';').slice(0, 4).join(';'))).toEqual([
        'row;externalId;outcome;reason',
        '1;(erased);created;',
        '2;(erased);skipped;snils:SNILS_CHECKSUM: snils has a wrong control number',
      ]);
      const items = await api.app.inject({ url: `/api/v1/bulk-jobs/${old}/items`, headers: api.operator });
      expect(items.json<{ items: unknown[] }>().items[0]).toMatchObject({
        position: 1,
        externalId: '',
        inputErased: true,
        outcome: 'created',
      });
      const job = await api.app.inject({ url: `/api/v1/bulk-jobs/${old}`, headers: api.operator });
      expect(job.json<{ inputErasedAt: string | null }>().inputErasedAt).not.toBeNull();
      const resume = await api.app.inject({
        method: 'POST',
        url: `/api/v1/bulk-jobs/${failed}/resume`,
        headers: api.operator,
      });
      expect(resume.statusCode).toBe(409);
      expect(resume.json<{ code: string }>().code).toBe('BULK_JOB_STATE');

      const audit = await db.query<{ actor: string; details: Record<string, unknown> }>(
        "SELECT actor, details FROM audit_log WHERE action = 'bulk_job.items_erase'",
      );
      expect(audit.rows).toEqual([
        { actor: 'system', details: { jobs: [old, failed].sort(), items: 3, retentionDays: 30 } },
      ]);

      // A second run finds nothing more and writes no record; a shorter retention reaches the recent job.
      expect((await new Housekeeping(db, { logger: quiet }).runOnce()).deleted.bulkJobInputs).toBe(0);
      const none = await db.query("SELECT 1 FROM audit_log WHERE action = 'bulk_job.items_erase'");
      expect(none.rows).toHaveLength(1);
      await db.query(`UPDATE bulk_jobs SET finished_at = now() - interval '2 days' WHERE id = $1`, [recent]);
      const shorter = new Housekeeping(db, { logger: quiet, bulkItemRetentionDays: 1 });
      expect((await shorter.runOnce()).deleted.bulkJobInputs).toBe(2);
    } finally {
      await api.close();
    }
  }, 300_000);
});
