import { randomBytes, createHash } from 'node:crypto';
import { streebog256 } from '@podpis/gost';
import { parseCadesLevel, parseCms, verifyCms } from '@podpis/pki';
import { opensslVerifyDigest } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRMATION_LEASE_SECONDS } from '../src/signing/operations.js';
import { OPERATIONS, SigningFixture, type Headers, type Operation } from './support/signing.js';

const STREEBOG_256 = '1.2.643.7.1.1.2.2';
const SHA_256 = '2.16.840.1.101.3.4.2.1';

describe('cloud signing: create an operation over digests → confirm with the PIN → download verifiable signatures', () => {
  let f: SigningFixture;
  beforeAll(async () => {
    f = await SigningFixture.start();
  }, 120_000);
  afterAll(() => f.close());

  const holder = (login: string, keySpec?: string) => f.holder(login, keySpec);
  const create = (headers: Headers, payload: Record<string, unknown>) => f.create(headers, payload);
  const confirm = (headers: Headers, id: string, pin?: string) => f.confirm(headers, id, pin);
  const get = (headers: Headers, url: string) => f.get(headers, url);
  const signed = (headers: Headers, payload: Record<string, unknown>) => f.signed(headers, payload);
  const audited = (action: string, target: string) => f.audited(action, target);
  const opensslVerify = (der: Uint8Array, content?: Uint8Array) => f.opensslVerify(der, content);
  const opensslVerifyDetached = (der: Uint8Array, content: Uint8Array) => opensslVerify(der, content).stderr;

  it('a user signs 3 document digests as detached CAdES-BES with a GOST key: each verifies with openssl cms; one key.sign, one signing.complete', async () => {
    const { session, serial, keyId } = await holder('cades-gost');
    const files = [randomBytes(1000), randomBytes(5), Buffer.from('Договор поставки № 7')];
    const created = await create(session, {
      certificate: serial,
      format: 'cades',
      documents: files.map((file, i) => ({
        name: `doc-${i}.pdf`,
        size: file.length,
        digest: Buffer.from(streebog256(file)).toString('hex'),
        digestAlgorithm: STREEBOG_256,
      })),
    });
    expect(created.statusCode, created.body).toBe(201);
    const operation = created.json<Operation>();
    expect(operation).toMatchObject({ status: 'awaiting_confirmation', confirmationMethods: ['pin'] });
    expect(await audited('signing.create', `signing-operation:${operation.id}`)).toBe(1);
    expect((await get(session, `${OPERATIONS}/${operation.id}/results/0`)).json()).toMatchObject({
      status: 404,
      code: 'SIGNING_RESULT_NOT_FOUND',
    });

    const confirmed = await confirm(session, operation.id);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const done = confirmed.json<Operation>();
    expect(done).toMatchObject({ status: 'completed', confirmationMethod: 'pin', confirmationMethods: [] });
    expect(done.results).toHaveLength(3);
    for (const [i, url] of done.results!.entries()) {
      const result = await get(session, url);
      expect(result.statusCode).toBe(200);
      expect(result.headers['content-type']).toBe('application/pkcs7-signature');
      expect(opensslVerifyDetached(result.rawPayload, files[i]!)).toMatch(/Verification successful/);
      expect(() => opensslVerifyDetached(result.rawPayload, Buffer.from('another document'))).toThrow();
    }
    expect(await audited('key.sign', `key:${keyId}`)).toBe(1);
    expect(await audited('signing.complete', `signing-operation:${operation.id}`)).toBe(1);
    expect((await confirm(session, operation.id)).json()).toMatchObject({
      status: 409,
      code: 'SIGNING_OPERATION_COMPLETED',
    });
  });

  it('an ECDSA P-256 key: a raw signature of a SHA-256 digest verifies with openssl dgst; CAdES of an uploaded document verifies with openssl cms', async () => {
    const { session, serial, keyId } = await holder('raw-ecdsa', 'ecdsa-p256');
    const document = randomBytes(4096);
    const raw = await create(session, {
      certificate: serial,
      format: 'raw',
      documents: [{ name: 'report.xml', digest: createHash('sha256').update(document).digest('hex') }],
    });
    expect(raw.statusCode, raw.body).toBe(201);
    expect(raw.json<Operation>().documents[0]).toMatchObject({ digestAlgorithm: SHA_256 });
    const rawDone = (await confirm(session, raw.json<Operation>().id)).json<Operation>();
    expect(rawDone.status).toBe('completed');
    const signature = await get(session, rawDone.results![0]!);
    expect(signature.headers['content-type']).toBe('application/octet-stream');
    const publicKey = await f.ctx.keyStore.publicKey({ id: keyId });
    expect(opensslVerifyDigest(publicKey, document, signature.rawPayload, ['-sha256'])).toContain(
      'Verified OK',
    );

    const cades = await create(session, {
      certificate: serial,
      format: 'cades',
      documents: [{ name: 'small.txt', content: document.toString('base64') }],
    });
    expect(cades.statusCode, cades.body).toBe(201);
    expect(cades.json<Operation>().documents[0]).toMatchObject({ size: 4096, digestAlgorithm: SHA_256 });
    const cadesDone = (await confirm(session, cades.json<Operation>().id)).json<Operation>();
    const cms = await get(session, cadesDone.results![0]!);
    expect(opensslVerifyDetached(cms.rawPayload, document)).toMatch(/Verification successful/);
  });

  it('CAdES levels with a GOST key: attached BES carries the document, T a time stamp from our TSA, X Long Type 1 references and values; OpenSSL verifies each', async () => {
    const { session, serial } = await holder('cades-levels');
    const document = Buffer.from('Приказ № 12 о приёме на работу\n');
    const [attached] = await signed(session, {
      certificate: serial,
      format: 'cades',
      parameters: { detached: false },
      documents: [{ name: 'order.txt', content: document.toString('base64') }],
    });
    expect(attached!.headers['content-type']).toBe('application/pkcs7-mime');
    expect(opensslVerify(attached!.rawPayload).verified.equals(document)).toBe(true);
    expect(parseCadesLevel(attached!.rawPayload).level).toBe('BES');

    for (const [level, expected] of [
      ['T', 'T'],
      ['XLT1', 'X-Long-Type-1'],
    ] as const) {
      const [result] = await signed(session, {
        certificate: serial,
        format: 'cades',
        parameters: { level },
        documents: [{ name: 'order.txt', digest: Buffer.from(streebog256(document)).toString('hex') }],
      });
      const der = result!.rawPayload;
      expect(parseCadesLevel(der).level).toBe(expected);
      expect(opensslVerifyDetached(der, document)).toMatch(/Verification successful/);
      expect((await verifyCms(der, { detachedContent: document })).ok).toBe(true);
    }
  });

  it('a second user co-signs and a third counter-signs the first signature: OpenSSL verifies every signer; the signatures given are checked', async () => {
    const document = Buffer.from('Дополнительное соглашение № 3');
    const digest = Buffer.from(streebog256(document)).toString('hex');
    const first = await holder('cosign-first');
    const second = await holder('cosign-second');
    const third = await holder('countersign-third');
    const [original] = await signed(first.session, {
      certificate: first.serial,
      format: 'cades',
      documents: [{ name: 'agreement.pdf', digest }],
    });
    const [cosigned] = await signed(second.session, {
      certificate: second.serial,
      format: 'cades',
      parameters: { mode: 'co-sign' },
      documents: [{ name: 'agreement.pdf', digest, signature: original!.rawPayload.toString('base64') }],
    });
    expect(parseCms(cosigned!.rawPayload).signers).toHaveLength(2);
    expect(opensslVerifyDetached(cosigned!.rawPayload, document)).toMatch(/Verification successful/);

    const [countersigned] = await signed(third.session, {
      certificate: third.serial,
      format: 'cades',
      parameters: { mode: 'counter-sign', signerIndex: 1 },
      documents: [{ name: 'agreement.pdf.p7s', signature: cosigned!.rawPayload.toString('base64') }],
    });
    const verification = await verifyCms(countersigned!.rawPayload, { detachedContent: document });
    expect(verification.ok).toBe(true);
    expect(verification.signers.map((s) => s.counterSignatures.length)).toEqual([0, 1]);
    expect(opensslVerifyDetached(countersigned!.rawPayload, document)).toMatch(/Verification successful/);

    const refusals: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{ mode: 'co-sign' }, { name: 'x', digest }, 'SIGNING_DOCUMENT_INVALID'],
      [{ mode: 'co-sign' }, { name: 'x', digest, signature: 'bm90IGEgY21z' }, 'SIGNING_SIGNATURE_INVALID'],
      [{ mode: 'counter-sign', level: 'T' }, { name: 'x', signature: 'AA==' }, 'SIGNING_PARAMETERS_INVALID'],
      [{ detached: false }, { name: 'x', digest }, 'SIGNING_DOCUMENT_INVALID'],
      [{ level: 'LTA' }, { name: 'x', digest }, 'VALIDATION_FAILED'],
    ];
    for (const [parameters, document, code] of refusals) {
      const refused = await create(third.session, {
        certificate: third.serial,
        format: 'cades',
        parameters,
        documents: [document],
      });
      expect(refused.json(), JSON.stringify(parameters)).toMatchObject({ code });
    }
  });

  it('history: a user lists their operations by status, format and time; an operator reads any user’s, without the signatures; nobody else’s', async () => {
    const { user, session, serial } = await holder('history');
    const digest = Buffer.from(streebog256(randomBytes(16))).toString('hex');
    const request = { certificate: serial, documents: [{ name: 'a.pdf', digest }] };
    await signed(session, { ...request, format: 'raw' });
    await signed(session, { ...request, format: 'cades' });
    const waiting = (await create(session, { ...request, format: 'cades' })).json<Operation>();

    interface History {
      total: number;
      operations: Operation[];
    }
    const list = async (headers: Record<string, string>, query: string) => {
      const response = await get(headers, `${OPERATIONS}?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<History>();
    };
    const all = await list(session, '');
    expect(all.total).toBe(3);
    expect(all.operations[0]!.id).toBe(waiting.id);
    expect((await list(session, 'status=completed')).total).toBe(2);
    expect((await list(session, 'status=awaiting_confirmation')).operations.map((o) => o.id)).toEqual([
      waiting.id,
    ]);
    expect((await list(session, 'format=raw&status=completed')).total).toBe(1);
    expect((await list(session, 'limit=1&offset=1')).operations).toHaveLength(1);
    expect((await list(session, `from=${new Date(Date.now() + 60_000).toISOString()}`)).total).toBe(0);
    expect((await list((await holder('history-other')).session, '')).total).toBe(0);

    const byOperator = await f.api.app.inject({
      method: 'GET',
      url: `/api/v1/users/${user.id}/signing-operations?status=completed`,
      headers: f.api.operator,
    });
    expect(byOperator.statusCode, byOperator.body).toBe(200);
    const seen = byOperator.json<History>();
    expect(seen.total).toBe(2);
    expect(seen.operations.every((o) => o.results === undefined && o.documents[0]?.digest === digest)).toBe(
      true,
    );
    expect((await get(session, `/api/v1/users/${user.id}/signing-operations`)).statusCode).toBe(401);
  });

  it('a wrong PIN → 403 KEY_PIN_WRONG, nothing signed, the operation still awaits; the right PIN then completes it; two confirmations at once sign once', async () => {
    const { session, serial, keyId } = await holder('wrong-pin');
    const digest = Buffer.from(streebog256(randomBytes(64))).toString('hex');
    const operation = (
      await create(session, { certificate: serial, format: 'raw', documents: [{ name: 'a', digest }] })
    ).json<Operation>();
    const wrong = await confirm(session, operation.id, '00000000');
    expect(wrong.json()).toMatchObject({ status: 403, code: 'KEY_PIN_WRONG', remainingAttempts: 4 });
    expect((await get(session, `${OPERATIONS}/${operation.id}`)).json()).toMatchObject({
      status: 'awaiting_confirmation',
    });
    expect(await audited('key.sign', `key:${keyId}`)).toBe(0);
    const right = await confirm(session, operation.id);
    expect(right.statusCode, right.body).toBe(200);
    expect(await audited('key.sign', `key:${keyId}`)).toBe(1);

    const second = (
      await create(session, { certificate: serial, format: 'cades', documents: [{ name: 'b', digest }] })
    ).json<Operation>();
    const answers = await Promise.all([confirm(session, second.id), confirm(session, second.id)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(await audited('key.sign', `key:${keyId}`)).toBe(2);
    expect(await audited('signing.complete', `signing-operation:${second.id}`)).toBe(1);
  });

  it('a confirmation whose node died holds its claim for the lease only; then another completes the operation', async () => {
    const { session, serial, keyId } = await holder('stale-claim');
    const digest = Buffer.from(streebog256(randomBytes(64))).toString('hex');
    const operation = (
      await create(session, { certificate: serial, format: 'raw', documents: [{ name: 'a', digest }] })
    ).json<Operation>();
    const claimedAt = (secondsAgo: number) => new Date(Date.now() + f.clockOffset - secondsAgo * 1000);
    // As a confirmation leaves it when its process stops between the claim and the signatures.
    await f.db.query("UPDATE signing_operations SET status = 'confirming', claimed_at = $2 WHERE id = $1", [
      operation.id,
      claimedAt(5),
    ]);
    expect((await confirm(session, operation.id)).json()).toMatchObject({
      status: 409,
      code: 'SIGNING_OPERATION_BUSY',
    });
    await f.db.query('UPDATE signing_operations SET claimed_at = $2 WHERE id = $1', [
      operation.id,
      claimedAt(CONFIRMATION_LEASE_SECONDS + 5),
    ]);
    const taken = await confirm(session, operation.id);
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toMatchObject({ status: 'completed' });
    expect(await audited('key.sign', `key:${keyId}`)).toBe(1);
    expect(await audited('signing.complete', `signing-operation:${operation.id}`)).toBe(1);
  });

  it('expired → 410 and shown as expired; cancelled → 204 then 409; somebody else’s operation → 404', async () => {
    const { session, serial } = await holder('lifecycle');
    const digest = Buffer.from(streebog256(randomBytes(8))).toString('hex');
    const request = { certificate: serial, format: 'raw', documents: [{ name: 'a', digest }] };
    const expiring = (await create(session, request)).json<Operation>();
    f.clockOffset = 11 * 60_000;
    try {
      expect((await confirm(session, expiring.id)).json()).toMatchObject({
        status: 410,
        code: 'SIGNING_OPERATION_EXPIRED',
      });
      expect((await get(session, `${OPERATIONS}/${expiring.id}`)).json()).toMatchObject({
        status: 'expired',
      });
    } finally {
      f.clockOffset = 0;
    }

    const cancelled = (await create(session, request)).json<Operation>();
    const cancel = await f.api.app.inject({
      method: 'DELETE',
      url: `${OPERATIONS}/${cancelled.id}`,
      headers: session,
    });
    expect(cancel.statusCode, cancel.body).toBe(204);
    expect((await confirm(session, cancelled.id)).json()).toMatchObject({
      status: 409,
      code: 'SIGNING_OPERATION_CANCELLED',
    });

    const theirs = (await create(session, request)).json<Operation>();
    const other = await holder('other-user');
    for (const response of [
      await get(other.session, `${OPERATIONS}/${theirs.id}`),
      await confirm(other.session, theirs.id),
      await get(other.session, `${OPERATIONS}/not-a-uuid`),
    ]) {
      expect(response.json()).toMatchObject({ status: 404, code: 'SIGNING_OPERATION_NOT_FOUND' });
    }
    expect((await create(other.session, request)).json()).toMatchObject({
      status: 404,
      code: 'CERT_NOT_FOUND',
    });
  });

  it('refused at creation: a revoked certificate (409), a digest of the wrong length or algorithm (422), a token without the signing scope (403)', async () => {
    const { session, serial } = await holder('refusals');
    const digest = Buffer.from(streebog256(randomBytes(8))).toString('hex');
    expect(
      (
        await create(session, {
          certificate: serial,
          format: 'raw',
          documents: [{ name: 'a', digest: 'abcd' }],
        })
      ).json(),
    ).toMatchObject({ status: 422, code: 'SIGNING_DIGEST_INVALID' });
    expect(
      (
        await create(session, {
          certificate: serial,
          format: 'cades',
          documents: [{ name: 'a', digest, digestAlgorithm: SHA_256 }],
        })
      ).json(),
    ).toMatchObject({ status: 422, code: 'SIGNING_DIGEST_ALGORITHM_MISMATCH' });

    const token = await f.api.app.inject({
      method: 'POST',
      url: '/api/v1/session/tokens',
      headers: session,
      payload: { name: 'reader', scopes: ['certificates:read'] },
    });
    const reader = { authorization: `Bearer ${token.json<{ token: string }>().token}` };
    expect(
      (
        await create(reader, { certificate: serial, format: 'raw', documents: [{ name: 'a', digest }] })
      ).json(),
    ).toMatchObject({ status: 403, code: 'INSUFFICIENT_SCOPE', requiredScope: 'signing' });

    const revoked = await f.api.operatorPost(`/api/v1/certificates/${serial}/revoke`, {
      reason: 'keyCompromise',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(
      (
        await create(session, { certificate: serial, format: 'raw', documents: [{ name: 'a', digest }] })
      ).json(),
    ).toMatchObject({ status: 409, code: 'CERT_NOT_VALID' });
  });

  it('an organisation’s key for automatic signing: issued without a PIN (a person’s key may not be); its operations complete at once, each signature verifies, the evidence names confirmation none', async () => {
    const person = await f.api.registerUser('no-pin-person');
    const refused = await f.api.operatorPost(`/api/v1/users/${person.id}/certificates`, {
      confirmation: 'none',
    });
    expect(refused.json()).toMatchObject({ status: 422, code: 'KEY_CONFIRMATION_NOT_ALLOWED' });
    const noPin = await f.api.operatorPost(`/api/v1/users/${person.id}/certificates`, {});
    expect(noPin.json()).toMatchObject({ status: 400, code: 'KEY_PIN_INVALID' });

    const { session, serial } = await f.automaticHolder('robot-edo');
    const files = [randomBytes(300), Buffer.from('Счёт-фактура № 12')];
    const created = await create(session, {
      certificate: serial,
      format: 'cades',
      documents: files.map((file, i) => ({
        name: `invoice-${i}.xml`,
        digest: Buffer.from(streebog256(file)).toString('hex'),
      })),
    });
    expect(created.statusCode, created.body).toBe(201);
    const operation = created.json<Operation>();
    expect(operation).toMatchObject({
      status: 'completed',
      confirmationMethod: 'none',
      confirmationMethods: [],
    });
    for (const [i, url] of operation.results!.entries()) {
      const result = await get(session, url);
      expect(opensslVerifyDetached(result.rawPayload, files[i]!)).toMatch(/Verification successful/);
    }
    expect((await confirm(session, operation.id)).json()).toMatchObject({
      status: 409,
      code: 'SIGNING_OPERATION_COMPLETED',
    });
    const evidence = await get(session, `${OPERATIONS}/${operation.id}/evidence`);
    expect(evidence.statusCode, evidence.body).toBe(200);
    const { evidence: recorded } = evidence.json<{
      evidence: { operation: { confirmationMethod: string }; audit: { action: string }[] };
    }>();
    expect(recorded.operation.confirmationMethod).toBe('none');
    expect(recorded.audit.map((r) => r.action)).toEqual(['signing.create', 'key.sign', 'signing.complete']);

    const attached = await create(session, {
      certificate: serial,
      format: 'cades',
      parameters: { detached: false },
      documents: [{ name: 'act.txt', content: files[1]!.toString('base64') }],
    });
    expect(attached.json<Operation>().status).toBe('completed');
    const cms = await get(session, attached.json<Operation>().results![0]!);
    expect(opensslVerify(cms.rawPayload).verified).toEqual(files[1]);

    // Renewed as it was issued: a key without a PIN again; a PIN for it is refused.
    const shown = await f.api.app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${serial}`,
      headers: f.api.operator,
    });
    expect(shown.json()).toMatchObject({ key: { held: true, confirmation: 'none' } });
    const withPin = await f.api.operatorPost(`/api/v1/certificates/${serial}/renew`, {
      pin: '12345678',
      pinConfirmation: '12345678',
    });
    expect(withPin.json()).toMatchObject({ status: 400, code: 'KEY_PIN_NOT_APPLICABLE' });
    const renewed = await f.api.operatorPost(`/api/v1/certificates/${serial}/renew`, { revokeOld: true });
    expect(renewed.statusCode, renewed.body).toBe(201);
    const next = renewed.json<{ certificate: { serial: string } }>().certificate.serial;
    const again = await create(session, {
      certificate: next,
      format: 'raw',
      documents: [{ name: 'a', digest: Buffer.from(streebog256(files[0]!)).toString('hex') }],
    });
    expect(again.json<Operation>()).toMatchObject({ status: 'completed', confirmationMethod: 'none' });
  });
});
