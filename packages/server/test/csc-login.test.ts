import { randomBytes } from 'node:crypto';
import { streebog256 } from '@podpis/gost';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PIN, USER_PASSWORD } from './support/api.js';
import { SigningFixture } from './support/signing.js';

const CSC = '/csc/v2';
const basic = (login: string, password: string): string =>
  `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

describe('CSC auth/login (HTTP Basic) and auth/revoke: the office password sign-in, its lockout, a one-hour token for /csc/v2', () => {
  let f: SigningFixture;
  beforeAll(async () => {
    f = await SigningFixture.start();
  }, 120_000);
  afterAll(() => f.close());

  const post = (method: string, authorization: string | undefined, payload?: Record<string, unknown>) =>
    f.api.app.inject({
      method: 'POST',
      url: `${CSC}/${method}`,
      headers: { ...(authorization ? { authorization } : { 'x-requested-with': 'test' }) },
      ...(payload ? { payload } : {}),
    });

  it('info advertises basic among the authTypes and auth/login, auth/revoke among the methods', async () => {
    const info = await f.api.app.inject({ method: 'GET', url: `${CSC}/info` });
    expect(info.json()).toMatchObject({
      authType: expect.arrayContaining(['basic', 'oauth2code']) as unknown,
      methods: expect.arrayContaining(['auth/login', 'auth/revoke']) as unknown,
    });
  });

  it('login with the password → a token that lists and authorises (the PIN still asked) → revoke → the token is refused', async () => {
    const { user, serial } = await f.holder('csc-login');
    const answer = await post('auth/login', basic(user.login, USER_PASSWORD));
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const { access_token, expires_in } = answer.json<{ access_token: string; expires_in: number }>();
    expect(expires_in).toBe(3600);
    const bearer = `Bearer ${access_token}`;

    const list = await post('credentials/list', bearer, {});
    expect(list.json()).toMatchObject({ credentialIDs: [serial] });
    const hash = streebog256(randomBytes(30));
    const noPin = await post('credentials/authorize', bearer, {
      credentialID: serial,
      numSignatures: 1,
      hashes: [Buffer.from(hash).toString('base64')],
    });
    expect(noPin.statusCode).toBe(400);
    const authorized = await post('credentials/authorize', bearer, {
      credentialID: serial,
      numSignatures: 1,
      hashes: [Buffer.from(hash).toString('base64')],
      PIN: TEST_PIN.pin,
    });
    expect(authorized.statusCode, authorized.body).toBe(200);

    // The sign-in left no office session behind, and is audited as the office's is.
    const { rows } = await f.db.query('SELECT 1 FROM sessions WHERE account_id = $1', [user.id]);
    expect(rows.length).toBe(1); // the fixture's own session, not one of auth/login
    expect(await f.audited('session.login', `account:${user.id}`)).toBeGreaterThanOrEqual(2);

    const revoked = await post('auth/revoke', bearer, {});
    expect(revoked.statusCode, revoked.body).toBe(204);
    const after = await post('credentials/list', bearer, {});
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('a wrong password is authentication_error; the fifth in a row locks the account (access_denied) even for the right one', async () => {
    const { user } = await f.holder('csc-login-lock');
    const missing = await post('auth/login', undefined);
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ error: 'invalid_request' });
    for (let i = 0; i < 4; i++) {
      const wrong = await post('auth/login', basic(user.login, 'Wrong-password-1'));
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toMatchObject({ error: 'authentication_error' });
    }
    const fifth = await post('auth/login', basic(user.login, 'Wrong-password-1'));
    expect(fifth.statusCode).toBe(403);
    expect(fifth.json()).toMatchObject({ error: 'access_denied' });
    const right = await post('auth/login', basic(user.login, USER_PASSWORD));
    expect(right.statusCode).toBe(403);
    const unknown = await post('auth/login', basic('nobody-here', USER_PASSWORD));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: 'authentication_error' });
  });

  it('an account with a second factor is refused (it uses OAuth); nothing is issued', async () => {
    const { user, session } = await f.holder('csc-login-2fa');
    const started = await f.api.app.inject({
      method: 'POST',
      url: '/api/v1/session/second-factor/totp',
      headers: session,
    });
    expect(started.statusCode, started.body).toBe(200);
    const { secret } = started.json<{ secret: string }>();
    const code = TOTP.generate({
      secret: Secret.fromBase32(secret),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    const confirmed = await f.api.app.inject({
      method: 'POST',
      url: '/api/v1/session/second-factor/totp/confirm',
      headers: session,
      payload: { code },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const refused = await post('auth/login', basic(user.login, USER_PASSWORD));
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: string; error_description: string }>()).toMatchObject({
      error: 'access_denied',
      error_description: expect.stringContaining('oauth2code') as unknown,
    });
    const { rows } = await f.db.query('SELECT 1 FROM api_tokens WHERE account_id = $1', [user.id]);
    expect(rows).toHaveLength(0);
  });

  it("auth/revoke refuses another holder's token and leaves it working", async () => {
    const a = await f.holder('csc-revoke-a');
    const b = await f.holder('csc-revoke-b');
    const tokenOf = async (login: string) =>
      (await post('auth/login', basic(login, USER_PASSWORD))).json<{ access_token: string }>().access_token;
    const ta = await tokenOf(a.user.login);
    const tb = await tokenOf(b.user.login);
    const refused = await post('auth/revoke', `Bearer ${ta}`, { token: tb });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: 'invalid_request' });
    expect((await post('credentials/list', `Bearer ${tb}`, {})).statusCode).toBe(200);
  });
});
