/**
 * GOST XMLDSig / XAdES, checked without our code: Debian's xmlsec1 has no
 * GOST, so xmllint canonicalises SignedInfo and the document, OpenSSL's
 * GOST engine hashes them with Streebog and verifies the SignatureValue.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openssl, opensslVerifyDigest } from '@podpis/testkit';
import {
  addXadesTimeStamp,
  createTimeStampToken,
  OID,
  parseTimeStampToken,
  prepareXmlSignature,
  toDer,
  verifyXmlSignatures,
} from '@podpis/pki';
import { makeCmsPki, NOW, type CmsPki } from './support/cms-pki.js';
import { xmllintCanonical } from './support/xmlsec.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

const ROOT_NAMESPACES = 'xmlns="urn:podpis:test" xmlns:p="urn:podpis:party"';
const INVOICE =
  `<?xml version="1.0" encoding="UTF-8"?>\n<invoice ${ROOT_NAMESPACES}>` +
  '<p:seller>ООО «Подпись»</p:seller><total currency="RUB">1200.00</total></invoice>';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

const SIZES = [
  { bits: 256, spec: { type: 'gost', paramSet: OID.gost3410_2012_256_paramSetB }, md: '-md_gost12_256' },
  { bits: 512, spec: { type: 'gost', paramSet: OID.gost3410_2012_512_paramSetA }, md: '-md_gost12_512' },
] as const;

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function element(xml: string, name: string): string {
  const found = new RegExp(`<ds:${name}[ >][\\s\\S]*?</ds:${name}>`).exec(xml);
  if (!found) throw new Error(`no ds:${name}`);
  return found[0];
}

/**
 * SignedInfo as a document of its own, with the namespaces it has in scope
 * declared on it, so that xmllint's whole-document canonical form is the
 * canonical form of the SignedInfo subset.
 */
function signedInfoDocument(xml: string, c14n: 'c14n' | 'exc-c14n'): string {
  const inherited = c14n === 'c14n' ? ` ${ROOT_NAMESPACES}` : '';
  return element(xml, 'SignedInfo').replace(
    '<ds:SignedInfo>',
    `<ds:SignedInfo xmlns:ds="${DSIG}"${inherited}>`,
  );
}

describe.each(SIZES)('GOST R 34.10-2012 $bits XML signatures', ({ bits, spec, md }) => {
  let pki: CmsPki;

  beforeAll(async () => {
    pki = await makeCmsPki(spec);
  });

  it.each(['exc-c14n', 'c14n'] as const)(
    'enveloped XAdES-BES (%s): xmllint + OpenSSL get the same digests and accept the signature value',
    async (c14n) => {
      const prepared = await prepareXmlSignature({
        mode: 'enveloped',
        document: encode(INVOICE),
        signer: pki.alice.key.signer,
        certificate: pki.alice.der,
        signingTime: NOW,
        level: 'xades-bes',
        canonicalization: c14n,
        id: 'gost-signature',
      });
      const signature = await pki.alice.key.signer.signDigest(prepared.digest);
      const xml = decode(prepared.complete(signature));
      expect(xml).toContain(
        `SignatureMethod Algorithm="urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-${bits}"`,
      );
      expect(xml).toContain(
        `DigestMethod Algorithm="urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-${bits}"`,
      );

      const canonicalSignedInfo = xmllintCanonical(signedInfoDocument(xml, c14n), c14n);
      expect(new Uint8Array(openssl(['dgst', md, '-binary'], canonicalSignedInfo).stdout)).toEqual(
        prepared.digest,
      );

      const documentDigest = openssl(['dgst', md, '-binary'], xmllintCanonical(INVOICE, c14n)).stdout;
      expect(element(element(xml, 'Reference'), 'DigestValue')).toContain(base64(documentDigest));

      // The SignatureValue is the CMS encoding, which OpenSSL's GOST engine verifies as it is.
      const value = Buffer.from(/<ds:SignatureValue[^>]*>([^<]+)</.exec(xml)?.[1] ?? '', 'base64');
      expect(value).toHaveLength(bits / 4);
      expect(
        opensslVerifyDigest(toDer(pki.alice.key.signer.publicKeyInfo), canonicalSignedInfo, value, [md]),
      ).toContain('Verified OK');

      const [ours] = await verifyXmlSignatures(encode(xml));
      expect(ours?.failures).toEqual([]);
      expect(ours).toMatchObject({ ok: true, level: 'xades-bes', signingCertificateMatches: true });
      const [tampered] = await verifyXmlSignatures(encode(xml.replace('1200.00', '1200.10')));
      expect(tampered?.failures.map((f) => f.code)).toEqual(['REFERENCE_DIGEST_MISMATCH']);
    },
  );

  it('XAdES-T: the SignatureTimeStamp imprint is Streebog of the exclusive-C14N SignatureValue, as xmllint and OpenSSL compute it', async () => {
    const prepared = await prepareXmlSignature({
      mode: 'enveloped',
      document: encode(INVOICE),
      signer: pki.alice.key.signer,
      certificate: pki.alice.der,
      signingTime: NOW,
      level: 'xades-bes',
      id: 'gost-t',
    });
    const bes = prepared.complete(await pki.alice.key.signer.signDigest(prepared.digest));
    const t = await addXadesTimeStamp(bes, (digest, hashAlgorithm) =>
      createTimeStampToken({
        tsa: pki.tsa.key.signer,
        tsaCertificate: pki.tsa.der,
        policy: '1.2.643.100.113.99.1',
        serialNumber: 1n,
        genTime: NOW,
        messageImprint: { hashAlgorithm, digest },
        includeCertificate: true,
      }),
    );
    const [result] = await verifyXmlSignatures(t);
    expect(result?.failures).toEqual([]);
    expect(result).toMatchObject({ ok: true, level: 'xades-t' });
    const token = result?.timeStamps[0]?.token ?? new Uint8Array();
    const { messageImprint } = parseTimeStampToken(token).tstInfo;
    expect(messageImprint.hashAlgorithm).toBe(bits === 256 ? OID.streebog256 : OID.streebog512);
    const signatureValue = element(decode(t), 'SignatureValue').replace(
      '<ds:SignatureValue ',
      `<ds:SignatureValue xmlns:ds="${DSIG}" `,
    );
    const canonical = xmllintCanonical(signatureValue, 'exc-c14n');
    expect(new Uint8Array(openssl(['dgst', md, '-binary'], canonical).stdout)).toEqual(messageImprint.digest);
  });

  it('detached XMLDSig: the reference digest is Streebog of the file, checked by OpenSSL', async () => {
    const content = encode('Акт № 3\n');
    const prepared = await prepareXmlSignature({
      mode: 'detached',
      document: content,
      documentUri: 'act.txt',
      signer: pki.alice.key.signer,
      certificate: pki.alice.der,
      signingTime: NOW,
      level: 'xmldsig',
      id: 'gost-detached',
    });
    const xml = prepared.complete(await pki.alice.key.signer.signDigest(prepared.digest));
    expect(decode(xml)).toContain(base64(openssl(['dgst', md, '-binary'], content).stdout));
    const [ours] = await verifyXmlSignatures(xml, { detachedContent: new Map([['act.txt', content]]) });
    expect(ours?.ok).toBe(true);
  });
});
