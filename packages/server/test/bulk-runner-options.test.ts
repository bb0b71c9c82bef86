import { afterEach, describe, expect, it } from 'vitest';
import type { BulkJob } from '../src/bulk/jobs.js';
import { hrImportHandler } from '../src/hr/import.js';
import { BulkJobRunner } from '../src/jobs/bulk-job-runner.js';
import { createLogger } from '../src/logger.js';
import { TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { backends, closedAfterEach } from './support/backends.js';
import { employee, HR_MAPPING, toCsv } from './support/hr-export.js';

/**
 * The runner's settings an installation tunes (PODPIS_BULK_BATCH_SIZE,
 * PODPIS_BULK_REST_MS): the batch size replaces the kind's own, and the
 * runner rests between batches — which the office's progress bar shows as
 * steps. And the office's list of jobs of every kind.
 */
describe('bulk job runner settings and the job list', () => {
  const backend = backends.find((b) => b.name === 'pglite')!;
  const opened = closedAfterEach();
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('does batches of the configured size with a rest between them; lists jobs with or without a kind', async () => {
    const db = await backend.open();
    opened.push(db);
    const { ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' });
    const api = await TestApi.start(ctx);
    stops.push(() => api.close());
    const saved = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/hr/sources/1c',
      headers: api.operator,
      payload: { mapping: HR_MAPPING },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const uploaded = await api.app.inject({
      method: 'POST',
      url: '/api/v1/hr/sources/1c/imports?name=zup.csv',
      headers: { ...api.operator, 'content-type': 'text/csv' },
      payload: Buffer.from(toCsv(Array.from({ length: 20 }, (_, i) => employee(i + 1)))),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(202);
    const job = uploaded.json<BulkJob>();

    const runner = new BulkJobRunner(db, {
      handlers: [hrImportHandler],
      logger: createLogger('silent'),
      pollMs: 20,
      batchSize: 5,
      restMs: 300,
    });
    stops.push(() => runner.stop());
    const started = Date.now();
    runner.start();
    const seen = new Set<number>();
    let current: BulkJob;
    do {
      current = (
        await api.app.inject({ url: `/api/v1/bulk-jobs/${job.id}`, headers: api.operator })
      ).json<BulkJob>();
      seen.add(current.processed);
      await new Promise((resolve) => setTimeout(resolve, 25));
    } while (current.status !== 'completed');
    // Four batches of five, each step visible for the rest between them; three rests at least.
    expect([...seen].filter((n) => n > 0)).toEqual([5, 10, 15, 20]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(current.counts.created).toBe(20);

    const all = await api.app.inject({ url: '/api/v1/bulk-jobs', headers: api.operator });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json<BulkJob[]>().map((j) => j.id)).toEqual([job.id]);
    const ofKind = await api.app.inject({ url: '/api/v1/bulk-jobs?kind=hr.import', headers: api.operator });
    expect(ofKind.json<BulkJob[]>().map((j) => [j.id, j.params.fileName])).toEqual([[job.id, 'zup.csv']]);
  }, 120_000);
});
