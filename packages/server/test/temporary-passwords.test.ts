import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { BulkJob } from '../src/bulk/jobs.js';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { hrImportHandler } from '../src/hr/import.js';
import { BulkJobRunner } from '../src/jobs/bulk-job-runner.js';
import { Housekeeping } from '../src/jobs/housekeeping.js';
import { createLogger } from '../src/logger.js';
import { TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { backends, closedAfterEach } from './support/backends.js';
import { employee, HR_MAPPING, toCsv } from './support/hr-export.js';

const run = promisify(execFile);
const quiet = { info: vi.fn(), error: vi.fn() };
const work = mkdtempSync(join(tmpdir(), 'podpis-temporary-passwords-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

type DeliveryAnswer = {
  fileName: string;
  content: string;
  generatedFilePassword?: string;
  delivered: number;
  leftOut: { login: string; reason: string }[];
};

/** The PDF's text as poppler reads it (after qpdf decrypted it, for a protected file). */
async function pdfText(file: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return stdout;
}

/** qpdf's exit code and message for a command (2 is an error, such as a wrong password). */
async function qpdf(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('qpdf', args);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe.each(backends)('temporary passwords of an HR import on $name', (backend) => {
  const opened = closedAfterEach();
  let api: TestApi | undefined;
  const runners: BulkJobRunner[] = [];
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await api?.close();
    api = undefined;
  });

  async function setUp(): Promise<{ db: Db; ctx: AuthorityContext; api: TestApi; logs: string[] }> {
    const db = await backend.open();
    opened.push(db);
    const { ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' });
    const logs: string[] = [];
    api = await TestApi.start(ctx, {
      logger: createLogger('debug', {
        write: (line: string) => {
          logs.push(line);
        },
      }),
    });
    const saved = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/hr/sources/1c',
      headers: api.operator,
      payload: { description: '1C:ЗУП', mapping: HR_MAPPING },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const runner = new BulkJobRunner(db, {
      handlers: [hrImportHandler],
      logger: createLogger('debug', {
        write: (line: string) => {
          logs.push(line);
        },
      }),
      pollMs: 50,
      services: { temporaryPasswords: { sealer: ctx.keyStore, validDays: 14 } },
    });
    runner.start();
    runners.push(runner);
    return { db, ctx, api, logs };
  }

  async function imported(test: TestApi, numbers: number[]): Promise<BulkJob> {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/hr/sources/1c/imports',
      headers: { ...test.operator, 'content-type': 'text/csv' },
      payload: Buffer.from(toCsv(numbers.map(employee))),
    });
    expect(response.statusCode, response.body).toBe(202);
    const id = response.json<BulkJob>().id;
    for (;;) {
      const job = (
        await test.app.inject({ url: `/api/v1/bulk-jobs/${id}`, headers: test.operator })
      ).json<BulkJob>();
      if (!['queued', 'running'].includes(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function deliver(test: TestApi, jobId: string, payload: Record<string, unknown>) {
    return test.app.inject({
      method: 'POST',
      url: `/api/v1/bulk-jobs/${jobId}/temporary-passwords/delivery`,
      headers: test.operator,
      payload,
    });
  }

  function signIn(test: TestApi, login: string, password: string) {
    return test.app.inject({ method: 'POST', url: '/api/v1/session', payload: { login, password } });
  }

  async function accountOf(db: Db, login: string): Promise<string> {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM accounts WHERE login = $1', [login]);
    return rows[0]!.id;
  }

  /** Each password in the letters, by login: the line after "Логин:" and after "Временный пароль:". */
  function lettersByLogin(text: string): Map<string, string> {
    const found = new Map<string, string>();
    for (const page of text.split('\f')) {
      const login = /Логин:\s*\n\s*(\S+)/.exec(page)?.[1];
      const password = /Временный пароль:\s*\n\s*(\S+)/.exec(page)?.[1];
      if (login && password) found.set(login, password);
    }
    return found;
  }

  it('operator prints the letters once → each employee signs in with theirs once and must change it; one who already has a new password is left out; a second download is refused', async () => {
    const { db, api, logs } = await setUp();
    const job = await imported(api, [1, 2, 3]);
    expect(job.counts.created).toBe(3);
    const status = await api.app.inject({
      url: `/api/v1/bulk-jobs/${job.id}/temporary-passwords`,
      headers: api.operator,
    });
    expect(status.json()).toEqual({ jobId: job.id, pending: 3, delivery: null });
    const accounts = await db.query<{ login: string; must_change_password: boolean; days: number }>(
      `SELECT login, must_change_password, round(extract(epoch FROM password_expires_at - now()) / 86400)::int AS days
         FROM accounts WHERE role = 'user' ORDER BY login`,
    );
    expect(accounts.rows).toEqual(
      [1, 2, 3].map((i) => ({ login: employee(i)['E-mail'], must_change_password: true, days: 14 })),
    );

    // The operator resets the third employee's password by hand: the letter would carry a dead password.
    const third = employee(3)['E-mail'];
    const reset = await api.app.inject({
      method: 'POST',
      url: `/api/v1/users/${await accountOf(db, third)}/reset-password`,
      headers: api.operator,
    });
    expect(reset.statusCode, reset.body).toBe(200);

    const response = await deliver(api, job.id, { format: 'letters' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const answer = response.json<DeliveryAnswer>();
    expect(answer).toMatchObject({ delivered: 2, leftOut: [{ login: third, reason: 'changed' }] });
    expect(answer.generatedFilePassword).toBeUndefined();
    const file = join(work, `${backend.name}-letters.pdf`);
    writeFileSync(file, Buffer.from(answer.content, 'base64'));
    expect((await qpdf(['--check', file])).code).toBe(0);
    const text = await pdfText(file);
    expect(text).toContain('Временный пароль');
    expect(text).toContain('никогда не спрашивают пароль');
    expect(text).toContain('https://podpis.test/');
    expect(text.split('\f').filter((page) => page.trim() !== '')).toHaveLength(2);
    const passwords = lettersByLogin(text);
    expect([...passwords.keys()].sort()).toEqual([employee(1)['E-mail'], employee(2)['E-mail']].sort());
    for (const password of passwords.values()) expect(password).toMatch(/^[A-Za-z0-9]{16}$/);

    // Once only: the sealed passwords are gone with the delivery.
    const again = await deliver(api, job.id, { format: 'protected-file' });
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ code: 'TEMPORARY_PASSWORDS_DELIVERED' });
    const { rows: sealed } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM temporary_passwords WHERE job_id = $1',
      [job.id],
    );
    expect(sealed[0]!.n).toBe(0);
    const after = await api.app.inject({
      url: `/api/v1/bulk-jobs/${job.id}/temporary-passwords`,
      headers: api.operator,
    });
    expect(after.json()).toMatchObject({
      pending: 0,
      delivery: { format: 'letters', delivered: 2, leftOut: 1 },
    });

    // The first employee signs in with the letter's password, must change it, and it never works again.
    const first = employee(1)['E-mail'];
    const temporary = passwords.get(first)!;
    const login = await signIn(api, first, temporary);
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json()).toMatchObject({ mustChangePassword: true });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const headers = { cookie, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
    const blocked = await api.app.inject({
      method: 'POST',
      url: '/api/v1/session/tokens',
      headers,
      payload: { name: 'edo', scopes: ['certificates:read'] },
    });
    expect(blocked.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    const changed = await api.app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers,
      payload: { password: temporary, newPassword: 'Moscow2026' },
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await signIn(api, first, temporary)).json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await signIn(api, first, 'Moscow2026')).json()).toMatchObject({ mustChangePassword: false });

    // The second employee waited too long: the temporary password has expired.
    const second = employee(2)['E-mail'];
    await db.query(`UPDATE accounts SET password_expires_at = now() - interval '1 minute' WHERE login = $1`, [
      second,
    ]);
    const expired = await signIn(api, second, passwords.get(second)!);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'TEMPORARY_PASSWORD_EXPIRED' });
    // …and a stranger guessing learns nothing of it.
    expect((await signIn(api, second, 'Wrong-password-1')).json()).toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });

    // Neither the audit log nor the logs ever held a password.
    const { rows: audit } = await db.query<{ action: string; details: unknown }>(
      'SELECT action, details FROM audit_log ORDER BY seq',
    );
    const delivered = audit.filter((r) => r.action === 'temporary_passwords.delivered');
    expect(delivered.map((r) => r.details)).toEqual([{ format: 'letters', delivered: 2, leftOut: 1 }]);
    const everything = JSON.stringify(audit) + logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const password of passwords.values()) expect(everything).not.toContain(password);
  }, 120_000);

  it('a protected file opens with the file password only (qpdf), AES-256, and lists every login and password; a weak file password is refused', async () => {
    const { db, api, logs } = await setUp();
    const job = await imported(api, [11, 12]);
    const weak = await deliver(api, job.id, { format: 'protected-file', filePassword: 'password123' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json()).toMatchObject({ code: 'FILE_PASSWORD_WEAK' });

    const response = await deliver(api, job.id, { format: 'protected-file' });
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json<DeliveryAnswer>();
    expect(answer.delivered).toBe(2);
    const filePassword = answer.generatedFilePassword!;
    expect(filePassword).toMatch(/^[A-Za-z0-9]{20}$/);
    const file = join(work, `${backend.name}-protected.pdf`);
    writeFileSync(file, Buffer.from(answer.content, 'base64'));

    const shown = await qpdf([`--password=${filePassword}`, '--show-encryption', file]);
    expect(shown.output).toContain('R = 6');
    expect(shown.output).toContain('file encryption method: AESv3');
    expect((await qpdf([`--password=${filePassword}`, '--check', file])).code).toBe(0);
    const wrong = await qpdf(['--password=Not-the-password-1', '--decrypt', file, join(work, 'wrong.pdf')]);
    expect(wrong.code).toBe(2);
    expect(wrong.output).toContain('invalid password');
    await expect(pdfText(file)).rejects.toThrow();

    const decrypted = join(work, `${backend.name}-decrypted.pdf`);
    expect((await qpdf([`--password=${filePassword}`, '--decrypt', file, decrypted])).code).toBe(0);
    const text = await pdfText(decrypted);
    for (const i of [11, 12]) {
      const login = employee(i)['E-mail'];
      const line = text.split('\n').find((l) => l.includes(login))!;
      expect(line).toContain(employee(i).Фамилия);
      const password = /\b([A-Za-z0-9]{16})\s*$/.exec(line)![1]!;
      const signedIn = await signIn(api, login, password);
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      expect(signedIn.json()).toMatchObject({ mustChangePassword: true });
      expect(JSON.stringify(logs)).not.toContain(password);
    }
    expect(JSON.stringify(logs)).not.toContain(filePassword);
    const { rows } = await db.query<{ details: unknown }>(
      "SELECT details FROM audit_log WHERE action = 'temporary_passwords.delivered'",
    );
    expect(rows.map((r) => r.details)).toEqual([
      { format: 'protected-file', delivered: 2, leftOut: 0, filePassword: 'generated' },
    ]);
  }, 120_000);

  it("an operator's own file password opens the file; a job that created nobody has nothing to deliver", async () => {
    const { api } = await setUp();
    const job = await imported(api, [21]);
    const filePassword = 'Ключ-для-файла-2026';
    const response = await deliver(api, job.id, { format: 'protected-file', filePassword });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<DeliveryAnswer>().generatedFilePassword).toBeUndefined();
    const file = join(work, `${backend.name}-own.pdf`);
    writeFileSync(file, Buffer.from(response.json<DeliveryAnswer>().content, 'base64'));
    const decrypted = join(work, `${backend.name}-own-decrypted.pdf`);
    expect((await qpdf([`--password=${filePassword}`, '--decrypt', file, decrypted])).code).toBe(0);
    expect(await pdfText(decrypted)).toContain(employee(21)['E-mail']);

    // The same export again creates nobody.
    const unchanged = await imported(api, [21]);
    expect(unchanged.counts.unchanged).toBe(1);
    const none = await deliver(api, unchanged.id, { format: 'letters' });
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ code: 'TEMPORARY_PASSWORDS_NONE' });
  }, 120_000);

  it('housekeeping erases undelivered passwords once they expired or after the bulk retention, audited; the rest still deliver', async () => {
    const { db, api } = await setUp();
    const sealedOf = async (jobId: string) =>
      (
        await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM temporary_passwords WHERE job_id = $1',
          [jobId],
        )
      ).rows[0]!.n;
    const expiring = await imported(api, [31, 32]);
    const old = await imported(api, [33]);
    const fresh = await imported(api, [34, 35]);
    // One password of the first job ran out undelivered; the second job's were sealed 31 days ago (still valid).
    await db.query(`UPDATE accounts SET password_expires_at = now() - interval '1 minute' WHERE login = $1`, [
      employee(31)['E-mail'],
    ]);
    await db.query(
      `UPDATE temporary_passwords SET created_at = now() - interval '31 days' WHERE job_id = $1`,
      [old.id],
    );

    const purged = await new Housekeeping(db, { logger: quiet }).runOnce();
    expect(purged.deleted.temporaryPasswords).toBe(2);
    expect([await sealedOf(expiring.id), await sealedOf(old.id), await sealedOf(fresh.id)]).toEqual([
      1, 0, 2,
    ]);
    const audit = await db.query<{ actor: string; details: Record<string, unknown> }>(
      "SELECT actor, details FROM audit_log WHERE action = 'temporary_passwords.purge'",
    );
    expect(audit.rows).toEqual([
      { actor: 'system', details: { jobs: [expiring.id, old.id].sort(), passwords: 2, retentionDays: 30 } },
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain(employee(32)['E-mail']);
    // Nothing more to erase: no second record.
    expect((await new Housekeeping(db, { logger: quiet }).runOnce()).deleted.temporaryPasswords).toBe(0);
    expect(
      (await db.query("SELECT 1 FROM audit_log WHERE action = 'temporary_passwords.purge'")).rows,
    ).toHaveLength(1);

    // The erased job has nothing left to deliver; the others deliver what stayed.
    const gone = await deliver(api, old.id, { format: 'letters' });
    expect(gone.statusCode).toBe(409);
    expect(gone.json()).toMatchObject({ code: 'TEMPORARY_PASSWORDS_NONE' });
    const rest = await deliver(api, expiring.id, { format: 'letters' });
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json<DeliveryAnswer>()).toMatchObject({ delivered: 1, leftOut: [] });
    expect((await deliver(api, fresh.id, { format: 'letters' })).json<DeliveryAnswer>().delivered).toBe(2);
  }, 120_000);
});
