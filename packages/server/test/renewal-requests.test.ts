import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorityContext } from '../src/ca/authorities.js';

import type { Db } from '../src/db/db.js';

import { TEST_PIN, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { openTestPglite } from './support/backends.js';

interface RenewalRequest {
  id: string;
  serial: string;
  status: string;
  newSerial: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decisionComment: string | null;
}

const PIN = TEST_PIN;

describe('renewal requests: the holder asks, an operator approves or rejects', () => {
  let db: Db;
  let ctx: AuthorityContext;
  let api: TestApi;

  beforeAll(async () => {
    db = await openTestPglite();
    ({ ctx } = await setUpTestAuthorities(db));
    api = await TestApi.start(ctx);
  }, 60_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  /** A user with a session and one valid certificate. */
  async function holder(login: string) {
    const user = await api.registerUser(login);
    const certificate = await api.issue(user.id, PIN);
    const session = await api.userSession(user);
    return { user, certificate, session };
  }

  function ask(session: Record<string, string>, serial: string, comment?: string) {
    return api.app.inject({
      method: 'POST',
      url: `/api/v1/me/certificates/${serial}/renewal-request`,
      headers: session,
      payload: comment === undefined ? {} : { comment },
    });
  }

  async function userCertificateCount(userId: string): Promise<number> {
    const { rows } = await db.query<{ count: string | number }>(
      'SELECT count(*) AS count FROM certificates WHERE account_id = $1',
      [userId],
    );
    return Number(rows[0]!.count);
  }

  it('records one waiting request per certificate and shows it to the holder and to operators', async () => {
    const { certificate, session } = await holder('renew.asks');
    const first = await ask(session, certificate.serial, 'переезд в новый офис');
    expect(first.statusCode, first.body).toBe(201);
    const created = first.json<RenewalRequest>();
    expect(created).toMatchObject({ serial: certificate.serial, status: 'pending', newSerial: null });

    const second = await ask(session, certificate.serial);
    expect(second.statusCode).toBe(409);
    expect(second.json<{ code: string }>().code).toBe('RENEWAL_ALREADY_REQUESTED');

    const mine = await api.app.inject({ url: '/api/v1/me/renewal-requests', headers: session });
    expect(mine.json<RenewalRequest[]>().map((r) => r.id)).toEqual([created.id]);
    const pending = await api.app.inject({
      url: '/api/v1/renewal-requests?status=pending',
      headers: api.operator,
    });
    expect(pending.json<RenewalRequest[]>().map((r) => r.id)).toContain(created.id);

    // The operators' list is theirs alone: it asks for an operator's client certificate.
    const byUser = await api.app.inject({ url: '/api/v1/renewal-requests', headers: session });
    expect(byUser.statusCode).toBe(401);
    expect(byUser.json<{ code: string }>().code).toBe('CLIENT_CERTIFICATE_REQUIRED');
  });

  it("refuses a request for somebody else's certificate as unknown", async () => {
    const owner = await holder('renew.owner');
    const other = await holder('renew.other');
    const response = await ask(other.session, owner.certificate.serial);
    expect(response.statusCode).toBe(404);
    expect(response.json<{ code: string }>().code).toBe('CERT_NOT_FOUND');
  });

  it('approves by renewing in the same transaction; a second approval at once gets 409 and issues nothing', async () => {
    const { user, certificate, session } = await holder('renew.approve');
    const request = (await ask(session, certificate.serial)).json<RenewalRequest>();
    const before = await userCertificateCount(user.id);

    const mismatch = await api.operatorPost(`/api/v1/renewal-requests/${request.id}/approve`, {
      pin: '12345678',
      pinConfirmation: '87654321',
    });
    expect(mismatch.json()).toMatchObject({ status: 422, code: 'PIN_MISMATCH' });
    expect(mismatch.statusCode).toBe(422);
    expect(await userCertificateCount(user.id)).toBe(before);

    const [a, b] = await Promise.all([
      api.operatorPost(`/api/v1/renewal-requests/${request.id}/approve`, { ...PIN, revokeOld: true }),
      api.operatorPost(`/api/v1/renewal-requests/${request.id}/approve`, { ...PIN, revokeOld: true }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const won = (a.statusCode === 200 ? a : b).json<{
      request: RenewalRequest;
      certificate: { serial: string; status: string };
      revoked: string | null;
    }>();
    expect(won.request.status).toBe('approved');
    // The operator is named next to the id the decision recorded.
    expect(won.request.decidedBy).toMatch(/^operator:/);
    expect(won.request.decidedByName).toMatch(/^operator-[0-9a-f]{8}$/);
    expect(won.request.newSerial).toBe(won.certificate.serial);
    expect(won.revoked).toBe(certificate.serial);
    expect((a.statusCode === 409 ? a : b).json<{ code: string }>().code).toBe('RENEWAL_ALREADY_DECIDED');
    // Exactly one new certificate: the loser's key and certificate were rolled back.
    expect(await userCertificateCount(user.id)).toBe(before + 1);

    const old = await api.app.inject({
      url: `/api/v1/certificates/${certificate.serial}`,
      headers: api.operator,
    });
    expect(old.json<{ status: string; revocationReason: string }>()).toMatchObject({
      status: 'revoked',
      revocationReason: 'superseded',
    });
    const audit = await db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE target = $1 AND action LIKE 'renewal.%'",
      [`renewal:${request.id}`],
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['renewal.approve']);
  });

  it('rejects with a reason the holder sees; a decided request cannot be decided again', async () => {
    const { certificate, session } = await holder('renew.reject');
    const request = (await ask(session, certificate.serial)).json<RenewalRequest>();
    const rejected = await api.operatorPost(`/api/v1/renewal-requests/${request.id}/reject`, {
      reason: 'данные в заявлении устарели',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const mine = await api.app.inject({ url: '/api/v1/me/renewal-requests', headers: session });
    expect(mine.json<RenewalRequest[]>()[0]).toMatchObject({
      status: 'rejected',
      decisionComment: 'данные в заявлении устарели',
    });
    const again = await api.operatorPost(`/api/v1/renewal-requests/${request.id}/approve`, PIN);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('RENEWAL_ALREADY_DECIDED');
    // After a rejection the holder may ask again.
    expect((await ask(session, certificate.serial)).statusCode).toBe(201);
  });
});
