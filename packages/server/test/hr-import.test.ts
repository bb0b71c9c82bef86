import { afterEach, describe, expect, it } from 'vitest';
import { hrImportRecords } from '../src/hr/records.js';
import {
  claimBulkJob,
  getBulkJob,
  releaseBulkJob,
  runBulkBatch,
  type BulkJob,
  type BulkJobHandler,
} from '../src/bulk/jobs.js';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { hrImportHandler } from '../src/hr/import.js';
import { BulkJobRunner } from '../src/jobs/bulk-job-runner.js';
import { createLogger } from '../src/logger.js';
import { TEST_PIN, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { backends, closedAfterEach } from './support/backends.js';
import { employee, HR_MAPPING, toCsv, windows1251, wrongSnils, type HrRow } from './support/hr-export.js';

const silent = createLogger('silent');

/** The export of the scenario: 6 employees, among them the broken rows an HR system really sends. */
function scenarioRows(): Partial<HrRow>[] {
  return [
    employee(1),
    employee(2),
    { ...employee(3), СНИЛС: wrongSnils(employee(3).СНИЛС) },
    { ...employee(4), Фамилия: '' },
    employee(5),
    { ...employee(1), Должность: 'Повтор' },
    { ...employee(6), 'Табельный номер': '' },
  ];
}

async function countOf(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: string | number }>(sql, params);
  return Number(rows[0]!.n);
}

