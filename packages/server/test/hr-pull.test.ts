import { createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createDatabase, slapdTestTls, type SlapdTls } from '@podpis/testkit';
import { claimBulkJob, runBulkBatch } from '../src/bulk/jobs.js';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/postgres.js';
import { hrImportHandler } from '../src/hr/import.js';
import { saveHrPull, type HrPull, type HrPullContext } from '../src/hr/pull.js';
import { saveHrSource } from '../src/hr/sources.js';
import { HR_PULL_JOB, HrPullJob } from '../src/jobs/hr-pull-job.js';
import { TestApi, staffWithCertificate } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { closedAfterEach, openTestPglite } from './support/backends.js';
import { employee, HR_MAPPING, wrongSnils, type HrRow } from './support/hr-export.js';
import { holdJobLease } from './support/periodic-jobs.js';

/**
 * Scheduled pulls of an HR system's JSON endpoint, against a real HTTPS
 * server whose certificate only the custom CA of the pull vouches for: a due
 * pull queues the ordinary import (same per-row report), an unchanged body
 * queues nothing, every failure is recorded with its reason and imports
 * nothing, secrets never leave the server, and of two nodes only the
 * holder of the lease pulls.
 */

const TOKEN = 'hr-bearer-token-Secret-42';
const quiet = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

/** The broken rows an HR system really sends, as in the upload test. */
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

const EXPECTED_REPORT = [
  'row;externalId;outcome;reason',
  '1;T000001;created;',
  '2;T000002;created;',
  '3;T000003;skipped;snils:SNILS_CHECKSUM: snils has a wrong control number',
  '4;T000004;skipped;surname:REQUIRED: surname is required for this kind of subject',
  '5;T000005;created;',
  '6;T000001;skipped;DUPLICATE: personnel number T000001 is already in row 1',
  '7;;skipped;REQUIRED: externalId: the personnel number is empty',
];

/** What the fake HR system answers next, and what it was asked. */
interface Answer {
  status: number;
  body: string;
  etag?: string;
  delayMs?: number;
}

class HrSystem {
  answer: Answer = { status: 200, body: '[]' };
  readonly requests: IncomingHttpHeaders[] = [];
  readonly #server: Server;
  url = '';

  constructor(tls: SlapdTls) {
    this.#server = createServer({ cert: tls.cert, key: tls.key }, (request, response) => {
      this.requests.push(request.headers);
      const { status, body, etag, delayMs } = this.answer;
      const send = (res: ServerResponse) => {
        if (etag !== undefined && request.headers['if-none-match'] === etag) {
          res.writeHead(304).end();
          return;
        }
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          ...(etag !== undefined ? { etag } : {}),
        });
        res.end(body);
      };
      if (delayMs)
        setTimeout(() => {
          send(response);
        }, delayMs);
      else send(response);
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.#server.address() as { port: number }).port}/api/employees?company=1`;
  }

  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) =>
      this.#server.close(() => {
        resolve();
      }),
    );
  }
}

function exportBody(rows: Partial<HrRow>[]): string {
  return JSON.stringify({ meta: { count: rows.length }, data: { employees: rows } });
}

async function runToEnd(db: Db, jobId: string): Promise<void> {
  const claimed = await claimBulkJob(db, 'test-node', 60_000);
  expect(claimed?.id).toBe(jobId);
  while ((await runBulkBatch(db, hrImportHandler, jobId, 'test-node', 60_000)).more);
}

async function countOf(db: Db, sql: string): Promise<number> {
  const { rows } = await db.query<{ n: string | number }>(sql);
  return Number(rows[0]!.n);
}

