import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSystemTools, openssl, opensslGostKey, tempDir } from '@podpis/testkit';
import { OID, parseCertificate, parseCrl } from '@podpis/pki';
import { verifyAuditLog } from '../src/ca/audit-signer.js';
import { HOLDER_SIGN_TOOL } from '../src/ca/certificate-lifecycle.js';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import type { PodpisApp } from '../src/http/app.js';
import { TEST_PIN as PIN, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { expectKeySignsFor } from './support/keys.js';
import { openTestPglite } from './support/backends.js';

interface Summary {
  serial: string;
  status: string;
  subject: string;
  revocationReason: string | null;
}

describe('certificate lifecycle over HTTP, as the operator manual goes', () => {
  let db: Db;
  let ctx: AuthorityContext;
  let api: TestApi;
  let app: PodpisApp;
  let operator: Record<string, string>;
  const dir = tempDir('podpis-cert-api-');

  beforeAll(async () => {
    db = await openTestPglite();
    ({ ctx } = await setUpTestAuthorities(db));
    api = await TestApi.start(ctx);
    ({ app, operator } = api);
  }, 60_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  it('operator creates a request with a PIN → issued and listed as valid → view, print, download → suspend → resume → revoke → CRL lists it → delete', async () => {
    const user = await api.registerUser('ivanov');
    const base = `/api/v1/users/${user.id}/certificates`;

    expect(
      (await api.operatorPost(base, { pin: '12345678', pinConfirmation: '12345679' })).json(),
    ).toMatchObject({
      status: 422,
      code: 'PIN_MISMATCH',
    });
    expect((await api.operatorPost(base, { pin: '123', pinConfirmation: '123' })).json()).toMatchObject({
      status: 400,
      code: 'KEY_PIN_INVALID',
    });
    expect((await api.operatorPost(base, { ...PIN, keyStore: 'rutoken' })).json()).toMatchObject({
      status: 422,
      code: 'KEY_STORE_UNAVAILABLE',
    });
    const invalid = await api.operatorPost(base, { ...PIN, profile: { snils: '11223344590', name: null } });
    expect(invalid.json()).toMatchObject({
      status: 422,
      code: 'PROFILE_INVALID',
      errors: expect.arrayContaining([
        expect.objectContaining({ field: 'snils', code: 'SNILS_CHECKSUM' }),
        expect.objectContaining({ field: 'name', code: 'REQUIRED' }),
      ]) as unknown,
    });

    const issued = await api.issue(user.id, { ...PIN, profile: { locality: 'Тула' }, validityDays: 365 });
    expect(issued).toMatchObject({ status: 'valid', revocationReason: null });
    expect(issued.subject).toContain('CN=Иванов Иван Иванович');
    const registration = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${user.id}`,
      headers: operator,
    });
    expect(registration.json(), 'the correction is saved to the registration data').toMatchObject({
      version: 2,
      profile: { locality: 'Тула' },
    });
    const history = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${user.id}/history`,
      headers: operator,
    });
    expect(
      history.json<{ version: number; changes: Record<string, { to: string | null }> }[]>()[0],
    ).toMatchObject({
      version: 2,
      changes: { locality: { to: 'Тула' } },
    });
    const list = await app.inject({ method: 'GET', url: base, headers: operator });
    expect(list.json<Summary[]>().map((c) => [c.serial, c.status])).toEqual([[issued.serial, 'valid']]);

    const certUrl = `/api/v1/certificates/${issued.serial}`;
    const view = await app.inject({ method: 'GET', url: certUrl, headers: operator });
    expect(view.statusCode).toBe(200);
    const { details } = view.json<{
      details: {
        subject: { name: string; value: string }[];
        issuerText: string;
        keyUsage: string[];
        extendedKeyUsage: { oid: string }[];
        certificatePolicies: { oid: string }[];
        thumbprints: { sha1: string; sha256: string };
        qualified: Record<string, string>;
        serialNumber: string;
      };
    }>();
    expect(details.subject).toEqual(
      expect.arrayContaining([{ type: OID.locality, name: expect.any(String) as string, value: 'Тула' }]),
    );
    expect(details.issuerText).toContain('Podpis Issuing CA');
    expect(details.keyUsage).toEqual(expect.arrayContaining(['digitalSignature', 'nonRepudiation']));
    expect(details.extendedKeyUsage.map((e) => e.oid)).toContain(OID.clientAuth);
    expect(details.certificatePolicies.map((p) => p.oid)).toEqual([OID.policyKC1]);
    expect(details.thumbprints.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(details.thumbprints.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(details.qualified).toEqual({ snils: '11223344595', inn: '500100732259' });
    expect(details.serialNumber).toBe(issued.serial);

    const form = await app.inject({ method: 'GET', url: `${certUrl}/print-form?lang=ru`, headers: operator });
    expect(form.headers['content-type']).toBe('application/pdf');
    ensureSystemTools();
    writeFileSync(join(dir, 'form.pdf'), form.rawPayload);
    expect(execFileSync('pdftotext', [join(dir, 'form.pdf'), '-'], { encoding: 'utf8' })).toContain(
      'Иванов Иван Иванович',
    );

    const der = await app.inject({ method: 'GET', url: `${certUrl}/download`, headers: operator });
    expect(der.headers['content-type']).toBe('application/pkix-cert');
    expect(der.headers['content-disposition']).toMatch(
      /^attachment; filename="certificate-[0-9a-f]+\.cer"; filename\*=UTF-8''/,
    );
    writeFileSync(join(dir, 'user.cer'), der.rawPayload);
    const serialLine = openssl(['x509', '-inform', 'DER', '-in', join(dir, 'user.cer'), '-noout', '-serial']);
    expect(serialLine.stdout.toString().trim().toLowerCase()).toBe(`serial=${issued.serial}`);
    const pem = await app.inject({ method: 'GET', url: `${certUrl}/download?format=pem`, headers: operator });
    expect(pem.headers['content-type']).toBe('application/x-pem-file');
    expect(
      openssl(['x509', '-noout', '-fingerprint', '-sha1'], pem.body)
        .stdout.toString()
        .replace(/:/g, '')
        .toLowerCase(),
    ).toContain(details.thumbprints.sha1);
    const p7b = await app.inject({ method: 'GET', url: `${certUrl}/download?format=p7b`, headers: operator });
    expect(p7b.headers['content-type']).toBe('application/pkcs7-mime');
    const printed = openssl(
      ['pkcs7', '-inform', 'DER', '-print_certs', '-noout'],
      p7b.rawPayload,
    ).stdout.toString();
    expect(printed.match(/^subject=/gm)).toHaveLength(3);
    expect(printed).toContain('Podpis Root CA');

    expect((await api.operatorPost(`${certUrl}/suspend`)).json()).toMatchObject({ status: 'suspended' });
    expect((await api.operatorPost(`${certUrl}/suspend`)).json()).toMatchObject({
      status: 409,
      code: 'CERT_ALREADY_SUSPENDED',
    });
    expect((await api.operatorPost(`${certUrl}/resume`)).json()).toMatchObject({ status: 'valid' });
    const stillValid = await app.inject({ method: 'DELETE', url: certUrl, headers: operator });
    expect(stillValid.json()).toMatchObject({ status: 409, code: 'CERT_STILL_VALID' });
    expect((await api.operatorPost(`${certUrl}/revoke`, { reason: 'keyCompromise' })).json()).toMatchObject({
      status: 'revoked',
      revocationReason: 'keyCompromise',
    });
    const crl = await app.inject({ method: 'GET', url: '/pki/crl/issuing.crl' });
    expect(parseCrl(new Uint8Array(crl.rawPayload)).isRevoked(issued.serial)).toBe(true);

    expect((await app.inject({ method: 'DELETE', url: certUrl, headers: operator })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: base, headers: operator })).json()).toEqual([]);
    expect((await app.inject({ method: 'GET', url: certUrl, headers: operator })).json()).toMatchObject({
      status: 404,
      code: 'CERT_NOT_FOUND',
    });
    const actions = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE target = $1 ORDER BY seq`,
      [`certificate:${issued.serial}`],
    );
    expect(actions.rows.map((r) => r.action)).toEqual([
      'certificate.issue',
      'certificate.suspend',
      'certificate.resume',
      'certificate.revoke',
      'certificate.delete',
    ]);
  });

  it('renew with revokeOld: a new key and certificate with the same subject, the old one revoked as superseded', async () => {
    const user = await api.registerUser('petrov');
    const old = await api.issue(user.id, { ...PIN, keySpec: 'ecdsa-p256' });
    const renewed = await api.operatorPost(`/api/v1/certificates/${old.serial}/renew`, {
      ...PIN,
      revokeOld: true,
    });
    expect(renewed.statusCode, renewed.body).toBe(201);
    const { certificate, revoked } = renewed.json<{ certificate: Summary; revoked: string }>();
    expect(revoked).toBe(old.serial);
    expect(certificate).toMatchObject({ status: 'valid', subject: old.subject });
    const list = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${user.id}/certificates`,
      headers: operator,
    });
    expect(
      Object.fromEntries(list.json<Summary[]>().map((c) => [c.serial, c.revocationReason ?? c.status])),
    ).toEqual({
      [old.serial]: 'superseded',
      [certificate.serial]: 'valid',
    });
    const again = await api.operatorPost(`/api/v1/certificates/${old.serial}/renew`, {
      ...PIN,
      revokeOld: true,
    });
    expect(again.json()).toMatchObject({ status: 409, code: 'CERT_NOT_VALID' });
  });

  it('renewal certifies the registration data as edited since: the preview lists each change old → new, the new certificate has them', async () => {
    const user = await api.registerUser('renewedit');
    const old = await api.issue(user.id, { ...PIN, keySpec: 'ecdsa-p256' });
    const unchanged = await app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${old.serial}/renewal-preview`,
      headers: operator,
    });
    expect(unchanged.json()).toEqual({ subject: expect.any(String) as string, changes: [] });

    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: operator,
      payload: { version: 1, profile: { locality: 'Тула', surname: 'Петрова' } },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const preview = await app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${old.serial}/renewal-preview`,
      headers: operator,
    });
    const { changes, subject } = preview.json<{
      subject: string;
      changes: { type: string; name: string; from: string | null; to: string | null }[];
    }>();
    expect(changes).toEqual(
      expect.arrayContaining([
        { type: OID.locality, name: 'locality', from: null, to: 'Тула' },
        { type: OID.surname, name: 'surname', from: 'Иванов', to: 'Петрова' },
        expect.objectContaining({
          type: OID.commonName,
          from: 'Иванов Иван Иванович',
          to: 'Петрова Иван Иванович',
        }),
      ]),
    );
    expect(changes.map((change) => change.type)).not.toContain(OID.snils);

    // The operator confirmed the data the preview showed; edited again in between, the renewal is refused and no key is made.
    const keysBefore = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM stored_keys');
    const again = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: operator,
      payload: { version: 2, profile: { locality: 'Тверь' } },
    });
    expect(again.statusCode, again.body).toBe(200);
    const stale = await api.operatorPost(`/api/v1/certificates/${old.serial}/renew`, {
      ...PIN,
      expectedSubject: subject,
    });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CONCURRENT_EDIT' });
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM stored_keys')).rows).toEqual(
      keysBefore.rows,
    );
    const restored = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: operator,
      payload: { version: 3, profile: { locality: 'Тула' } },
    });
    expect(restored.statusCode, restored.body).toBe(200);

    const renewed = await api.operatorPost(`/api/v1/certificates/${old.serial}/renew`, {
      ...PIN,
      expectedSubject: subject,
    });
    expect(renewed.statusCode, renewed.body).toBe(201);
    const { certificate } = renewed.json<{ certificate: Summary }>();
    expect(certificate.subject).toBe(subject);
    expect(certificate.subject).toContain('Петрова Иван Иванович');
    const view = await app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${certificate.serial}`,
      headers: operator,
    });
    expect(view.json<{ details: { subject: { type: string; value: string }[] } }>().details.subject).toEqual(
      expect.arrayContaining([{ type: OID.locality, name: expect.any(String) as string, value: 'Тула' }]),
    );
  });

  it('PKCS#10 upload: an OpenSSL GOST request is issued on its own key; a tampered one is refused', async () => {
    const user = await api.registerUser('sidorov');
    const key = join(dir, 'gost.key');
    opensslGostKey(key);
    // A qualified person's subject as the user's own tool spells it (SNILS 1.2.643.100.3, INN 1.2.643.3.131.1.1).
    const csrPem = openssl([
      'req',
      '-new',
      '-utf8',
      '-key',
      key,
      '-subj',
      '/C=RU/CN=Сидоров Пётр Петрович/SN=Сидоров/GN=Пётр Петрович/1.2.643.100.3=11223344595/1.2.643.3.131.1.1=500100732259',
    ]).stdout.toString();
    const url = `/api/v1/users/${user.id}/certificates/from-request`;

    // Query strings are text: validityDays is digits, its range checked like the body's.
    expect((await api.operatorPost(`${url}?validityDays=thirty`, { csr: csrPem })).json()).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect((await api.operatorPost(`${url}?validityDays=2000`, { csr: csrPem })).json()).toMatchObject({
      status: 400,
      code: 'VALIDITY_INVALID',
    });
    const fromPem = await api.operatorPost(`${url}?validityDays=30`, { csr: csrPem });
    expect(fromPem.statusCode, fromPem.body).toBe(201);
    const thirtyDays = fromPem.json<Summary & { notBefore: string; notAfter: string }>();
    expect(thirtyDays.subject).toContain('CN=Иванов Иван Иванович');
    expect(Date.parse(thirtyDays.notAfter) - Date.parse(thirtyDays.notBefore)).toBeLessThanOrEqual(
      30 * 86_400_000,
    );
    expect(Date.parse(thirtyDays.notAfter) - Date.parse(thirtyDays.notBefore)).toBeGreaterThan(
      29 * 86_400_000,
    );

    const der = openssl(['req', '-in', '-', '-outform', 'DER'], csrPem).stdout;
    const fromDer = await app.inject({
      method: 'POST',
      url: `${url}?subjectFrom=request`,
      headers: { ...operator, 'content-type': 'application/pkcs10' },
      payload: der,
    });
    expect(fromDer.statusCode, fromDer.body).toBe(201);
    const issued = fromDer.json<Summary>();
    expect(issued.subject).toContain('CN=Сидоров Пётр Петрович');
    const dl = await app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${issued.serial}/download`,
      headers: operator,
    });
    const cert = parseCertificate(new Uint8Array(dl.rawPayload));
    const publicKey = openssl(['pkey', '-in', key, '-pubout', '-outform', 'DER']).stdout;
    expect(Buffer.from(cert.asn1.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey).toString('hex')).toBe(
      publicKey.subarray(publicKey.length - 66).toString('hex'),
    );

    const tampered = Buffer.from(der);
    tampered[tampered.length - 1]! ^= 0x01;
    const refused = await app.inject({
      method: 'POST',
      url,
      headers: { ...operator, 'content-type': 'application/pkcs10' },
      payload: tampered,
    });
    expect(refused.json()).toMatchObject({ status: 422, code: 'CSR_SIGNATURE_INVALID' });
    const pinChange = await api.operatorPost(`/api/v1/certificates/${issued.serial}/unlock-key`);
    expect(pinChange.json()).toMatchObject({ status: 409, code: 'KEY_NOT_HELD' });
    const details = await app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${issued.serial}`,
      headers: operator,
    });
    // The holder made the key with their own tool: the certificate does not call it our cloud signature.
    expect(details.json()).toMatchObject({
      key: { held: false, locked: false, store: null },
      details: { subjectSignTool: HOLDER_SIGN_TOOL },
    });
  });

  it('a user sees only their own certificates and changes the key PIN; wrong old PIN → KEY_PIN_WRONG, operator unlocks', async () => {
    const own = await api.registerUser('kuznetsov');
    const other = await api.registerUser('smirnov');
    const mine = await api.issue(own.id, PIN);
    const theirs = await api.issue(other.id, PIN);
    const headers = await api.userSession(own);

    const list = await app.inject({ method: 'GET', url: '/api/v1/me/certificates', headers });
    expect(list.json<Summary[]>().map((c) => c.serial)).toEqual([mine.serial]);
    const view = await app.inject({ method: 'GET', url: `/api/v1/me/certificates/${mine.serial}`, headers });
    expect(view.json()).toMatchObject({ serial: mine.serial, status: 'valid' });
    for (const url of [
      `/api/v1/me/certificates/${theirs.serial}`,
      `/api/v1/me/certificates/${theirs.serial}/download`,
    ]) {
      expect((await app.inject({ method: 'GET', url, headers })).json()).toMatchObject({
        status: 404,
        code: 'CERT_NOT_FOUND',
      });
    }
    const download = await app.inject({
      method: 'GET',
      url: `/api/v1/me/certificates/${mine.serial}/download?format=pem`,
      headers,
    });
    expect(download.body).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const onOperatorRoute = await app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${mine.serial}`,
      headers,
    });
    expect(onOperatorRoute.statusCode).toBe(401);

    const pinUrl = `/api/v1/me/certificates/${mine.serial}/pin`;
    const wrong = await app.inject({
      method: 'POST',
      url: pinUrl,
      headers,
      payload: { oldPin: '00000000', newPin: 'my-own-pin' },
    });
    expect(wrong.json()).toMatchObject({ status: 403, code: 'KEY_PIN_WRONG', remainingAttempts: 4 });
    const notMine = await app.inject({
      method: 'POST',
      url: `/api/v1/me/certificates/${theirs.serial}/pin`,
      headers,
      payload: { oldPin: PIN.pin, newPin: 'my-own-pin' },
    });
    expect(notMine.statusCode).toBe(404);
    expect((await api.operatorPost(`/api/v1/certificates/${mine.serial}/unlock-key`)).statusCode).toBe(204);
    const changed = await app.inject({
      method: 'POST',
      url: pinUrl,
      headers,
      payload: { oldPin: PIN.pin, newPin: 'my-own-pin' },
    });
    expect(changed.statusCode).toBe(204);
    await expectKeySignsFor(ctx, mine.serial, 'my-own-pin');
    const audit = await db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action LIKE 'key.%' ORDER BY seq",
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'key.pin_change_failed',
      'key.unlock',
      'key.pin_change',
      'key.sign',
    ]);
  });

  it('wrong PINs lock the key: the operator and the holder see it locked → the operator unlocks it; the holder prints the form', async () => {
    const user = await api.registerUser('lebedev');
    const issued = await api.issue(user.id, PIN);
    const headers = await api.userSession(user);
    const keyOf = async (url: string, as: Record<string, string>) =>
      (await app.inject({ method: 'GET', url, headers: as })).json<{ key: unknown }>().key;
    const operatorView = `/api/v1/certificates/${issued.serial}`;
    const ownView = `/api/v1/me/certificates/${issued.serial}`;
    expect(await keyOf(operatorView, operator)).toEqual({
      held: true,
      locked: false,
      store: 'software',
      remainingAttempts: 5,
      confirmation: 'pin',
    });
    const wrongPin = () =>
      app.inject({
        method: 'POST',
        url: `${ownView}/pin`,
        headers,
        payload: { oldPin: '00000000', newPin: 'my-own-pin' },
      });
    for (let left = 4; left >= 0; left--) {
      expect((await wrongPin()).json()).toMatchObject({ code: 'KEY_PIN_WRONG', remainingAttempts: left });
    }
    expect((await wrongPin()).json()).toMatchObject({ status: 423, code: 'KEY_LOCKED' });
    const locked = { held: true, locked: true, store: 'software', remainingAttempts: 0, confirmation: 'pin' };
    expect(await keyOf(operatorView, operator)).toEqual(locked);
    expect(await keyOf(ownView, headers)).toEqual(locked);
    expect((await api.operatorPost(`${operatorView}/unlock-key`)).statusCode).toBe(204);
    expect(await keyOf(ownView, headers)).toMatchObject({ locked: false, remainingAttempts: 5 });

    const form = await app.inject({ method: 'GET', url: `${ownView}/print-form?lang=en`, headers });
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-type']).toBe('application/pdf');
    expect(form.headers['content-disposition']).toContain(`certificate-${issued.serial}.pdf`);
    expect(form.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const other = await api.registerUser('orlov');
    const notMine = await api.issue(other.id, PIN);
    const refused = await app.inject({
      method: 'GET',
      url: `/api/v1/me/certificates/${notMine.serial}/print-form`,
      headers,
    });
    expect(refused.json()).toMatchObject({ status: 404, code: 'CERT_NOT_FOUND' });
  });

  it('two concurrent revocations: one 200, the other 409 CERT_ALREADY_REVOKED; the audit chain holds', async () => {
    const user = await api.registerUser('volkov');
    const issued = await api.issue(user.id, PIN);
    const url = `/api/v1/certificates/${issued.serial}/revoke`;
    const answers = await Promise.all([
      api.operatorPost(url, { reason: 'superseded' }),
      api.operatorPost(url, { reason: 'keyCompromise' }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.statusCode === 409)?.json()).toMatchObject({ code: 'CERT_ALREADY_REVOKED' });
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  });
});
