import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.js';
import { migrate, readMigrations } from '../src/db/migrate.js';
import { buildApp, type PodpisApp } from '../src/http/app.js';
import { createLogger } from '../src/logger.js';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import { staffWithCertificate, TEST_AUTH, USER_PASSWORD } from './support/api.js';
import { openTestPglite } from './support/backends.js';

const migrations = readMigrations();
let db: Db;
let app: PodpisApp;
beforeAll(async () => {
  db = await openTestPglite();
  await migrate(db, migrations);
  app = await buildApp({
    config: { bodyLimit: 65536, publicUrl: 'https://podpis.test', auth: TEST_AUTH },
    db,
    migrations,
    logger: createLogger('silent'),
    // `inject` has no TLS socket: the presented certificate travels in a header and is checked like a real one.
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
  await db.close();
});

const asStaff = (staff: { der: Uint8Array }) => ({
  'x-test-client-certificate': Buffer.from(staff.der).toString('base64'),
  'x-requested-with': 'podpis-test',
});

async function auditActions(target: string): Promise<string[]> {
  const { rows } = await db.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE target = $1 ORDER BY seq',
    [target],
  );
  return rows.map((row) => row.action);
}

describe('an operator signs out with a client certificate', () => {
  it('sign-out → every request with the certificate is refused → an explicit sign-in lets it in again; both audited', async () => {
    const operator = await staffWithCertificate(db, 'operator');
    const whoami = async () =>
      (await app.inject({ method: 'GET', url: '/api/v1/whoami', headers: asStaff(operator) })).json<{
        signedIn: boolean;
        reason?: string;
      }>();
    expect(await whoami()).toMatchObject({ signedIn: true });

    const out = await app.inject({
      method: 'DELETE',
      url: '/api/v1/session/certificate',
      headers: asStaff(operator),
    });
    expect(out.statusCode, out.body).toBe(204);
    // The browser still presents the certificate: it must not sign the operator back in.
    expect(await whoami()).toEqual({ signedIn: false, reason: 'CLIENT_CERTIFICATE_SIGNED_OUT' });
    const users = await app.inject({ method: 'GET', url: '/api/v1/users', headers: asStaff(operator) });
    expect(users.json()).toMatchObject({ status: 401, code: 'CLIENT_CERTIFICATE_SIGNED_OUT' });

    const back = await app.inject({
      method: 'POST',
      url: '/api/v1/session/certificate',
      headers: asStaff(operator),
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ accountId: operator.id, role: 'operator' });
    expect(await whoami()).toMatchObject({ signedIn: true });

    const fingerprint = (
      await db.query<{ fingerprint_sha256: string }>(
        'SELECT fingerprint_sha256 FROM client_certificates WHERE account_id = $1',
        [operator.id],
      )
    ).rows[0]!.fingerprint_sha256;
    expect(await auditActions(`client_certificate:${fingerprint}`)).toEqual([
      'session.certificate_sign_out',
      'session.certificate_sign_in',
    ]);
  });

  it('the explicit sign-in still refuses a revoked certificate with its own code', async () => {
    const operator = await staffWithCertificate(db, 'operator');
    await db.query('UPDATE client_certificates SET revoked_at = now() WHERE account_id = $1', [operator.id]);
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/session/certificate',
      headers: asStaff(operator),
    });
    expect(signIn.json()).toMatchObject({ status: 401, code: 'CLIENT_CERTIFICATE_REVOKED' });
    const whoami = await app.inject({ method: 'GET', url: '/api/v1/whoami', headers: asStaff(operator) });
    expect(whoami.json()).toEqual({ signedIn: false, reason: 'CLIENT_CERTIFICATE_REVOKED' });
  });

  it('a request without a certificate cannot sign out or in', async () => {
    const out = await app.inject({
      method: 'DELETE',
      url: '/api/v1/session/certificate',
      headers: { 'x-requested-with': 'podpis-test' },
    });
    expect(out.json()).toMatchObject({ code: 'CLIENT_CERTIFICATE_REQUIRED' });
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/session/certificate',
      headers: { 'x-requested-with': 'podpis-test' },
    });
    expect(signIn.json()).toMatchObject({ code: 'CLIENT_CERTIFICATE_REQUIRED' });
  });
});

