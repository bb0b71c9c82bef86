import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateSoftwareKey,
  PkiError,
  prepareXmlSignature,
  verifyXmlSignatures,
  type PrepareXmlSignatureOptions,
} from '@podpis/pki';
import { makeCmsPki, NOW, type CmsPki } from './support/cms-pki.js';
import { pkiError } from './support/errors.js';
import { garbledCopies } from './support/garble.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

const XXE = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<r>&x;</r>';
const BILLION_LAUGHS =
  '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
  ).join('') +
  ']>\n<lolz>&lol9;</lolz>';
const EXTERNAL_DTD = '<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "http://example.invalid/r.dtd">\n<r/>';

describe('XML signatures refuse bad input with a named code', () => {
  let pki: CmsPki;
  let base: Omit<PrepareXmlSignatureOptions, 'mode' | 'document'>;

  beforeAll(async () => {
    pki = await makeCmsPki({ type: 'ecdsa', curve: 'P-256' });
    base = {
      signer: pki.alice.key.signer,
      certificate: pki.alice.der,
      signingTime: NOW,
      level: 'xades-bes',
      id: 's1',
    };
  });

  async function signed(mode: PrepareXmlSignatureOptions['mode'], document: Uint8Array): Promise<string> {
    const prepared = await prepareXmlSignature({ ...base, mode, document, documentUri: 'a.txt' });
    return decode(prepared.complete(await pki.alice.key.signer.signDigest(prepared.digest)));
  }

  it.each([
    ['an external entity (XXE)', XXE],
    ['entity expansion (billion laughs)', BILLION_LAUGHS],
    ['an external DTD', EXTERNAL_DTD],
  ])(
    'a document type declaration with %s: XML_DOCTYPE_FORBIDDEN to sign and to verify',
    async (_label, xml) => {
      expect((await pkiError(verifyXmlSignatures(encode(xml)))).code).toBe('XML_DOCTYPE_FORBIDDEN');
      expect(
        (await pkiError(prepareXmlSignature({ ...base, mode: 'enveloped', document: encode(xml) }))).code,
      ).toBe('XML_DOCTYPE_FORBIDDEN');
    },
  );

  it('a DOCTYPE slipped into a signed document is refused before any signature is looked at', async () => {
    const xml = await signed('enveloped', encode('<r>text</r>'));
    const withDtd = xml.replace('<r>', '<!DOCTYPE r [<!ENTITY e "x">]><r>');
    expect((await pkiError(verifyXmlSignatures(encode(withDtd)))).code).toBe('XML_DOCTYPE_FORBIDDEN');
  });

  it.each([
    ['mismatched tags', '<a><b></a>'],
    ['an unclosed element', '<a><b>'],
    ['no element at all', 'just text'],
    ['two roots', '<a/><b/>'],
    ['an unbound prefix', '<x:a/>'],
    ['text after the root element', '<a/>trailing'],
    ['an undefined entity', '<a>&undefined;</a>'],
    ['a repeated attribute', '<a b="1" b="2"/>'],
  ])('not well-formed XML (%s): MALFORMED_XML', async (_label, xml) => {
    expect((await pkiError(verifyXmlSignatures(encode(xml)))).code).toBe('MALFORMED_XML');
  });

  it('bytes that are not UTF-8: MALFORMED_XML', async () => {
    expect((await pkiError(verifyXmlSignatures(Uint8Array.from([0x3c, 0x61, 0xff, 0x3e])))).code).toBe(
      'MALFORMED_XML',
    );
  });

  it('100 000 nested elements: TOO_DEEP, not a stack overflow', async () => {
    const deep = `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`;
    expect((await pkiError(verifyXmlSignatures(encode(deep)))).code).toBe('TOO_DEEP');
  });

  it('a document without signatures gives an empty list', async () => {
    expect(await verifyXmlSignatures(encode('<r/>'))).toEqual([]);
  });

  it('an enveloped signature moved into another document: REFERENCE_DIGEST_MISMATCH', async () => {
    const xml = await signed('enveloped', encode('<order><sum>10</sum></order>'));
    const moved = xml.replace('<sum>10</sum>', '<sum>10000</sum>');
    const [result] = await verifyXmlSignatures(encode(moved));
    expect(result?.failures.map((f) => f.code)).toEqual(['REFERENCE_DIGEST_MISMATCH']);
  });

  it('a processing instruction in signed content turned into text: REFERENCE_DIGEST_MISMATCH', async () => {
    const xml = await signed('enveloped', encode('<order><sum><?amount 10?></sum></order>'));
    const [result] = await verifyXmlSignatures(encode(xml.replace('<?amount 10?>', '10')));
    expect(result?.failures.map((f) => f.code)).toEqual(['REFERENCE_DIGEST_MISMATCH']);
  });

  it('signature wrapping: a second element with the signed Id is DUPLICATE_ID, not the other content', async () => {
    const xml = await signed('enveloping', encode('pay 10'));
    const wrapped = xml.replace(
      '<ds:KeyInfo>',
      `<ds:Object Id="s1-object" Encoding="http://www.w3.org/2000/09/xmldsig#base64">${btoa('pay 10000')}</ds:Object><ds:KeyInfo>`,
    );
    const [result] = await verifyXmlSignatures(encode(wrapped));
    expect(result?.ok).toBe(false);
    expect(result?.failures.map((f) => f.code)).toContain('DUPLICATE_ID');
  });

  it('a detached reference without its content: REFERENCE_UNRESOLVED; with other content: REFERENCE_DIGEST_MISMATCH', async () => {
    const xml = encode(await signed('detached', encode('file')));
    const [missing] = await verifyXmlSignatures(xml);
    expect(missing?.failures.map((f) => f.code)).toEqual(['REFERENCE_UNRESOLVED']);
    const [other] = await verifyXmlSignatures(xml, {
      detachedContent: new Map([['a.txt', encode('another file')]]),
    });
    expect(other?.failures.map((f) => f.code)).toEqual(['REFERENCE_DIGEST_MISMATCH']);
  });

  it('an unknown transform: UNSUPPORTED_TRANSFORM (and the signature no longer verifies)', async () => {
    const xml = await signed('enveloped', encode('<r>x</r>'));
    const xpath = xml.replace(
      'xmldsig#enveloped-signature"/>',
      'xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"/>',
    );
    const [result] = await verifyXmlSignatures(encode(xpath));
    expect(result?.failures.map((f) => f.code)).toEqual(['UNSUPPORTED_TRANSFORM', 'SIGNATURE_INVALID']);
  });

  it('XAdES signed properties no Reference covers: SIGNED_PROPERTIES_NOT_SIGNED', async () => {
    const xml = await signed('enveloping', encode('data'));
    const uncovered = xml.replace('URI="#s1-signedprops"', 'URI="#s1-object"');
    const [result] = await verifyXmlSignatures(encode(uncovered));
    expect(result?.failures.map((f) => f.code)).toContain('SIGNED_PROPERTIES_NOT_SIGNED');
  });

  it('XAdES properties whose Target names another signature: XADES_TARGET_MISMATCH', async () => {
    const xml = await signed('enveloping', encode('data'));
    const [result] = await verifyXmlSignatures(encode(xml.replace('Target="#s1"', 'Target="#other"')));
    expect(result?.failures.map((f) => f.code)).toEqual(['XADES_TARGET_MISMATCH']);
  });

  it('a SigningCertificateV2 naming another certificate: SIGNING_CERTIFICATE_MISMATCH', async () => {
    const prepared = await prepareXmlSignature({
      ...base,
      certificate: pki.bob.der,
      mode: 'enveloping',
      document: encode('data'),
    });
    const xml = decode(prepared.complete(await pki.alice.key.signer.signDigest(prepared.digest)));
    const aliceCert = Buffer.from(pki.alice.der).toString('base64');
    const bobCert = Buffer.from(pki.bob.der).toString('base64');
    const [result] = await verifyXmlSignatures(encode(xml.replace(bobCert, aliceCert)));
    expect(result?.signatureValid).toBe(true);
    expect(result?.failures.map((f) => f.code)).toEqual(['SIGNING_CERTIFICATE_MISMATCH']);
  });

  it("a KeyInfo carrying the CA certificate before the signer's: the signer's is found and reported", async () => {
    const xml = await signed('enveloping', encode('data'));
    const caCert = Buffer.from(pki.ca.der).toString('base64');
    const chain = xml.replace(
      '<ds:X509Data>',
      `<ds:X509Data><ds:X509Certificate>${caCert}</ds:X509Certificate>`,
    );
    const [result] = await verifyXmlSignatures(encode(chain));
    expect(result?.failures).toEqual([]);
    expect(result?.certificate).toEqual(pki.alice.der);
  });

  it("a signature by a key other than the KeyInfo certificate's: SIGNATURE_INVALID", async () => {
    const prepared = await prepareXmlSignature({
      ...base,
      mode: 'enveloping',
      document: encode('data'),
      level: 'xmldsig',
    });
    const xml = prepared.complete(await pki.bob.key.signer.signDigest(prepared.digest));
    const [result] = await verifyXmlSignatures(xml);
    expect(result?.failures.map((f) => f.code)).toEqual(['SIGNATURE_INVALID']);
    expect(result?.certificate).toEqual(pki.alice.der);
  });

  it('1,000 copies of a XAdES signature with one byte overwritten: each gives results or a PkiError, nothing else', async () => {
    const xml = encode(await signed('enveloped', encode('<r a="1"><b>text</b></r>')));
    let refused = 0;
    for (const { garbled, at } of garbledCopies(xml, 1000, 20261205)) {
      const outcome = await verifyXmlSignatures(garbled).then(
        (results) => results,
        (error: unknown) => error,
      );
      if (outcome instanceof PkiError) refused++;
      else if (!Array.isArray(outcome)) expect.fail(`byte ${at}: ${String(outcome)}`);
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('Ids and MIME types that look like the placeholders signing uses do not confuse it', async () => {
    const prepared = await prepareXmlSignature({
      ...base,
      id: 'podpis-signature-value',
      mimeType: 'text/podpis-signed-properties-digest',
      mode: 'enveloped',
      document: encode(
        '<r note="podpis:signature-value">podpis:signed-properties-digest podpis-signature-value</r>',
      ),
    });
    const xml = prepared.complete(await pki.alice.key.signer.signDigest(prepared.digest));
    const [result] = await verifyXmlSignatures(xml);
    expect(result?.failures).toEqual([]);
  });

  it('signing refuses a bad Id, an Id the document already has, a detached document without a URI and RSA-PSS', async () => {
    const document = encode('<r/>');
    expect(
      (await pkiError(prepareXmlSignature({ ...base, mode: 'enveloped', document, id: '1 bad' }))).code,
    ).toBe('INVALID_ARGUMENT');
    expect((await pkiError(prepareXmlSignature({ ...base, mode: 'detached', document }))).code).toBe(
      'INVALID_ARGUMENT',
    );
    const clash = encode('<r><item Id="s1-ref0"/></r>');
    expect((await pkiError(prepareXmlSignature({ ...base, mode: 'enveloped', document: clash }))).code).toBe(
      'INVALID_ARGUMENT',
    );
    const pss = await generateSoftwareKey({ type: 'rsa', modulusLength: 2048, scheme: 'pss' });
    expect(
      (await pkiError(prepareXmlSignature({ ...base, signer: pss.signer, mode: 'enveloped', document })))
        .code,
    ).toBe('UNSUPPORTED_ALGORITHM');
  });
});
