import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { IVANOV, IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import { TEST_PIN, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { openTestPglite } from './support/backends.js';

const RECIPIENTS = '/api/v1/recipients';

interface Recipient {
  serial: string;
  name: string;
  organization: string | null;
  subject: string;
  algorithm: string | null;
  notBefore: string;
  notAfter: string;
}

/** A colleague at the same company: the employee profile under another name. */
const SMIRNOVA = { ...IVANOV, surname: 'Смирнова', name: 'Анна', patronymic: 'Сергеевна' };

describe('recipients: a user finds a colleague’s certificate by name → encrypts to it', () => {
  let db: Db;
  let ctx: AuthorityContext;
  let api: TestApi;
  let session: Record<string, string>;
  const serials: Record<string, string> = {};

  /** The operator registers a user with this profile and issues a certificate on a key held here. */
  async function colleague(login: string, profile: object, keySpec?: string) {
    const registered = await api.operatorPost('/api/v1/users', { login, profile });
    expect(registered.statusCode, registered.body).toBe(201);
    const { user, temporaryPassword } = registered.json<{
      user: { id: string };
      temporaryPassword: string;
    }>();
    const issued = await api.issue(user.id, { ...TEST_PIN, ...(keySpec ? { keySpec } : {}) });
    return { id: user.id, login, temporaryPassword, serial: issued.serial };
  }

  const find = (headers: Record<string, string>, query: string) =>
    api.app.inject({ method: 'GET', url: `${RECIPIENTS}?${query}`, headers });

  beforeAll(async () => {
    db = await openTestPglite();
    ({ ctx } = await setUpTestAuthorities(db));
    api = await TestApi.start(ctx);
    const ivanov = await colleague('ivanov', IVANOV_PERSON);
    session = await api.userSession(ivanov);
    serials.ivanov = ivanov.serial;
    serials.smirnova = (await colleague('smirnova', SMIRNOVA)).serial;
    serials.smirnovaRsa = (await colleague('smirnova-rsa', SMIRNOVA, 'rsa2048')).serial;
    const revoked = await colleague('smirnova-old', SMIRNOVA);
    serials.revoked = revoked.serial;
    const revocation = await api.operatorPost(`/api/v1/certificates/${revoked.serial}/revoke`, {
      reason: 'keyCompromise',
    });
    expect(revocation.statusCode, revocation.body).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  it('finds valid certificates by a part of the name, in any case, with the organisation and key algorithm; revoked ones are not offered', async () => {
    const answer = await find(session, `search=${encodeURIComponent('СМИРН')}`);
    expect(answer.statusCode, answer.body).toBe(200);
    const found = answer.json<Recipient[]>();
    expect(found.map((r) => r.serial).sort()).toEqual([serials.smirnova, serials.smirnovaRsa].sort());
    expect(found.find((r) => r.serial === serials.smirnova)).toMatchObject({
      name: 'Смирнова Анна Сергеевна',
      organization: 'ПАО «Пример»',
      algorithm: 'gost256',
    });
    expect(found.find((r) => r.serial === serials.smirnovaRsa)).toMatchObject({ algorithm: 'rsa2048' });
    expect(found.map((r) => r.serial)).not.toContain(serials.revoked);
    for (const recipient of found) {
      expect(new Date(recipient.notAfter).getTime()).toBeGreaterThan(Date.now());
    }
  });

  it('finds by organisation and by serial; answers at most `limit`; a LIKE wildcard is a plain character', async () => {
    const byOrganisation = (await find(session, `search=${encodeURIComponent('пример')}`)).json<
      Recipient[]
    >();
    expect(byOrganisation).toHaveLength(2);
    const bySerial = (await find(session, `search=${serials.ivanov}`)).json<Recipient[]>();
    expect(bySerial).toMatchObject([
      { serial: serials.ivanov, name: 'Иванов Иван Иванович', organization: null },
    ]);
    expect((await find(session, `search=${encodeURIComponent('смирн')}&limit=1`)).json()).toHaveLength(1);
    expect((await find(session, `search=${encodeURIComponent('%%')}`)).json()).toEqual([]);
  });

  it('a found certificate is a recipient POST /encryptions takes', async () => {
    const [found] = (await find(session, `search=${encodeURIComponent('смирнова')}&limit=1`)).json<
      Recipient[]
    >();
    const encrypted = await api.app.inject({
      method: 'POST',
      url: '/api/v1/encryptions',
      headers: session,
      payload: { content: Buffer.from('привет').toString('base64'), recipients: [{ serial: found!.serial }] },
    });
    expect(encrypted.statusCode, encrypted.body).toBe(200);
  });

  it('refused: a search shorter than 2 characters or a limit over 20 (400), an operator (401), a token without `encryption` (403)', async () => {
    expect((await find(session, 'search=a')).json()).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect((await find(session, 'search=ab&limit=21')).json()).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    // A user route takes a user's session or token; an operator's client certificate is not one.
    expect((await find(api.operator, 'search=smirnova')).json()).toMatchObject({
      status: 401,
      code: 'AUTHENTICATION_REQUIRED',
    });
    const token = await api.app.inject({
      method: 'POST',
      url: '/api/v1/session/tokens',
      headers: session,
      payload: { name: 'reader', scopes: ['certificates:read'] },
    });
    const reader = { authorization: `Bearer ${token.json<{ token: string }>().token}` };
    expect((await find(reader, 'search=smirnova')).json()).toMatchObject({
      status: 403,
      code: 'INSUFFICIENT_SCOPE',
      requiredScope: 'encryption',
    });
  });
});