describe('HR pull from a JSON endpoint over HTTPS with a custom CA', () => {
  let tls: SlapdTls;
  let hr: HrSystem;
  let db: Db;
  let ctx: AuthorityContext;
  let api: TestApi;
  let admin: Record<string, string>;
  let pullCtx: HrPullContext;

  const settings = (extra: Record<string, unknown> = {}) => ({
    url: hr.url,
    auth: { type: 'bearer', token: TOKEN },
    caCertificate: tls.ca,
    intervalMinutes: 5,
    recordsPath: 'data.employees',
    timeoutSeconds: 2,
    maxBytes: 64 * 1024,
    ...extra,
  });
  const save = (payload: Record<string, unknown>, headers = admin) =>
    api.app.inject({ method: 'PUT', url: '/api/v1/hr/sources/1c/pull', headers, payload });
  const pullNow = () =>
    api.app.inject({ method: 'POST', url: '/api/v1/hr/sources/1c/pull/run', headers: api.operator });
  const shown = async () =>
    (await api.app.inject({ url: '/api/v1/hr/sources/1c/pull', headers: api.operator })).json<HrPull>();
  const jobs = () => countOf(db, 'SELECT count(*) AS n FROM bulk_jobs');

  beforeAll(async () => {
    tls = slapdTestTls();
    hr = new HrSystem(tls);
    await hr.start();
    db = await openTestPglite();
    ({ ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' }));
    api = await TestApi.start(ctx);
    const { der } = await staffWithCertificate(db, 'admin');
    admin = { 'x-test-client-certificate': Buffer.from(der).toString('base64'), 'x-requested-with': 'test' };
    await saveHrSource(db, { id: '1c', mapping: HR_MAPPING, markLeavers: true }, { actor: 'system' });
    pullCtx = { db, sealer: ctx.keyStore, allowHttp: false };
  }, 300_000);
  afterAll(async () => {
    await api.close();
    await db.close();
    await hr.stop();
  });

  it('an administrator sets up the pull: https only, the token sealed and never returned; operators cannot', async () => {
    expect((await save(settings(), api.operator)).statusCode).toBe(403);
    const plain = await save(settings({ url: hr.url.replace('https:', 'http:') }));
    expect(plain.statusCode).toBe(422);
    expect(plain.json()).toMatchObject({ code: 'HR_PULL_INVALID', field: 'url' });
    // A bearer token is visible ASCII (RFC 6750): anything else could not be sent in a header.
    const cyrillic = await save(settings({ auth: { type: 'bearer', token: 'токен' } }));
    expect(cyrillic.json()).toMatchObject({ code: 'HR_PULL_INVALID', field: 'auth.token' });
    expect((await save(settings({ intervalMinutes: 1 }))).statusCode).toBe(400);

    const saved = await save(settings());
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.body).not.toContain(TOKEN);
    expect(saved.json()).toMatchObject({ auth: { type: 'bearer', username: null, secretSaved: true } });
    expect(JSON.stringify(await shown())).not.toContain(TOKEN);
    const { rows } = await db.query<{ secret_sealed: Uint8Array }>('SELECT secret_sealed FROM hr_pulls');
    expect(Buffer.from(rows[0]!.secret_sealed).toString('utf8')).not.toContain('hr-bearer');
    // Changing the interval alone keeps the saved token.
    const kept = await save(settings({ auth: { type: 'bearer' }, intervalMinutes: 10 }));
    expect(kept.json()).toMatchObject({ intervalMinutes: 10, auth: { secretSaved: true } });
    expect((await save(settings({ auth: { type: 'basic', username: 'podpis' } }))).statusCode).toBe(422);
    expect((await save(settings())).statusCode).toBe(200);
  });

  it('a due pull queues the ordinary import: the exact per-row report, the token sent, the pull recorded', async () => {
    hr.answer = { status: 200, body: exportBody(scenarioRows()) };
    const job = new HrPullJob(pullCtx, { logger: quiet });
    const run = await job.runOnce();
    expect(run).toEqual({ leader: true, value: { imported: 1, unchanged: 0, failed: 0 } });
    expect(hr.requests.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
    const pull = await shown();
    expect(pull).toMatchObject({ lastStatus: 'imported', lastError: null });
    expect(Date.parse(pull.nextPullAt) - Date.parse(pull.lastPullAt!)).toBe(5 * 60_000);
    await runToEnd(db, pull.lastJobId!);

    const csv = await api.app.inject({
      url: `/api/v1/bulk-jobs/${pull.lastJobId}/report.csv`,
      headers: api.operator,
    });
    const lines = csv.body.slice(1).trimEnd().split('\r\n');
    expect(lines.map((l) => l.split(';').slice(0, 4).join(';'))).toEqual(EXPECTED_REPORT);
    const bulk = await api.app.inject({ url: `/api/v1/bulk-jobs/${pull.lastJobId}`, headers: api.operator });
    expect(bulk.json()).toMatchObject({
      status: 'completed',
      createdBy: 'system',
      params: { sourceId: '1c', format: 'json', full: true, fileName: hr.url.split('?')[0] },
    });

    // Not due again for five minutes: the next run asks nothing.
    const asked = hr.requests.length;
    expect((await job.runOnce()).leader).toBe(true);
    expect(hr.requests.length).toBe(asked);
  });

  it('an unchanged body queues no job; with an ETag the server is asked If-None-Match and answers 304', async () => {
    const before = await jobs();
    await db.query('UPDATE hr_pulls SET next_pull_at = now()');
    expect(await new HrPullJob(pullCtx, { logger: quiet }).runOnce()).toEqual({
      leader: true,
      value: { imported: 0, unchanged: 1, failed: 0 },
    });
    expect(await jobs()).toBe(before);

    hr.answer = { ...hr.answer, etag: '"v1"' };
    const same = await pullNow();
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toEqual({ status: 'unchanged' });
    const again = await pullNow();
    expect(again.json()).toEqual({ status: 'unchanged' });
    expect(hr.requests.at(-1)?.['if-none-match']).toBe('"v1"');
    expect(await jobs()).toBe(before);
    expect((await shown()).lastStatus).toBe('unchanged');

    // A changed row is a changed body: a new job, which updates that one employee.
    const changed = scenarioRows();
    changed[0] = { ...employee(1), Должность: 'Главный бухгалтер' };
    hr.answer = { status: 200, body: exportBody(changed), etag: '"v2"' };
    const imported = await pullNow();
    expect(imported.statusCode, imported.body).toBe(202);
    const { jobId } = imported.json<{ jobId: string }>();
    await runToEnd(db, jobId);
    const job = await api.app.inject({ url: `/api/v1/bulk-jobs/${jobId}`, headers: api.operator });
    expect(job.json()).toMatchObject({ counts: { created: 0, updated: 1, unchanged: 2, skipped: 4 } });
  });

  it('500, timeout, oversized body, invalid JSON, a missing array and an untrusted certificate: each recorded, nothing imported', async () => {
    const before = await jobs();
    const accounts = await countOf(db, "SELECT count(*) AS n FROM accounts WHERE role = 'user'");
    const failure = async (
      answer: Answer,
      code: string,
      lastError: RegExp,
      extra?: Record<string, unknown>,
    ) => {
      if (extra) expect((await save(settings(extra))).statusCode).toBe(200);
      hr.answer = answer;
      const response = await pullNow();
      expect(response.json<{ code: string }>().code, response.body).toBe(code);
      const pull = await shown();
      expect(pull.lastStatus).toBe('failed');
      expect(pull.lastError).toMatch(lastError);
      return response;
    };
    const fiveHundred = await failure(
      { status: 500, body: 'stack trace with secrets' },
      'HR_PULL_FAILED',
      /HTTP 500/,
    );
    expect(fiveHundred.statusCode).toBe(502);
    expect(fiveHundred.json()).toMatchObject({ reason: 'http-status', httpStatus: 500 });
    expect(fiveHundred.body).not.toContain('stack trace');
    expect(fiveHundred.body).not.toContain('company=1');

    const slow = await failure(
      { status: 200, body: '[]', delayMs: 2500 },
      'HR_PULL_FAILED',
      /did not answer within 1000 ms/,
      { timeoutSeconds: 1 },
    );
    expect(slow.json()).toMatchObject({ reason: 'timeout' });

    const big = exportBody(Array.from({ length: 20 }, (_, i) => employee(i + 100)));
    expect(big.length).toBeGreaterThan(2048);
    const large = await failure({ status: 200, body: big }, 'HR_PULL_FAILED', /more than 2048 bytes/, {
      maxBytes: 2048,
    });
    expect(large.json()).toMatchObject({ reason: 'too-large' });

    const broken = await failure(
      { status: 200, body: '{"data": {"employees": [' },
      'HR_FILE_MALFORMED',
      /^HR_FILE_MALFORMED: not valid JSON/,
      {},
    );
    expect(broken.statusCode).toBe(422);
    await failure(
      { status: 200, body: JSON.stringify({ data: { staff: [] } }) },
      'HR_FILE_MALFORMED',
      /no array of records at data\.employees/,
    );
    const untrusted = await failure({ status: 200, body: '[]' }, 'HR_PULL_FAILED', /not trusted/, {
      caCertificate: null,
    });
    expect(untrusted.json()).toMatchObject({ reason: 'tls' });

    expect(await jobs()).toBe(before);
    expect(await countOf(db, "SELECT count(*) AS n FROM accounts WHERE role = 'user'")).toBe(accounts);
    const runs = await db.query<{ details: { status: string; reason?: string } }>(
      "SELECT details FROM audit_log WHERE action = 'hr_pull.run' ORDER BY seq",
    );
    expect(runs.rows.slice(-6).map((r) => r.details.reason ?? r.details.status)).toEqual([
      'http-status',
      'timeout',
      'too-large',
      'failed',
      'failed',
      'tls',
    ]);
  });

  it('scheduled failures are audited once per outage, and the token appears nowhere in the audit log', async () => {
    expect((await save(settings())).statusCode).toBe(200);
    hr.answer = { status: 503, body: '' };
    // The last pull went well: the first scheduled failure is news, the second is not.
    await db.query("UPDATE hr_pulls SET last_status = 'unchanged'");
    for (let i = 0; i < 2; i++) {
      await db.query('UPDATE hr_pulls SET next_pull_at = now()');
      const run = await new HrPullJob(pullCtx, { logger: quiet }).runOnce();
      expect(run).toEqual({ leader: true, value: { imported: 0, unchanged: 0, failed: 1 } });
    }
    const failures = await db.query<{ actor: string; details: Record<string, unknown> }>(
      "SELECT actor, details FROM audit_log WHERE action = 'hr_pull.fail'",
    );
    expect(failures.rows).toEqual([
      {
        actor: 'system',
        details: {
          url: hr.url.split('?')[0],
          status: 'failed',
          error: 'HR_PULL_FAILED',
          reason: 'http-status',
        },
      },
    ]);
    const { rows } = await db.query<{ text: string }>(
      "SELECT string_agg(details::text, ' ') AS text FROM audit_log",
    );
    expect(rows[0]!.text).not.toContain(TOKEN);
    expect(rows[0]!.text).not.toContain('hr-bearer');
  });
});

describe('HR pull on two nodes sharing one PostgreSQL database', () => {
  const opened = closedAfterEach();

  it('only the holder of the lease pulls; a due source is pulled once', async () => {
    const tls = slapdTestTls();
    const hr = new HrSystem(tls);
    await hr.start();
    try {
      const url = await createDatabase(inject('postgresUrl'));
      const [a, b] = [await openPostgres(url), await openPostgres(url)];
      opened.push(a, b);
      await migrate(a);
      const { ctx } = await setUpTestAuthorities(a, { algorithm: 'ecdsa' });
      const nodeA: HrPullContext = { db: a, sealer: ctx.keyStore, allowHttp: false };
      const nodeB: HrPullContext = { db: b, sealer: ctx.keyStore, allowHttp: false };
      await saveHrSource(a, { id: '1c', mapping: HR_MAPPING }, { actor: 'system' });
      await saveHrPull(
        nodeA,
        '1c',
        {
          url: hr.url,
          auth: { type: 'none' },
          caCertificate: tls.ca,
          intervalMinutes: 5,
          recordsPath: 'data.employees',
        },
        { actor: 'system' },
      );
      hr.answer = { status: 200, body: exportBody([employee(1), employee(2)]) };

      // Node A holds the lease: node B's run is no leader's and asks nothing.
      const lock = await holdJobLease(a, HR_PULL_JOB);
      const jobB = new HrPullJob(nodeB, { logger: quiet, nodeId: 'node-b', leaseMs: 2000 });
      expect(await jobB.runOnce()).toEqual({ leader: false });
      expect(hr.requests).toHaveLength(0);
      await lock.release();

      // Both nodes at once: one pull, one job.
      const jobA = new HrPullJob(nodeA, { logger: quiet, nodeId: 'node-a', leaseMs: 2000 });
      const runs = await Promise.all([jobA.runOnce(), jobB.runOnce()]);
      const imported = runs.reduce((n, run) => n + (run.leader ? run.value.imported : 0), 0);
      expect(imported).toBe(1);
      expect(hr.requests).toHaveLength(1);
      expect(await countOf(a, 'SELECT count(*) AS n FROM bulk_jobs')).toBe(1);
    } finally {
      await hr.stop();
    }
  }, 300_000);
});
