import { createHash, randomBytes } from 'node:crypto';
import { streebog256 } from '@podpis/gost';
import { parseTimeStampToken } from '@podpis/pki';
import { opensslVerifyDigest } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PIN } from './support/api.js';
import { TestDevice } from './support/device.js';
import type { EvidencePackage } from '../src/signing/evidence.js';
import { verifyEvidencePackage } from '../src/signing/evidence-verify.js';
import { SigningFixture, type Headers } from './support/signing.js';

const CSC = '/csc/v2';
const STREEBOG_256 = '1.2.643.7.1.1.2.2';
const SHA_256 = '2.16.840.1.101.3.4.2.1';
const GOST_256_SIGN = '1.2.643.7.1.1.3.2';
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

interface CscAnswer {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the shape inject's answer has
  json<T = Record<string, unknown>>(): T;
}

describe('CSC API v2: list → info → authorize (PIN) → signHash, signatures verified by OpenSSL', () => {
  let f: SigningFixture;
  beforeAll(async () => {
    f = await SigningFixture.start();
  }, 120_000);
  afterAll(() => f.close());

  const csc = (method: string, token: string | undefined, payload?: unknown): Promise<CscAnswer> =>
    f.csc(method, token, payload);
  const tokenFor = (session: Headers, scopes: string[]) => f.apiToken(session, scopes, 'Бухгалтерия 1С');
  const holderWithToken = (login: string, keySpec?: string, scopes?: string[]) =>
    f.holderWithToken(login, keySpec, scopes, 'Бухгалтерия 1С');

  const expectCscError = (answer: CscAnswer, status: number, error: string, description?: RegExp) => {
    expect(answer.statusCode, answer.body).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    const body = answer.json<{ error: string; error_description: string }>();
    expect(body.error).toBe(error);
    expect(typeof body.error_description).toBe('string');
    if (description) expect(body.error_description).toMatch(description);
    expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
  };

  async function authorize(
    token: string,
    credentialID: string,
    hashes: Uint8Array[],
    extra: Record<string, unknown> = {},
  ) {
    return csc('credentials/authorize', token, {
      credentialID,
      numSignatures: hashes.length,
      hashes: hashes.map(b64),
      PIN: TEST_PIN.pin,
      ...extra,
    });
  }

  it('info (POST and GET) describes the service: specs 2.x, region RU, oauth2, methods, GOST, ECDSA and RSA algorithms', async () => {
    const posted = await csc('info', undefined, { lang: 'en-US' });
    expect(posted.statusCode, posted.body).toBe(200);
    const info = posted.json<
      Record<string, unknown> & { signAlgorithms: { algos: string[] }; methods: string[] }
    >();
    expect(info).toMatchObject({
      specs: expect.stringMatching(/^2\./) as unknown,
      name: 'Podpis',
      region: 'RU',
      authType: expect.arrayContaining(['oauth2code', 'oauth2client']) as unknown,
      oauth2: 'https://podpis.test',
      oauth2Issuer: 'https://podpis.test/oauth2',
    });
    expect(info.signAlgorithms.algos).toEqual(
      expect.arrayContaining([GOST_256_SIGN, '1.2.643.7.1.1.3.3', ECDSA_SHA256, '1.2.840.113549.1.1.11']),
    );
    expect(info.methods).toEqual(
      expect.arrayContaining([
        'credentials/list',
        'credentials/info',
        'credentials/authorize',
        'credentials/authorizeCheck',
        'credentials/getChallenge',
        'signatures/signHash',
      ]),
    );
    const got = await f.api.app.inject({ method: 'GET', url: `${CSC}/info?lang=ru` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ specs: info.specs, lang: 'ru-RU' });
  });

  it('a GOST credential: list → info → authorize 3 hashes with the PIN → signHash; OpenSSL verifies each signature; audit has authorize, one key.sign, complete', async () => {
    const { token, serial, keyId, session } = await holderWithToken('csc-gost');
    const listed = await csc('credentials/list', token, {
      credentialInfo: true,
      certificates: 'chain',
      certInfo: true,
    });
    expect(listed.statusCode, listed.body).toBe(200);
    const list = listed.json<{
      credentialIDs: string[];
      credentialInfos: { credentialID: string; cert: { certificates: string[] } }[];
    }>();
    expect(list.credentialIDs).toEqual([serial]);
    expect(list.credentialInfos[0]!.credentialID).toBe(serial);
    expect(list.credentialInfos[0]!.cert.certificates).toHaveLength(3);

    const described = await csc('credentials/info', token, {
      credentialID: serial,
      certInfo: true,
      authInfo: true,
    });
    expect(described.statusCode, described.body).toBe(200);
    expect(described.json()).toMatchObject({
      key: { status: 'enabled', algo: expect.arrayContaining([GOST_256_SIGN]) as unknown, len: 256 },
      cert: { status: 'valid', serialNumber: serial, certificates: [expect.any(String) as unknown] },
      authMode: 'explicit',
      SCAL: '2',
      PIN: { presence: 'true' },
      OTP: { presence: 'false' },
      multisign: 1000,
    });
    expect(described.json<{ cert: { validFrom: string } }>().cert.validFrom).toMatch(/^\d{14}Z$/);

    const documents = [randomBytes(100), Buffer.from('Договор № 1'), randomBytes(7)];
    const hashes = documents.map((d) => streebog256(d));
    const authorized = await authorize(token, serial, hashes, {
      hashAlgorithmOID: STREEBOG_256,
      description: 'Договоры',
    });
    expect(authorized.statusCode, authorized.body).toBe(200);
    const { SAD, expiresIn } = authorized.json<{ SAD: string; expiresIn: number }>();
    expect(expiresIn).toBeGreaterThan(290);
    expect(expiresIn).toBeLessThanOrEqual(300);

    const signed = await csc('signatures/signHash', token, {
      credentialID: serial,
      SAD,
      hashes: hashes.map(b64),
      hashAlgorithmOID: STREEBOG_256,
      signAlgo: GOST_256_SIGN,
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const { signatures } = signed.json<{ signatures: string[] }>();
    expect(signatures).toHaveLength(3);
    const publicKey = await f.ctx.keyStore.publicKey({ id: keyId });
    for (const [i, signature] of signatures.entries()) {
      expect(
        opensslVerifyDigest(publicKey, documents[i]!, Buffer.from(signature, 'base64'), ['-md_gost12_256']),
      ).toContain('Verified OK');
    }
    expect(() =>
      opensslVerifyDigest(publicKey, documents[1]!, Buffer.from(signatures[0]!, 'base64'), [
        '-md_gost12_256',
      ]),
    ).toThrow();
    const { rows } = await f.db.query<{ target: string }>(
      "SELECT target FROM audit_log WHERE action = 'signing.authorize' AND actor LIKE 'user:%' ORDER BY seq DESC LIMIT 1",
    );
    const operation = rows[0]!.target;
    expect(await f.audited('signing.create', operation)).toBe(1);
    expect(await f.audited('signing.authorize', operation)).toBe(1);
    const { rows: authorizeRecords } = await f.db.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE action = 'signing.authorize' AND target = $1",
      [operation],
    );
    expect(authorizeRecords[0]!.details).toMatchObject({
      hashes: 3,
      confirmation: 'pin',
      certificate: serial,
    });
    expect(JSON.stringify(authorizeRecords[0]!.details)).not.toContain(TEST_PIN.pin);
    expect(await f.audited('signing.complete', operation)).toBe(1);
    expect(await f.audited('key.sign', `key:${keyId}`)).toBe(1);
    // The evidence package of the operation tells the remote authorisation and verifies offline.
    const evidence = await f.get(session, `/api/v1/signing-operations/${operation.split(':')[1]!}/evidence`);
    expect(evidence.statusCode, evidence.body).toBe(200);
    const evidencePackage = evidence.json<EvidencePackage>();
    expect(evidencePackage.evidence.audit.map((r) => r.action)).toEqual([
      'signing.create',
      'signing.authorize',
      'key.sign',
      'signing.complete',
    ]);
    expect((await verifyEvidencePackage(evidence.body, { trustAnchors: [f.cas.root.certificate] })).ok).toBe(
      true,
    );
    // The SAD is not in the audit log, and not in the database either: only the activation's secret hash.
    const { rows: leaked } = await f.db.query(
      "SELECT 1 FROM audit_log WHERE details::text LIKE '%' || $1 || '%'",
      [SAD.split('.')[1]],
    );
    expect(leaked).toHaveLength(0);

    // One-time: the same SAD again signs nothing.
    const again = await csc('signatures/signHash', token, {
      credentialID: serial,
      SAD,
      hashes: hashes.map(b64),
      signAlgo: GOST_256_SIGN,
    });
    expectCscError(again, 400, 'invalid_request', /SAD/);
    expect(await f.audited('key.sign', `key:${keyId}`)).toBe(1);
  });

  it('an ECDSA P-256 credential: signHash of SHA-256 hashes verifies with openssl dgst -sha256', async () => {
    const { token, serial, keyId } = await holderWithToken('csc-ecdsa', 'ecdsa-p256');
    const documents = [randomBytes(64), randomBytes(65)];
    const hashes = documents.map((d) => new Uint8Array(createHash('sha256').update(d).digest()));
    const described = await csc('credentials/info', token, { credentialID: serial });
    expect(described.json()).toMatchObject({
      key: {
        algo: expect.arrayContaining([ECDSA_SHA256]) as unknown,
        len: 256,
        curve: '1.2.840.10045.3.1.7',
      },
    });
    const { SAD } = (await authorize(token, serial, hashes, { hashAlgorithmOID: SHA_256 })).json<{
      SAD: string;
    }>();
    const signed = await csc('signatures/signHash', token, {
      credentialID: serial,
      SAD,
      hashes: hashes.map(b64),
      hashAlgorithmOID: SHA_256,
      signAlgo: '1.2.840.10045.2.1',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const publicKey = await f.ctx.keyStore.publicKey({ id: keyId });
    for (const [i, signature] of signed.json<{ signatures: string[] }>().signatures.entries()) {
      expect(
        opensslVerifyDigest(publicKey, documents[i]!, Buffer.from(signature, 'base64'), ['-sha256']),
      ).toContain('Verified OK');
    }
  });

  it('a SAD names its hashes: others (or fewer, or reordered) sign nothing and leave it usable; a wrong signAlgo is refused', async () => {
    const { token, serial, keyId } = await holderWithToken('csc-bound');
    const hashes = [streebog256(randomBytes(10)), streebog256(randomBytes(10))];
    const { SAD } = (await authorize(token, serial, hashes)).json<{ SAD: string }>();
    const sign = (given: Uint8Array[], signAlgo = GOST_256_SIGN) =>
      csc('signatures/signHash', token, { credentialID: serial, SAD, hashes: given.map(b64), signAlgo });
    expectCscError(await sign([hashes[0]!, streebog256(randomBytes(10))]), 400, 'invalid_request', /hashes/);
    expectCscError(await sign([hashes[1]!, hashes[0]!]), 400, 'invalid_request', /hashes/);
    expectCscError(await sign([hashes[0]!]), 400, 'invalid_request');
    expectCscError(await sign(hashes, ECDSA_SHA256), 400, 'invalid_request', /signAlgo/);
    expect(await f.audited('key.sign', `key:${keyId}`)).toBe(0);
    // A forged secret with the right id is no SAD either.
    const forged = await csc('signatures/signHash', token, {
      credentialID: serial,
      SAD: `${SAD.split('.')[0]!}.${randomBytes(32).toString('base64url')}`,
      hashes: hashes.map(b64),
      signAlgo: GOST_256_SIGN,
    });
    expectCscError(forged, 400, 'invalid_request', /SAD/);
    expect(await f.audited('key.sign', `key:${keyId}`)).toBe(0);
    expect((await sign(hashes)).statusCode).toBe(200);
    expect(await f.audited('key.sign', `key:${keyId}`)).toBe(1);
  });

  it('numSignatures must equal the number of hashes; the hash algorithm and length must be the key’s; schema errors are invalid_request', async () => {
    const { token, serial } = await holderWithToken('csc-numbers');
    const hash = streebog256(randomBytes(10));
    expectCscError(
      await authorize(token, serial, [hash], { numSignatures: 2 }),
      400,
      'invalid_request',
      /numSignatures/,
    );
    expectCscError(
      await authorize(token, serial, [hash], { hashAlgorithmOID: SHA_256 }),
      400,
      'invalid_request',
      /hashAlgorithmOID/,
    );
    expectCscError(
      await authorize(token, serial, [hash.slice(0, 20)]),
      400,
      'invalid_request',
      /digest value length/,
    );
    expectCscError(
      await csc('credentials/authorize', token, { numSignatures: 1 }),
      400,
      'invalid_request',
      /credentialID/,
    );
    expectCscError(
      await authorize(token, serial, [hash], { hashes: ['***'] }),
      400,
      'invalid_request',
      /hashes/,
    );
  });

  it('a wrong PIN is invalid_pin with the attempts left; the fifth locks the key (access_denied)', async () => {
    const { token, serial } = await holderWithToken('csc-pin');
    const hash = streebog256(randomBytes(10));
    const first = await authorize(token, serial, [hash], { PIN: '00000000' });
    expectCscError(first, 400, 'invalid_pin', /4 attempts remain/);
    for (let i = 0; i < 4; i++) await authorize(token, serial, [hash], { PIN: '00000000' });
    expectCscError(await authorize(token, serial, [hash]), 403, 'access_denied', /locked/);
    const described = await csc('credentials/info', token, { credentialID: serial });
    expect(described.json()).toMatchObject({ key: { status: 'disabled' } });
  });

  it('the v2 authData form of the PIN works like PIN', async () => {
    const { token, serial } = await holderWithToken('csc-authdata');
    const hash = streebog256(randomBytes(10));
    const answer = await csc('credentials/authorize', token, {
      credentialID: serial,
      numSignatures: 1,
      hashes: [b64(hash)],
      authData: [{ id: 'PIN', value: TEST_PIN.pin }],
    });
    expect(answer.statusCode, answer.body).toBe(200);
  });

  it('a SAD expires; extendTransaction keeps an unused one alive, within its limit', async () => {
    const { token, serial } = await holderWithToken('csc-expiry');
    const hashes = [streebog256(randomBytes(10))];
    const { SAD } = (await authorize(token, serial, hashes)).json<{ SAD: string }>();
    f.clockOffset += 4 * 60_000;
    const extended = await csc('credentials/extendTransaction', token, { credentialID: serial, SAD });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(extended.json<{ expiresIn: number }>().expiresIn).toBeGreaterThan(290);
    f.clockOffset += 4 * 60_000;
    const sign = () =>
      csc('signatures/signHash', token, {
        credentialID: serial,
        SAD,
        hashes: hashes.map(b64),
        signAlgo: GOST_256_SIGN,
      });
    expect((await sign()).statusCode).toBe(200);

    const { SAD: late } = (await authorize(token, serial, [streebog256(randomBytes(10))])).json<{
      SAD: string;
    }>();
    f.clockOffset += 6 * 60_000;
    expectCscError(
      await csc('signatures/signHash', token, {
        credentialID: serial,
        SAD: late,
        hashes: [b64(streebog256(randomBytes(10)))],
        signAlgo: GOST_256_SIGN,
      }),
      400,
      'invalid_request',
      /SAD expired/,
    );
    expectCscError(
      await csc('credentials/extendTransaction', token, { credentialID: serial, SAD: late }),
      400,
      'invalid_request',
      /SAD expired/,
    );
    f.clockOffset = 0;
  });

  it("another user's credential and SAD are refused alike; a token without the scope, or none, is refused", async () => {
    const alice = await holderWithToken('csc-alice');
    const bob = await holderWithToken('csc-bob');
    const hash = streebog256(randomBytes(10));
    expectCscError(
      await csc('credentials/info', bob.token, { credentialID: alice.serial }),
      400,
      'invalid_request',
      /credentialID/,
    );
    expectCscError(await authorize(bob.token, alice.serial, [hash]), 400, 'invalid_request', /credentialID/);
    const { SAD } = (await authorize(alice.token, alice.serial, [hash])).json<{ SAD: string }>();
    expectCscError(
      await csc('signatures/signHash', bob.token, {
        credentialID: bob.serial,
        SAD,
        hashes: [b64(hash)],
        signAlgo: GOST_256_SIGN,
      }),
      400,
      'invalid_request',
      /SAD/,
    );
    expect(await f.audited('key.sign', `key:${alice.keyId}`)).toBe(0);

    const readOnly = await tokenFor(alice.session, ['certificates:read']);
    expect((await csc('credentials/list', readOnly)).statusCode).toBe(200);
    expectCscError(await authorize(readOnly, alice.serial, [hash]), 403, 'insufficient_scope');
    const signOnly = await tokenFor(alice.session, ['signing']);
    expectCscError(await csc('credentials/list', signOnly), 403, 'insufficient_scope');
    const anonymous = await csc('credentials/list', undefined);
    expectCscError(anonymous, 401, 'invalid_token');
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    expectCscError(await csc('credentials/list', 'pdp_forged'), 401, 'invalid_token');
  });

  it('SCAL2 with a device: without OTP the hashes go to the device; its offline code (over these hashes) or its online approval authorises them', async () => {
    const { token, serial, session, keyId } = await holderWithToken('csc-device');
    const device = await TestDevice.enrol(f.api, session);
    const described = await csc('credentials/info', token, { credentialID: serial });
    expect(described.json()).toMatchObject({
      PIN: { presence: 'true' },
      OTP: { presence: 'true', type: 'offline' },
      auth: { mode: 'explicit', expression: 'PIN AND OTP' },
    });
    const hashes = [streebog256(randomBytes(10)), streebog256(randomBytes(10))];
    expectCscError(
      await csc('credentials/sendOTP', token, { credentialID: serial }),
      400,
      'invalid_request',
      /authorize/,
    );
    const asked = await authorize(token, serial, hashes);
    expectCscError(asked, 400, 'invalid_request', /device/);
    const pending = await device.pending();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.requester).toMatchObject({ kind: 'api', name: 'Бухгалтерия 1С' });
    expect(pending[0]!.documents.map((d) => d.digest)).toEqual(
      hashes.map((h) => Buffer.from(h).toString('hex')),
    );
    expect((await csc('credentials/sendOTP', token, { credentialID: serial })).statusCode).toBe(204);

    const { rows } = await f.db.query<{ operation_id: string }>(
      'SELECT operation_id FROM remote_authorizations r JOIN certificates c ON c.serial = r.certificate_serial WHERE c.key_id = $1',
      [keyId],
    );
    const operation = (
      await f.api.app.inject({
        method: 'GET',
        url: `/api/v1/signing-operations/${rows[0]!.operation_id}`,
        headers: session,
      })
    ).json<{ device: { offline: string } }>();
    const code = await device.offlineCode(operation.device.offline);
    const wrong = String((Number(code) + 1) % 1e8).padStart(8, '0');
    expectCscError(
      await authorize(token, serial, hashes, { OTP: wrong }),
      400,
      'invalid_otp',
      /4 attempts remain/,
    );
    const authorized = await authorize(token, serial, hashes, { OTP: code });
    expect(authorized.statusCode, authorized.body).toBe(200);
    const signed = await csc('signatures/signHash', token, {
      credentialID: serial,
      SAD: authorized.json<{ SAD: string }>().SAD,
      hashes: hashes.map(b64),
      signAlgo: GOST_256_SIGN,
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(await f.audited('device.approve', `signing-operation:${rows[0]!.operation_id}`)).toBe(1);
    expect(await f.audited('signing.complete', `signing-operation:${rows[0]!.operation_id}`)).toBe(1);

    // Online: the device approves what it was shown, and the same request then gets its SAD.
    const online = [streebog256(randomBytes(10))];
    expectCscError(await authorize(token, serial, online), 400, 'invalid_request', /device/);
    const [shown] = await device.pending();
    expect((await device.decide(device.approvalOf(shown!))).response.statusCode).toBe(200);
    const approved = await authorize(token, serial, online);
    expect(approved.statusCode, approved.body).toBe(200);
    const onlineSigned = await csc('signatures/signHash', token, {
      credentialID: serial,
      SAD: approved.json<{ SAD: string }>().SAD,
      hashes: online.map(b64),
      signAlgo: GOST_256_SIGN,
    });
    expect(onlineSigned.statusCode, onlineSigned.body).toBe(200);
    expect(await f.audited('key.sign', `key:${keyId}`)).toBe(2);
  });

  it('SCAL2 on the device alone: authorize answers 202 with a handle, authorizeCheck 202 until the device approves, then the SAD once; getChallenge calls the device again; a decline is access_denied', async () => {
    const user = await f.api.registerUser('csc-device-only');
    const session = await f.api.userSession(user);
    const device = await TestDevice.enrol(f.api, session);
    const { serial } = await f.api.issue(user.id, { confirmation: 'device' });
    const token = await f.apiToken(session, undefined, 'Бухгалтерия 1С');
    expect((await csc('credentials/info', token, { credentialID: serial })).json()).toMatchObject({
      PIN: { presence: 'false' },
      OTP: { presence: 'true' },
      auth: { mode: 'explicit', expression: 'OTP' },
    });
    const challenge = (authObjectID: string) =>
      csc('credentials/getChallenge', token, { credentialID: serial, authObjectID });
    expectCscError(await challenge('OTP'), 400, 'invalid_request', /authorize/);
    expectCscError(await challenge('PIN'), 400, 'invalid_request', /authObjectID/);
    const check = (handle: string, as = token) => csc('credentials/authorizeCheck', as, { handle });

    const hashes = [streebog256(randomBytes(10)), streebog256(randomBytes(10))];
    const asked = await csc('credentials/authorize', token, {
      credentialID: serial,
      numSignatures: 2,
      hashes: hashes.map(b64),
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const { handle } = asked.json<{ handle: string }>();
    expect(Object.keys(asked.json())).toEqual(['handle']);
    expect((await challenge('OTP')).statusCode).toBe(204);
    const waiting = await check(handle);
    expect(waiting.statusCode, waiting.body).toBe(202);
    expect(waiting.json()).toEqual({ handle });
    // Nobody else's handle, and nothing that only looks like one.
    const other = await holderWithToken('csc-device-other');
    expectCscError(await check(handle, other.token), 400, 'invalid_request', /handle/);
    expectCscError(await check('not-a-handle'), 400, 'invalid_request', /handle/);

    const [shown] = await device.pending();
    expect(shown!.documents.map((d) => d.digest)).toEqual(hashes.map((h) => Buffer.from(h).toString('hex')));
    expect((await device.decide(device.approvalOf(shown!))).response.statusCode).toBe(200);
    const granted = await check(handle);
    expect(granted.statusCode, granted.body).toBe(200);
    const { SAD, expiresIn } = granted.json<{ SAD: string; expiresIn: number }>();
    expect(expiresIn).toBeGreaterThan(0);
    // One SAD per authorisation: the handle is spent.
    expectCscError(await check(handle), 400, 'invalid_request', /handle/);
    const signed = await csc('signatures/signHash', token, {
      credentialID: serial,
      SAD,
      hashes: hashes.map(b64),
      signAlgo: GOST_256_SIGN,
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json<{ signatures: string[] }>().signatures).toHaveLength(2);

    const declined = await csc('credentials/authorize', token, {
      credentialID: serial,
      numSignatures: 1,
      hashes: [b64(streebog256(randomBytes(10)))],
    });
    expect(declined.statusCode, declined.body).toBe(202);
    const [refused] = await device.pending();
    expect((await device.decide(device.approvalOf(refused!, 'decline'))).response.statusCode).toBe(200);
    expectCscError(await check(declined.json<{ handle: string }>().handle), 403, 'access_denied');
  });

  it('signatures/timestamp: an RFC 3161 token of our TSA over the hash, with the nonce echoed', async () => {
    const { token } = await holderWithToken('csc-tsa');
    const hash = streebog256(Buffer.from('что угодно'));
    const answer = await csc('signatures/timestamp', token, {
      hash: b64(hash),
      hashAlgorithmOID: STREEBOG_256,
      nonce: '1234567890123456789',
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const { tstInfo } = parseTimeStampToken(
      Buffer.from(answer.json<{ timestamp: string }>().timestamp, 'base64'),
    );
    expect(tstInfo.nonce).toBe(1234567890123456789n);
    expect(tstInfo.messageImprint.hashAlgorithm).toBe(STREEBOG_256);
    expect(Buffer.from(tstInfo.messageImprint.digest).equals(Buffer.from(hash))).toBe(true);
    expectCscError(
      await csc('signatures/timestamp', token, { hash: b64(hash.slice(1)), hashAlgorithmOID: STREEBOG_256 }),
      400,
      'invalid_request',
      /hash/,
    );
  });

  it('unknown CSC methods answer in the CSC format; the REST API keeps problem+json', async () => {
    expectCscError(await csc('auth/logout', undefined, {}), 404, 'invalid_request', /not supported/);
    const bodiless = await f.api.app.inject({
      method: 'POST',
      url: `${CSC}/info`,
      headers: { 'x-requested-with': 'test' },
    });
    expect(bodiless.statusCode, bodiless.body).toBe(200);
    const rest = await f.api.app.inject({ method: 'GET', url: '/api/v1/me/certificates' });
    expect(rest.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it('the CSC methods are in the OpenAPI document under the tag "CSC API v2"', async () => {
    const spec = (await f.api.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { tags?: string[] }>>;
    }>();
    expect(spec.paths['/csc/v2/signatures/signHash']?.post?.tags).toEqual(['CSC API v2']);
    expect(spec.paths['/csc/v2/credentials/authorize']?.post?.tags).toEqual(['CSC API v2']);
  });
});
