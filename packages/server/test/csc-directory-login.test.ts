import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  employeesLdif,
  seededEmployee,
  startSlapd,
  SLAPD_PEOPLE_DN,
  type SlapdServer,
} from '@podpis/testkit';
import type { Db } from '../src/db/db.js';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import { TestApi, staffWithCertificate } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { openTestPglite } from './support/backends.js';

/**
 * CSC auth/login for a user of a company directory with directory sign-in:
 * HTTP Basic takes the directory password (an LDAP bind against a real
 * slapd) and refuses the Podpis one, with the office's lockout and audit.
 */

const CSC = '/csc/v2';
const basic = (login: string, password: string): string =>
  `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
const EMPLOYEE = seededEmployee(1);

describe('CSC auth/login with the directory password (real slapd)', () => {
  let slapd: SlapdServer;
  let db: Db;
  let api: TestApi;
  let admin: Record<string, string>;
  let directoryId: string;
  let accountId: string;
  let temporaryPassword: string;

  const login = (password: string) =>
    api.app.inject({
      method: 'POST',
      url: `${CSC}/auth/login`,
      headers: { authorization: basic(EMPLOYEE.login, password) },
    });
  const audited = async (action: string): Promise<{ reason?: string }[]> => {
    const { rows } = await db.query<{ details: { reason?: string } }>(
      'SELECT details FROM audit_log WHERE action = $1 AND target = $2 ORDER BY seq',
      [action, `account:${accountId}`],
    );
    return rows.map((r) => r.details);
  };

  beforeAll(async () => {
    slapd = await startSlapd({ entries: employeesLdif(3) });
    db = await openTestPglite();
    const { ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' });
    api = await TestApi.start(ctx);
    const { der } = await staffWithCertificate(db, 'admin');
    admin = { 'x-test-client-certificate': Buffer.from(der).toString('base64'), 'x-requested-with': 'test' };

    const created = await api.app.inject({
      method: 'POST',
      url: '/api/v1/directories',
      headers: admin,
      payload: {
        name: 'Corp',
        url: slapd.url,
        bindDn: slapd.serviceDn,
        bindPassword: slapd.servicePassword,
        baseDn: SLAPD_PEOPLE_DN,
        userFilter: '(objectClass=inetOrgPerson)',
        passwordSignIn: true,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    directoryId = created.json<{ id: string }>().id;
    const found = await api.app.inject({
      method: 'GET',
      url: `/api/v1/directory/search?q=${EMPLOYEE.employeeId}`,
      headers: api.operator,
    });
    expect(found.statusCode, found.body).toBe(200);
    const [entry] = found.json<{ directoryId: string; externalId: string }[]>();
    const registered = await api.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: api.operator,
      payload: {
        login: EMPLOYEE.login,
        profile: IVANOV_PERSON,
        directoryLink: { directoryId: entry!.directoryId, externalId: entry!.externalId },
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    ({
      user: { id: accountId },
      temporaryPassword,
    } = registered.json<{ user: { id: string }; temporaryPassword: string }>());
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await db.close();
    await slapd.stop();
  });

  it('the directory password gives a token for /csc/v2; the sign-in is audited as the office’s', async () => {
    const answer = await login(EMPLOYEE.password);
    expect(answer.statusCode, answer.body).toBe(200);
    const { access_token } = answer.json<{ access_token: string }>();
    const list = await api.app.inject({
      method: 'POST',
      url: `${CSC}/credentials/list`,
      headers: { authorization: `Bearer ${access_token}` },
      payload: {},
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ credentialIDs: [] });
    expect(await audited('session.login')).toHaveLength(1);
  });

  it('the Podpis password (the temporary one the operator handed out) is refused while the directory decides', async () => {
    const refused = await login(temporaryPassword);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: 'authentication_error' });
    expect((await audited('session.login_failed')).at(-1)?.reason).toBe('wrong password');
  });

  it('with directory sign-in off, the directory password is not a Podpis password', async () => {
    const off = await api.app.inject({
      method: 'PATCH',
      url: `/api/v1/directories/${directoryId}`,
      headers: admin,
      payload: { passwordSignIn: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    const refused = await login(EMPLOYEE.password);
    expect(refused.json()).toMatchObject({ error: 'authentication_error' });
    const on = await api.app.inject({
      method: 'PATCH',
      url: `/api/v1/directories/${directoryId}`,
      headers: admin,
      payload: { passwordSignIn: true },
    });
    expect(on.statusCode, on.body).toBe(200);
  });

  it('wrong directory passwords count towards the office’s lockout: then even the right one is access_denied', async () => {
    // Two failures so far (the Podpis password, the directory password while sign-in was off).
    for (let i = 0; i < 2; i++) {
      expect((await login('not-the-password')).json()).toMatchObject({ error: 'authentication_error' });
    }
    const fifth = await login('not-the-password');
    expect(fifth.statusCode).toBe(403);
    expect(fifth.json()).toMatchObject({ error: 'access_denied' });
    const right = await login(EMPLOYEE.password);
    expect(right.statusCode).toBe(403);
    expect((await audited('session.login_failed')).length).toBeGreaterThanOrEqual(5);
  });
});
