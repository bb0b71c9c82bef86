import { afterEach, describe, expect, it } from 'vitest';
import { getBulkJob, type BulkItemHandler, type BulkJob } from '../src/bulk/jobs.js';
import type { AuthorityContext } from '../src/ca/authorities.js';
import { certificateCampaignHandler } from '../src/campaigns/campaign.js';
import type { Db } from '../src/db/db.js';
import { BulkJobRunner } from '../src/jobs/bulk-job-runner.js';
import { Housekeeping } from '../src/jobs/housekeeping.js';
import { createLogger } from '../src/logger.js';
import type { Profile } from '../src/people/profile.js';
import { insertUsers } from '../src/people/users.js';
import { TEST_PIN, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { backends, closedAfterEach } from './support/backends.js';
import { snilsFor } from './support/hr-export.js';
import { IVANOV } from '../../pki/test/support/subjects.js';

const silent = createLogger('silent');

async function countOf(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: string | number }>(sql, params);
  return Number(rows[0]!.n);
}

/** Employee `i` of ПАО «Пример», complete for the qualified employee profile. */
function employeeProfile(i: number): Profile {
  const { inn: _inn, ...ivanov } = IVANOV;
  return { ...ivanov, surname: `Сотрудников${i}`, snils: snilsFor(300_000_000 + i) };
}

