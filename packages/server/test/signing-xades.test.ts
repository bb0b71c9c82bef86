import { verifyXmlSignatures } from '@podpis/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningFixture, type Headers } from './support/signing.js';

const INVOICE =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Файл ИдФайл="ON_NSCHFDOPPR_1"><Документ Номер="17">Счёт-фактура</Документ></Файл>\n';

describe('XML signing through the API: XMLDSig and XAdES, checked by xmlsec1; DOCTYPEs refused', () => {
  let f: SigningFixture;
  beforeAll(async () => {
    f = await SigningFixture.start();
  }, 120_000);
  afterAll(() => f.close());

  const signXml = async (
    holder: { session: Headers; serial: string },
    name: string,
    content: Uint8Array,
    parameters: Record<string, unknown>,
  ) => {
    const [result] = await f.signed(holder.session, {
      certificate: holder.serial,
      format: 'xades',
      parameters,
      documents: [{ name, content: Buffer.from(content).toString('base64') }],
    });
    expect(result!.headers['content-type']).toContain('application/xml');
    return new Uint8Array(result!.rawPayload);
  };

  /** `xmlsec1 --verify` trusting our two CAs; `detached` maps a Reference URI to its file. */
  const verified = (xml: Uint8Array, detached?: { uri: string; content: Uint8Array }) => {
    const result = xmlsec(xml, detached);
    expect(result.ok, result.output).toBe(true);
  };
  const xmlsec = (xml: Uint8Array, detached?: { uri: string; content: Uint8Array }) =>
    f.xmlsec(xml, detached);

  it('an ECDSA key signs an invoice enveloped (XAdES-BES), a file detached and one enveloping (XMLDSig): xmlsec1 verifies each, and refuses a changed byte', async () => {
    const holder = await f.holder('xades-ecdsa', 'ecdsa-p256');
    const enveloped = await signXml(holder, 'invoice.xml', new TextEncoder().encode(INVOICE), {});
    verified(enveloped);
    expect(Buffer.from(enveloped).toString('utf8')).toContain('SignedProperties');
    const tampered = Buffer.from(
      Buffer.from(enveloped).toString('utf8').replace('Счёт-фактура', 'Счёт-фактурa'),
    );
    expect(xmlsec(tampered).ok).toBe(false);

    const scan = new Uint8Array([0x25, 0x50, 0x44, 0x46, 1, 2, 3]);
    const detached = await signXml(holder, 'scan.pdf', scan, { mode: 'detached', level: 'xmldsig' });
    verified(detached, { uri: 'scan.pdf', content: scan });
    expect(xmlsec(detached, { uri: 'scan.pdf', content: new Uint8Array([1]) }).ok).toBe(false);

    const enveloping = await signXml(holder, 'note.txt', new TextEncoder().encode('записка'), {
      mode: 'enveloping',
      level: 'xmldsig',
      canonicalization: 'c14n',
    });
    verified(enveloping);
  });

  it('a GOST key signs XAdES-T: the signature, its properties and our TSA’s time stamp verify', async () => {
    const holder = await f.holder('xades-gost');
    const signed = await signXml(holder, 'invoice.xml', new TextEncoder().encode(INVOICE), {
      level: 'xades-t',
    });
    const [verification] = await verifyXmlSignatures(signed);
    expect(verification).toMatchObject({ ok: true, level: 'xades-t', signatureValid: true });
    expect(verification!.timeStamps.map((t) => t.imprintMatches)).toEqual([true]);
    expect(Buffer.from(signed).toString('utf8')).toContain(
      'urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256',
    );
  });

  it('XML with a DOCTYPE (an external entity, billion laughs) or not well-formed is refused with a stable code, nothing signed', async () => {
    const holder = await f.holder('xades-refusals', 'ecdsa-p256');
    const attempts: [string, string][] = [
      [
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        'XML_DOCTYPE_FORBIDDEN',
      ],
      [
        '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>',
        'XML_DOCTYPE_FORBIDDEN',
      ],
      ['<a><b></a>', 'MALFORMED_XML'],
    ];
    for (const [xml, reason] of attempts) {
      const refused = await f.create(holder.session, {
        certificate: holder.serial,
        format: 'xades',
        documents: [{ name: 'x.xml', content: Buffer.from(xml).toString('base64') }],
      });
      expect(refused.json(), xml).toMatchObject({ status: 422, code: 'SIGNING_DOCUMENT_MALFORMED', reason });
    }
    const { rows } = await f.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM signing_operations WHERE certificate_serial = $1',
      [holder.serial],
    );
    expect(rows[0]!.n).toBe(0);
  });
});
