import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { checkTotpCode } from '../src/auth/totp.js';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { createLogger } from '../src/logger.js';
import { staffWithCertificate, TestApi, TEST_AUTH, USER_PASSWORD } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { SoftwareAuthenticator } from './support/webauthn.js';
import { TestDevice } from './support/device.js';
import { openTestPglite } from './support/backends.js';

describe('TOTP codes (RFC 6238, SHA-1, 6 digits, 30 s)', () => {
  // RFC 6238 Appendix B: the SHA-1 seed is the ASCII "12345678901234567890"; the
  // 8-digit values there end in the 6-digit codes an authenticator app shows.
  const seed = new TextEncoder().encode('12345678901234567890');
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];

  it('accepts the RFC 6238 test vectors (their last 6 digits) at their times', () => {
    for (const [seconds, eight] of vectors) {
      expect(checkTotpCode(seed, eight.slice(2), new Date(seconds * 1000), null)).toBe(
        Math.floor(seconds / 30),
      );
    }
  });

  it('accepts a code one step early or late, not two; refuses malformed codes', () => {
    const [seconds, eight] = vectors[3]!;
    const code = eight.slice(2);
    const step = Math.floor(seconds / 30);
    expect(checkTotpCode(seed, code, new Date((seconds + 30) * 1000), null)).toBe(step);
    expect(checkTotpCode(seed, code, new Date((seconds - 30) * 1000), null)).toBe(step);
    expect(checkTotpCode(seed, code, new Date((seconds + 60) * 1000), null)).toBeUndefined();
    expect(checkTotpCode(seed, code, new Date((seconds - 60) * 1000), null)).toBeUndefined();
    expect(checkTotpCode(seed, eight, new Date(seconds * 1000), null)).toBeUndefined();
    expect(checkTotpCode(seed, ` ${code}`, new Date(seconds * 1000), null)).toBeUndefined();
  });

  it('refuses a code of a step already used, or of an earlier one', () => {
    const [seconds, eight] = vectors[3]!;
    const step = Math.floor(seconds / 30);
    expect(checkTotpCode(seed, eight.slice(2), new Date(seconds * 1000), step)).toBeUndefined();
    expect(checkTotpCode(seed, eight.slice(2), new Date(seconds * 1000), step - 1)).toBe(step);
    expect(checkTotpCode(seed, eight.slice(2), new Date((seconds - 30) * 1000), step + 1)).toBeUndefined();
  });
});

