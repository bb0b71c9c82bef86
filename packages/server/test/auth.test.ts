import { request as httpsRequest } from 'node:https';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildName, generateSoftwareKey, issueCertificate, OID } from '@podpis/pki';
import { certificateFingerprint } from '../src/auth/client-certificate.js';
import { authPlugin } from '../src/http/auth-plugin.js';
import { ConfigError, loadAuthConfig, type AuthConfig } from '../src/config/config.js';
import type { Db } from '../src/db/db.js';
import { migrate, readMigrations } from '../src/db/migrate.js';
import { buildApp, type PodpisApp } from '../src/http/app.js';
import { ProblemSchema, registerProblemHandlers } from '../src/http/problem.js';
import { createSelfSignedCertificate } from '../src/http/tls.js';
import { createLogger } from '../src/logger.js';
import { peopleRoutes } from '../src/http/routes/people.js';
import { toPem as pem } from '../src/ca/pem.js';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import { staffWithCertificate, TEST_AUTH } from './support/api.js';
import { openTestPglite } from './support/backends.js';

/** Low scrypt cost and a small rate limit, so the whole flow runs in seconds. */
const AUTH: AuthConfig = { ...TEST_AUTH, maxFailedLogins: 3, loginRateLimitPerMinute: 6 };

const migrations = readMigrations();
let db: Db;
beforeAll(async () => {
  db = await openTestPglite();
  await migrate(db, migrations);
});
afterAll(async () => {
  await db.close();
});

describe('password and login policy configuration', () => {
  it('reads the PODPIS_* variables and refuses out-of-range values', () => {
    expect(
      loadAuthConfig({
        PODPIS_PASSWORD_MIN_LENGTH: '12',
        PODPIS_LOGIN_MAX_FAILURES: '10',
        PODPIS_LOGIN_LOCKOUT_MINUTES: '30',
        PODPIS_LOGIN_RATE_LIMIT: '100',
        PODPIS_SESSION_TTL_MINUTES: '60',
        PODPIS_SCRYPT_COST: '16',
        PODPIS_OAUTH_TOKEN_RATE_LIMIT: '50',
        PODPIS_TEMPORARY_PASSWORD_DAYS: '7',
      }),
    ).toEqual({
      passwordMinLength: 12,
      maxFailedLogins: 10,
      lockoutMinutes: 30,
      loginRateLimitPerMinute: 100,
      oauthTokenRateLimit: { perClient: 50, perIp: 1200 },
      sessionTtlMinutes: 60,
      scryptLogN: 16,
      temporaryPasswordDays: 7,
    });
    expect(() => loadAuthConfig({ PODPIS_PASSWORD_MIN_LENGTH: '6' })).toThrow(ConfigError);
    expect(() => loadAuthConfig({ PODPIS_TEMPORARY_PASSWORD_DAYS: '0' })).toThrow(ConfigError);
    expect(() => loadAuthConfig({ PODPIS_SCRYPT_COST: '10' })).toThrow(/PODPIS_SCRYPT_COST.*14\.\.20/);
  });
});

