import { createHash, randomBytes } from 'node:crypto';
import { streebog256 } from '@podpis/gost';
import { parseCadesLevel, parseCms } from '@podpis/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfsig, samplePdf } from '../../pki/test/support/pdf.js';
import { TEST_PIN } from './support/api.js';
import { opensslVerifyCms, SigningFixture } from './support/signing.js';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const sha256 = (bytes: Uint8Array): Uint8Array => createHash('sha256').update(bytes).digest();

const INVOICE = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n<Файл ИдФайл="ON_NSCHFDOPPR_1"><Документ Номер="17">Счёт-фактура</Документ></Файл>\n',
);

describe('CSC signatures/signDoc over whole documents: CAdES, XAdES and PAdES by the signing service, bound to the authorised document digests', () => {
  let f: SigningFixture;
  beforeAll(async () => {
    f = await SigningFixture.start();
  }, 120_000);
  afterAll(() => f.close());

  const csc = (method: string, token: string, payload: Record<string, unknown>) =>
    f.csc(method, token, payload);
  const holder = (login: string, keySpec?: string) => f.holderWithToken(login, keySpec);

  /** credentials/authorize over the documents' digests (the key's digest algorithm): the SAD. */
  async function authorize(token: string, serial: string, hashes: Uint8Array[]): Promise<string> {
    const answer = await csc('credentials/authorize', token, {
      credentialID: serial,
      numSignatures: hashes.length,
      hashes: hashes.map(b64),
      PIN: TEST_PIN.pin,
    });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json<{ SAD: string }>().SAD;
  }

  const signDoc = (
    token: string,
    serial: string,
    SAD: string,
    documents: Uint8Array[],
    options: Record<string, unknown>,
  ) =>
    csc('signatures/signDoc', token, {
      credentialID: serial,
      SAD,
      documents: documents.map((d) => ({ document: b64(d), ...options })),
    });

  type Answer = { DocumentWithSignature: string[]; SignatureObject: string[] };

  const xmlsec = (xml: Uint8Array, detached?: { uri: string; content: Uint8Array }) =>
    f.xmlsec(xml, detached);

  it('a GOST key: two documents as CAdES attached (B-B) and one detached at B-T — OpenSSL verifies each, the B-T one carries our time stamp', async () => {
    const { token, serial, user } = await holder('csc-doc-cades');
    const documents = [randomBytes(300), Buffer.from('Договор поставки № 7')];
    const SAD = await authorize(
      token,
      serial,
      documents.map((d) => streebog256(d)),
    );
    const signed = await signDoc(token, serial, SAD, documents, {
      signature_format: 'C',
      conformance_level: 'Ades-B-B',
      signed_envelope_property: 'Attached',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const attached = signed.json<Answer>();
    expect(attached.SignatureObject).toEqual([]);
    expect(attached.DocumentWithSignature).toHaveLength(2);
    for (const [i, signature] of attached.DocumentWithSignature.entries()) {
      const { stderr, verified } = opensslVerifyCms(f.caFile, Buffer.from(signature, 'base64'));
      expect(stderr).toContain('Verification successful');
      expect(Buffer.compare(verified, documents[i]!)).toBe(0);
    }
    const used = await signDoc(token, serial, SAD, documents, { signature_format: 'C' });
    expect(used.json()).toMatchObject({ error: 'invalid_request' });

    const one = [randomBytes(64)];
    const SAD2 = await authorize(
      token,
      serial,
      one.map((d) => streebog256(d)),
    );
    const stamped = await signDoc(token, serial, SAD2, one, {
      signature_format: 'C',
      conformance_level: 'Ades-B-T',
      signed_envelope_property: 'Detached',
    });
    expect(stamped.statusCode, stamped.body).toBe(200);
    const [detached] = stamped.json<Answer>().SignatureObject;
    const der = Buffer.from(detached!, 'base64');
    expect(parseCms(der).content).toBeUndefined();
    expect(parseCadesLevel(der).level).toBe('T');
    expect(opensslVerifyCms(f.caFile, der, one[0]).stderr).toContain('Verification successful');

    // The holder's history: the authorisations completed as CAdES signatures.
    const { rows } = await f.db.query<{ format: string; status: string }>(
      'SELECT format, status FROM signing_operations WHERE account_id = $1 ORDER BY created_at',
      [user.id],
    );
    expect(rows).toEqual([
      { format: 'cades', status: 'completed' },
      { format: 'cades', status: 'completed' },
    ]);
  });

  it('an ECDSA key: XAdES enveloped (B-T) and detached — xmlsec1 verifies them, and refuses a changed byte', async () => {
    const { token, serial } = await holder('csc-doc-xades', 'ecdsa-p256');
    const SAD = await authorize(token, serial, [sha256(INVOICE)]);
    const signed = await signDoc(token, serial, SAD, [INVOICE], {
      signature_format: 'X',
      conformance_level: 'Ades-B-T',
      signed_envelope_property: 'Enveloped',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const xml = Buffer.from(signed.json<Answer>().DocumentWithSignature[0]!, 'base64');
    expect(xml.toString()).toContain('SignatureTimeStamp');
    const ok = xmlsec(xml);
    expect(ok.ok, ok.output).toBe(true);
    const changed = Buffer.from(xml.toString().replace('Счёт-фактура', 'Счёт-Фактура'));
    expect(xmlsec(changed).ok).toBe(false);

    const file = randomBytes(100);
    const SAD2 = await authorize(token, serial, [sha256(file)]);
    const detached = await signDoc(token, serial, SAD2, [file], {
      signature_format: 'X',
      signed_envelope_property: 'Detached',
    });
    expect(detached.statusCode, detached.body).toBe(200);
    const signature = Buffer.from(detached.json<Answer>().SignatureObject[0]!, 'base64');
    const verified = xmlsec(signature, { uri: 'document-1', content: file });
    expect(verified.ok, verified.output).toBe(true);
  });

  it('an ECDSA key: PAdES at B-B — pdfsig finds the signature valid over the whole document', async () => {
    const { token, serial } = await holder('csc-doc-pades', 'ecdsa-p256');
    const pdf = await samplePdf();
    const SAD = await authorize(token, serial, [sha256(pdf)]);
    const signed = await signDoc(token, serial, SAD, [pdf], { signature_format: 'P' });
    expect(signed.statusCode, signed.body).toBe(200);
    const result = signed.json<Answer>();
    expect(result.SignatureObject).toEqual([]);
    const report = pdfsig(Buffer.from(result.DocumentWithSignature[0]!, 'base64'));
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toContain('Signature is Valid');
    expect(report.signatures[0]).toContain('Total document signed');
  });

  it('a document other than the authorised one, or an unoffered level or envelope, is refused and the SAD still signs the right one', async () => {
    const { token, serial } = await holder('csc-doc-refusals', 'ecdsa-p256');
    const document = randomBytes(50);
    const SAD = await authorize(token, serial, [sha256(document)]);
    const other = await signDoc(token, serial, SAD, [randomBytes(50)], { signature_format: 'C' });
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({ error: 'invalid_request' });
    for (const [options, named] of [
      [{ signature_format: 'C', conformance_level: 'Ades-B-LTA' }, 'Ades-B-B and Ades-B-T'],
      [{ signature_format: 'P', signed_envelope_property: 'Certification' }, 'Revision'],
      [
        { signature_format: 'X', signed_envelope_property: 'Attached' },
        'Enveloped or Enveloping or Detached',
      ],
      [{ signature_format: 'J' }, 'C (CAdES), X (XAdES) or P (PAdES)'],
    ] as const) {
      const refused = await signDoc(token, serial, SAD, [document], options);
      expect(refused.statusCode, JSON.stringify(options)).toBe(400);
      expect(refused.json<{ error_description: string }>().error_description).toContain(named);
    }
    const signed = await signDoc(token, serial, SAD, [document], {
      signature_format: 'C',
      signed_envelope_property: 'Detached',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const der = Buffer.from(signed.json<Answer>().SignatureObject[0]!, 'base64');
    expect(opensslVerifyCms(f.caFile, der, document).stderr).toContain('Verification successful');
  });

  it('the key store signs derived data only under an activation of exactly the authorised digests', async () => {
    const { keyId } = await f.holder('csc-doc-keystore', 'ecdsa-p256');
    const key = { id: keyId };
    const authorised = sha256(randomBytes(20));
    const activation = await f.ctx.keyStore.activate(key, {
      digests: [authorised],
      confirmation: { method: 'pin', pin: TEST_PIN.pin },
    });
    const derived = sha256(randomBytes(20));
    await expect(
      f.ctx.keyStore.signDerivedDigests(key, [sha256(randomBytes(20))], [derived], activation),
    ).rejects.toMatchObject({ code: 'ACTIVATION_DIGEST_MISMATCH' });
    const [signature] = await f.ctx.keyStore.signDerivedDigests(key, [authorised], [derived], activation);
    expect(signature!.length).toBeGreaterThan(0);
    await expect(
      f.ctx.keyStore.signDerivedDigests(key, [authorised], [derived], activation),
    ).rejects.toMatchObject({ code: 'ACTIVATION_USED' });
  });
});
