/**
 * The request and response examples of the CSC API v2 (2.0.0.2) as tests
 * against the server, ids adapted (credentialID → our certificate serial,
 * SAD → the one we issue, the PIN → the holder's).
 *
 * The specification's PDF is not at hand here; its examples are taken as
 * public implementations reproduce them (the RSA credential "GX0112348",
 * the hashes "sTOgwOm+474gFj0q0x1iSNspKqbcse4IeiqlDg/HWuI=" …, clientData
 * "12345678"). Where an example carries something this service does not
 * offer (asynchronous operationMode "A"), the test holds the refusal the
 * specification's error table gives.
 */
import { constants, publicDecrypt, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PIN } from './support/api.js';
import { SigningFixture } from './support/signing.js';

const CSC = '/csc/v2';
const SHA_256 = '2.16.840.1.101.3.4.2.1';
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const RSASSA_PSS = '1.2.840.113549.1.1.10';
/** The specification's two document hashes (SHA-256, base64). */
const EXAMPLE_HASHES = [
  'sTOgwOm+474gFj0q0x1iSNspKqbcse4IeiqlDg/HWuI=',
  'HZQzZmMAIWekfGH0/ZKW1nsdt0xg3H6bZYztgsMTLw0=',
];

describe('CSC API v2: the specification’s examples, ids adapted, against the server', () => {
  let f: SigningFixture;
  let token: string;
  let credentialID: string;

  beforeAll(async () => {
    f = await SigningFixture.start();
    // The examples' credential: an RSA 2048 key signing sha256WithRSAEncryption, under a PIN.
    const holder = await f.holder('csc-spec', 'rsa2048');
    credentialID = holder.serial;
    token = await f.apiToken(holder.session);
  }, 120_000);
  afterAll(() => f.close());

  const post = (method: string, payload: Record<string, unknown>, bearer: string | null = token) =>
    f.api.app.inject({
      method: 'POST',
      url: `${CSC}/${method}`,
      headers: {
        'content-type': 'application/json',
        ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
      },
      payload,
    });

  it('info {"lang":"en-US"} → specs, name, logo, region, lang, description, authType, oauth2, methods, signAlgorithms', async () => {
    const answer = await post('info', { lang: 'en-US' }, null);
    expect(answer.statusCode, answer.body).toBe(200);
    const info = answer.json<Record<string, unknown>>();
    for (const member of [
      'specs',
      'name',
      'logo',
      'region',
      'lang',
      'description',
      'authType',
      'methods',
      'signAlgorithms',
    ])
      expect(info, member).toHaveProperty(member);
    expect(info.specs).toBe('2.0.0.2');
    expect(info.lang).toBe('en-US');
    // oauth2: the base URI; the endpoints are {oauth2}/oauth2/authorize, …/token (§8.3).
    expect(info.oauth2).toBe('https://podpis.test');
    expect(info.oauth2Issuer).toBe('https://podpis.test/oauth2');
    expect(info.methods).toEqual(
      expect.arrayContaining([
        'info',
        'credentials/list',
        'credentials/info',
        'credentials/authorize',
        'credentials/sendOTP',
        'signatures/signHash',
      ]),
    );
    expect((info.signAlgorithms as { algos: string[] }).algos).toEqual(
      expect.arrayContaining([SHA256_WITH_RSA, RSASSA_PSS]),
    );
  });

  it('credentials/list {"credentialInfo":true,"certificates":"chain","certInfo":true,"authInfo":true} → the example’s shape', async () => {
    const answer = await post('credentials/list', {
      credentialInfo: true,
      certificates: 'chain',
      certInfo: true,
      authInfo: true,
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const list = answer.json<{ credentialIDs: string[]; credentialInfos: Record<string, unknown>[] }>();
    expect(list.credentialIDs).toEqual([credentialID]);
    const info = list.credentialInfos[0]!;
    expect(info).toMatchObject({
      credentialID,
      key: { status: 'enabled', algo: expect.arrayContaining([SHA256_WITH_RSA]) as unknown, len: 2048 },
      cert: {
        status: 'valid',
        serialNumber: expect.stringMatching(/^[0-9A-Fa-f]+$/) as unknown,
        validFrom: expect.stringMatching(/^\d{14}Z$/) as unknown,
        validTo: expect.stringMatching(/^\d{14}Z$/) as unknown,
      },
      auth: {
        mode: 'explicit',
        expression: 'PIN',
        objects: [expect.objectContaining({ type: 'Password', id: 'PIN', label: 'PIN' })],
      },
      multisign: expect.any(Number) as unknown,
      lang: 'en-US',
    });
    const cert = info.cert as { certificates: string[]; issuerDN: string; subjectDN: string };
    // "chain": end entity, intermediate CA, root CA, in that order.
    expect(cert.certificates).toHaveLength(3);
    const [endEntity, intermediate, root] = cert.certificates.map(
      (c) => new X509Certificate(Buffer.from(c, 'base64')),
    );
    // (names compared: the CA here may be GOST, whose signatures Node does not check)
    expect(endEntity!.issuer).toBe(intermediate!.subject);
    expect(intermediate!.issuer).toBe(root!.subject);
    expect(root!.issuer).toBe(root!.subject);
    expect(typeof cert.issuerDN).toBe('string');
    expect(typeof cert.subjectDN).toBe('string');
    expect(info.multisign as number).toBeGreaterThanOrEqual(2);
  });

  it('credentials/info {"credentialID","certificates":"chain","certInfo":true,"authInfo":true} → the same credential', async () => {
    const answer = await post('credentials/info', {
      credentialID,
      certificates: 'chain',
      certInfo: true,
      authInfo: true,
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({
      key: { status: 'enabled', len: 2048 },
      cert: { status: 'valid', certificates: expect.any(Array) as unknown },
      auth: { mode: 'explicit' },
    });
  });

  it('credentials/authorize with authData (v2) for two hashes, then signatures/signHash of them (sha256WithRSAEncryption) → two signatures in order', async () => {
    const authorized = await post('credentials/authorize', {
      credentialID,
      numSignatures: 2,
      hashes: EXAMPLE_HASHES,
      hashAlgorithmOID: SHA_256,
      authData: [{ id: 'PIN', value: TEST_PIN.pin }],
      description: 'Signature of two documents',
      clientData: '12345678',
    });
    expect(authorized.statusCode, authorized.body).toBe(200);
    const { SAD, expiresIn } = authorized.json<{ SAD: string; expiresIn: number }>();
    expect(typeof SAD).toBe('string');
    expect(expiresIn).toBeGreaterThan(0);

    // adaptedCscTestVectorSignHash1 with our SAD and credential.
    const signed = await post('signatures/signHash', {
      credentialID,
      SAD,
      hashes: EXAMPLE_HASHES,
      hashAlgorithmOID: SHA_256,
      signAlgo: SHA256_WITH_RSA,
      clientData: '12345678',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const { signatures } = signed.json<{ signatures: string[] }>();
    expect(signatures).toHaveLength(2);

    const info = await post('credentials/info', { credentialID, certificates: 'single' });
    const certificate = new X509Certificate(
      Buffer.from(info.json<{ cert: { certificates: string[] } }>().cert.certificates[0]!, 'base64'),
    );
    // Each is PKCS#1 v1.5 of the DigestInfo of its own hash (the hash is the digest, not the data).
    const digestInfoPrefix = Buffer.from('3031300d060960864801650304020105000420', 'hex');
    signatures.forEach((signature, i) => {
      const recovered = publicDecrypt(
        { key: certificate.publicKey, padding: constants.RSA_PKCS1_PADDING },
        Buffer.from(signature, 'base64'),
      );
      expect(recovered.toString('hex'), `signature ${i}`).toBe(
        Buffer.concat([digestInfoPrefix, Buffer.from(EXAMPLE_HASHES[i]!, 'base64')]).toString('hex'),
      );
    });
  });

  it('signatures/signHash with "operationMode":"A" (the second example): this service signs synchronously only → invalid_request', async () => {
    const authorized = await post('credentials/authorize', {
      credentialID,
      numSignatures: 2,
      hashes: EXAMPLE_HASHES,
      hashAlgorithmOID: SHA_256,
      authData: [{ id: 'PIN', value: TEST_PIN.pin }],
    });
    const { SAD } = authorized.json<{ SAD: string }>();
    const answer = await post('signatures/signHash', {
      credentialID,
      SAD,
      hashes: EXAMPLE_HASHES,
      hashAlgorithmOID: SHA_256,
      signAlgo: SHA256_WITH_RSA,
      operationMode: 'A',
      clientData: '12345678',
    });
    expect(answer.statusCode, answer.body).toBe(400);
    expect(answer.json()).toMatchObject({ error: 'invalid_request' });
    // The info answer says so beforehand.
    const info = await post('info', {}, null);
    expect(info.json()).toMatchObject({ asynchronousOperationMode: false });
  });

  it('the v1 form of credentials/authorize ("PIN" member) still works', async () => {
    const authorized = await post('credentials/authorize', {
      credentialID,
      numSignatures: 1,
      hashes: [EXAMPLE_HASHES[0]],
      PIN: TEST_PIN.pin,
      clientData: '12345678',
    });
    expect(authorized.statusCode, authorized.body).toBe(200);
  });

  it('error format of the examples: {"error":"invalid_request","error_description":…} for a missing credentialID', async () => {
    const answer = await post('credentials/info', { certificates: 'chain' });
    expect(answer.statusCode, answer.body).toBe(400);
    expect(Object.keys(answer.json()).sort()).toEqual(['error', 'error_description']);
    expect(answer.json()).toMatchObject({ error: 'invalid_request' });
  });
});