describe.each(backends)('HR import on $name', (backend) => {
  const opened = closedAfterEach();
  let api: TestApi | undefined;
  const runners: BulkJobRunner[] = [];
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await api?.close();
    api = undefined;
  });

  async function setUp(): Promise<{ db: Db; ctx: AuthorityContext; api: TestApi }> {
    const db = await backend.open();
    opened.push(db);
    const { ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' });
    api = await TestApi.start(ctx);
    const saved = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/hr/sources/1c',
      headers: api.operator,
      payload: { description: '1C:ЗУП', mapping: HR_MAPPING, markLeavers: true },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    return { db, ctx, api };
  }

  function runner(
    db: Db,
    options: { batchSize?: number; leaseMs?: number; handler?: BulkJobHandler } = {},
  ): BulkJobRunner {
    const r = new BulkJobRunner(db, {
      handlers: [
        {
          ...(options.handler ?? hrImportHandler),
          batchSize: options.batchSize ?? hrImportHandler.batchSize,
        },
      ],
      logger: silent,
      pollMs: 50,
      ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
    });
    runners.push(r);
    return r;
  }

  async function upload(test: TestApi, body: Buffer, query = ''): Promise<BulkJob> {
    const response = await test.app.inject({
      method: 'POST',
      url: `/api/v1/hr/sources/1c/imports${query}`,
      headers: { ...test.operator, 'content-type': 'text/csv' },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(202);
    return response.json<BulkJob>();
  }

  async function finished(test: TestApi, id: string): Promise<BulkJob> {
    for (;;) {
      const job = (
        await test.app.inject({ url: `/api/v1/bulk-jobs/${id}`, headers: test.operator })
      ).json<BulkJob>();
      if (!['queued', 'running'].includes(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function report(test: TestApi, id: string): Promise<string[]> {
    const response = await test.app.inject({
      url: `/api/v1/bulk-jobs/${id}/report.csv`,
      headers: test.operator,
    });
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    return response.body.slice(1).trimEnd().split('\r\n');
  }

  it('imports a Windows-1251 export with a per-row report; the same file again changes nothing; a changed row updates the user with history', async () => {
    const { db, api } = await setUp();
    runner(db).start();
    const file = windows1251(toCsv(scenarioRows()));
    const first = await finished(api, (await upload(api, file, '?name=zup.csv')).id);
    expect(first).toMatchObject({
      status: 'completed',
      total: 7,
      processed: 7,
      counts: { created: 3, updated: 0, unchanged: 0, skipped: 4, left: 0 },
      params: { encoding: 'windows-1251', format: 'csv', fileName: 'zup.csv' },
    });
    const lines = await report(api, first.id);
    const ids = lines.slice(1).map((l) => l.split(';').at(-1));
    expect(lines.map((l, i) => (i === 0 ? l : l.split(';').slice(0, 4).join(';')))).toEqual([
      'row;externalId;outcome;reason;accountId',
      '1;T000001;created;',
      '2;T000002;created;',
      '3;T000003;skipped;snils:SNILS_CHECKSUM: snils has a wrong control number',
      '4;T000004;skipped;surname:REQUIRED: surname is required for this kind of subject',
      '5;T000005;created;',
      '6;T000001;skipped;DUPLICATE: personnel number T000001 is already in row 1',
      '7;;skipped;REQUIRED: externalId: the personnel number is empty',
    ]);
    expect(ids.filter((id) => id !== '')).toHaveLength(3);

    const users = await api.app.inject({ url: '/api/v1/users?search=Кузнецов', headers: api.operator });
    expect(users.json<{ items: { login: string; profile: Record<string, string> }[] }>().items).toEqual([]);
    const ivan = await db.query<{ account_id: string }>(
      `SELECT account_id FROM account_identities WHERE source = 'hr:1c' AND external_id = 'T000001'`,
    );
    const ivanId = ivan.rows[0]!.account_id;
    const shown = await api.app.inject({ url: `/api/v1/users/${ivanId}`, headers: api.operator });
    expect(
      shown.json<{ login: string; mustChangePassword: boolean; profile: Record<string, string> }>(),
    ).toMatchObject({
      login: 'e000001@primer.example',
      mustChangePassword: true,
      profile: {
        surname: 'Петров',
        organizationName: 'ПАО «Пример»',
        title: 'Инженер',
        snils: employee(1).СНИЛС,
      },
    });

    const auditBefore = await countOf(db, 'SELECT count(*) AS n FROM audit_log');
    const again = await finished(api, (await upload(api, file)).id);
    expect(again.counts).toEqual({
      created: 0,
      updated: 0,
      unchanged: 3,
      skipped: 4,
      left: 0,
      issued: 0,
      failed: 0,
    });
    // Only the job's own start and completion were recorded.
    expect(await countOf(db, 'SELECT count(*) AS n FROM audit_log')).toBe(auditBefore + 2);
    expect(await countOf(db, "SELECT count(*) AS n FROM accounts WHERE role = 'user'")).toBe(3);

    const changed = scenarioRows();
    changed[0] = { ...employee(1), Должность: 'Главный бухгалтер' };
    const third = await finished(api, (await upload(api, Buffer.from(toCsv(changed, '\t')))).id);
    expect(third.counts).toEqual({
      created: 0,
      updated: 1,
      unchanged: 2,
      skipped: 4,
      left: 0,
      issued: 0,
      failed: 0,
    });
    const history = await api.app.inject({ url: `/api/v1/users/${ivanId}/history`, headers: api.operator });
    expect(history.json<{ changes: Record<string, unknown> }[]>()[0]!.changes).toEqual({
      title: { from: 'Инженер', to: 'Главный бухгалтер' },
    });
    const updates = await db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'user.update' AND target = $1`,
      [`account:${ivanId}`],
    );
    expect(updates.rows.map((r) => r.details)).toEqual([
      { fields: ['title'], version: 2, source: 'hr:1c', jobId: third.id, row: 1 },
    ]);
    // What self-service auto-approval compares a request with: the data the last import brought.
    const records = await hrImportRecords.recordsOf(db, ivanId);
    const current = await api.app.inject({ url: `/api/v1/users/${ivanId}`, headers: api.operator });
    expect(records).toEqual([
      {
        source: 'hr:1c',
        externalId: 'T000001',
        data: current.json<{ profile: Record<string, string> }>().profile,
      },
    ]);
  }, 120_000);

  it('a full export without an employee marks them left; their certificates are suspended only when the operator confirms', async () => {
    const { db, api } = await setUp();
    runner(db).start();
    await finished(api, (await upload(api, Buffer.from(toCsv([employee(1), employee(2)])))).id);
    const leaver = await db.query<{ account_id: string }>(
      `SELECT account_id FROM account_identities WHERE source = 'hr:1c' AND external_id = 'T000002'`,
    );
    const leaverId = leaver.rows[0]!.account_id;
    const certificate = await api.issue(leaverId, TEST_PIN);

    // A partial export (not full) says nothing about who is missing.
    const partial = await finished(api, (await upload(api, Buffer.from(toCsv([employee(1)])))).id);
    expect(partial.counts.left).toBe(0);

    const full = await finished(api, (await upload(api, Buffer.from(toCsv([employee(1)])), '?full=true')).id);
    expect(full.counts).toEqual({
      created: 0,
      updated: 0,
      unchanged: 1,
      skipped: 0,
      left: 1,
      issued: 0,
      failed: 0,
    });
    expect((await report(api, full.id))[2]).toBe(
      `2;T000002;left;LEFT: missing from the full export (confirm to suspend the certificates);${leaverId}`,
    );
    const before = await api.app.inject({
      url: `/api/v1/certificates/${certificate.serial}`,
      headers: api.operator,
    });
    expect(before.json<{ status: string }>().status).toBe('valid');

    const confirmed = await api.operatorPost(`/api/v1/bulk-jobs/${full.id}/suspend-leavers`);
    expect(confirmed.json()).toEqual({ accounts: 1, suspended: [certificate.serial] });
    const after = await api.app.inject({
      url: `/api/v1/certificates/${certificate.serial}`,
      headers: api.operator,
    });
    expect(after.json<{ status: string }>().status).toBe('suspended');
    const actions = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action IN ('hr.employee_left', 'certificate.suspend', 'hr.leavers_confirm') ORDER BY seq`,
    );
    expect(actions.rows.map((r) => r.action)).toEqual([
      'hr.employee_left',
      'certificate.suspend',
      'hr.leavers_confirm',
    ]);

    // Back in the next export: present again, audited.
    const back = await finished(
      api,
      (await upload(api, Buffer.from(toCsv([employee(1), employee(2)])), '?full=true')).id,
    );
    expect(back.counts).toEqual({
      created: 0,
      updated: 1,
      unchanged: 1,
      skipped: 0,
      left: 0,
      issued: 0,
      failed: 0,
    });
    expect(
      await countOf(db, "SELECT count(*) AS n FROM audit_log WHERE action = 'hr.employee_returned'"),
    ).toBe(1);
  }, 120_000);

  it('refuses a bad file whole with a stable code and queues nothing', async () => {
    const { db, api } = await setUp();
    const bad = await api.app.inject({
      method: 'POST',
      url: '/api/v1/hr/sources/1c/imports?encoding=utf-8',
      headers: { ...api.operator, 'content-type': 'text/csv' },
      payload: windows1251(toCsv([employee(1)])),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ code: string }>().code).toBe('HR_FILE_ENCODING');
    const columns = await api.app.inject({
      method: 'POST',
      url: '/api/v1/hr/sources/1c/imports',
      headers: { ...api.operator, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('Номер;ФИО\n1;Иванов\n'),
    });
    expect(columns.statusCode).toBe(422);
    expect(columns.json<{ code: string; missingColumns: string[] }>()).toMatchObject({
      code: 'HR_MAPPING_INVALID',
    });
    const unknown = await api.app.inject({
      method: 'POST',
      url: '/api/v1/hr/sources/sap/imports',
      headers: { ...api.operator, 'content-type': 'text/csv' },
      payload: Buffer.from(toCsv([employee(1)])),
    });
    expect(unknown.json<{ code: string }>().code).toBe('HR_SOURCE_NOT_FOUND');
    expect(await countOf(db, 'SELECT count(*) AS n FROM bulk_jobs')).toBe(0);
  }, 120_000);

  it('pauses and resumes a job; a cancelled one stops where it was', async () => {
    const { db, api } = await setUp();
    const rows = Array.from({ length: 12 }, (_, i) => employee(i + 1));
    const job = await upload(api, Buffer.from(toCsv(rows)));
    const paused = await api.operatorPost(`/api/v1/bulk-jobs/${job.id}/pause`);
    expect(paused.json<BulkJob>().status).toBe('paused');
    runner(db, { batchSize: 5 }).start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await getBulkJob(db, job.id)).processed).toBe(0);
    const again = await api.operatorPost(`/api/v1/bulk-jobs/${job.id}/pause`);
    expect(again.json<{ code: string }>().code, again.body).toBe('BULK_JOB_STATE');
    await api.operatorPost(`/api/v1/bulk-jobs/${job.id}/resume`);
    expect(await finished(api, job.id)).toMatchObject({
      status: 'completed',
      processed: 12,
      counts: { created: 12 },
    });
    const cancelled = await api.operatorPost(`/api/v1/bulk-jobs/${job.id}/cancel`);
    expect(cancelled.statusCode).toBe(409);
  }, 120_000);

  it('a node that dies mid-import leaves its job to another after the lease; a stopped node hands it over at once; nothing is done twice', async () => {
    const { db, api } = await setUp();
    const rows = Array.from({ length: 30 }, (_, i) => employee(i + 1));
    const job = await upload(api, Buffer.from(toCsv(rows)));
    const handler = { ...hrImportHandler, batchSize: 4 };
    // Node A claims, does two batches and dies (no release): its short lease runs out.
    const lease = 1500;
    const claimed = await claimBulkJob(db, 'node-a', lease);
    expect(claimed?.id).toBe(job.id);
    await runBulkBatch(db, handler, job.id, 'node-a', lease);
    await runBulkBatch(db, handler, job.id, 'node-a', lease);
    expect((await getBulkJob(db, job.id)).processed).toBe(8);
    expect(await claimBulkJob(db, 'node-b', 60_000)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, lease + 100));
    // A batch of the dead node after the takeover does nothing.
    expect(await claimBulkJob(db, 'node-b', 60_000)).toMatchObject({ id: job.id, processed: 8 });
    expect(await runBulkBatch(db, handler, job.id, 'node-a', lease)).toMatchObject({ more: false });
    await runBulkBatch(db, handler, job.id, 'node-b', 60_000);
    expect((await getBulkJob(db, job.id)).processed).toBe(12);
    // Node B is stopped (a restart): it gives the job back and a new runner continues at once.
    await releaseBulkJob(db, job.id, 'node-b');
    runner(db, { batchSize: 4 }).start();
    const done = await finished(api, job.id);
    expect(done).toMatchObject({ status: 'completed', processed: 30, counts: { created: 30, skipped: 0 } });
    expect(await countOf(db, "SELECT count(*) AS n FROM accounts WHERE role = 'user'")).toBe(30);
    expect(await countOf(db, "SELECT count(*) AS n FROM audit_log WHERE action = 'user.create'")).toBe(30);
    expect(
      await countOf(db, 'SELECT count(*) AS n FROM bulk_job_items WHERE job_id = $1 AND outcome IS NULL', [
        job.id,
      ]),
    ).toBe(0);
  }, 120_000);

  it('a runner stopped mid-import hands over to a new one on the same database, which finishes it without duplicates', async () => {
    const { db, api } = await setUp();
    const rows = Array.from({ length: 300 }, (_, i) => employee(i + 1));
    const job = await upload(api, Buffer.from(toCsv(rows)));
    // The runner is stopped while it works on its second batch (rows 4–6), as a SIGTERM would come.
    let batches = 0;
    let stopping: Promise<void> | undefined;
    const first: BulkJobRunner = runner(db, {
      batchSize: 3,
      handler: {
        ...hrImportHandler,
        async processBatch(tx, job, items) {
          const results = await hrImportHandler.processBatch(tx, job, items);
          batches += 1;
          if (batches === 2) stopping = first.stop();
          return results;
        },
      },
    });
    first.start();
    while (!stopping) await new Promise((resolve) => setTimeout(resolve, 10));
    await stopping;
    // The batch in flight committed; the job was given back at its cursor.
    expect(await getBulkJob(db, job.id)).toMatchObject({ status: 'running', processed: 6 });
    runner(db, { batchSize: 3 }).start();
    expect(await finished(api, job.id)).toMatchObject({ status: 'completed', counts: { created: 300 } });
    expect(
      await countOf(db, "SELECT count(*) AS n FROM audit_log WHERE action = 'account.identity_link'"),
    ).toBe(300);
  }, 120_000);
});