describe('sign-in with a second factor over HTTP', () => {
  let db: Db;
  let ctx: AuthorityContext;
  let api: TestApi;
  let admin: Record<string, string>;
  const logs: string[] = [];
  /** The CA's clock, which the TOTP check uses too: moved a step at a time instead of waiting. */
  let clock = Date.now();

  beforeAll(async () => {
    db = await openTestPglite();
    ({ ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa', now: () => new Date(clock) }));
    api = await TestApi.start(ctx, {
      logger: createLogger(
        'debug',
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            logs.push(chunk.toString('utf8'));
            done();
          },
        }),
      ),
    });
    const { der } = await staffWithCertificate(db, 'admin');
    admin = {
      'x-test-client-certificate': Buffer.from(der).toString('base64'),
      'x-requested-with': 'podpis-test',
    };
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  const nextStep = (): void => {
    clock += 30_000;
  };
  const codeOf = (secret: string): string =>
    TOTP.generate({
      secret: Secret.fromBase32(secret),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      timestamp: clock,
    });

  function post(url: string, headers: Record<string, string>, payload?: Record<string, unknown>) {
    return api.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  }

  async function newUser(login: string) {
    const user = await api.registerUser(login);
    return { ...user, headers: await api.userSession(user) };
  }

  /** Enrols an authenticator app from the cabinet: its base32 secret and the recovery codes. */
  async function enrolTotp(
    headers: Record<string, string>,
  ): Promise<{ secret: string; recoveryCodes: string[] }> {
    const started = await post('/api/v1/session/second-factor/totp', headers);
    expect(started.statusCode, started.body).toBe(200);
    const { secret } = started.json<{ secret: string }>();
    const confirmed = await post('/api/v1/session/second-factor/totp/confirm', headers, {
      code: codeOf(secret),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return { secret, recoveryCodes: confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes };
  }

  async function password(login: string) {
    const answer = await post('/api/v1/session', {}, { login, password: USER_PASSWORD });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer;
  }

  async function pendingToken(login: string): Promise<string> {
    const answer = await password(login);
    expect(answer.headers['set-cookie']).toBeUndefined();
    return answer.json<{ pendingToken: string }>().pendingToken;
  }

  function secondStep(pending: string, proof: Record<string, string>) {
    return post('/api/v1/session/second-factor', {}, { pendingToken: pending, ...proof });
  }

  async function auditOf(accountId: string): Promise<{ action: string; details: Record<string, unknown> }[]> {
    const { rows } = await db.query<{ action: string; details: Record<string, unknown> }>(
      "SELECT action, details FROM audit_log WHERE target = $1 AND action LIKE 'auth.second_factor.%' ORDER BY seq",
      [`account:${accountId}`],
    );
    return rows;
  }

  it('user enables an authenticator app → signs out → password alone gives no session → password + code does', async () => {
    const user = await newUser('petrov');
    const started = await post('/api/v1/session/second-factor/totp', user.headers);
    expect(started.statusCode, started.body).toBe(200);
    const { secret, uri } = started.json<{ secret: string; uri: string }>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*petrov\?.*secret=[A-Z2-7]{32}/);
    expect(uri).toContain('algorithm=SHA1');
    expect(uri).toContain('digits=6');
    expect(uri).toContain('period=30');

    // The secret is sealed under the master key: neither its bytes nor its text are in the row.
    const { rows } = await db.query<{ sealed_secret: Uint8Array }>(
      'SELECT sealed_secret FROM second_factor_totp WHERE account_id = $1',
      [user.id],
    );
    const sealed = Buffer.from(rows[0]!.sealed_secret);
    expect(sealed.includes(Buffer.from(Secret.fromBase32(secret).bytes))).toBe(false);
    expect(sealed.toString('latin1')).not.toContain(secret);

    const wrong = await post('/api/v1/session/second-factor/totp/confirm', user.headers, { code: '000000' });
    expect(wrong.json()).toMatchObject({ status: 401, code: 'SECOND_FACTOR_INVALID' });
    const confirmed = await post('/api/v1/session/second-factor/totp/confirm', user.headers, {
      code: codeOf(secret),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const { recoveryCodes } = confirmed.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const again = await post('/api/v1/session/second-factor/totp', user.headers);
    expect(again.json()).toMatchObject({ status: 409, code: 'SECOND_FACTOR_ALREADY_ENABLED' });

    const state = await api.app.inject({
      method: 'GET',
      url: '/api/v1/session/second-factor',
      headers: user.headers,
    });
    expect(state.json()).toEqual({
      totp: true,
      webauthn: [],
      recoveryCodesLeft: 10,
      required: false,
      methods: ['totp', 'recovery-code'],
    });

    const loggedOut = await api.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: user.headers,
    });
    expect(loggedOut.statusCode).toBe(204);

    const first = await password('petrov');
    expect(first.json()).toMatchObject({ secondFactorRequired: true, methods: ['totp', 'recovery-code'] });
    expect(first.headers['set-cookie']).toBeUndefined();
    const pending = first.json<{ pendingToken: string }>().pendingToken;
    // The code that confirmed the enrolment is spent; the next step's is not.
    expect((await secondStep(pending, { code: codeOf(secret) })).json()).toMatchObject({
      code: 'SECOND_FACTOR_INVALID',
    });
    nextStep();
    const code = codeOf(secret);
    const signedIn = await secondStep(pending, { code });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(String(signedIn.headers['set-cookie'])).toMatch(/^podpis_session=[A-Za-z0-9_-]{43}; /);
    const csrf = signedIn.json<{ csrfToken: string }>().csrfToken;
    const headers = { cookie: String(signedIn.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': csrf };
    const me = await api.app.inject({ method: 'GET', url: '/api/v1/session', headers });
    expect(me.json()).toMatchObject({ login: 'petrov', secondFactorEnrolmentRequired: false });

    // The pending sign-in is used up, and a code once used cannot sign in again.
    expect((await secondStep(pending, { code })).json()).toMatchObject({
      status: 401,
      code: 'PENDING_LOGIN_INVALID',
    });
    expect((await secondStep(await pendingToken('petrov'), { code })).json()).toMatchObject({
      code: 'SECOND_FACTOR_INVALID',
    });
    expect(
      (await secondStep(await pendingToken('petrov'), { code: '1', recoveryCode: recoveryCodes[0]! }))
        .statusCode,
    ).toBe(400);

    const audit = await auditOf(user.id);
    expect(audit.map((entry) => entry.action)).toEqual([
      'auth.second_factor.enabled',
      'auth.second_factor.recovery_codes_generated',
      'auth.second_factor.requested',
      'auth.second_factor.failed',
      'auth.second_factor.requested',
      'auth.second_factor.failed',
      'auth.second_factor.requested',
    ]);
    const logged = JSON.stringify(
      (await db.query('SELECT details FROM audit_log WHERE target = $1', [`account:${user.id}`])).rows,
    );
    for (const secretText of [secret, code, pending, ...recoveryCodes])
      expect(logged).not.toContain(secretText);
    // Six digits alone could turn up in a log's response time; the long secrets cannot.
    for (const secretText of [secret, pending, ...recoveryCodes])
      expect(logs.join('')).not.toContain(secretText);
    const { rows: logins } = await db.query<{ details: { method: string } }>(
      "SELECT details FROM audit_log WHERE target = $1 AND action = 'session.login' ORDER BY seq DESC LIMIT 1",
      [`account:${user.id}`],
    );
    expect(logins[0]!.details.method).toBe('password+totp');
  });

  it('a recovery code signs in once; a new set replaces the old one; a password reset ends waiting sign-ins', async () => {
    const user = await newUser('sidorov');
    const { recoveryCodes } = await enrolTotp(user.headers);
    const [first, second] = recoveryCodes as [string, string];
    // Case and the dash do not matter to the person typing from paper.
    const used = await secondStep(await pendingToken('sidorov'), {
      recoveryCode: first.toUpperCase().replace('-', ' '),
    });
    expect(used.statusCode, used.body).toBe(200);
    expect((await secondStep(await pendingToken('sidorov'), { recoveryCode: first })).json()).toMatchObject({
      code: 'SECOND_FACTOR_INVALID',
    });
    const state = await api.app.inject({
      method: 'GET',
      url: '/api/v1/session/second-factor',
      headers: user.headers,
    });
    expect(state.json()).toMatchObject({ recoveryCodesLeft: 9 });

    const renewed = await post('/api/v1/session/second-factor/recovery-codes', user.headers);
    expect(renewed.statusCode, renewed.body).toBe(200);
    const fresh = renewed.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect((await secondStep(await pendingToken('sidorov'), { recoveryCode: second })).json()).toMatchObject({
      code: 'SECOND_FACTOR_INVALID',
    });
    expect((await secondStep(await pendingToken('sidorov'), { recoveryCode: fresh[0]! })).statusCode).toBe(
      200,
    );

    // An operator resets the password while a sign-in waits: the old password's sign-in ends.
    const waiting = await pendingToken('sidorov');
    const reset = await api.operatorPost(`/api/v1/users/${user.id}/reset-password`);
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await secondStep(waiting, { recoveryCode: fresh[1]! })).json()).toMatchObject({
      code: 'PENDING_LOGIN_INVALID',
    });
    expect((await auditOf(user.id)).map((entry) => entry.action)).toContain(
      'auth.second_factor.recovery_code_used',
    );
  });

  it('operator removes the factors of a user who lost phone and codes → the password alone signs in again', async () => {
    const user = await newUser('lebedev');
    await enrolTotp(user.headers);
    const waiting = await pendingToken('lebedev');
    const byUser = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${user.id}/second-factor`,
      headers: user.headers,
    });
    expect(byUser.json()).toMatchObject({ status: 401, code: 'CLIENT_CERTIFICATE_REQUIRED' });
    const reset = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${user.id}/second-factor`,
      headers: api.operator,
    });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await secondStep(waiting, { code: '000000' })).json()).toMatchObject({
      code: 'PENDING_LOGIN_INVALID',
    });
    expect((await password('lebedev')).json()).toMatchObject({ secondFactorRequired: false });
    const unknownUser = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${randomUUID()}/second-factor`,
      headers: api.operator,
    });
    expect(unknownUser.json()).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
    const { rows } = await db.query<{ actor: string; details: Record<string, unknown> }>(
      "SELECT actor, details FROM audit_log WHERE action = 'auth.second_factor.reset' AND target = $1",
      [`account:${user.id}`],
    );
    expect(rows).toEqual([
      {
        actor: expect.stringMatching(/^operator:/) as unknown,
        details: { totp: true, webauthn: 0, recoveryCodesLeft: 10 },
      },
    ]);
  });

  it(`${TEST_AUTH.maxFailedLogins} wrong codes lock the account as wrong passwords do`, async () => {
    const user = await newUser('kuznetsov');
    const { secret } = await enrolTotp(user.headers);
    nextStep();
    const pending = await pendingToken('kuznetsov');
    for (let i = 1; i < TEST_AUTH.maxFailedLogins; i++) {
      expect((await secondStep(pending, { code: '000000' })).json()).toMatchObject({
        code: 'SECOND_FACTOR_INVALID',
      });
    }
    expect((await secondStep(pending, { code: '000000' })).json()).toMatchObject({
      status: 423,
      code: 'ACCOUNT_LOCKED',
    });
    // The lock ends the pending sign-in, so even the right code is too late, and the password is refused too.
    expect((await secondStep(pending, { code: codeOf(secret) })).json()).toMatchObject({
      code: 'PENDING_LOGIN_INVALID',
    });
    expect(
      (await post('/api/v1/session', {}, { login: 'kuznetsov', password: USER_PASSWORD })).json(),
    ).toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    const failed = (await auditOf(user.id)).filter((entry) => entry.action === 'auth.second_factor.failed');
    expect(failed).toHaveLength(TEST_AUTH.maxFailedLogins);
    expect(failed.at(-1)!.details).toMatchObject({
      method: 'totp',
      reason: 'wrong second factor; account locked',
    });
  });

  it('administrator requires a second factor of users → a user without one may only enrol → then everything', async () => {
    const user = await newUser('smirnov');
    const byOperator = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/second-factor-policy/user',
      headers: api.operator,
      payload: { required: true },
    });
    expect(byOperator.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const set = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/second-factor-policy/user',
      headers: admin,
      payload: { required: true },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ role: 'user', required: true });
    expect(set.json<{ updatedBy: string }>().updatedBy).toMatch(/^admin:/);
    const policy = await api.app.inject({
      method: 'GET',
      url: '/api/v1/second-factor-policy',
      headers: admin,
    });
    expect(policy.json()).toMatchObject({ roles: [{ role: 'user', required: true }] });

    const login = await password('smirnov');
    expect(login.json()).toMatchObject({ secondFactorRequired: false, secondFactorEnrolmentRequired: true });
    const headers = {
      cookie: String(login.headers['set-cookie']).split(';')[0]!,
      'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
    };
    const refused = await api.app.inject({ method: 'GET', url: '/api/v1/me/certificates', headers });
    expect(refused.json()).toMatchObject({ status: 403, code: 'SECOND_FACTOR_REQUIRED' });
    const who = await api.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(who.json()).toMatchObject({ login: 'smirnov', secondFactorEnrolmentRequired: true });

    nextStep();
    const { secret } = await enrolTotp(headers);
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/v1/me/certificates', headers })).statusCode,
    ).toBe(200);
    const disable = await api.app.inject({
      method: 'DELETE',
      url: '/api/v1/session/second-factor/totp',
      headers,
      payload: { password: USER_PASSWORD },
    });
    expect(disable.json()).toMatchObject({ status: 409, code: 'SECOND_FACTOR_STILL_REQUIRED' });
    nextStep();
    expect((await secondStep(await pendingToken('smirnov'), { code: codeOf(secret) })).statusCode).toBe(200);

    await api.app.inject({
      method: 'PUT',
      url: '/api/v1/second-factor-policy/user',
      headers: admin,
      payload: { required: false },
    });
    const wrongPassword = await api.app.inject({
      method: 'DELETE',
      url: '/api/v1/session/second-factor/totp',
      headers,
      payload: { password: 'not the password 1' },
    });
    expect(wrongPassword.json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    const disabled = await api.app.inject({
      method: 'DELETE',
      url: '/api/v1/session/second-factor/totp',
      headers,
      payload: { password: USER_PASSWORD },
    });
    expect(disabled.statusCode, disabled.body).toBe(204);
    expect((await password('smirnov')).json()).toMatchObject({ secondFactorRequired: false });
    expect((await auditOf(user.id)).map((entry) => entry.action)).toEqual(
      expect.arrayContaining([
        'auth.second_factor.enabled',
        'auth.second_factor.disable_failed',
        'auth.second_factor.disabled',
      ]),
    );
    const { rows } = await db.query(
      "SELECT 1 FROM audit_log WHERE action = 'auth.second_factor.policy_changed' AND target = 'role:user'",
    );
    expect(rows).toHaveLength(2);
  });
  it('user registers a security key → signs in with password + key; a replayed or cloned key, another site are refused', async () => {
    const user = await newUser('volkova');
    const origin = 'https://podpis.test';
    const at = (headers: Record<string, string>) => ({ ...headers, host: 'podpis.test' });
    const key = new SoftwareAuthenticator();

    const options = await post('/api/v1/session/second-factor/webauthn/options', at(user.headers));
    expect(options.statusCode, options.body).toBe(200);
    const creation = options.json<{ challenge: string; rp: { id: string }; attestation: string }>();
    expect(creation).toMatchObject({ rp: { id: 'podpis.test' }, attestation: 'none' });
    // An answer made on another site does not register, and its challenge is spent.
    const elsewhere = await post('/api/v1/session/second-factor/webauthn', at(user.headers), {
      name: 'YubiKey',
      response: key.register(creation, 'https://podpis.evil'),
    });
    expect(elsewhere.json()).toMatchObject({ status: 422, code: 'WEBAUTHN_VERIFICATION_FAILED' });
    const spent = await post('/api/v1/session/second-factor/webauthn', at(user.headers), {
      name: 'YubiKey',
      response: key.register(creation, origin),
    });
    expect(spent.json()).toMatchObject({ status: 422, code: 'WEBAUTHN_VERIFICATION_FAILED' });

    const fresh = (await post('/api/v1/session/second-factor/webauthn/options', at(user.headers))).json<{
      challenge: string;
      rp: { id: string };
    }>();
    const registered = await post('/api/v1/session/second-factor/webauthn', at(user.headers), {
      name: 'YubiKey',
      response: key.register(fresh, origin),
    });
    expect(registered.statusCode, registered.body).toBe(201);
    expect(registered.json<{ recoveryCodes: string[] }>().recoveryCodes).toHaveLength(10);
    const { id } = registered.json<{ id: string }>();
    const state = await api.app.inject({
      method: 'GET',
      url: '/api/v1/session/second-factor',
      headers: user.headers,
    });
    expect(state.json()).toMatchObject({
      totp: false,
      webauthn: [{ id, name: 'YubiKey', lastUsedAt: null }],
      methods: ['webauthn', 'recovery-code'],
    });

    async function keyOptions(pending: string) {
      const answer = await post(
        '/api/v1/session/second-factor/webauthn-options',
        { host: 'podpis.test' },
        {
          pendingToken: pending,
        },
      );
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json<{ challenge: string; rpId: string; allowCredentials: { id: string }[] }>();
    }
    const withKey = (pending: string, response: unknown) =>
      post(
        '/api/v1/session/second-factor',
        { host: 'podpis.test' },
        { pendingToken: pending, webauthn: response },
      );

    const first = await password('volkova');
    expect(first.json()).toMatchObject({
      secondFactorRequired: true,
      methods: ['webauthn', 'recovery-code'],
    });
    const pending = first.json<{ pendingToken: string }>().pendingToken;
    const request = await keyOptions(pending);
    expect(request.rpId).toBe('podpis.test');
    expect(request.allowCredentials.map((credential) => credential.id)).toEqual([
      key.credentialId.toString('base64url'),
    ]);
    const copy = key.clone();
    const assertion = key.authenticate(request, origin);
    const signedIn = await withKey(pending, assertion);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(String(signedIn.headers['set-cookie'])).toMatch(/^podpis_session=/);
    const { rows } = await db.query<{ sign_count: string }>(
      'SELECT sign_count FROM webauthn_credentials WHERE id = $1',
      [id],
    );
    expect(Number(rows[0]!.sign_count)).toBe(1);

    // The same answer again: its challenge was used once and is gone.
    const again = await pendingToken('volkova');
    await keyOptions(again);
    expect((await withKey(again, assertion)).json()).toMatchObject({ code: 'SECOND_FACTOR_INVALID' });
    // A copy of the key made before its last use: its counter fell behind the real one's.
    const stale = await keyOptions(again);
    expect((await withKey(again, copy.authenticate(stale, origin))).json()).toMatchObject({
      code: 'SECOND_FACTOR_INVALID',
    });
    // An answer made for a look-alike site.
    expect(
      (await withKey(again, key.authenticate(await keyOptions(again), 'https://podpis.evil'))).json(),
    ).toMatchObject({
      code: 'SECOND_FACTOR_INVALID',
    });
    // Without asking for options first there is no challenge to answer.
    const noChallenge = await pendingToken('volkova');
    expect(
      (await withKey(noChallenge, key.authenticate({ challenge: 'AAAA' }, origin))).json(),
    ).toMatchObject({
      code: 'SECOND_FACTOR_INVALID',
    });
    expect((await withKey(again, key.authenticate(await keyOptions(again), origin))).statusCode).toBe(200);

    const removed = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/session/second-factor/webauthn/${id}`,
      headers: user.headers,
      payload: { password: USER_PASSWORD },
    });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await password('volkova')).json()).toMatchObject({ secondFactorRequired: false });
    const audit = (await auditOf(user.id)).map((entry) => entry.action);
    expect(audit).toEqual(
      expect.arrayContaining([
        'auth.second_factor.webauthn_registered',
        'auth.second_factor.webauthn_removed',
      ]),
    );
    expect(audit.filter((action) => action === 'auth.second_factor.failed')).toHaveLength(4);
  });

  describe('approval on an enrolled device', () => {
    const askDevices = (pending: string) =>
      post('/api/v1/session/second-factor/device', {}, { pendingToken: pending });
    const withDevice = (pending: string) =>
      post('/api/v1/session/second-factor', {}, { pendingToken: pending, device: true });
    /** The sign-in as the device lists it, and its decision signed by the device's key at the CA's time. */
    async function decideOn(device: TestDevice, decision: 'approve' | 'decline') {
      // The newest: an ended sign-in's approval stays listed until its time runs out, and opens nothing.
      const signIn = (await device.pending()).filter((operation) => operation.kind === 'sign-in').at(-1);
      expect(signIn).toBeDefined();
      return {
        signIn: signIn!,
        ...(await device.decide(device.approvalOf(signIn!, decision, new Date(clock)))),
      };
    }
    async function userWithDevice(login: string, kind: 'authenticator' | 'webauthn' = 'authenticator') {
      const user = await newUser(login);
      const device = await TestDevice.enrol(api, user.headers, 'Телефон', kind);
      return { user, device };
    }

    it('user with a device → password → the device shows the sign-in and approves it → the browser gets the session, once', async () => {
      const { user, device } = await userWithDevice('orlova', 'webauthn');
      const first = await password('orlova');
      expect(first.json()).toMatchObject({ secondFactorRequired: true, methods: ['device'] });
      const pending = first.json<{ pendingToken: string }>().pendingToken;
      expect((await withDevice(pending)).json()).toMatchObject({
        status: 409,
        code: 'SECOND_FACTOR_PENDING',
      });

      const asked = await askDevices(pending);
      expect(asked.statusCode, asked.body).toBe(200);
      const { verificationCode, status } = asked.json<{ verificationCode: string; status: string }>();
      expect(status).toBe('pending');
      expect(verificationCode).toMatch(/^\d{4}$/);
      // Asking again reports the same approval: one per sign-in.
      expect((await askDevices(pending)).json()).toMatchObject({ status: 'pending', verificationCode });

      const { signIn, response, reply } = await decideOn(device, 'approve');
      expect(signIn).toMatchObject({
        kind: 'sign-in',
        verificationCode,
        documents: [],
        certificate: { holder: 'orlova' },
        signIn: { ip: '127.0.0.1', userAgent: expect.any(String) as string },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(reply).toMatchObject({ type: 'decided', operation: signIn.operation, outcome: 'approved' });
      expect((await askDevices(pending)).json()).toMatchObject({ status: 'approved' });

      const done = await withDevice(pending);
      expect(done.statusCode, done.body).toBe(200);
      expect(done.headers['set-cookie']).toMatch(/^podpis_session=/);
      expect((await withDevice(pending)).json()).toMatchObject({ code: 'PENDING_LOGIN_INVALID' });
      // The device's signed decision names the sign-in, not its token; the login names the method.
      const { rows } = await db.query<{
        action: string;
        target: string | null;
        details: Record<string, unknown>;
      }>(
        `SELECT action, target, details FROM audit_log WHERE action IN ('device.approve', 'session.login') AND (target = $1 OR target = $2) ORDER BY seq`,
        [`sign-in:${signIn.operation}`, `account:${user.id}`],
      );
      expect(rows.map((row) => row.action)).toEqual(['session.login', 'device.approve', 'session.login']);
      expect(rows[2]!.details).toMatchObject({ method: 'password+device' });
      expect(rows[1]!.details).toMatchObject({ via: 'online', deviceKind: 'webauthn' });
      expect((await device.pending()).filter((operation) => operation.kind === 'sign-in')).toEqual([]);
      expect((await auditOf(user.id)).map((entry) => entry.action)).toEqual([
        'auth.second_factor.requested',
        'auth.second_factor.device_requested',
      ]);
    });

    it('declined on the device → the sign-in ends as a failed second factor; an approval of another sign-in or a tampered one is refused', async () => {
      const { user, device } = await userWithDevice('gromov');
      const declinedToken = await pendingToken('gromov');
      await askDevices(declinedToken);
      const { reply } = await decideOn(device, 'decline');
      expect(reply).toMatchObject({ outcome: 'declined' });
      expect((await askDevices(declinedToken)).json()).toMatchObject({
        status: 401,
        code: 'SECOND_FACTOR_DECLINED',
      });
      expect((await withDevice(declinedToken)).json()).toMatchObject({ code: 'PENDING_LOGIN_INVALID' });
      const failed = (await auditOf(user.id)).filter((entry) => entry.action === 'auth.second_factor.failed');
      expect(failed.map((entry) => entry.details)).toEqual([
        expect.objectContaining({ method: 'device', reason: 'declined on the device' }),
      ]);

      // Two sign-ins at once: the approval of one does not open the other.
      const first = await pendingToken('gromov');
      const second = await pendingToken('gromov');
      await askDevices(first);
      await askDevices(second);
      const [a, b] = (await device.pending()).filter((operation) => operation.kind === 'sign-in');
      const swapped = { ...device.approvalOf(a!, 'approve', new Date(clock)), digest: b!.digest };
      expect((await device.decide(swapped)).response.json()).toMatchObject({
        code: 'DEVICE_APPROVAL_INVALID',
      });
      expect(
        (await device.decide(device.approvalOf(a!, 'approve', new Date(clock)))).response.statusCode,
      ).toBe(200);
      const approvedToken = a!.createdAt <= b!.createdAt ? first : second;
      const otherToken = approvedToken === first ? second : first;
      expect((await withDevice(otherToken)).json()).toMatchObject({
        status: 409,
        code: 'SECOND_FACTOR_PENDING',
      });
      // A decision replayed (a new counter, the same signed approval) finds it decided.
      expect(
        (await device.decide(device.approvalOf(a!, 'approve', new Date(clock)))).response.json(),
      ).toMatchObject({
        code: 'DEVICE_APPROVAL_INVALID',
      });
      expect((await withDevice(approvedToken)).statusCode).toBe(200);
    });

    it('an approval by a device blocked or removed since opens nothing; an expired sign-in is refused', async () => {
      const { user, device } = await userWithDevice('zaitseva');
      const token = await pendingToken('zaitseva');
      await askDevices(token);
      await decideOn(device, 'approve');
      const blocked = await post(`/api/v1/me/devices/${device.id}/block`, user.headers);
      expect(blocked.statusCode, blocked.body).toBeLessThan(300);
      expect((await withDevice(token)).json()).toMatchObject({ status: 401, code: 'SECOND_FACTOR_INVALID' });
      // No active device: no `device` method, and the password alone opens the session.
      expect((await password('zaitseva')).json()).toMatchObject({ secondFactorRequired: false });

      const unblocked = await post(`/api/v1/me/devices/${device.id}/unblock`, user.headers);
      expect(unblocked.statusCode, unblocked.body).toBeLessThan(300);
      const late = await pendingToken('zaitseva');
      await askDevices(late);
      await db.query("UPDATE pending_logins SET expires_at = now() - interval '1 second'");
      expect((await askDevices(late)).json()).toMatchObject({ status: 401, code: 'PENDING_LOGIN_INVALID' });
      expect((await withDevice(late)).json()).toMatchObject({ status: 401, code: 'PENDING_LOGIN_INVALID' });

      const beforeRemoval = await pendingToken('zaitseva');
      await askDevices(beforeRemoval);
      await decideOn(device, 'approve');
      const removed = await api.app.inject({
        method: 'DELETE',
        url: `/api/v1/me/devices/${device.id}`,
        headers: user.headers,
      });
      expect(removed.statusCode, removed.body).toBeLessThan(300);
      expect((await withDevice(beforeRemoval)).json()).toMatchObject({ code: 'SECOND_FACTOR_INVALID' });
    });
  });
});