describe('administrators manage operator accounts', () => {
  it('rename, lock with a reason (refused at once), unlock, disable (unlock does not undo it), enable; audited', async () => {
    const admin = await staffWithCertificate(db, 'admin');
    const operator = await staffWithCertificate(db, 'operator');
    const asOperator = () => app.inject({ method: 'GET', url: '/api/v1/users', headers: asStaff(operator) });
    expect((await asOperator()).statusCode).toBe(200);

    const renamed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/operators/${operator.id}`,
      headers: asStaff(admin),
      payload: { displayName: '  Сидорова Е. В. ' },
    });
    expect(renamed.json()).toMatchObject({ id: operator.id, displayName: 'Сидорова Е. В.' });

    // Two administrators edit the name from what they read: the second one's stale edit is refused, not applied.
    const first = await app.inject({
      method: 'PATCH',
      url: `/api/v1/operators/${operator.id}`,
      headers: asStaff(admin),
      payload: { displayName: 'Сидорова Елена Викторовна', expectedDisplayName: 'Сидорова Е. В.' },
    });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await app.inject({
      method: 'PATCH',
      url: `/api/v1/operators/${operator.id}`,
      headers: asStaff(admin),
      payload: { displayName: 'Сидорова Е.', expectedDisplayName: 'Сидорова Е. В.' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CONCURRENT_EDIT' });
    const current = await app.inject({ method: 'GET', url: '/api/v1/operators', headers: asStaff(admin) });
    expect(JSON.stringify(current.json())).toContain('Сидорова Елена Викторовна');

    const locked = await app.inject({
      method: 'POST',
      url: `/api/v1/operators/${operator.id}/lock`,
      headers: asStaff(admin),
      payload: { reason: 'отпуск' },
    });
    expect(locked.json()).toMatchObject({ status: 'locked' });
    expect((await asOperator()).json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });

    const unlocked = await app.inject({
      method: 'POST',
      url: `/api/v1/operators/${operator.id}/unlock`,
      headers: asStaff(admin),
    });
    expect(unlocked.json()).toMatchObject({ status: 'active' });
    expect((await asOperator()).statusCode).toBe(200);

    const disabled = await app.inject({
      method: 'POST',
      url: `/api/v1/operators/${operator.id}/disable`,
      headers: asStaff(admin),
    });
    expect(disabled.json()).toMatchObject({ status: 'disabled' });
    expect((await asOperator()).statusCode).toBe(401);
    const unlockDisabled = await app.inject({
      method: 'POST',
      url: `/api/v1/operators/${operator.id}/unlock`,
      headers: asStaff(admin),
    });
    expect(unlockDisabled.json()).toMatchObject({ status: 409, code: 'ACCOUNT_DISABLED' });

    const enabled = await app.inject({
      method: 'POST',
      url: `/api/v1/operators/${operator.id}/enable`,
      headers: asStaff(admin),
    });
    expect(enabled.json()).toMatchObject({ status: 'active' });
    expect((await asOperator()).statusCode).toBe(200);

    expect(await auditActions(`account:${operator.id}`)).toEqual([
      'operator.create',
      'operator.update',
      'operator.update',
      'account.lock',
      'account.unlock',
      'account.disable',
      'account.enable',
    ]);
    const lockRecord = await db.query<{ details: { reason?: string } | null }>(
      "SELECT details FROM audit_log WHERE target = $1 AND action = 'account.lock'",
      [`account:${operator.id}`],
    );
    expect(lockRecord.rows[0]!.details).toEqual({ reason: 'отпуск' });
  });

  it('an administrator cannot lock or disable the own account; operators cannot manage operators; a user id is not an operator', async () => {
    const admin = await staffWithCertificate(db, 'admin');
    const operator = await staffWithCertificate(db, 'operator');
    for (const action of ['lock', 'disable']) {
      const own = await app.inject({
        method: 'POST',
        url: `/api/v1/operators/${admin.id}/${action}`,
        headers: asStaff(admin),
      });
      expect(own.json()).toMatchObject({ status: 409, code: 'OWN_ACCOUNT_CHANGE_REFUSED' });
    }
    const byOperator = await app.inject({
      method: 'POST',
      url: `/api/v1/operators/${admin.id}/lock`,
      headers: asStaff(operator),
    });
    expect(byOperator.json()).toMatchObject({ code: 'FORBIDDEN' });

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: asStaff(operator),
      payload: { login: 'not.staff', profile: IVANOV_PERSON },
    });
    const userId = created.json<{ user: { id: string } }>().user.id;
    const notStaff = await app.inject({
      method: 'POST',
      url: `/api/v1/operators/${userId}/disable`,
      headers: asStaff(admin),
    });
    expect(notStaff.json()).toMatchObject({ status: 404, code: 'OPERATOR_NOT_FOUND' });
  });
});

describe('operators disable and enable users', () => {
  it('a disabled user cannot sign in and the open session ends; enabling lets the user in again', async () => {
    const operator = await staffWithCertificate(db, 'operator');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: asStaff(operator),
      payload: { login: 'leaver', profile: IVANOV_PERSON },
    });
    const { user, temporaryPassword } = created.json<{ user: { id: string }; temporaryPassword: string }>();
    const login = (password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/session', payload: { login: 'leaver', password } });
    const first = await login(temporaryPassword);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    const csrf = first.json<{ csrfToken: string }>().csrfToken;
    const changed = await app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { password: temporaryPassword, newPassword: USER_PASSWORD },
    });
    expect(changed.statusCode, changed.body).toBeLessThan(300);
    const session = await login(USER_PASSWORD);
    const sessionCookie = String(session.headers['set-cookie']).split(';')[0]!;

    const disabled = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/disable`,
      headers: asStaff(operator),
      payload: { reason: 'уволен' },
    });
    expect(disabled.json()).toMatchObject({ status: 'disabled' });
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: sessionCookie } });
    expect(me.json()).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect((await login(USER_PASSWORD)).statusCode).not.toBe(200);

    const enabled = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/enable`,
      headers: asStaff(operator),
    });
    expect(enabled.json()).toMatchObject({ status: 'active' });
    expect((await login(USER_PASSWORD)).statusCode).toBe(200);
  });
});
