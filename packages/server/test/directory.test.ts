import { createServer, connect, type Server, type Socket } from 'node:net';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  employeesLdif,
  seededEmployee,
  slapdTestTls,
  startSlapd,
  SLAPD_PEOPLE_DN,
  SLAPD_SIZE_LIMIT,
  type SlapdServer,
  type SlapdTls,
} from '@podpis/testkit';
import type { AuthorityContext } from '../src/ca/authorities.js';
import { DomainError } from '../src/core/domain-error.js';
import type { Db } from '../src/db/db.js';
import { pagedSearch, withConnection } from '../src/directory/connection.js';
import { escapeFilterValue } from '../src/directory/filter.js';
import { TestApi, staffWithCertificate } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { openTestPglite } from './support/backends.js';

/**
 * The directory connector against a real slapd (1,000 Cyrillic employees in
 * an AD-like schema, LDAPS with a certificate of a test CA): an
 * administrator connects it, an operator searches and registers from it,
 * the link is compared and re-synced, users sign in with their directory
 * password — and every failure has its code.
 */

/** An employee with the INN and SNILS the qualified profile checks (AD keeps them in custom attributes). */
const YOLKINA = {
  dn: `uid=a.yolkina,${SLAPD_PEOPLE_DN}`,
  login: 'a.yolkina',
  password: 'Ёлка-2026!',
};
const EXTRA_ENTRIES = [
  `dn: ${YOLKINA.dn}`,
  'objectClass: inetOrgPerson',
  'objectClass: adLikeUser',
  'uid: a.yolkina',
  'cn: Ёлкина Алёна Сергеевна',
  'sn: Ёлкина',
  'givenName: Алёна',
  'middleName: Сергеевна',
  'sAMAccountName: a.yolkina',
  'employeeID: E77777',
  'mail: a.yolkina@corp.example',
  'title: Главный бухгалтер',
  'department: Бухгалтерия',
  'company: АО «Корпорация»',
  'l: Москва',
  'c: RU',
  'extensionAttribute1: 500100732259',
  'extensionAttribute2: 112-233-445 95',
  `userPassword: ${YOLKINA.password}`,
  '',
  // Someone whose name holds filter syntax: only a literal search finds them.
  `dn: uid=odd,${SLAPD_PEOPLE_DN}`,
  'objectClass: inetOrgPerson',
  'objectClass: adLikeUser',
  'uid: odd',
  'cn: Звёздочкин *)(',
  'sn: Звёздочкин *)(',
  'sAMAccountName: odd',
  '',
  // A referral to another server inside the search base: never followed.
  `dn: ou=branch,${SLAPD_PEOPLE_DN}`,
  'objectClass: referral',
  'objectClass: extensibleObject',
  'ou: branch',
  'ref: ldap://127.0.0.1:9/ou=branch,dc=corp,dc=example',
  '',
].join('\n');

const PERSON_MAP = {
  login: 'sAMAccountName',
  employeeId: 'employeeID',
  surname: 'sn',
  name: 'givenName',
  patronymic: 'middleName',
  title: 'title',
  department: 'department',
  email: 'mail',
  locality: 'l',
  country: 'c',
  inn: 'extensionAttribute1',
  snils: 'extensionAttribute2',
};

type Entry = { directoryId: string; externalId: string; dn: string; values: Record<string, string> };

