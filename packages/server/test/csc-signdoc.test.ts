import { randomBytes } from 'node:crypto';
import { streebog256 } from '@podpis/gost';
import { parseCms, prepareCmsDigestSignature, signatureAlgorithmFor } from '@podpis/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PIN } from './support/api.js';
import { opensslVerifyCms, SigningFixture } from './support/signing.js';

const CSC = '/csc/v2';
const STREEBOG_256 = '1.2.643.7.1.1.2.2';
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

describe('CSC signatures/signDoc: CAdES-BES detached over the authorised document digests, verified by OpenSSL', () => {
  let f: SigningFixture;
  beforeAll(async () => {
    f = await SigningFixture.start();
  }, 120_000);
  afterAll(() => f.close());

  const csc = (method: string, token: string, payload: Record<string, unknown>) =>
    f.csc(method, token, payload);
  const holder = (login: string) => f.holderWithToken(login);

  async function authorize(token: string, serial: string, hashes: Uint8Array[]): Promise<string> {
    const answer = await csc('credentials/authorize', token, {
      credentialID: serial,
      numSignatures: hashes.length,
      hashes: hashes.map(b64),
      hashAlgorithmOID: STREEBOG_256,
      PIN: TEST_PIN.pin,
    });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json<{ SAD: string }>().SAD;
  }

  const signDoc = (token: string, serial: string, SAD: string, hashes: Uint8Array[], extra = {}) =>
    csc('signatures/signDoc', token, {
      credentialID: serial,
      SAD,
      documentDigests: [
        {
          hashes: hashes.map(b64),
          hashAlgorithmOID: STREEBOG_256,
          signature_format: 'C',
          conformance_level: 'Ades-B-B',
          signed_envelope_property: 'Detached',
          ...extra,
        },
      ],
    });

  it('info advertises signDoc with CAdES, XAdES and PAdES at Ades-B-B and Ades-B-T', async () => {
    const info = await f.api.app.inject({ method: 'GET', url: `${CSC}/info` });
    expect(info.json()).toMatchObject({
      methods: expect.arrayContaining(['signatures/signDoc']) as unknown,
      signature_formats: {
        formats: ['C', 'X', 'P'],
        envelope_properties: [
          ['Attached', 'Detached'],
          ['Enveloped', 'Enveloping', 'Detached'],
          ['Revision'],
        ],
      },
      conformance_levels: ['Ades-B-B', 'Ades-B-T'],
    });
  });

  it('a SAD for two document digests → two detached CMS signatures; OpenSSL verifies each with its document; the SAD is then used', async () => {
    const { token, serial, user } = await holder('csc-signdoc');
    const documents = [randomBytes(300), randomBytes(40)];
    const hashes = documents.map((d) => streebog256(d));
    const SAD = await authorize(token, serial, hashes);

    const other = await signDoc(token, serial, SAD, [hashes[1]!, hashes[0]!]);
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({ error: 'invalid_request' });

    const signed = await signDoc(token, serial, SAD, hashes);
    expect(signed.statusCode, signed.body).toBe(200);
    const { SignatureObject, DocumentWithSignature } = signed.json<{
      SignatureObject: string[];
      DocumentWithSignature: string[];
    }>();
    expect(DocumentWithSignature).toEqual([]);
    expect(SignatureObject).toHaveLength(2);
    for (const [i, signature] of SignatureObject.entries()) {
      const der = Buffer.from(signature, 'base64');
      expect(parseCms(der).content).toBeUndefined();
      const { stderr, verified } = opensslVerifyCms(f.caFile, der, documents[i]);
      expect(stderr).toContain('Verification successful');
      expect(Buffer.compare(verified, documents[i]!)).toBe(0);
    }
    // The holder's history shows the authorisation completed as CAdES signatures of these documents.
    const { rows } = await f.db.query<{ format: string; status: string }>(
      'SELECT format, status FROM signing_operations WHERE account_id = $1',
      [user.id],
    );
    expect(rows).toEqual([{ format: 'cades', status: 'completed' }]);
    const again = await signDoc(token, serial, SAD, hashes);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('only CAdES detached Ades-B-B over digests: other formats, levels, envelopes, and documents of other digests are refused before anything is signed', async () => {
    const { token, serial } = await holder('csc-signdoc-formats');
    const hashes = [streebog256(randomBytes(10))];
    const SAD = await authorize(token, serial, hashes);
    for (const extra of [
      { signature_format: 'P' },
      { signature_format: 'X' },
      { conformance_level: 'Ades-B-T' },
      { signed_envelope_property: 'Attached' },
    ]) {
      const refused = await signDoc(token, serial, SAD, hashes, extra);
      expect(refused.statusCode, JSON.stringify(extra)).toBe(400);
    }
    const documents = await csc('signatures/signDoc', token, {
      credentialID: serial,
      SAD,
      documents: [{ document: b64(randomBytes(10)), signature_format: 'C' }],
    });
    expect(documents.statusCode).toBe(400);
    const signed = await signDoc(token, serial, SAD, hashes);
    expect(signed.statusCode, signed.body).toBe(200);
  });

  it('the key store signs CMS signed attributes only when their messageDigest is the authorised digest', async () => {
    const { serial, keyId } = await f.holder('csc-signdoc-keystore');
    const key = await f.ctx.keyStore.get({ id: keyId });
    const signatureAlgorithm = signatureAlgorithmFor(key.algorithm);
    const authorised = streebog256(randomBytes(20));
    const activation = await f.ctx.keyStore.activate(key, {
      digests: [authorised],
      confirmation: { method: 'pin', pin: TEST_PIN.pin },
    });
    const { rows } = await f.db.query<{ der: Uint8Array }>('SELECT der FROM certificates WHERE serial = $1', [
      serial,
    ]);
    const certificate = new Uint8Array(rows[0]!.der);
    const attributesFor = async (contentDigest: Uint8Array) =>
      (
        await prepareCmsDigestSignature({
          contentDigest,
          signer: { signatureAlgorithm },
          certificate,
          signingTime: new Date(),
        })
      ).signedAttributes;

    const elsewhere = await attributesFor(streebog256(randomBytes(20)));
    await expect(f.ctx.keyStore.signSignedAttributes(key, [elsewhere], activation)).rejects.toMatchObject({
      code: 'ACTIVATION_DIGEST_MISMATCH',
    });
    await expect(
      f.ctx.keyStore.signSignedAttributes(key, [new Uint8Array([0x31, 0x03, 0x04, 0x01, 0x00])], activation),
    ).rejects.toMatchObject({ code: 'ACTIVATION_DIGEST_MISMATCH' });
    // The activation is still there, unused: the bound attributes sign.
    const [signature] = await f.ctx.keyStore.signSignedAttributes(
      key,
      [await attributesFor(authorised)],
      activation,
    );
    expect(signature!.length).toBeGreaterThan(0);
  });
});