describe('accounts and authentication over HTTP (in-process)', () => {
  let app: PodpisApp;
  const logs: string[] = [];
  beforeAll(async () => {
    app = await buildApp({
      config: { bodyLimit: 65536, publicUrl: 'https://podpis.test', auth: AUTH },
      db,
      migrations,
      logger: createLogger(
        'debug',
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            logs.push(chunk.toString('utf8'));
            done();
          },
        }),
      ),
      // Test-only: `inject` has no TLS socket, so the "presented" certificate travels in a header;
      // it is still looked up in client_certificates and checked by requireRole like a real one.
      readClientCertificate: (request) => {
        const presented = request.headers['x-test-client-certificate'];
        return typeof presented === 'string'
          ? { der: Buffer.from(presented, 'base64'), authorized: true }
          : undefined;
      },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  const asStaff = (staff: { der: Uint8Array }) => ({
    'x-test-client-certificate': Buffer.from(staff.der).toString('base64'),
    // As a non-browser client says it is not a cross-site form (bodiless POSTs need it).
    'x-requested-with': 'podpis-test',
  });

  function session(response: { headers: Record<string, unknown>; json(): unknown }): {
    cookie: string;
    csrf: string;
  } {
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(
      /^podpis_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; Secure; SameSite=Strict$/,
    );
    return { cookie: setCookie.split(';')[0]!, csrf: (response.json() as { csrfToken: string }).csrfToken };
  }

  it('operator registers a user → temporary password → first login must change it → then normal access', async () => {
    const operator = await staffWithCertificate(db, 'operator');
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { login: 'ivanov', profile: IVANOV_PERSON },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'CLIENT_CERTIFICATE_REQUIRED' });

    const invalid = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: asStaff(operator),
      payload: { login: 'ivanov', profile: { ...IVANOV_PERSON, snils: '11223344590', surname: '' } },
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json()).toMatchObject({
      code: 'PROFILE_INVALID',
      errors: expect.arrayContaining([
        { field: 'surname', code: 'REQUIRED', message: 'surname is required for this kind of subject' },
        expect.objectContaining({ field: 'snils', code: 'SNILS_CHECKSUM' }),
      ]) as unknown,
    });

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: asStaff(operator),
      payload: { login: 'ivanov', profile: IVANOV_PERSON },
    });
    expect(created.statusCode).toBe(201);
    const { user, temporaryPassword } = created.json<{
      user: { id: string; version: number };
      temporaryPassword: string;
    }>();
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: asStaff(operator),
      payload: { login: 'Ivanov', profile: IVANOV_PERSON },
    });
    expect(again.json()).toMatchObject({ status: 409, code: 'LOGIN_TAKEN' });
    const shown = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${user.id}`,
      headers: asStaff(operator),
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toContain(temporaryPassword);
    expect(shown.json()).toMatchObject({
      login: 'ivanov',
      mustChangePassword: true,
      profile: { snils: '11223344595' },
    });
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/users?search=112-233-445%2095&limit=10',
      headers: asStaff(operator),
    });
    expect(list.json()).toMatchObject({ total: 1, limit: 10, offset: 0, items: [{ login: 'ivanov' }] });
    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: asStaff(operator),
      payload: { version: 1, profile: { locality: 'Тула' } },
    });
    expect(edited.json()).toMatchObject({ version: 2, profile: { locality: 'Тула' } });
    const stale = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: asStaff(operator),
      payload: { version: 1, profile: { locality: 'Орёл' } },
    });
    expect(stale.json()).toMatchObject({ status: 409, code: 'CONCURRENT_EDIT' });

    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login: 'ivanov', password: temporaryPassword },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({
      mustChangePassword: true,
      account: { login: 'ivanov', role: 'user' },
    });
    const first = session(login);
    const headers = { cookie: first.cookie, 'x-csrf-token': first.csrf };

    const blocked = await app.inject({
      method: 'POST',
      url: '/api/v1/session/tokens',
      headers,
      payload: { name: 'edo', scopes: ['certificates:read'] },
    });
    expect(blocked.json()).toMatchObject({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers: { cookie: first.cookie },
      payload: { password: temporaryPassword, newPassword: 'Moscow2026' },
    });
    expect(noCsrf.json()).toMatchObject({ status: 403, code: 'CSRF_FAILED' });
    const weak = await app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers,
      payload: { password: temporaryPassword, newPassword: 'onlyletters' },
    });
    expect(weak.json()).toMatchObject({ status: 422, code: 'PASSWORD_POLICY' });
    const changed = await app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers,
      payload: { password: temporaryPassword, newPassword: 'Moscow2026' },
    });
    expect(changed.statusCode).toBe(204);

    const me = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: first.cookie } });
    expect(me.json()).toMatchObject({ login: 'ivanov', method: 'session', mustChangePassword: false });
    const token = await app.inject({
      method: 'POST',
      url: '/api/v1/session/tokens',
      headers,
      payload: { name: 'edo', scopes: ['certificates:read'] },
    });
    expect(token.statusCode).toBe(201);
    const { id: tokenId, token: bearer } = token.json<{ id: string; token: string }>();
    const byToken = await app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(byToken.json()).toMatchObject({ login: 'ivanov', method: 'token', scopes: ['certificates:read'] });
    const userOnOperatorRoute = await app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(userOnOperatorRoute.statusCode).toBe(401);
    const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/session/tokens/${tokenId}`, headers });
    expect(revoked.statusCode).toBe(204);
    const afterRevoke = await app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(afterRevoke.json()).toMatchObject({ status: 401, code: 'INVALID_TOKEN' });

    const logout = await app.inject({ method: 'DELETE', url: '/api/v1/session', headers });
    expect(logout.statusCode).toBe(204);
    const afterLogout = await app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: first.cookie },
    });
    expect(afterLogout.json()).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' });

    const everything = logs.join('');
    expect(everything).not.toContain(temporaryPassword);
    expect(everything).not.toContain('Moscow2026');
    expect(everything).not.toContain(bearer);
    expect(everything).not.toContain(first.cookie.split('=')[1]!);
  });

  it('GET /whoami answers 200 whoever calls: the account like GET /me, or why nobody is signed in', async () => {
    const nobody = await app.inject({ url: '/api/v1/whoami' });
    expect(nobody.statusCode).toBe(200);
    expect(nobody.headers['cache-control']).toBe('no-store');
    expect(nobody.json()).toEqual({ signedIn: false, reason: 'CLIENT_CERTIFICATE_REQUIRED' });
    const ended = await app.inject({ url: '/api/v1/whoami', headers: { cookie: 'podpis_session=gone' } });
    expect(ended.json()).toEqual({ signedIn: false, reason: 'SESSION_EXPIRED' });
    const badToken = await app.inject({ url: '/api/v1/whoami', headers: { authorization: 'Bearer nope' } });
    expect(badToken.json()).toEqual({ signedIn: false, reason: 'INVALID_TOKEN' });
    const operator = await staffWithCertificate(db, 'operator');
    const known = await app.inject({ url: '/api/v1/whoami', headers: asStaff(operator) });
    const me = await app.inject({ url: '/api/v1/me', headers: asStaff(operator) });
    expect(known.statusCode).toBe(200);
    expect(known.json()).toEqual({ signedIn: true, me: me.json<unknown>() });
    expect(me.json()).toMatchObject({ role: 'operator', method: 'certificate' });
  });

  it('wrong passwords lock the account (423) until an operator unlocks it', async () => {
    const operator = await staffWithCertificate(db, 'operator');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: asStaff(operator),
      payload: { login: 'petrov', profile: IVANOV_PERSON },
    });
    const { user, temporaryPassword } = created.json<{ user: { id: string }; temporaryPassword: string }>();
    const attempt = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress: '192.0.2.20',
        payload: { login: 'petrov', password },
      });
    expect((await attempt('wrong-1')).json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect((await attempt('wrong-2')).json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    const lockingAttempt = Date.now();
    expect((await attempt('wrong-3')).json()).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED' });
    expect((await attempt(temporaryPassword)).json()).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED' });
    const shown = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${user.id}`,
      headers: asStaff(operator),
    });
    const lockedUntil = Date.parse(shown.json<{ lockedUntil: string | null }>().lockedUntil ?? 'not locked');
    const lockout = AUTH.lockoutMinutes * 60_000;
    // The database's clock and this one may round differently: a second's slack.
    expect(lockedUntil, 'locked for lockoutMinutes from the third wrong password').toBeGreaterThanOrEqual(
      lockingAttempt + lockout - 1000,
    );
    expect(lockedUntil, 'locked for lockoutMinutes from the third wrong password').toBeLessThanOrEqual(
      Date.now() + lockout + 1000,
    );

    const unlocked = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/unlock`,
      headers: asStaff(operator),
    });
    expect(unlocked.json()).toMatchObject({ status: 'active', lockedUntil: null });
    expect((await attempt(temporaryPassword)).statusCode).toBe(200);

    const locked = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/lock`,
      headers: asStaff(operator),
    });
    expect(locked.json()).toMatchObject({ status: 'locked' });
    const reset = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/reset-password`,
      headers: asStaff(operator),
    });
    const fresh = reset.json<{ temporaryPassword: string }>().temporaryPassword;
    expect(fresh).not.toBe(temporaryPassword);
    expect((await attempt(fresh)).json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('a locked account says why only to whoever gives its password: too many wrong passwords (until when), an operator, closed', async () => {
    const operator = await staffWithCertificate(db, 'operator');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: asStaff(operator),
      payload: { login: 'lockreasons', profile: IVANOV_PERSON },
    });
    const { user, temporaryPassword } = created.json<{ user: { id: string }; temporaryPassword: string }>();
    const attempt = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress: '192.0.2.21',
        payload: { login: 'lockreasons', password },
      });
    await attempt('wrong-1');
    await attempt('wrong-2');
    const locking = (await attempt('wrong-3')).json<Record<string, unknown>>();
    expect(locking).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED', reason: 'failed-logins' });
    expect(locking, 'a wrong password does not learn when the lock ends').not.toHaveProperty('lockedUntil');
    const owner = (await attempt(temporaryPassword)).json<Record<string, unknown>>();
    expect(owner).toMatchObject({ code: 'ACCOUNT_LOCKED', reason: 'failed-logins' });
    expect(Date.parse(String(owner.lockedUntil))).toBeGreaterThan(Date.now());

    const unlock = () =>
      app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/unlock`, headers: asStaff(operator) });
    await unlock();
    await app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/lock`, headers: asStaff(operator) });
    const byOperator = (await attempt(temporaryPassword)).json<Record<string, unknown>>();
    expect(byOperator).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED', reason: 'operator' });
    const stranger = (await attempt('not-the-password')).json<Record<string, unknown>>();
    expect(stranger).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED' });
    expect(stranger, 'who locked it is not told to a wrong password').not.toHaveProperty('reason');

    // Six attempts a minute per login and per address: a new minute for the last two.
    await db.query(`DELETE FROM rate_limits WHERE key IN ('login:lockreasons', 'login-ip:192.0.2.21')`);
    await db.query(`UPDATE accounts SET status = 'disabled' WHERE id = $1`, [user.id]);
    expect((await attempt(temporaryPassword)).json()).toMatchObject({
      status: 423,
      code: 'ACCOUNT_LOCKED',
      reason: 'disabled',
    });
    expect(
      (await attempt('not-the-password')).json(),
      'a closed account answers a stranger as an unknown login',
    ).toMatchObject({
      status: 401,
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('a second tab of a signed-in browser gets the CSRF token from GET /whoami and can act', async () => {
    const operator = await staffWithCertificate(db, 'operator');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: asStaff(operator),
      payload: { login: 'twotabs', profile: IVANOV_PERSON },
    });
    const { temporaryPassword } = created.json<{ temporaryPassword: string }>();
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login: 'twotabs', password: temporaryPassword },
    });
    const first = session(login);
    const whoami = await app.inject({ url: '/api/v1/whoami', headers: { cookie: first.cookie } });
    expect(whoami.headers['cache-control']).toBe('no-store');
    expect(whoami.json()).toMatchObject({ signedIn: true, csrfToken: first.csrf });
    const withoutToken = await app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers: { cookie: first.cookie },
      payload: { password: temporaryPassword, newPassword: 'Moscow2026second' },
    });
    expect(withoutToken.json(), 'the cookie alone is still refused').toMatchObject({ code: 'CSRF_FAILED' });
    const changed = await app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers: { cookie: first.cookie, 'x-csrf-token': whoami.json<{ csrfToken: string }>().csrfToken },
      payload: { password: temporaryPassword, newPassword: 'Moscow2026second' },
    });
    expect(changed.statusCode).toBe(204);
    const staff = await app.inject({ url: '/api/v1/whoami', headers: asStaff(operator) });
    expect(staff.json(), 'a client certificate has no CSRF token').not.toHaveProperty('csrfToken');
  });

  it('too many login attempts from one address → 429 RATE_LIMITED with Retry-After', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i <= AUTH.loginRateLimitPerMinute; i++) {
      last = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress: '203.0.113.9',
        payload: { login: `guess${i}`, password: 'password1' },
      });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([...Array<number>(AUTH.loginRateLimitPerMinute).fill(401), 429]);
    expect(last?.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('administrators register operators; operators may not', async () => {
    const admin = await staffWithCertificate(db, 'admin');
    const operator = await staffWithCertificate(db, 'operator');
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/operators',
      headers: asStaff(operator),
      payload: { login: 'op2' },
    });
    expect(refused.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/operators',
      headers: asStaff(admin),
      payload: { login: 'op2', displayName: 'Петрова А. А.' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ login: 'op2', role: 'operator', displayName: 'Петрова А. А.' });
    const list = await app.inject({ method: 'GET', url: '/api/v1/operators', headers: asStaff(admin) });
    expect(list.json<{ login: string }[]>().map((a) => a.login)).toContain('op2');
  });

  it('actors are named next to their ids: who created an account, changed a profile, wrote an audit record', async () => {
    const admin = await staffWithCertificate(db, 'admin');
    const operator = await staffWithCertificate(db, 'operator');
    const operatorLogin = (
      await db.query<{ login: string }>('SELECT login FROM accounts WHERE id = $1', [operator.id])
    ).rows[0]!.login;
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: asStaff(operator),
      payload: { login: 'named.actor', profile: IVANOV_PERSON },
    });
    const user = created.json<{ user: { id: string; createdBy: string; createdByName: string | null } }>()
      .user;
    expect(user).toMatchObject({ createdBy: `operator:${operator.id}`, createdByName: operatorLogin });
    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: asStaff(operator),
      payload: { version: 1, profile: { locality: 'Тула' } },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const history = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${user.id}/history`,
      headers: asStaff(operator),
    });
    expect(history.json()).toMatchObject([
      { changedBy: `operator:${operator.id}`, changedByName: operatorLogin },
    ]);
    const staff = await app.inject({ method: 'GET', url: '/api/v1/operators', headers: asStaff(admin) });
    expect(staff.json<{ id: string }[]>().find((a) => a.id === operator.id)).toMatchObject({
      createdBy: 'system',
      createdByName: null,
    });
    const audit = await app.inject({
      method: 'GET',
      url: `/api/v1/audit?actor=operator:${operator.id}&action=user.`,
      headers: asStaff(admin),
    });
    expect(audit.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({ action: 'user.update', actorName: operatorLogin }),
      // The account it was about, by name, so the audit log need not show `account:<id>`.
      expect.objectContaining({
        action: 'user.create',
        actorName: operatorLogin,
        target: `account:${user.id}`,
        targetAccount: {
          id: user.id,
          name: expect.stringMatching(/Иванов|named\.actor/) as string,
          role: 'user',
        },
      }),
    ]);
    const bySystem = await app.inject({
      method: 'GET',
      url: '/api/v1/audit?actor=system&limit=1',
      headers: asStaff(admin),
    });
    expect(bySystem.json()).toMatchObject({ items: [{ actor: 'system', actorName: null }] });
  });

  it('the routes are in the OpenAPI document', async () => {
    const spec = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const paths = Object.keys(spec.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/users',
        '/api/v1/users/{id}',
        '/api/v1/users/{id}/reset-password',
        '/api/v1/users/{id}/lock',
        '/api/v1/users/{id}/unlock',
        '/api/v1/operators',
        '/api/v1/session',
        '/api/v1/session/password',
        '/api/v1/session/tokens',
      ]),
    );
  });
});

describe('operators authenticate with a TLS client certificate (real mTLS)', () => {
  it('a registered certificate → 200; an unknown one → 401; a revoked one → 401', async () => {
    const ca = await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' });
    const caName = buildName([{ type: OID.commonName, value: 'Podpis test operators CA' }]);
    const now = Date.now();
    const caCertificate = await issueCertificate(
      {
        serialNumber: Uint8Array.from([1]),
        subject: caName,
        issuer: caName,
        notBefore: new Date(now - 60_000),
        notAfter: new Date(now + 86_400_000),
        publicKeyInfo: ca.signer.publicKeyInfo,
        extensions: { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'] },
      },
      ca.signer,
    );
    async function clientCertificate(
      serial: number,
      name: string,
    ): Promise<{ der: Uint8Array; key: string }> {
      const key = await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' });
      const der = await issueCertificate(
        {
          serialNumber: Uint8Array.from([serial]),
          subject: buildName([{ type: OID.commonName, value: name }]),
          issuer: caName,
          notBefore: new Date(now - 60_000),
          notAfter: new Date(now + 86_400_000),
          publicKeyInfo: key.signer.publicKeyInfo,
          extensions: { keyUsage: ['digitalSignature'], extendedKeyUsage: [OID.clientAuth] },
        },
        ca.signer,
      );
      return { der, key: pem('PRIVATE KEY', key.pkcs8) };
    }
    const registered = await clientCertificate(2, 'Оператор Сидорова');
    const unknown = await clientCertificate(3, 'Неизвестный');
    const revoked = await clientCertificate(4, 'Оператор Уволенный');
    await staffWithCertificate(db, 'operator', registered.der);
    await staffWithCertificate(db, 'operator', revoked.der);
    await db.query('UPDATE client_certificates SET revoked_at = now() WHERE fingerprint_sha256 = $1', [
      certificateFingerprint(revoked.der),
    ]);

    const server = await createSelfSignedCertificate(['localhost', '127.0.0.1']);
    const app = Fastify({
      https: {
        cert: server.cert,
        key: server.key,
        ca: pem('CERTIFICATE', caCertificate),
        requestCert: true,
        rejectUnauthorized: false,
      },
    });
    registerProblemHandlers(app);
    app.addSchema(ProblemSchema);
    await app.register(authPlugin, { db, settings: AUTH, publicUrl: 'https://localhost' });
    await app.register(peopleRoutes, { db, settings: AUTH, issuer: 'Podpis' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const get = (client?: { der: Uint8Array; key: string }) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = httpsRequest(
            {
              host: '127.0.0.1',
              port,
              path: '/api/v1/users?limit=1',
              ca: server.cert,
              servername: 'localhost',
              agent: false,
              ...(client ? { cert: pem('CERTIFICATE', client.der), key: client.key } : {}),
            },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () => {
                resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
              });
            },
          );
          req.on('error', reject);
          req.end();
        });
      const ok = await get(registered);
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.body)).toHaveProperty('total');
      const stranger = await get(unknown);
      expect(stranger.status).toBe(401);
      expect(JSON.parse(stranger.body)).toMatchObject({ code: 'CLIENT_CERTIFICATE_REQUIRED' });
      const refused = await get(revoked);
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body)).toMatchObject({ code: 'CLIENT_CERTIFICATE_REVOKED' });
      const none = await get();
      expect(JSON.parse(none.body)).toMatchObject({ code: 'CLIENT_CERTIFICATE_REQUIRED' });
    } finally {
      await app.close();
    }
  });
});
