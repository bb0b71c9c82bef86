import { randomBytes } from 'node:crypto';
import { streebog256 } from '@podpis/gost';
import { approvalChallenge, generateDeviceKey, toBase64url, type PendingOperation } from '@podpis/confirm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@podpis/testkit';
import type { EvidencePackage } from '../src/signing/evidence.js';
import { renderEvidenceSummary } from '../src/signing/evidence-pdf.js';
import { verifyEvidencePackage } from '../src/signing/evidence-verify.js';
import { staffWithCertificate, TEST_PIN } from './support/api.js';
import { TestDevice, type Headers } from './support/device.js';
import { OPERATIONS, SigningFixture, type Operation } from './support/signing.js';

interface DeviceOperation extends Operation {
  device?: {
    status: string;
    verificationCode: string;
    offline: string;
    remainingOfflineAttempts: number;
    device?: { name: string };
  };
}

describe('mobile confirmation: devices enrol, approve on their key, and the server signs exactly what they approved', () => {
  let f: SigningFixture;
  let admin: Headers;
  beforeAll(async () => {
    f = await SigningFixture.start();
    const { der } = await staffWithCertificate(f.db, 'admin');
    admin = {
      'x-test-client-certificate': Buffer.from(der).toString('base64'),
      'x-requested-with': 'podpis-test',
    };
  }, 120_000);
  afterAll(() => f.close());

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    headers: Headers,
    payload?: object,
  ) => f.api.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  const document = Buffer.from('Договор № 42 об оказании услуг\n');
  const signDocument = (session: Headers, serial: string, content = document) =>
    f.create(session, {
      certificate: serial,
      format: 'cades',
      documents: [{ name: 'договор.txt', content: content.toString('base64') }],
    });

  const confirmWith = (session: Headers, id: string, body: Record<string, unknown>) =>
    inject('POST', `${OPERATIONS}/${id}/confirm`, session, body);
  const confirmDecryption = (session: Headers, id: string, body: Record<string, unknown>) =>
    inject('POST', `/api/v1/decryption-operations/${id}/confirm`, session, body);

  /** The evidence package's device-approval check, as `podpis evidence verify` runs it offline. */
  async function approvalInEvidence(session: Headers, id: string) {
    const text = (await f.get(session, `${OPERATIONS}/${id}/evidence`)).body;
    const verified = await verifyEvidencePackage(text, { trustAnchors: [f.cas.root.certificate] });
    const check = verified.checks.find((c) => c.check === 'device-approval');
    expect(verified.checks.filter((c) => !c.ok)).toEqual([]);
    return check && { ok: check.ok, detail: check.detail };
  }

  async function holderWithDevice(login: string, issue: Record<string, unknown> = TEST_PIN) {
    const user = await f.api.registerUser(login);
    const issued = await f.api.issue(user.id, issue);
    const session = await f.api.userSession(user);
    const device = await TestDevice.enrol(f.api, session);
    return { user, session, serial: issued.serial, device };
  }

  it('enrolment: a one-time code enrols a named device; the channel is sealed at rest; the code cannot be used again', async () => {
    const user = await f.api.registerUser('enrol-user');
    const session = await f.api.userSession(user);
    const started = await inject('POST', '/api/v1/me/devices/enrolments', session);
    expect(started.statusCode).toBe(201);
    const enrolment = started.json<{ id: string; activationCode: string; link: string }>();
    expect(enrolment.activationCode).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    expect(enrolment.link).toBe(
      `https://localhost:80/mobile/#enrol=${enrolment.activationCode.replace('-', '')}`,
    );
    expect(
      (await inject('GET', `/api/v1/me/devices/enrolments/${enrolment.id}`, session)).json(),
    ).toMatchObject({ status: 'pending' });

    const device = await TestDevice.enrolWithCode(f.api, enrolment.activationCode.toLowerCase(), 'Телефон');
    expect(device.id).toBe(enrolment.id);
    const status = (await inject('GET', `/api/v1/me/devices/enrolments/${enrolment.id}`, session)).json<{
      status: string;
      device: { name: string };
    }>();
    expect(status).toMatchObject({
      status: 'completed',
      device: { name: 'Телефон', kind: 'authenticator', status: 'active' },
    });
    const listed = (await inject('GET', '/api/v1/me/devices', session)).json<{ items: { id: string }[] }>();
    expect(listed.items.map((d) => d.id)).toEqual([device.id]);
    expect(await f.audited('device.enrol', `device:${device.id}`)).toBe(1);
    expect(await f.audited('device.enrolment_start', `account:${user.id}`)).toBe(1);

    const { rows } = await f.db.query<{ channel: Buffer }>('SELECT channel FROM devices WHERE id = $1', [
      device.id,
    ]);
    expect(rows[0]!.channel.length).toBeGreaterThan(32);
    const used = await inject(
      'POST',
      '/api/v1/device/enrolment',
      {},
      { activationCode: enrolment.activationCode },
    );
    expect(used.json()).toMatchObject({ status: 404, code: 'DEVICE_ENROLMENT_NOT_FOUND' });
    const unknown = await inject('POST', '/api/v1/device/enrolment', {}, { activationCode: 'AAAAA-BBBBB' });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'DEVICE_ENROLMENT_NOT_FOUND' });
  });

  it('a PIN key under the default policy: the device approves (same verification code), then the PIN signs; the approval is evidence', async () => {
    const { session, serial, device } = await holderWithDevice('pin-and-device');
    const created = await signDocument(session, serial);
    expect(created.statusCode, created.body).toBe(201);
    const operation = created.json<DeviceOperation>();
    expect(operation.confirmationMethods).toEqual(['device+pin']);
    expect(operation.device?.status).toBe('pending');
    expect(operation.device?.verificationCode).toMatch(/^\d{4}$/);

    const early = await confirmWith(session, operation.id, { method: 'device+pin', pin: TEST_PIN.pin });
    expect(early.json()).toMatchObject({ status: 409, code: 'DEVICE_APPROVAL_REQUIRED' });
    expect(
      (await confirmWith(session, operation.id, { method: 'pin', pin: TEST_PIN.pin })).json(),
    ).toMatchObject({
      code: 'CONFIRMATION_METHOD_MISMATCH',
    });

    const [pending] = await device.pending();
    expect(pending).toMatchObject({
      operation: operation.id,
      kind: 'sign',
      requester: { kind: 'cabinet' },
      format: 'cades',
      verificationCode: operation.device!.verificationCode,
      pinAfterApproval: true,
      documents: [{ name: 'договор.txt', size: document.length, preview: true }],
    });
    const preview = await device.send({ type: 'preview', operation: operation.id, document: 0 });
    expect(preview.response.statusCode, preview.response.body).toBe(200);
    expect(preview.reply).toMatchObject({ type: 'preview', mediaType: 'text/plain', truncated: false });
    expect(Buffer.from((preview.reply as { content: string }).content, 'base64url').equals(document)).toBe(
      true,
    );

    const decided = await device.decide(device.approvalOf(pending!));
    expect(decided.reply).toEqual({ type: 'decided', operation: operation.id, outcome: 'approved' });
    const waiting = (await f.get(session, `${OPERATIONS}/${operation.id}`)).json<DeviceOperation>();
    expect(waiting).toMatchObject({
      status: 'awaiting_confirmation',
      device: { status: 'approved', device: { name: 'Рабочий ноутбук' } },
    });

    const wrongPin = await confirmWith(session, operation.id, { method: 'device+pin', pin: '87654321' });
    expect(wrongPin.json()).toMatchObject({ code: 'KEY_PIN_WRONG' });
    const done = await confirmWith(session, operation.id, { method: 'device+pin', pin: TEST_PIN.pin });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<DeviceOperation>()).toMatchObject({
      status: 'completed',
      confirmationMethod: 'device+pin',
      device: { status: 'used' },
    });
    const result = await f.get(session, done.json<Operation>().results![0]!);
    expect(f.opensslVerify(result.rawPayload, document).stderr).toMatch(/Verification successful/);

    const { rows } = await f.db.query<{
      details: { signedText: string; signature: string; devicePublicKey: string };
    }>("SELECT details FROM audit_log WHERE action = 'device.approve' AND target = $1", [
      `signing-operation:${operation.id}`,
    ]);
    expect(rows[0]!.details.signedText).toContain(`operation=${operation.id}`);
    const { rows: signs } = await f.db.query<{ details: { confirmation: string; approval: string } }>(
      "SELECT details FROM audit_log WHERE action = 'key.sign' ORDER BY seq DESC LIMIT 1",
    );
    expect(signs[0]!.details.confirmation).toBe('device+pin');
    expect(signs[0]!.details.approval).toMatch(/^[0-9a-f-]{36}$/);
    // The printable summary names the device and checks its approval as `podpis evidence verify` does.
    const evidence = (await f.get(session, `${OPERATIONS}/${operation.id}/evidence`)).json<EvidencePackage>()
      .evidence;
    const summary = async (shown: EvidencePackage['evidence']) => {
      const dir = tempDir('podpis-device-evidence-');
      writeFileSync(join(dir, 'summary.pdf'), await renderEvidenceSummary(shown, 'ru'));
      return execFileSync('pdftotext', [join(dir, 'summary.pdf'), '-'], { encoding: 'utf8' });
    };
    const printed = await summary(evidence);
    expect(printed).toContain('Подтверждение на устройстве');
    expect(printed).toContain('Рабочий ноутбук — podpis-authenticator');
    expect(printed).toContain('подпись устройства верна');
    const forged = structuredClone(evidence);
    forged.audit.find((r) => r.action === 'device.approve')!.details['signature'] = toBase64url(
      randomBytes(64),
    );
    expect(await summary(forged)).toContain('НЕ ПРОХОДИТ');
    // The same approval again, in a new message: the operation is decided.
    const again = await device.decide(device.approvalOf(pending!));
    expect(again.response.json()).toMatchObject({ status: 403, code: 'DEVICE_APPROVAL_INVALID' });
    expect(await f.audited('device.approval_refused', `device:${device.id}`)).toBe(1);
  });

  it('a key issued for device confirmation has no PIN: the approval signs at once', async () => {
    const { session, serial, device } = await holderWithDevice('device-only', { confirmation: 'device' });
    const certificate = (await inject('GET', `/api/v1/certificates/${serial}`, f.api.operator)).json<{
      key: { confirmation: string };
    }>();
    expect(certificate.key.confirmation).toBe('device');
    const operation = (await signDocument(session, serial)).json<DeviceOperation>();
    expect(operation.confirmationMethods).toEqual(['device']);
    const [pending] = await device.pending();
    expect(pending!.pinAfterApproval).toBe(false);
    const decided = await device.decide(device.approvalOf(pending!));
    expect(decided.reply).toEqual({ type: 'decided', operation: operation.id, outcome: 'completed' });
    const done = (await f.get(session, `${OPERATIONS}/${operation.id}`)).json<DeviceOperation>();
    expect(done).toMatchObject({ status: 'completed', confirmationMethod: 'device' });
    const result = await f.get(session, `${OPERATIONS}/${operation.id}/results/0`);
    expect(f.opensslVerify(result.rawPayload, document).stderr).toMatch(/Verification successful/);
    // A PIN is no confirmation for this key.
    const other = (await signDocument(session, serial)).json<DeviceOperation>();
    expect((await confirmWith(session, other.id, { method: 'pin', pin: TEST_PIN.pin })).json()).toMatchObject(
      {
        code: 'CONFIRMATION_METHOD_MISMATCH',
      },
    );

    // A system with the holder's API token asks: the device names the token.
    const token = await inject('POST', '/api/v1/session/tokens', session, {
      name: 'СЭД «Дело»',
      scopes: ['signing'],
    });
    expect(token.statusCode, token.body).toBe(201);
    const bearer = { authorization: `Bearer ${token.json<{ token: string }>().token}` };
    const fromApi = (await signDocument(bearer, serial)).json<DeviceOperation>();
    const asked = (await device.pending()).find((p) => p.operation === fromApi.id);
    expect(asked?.requester).toEqual({ kind: 'api', name: 'СЭД «Дело»' });
  });

  it('decryption too: the device approves what the key will decrypt, then the PIN opens the message; a device key decrypts on approval', async () => {
    const secret = Buffer.from('Зарплатная ведомость за ноябрь');
    for (const [login, issue, method] of [
      ['decrypt-pin', TEST_PIN, 'device+pin'],
      ['decrypt-device', { confirmation: 'device' }, 'device'],
    ] as const) {
      const { session, serial, device } = await holderWithDevice(login, issue);
      const encrypted = await inject('POST', '/api/v1/encryptions', session, {
        content: secret.toString('base64'),
        recipients: [{ serial }],
      });
      expect(encrypted.statusCode, encrypted.body).toBe(200);
      const created = await inject('POST', '/api/v1/decryption-operations', session, {
        certificate: serial,
        message: encrypted.rawPayload.toString('base64'),
      });
      expect(created.statusCode, created.body).toBe(201);
      const operation = created.json<DeviceOperation & { result?: { url: string } }>();
      expect(operation.confirmationMethods).toEqual([method]);
      const [pending] = await device.pending();
      expect(pending).toMatchObject({
        operation: operation.id,
        kind: 'decrypt',
        format: 'cms',
        verificationCode: operation.device!.verificationCode,
      });
      const decided = await device.decide(device.approvalOf(pending!));
      const url = `/api/v1/decryption-operations/${operation.id}`;
      if (method === 'device') expect(decided.reply).toMatchObject({ outcome: 'completed' });
      else {
        expect(decided.reply).toMatchObject({ outcome: 'approved' });
        const confirmed = await confirmDecryption(session, operation.id, { method, pin: TEST_PIN.pin });
        expect(confirmed.statusCode, confirmed.body).toBe(200);
      }
      const done = (await inject('GET', url, session)).json<{ status: string; result: { url: string } }>();
      expect(done.status).toBe('completed');
      expect((await inject('GET', done.result.url, session)).rawPayload.equals(secret)).toBe(true);
    }
  });

  it("a WebAuthn device (the mobile app's credential, user verified) enrols and approves; a replayed or foreign assertion is refused", async () => {
    const user = await f.api.registerUser('webauthn-user');
    const serial = (await f.api.issue(user.id, { confirmation: 'device' })).serial;
    const session = await f.api.userSession(user);
    const device = await TestDevice.enrol(f.api, session, 'Смартфон', 'webauthn');
    const listed = (await inject('GET', '/api/v1/me/devices', session)).json<{ items: { kind: string }[] }>();
    expect(listed.items[0]!.kind).toBe('webauthn');

    const first = (await signDocument(session, serial)).json<DeviceOperation>();
    const second = (await signDocument(session, serial, Buffer.from('Второй'))).json<DeviceOperation>();
    const pending = await device.pending();
    const [p1, p2] = [first, second].map((op) => pending.find((p) => p.operation === op.id)!);
    const approval1 = device.approvalOf(p1!);
    const assertion = device.assert(toBase64url(await approvalChallenge(approval1)));
    // An assertion made for one approval does not approve another.
    const foreign = await device.send({
      type: 'decide',
      approval: device.approvalOf(p2!),
      webauthn: assertion,
    });
    expect(foreign.response.json()).toMatchObject({ status: 403, code: 'DEVICE_APPROVAL_INVALID' });
    const approved = await device.send({ type: 'decide', approval: approval1, webauthn: assertion });
    expect(approved.reply).toMatchObject({ operation: first.id, outcome: 'completed' });
    const result = await f.get(session, `${OPERATIONS}/${first.id}/results/0`);
    expect(f.opensslVerify(result.rawPayload, document).stderr).toMatch(/Verification successful/);
    expect(await approvalInEvidence(session, first.id)).toEqual({
      ok: true,
      detail: "approved on «Смартфон» (WebAuthn): the device's key signed the approval of this operation",
    });
    // The same assertion again (its signature counter does not rise): refused.
    const replayed = await device.send({
      type: 'decide',
      approval: device.approvalOf(p2!),
      webauthn: assertion,
    });
    expect(replayed.response.json()).toMatchObject({ code: 'DEVICE_APPROVAL_INVALID' });
    expect((await device.decide(device.approvalOf(p2!))).reply).toMatchObject({
      operation: second.id,
      outcome: 'completed',
    });
  });

  it('declined on the device: the operation is cancelled and nothing is signed', async () => {
    const { session, serial, device } = await holderWithDevice('decliner');
    const operation = (await signDocument(session, serial)).json<DeviceOperation>();
    const [pending] = await device.pending();
    const decided = await device.decide(device.approvalOf(pending!, 'decline'));
    expect(decided.reply).toEqual({ type: 'decided', operation: operation.id, outcome: 'declined' });
    expect((await f.get(session, `${OPERATIONS}/${operation.id}`)).json()).toMatchObject({
      status: 'cancelled',
      device: { status: 'declined' },
    });
    expect(
      (await confirmWith(session, operation.id, { method: 'device+pin', pin: TEST_PIN.pin })).json(),
    ).toMatchObject({
      code: 'SIGNING_OPERATION_CANCELLED',
    });
    expect(await f.audited('device.decline', `signing-operation:${operation.id}`)).toBe(1);
    expect(await device.pending()).toEqual([]);
  });

  it('expiry: an operation past its end is refused on the device and offline; an approval past its validity no longer lets the PIN sign', async () => {
    const { user, session, serial, device } = await holderWithDevice('late-user');
    const late = (await signDocument(session, serial)).json<DeviceOperation>();
    const [pending] = await device.pending();
    const code = await device.offlineCode(late.device!.offline);
    const lapsed = (await signDocument(session, serial)).json<DeviceOperation>();
    const forLapsed = (await device.pending()).find((p) => p.operation === lapsed.id)!;
    expect((await device.decide(device.approvalOf(forLapsed))).reply).toMatchObject({ outcome: 'approved' });
    try {
      // Past the approval's validity (300 s by default) but within the operation's life (600 s).
      f.clockOffset = 301_000;
      expect(
        (await confirmWith(session, lapsed.id, { method: 'device+pin', pin: TEST_PIN.pin })).json(),
      ).toMatchObject({ status: 410, code: 'DEVICE_APPROVAL_EXPIRED' });

      f.clockOffset = 601_000;
      const decided = await device.decide(
        device.approvalOf(pending!, 'approve', new Date(Date.now() + 601_000)),
      );
      expect(decided.response.json()).toMatchObject({ status: 410, code: 'DEVICE_APPROVAL_EXPIRED' });
      expect(await f.audited('device.approval_refused', `device:${device.id}`)).toBe(1);
      expect((await device.pending()).map((p) => p.operation)).not.toContain(late.id);
      const offline = await confirmWith(session, late.id, { method: 'device+pin', pin: TEST_PIN.pin, code });
      expect(offline.statusCode).toBe(410);
      expect((await f.get(session, `${OPERATIONS}/${late.id}`)).json()).toMatchObject({
        status: 'expired',
        device: { status: 'pending' },
      });
    } finally {
      f.clockOffset = 0;
    }
    // The key signed nothing for this user.
    const { rows: signed } = await f.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'key.sign' AND actor = $1",
      [`user:${user.id}`],
    );
    expect(signed).toEqual([]);
  });

  it('attacks are refused: a replayed message, an approval of another operation, by another key, after the documents changed, by a removed device', async () => {
    const { session, serial, device } = await holderWithDevice('attacked');
    const a = (await signDocument(session, serial)).json<DeviceOperation>();
    const b = (await signDocument(session, serial, Buffer.from('Другой документ'))).json<DeviceOperation>();
    const pending = await device.pending();
    const pa = pending.find((p) => p.operation === a.id)!;
    const pb = pending.find((p) => p.operation === b.id)!;

    const replayed = await device.send({ type: 'pending' }, device.lastSent);
    expect(replayed.response.json()).toMatchObject({ status: 409, code: 'DEVICE_MESSAGE_REPLAYED' });

    const swapped: PendingOperation = { ...pb, digest: pa.digest };
    expect((await device.decide(device.approvalOf(swapped))).response.json()).toMatchObject({
      code: 'DEVICE_APPROVAL_INVALID',
    });
    const otherKey = await generateDeviceKey(false);
    expect((await device.decide(device.approvalOf(pb), otherKey.privateKey)).response.json()).toMatchObject({
      code: 'DEVICE_APPROVAL_INVALID',
    });
    const stale = device.approvalOf(pb, 'approve', new Date(Date.now() - 60 * 60_000));
    expect((await device.decide(stale)).response.json()).toMatchObject({ code: 'DEVICE_APPROVAL_INVALID' });

    expect((await device.decide(device.approvalOf(pa))).reply).toMatchObject({ outcome: 'approved' });
    // What the key would sign is changed behind the approval's back.
    await f.db.query(
      `UPDATE signing_operations SET to_be_signed = jsonb_build_array($2::text) WHERE id = $1`,
      [a.id, Buffer.from(streebog256(randomBytes(8))).toString('hex')],
    );
    expect(
      (await confirmWith(session, a.id, { method: 'device+pin', pin: TEST_PIN.pin })).json(),
    ).toMatchObject({
      status: 403,
      code: 'DEVICE_APPROVAL_INVALID',
    });

    const removed = await inject('DELETE', `/api/v1/me/devices/${device.id}`, session);
    expect(removed.statusCode).toBe(204);
    expect((await device.decide(device.approvalOf(pb))).response.json()).toMatchObject({
      status: 401,
      code: 'DEVICE_MESSAGE_INVALID',
    });
    expect(await f.audited('device.remove', `device:${device.id}`)).toBe(1);
  });

  it('offline: the code from the QR summary confirms; wrong codes are counted and the fifth refuses the operation', async () => {
    const { session, serial, device } = await holderWithDevice('offline-user');
    const operation = (await signDocument(session, serial)).json<DeviceOperation>();
    const code = await device.offlineCode(operation.device!.offline);
    expect(code).toMatch(/^\d{8}$/);
    const done = await confirmWith(session, operation.id, { method: 'device+pin', pin: TEST_PIN.pin, code });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<DeviceOperation>()).toMatchObject({
      status: 'completed',
      device: { status: 'used', via: 'offline' },
    });
    expect((await approvalInEvidence(session, operation.id))?.detail).toMatch(/offline code \(OCRA\)/);

    const second = (await signDocument(session, serial)).json<DeviceOperation>();
    const wrong = String((Number(await device.offlineCode(second.device!.offline)) + 1) % 1e8).padStart(
      8,
      '0',
    );
    for (let remaining = 4; remaining >= 1; remaining--) {
      const refused = await confirmWith(session, second.id, {
        method: 'device+pin',
        pin: TEST_PIN.pin,
        code: wrong,
      });
      expect(refused.json()).toMatchObject({
        status: 403,
        code: 'DEVICE_CODE_WRONG',
        remainingAttempts: remaining,
      });
    }
    const locked = await confirmWith(session, second.id, {
      method: 'device+pin',
      pin: TEST_PIN.pin,
      code: wrong,
    });
    expect(locked.json()).toMatchObject({ status: 423, code: 'DEVICE_CODE_ATTEMPTS_EXCEEDED' });
    expect((await f.get(session, `${OPERATIONS}/${second.id}`)).json()).toMatchObject({
      status: 'failed',
      device: { status: 'refused' },
    });
    // The right code is of no use now.
    const right = await device.offlineCode(second.device!.offline);
    expect(
      (await confirmWith(session, second.id, { method: 'device+pin', pin: TEST_PIN.pin, code: right }))
        .statusCode,
    ).not.toBe(200);
  });

  it('policy: off → the PIN alone; required → DEVICE_REQUIRED without a device; batch limit; a per-user override; audited', async () => {
    const lone = await f.api.registerUser('no-device');
    const loneSerial = (await f.api.issue(lone.id, TEST_PIN)).serial;
    const loneSession = await f.api.userSession(lone);
    const { session, serial, user } = await holderWithDevice('policy-user');

    const bad = await inject('PUT', '/api/v1/confirmation-policy', admin, {
      device: 'sometimes',
      operations: [],
      approvalSeconds: 1,
      maxDocuments: 0,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (
        await inject('PUT', '/api/v1/confirmation-policy', f.api.operator, {
          device: 'off',
          operations: ['sign'],
          approvalSeconds: 300,
          maxDocuments: 2,
        })
      ).statusCode,
    ).toBe(403);

    const required = {
      device: 'required',
      operations: ['sign', 'decrypt'],
      approvalSeconds: 120,
      maxDocuments: 2,
    };
    expect((await inject('PUT', '/api/v1/confirmation-policy', admin, required)).json()).toEqual(required);
    expect((await signDocument(loneSession, loneSerial)).json()).toMatchObject({
      status: 409,
      code: 'DEVICE_REQUIRED',
    });
    const three = await f.create(session, {
      certificate: serial,
      format: 'cades',
      documents: [1, 2, 3].map((i) => ({
        name: `${i}.txt`,
        content: Buffer.from(`doc ${i}`).toString('base64'),
      })),
    });
    expect(three.json()).toMatchObject({ status: 422, code: 'DEVICE_BATCH_TOO_LARGE', maxDocuments: 2 });

    const off = { ...required, device: 'off' };
    const override = await inject('PUT', `/api/v1/users/${user.id}/confirmation-policy`, admin, off);
    expect(override.json()).toEqual({ override: off, effective: off });
    expect((await signDocument(session, serial)).json<Operation>().confirmationMethods).toEqual(['pin']);
    await inject('DELETE', `/api/v1/users/${user.id}/confirmation-policy`, admin);
    expect((await signDocument(session, serial)).json<Operation>().confirmationMethods).toEqual([
      'device+pin',
    ]);
    expect(await f.audited('confirmation_policy.update', 'role:user')).toBe(1);
    expect(await f.audited('confirmation_policy.update', `account:${user.id}`)).toBe(1);
    expect(await f.audited('confirmation_policy.clear', `account:${user.id}`)).toBe(1);
    await inject('PUT', '/api/v1/confirmation-policy', admin, {
      device: 'when-enrolled',
      operations: ['sign', 'decrypt'],
      approvalSeconds: 300,
      maxDocuments: 100,
    });
  });

  it("devices are managed by their user and by operators: rename, block (approvals refused), unblock, remove; another user's is not found", async () => {
    const { session, serial, device, user } = await holderWithDevice('manager');
    const other = await holderWithDevice('other-manager');
    const renamed = await inject('PATCH', `/api/v1/me/devices/${device.id}`, session, {
      name: '  Служебный телефон ',
    });
    expect(renamed.json()).toMatchObject({ name: 'Служебный телефон' });
    expect(
      (await inject('PATCH', `/api/v1/me/devices/${device.id}`, session, { name: '\u0007' })).json(),
    ).toMatchObject({ code: 'DEVICE_NAME_INVALID' });
    expect(
      (await inject('PATCH', `/api/v1/me/devices/${other.device.id}`, session, { name: 'x' })).json(),
    ).toMatchObject({ status: 404, code: 'DEVICE_NOT_FOUND' });

    const operation = (await signDocument(session, serial)).json<DeviceOperation>();
    const [pending] = await device.pending();
    expect((await inject('POST', `/api/v1/devices/${device.id}/block`, f.api.operator)).json()).toMatchObject(
      { status: 'blocked' },
    );
    expect((await device.decide(device.approvalOf(pending!))).response.json()).toMatchObject({
      status: 403,
      code: 'DEVICE_BLOCKED',
    });
    expect((await inject('POST', `/api/v1/me/devices/${device.id}/unblock`, session)).json()).toMatchObject({
      status: 'active',
    });
    expect((await device.decide(device.approvalOf(pending!))).reply).toMatchObject({
      operation: operation.id,
      outcome: 'approved',
    });

    const listed = (await inject('GET', `/api/v1/users/${user.id}/devices`, f.api.operator)).json<{
      items: unknown[];
    }>();
    expect(listed.items).toHaveLength(1);
    const forUser = await inject('POST', `/api/v1/users/${user.id}/devices/enrolments`, f.api.operator);
    expect(forUser.statusCode).toBe(201);
    const second = await TestDevice.enrolWithCode(
      f.api,
      forUser.json<{ activationCode: string }>().activationCode,
      'Планшет',
    );
    expect(
      (await inject('GET', '/api/v1/me/devices', session))
        .json<{ items: { name: string }[] }>()
        .items.map((d) => d.name),
    ).toEqual(['Планшет', 'Служебный телефон']);
    expect((await inject('DELETE', `/api/v1/devices/${second.id}`, f.api.operator)).statusCode).toBe(204);
    for (const action of ['device.rename', 'device.block', 'device.unblock']) {
      expect(await f.audited(action, `device:${device.id}`), action).toBe(1);
    }
  });
});