describe.each(backends)('certificate campaigns on $name', (backend) => {
  const opened = closedAfterEach();
  let api: TestApi | undefined;
  const runners: BulkJobRunner[] = [];
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await api?.close();
    api = undefined;
  });

  /** An installation with `n` employees registered (as an HR import leaves them): logins e001…, ids in that order. */
  async function setUp(n: number): Promise<{ db: Db; ctx: AuthorityContext; api: TestApi; ids: string[] }> {
    const db = await backend.open();
    opened.push(db);
    const { ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' });
    api = await TestApi.start(ctx);
    const ids = await db.transaction((tx) =>
      insertUsers(
        tx,
        Array.from({ length: n }, (_, i) => ({
          login: `e${String(i + 1).padStart(3, '0')}`,
          profile: employeeProfile(i + 1),
          details: {},
        })),
        { actor: 'operator:test' },
      ),
    );
    return { db, ctx, api, ids };
  }

  function runner(db: Db, handler: BulkItemHandler): BulkJobRunner {
    const r = new BulkJobRunner(db, { handlers: [handler], logger: silent, pollMs: 50 });
    runners.push(r);
    return r;
  }

  async function startCampaign(test: TestApi, body: Record<string, unknown>): Promise<BulkJob> {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/certificate-campaigns',
      headers: test.operator,
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(202);
    return response.json<BulkJob>();
  }

  async function until(db: Db, id: string, done: (job: BulkJob) => boolean): Promise<BulkJob> {
    for (;;) {
      const job = await getBulkJob(db, id);
      if (done(job)) return job;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  const ended = (job: BulkJob) => !['queued', 'running'].includes(job.status);

  async function report(test: TestApi, id: string): Promise<string[][]> {
    const response = await test.app.inject({
      url: `/api/v1/bulk-jobs/${id}/report.csv`,
      headers: test.operator,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toContain(`campaign-${id}.csv`);
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    return response.body
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(';'));
  }

  it('a campaign over 50 employees issues 47, reports the locked, the incomplete and the one who already has one, and is audited', async () => {
    const { db, ctx, ids } = await setUp(50);
    const test = api!;
    // Employee 10 is locked, 20 lacks the organisation's INN the qualified profile needs, 30 holds a certificate already.
    expect(
      (await test.app.inject({ method: 'POST', url: `/api/v1/users/${ids[9]}/lock`, headers: test.operator }))
        .statusCode,
    ).toBe(200);
    await db.query('UPDATE user_profiles SET innle = NULL WHERE account_id = $1', [ids[19]]);
    const earlier = await test.issue(ids[29]!, {
      certificateProfile: 'qualified-employee',
      keySpec: 'ecdsa-p256',
      ...TEST_PIN,
    });

    runner(db, certificateCampaignHandler(ctx)).start();
    const queued = await startCampaign(test, {
      accountIds: ids,
      certificateProfile: 'qualified-employee',
      keySpec: 'ecdsa-p256',
      validityDays: 30,
      skipExisting: true,
      confirmation: 'device',
    });
    expect(queued).toMatchObject({ kind: 'certificate.campaign', status: 'queued', total: 50 });
    // The PIN is sealed apart from the job's parameters, and never shown.
    const done = await until(db, queued.id, ended);
    expect(done).toMatchObject({
      status: 'completed',
      processed: 50,
      counts: { issued: 47, skipped: 1, failed: 2 },
    });

    const lines = await report(test, queued.id);
    expect(lines[0]).toEqual(['row', 'login', 'accountId', 'outcome', 'certificateSerial', 'reason']);
    expect(lines).toHaveLength(51);
    const byLogin = new Map(lines.slice(1).map((l) => [l[1]!, l]));
    expect(byLogin.get('e010')!.slice(3)).toEqual([
      'failed',
      '',
      'ACCOUNT_LOCKED: the account e010 is locked',
    ]);
    expect(byLogin.get('e020')![3]).toBe('failed');
    expect(byLogin.get('e020')![5]).toMatch(/^PROFILE_INVALID: .*innle/);
    expect(byLogin.get('e030')!.slice(3)).toEqual([
      'skipped',
      '',
      `HAS_VALID_CERTIFICATE: certificate ${earlier.serial} of qualified-employee is valid`,
    ]);
    const issued = lines.slice(1).filter((l) => l[3] === 'issued');
    expect(issued).toHaveLength(47);
    // Each issued line names the user's own new certificate.
    const certificates = await db.query<{ serial: string; account_id: string; profile: string }>(
      `SELECT serial, account_id, profile FROM certificates WHERE account_id = ANY($1::uuid[]) AND serial <> $2`,
      [ids, earlier.serial],
    );
    expect(new Map(certificates.rows.map((r) => [r.serial, r.account_id]))).toEqual(
      new Map(issued.map((l) => [l[4]!, l[2]!])),
    );
    expect(new Set(certificates.rows.map((r) => r.profile))).toEqual(new Set(['qualified-employee']));

    // Keys without a PIN: every use is approved on the holder's device.
    const key = await db.query<{ key_id: string }>('SELECT key_id FROM certificates WHERE serial = $1', [
      issued[0]![4],
    ]);
    expect((await ctx.keyStore.state({ id: key.rows[0]!.key_id })).protection).toBe('device');

    const audit = await db.query<{ action: string; target: string; details: Record<string, unknown> }>(
      `SELECT action, target, details FROM audit_log
        WHERE action IN ('certificate_campaign.start', 'certificate_campaign.finish', 'bulk_job.create', 'bulk_job.complete')
        ORDER BY seq`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'bulk_job.create',
      'certificate_campaign.start',
      'certificate_campaign.finish',
      'bulk_job.complete',
    ]);
    expect(audit.rows[1]!.details).toMatchObject({
      certificateProfile: 'qualified-employee',
      keySpec: 'ecdsa-p256',
      confirmation: 'device',
      skipExisting: true,
      users: 50,
    });
    expect(audit.rows[2]!.details).toEqual({ total: 50, issued: 47, skipped: 1, failed: 2 });
    expect(
      await countOf(
        db,
        `SELECT count(*) AS n FROM audit_log WHERE action = 'certificate.issue' AND details->>'campaign' = $1`,
        [queued.id],
      ),
    ).toBe(47);
    // The sealed PIN is gone with the job.
    expect(await countOf(db, 'SELECT count(*) AS n FROM bulk_jobs WHERE sealed_secret IS NOT NULL')).toBe(0);
  }, 600_000);

  it('stopped after some batches and crashed between a certificate and the cursor, a campaign continues with no certificate twice', async () => {
    const { db, ctx, ids } = await setUp(30);
    const test = api!;
    const real = certificateCampaignHandler(ctx);
    let calls = 0;
    // The 15th item's certificate commits, then the node "dies" before the cursor moves (its batch fails).
    const crashing: BulkItemHandler = {
      ...real,
      async processItem(job, item) {
        const result = await real.processItem(job, item);
        calls += 1;
        if (calls === 15) throw new Error('node lost');
        return result;
      },
    };
    const first = runner(db, crashing);
    first.start();
    const queued = await startCampaign(test, {
      filter: { search: 'e0' },
      certificateProfile: 'qualified-employee',
      keySpec: 'ecdsa-p256',
      confirmation: 'device',
    });
    expect(queued.total).toBe(30);
    const failed = await until(db, queued.id, ended);
    expect(failed).toMatchObject({ status: 'failed', processed: 10, error: 'node lost' });
    await first.stop();
    // Items 11–15 have their certificates already; the cursor says 10.
    expect(
      await countOf(db, 'SELECT count(*) AS n FROM certificates WHERE account_id = ANY($1::uuid[])', [ids]),
    ).toBe(15);

    // A new node takes over on resume; it is stopped after a batch (as `podpis serve` stops), and another one finishes.
    const resumed = await test.app.inject({
      method: 'POST',
      url: `/api/v1/bulk-jobs/${queued.id}/resume`,
      headers: test.operator,
    });
    expect(resumed.statusCode, resumed.body).toBe(200);
    let stopping: Promise<void> | undefined;
    let secondCalls = 0;
    const second = runner(db, {
      ...real,
      async processItem(job, item) {
        secondCalls += 1;
        if (secondCalls === 5) stopping = second.stop();
        return real.processItem(job, item);
      },
    });
    second.start();
    await until(db, queued.id, () => stopping !== undefined);
    await stopping;
    const between = await getBulkJob(db, queued.id);
    expect(between).toMatchObject({ status: 'running', processed: 20 });
    runner(db, real).start();
    const done = await until(db, queued.id, ended);
    expect(done).toMatchObject({ status: 'completed', processed: 30, counts: { issued: 30, failed: 0 } });
    expect(
      await countOf(db, 'SELECT count(*) AS n FROM certificates WHERE account_id = ANY($1::uuid[])', [ids]),
    ).toBe(30);
    expect(
      await countOf(
        db,
        'SELECT count(DISTINCT account_id) AS n FROM certificates WHERE account_id = ANY($1::uuid[])',
        [ids],
      ),
    ).toBe(30);
    expect(
      await countOf(db, `SELECT count(*) AS n FROM audit_log WHERE action = 'certificate.issue'`),
    ).toBeGreaterThanOrEqual(30);
    // Keys of a campaign whose certificates were refused do not linger: one key per certificate.
    expect(
      await countOf(db, `SELECT count(*) AS n FROM stored_keys WHERE owner = ANY($1::text[])`, [
        ids.map((id) => `user:${id}`),
      ]),
    ).toBe(30);
  }, 600_000);

  it("a paused campaign issues nothing more until it is resumed; a PIN campaign's keys take its PIN; cancelling erases it", async () => {
    const { db, ctx, ids } = await setUp(30);
    const test = api!;
    const certificatesOf = (accounts: readonly string[]) =>
      countOf(db, 'SELECT count(*) AS n FROM certificates WHERE account_id = ANY($1::uuid[])', [accounts]);
    const queued = await startCampaign(test, {
      accountIds: ids,
      certificateProfile: 'qualified-employee',
      keySpec: 'ecdsa-p256',
      confirmation: 'device',
    });
    const control = (id: string, action: string) =>
      test.app.inject({ method: 'POST', url: `/api/v1/bulk-jobs/${id}/${action}`, headers: test.operator });
    runner(db, certificateCampaignHandler(ctx)).start();
    await until(db, queued.id, (job) => job.processed >= 10);
    expect((await control(queued.id, 'pause')).statusCode).toBe(200);
    // The batch in flight is counted, then the runner leaves the job alone: a fresh one does not take it up.
    await runners.splice(0)[0]!.stop();
    const paused = await getBulkJob(db, queued.id);
    expect(paused.status).toBe('paused');
    expect(paused.processed).toBeLessThan(30);
    expect(await certificatesOf(ids)).toBe(paused.counts.issued);
    runner(db, certificateCampaignHandler(ctx)).start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await getBulkJob(db, queued.id)).toMatchObject({ status: 'paused', processed: paused.processed });
    expect(await certificatesOf(ids)).toBe(paused.processed);

    expect((await control(queued.id, 'resume')).statusCode).toBe(200);
    const done = await until(db, queued.id, ended);
    expect(done).toMatchObject({ status: 'completed', counts: { issued: 30 } });
    expect(await certificatesOf(ids)).toBe(30);

    // Keys under the campaign's PIN, which is never shown: a holder changes it like the operator's temporary one.
    const withPin = await startCampaign(test, {
      accountIds: ids.slice(0, 2),
      certificateProfile: 'qualified-employee',
      keySpec: 'ecdsa-p256',
      ...TEST_PIN,
    });
    expect(JSON.stringify(withPin)).not.toContain(TEST_PIN.pin);
    const pinDone = await until(db, withPin.id, ended);
    expect(pinDone.counts.issued).toBe(2);
    const serial = (
      await db.query<{ certificate_serial: string }>(
        'SELECT certificate_serial FROM bulk_job_items WHERE job_id = $1 AND position = 1',
        [withPin.id],
      )
    ).rows[0]!.certificate_serial;
    const key = await db.query<{ key_id: string }>('SELECT key_id FROM certificates WHERE serial = $1', [
      serial,
    ]);
    await expect(
      ctx.keyStore.changePin({ id: key.rows[0]!.key_id }, TEST_PIN.pin, 'новый-пин-2026'),
    ).resolves.toBeUndefined();

    await runners.splice(0)[0]!.stop();
    const cancelledLater = await startCampaign(test, {
      accountIds: ids.slice(0, 3),
      certificateProfile: 'qualified-employee',
      keySpec: 'ecdsa-p256',
      ...TEST_PIN,
    });
    expect(await countOf(db, 'SELECT count(*) AS n FROM bulk_jobs WHERE sealed_secret IS NOT NULL')).toBe(1);
    const cancelled = await control(cancelledLater.id, 'cancel');
    expect(cancelled.json<BulkJob>().status).toBe('cancelled');
    expect(await countOf(db, 'SELECT count(*) AS n FROM bulk_jobs WHERE sealed_secret IS NOT NULL')).toBe(0);
  }, 600_000);

  it('a PIN campaign leaves no sealed key of a failed item and no PIN after it ends; a failed campaign loses its PIN with the retention', async () => {
    const { db, ctx, ids } = await setUp(4);
    const test = api!;
    const sealedPins = () =>
      countOf(db, 'SELECT count(*) AS n FROM bulk_jobs WHERE sealed_secret IS NOT NULL');
    const keysOf = (accounts: readonly string[], where: string) =>
      countOf(db, `SELECT count(*) AS n FROM stored_keys WHERE owner = ANY($1::text[]) AND (${where})`, [
        accounts.map((id) => `user:${id}`),
      ]);
    expect(
      (await test.app.inject({ method: 'POST', url: `/api/v1/users/${ids[0]}/lock`, headers: test.operator }))
        .statusCode,
    ).toBe(200);
    // The CA no longer issues by this node's clock: each key is made under the PIN, then its certificate is refused.
    runner(db, certificateCampaignHandler({ ...ctx, now: () => new Date('2200-01-01T00:00:00Z') })).start();
    const refused = await startCampaign(test, {
      accountIds: ids.slice(0, 3),
      certificateProfile: 'qualified-employee',
      keySpec: 'ecdsa-p256',
      ...TEST_PIN,
    });
    const done = await until(db, refused.id, ended);
    expect(done).toMatchObject({ status: 'completed', counts: { issued: 0, failed: 3 } });
    const lines = await report(test, refused.id);
    expect(lines.slice(1).map((l) => l[5]!.split(':')[0])).toEqual([
      'ACCOUNT_LOCKED',
      'CA_NOT_ISSUING',
      'CA_NOT_ISSUING',
    ]);
    // Two keys were made and destroyed with nothing sealed left; the locked user got none; the PIN is gone.
    expect(await keysOf(ids.slice(0, 3), 'true')).toBe(2);
    expect(
      await keysOf(ids.slice(0, 3), 'destroyed_at IS NULL OR sealed IS NOT NULL OR wrapped_key IS NOT NULL'),
    ).toBe(0);
    expect(await sealedPins()).toBe(0);
    await runners.splice(0)[0]!.stop();

    // A campaign whose node failed keeps its PIN for a resume — until the retention erases its rows.
    const real = certificateCampaignHandler(ctx);
    runner(db, {
      ...real,
      processItem() {
        return Promise.reject(new Error('node lost'));
      },
    }).start();
    const failing = await startCampaign(test, {
      accountIds: ids.slice(3),
      certificateProfile: 'qualified-employee',
      keySpec: 'ecdsa-p256',
      ...TEST_PIN,
    });
    expect(await until(db, failing.id, ended)).toMatchObject({ status: 'failed', error: 'node lost' });
    expect(await sealedPins()).toBe(1);
    expect(await new Housekeeping(db, { logger: silent }).runOnce()).toMatchObject({
      deleted: { bulkJobInputs: 0 },
    });
    expect(await sealedPins()).toBe(1);
    await db.query(`UPDATE bulk_jobs SET finished_at = now() - interval '31 days' WHERE id = $1`, [
      failing.id,
    ]);
    expect((await new Housekeeping(db, { logger: silent }).runOnce()).deleted.bulkJobInputs).toBe(1);
    expect(await sealedPins()).toBe(0);
  }, 300_000);

  it('refuses a campaign whose terms the operator request would refuse, before any job exists', async () => {
    const { db, ids } = await setUp(2);
    const test = api!;
    const refused = async (body: Record<string, unknown>, status: number, code: string) => {
      const response = await test.app.inject({
        method: 'POST',
        url: '/api/v1/certificate-campaigns',
        headers: test.operator,
        payload: { certificateProfile: 'qualified-employee', keySpec: 'ecdsa-p256', ...body },
      });
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json<{ code: string }>().code).toBe(code);
    };
    await refused({ accountIds: ids, pin: '12345678', pinConfirmation: '87654321' }, 422, 'PIN_MISMATCH');
    await refused({ accountIds: ids }, 400, 'KEY_PIN_INVALID');
    await refused({ ...TEST_PIN }, 422, 'CAMPAIGN_SELECTION_INVALID');
    await refused({ filter: { search: 'nobody-here' }, ...TEST_PIN }, 422, 'CAMPAIGN_SELECTION_INVALID');
    await refused(
      { accountIds: [ids[0], '00000000-0000-4000-8000-000000000000'], ...TEST_PIN },
      404,
      'USER_NOT_FOUND',
    );
    await refused(
      { accountIds: ids, certificateProfile: 'tls-server', ...TEST_PIN },
      422,
      'PROFILE_NOT_APPLICABLE',
    );
    await refused({ accountIds: ids, keyStore: 'pkcs11', ...TEST_PIN }, 422, 'KEY_STORE_UNAVAILABLE');
    expect(await countOf(db, 'SELECT count(*) AS n FROM bulk_jobs')).toBe(0);
  }, 300_000);
});
