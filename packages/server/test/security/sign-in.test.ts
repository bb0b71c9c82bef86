import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenPrincipal } from '../../src/auth/api-tokens.js';
import type { AuthConfig } from '../../src/config/config.js';
import type { Db } from '../../src/db/db.js';
import { migrate, readMigrations } from '../../src/db/migrate.js';
import { buildApp, type PodpisApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { IVANOV_PERSON } from '../../../pki/test/support/subjects.js';
import { staffWithCertificate, TEST_AUTH, USER_PASSWORD } from '../support/api.js';
import { openTestPglite } from '../support/backends.js';

/** A real scrypt cost (about 16 MiB of work), so a path that skips the hash shows in the time. */
const AUTH: AuthConfig = { ...TEST_AUTH, maxFailedLogins: 3, scryptLogN: 14 };

const migrations = readMigrations();
let db: Db;
let app: PodpisApp;
let operator: Record<string, string>;
beforeAll(async () => {
  db = await openTestPglite();
  await migrate(db, migrations);
  app = await buildApp({
    config: { bodyLimit: 65536, publicUrl: 'https://podpis.test', auth: AUTH },
    db,
    migrations,
    logger: createLogger('silent'),
    readClientCertificate: (request) => {
      const presented = request.headers['x-test-client-certificate'];
      return typeof presented === 'string'
        ? { der: Buffer.from(presented, 'base64'), authorized: true }
        : undefined;
    },
  });
  const staff = await staffWithCertificate(db, 'operator');
  operator = { 'x-test-client-certificate': Buffer.from(staff.der).toString('base64') };
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const logIn = (login: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/v1/session', payload: { login, password } });

/** A registered user signed in with USER_PASSWORD → the session's headers. */
async function signedInUser(login: string): Promise<{ id: string; headers: Record<string, string> }> {
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: operator,
    payload: { login, profile: IVANOV_PERSON },
  });
  const { user, temporaryPassword } = created.json<{ user: { id: string }; temporaryPassword: string }>();
  const first = await logIn(login, temporaryPassword);
  const headers = {
    cookie: String(first.headers['set-cookie']).split(';')[0]!,
    'x-csrf-token': first.json<{ csrfToken: string }>().csrfToken,
  };
  const changed = await app.inject({
    method: 'POST',
    url: '/api/v1/session/password',
    headers,
    payload: { password: temporaryPassword, newPassword: USER_PASSWORD },
  });
  expect(changed.statusCode, changed.body).toBe(204);
  return { id: user.id, headers };
}

async function auditActions(target: string): Promise<{ action: string; details: Record<string, unknown> }[]> {
  const { rows } = await db.query<{ action: string; details: Record<string, unknown> }>(
    'SELECT action, details FROM audit_log WHERE target = $1 ORDER BY seq',
    [target],
  );
  return rows;
}

describe('changing the password', () => {
  it('wrong current passwords count towards the lock: the third locks the account and ends the guessing session', async () => {
    const { id, headers } = await signedInUser('guessed');
    const guess = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/session/password',
        headers,
        payload: { password, newPassword: 'Another2026pass' },
      });
    expect((await guess('wrong-1')).json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect((await guess('wrong-2')).json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect((await guess('wrong-3')).json()).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED' });
    expect((await guess(USER_PASSWORD)).statusCode, 'the session ended').toBe(401);
    expect((await logIn('guessed', USER_PASSWORD)).json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    const failures = (await auditActions(`account:${id}`)).filter(
      (r) => r.action === 'account.password_change_failed',
    );
    expect(failures.map((r) => r.details['reason'])).toEqual([
      'wrong current password',
      'wrong current password',
      'wrong current password; account locked',
    ]);
  });

  it('the password asked again to remove a second factor counts towards the lock too', async () => {
    const { id, headers } = await signedInUser('remover');
    const remove = (password: string) =>
      app.inject({
        method: 'DELETE',
        url: '/api/v1/session/second-factor/webauthn/00000000-0000-4000-8000-000000000000',
        headers,
        payload: { password },
      });
    expect((await remove('wrong-1')).json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect((await remove('wrong-2')).json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect((await remove('wrong-3')).json()).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED' });
    expect((await remove(USER_PASSWORD)).statusCode, 'the session ended').toBe(401);
    const failures = (await auditActions(`account:${id}`)).filter(
      (r) => r.action === 'auth.second_factor.disable_failed',
    );
    expect(failures.at(-1)?.details).toMatchObject({ reason: 'wrong password; account locked' });
  });

  it("revokes the user's API tokens unless asked to keep them; both audited", async () => {
    const { id, headers } = await signedInUser('integrator');
    const newToken = async (name: string): Promise<string> => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/session/tokens',
        headers,
        payload: { name, scopes: ['certificates:read'] },
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json<{ token: string }>().token;
    };
    const change = (password: string, newPassword: string, keepApiTokens?: boolean) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/session/password',
        headers,
        payload: { password, newPassword, ...(keepApiTokens === undefined ? {} : { keepApiTokens }) },
      });

    const kept = await newToken('kept');
    expect((await change(USER_PASSWORD, 'Second2026pass', true)).statusCode).toBe(204);
    expect(await tokenPrincipal(db, kept)).toMatchObject({ accountId: id, method: 'token' });

    expect((await change('Second2026pass', 'Third2026pass')).statusCode).toBe(204);
    expect(await tokenPrincipal(db, kept)).toBeUndefined();

    const changes = (await auditActions(`account:${id}`)).filter(
      (r) => r.action === 'account.password_change',
    );
    expect(changes.slice(-2).map((r) => r.details)).toEqual([
      { apiTokens: 'kept' },
      { apiTokens: 'revoked', revokedApiTokens: [expect.any(String)] },
    ]);
  });
});

describe('login names cannot be enumerated through the lockout', () => {
  it('an unknown login answers as an existing one does — 401, 401, 423, 423 — and pays the same password hash', async () => {
    await signedInUser('existing');
    const answers = async (login: string) => {
      const seen: { status: number; code: string; detail: string; ms: number }[] = [];
      for (let i = 1; i <= 4; i++) {
        const started = performance.now();
        const response = await logIn(login, `wrong-${i}`);
        const ms = performance.now() - started;
        const { status, code, detail } = response.json<{ status: number; code: string; detail: string }>();
        seen.push({ status, code, detail, ms });
      }
      return seen;
    };
    const known = await answers('existing');
    const unknown = await answers('nobody-by-that-name');
    const withoutTime = (seen: typeof known) => seen.map(({ ms: _ms, ...answer }) => answer);
    expect(withoutTime(unknown)).toEqual(withoutTime(known));
    expect(known.map((a) => a.status)).toEqual([401, 401, 423, 423]);

    // Every answer, locked or not, known or not, costs a password hash: none is far faster than the
    // typical one (a path without the hash takes a millisecond; other test files may slow any answer).
    const times = [...known, ...unknown].map((a) => a.ms).sort((x, y) => x - y);
    const typical = times[Math.floor(times.length / 2)]!;
    for (const ms of times) expect(ms).toBeGreaterThan(typical / 4);
  });

  it('a run of failures is forgotten after an hour without one, for a name and for an account alike', async () => {
    await signedInUser('patient');
    const statuses = async (login: string, times: number) => {
      const seen: number[] = [];
      for (let i = 0; i < times; i++) seen.push((await logIn(login, `wrong-${i}`)).statusCode);
      return seen;
    };
    for (const login of ['patient', 'nobody-patient']) {
      expect(await statuses(login, 2)).toEqual([401, 401]);
      // An hour passes without another failure.
      await db.query(
        "UPDATE accounts SET last_failed_login_at = last_failed_login_at - interval '61 minutes' WHERE login = $1",
        [login],
      );
      await db.query(
        "UPDATE rate_limits SET window_started_at = window_started_at - interval '61 minutes' WHERE key = $1",
        [`login-failures:${login}`],
      );
      // Two more: a fresh run of two, not the third in a row.
      expect(await statuses(login, 2), login).toEqual([401, 401]);
      expect(await statuses(login, 1), login).toEqual([423]);
    }
  });
});
