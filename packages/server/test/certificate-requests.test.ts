import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openssl, opensslGostKey, tempDir } from '@podpis/testkit';
import { parseCertificate } from '@podpis/pki';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { linkIdentity, recordIdentityData } from '../src/people/identities.js';
import { staffWithCertificate, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import { openTestPglite } from './support/backends.js';

interface CertificateRequest {
  id: string;
  accountId: string;
  profile: string;
  keySource: 'server' | 'pkcs10';
  subject: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decisionComment: string | null;
  serial: string | null;
  autoApproved: boolean;
  identityCheck: {
    documentType: string;
    documentNumberLast4: string;
    checkedBy: string;
    checkedAt: string;
  } | null;
}

const PIN = { pin: 'my-own-pin-2026', pinConfirmation: 'my-own-pin-2026' };
const PASSPORT = { documentType: 'passport', documentNumberLast4: '6789' };

describe('self-service certificate requests: the employee asks, an operator checks documents and decides', () => {
  let db: Db;
  let ctx: AuthorityContext;
  let api: TestApi;
  let admin: Record<string, string>;
  const dir = tempDir('podpis-self-service-');

  beforeAll(async () => {
    db = await openTestPglite();
    ({ ctx } = await setUpTestAuthorities(db));
    api = await TestApi.start(ctx);
    const { der } = await staffWithCertificate(db, 'admin');
    admin = { 'x-test-client-certificate': Buffer.from(der).toString('base64'), 'x-requested-with': 'test' };
  }, 60_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  async function employee(login: string, profile: Record<string, unknown> = IVANOV_PERSON) {
    const user = await api.registerUser(login, profile);
    return { user, session: await api.userSession(user) };
  }

  function inject(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) {
    return api.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  }

  const ask = (session: Record<string, string>, key: object = { type: 'server', ...PIN }) =>
    inject('POST', '/me/certificate-requests', session, { key });

  const setPolicy = (editableFields: string[], autoApproveHrMatch: boolean) =>
    inject('PUT', '/self-service-policy', admin, { editableFields, autoApproveHrMatch });

  async function count(sql: string, params: unknown[]): Promise<number> {
    const { rows } = await db.query<{ n: string | number }>(sql, params);
    return Number(rows[0]!.n);
  }

  const certificatesOf = (accountId: string) =>
    count('SELECT count(*) AS n FROM certificates WHERE account_id = $1', [accountId]);

  async function auditActions(target: string): Promise<string[]> {
    const { rows } = await db.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE target = $1 ORDER BY seq',
      [target],
    );
    return rows.map((row) => row.action);
  }

  async function webhookEvents(requestId: string): Promise<string[]> {
    const { rows } = await db.query<{ type: string }>(
      `SELECT payload->>'type' AS type FROM outbox
        WHERE kind = 'webhook.event' AND payload->'data'->>'requestId' = $1 ORDER BY id`,
      [requestId],
    );
    return rows.map((row) => row.type);
  }

  it('shows the employee their registration data and what the policy lets them correct', async () => {
    const { session } = await employee('self.reads');
    const registration = await inject('GET', '/me/registration', session);
    expect(registration.statusCode, registration.body).toBe(200);
    expect(registration.json()).toMatchObject({
      profile: { kind: 'person', surname: 'Иванов', snils: '11223344595' },
      version: 1,
      editableFields: [],
      sources: [],
    });
    // The policy is the administrator's: an operator or the employee cannot read or set it.
    expect((await inject('GET', '/self-service-policy', api.operator)).statusCode).toBe(403);
  });

  it('lets the employee correct only the fields the administrator made editable, with history and audit', async () => {
    const { user, session } = await employee('self.corrects');
    expect((await setPolicy(['email', 'phone'], false)).json()).toMatchObject({
      editableFields: ['email', 'phone'],
      autoApproveHrMatch: false,
    });

    const refused = await inject('PATCH', '/me/registration', session, {
      version: 1,
      profile: { email: 'ivanov@example.ru', surname: 'Петров' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      code: 'PROFILE_FIELD_NOT_EDITABLE',
      fields: ['surname'],
    });
    const kind = await inject('PATCH', '/me/registration', session, {
      version: 1,
      profile: { kind: 'legalEntity' },
    });
    expect(kind.json()).toMatchObject({ code: 'PROFILE_FIELD_NOT_EDITABLE', fields: ['kind'] });

    const corrected = await inject('PATCH', '/me/registration', session, {
      version: 1,
      profile: { email: 'ivanov@example.ru', phone: '+7 900 000-00-00' },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({
      version: 2,
      profile: { surname: 'Иванов', email: 'ivanov@example.ru', phone: '+7 900 000-00-00' },
    });
    const stale = await inject('PATCH', '/me/registration', session, { version: 1, profile: { phone: '1' } });
    expect(stale.json()).toMatchObject({ status: 409, code: 'CONCURRENT_EDIT' });

    // The correction is in the registration history (by the employee) and audited as theirs.
    const history = await inject('GET', `/users/${user.id}/history`, api.operator);
    expect(history.json<{ changedBy: string; changes: Record<string, unknown> }[]>()[0]).toMatchObject({
      changedBy: `user:${user.id}`,
      changes: { email: { from: null, to: 'ivanov@example.ru' } },
    });
    expect(await auditActions(`account:${user.id}`)).toContain('user.self_update');
    expect(await auditActions('self-service-policy')).toContain('self_service.policy_change');
    await setPolicy([], false);
  });

  it('refuses a PIN outside the rules or typed differently, and a second pending request, leaving no key behind', async () => {
    const { user, session } = await employee('self.pins');
    const keys = () => count('SELECT count(*) AS n FROM stored_keys WHERE owner = $1', [`user:${user.id}`]);

    const short = await ask(session, { type: 'server', pin: '123', pinConfirmation: '123' });
    expect(short.json()).toMatchObject({ status: 400, code: 'KEY_PIN_INVALID' });
    const mismatch = await ask(session, { type: 'server', pin: '12345678', pinConfirmation: '12345679' });
    expect(mismatch.json()).toMatchObject({ status: 422, code: 'PIN_MISMATCH' });
    expect(await keys()).toBe(0);

    const first = await ask(session);
    expect(first.statusCode, first.body).toBe(201);
    const created = first.json<CertificateRequest>();
    expect(created).toMatchObject({
      status: 'pending',
      keySource: 'server',
      profile: 'qualified-person',
      serial: null,
      autoApproved: false,
      identityCheck: null,
    });
    expect(created.subject).toContain('Иванов Иван Иванович');
    expect(await keys()).toBe(1);
    // The PIN is nowhere in the request's row, its audit record or its event.
    const { rows } = await db.query<{ row: string }>(
      `SELECT row_to_json(r)::text AS row FROM certificate_requests r WHERE id = $1::uuid
       UNION ALL SELECT row_to_json(l)::text FROM audit_log l WHERE target = $2
       UNION ALL SELECT payload::text FROM outbox WHERE payload->'data'->>'requestId' = $1::text`,
      [created.id, `certificate-request:${created.id}`],
    );
    expect(rows.length).toBe(3);
    for (const { row } of rows) expect(row).not.toContain(PIN.pin);

    const second = await ask(session, { type: 'server', pin: '87654321', pinConfirmation: '87654321' });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'CERTIFICATE_ALREADY_REQUESTED', requestId: created.id });
    expect(await keys()).toBe(1);

    expect(await auditActions(`certificate-request:${created.id}`)).toEqual(['certificate_request.create']);
    expect(await webhookEvents(created.id)).toEqual(['certificate_request.created']);
  });

  it("takes a PKCS#10 from the employee's own tool: proof of possession checked, subject from the registration data", async () => {
    const { user, session } = await employee('self.pkcs10');
    const key = join(dir, 'own.key');
    opensslGostKey(key);
    const csr = openssl([
      'req',
      '-new',
      '-utf8',
      '-key',
      key,
      '-subj',
      '/CN=Кто угодно/O=Чужая организация',
    ]).stdout.toString();

    const der = openssl(['req', '-in', '-', '-outform', 'DER'], csr).stdout;
    const tampered = Buffer.from(der);
    tampered[tampered.length - 1]! ^= 0x01;
    const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${tampered.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    const refused = await ask(session, { type: 'pkcs10', csr: pem });
    expect(refused.json()).toMatchObject({ status: 422, code: 'CSR_SIGNATURE_INVALID' });
    const garbage = await ask(session, { type: 'pkcs10', csr: 'not a request' });
    expect(garbage.json()).toMatchObject({ status: 422, code: 'CSR_INVALID' });
    expect(
      await count('SELECT count(*) AS n FROM certificate_requests WHERE account_id = $1', [user.id]),
    ).toBe(0);

    const created = (await ask(session, { type: 'pkcs10', csr })).json<CertificateRequest>();
    expect(created).toMatchObject({ status: 'pending', keySource: 'pkcs10' });
    expect(created.subject).toContain('Иванов Иван Иванович');

    const approved = await api.operatorPost(`/api/v1/certificate-requests/${created.id}/approve`, {
      identityCheck: PASSPORT,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const { certificate } = approved.json<{ certificate: { serial: string; subject: string } }>();
    expect(certificate.subject).toContain('CN=Иванов Иван Иванович');
    expect(certificate.subject).not.toContain('Кто угодно');
    const download = await inject('GET', `/me/certificates/${certificate.serial}/download`, session);
    const issued = parseCertificate(new Uint8Array(download.rawPayload));
    const publicKey = openssl(['pkey', '-in', key, '-pubout', '-outform', 'DER']).stdout;
    expect(
      Buffer.from(issued.asn1.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey).toString('hex'),
    ).toBe(publicKey.subarray(publicKey.length - 66).toString('hex'));
  });

  it('operator records the identity check and approves: the certificate is on the key made at request time', async () => {
    const { user, session } = await employee('self.approved');
    const created = (await ask(session)).json<CertificateRequest>();
    const queue = await inject('GET', '/certificate-requests?status=pending', api.operator);
    expect(queue.json<CertificateRequest[]>().map((r) => r.id)).toContain(created.id);
    // The queue is the operators': an employee's session is refused.
    expect((await inject('GET', '/certificate-requests', session)).json()).toMatchObject({
      code: 'CLIENT_CERTIFICATE_REQUIRED',
    });

    // Only the last four digits are taken, never the whole number.
    const wholeNumber = await api.operatorPost(`/api/v1/certificate-requests/${created.id}/approve`, {
      identityCheck: { documentType: 'passport', documentNumberLast4: '4510 123456' },
    });
    expect(wholeNumber.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const noCheck = await api.operatorPost(`/api/v1/certificate-requests/${created.id}/approve`, {});
    expect(noCheck.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });

    const approved = await api.operatorPost(`/api/v1/certificate-requests/${created.id}/approve`, {
      identityCheck: PASSPORT,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const { request, certificate } = approved.json<{
      request: CertificateRequest;
      certificate: { serial: string };
    }>();
    expect(request).toMatchObject({
      status: 'approved',
      serial: certificate.serial,
      autoApproved: false,
      identityCheck: {
        documentType: 'passport',
        documentNumberLast4: '6789',
        checkedBy: expect.stringMatching(/^operator:/) as string,
      },
    });
    const { rows } = await db.query<{ key_id: string }>(
      'SELECT key_id FROM certificate_requests WHERE id = $1',
      [created.id],
    );
    const { rows: certRows } = await db.query<{ key_id: string }>(
      'SELECT key_id FROM certificates WHERE serial = $1',
      [certificate.serial],
    );
    expect(certRows[0]!.key_id).toBe(rows[0]!.key_id);

    // The employee sees it approved with the certificate; the key answers to the PIN they chose.
    const mine = (
      await inject('GET', `/me/certificate-requests/${created.id}`, session)
    ).json<CertificateRequest>();
    expect(mine).toMatchObject({ status: 'approved', serial: certificate.serial });
    const pinChange = await inject('POST', `/me/certificates/${certificate.serial}/pin`, session, {
      oldPin: PIN.pin,
      newPin: 'another-pin-2026',
    });
    expect(pinChange.statusCode, pinChange.body).toBe(204);
    expect(await certificatesOf(user.id)).toBe(1);
    expect(await auditActions(`certificate-request:${created.id}`)).toEqual([
      'certificate_request.create',
      'certificate_request.approve',
    ]);
    expect(await webhookEvents(created.id)).toEqual([
      'certificate_request.created',
      'certificate_request.approved',
    ]);

    // Decided is decided: a rejection now is a conflict.
    const late = await api.operatorPost(`/api/v1/certificate-requests/${created.id}/reject`, {
      reason: 'поздно',
    });
    expect(late.json()).toMatchObject({ status: 409, code: 'CERTIFICATE_REQUEST_ALREADY_DECIDED' });
  });

  it('rejects with a reason the employee sees; the key made for the request is destroyed', async () => {
    const { user, session } = await employee('self.rejected');
    const created = (await ask(session)).json<CertificateRequest>();
    const blank = await api.operatorPost(`/api/v1/certificate-requests/${created.id}/reject`, {
      reason: '   ',
    });
    expect(blank.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });

    const rejected = await api.operatorPost(`/api/v1/certificate-requests/${created.id}/reject`, {
      reason: 'Паспорт не совпадает с данными',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const mine = (await inject('GET', '/me/certificate-requests', session)).json<CertificateRequest[]>();
    expect(mine[0]).toMatchObject({
      id: created.id,
      status: 'rejected',
      decisionComment: 'Паспорт не совпадает с данными',
      serial: null,
    });
    expect(
      await count('SELECT count(*) AS n FROM stored_keys WHERE owner = $1 AND destroyed_at IS NULL', [
        `user:${user.id}`,
      ]),
    ).toBe(0);
    expect(await webhookEvents(created.id)).toEqual([
      'certificate_request.created',
      'certificate_request.rejected',
    ]);

    // Another employee does not see it; after a rejection a new request may be made.
    const other = await employee('self.other');
    expect(
      (await inject('GET', `/me/certificate-requests/${created.id}`, other.session)).json(),
    ).toMatchObject({
      status: 404,
      code: 'CERTIFICATE_REQUEST_NOT_FOUND',
    });
    expect((await ask(session)).statusCode).toBe(201);
  });

  it('of an approval and a rejection at once one wins; the other gets 409 and changes nothing', async () => {
    const { user, session } = await employee('self.race');
    const created = (await ask(session)).json<CertificateRequest>();
    const [approve, reject] = await Promise.all([
      api.operatorPost(`/api/v1/certificate-requests/${created.id}/approve`, { identityCheck: PASSPORT }),
      api.operatorPost(`/api/v1/certificate-requests/${created.id}/reject`, { reason: 'нет документов' }),
    ]);
    expect([approve.statusCode, reject.statusCode].sort()).toEqual([200, 409]);
    const loser = approve.statusCode === 409 ? approve : reject;
    expect(loser.json()).toMatchObject({ code: 'CERTIFICATE_REQUEST_ALREADY_DECIDED' });
    const final = (
      await inject('GET', `/certificate-requests/${created.id}`, api.operator)
    ).json<CertificateRequest>();
    expect(final.status).toBe(approve.statusCode === 200 ? 'approved' : 'rejected');
    expect(await certificatesOf(user.id)).toBe(approve.statusCode === 200 ? 1 : 0);

    // Two approvals at once: one certificate.
    const again = await employee('self.race2');
    const second = (await ask(again.session)).json<CertificateRequest>();
    const both = await Promise.all([
      api.operatorPost(`/api/v1/certificate-requests/${second.id}/approve`, { identityCheck: PASSPORT }),
      api.operatorPost(`/api/v1/certificate-requests/${second.id}/approve`, { identityCheck: PASSPORT }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await certificatesOf(again.user.id)).toBe(1);
  });

  it('auto-approves when the data match the HR record exactly, and leaves a mismatch to an operator', async () => {
    const actor = { actor: 'system' };
    const matching = await employee('self.hr.match');
    await linkIdentity(db, { accountId: matching.user.id, source: 'hr:sap', externalId: '00010001' }, actor);
    await recordIdentityData(
      db,
      { source: 'hr:sap', externalId: '00010001', data: { ...IVANOV_PERSON } },
      actor,
    );
    const differing = await employee('self.hr.mismatch');
    await linkIdentity(db, { accountId: differing.user.id, source: 'hr:sap', externalId: '00010002' }, actor);
    await recordIdentityData(
      db,
      { source: 'hr:sap', externalId: '00010002', data: { ...IVANOV_PERSON, surname: 'Иваненко' } },
      actor,
    );
    const noHr = await employee('self.hr.none');

    // Off by default: even a match waits for an operator.
    const manual = (await ask(matching.session)).json<CertificateRequest>();
    expect(manual.status).toBe('pending');
    await api.operatorPost(`/api/v1/certificate-requests/${manual.id}/reject`, { reason: 'повторить' });

    await setPolicy([], true);
    const matched = await ask(matching.session);
    expect(matched.statusCode, matched.body).toBe(201);
    expect(matched.json()).toMatchObject({
      status: 'approved',
      autoApproved: true,
      decidedBy: 'system',
      identityCheck: null,
    });
    expect(await certificatesOf(matching.user.id)).toBe(1);
    const registration = await inject('GET', '/me/registration', matching.session);
    expect(registration.json()).toMatchObject({ sources: [{ source: 'hr:sap', externalId: '00010001' }] });

    expect((await ask(differing.session)).json()).toMatchObject({ status: 'pending', autoApproved: false });
    expect((await ask(noHr.session)).json()).toMatchObject({ status: 'pending', autoApproved: false });
    expect(await certificatesOf(differing.user.id)).toBe(0);
    await setPolicy([], false);
  });
});
