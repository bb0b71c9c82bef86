import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../src/ca/audit-signer.js';
import type { AuthConfig } from '../src/config/config.js';
import type { Db } from '../src/db/db.js';
import { lockAccount, registerOperator, unlockAccount } from '../src/people/accounts.js';
import { accountOfIdentity, identitiesOf, linkIdentity } from '../src/people/identities.js';
import { listUsers, profileHistory, registerUser, updateUserProfile } from '../src/people/users.js';
import { changePassword, logIn } from '../src/auth/sessions.js';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import { TEST_AUTH } from './support/api.js';
import { restRejection } from './support/domain-errors.js';
import { backends, migratedDatabases } from './support/backends.js';

/** Low scrypt cost: the tests check behaviour, not hashing strength. */
const AUTH: AuthConfig = { ...TEST_AUTH, maxFailedLogins: 3 };

const operator = { actor: 'operator:00000000-0000-4000-8000-000000000001', requestId: 'req-test' };

/** A private person as the registration form holds them; valid check digits. */
function ivanov(overrides: Record<string, string> = {}) {
  return {
    ...IVANOV_PERSON,
    email: 'ivanov@example.ru',
    phone: '+7 900 000-00-00',
    ...overrides,
  };
}

async function count(db: Db, table: string): Promise<number> {
  const { rows } = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]?.n);
}

