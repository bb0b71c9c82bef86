import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@podpis/testkit';
import {
  addXadesTimeStamp,
  createTimeStampToken,
  prepareXmlSignature,
  verifyXmlSignatures,
  type PrepareXmlSignatureOptions,
  type TsaCallback,
} from '@podpis/pki';
import { makeCmsPki, NOW, type CmsPki } from './support/cms-pki.js';
import { pem } from './support/pem.js';
import { xmlsecSign, xmlsecVerify } from './support/xmlsec.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

const INVOICE =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<invoice xmlns="urn:podpis:test" xmlns:p="urn:podpis:party"><p:seller>ООО «Подпись»</p:seller>' +
  '<total currency="RUB">1200.00</total><!-- черновик --></invoice>';
const CONTRACT = encode('Договор № 7 от 05.12.2026\n');

const MODES = ['enveloped', 'enveloping', 'detached'] as const;
const LEVELS = ['xmldsig', 'xades-bes'] as const;

const SPECS = [
  { label: 'RSA', spec: { type: 'rsa', modulusLength: 2048 } },
  { label: 'ECDSA P-256', spec: { type: 'ecdsa', curve: 'P-256' } },
] as const;

function documentFor(mode: (typeof MODES)[number]): Uint8Array {
  return mode === 'enveloped' ? encode(INVOICE) : CONTRACT;
}

async function sign(
  pki: CmsPki,
  options: Partial<PrepareXmlSignatureOptions> & Pick<PrepareXmlSignatureOptions, 'mode'>,
): Promise<Uint8Array> {
  const prepared = await prepareXmlSignature({
    document: documentFor(options.mode),
    documentUri: 'contract.txt',
    signer: pki.alice.key.signer,
    certificate: pki.alice.der,
    signingTime: NOW,
    level: 'xades-bes',
    id: 'signature-1',
    ...options,
  });
  return prepared.complete(await pki.alice.key.signer.signDigest(prepared.digest));
}

/** The same signature over changed data: the signed text edited, or the detached content swapped. */
function tampered(mode: (typeof MODES)[number], xml: Uint8Array): { xml: Uint8Array; content: Uint8Array } {
  if (mode === 'enveloped')
    return { xml: encode(decode(xml).replace('1200.00', '1900.00')), content: CONTRACT };
  if (mode === 'enveloping') {
    const text = decode(xml);
    const object = /(<ds:Object Id="[^"]+" Encoding="[^"]+">)([A-Za-z0-9+/])/.exec(text);
    if (!object?.[1] || !object[2]) throw new Error('no enveloped object');
    const flipped = object[2] === 'A' ? 'B' : 'A';
    return { xml: encode(text.replace(object[0], `${object[1]}${flipped}`)), content: CONTRACT };
  }
  return { xml, content: encode('Договор № 8 от 05.12.2026\n') };
}