describe('company directory (LDAP) against a real slapd', () => {
  let tls: SlapdTls;
  let slapd: SlapdServer;
  let db: Db;
  let ctx: AuthorityContext;
  let api: TestApi;
  let admin: Record<string, string>;
  let directoryId: string;

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: unknown,
  ) =>
    api.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const search = async (q: string) => {
    const response = await inject(
      'GET',
      `/api/v1/directory/search?q=${encodeURIComponent(q)}&limit=50`,
      api.operator,
    );
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Entry[]>();
  };
  const settings = () => ({
    name: 'Corp AD',
    url: slapd.ldapsUrl!,
    caCertificate: tls.ca,
    bindDn: slapd.serviceDn,
    bindPassword: slapd.servicePassword,
    baseDn: SLAPD_PEOPLE_DN,
    userFilter: '(objectClass=inetOrgPerson)',
    pageSize: 100,
    attributeMap: PERSON_MAP,
  });

  beforeAll(async () => {
    tls = slapdTestTls();
    slapd = await startSlapd({ entries: `${employeesLdif(1000)}\n${EXTRA_ENTRIES}`, tls });
    db = await openTestPglite();
    ({ ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' }));
    api = await TestApi.start(ctx);
    const { der } = await staffWithCertificate(db, 'admin');
    admin = { 'x-test-client-certificate': Buffer.from(der).toString('base64'), 'x-requested-with': 'test' };
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await db.close();
    await slapd.stop();
  });

  it('an administrator connects a directory over LDAPS: the bind password is sealed, never returned, and the change audited', async () => {
    const created = await inject('POST', '/api/v1/directories', admin, settings());
    expect(created.statusCode, created.body).toBe(201);
    const directory = created.json<Record<string, unknown>>();
    directoryId = directory.id as string;
    expect(directory).not.toHaveProperty('bindPassword');
    expect(created.body).not.toContain(slapd.servicePassword);
    expect(directory.bindDn).toBe(slapd.serviceDn);

    const { rows } = await db.query<{ bind_sealed: Uint8Array }>('SELECT bind_sealed FROM directories');
    expect(Buffer.from(rows[0]!.bind_sealed).toString('latin1')).not.toContain(slapd.servicePassword);
    expect(Buffer.from(rows[0]!.bind_sealed).toString('latin1')).not.toContain('podpis');
    const audit = await db.query<{ action: string; details: unknown }>(
      "SELECT action, details FROM audit_log WHERE action LIKE 'directory.%'",
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['directory.create']);
    expect(JSON.stringify(audit.rows)).not.toContain(slapd.servicePassword);

    const listed = await inject('GET', '/api/v1/directories', admin);
    expect(listed.body).not.toContain(slapd.servicePassword);
    // Operators search, administrators configure.
    expect((await inject('GET', '/api/v1/directories', api.operator)).statusCode).toBe(403);
  });

  it('"test connection" binds and shows the first entries, mapped', async () => {
    const response = await inject('POST', `/api/v1/directories/${directoryId}/test`, admin);
    expect(response.statusCode, response.body).toBe(200);
    const { entries } = response.json<{ entries: Entry[] }>();
    expect(entries).toHaveLength(10);
    expect(entries[0]!.values.surname).toMatch(/^[А-ЯЁ]/);
    expect(entries[0]!.externalId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('bad settings fail with their codes: wrong bind password, untrusted certificate, StartTLS, bad filter, no such base', async () => {
    const make = async (patch: Record<string, unknown>) => {
      const created = await inject('POST', '/api/v1/directories', admin, {
        ...settings(),
        name: `probe ${Math.random()}`,
        ...patch,
      });
      expect(created.statusCode, created.body).toBe(201);
      const { id } = created.json<{ id: string }>();
      const tested = await inject('POST', `/api/v1/directories/${id}/test`, admin);
      await inject('DELETE', `/api/v1/directories/${id}`, admin);
      return tested;
    };
    const wrongPassword = await make({ bindPassword: 'not-the-password' });
    expect(wrongPassword.statusCode).toBe(502);
    expect(wrongPassword.json<{ code: string }>().code).toBe('DIRECTORY_BIND_FAILED');
    expect(wrongPassword.body).not.toContain('not-the-password');

    const untrusted = await make({ caCertificate: slapdTestTls().ca });
    expect(untrusted.json<{ code: string }>().code).toBe('DIRECTORY_TLS_FAILED');

    const startTls = await make({ url: slapd.url, startTls: true });
    expect(startTls.statusCode, startTls.body).toBe(200);

    const noBase = await make({ baseDn: 'ou=nowhere,dc=corp,dc=example' });
    expect(noBase.json<{ code: string }>().code).toBe('DIRECTORY_INVALID');

    const badFilter = await inject('POST', '/api/v1/directories', admin, {
      ...settings(),
      name: 'bad filter',
      userFilter: '(objectClass=*))(|(uid=*)',
    });
    expect(badFilter.statusCode).toBe(422);
    expect(badFilter.json<{ code: string }>().code).toBe('DIRECTORY_INVALID');
    const badUrl = await inject('POST', '/api/v1/directories', admin, {
      ...settings(),
      name: 'x',
      url: 'http://corp',
    });
    expect(badUrl.json<{ code: string }>().code).toBe('DIRECTORY_INVALID');
  });

  it('paging reads past the server size limit; a plain search stops at it', async () => {
    const connection = { url: slapd.url, startTls: false, caCertificate: null, timeoutMs: 5000 };
    const all = await withConnection(connection, async (client) => {
      await client.bind(slapd.serviceDn, slapd.servicePassword);
      return pagedSearch(client, {
        baseDn: SLAPD_PEOPLE_DN,
        filter: '(objectClass=inetOrgPerson)',
        attributes: ['uid'],
        pageSize: 100,
        limit: 5000,
      });
    });
    expect(all.length).toBe(1002);
    const plain = new Client({ url: slapd.url });
    await plain.bind(slapd.serviceDn, slapd.servicePassword);
    await expect(
      plain.search(SLAPD_PEOPLE_DN, { filter: '(objectClass=inetOrgPerson)', attributes: ['uid'] }),
    ).rejects.toThrow();
    await plain.unbind();
    expect(SLAPD_SIZE_LIMIT).toBeLessThan(all.length);
  });

  it('the operator finds people by name in Cyrillic (any case), login, e-mail and employee id', async () => {
    const byName = await search('фёдоров иван');
    expect(byName.length).toBeGreaterThan(0);
    for (const entry of byName) {
      expect(entry.values.surname).toBe('Фёдоров');
      expect(`${entry.values.name} ${entry.values.patronymic}`).toContain('Иван');
    }
    const employee = seededEmployee(17);
    const byId = await search(employee.employeeId);
    expect(byId.map((e) => e.values.login)).toEqual([employee.login]);
    expect((await search(employee.mail)).map((e) => e.values.login)).toEqual([employee.login]);
    const byLogin = (await search(employee.login)).map((e) => e.values.login);
    expect(byLogin).toContain(employee.login);
    for (const login of byLogin) expect(login).toContain(employee.login);
  });

  it('search terms are literal values (RFC 4515): injection attempts find nothing, odd names are found', async () => {
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\0')).toBe('a\\5cb\\00');
    expect(await search('*)(uid=*')).toEqual([]);
    expect(await search('x*)(|(objectClass=*')).toEqual([]);
    expect(await search('**')).toEqual([]);
    expect((await search('Звёздочкин *)(')).map((e) => e.values.login)).toEqual(['odd']);
  });

  it('referrals are ignored: a search across one answers this server’s entries, a base under one is refused', async () => {
    expect((await search('Ёлкина')).map((e) => e.values.login)).toEqual(['a.yolkina']);
    const created = await inject('POST', '/api/v1/directories', admin, {
      ...settings(),
      name: 'referral base',
      baseDn: `ou=branch,${SLAPD_PEOPLE_DN}`,
    });
    const { id } = created.json<{ id: string }>();
    const tested = await inject('POST', `/api/v1/directories/${id}/test`, admin);
    expect(tested.json<{ code: string }>().code).toBe('DIRECTORY_INVALID');
    await inject('DELETE', `/api/v1/directories/${id}`, admin);
  });

  let yolkinaId: string;

  it('the registration form fills from the entry and the user keeps the link; a changed entry shows, re-sync takes it', async () => {
    const [entry] = await search('E77777');
    const { login, employeeId: _employeeId, ...profile } = entry!.values;
    const registered = await inject('POST', '/api/v1/users', api.operator, {
      login,
      profile: { kind: 'person', ...profile },
      directoryLink: { directoryId: entry!.directoryId, externalId: entry!.externalId },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const user = registered.json<{ user: { id: string; profile: Record<string, string>; version: number } }>()
      .user;
    yolkinaId = user.id;
    expect(user.profile.snils).toBe('11223344595');
    const identities = await db.query<{ source: string; external_id: string }>(
      'SELECT source, external_id FROM account_identities WHERE account_id = $1',
      [user.id],
    );
    expect(identities.rows).toEqual([{ source: `ldap:${directoryId}`, external_id: entry!.externalId }]);

    // The same entry cannot register a second user.
    const again = await inject('POST', '/api/v1/users', api.operator, {
      login: 'a.yolkina2',
      profile: { kind: 'person', ...profile },
      directoryLink: { directoryId: entry!.directoryId, externalId: entry!.externalId },
    });
    expect(again.json<{ code: string }>().code).toBe('IDENTITY_ALREADY_LINKED');
    expect((await db.query("SELECT 1 FROM accounts WHERE login = 'a.yolkina2'")).rows).toHaveLength(0);

    const inStep = await inject('GET', `/api/v1/users/${user.id}/directory`, api.operator);
    expect(inStep.statusCode, inStep.body).toBe(200);
    expect(inStep.json<{ differences: unknown[] }>().differences).toEqual([]);

    // HR moves her in the directory.
    const writer = new Client({ url: slapd.url });
    await writer.bind(slapd.rootDn, slapd.rootPassword);
    await writer.modify(
      YOLKINA.dn,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'title', values: ['Финансовый директор'] }),
      }),
    );
    await writer.unbind();
    const changed = await inject('GET', `/api/v1/users/${user.id}/directory`, api.operator);
    expect(changed.json<{ differences: unknown[] }>().differences).toEqual([
      { field: 'title', registered: 'Главный бухгалтер', directory: 'Финансовый директор' },
    ]);

    const synced = await inject('POST', `/api/v1/users/${user.id}/directory/sync`, api.operator, {
      version: user.version,
    });
    expect(synced.statusCode, synced.body).toBe(200);
    expect(synced.json<{ user: { profile: { title: string }; version: number } }>().user.profile.title).toBe(
      'Финансовый директор',
    );
    const history = await inject('GET', `/api/v1/users/${user.id}/history`, api.operator);
    expect(history.body).toContain('Финансовый директор');
    const audit = await db.query<{ details: { origin?: { source: string } } }>(
      "SELECT details FROM audit_log WHERE action = 'user.update' AND target = $1",
      [`account:${user.id}`],
    );
    expect(audit.rows[0]!.details.origin?.source).toBe(`ldap:${directoryId}`);
    // A stale version is refused like any edit.
    const stale = await inject('POST', `/api/v1/users/${user.id}/directory/sync`, api.operator, {
      version: user.version,
    });
    expect(stale.json<{ code: string }>().code).toBe('CONCURRENT_EDIT');
  });

  it('with directory sign-in on, the user signs in with the directory password; wrong ones count towards the lockout', async () => {
    const login = (password: string) =>
      api.app.inject({ method: 'POST', url: '/api/v1/session', payload: { login: YOLKINA.login, password } });
    // Off: the directory password is not a Podpis password.
    expect((await login(YOLKINA.password)).json<{ code: string }>().code).toBe('INVALID_CREDENTIALS');
    const patched = await inject('PATCH', `/api/v1/directories/${directoryId}`, admin, {
      passwordSignIn: true,
    });
    expect(patched.statusCode, patched.body).toBe(200);

    const signedIn = await login(YOLKINA.password);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json<{ mustChangePassword: boolean }>().mustChangePassword).toBe(false);
    // The session is usable at once: no temporary Podpis password stands in the way.
    const me = await api.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: String(signedIn.headers['set-cookie']).split(';')[0]! },
    });
    expect(me.statusCode, me.body).toBe(200);

    for (let i = 0; i < 4; i++) {
      expect((await login('wrong password')).json<{ code: string }>().code).toBe('INVALID_CREDENTIALS');
    }
    expect((await login('wrong password')).json<{ code: string }>().code).toBe('ACCOUNT_LOCKED');
    // Locked: even the right directory password does not open a session now.
    expect((await login(YOLKINA.password)).json<{ code: string }>().code).toBe('ACCOUNT_LOCKED');
    const failures = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'session.login_failed' AND target = $1",
      [`account:${yolkinaId}`],
    );
    expect(Number(failures.rows[0]!.n)).toBeGreaterThanOrEqual(6);
  });

  it('a server that never answers times out with DIRECTORY_UNAVAILABLE', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    const failure = await withConnection(
      { url: `ldap://127.0.0.1:${port}`, startTls: false, caCertificate: null, timeoutMs: 300 },
      (client) => client.bind(slapd.serviceDn, slapd.servicePassword),
    ).catch((error: unknown) => error);
    expect((failure as DomainError).code).toBe('DIRECTORY_UNAVAILABLE');
    expect((failure as DomainError).details).toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    silent.close();
  });

  it('the server going down mid-search is DIRECTORY_UNAVAILABLE, not a partial answer, and a re-sync then writes nothing', async () => {
    // A second, plain slapd reached through a relay that kills it once the first page has gone by.
    const doomed = await startSlapd({ entries: employeesLdif(1000), servicePassword: slapd.servicePassword });
    const relay: Server = createServer((inbound: Socket) => {
      const outbound = connect(Number(new URL(doomed.url).port), '127.0.0.1');
      let passed = 0;
      inbound.pipe(outbound);
      outbound.on('data', (chunk: Buffer) => {
        passed += chunk.length;
        inbound.write(chunk);
        if (passed > 20_000) doomed.kill();
      });
      outbound.on('close', () => inbound.destroy());
      inbound.on('error', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const url = `ldap://127.0.0.1:${(relay.address() as { port: number }).port}`;
    const failure = await withConnection(
      { url, startTls: false, caCertificate: null, timeoutMs: 3000 },
      async (client) => {
        await client.bind(doomed.serviceDn, doomed.servicePassword);
        return pagedSearch(client, {
          baseDn: SLAPD_PEOPLE_DN,
          filter: '(objectClass=inetOrgPerson)',
          attributes: ['*', 'entryUUID'],
          pageSize: 100,
          limit: 5000,
        });
      },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).code).toBe('DIRECTORY_UNAVAILABLE');

    // The main directory now points at the dead server: comparing and re-syncing fail cleanly.
    await inject('PATCH', `/api/v1/directories/${directoryId}`, admin, { url, caCertificate: null });
    const before = await db.query<{ version: number }>(
      'SELECT version FROM user_profiles WHERE account_id = $1',
      [yolkinaId],
    );
    const sync = await inject('POST', `/api/v1/users/${yolkinaId}/directory/sync`, api.operator, {
      version: before.rows[0]!.version,
    });
    expect(sync.statusCode).toBe(503);
    expect(sync.json<{ code: string }>().code).toBe('DIRECTORY_UNAVAILABLE');
    const after = await db.query<{ version: number }>(
      'SELECT version FROM user_profiles WHERE account_id = $1',
      [yolkinaId],
    );
    expect(after.rows[0]!.version).toBe(before.rows[0]!.version);
    relay.close();
    await doomed.stop();
  });
});