describe.each(backends)('people and authentication on $name', (backend) => {
  const freshDb = migratedDatabases(backend);

  it('operator registers a user: profile problems are listed by field and a failed registration writes nothing', async () => {
    const db = await freshDb();
    const invalid = await restRejection(
      registerUser(
        db,
        AUTH,
        { login: 'ivanov', profile: ivanov({ snils: '11223344590', inn: '123', name: '' }) },
        operator,
      ),
    );
    expect(invalid).toMatchObject({ status: 422, code: 'PROFILE_INVALID' });
    const errors = invalid.details?.errors as { field: string; code: string }[];
    expect(errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      'inn:INN_FORMAT',
      'name:REQUIRED',
      'snils:SNILS_CHECKSUM',
    ]);
    expect(await count(db, 'accounts')).toBe(0);
    expect(await count(db, 'user_profiles')).toBe(0);
    expect(await count(db, 'audit_log')).toBe(0);

    const { user, temporaryPassword } = await registerUser(
      db,
      AUTH,
      { login: 'ivanov', profile: ivanov() },
      operator,
    );
    expect(temporaryPassword).toMatch(/^[A-HJ-NP-Za-km-z2-9]{12,}$/);
    expect(user).toMatchObject({ login: 'ivanov', status: 'active', mustChangePassword: true, version: 1 });
    expect(user.profile.snils).toBe('11223344595');
    const stored = await db.query<{ password_hash: string }>('SELECT password_hash FROM accounts');
    expect(stored.rows[0]?.password_hash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
    expect(JSON.stringify(stored.rows)).not.toContain(temporaryPassword);

    const taken = await restRejection(
      registerUser(db, AUTH, { login: 'IVANOV', profile: ivanov() }, operator),
    );
    expect(taken).toMatchObject({ status: 409, code: 'LOGIN_TAKEN' });
    expect(await count(db, 'accounts')).toBe(1);

    const audit = await db.query<{ action: string; details: Record<string, unknown> }>(
      'SELECT action, details FROM audit_log',
    );
    expect(audit.rows).toEqual([{ action: 'user.create', details: { login: 'ivanov', kind: 'person' } }]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 1 });
  });

  it('an edit on a stale version is refused with CONCURRENT_EDIT; each saved edit leaves a field-level history row', async () => {
    const db = await freshDb();
    const { user } = await registerUser(
      db,
      AUTH,
      { login: 'petrov', profile: ivanov({ surname: 'Петров' }) },
      operator,
    );
    const first = await updateUserProfile(
      db,
      user.id,
      { version: 1, profile: { locality: 'Москва', phone: null } },
      operator,
    );
    expect(first.version).toBe(2);
    expect(first.profile).toMatchObject({ locality: 'Москва' });
    expect(first.profile.phone).toBeUndefined();

    const stale = await restRejection(
      updateUserProfile(db, user.id, { version: 1, profile: { surname: 'Сидоров' } }, operator),
    );
    expect(stale).toMatchObject({ status: 409, code: 'CONCURRENT_EDIT', details: { currentVersion: 2 } });
    const invalid = await restRejection(
      updateUserProfile(db, user.id, { version: 2, profile: { inn: '500100732250' } }, operator),
    );
    expect(invalid).toMatchObject({ status: 422, code: 'PROFILE_INVALID' });

    expect(await profileHistory(db, user.id)).toEqual([
      {
        version: 2,
        changedBy: operator.actor,
        changedByName: null,
        changedAt: expect.any(String) as string,
        changes: { locality: { from: null, to: 'Москва' }, phone: { from: '+7 900 000-00-00', to: null } },
      },
    ]);
    const audit = await db.query<{ action: string; details: unknown }>(
      'SELECT action, details FROM audit_log ORDER BY seq',
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['user.create', 'user.update']);
    expect(audit.rows[1]?.details).toEqual({ fields: ['locality', 'phone'], version: 2 });
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 2 });
  });

  it('searches users by login, name, SNILS and INN, filters by status, sorts and pages with a total', async () => {
    const db = await freshDb();
    await registerUser(db, AUTH, { login: 'a.ivanov', profile: ivanov() }, operator);
    const { user: petrov } = await registerUser(
      db,
      AUTH,
      { login: 'b.petrov', profile: ivanov({ surname: 'Петров', name: 'Пётр' }) },
      operator,
    );
    await registerUser(db, AUTH, { login: 'c.sidorov', profile: ivanov({ surname: 'Сидоров' }) }, operator);
    await lockAccount(db, petrov.id, ['user'], operator);

    const all = await listUsers(db, { limit: 2, offset: 0 });
    expect(all.total).toBe(3);
    expect(all.items.map((u) => u.login)).toEqual(['a.ivanov', 'b.petrov']);
    expect((await listUsers(db, { limit: 2, offset: 2 })).items.map((u) => u.login)).toEqual(['c.sidorov']);
    expect(
      (await listUsers(db, { limit: 10, offset: 0, sort: 'login', order: 'desc' })).items[0]?.login,
    ).toBe('c.sidorov');
    expect((await listUsers(db, { limit: 10, offset: 0, search: 'петр' })).items.map((u) => u.login)).toEqual(
      ['b.petrov'],
    );
    expect(
      (await listUsers(db, { limit: 10, offset: 0, search: 'IVANOV' })).items.map((u) => u.login),
    ).toEqual(['a.ivanov']);
    expect((await listUsers(db, { limit: 10, offset: 0, search: IVANOV_PERSON.snils })).total).toBe(3);
    expect((await listUsers(db, { limit: 10, offset: 0, search: IVANOV_PERSON.inn })).total).toBe(3);
    expect((await listUsers(db, { limit: 10, offset: 0, search: '%' })).total).toBe(0);
    const locked = await listUsers(db, { limit: 10, offset: 0, status: 'locked' });
    expect(locked.items.map((u) => u.login)).toEqual(['b.petrov']);
  });

  it('password login: wrong passwords lock the account, an operator unlocks it; every attempt is audited', async () => {
    const db = await freshDb();
    const { user, temporaryPassword } = await registerUser(
      db,
      AUTH,
      { login: 'ivanov', profile: ivanov() },
      operator,
    );
    const attempt = { login: 'Ivanov', ip: '192.0.2.1' };

    const unknown = await restRejection(logIn(db, AUTH, { ...attempt, login: 'nobody', password: 'x' }));
    expect(unknown).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    for (let i = 1; i < AUTH.maxFailedLogins; i++) {
      expect(await restRejection(logIn(db, AUTH, { ...attempt, password: 'wrong1' }))).toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    }
    expect(await restRejection(logIn(db, AUTH, { ...attempt, password: 'wrong1' }))).toMatchObject({
      status: 423,
      code: 'ACCOUNT_LOCKED',
    });
    expect(await restRejection(logIn(db, AUTH, { ...attempt, password: temporaryPassword }))).toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });

    await unlockAccount(db, user.id, ['user'], operator);
    const session = await logIn(db, AUTH, { ...attempt, password: temporaryPassword });
    if (session.kind !== 'session') throw new Error('no second factor is enrolled');
    expect(session.account).toMatchObject({ login: 'ivanov', mustChangePassword: true });
    const principal = {
      accountId: user.id,
      role: 'user' as const,
      login: 'ivanov',
      method: 'session' as const,
      mustChangePassword: true,
    };
    expect(
      await restRejection(
        changePassword(db, AUTH, principal, { password: temporaryPassword, newPassword: 'short1' }),
      ),
    ).toMatchObject({ status: 422, code: 'PASSWORD_POLICY' });
    await changePassword(db, AUTH, principal, {
      password: temporaryPassword,
      newPassword: 'correct horse 42',
    });
    expect(await logIn(db, AUTH, { ...attempt, password: 'correct horse 42' })).toMatchObject({
      kind: 'session',
      account: { mustChangePassword: false },
    });

    const audit = await db.query<{ action: string; details: Record<string, unknown> }>(
      'SELECT action, details FROM audit_log ORDER BY seq',
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'user.create',
      'session.login_failed',
      'session.login_failed',
      'session.login_failed',
      'session.login_failed',
      'session.login_failed',
      'account.unlock',
      'session.login',
      'account.password_change',
      'session.login',
    ]);
    expect(audit.rows[4]?.details).toMatchObject({ reason: 'wrong password; account locked' });
    const everything = JSON.stringify(audit.rows);
    expect(everything).not.toContain(temporaryPassword);
    expect(everything).not.toContain('correct horse 42');
    expect(everything).not.toContain('wrong1');
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 10 });
  });

  it('login attempts beyond the rate limit are refused with a retry delay, shared through the database', async () => {
    const db = await freshDb();
    const settings = { ...AUTH, loginRateLimitPerMinute: 2 };
    for (let i = 0; i < 2; i++) {
      await restRejection(logIn(db, settings, { login: `nobody${i}`, password: 'x', ip: '198.51.100.7' }));
    }
    const limited = await restRejection(
      logIn(db, settings, { login: 'someone', password: 'x', ip: '198.51.100.7' }),
    );
    expect(limited).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(limited.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.details?.retryAfterSeconds).toBeLessThanOrEqual(60);
    await expect(
      logIn(db, settings, { login: 'someone', password: 'x', ip: '198.51.100.8' }),
    ).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('administrator registers operators (certificate-only accounts that cannot log in with a password)', async () => {
    const db = await freshDb();
    const admin = { actor: 'admin:00000000-0000-4000-8000-000000000002' };
    const created = await registerOperator(
      db,
      { login: 'operator1', role: 'operator', displayName: 'Оператор 1' },
      admin,
    );
    expect(created).toMatchObject({
      role: 'operator',
      login: 'operator1',
      displayName: 'Оператор 1',
      status: 'active',
    });
    await expect(registerOperator(db, { login: 'OPERATOR1', role: 'admin' }, admin)).rejects.toMatchObject({
      code: 'LOGIN_TAKEN',
    });
    await expect(
      logIn(db, AUTH, { login: 'operator1', password: 'anything1', ip: '192.0.2.9' }),
    ).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 2 });
  });

  it('a directory or HR identity links to one account only; the import finds the account by it', async () => {
    const db = await freshDb();
    const first = await registerUser(db, AUTH, { login: 'ivanov', profile: ivanov() }, operator);
    const second = await registerUser(
      db,
      AUTH,
      { login: 'petrov', profile: ivanov({ snils: '112-233-445 95' }) },
      operator,
    );
    const link = { source: 'ldap:corp', externalId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' };
    await linkIdentity(db, { accountId: first.user.id, ...link }, operator);
    await linkIdentity(db, { accountId: first.user.id, source: 'hr:sap', externalId: '00012345' }, operator);

    expect(await accountOfIdentity(db, link.source, link.externalId)).toBe(first.user.id);
    expect(await accountOfIdentity(db, link.source, 'unknown')).toBeUndefined();
    expect((await identitiesOf(db, first.user.id)).map((i) => `${i.source}=${i.externalId}`).sort()).toEqual([
      'hr:sap=00012345',
      `ldap:corp=${link.externalId}`,
    ]);

    const taken = await restRejection(linkIdentity(db, { accountId: second.user.id, ...link }, operator));
    expect(taken).toMatchObject({
      status: 409,
      code: 'IDENTITY_ALREADY_LINKED',
      details: { accountId: first.user.id },
    });
    expect(await identitiesOf(db, second.user.id)).toEqual([]);
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'account.identity_link'",
    );
    expect(rows[0]?.n).toBe(2);
  });
});