describe.each(SPECS)('$label XML signatures', ({ spec }) => {
  let pki: CmsPki;
  let ca: string;

  beforeAll(async () => {
    pki = await makeCmsPki(spec);
    ca = join(pki.dir, 'ca.pem');
  });

  describe.each(MODES)('%s', (mode) => {
    it.each(LEVELS)(
      '%s: xmlsec1 and ours accept it, and both refuse it after one changed byte',
      async (level) => {
        const xml = await sign(pki, { mode, level });
        const detached = { 'contract.txt': CONTRACT };
        const xmlsec = xmlsecVerify(xml, ca, detached);
        expect(xmlsec.output).toContain('OK');
        expect(xmlsec.ok).toBe(true);

        const [ours] = await verifyXmlSignatures(xml, { detachedContent: new Map(Object.entries(detached)) });
        expect(ours?.failures).toEqual([]);
        expect(ours).toMatchObject({
          ok: true,
          signatureId: 'signature-1',
          signatureValid: true,
          level,
          certificate: pki.alice.der,
        });
        if (level === 'xades-bes') {
          expect(ours?.signingTime).toEqual(NOW);
          expect(ours?.signingCertificateMatches).toBe(true);
          expect(ours?.references.map((r) => r.type)).toEqual([
            undefined,
            'http://uri.etsi.org/01903#SignedProperties',
          ]);
        }

        const bad = tampered(mode, xml);
        expect(xmlsecVerify(bad.xml, ca, { 'contract.txt': bad.content }).ok).toBe(false);
        const [refused] = await verifyXmlSignatures(bad.xml, {
          detachedContent: new Map([['contract.txt', bad.content]]),
        });
        expect(refused?.ok).toBe(false);
        expect(refused?.failures.map((f) => f.code)).toContain('REFERENCE_DIGEST_MISMATCH');
      },
    );
  });

  it('inclusive C14N 1.0 of an enveloped signature under a default namespace, an inherited xml:lang and a &#13; in text: xmlsec1 and ours agree', async () => {
    const document = encode(
      INVOICE.replace('<invoice ', '<invoice xml:lang="ru" xml:space="preserve" ').replace(
        '1200.00',
        '1200.00&#13;',
      ),
    );
    const xml = await sign(pki, { mode: 'enveloped', canonicalization: 'c14n', document });
    expect(decode(xml)).toContain('REC-xml-c14n-20010315');
    expect(xmlsecVerify(xml, ca).ok).toBe(true);
    expect((await verifyXmlSignatures(xml))[0]?.ok).toBe(true);
  });

  it('a changed SignatureValue is refused by both', async () => {
    const xml = decode(await sign(pki, { mode: 'enveloping', level: 'xmldsig' }));
    const bad = encode(
      xml.replace(
        /(<ds:SignatureValue[^>]*>)(.)/,
        (_m, open: string, c: string) => `${open}${c === 'A' ? 'B' : 'A'}`,
      ),
    );
    expect(xmlsecVerify(bad, ca).ok).toBe(false);
    const [result] = await verifyXmlSignatures(bad);
    expect(result?.failures.map((f) => f.code)).toEqual(['SIGNATURE_INVALID']);
  });

  it('preparing twice gives the same digest and the same bytes', async () => {
    const options: PrepareXmlSignatureOptions = {
      mode: 'enveloped',
      document: encode(INVOICE),
      signer: pki.alice.key.signer,
      certificate: pki.alice.der,
      signingTime: NOW,
      level: 'xades-bes',
      id: 'op-42',
    };
    const first = await prepareXmlSignature(options);
    const second = await prepareXmlSignature({ ...options, document: encode(INVOICE) });
    expect(second.digest).toEqual(first.digest);
    const signature = await pki.alice.key.signer.signDigest(first.digest);
    expect(second.complete(signature)).toEqual(first.complete(signature));
    const later = await prepareXmlSignature({ ...options, signingTime: new Date(NOW.getTime() + 1000) });
    expect(later.digest).not.toEqual(first.digest);
  });

  it.each([
    ['exclusive C14N', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    ['C14N 1.0 with comments', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments'],
  ])(
    'xmlsec1 signs an enveloped template (%s) → ours verifies it; a changed byte fails',
    async (_label, c14n) => {
      const dir = tempDir('podpis-xmlsec-key-');
      const keyPem = join(dir, 'key.pem');
      const certPem = join(dir, 'cert.pem');
      writeFileSync(keyPem, pem('PRIVATE KEY', pki.alice.key.pkcs8));
      writeFileSync(certPem, pem('CERTIFICATE', pki.alice.der));
      const method = spec.type === 'rsa' ? 'rsa-sha256' : 'ecdsa-sha256';
      const template = INVOICE.replace(
        '</invoice>',
        '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><!-- signed comment -->' +
          `<CanonicalizationMethod Algorithm="${c14n}"/>` +
          `<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#${method}"/>` +
          '<Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>' +
          `<Transform Algorithm="${c14n}"/></Transforms>` +
          '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue/></Reference>' +
          '</SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature></invoice>',
      );
      const xml = xmlsecSign(template, keyPem, certPem);
      const [result] = await verifyXmlSignatures(xml);
      expect(result?.failures).toEqual([]);
      expect(result).toMatchObject({ ok: true, level: 'xmldsig', certificate: pki.alice.der });
      const [bad] = await verifyXmlSignatures(encode(decode(xml).replace('1200.00', '1200.01')));
      expect(bad?.failures.map((f) => f.code)).toEqual(['REFERENCE_DIGEST_MISMATCH']);
      const [comment] = await verifyXmlSignatures(
        encode(decode(xml).replace('signed comment', 'signed remark')),
      );
      expect(comment?.ok).toBe(!c14n.endsWith('#WithComments'));
    },
  );

  it('xmlsec1 signs an enveloping template whose #Id reference has a #WithComments transform → ours leaves the comment out too', async () => {
    const dir = tempDir('podpis-xmlsec-key-');
    const keyPem = join(dir, 'key.pem');
    const certPem = join(dir, 'cert.pem');
    writeFileSync(keyPem, pem('PRIVATE KEY', pki.alice.key.pkcs8));
    writeFileSync(certPem, pem('CERTIFICATE', pki.alice.der));
    const method = spec.type === 'rsa' ? 'rsa-sha256' : 'ecdsa-sha256';
    const template =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>' +
      '<CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
      `<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#${method}"/>` +
      '<Reference URI="#payload"><Transforms>' +
      '<Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"/></Transforms>' +
      '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue/></Reference>' +
      '</SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo>' +
      '<Object Id="payload"><order xmlns="urn:podpis:test"><!-- unsigned note --><sum>10</sum></order></Object></Signature>';
    const xml = decode(xmlsecSign(template, keyPem, certPem));
    expect((await verifyXmlSignatures(encode(xml)))[0]?.failures).toEqual([]);
    const note = await verifyXmlSignatures(encode(xml.replace('unsigned note', 'another note')));
    expect(note[0]?.ok).toBe(true);
    const sum = await verifyXmlSignatures(encode(xml.replace('<sum>10</sum>', '<sum>11</sum>')));
    expect(sum[0]?.failures.map((f) => f.code)).toEqual(['REFERENCE_DIGEST_MISMATCH']);
  });

  it('XAdES-T: a SignatureTimeStamp over the SignatureValue; xmlsec1 still accepts the signature', async () => {
    let serial = 1n;
    const tsa: TsaCallback = (digest, hashAlgorithm) =>
      createTimeStampToken({
        tsa: pki.tsa.key.signer,
        tsaCertificate: pki.tsa.der,
        policy: '1.2.643.100.113.99.1',
        serialNumber: serial++,
        genTime: NOW,
        messageImprint: { hashAlgorithm, digest },
        includeCertificate: true,
      });
    const bes = await sign(pki, { mode: 'enveloped' });
    const t = await addXadesTimeStamp(bes, tsa);
    expect(xmlsecVerify(t, ca).ok).toBe(true);
    const [result] = await verifyXmlSignatures(t);
    expect(result?.failures).toEqual([]);
    expect(result?.level).toBe('xades-t');
    expect(result?.timeStamps).toHaveLength(1);
    expect(result?.timeStamps[0]?.imprintMatches).toBe(true);

    const otherValue = decode(
      await sign(pki, { mode: 'enveloped', signingTime: new Date(NOW.getTime() + 1000) }),
    );
    const spliced = decode(t).replace(
      /<ds:SignatureValue[^>]*>[^<]*<\/ds:SignatureValue>/,
      /<ds:SignatureValue[^>]*>[^<]*<\/ds:SignatureValue>/.exec(otherValue)?.[0] ?? '',
    );
    const [moved] = await verifyXmlSignatures(encode(spliced));
    expect(moved?.failures.map((f) => f.code)).toContain('TIMESTAMP_IMPRINT_MISMATCH');
  });
});
