import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { streebog256 } from '@podpis/gost';
import { parseCms } from '@podpis/pki';
import { openssl, opensslGostKey, tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../src/signing/verification/index.js';
import { samplePdf } from '../../pki/test/support/pdf.js';
import { staffWithCertificate } from './support/api.js';
import { SigningFixture, type Headers } from './support/signing.js';

const hex = (data: Uint8Array): string => Buffer.from(streebog256(data)).toString('hex');
const b64 = (data: Uint8Array): string => Buffer.from(data).toString('base64');

describe('verification reports: each signature judged in ETSI terms — cryptography, time stamps, path to our root, revocation at the signing time', () => {
  let f: SigningFixture;
  beforeAll(async () => {
    f = await SigningFixture.start();
  }, 120_000);
  afterAll(() => f.close());

  const verify = async (headers: Headers, payload: Record<string, string>) => {
    const response = await f.api.app.inject({
      method: 'POST',
      url: '/api/v1/verifications',
      headers,
      payload,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<VerificationReport>();
  };

  it('CAdES-BES and X Long Type 1 made here pass with the path to our root and a qualified signer; X Long answers revocation from its own values', async () => {
    const { session, serial } = await f.holder('verify-cades');
    const document = new TextEncoder().encode('Платёжное поручение № 55');
    const sign = async (level: string) => {
      const [result] = await f.signed(session, {
        certificate: serial,
        format: 'cades',
        parameters: { level },
        documents: [{ name: 'p.txt', digest: hex(document) }],
      });
      return new Uint8Array(result!.rawPayload);
    };
    const bes = await verify(session, { signature: b64(await sign('BES')), document: b64(document) });
    expect(bes).toMatchObject({ format: 'cades', indication: 'TOTAL_PASSED' });
    expect(bes.signatures[0]).toMatchObject({
      indication: 'TOTAL_PASSED',
      level: 'CAdES-BES',
      qualified: true,
      revocation: { status: 'good', source: 'fetched' },
      signer: { serial },
    });
    expect(bes.signatures[0]!.chain).toHaveLength(3);

    const xl = await verify(session, { signature: b64(await sign('XLT1')), document: b64(document) });
    const signature = xl.signatures[0]!;
    expect(signature).toMatchObject({
      indication: 'TOTAL_PASSED',
      level: 'CAdES-X-Long-Type-1',
      revocation: { status: 'good', source: 'embedded' },
    });
    expect(signature.timeStamps.map((t) => [t.kind, t.ok])).toEqual([
      ['signature', true],
      ['references', true],
    ]);
    expect(signature.bestSignatureTime).toBe(signature.timeStamps[0]!.genTime);

    const payload = { signature: b64(await sign('BES')), document: b64(document) };
    const html = await f.api.app.inject({
      method: 'POST',
      url: '/api/v1/verifications?output=html',
      headers: session,
      payload,
    });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('Подпись действительна');
    expect(html.body).toContain('TOTAL_PASSED');
    const dir = tempDir('podpis-report-');
    for (const [lang, text] of [
      ['ru', 'Протокол проверки электронной подписи'],
      ['en', 'The signature is valid'],
    ] as const) {
      const pdf = await f.api.app.inject({
        method: 'POST',
        url: `/api/v1/verifications?output=pdf&lang=${lang}`,
        headers: session,
        payload,
      });
      expect(pdf.headers['content-type']).toBe('application/pdf');
      writeFileSync(join(dir, `${lang}.pdf`), pdf.rawPayload);
      expect(execFileSync('pdftotext', [join(dir, `${lang}.pdf`), '-'], { encoding: 'utf8' })).toContain(
        text,
      );
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('another document → TOTAL_FAILED HASH_FAILURE; no document → INDETERMINATE SIGNED_DATA_NOT_FOUND; garbage → FORMAT_FAILURE; nothing → 422', async () => {
    const { session, serial } = await f.holder('verify-failures');
    const document = new TextEncoder().encode('Акт № 9');
    const [result] = await f.signed(session, {
      certificate: serial,
      format: 'cades',
      documents: [{ name: 'a.txt', digest: hex(document) }],
    });
    const signature = b64(result!.rawPayload);
    expect(
      (await verify(session, { signature, document: b64(new TextEncoder().encode('Акт № 10')) }))
        .signatures[0],
    ).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'HASH_FAILURE',
    });
    expect((await verify(session, { signature })).signatures[0]).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'SIGNED_DATA_NOT_FOUND',
    });
    expect(await verify(session, { signature: b64(new Uint8Array([0x30, 0x03, 1, 2, 3])) })).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
      signatures: [],
    });
    const empty = await f.api.app.inject({
      method: 'POST',
      url: '/api/v1/verifications',
      headers: session,
      payload: {},
    });
    expect(empty.json()).toMatchObject({ status: 422, code: 'VERIFICATION_INPUT_INVALID' });
  });

  it('a counter-signature made here is its own entry over the first signature’s value; one tampered with fails alone', async () => {
    const first = await f.holder('verify-countersigned-first');
    const second = await f.holder('verify-countersigner');
    const document = new TextEncoder().encode('Акт приёмки № 12');
    const [original] = await f.signed(first.session, {
      certificate: first.serial,
      format: 'cades',
      documents: [{ name: 'act.txt', digest: hex(document) }],
    });
    const [countersigned] = await f.signed(second.session, {
      certificate: second.serial,
      format: 'cades',
      parameters: { mode: 'counter-sign', signerIndex: 0 },
      documents: [{ name: 'act.txt.p7s', signature: b64(original!.rawPayload) }],
    });
    const der = new Uint8Array(countersigned!.rawPayload);
    const report = await verify(second.session, { signature: b64(der), document: b64(document) });
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures).toHaveLength(2);
    expect(report.signatures[0]).toMatchObject({
      index: 0,
      indication: 'TOTAL_PASSED',
      signer: { serial: first.serial },
    });
    expect(report.signatures[0]!.counterSignatureOf).toBeUndefined();
    expect(report.signatures[1]).toMatchObject({
      index: 1,
      counterSignatureOf: 0,
      indication: 'TOTAL_PASSED',
      level: 'CAdES-BES',
      qualified: true,
      signer: { serial: second.serial },
      revocation: { status: 'good', source: 'fetched' },
    });
    expect(report.signatures[1]!.chain).toHaveLength(3);
    for (const [lang, heading, covers] of [
      ['ru', 'Заверяющая подпись 2', 'Заверяет значение подписи'],
      ['en', 'Counter-signature 2', 'Countersigns the value of signature'],
    ] as const) {
      const html = await f.api.app.inject({
        method: 'POST',
        url: `/api/v1/verifications?output=html&lang=${lang}`,
        headers: second.session,
        payload: { signature: b64(der), document: b64(document) },
      });
      expect(html.body).toContain(heading);
      expect(html.body).toContain(covers);
    }

    // One bit of the counter-signature's value flipped: it fails, the signature it countersigns still holds.
    const counterValue = parseCms(der).signers[0]!.counterSignatures[0]!.signature;
    const at = Buffer.from(der).indexOf(Buffer.from(counterValue));
    expect(at).toBeGreaterThan(0);
    const tampered = der.slice();
    tampered[at + 5]! ^= 0x01;
    const broken = await verify(second.session, { signature: b64(tampered), document: b64(document) });
    expect(broken.indication).toBe('TOTAL_FAILED');
    expect(
      broken.signatures.map((s) => [s.index, s.counterSignatureOf, s.indication, s.subIndication]),
    ).toEqual([
      [0, undefined, 'TOTAL_PASSED', undefined],
      [1, 0, 'TOTAL_FAILED', 'SIG_CRYPTO_FAILURE'],
    ]);
    expect(broken.signatures[1]!.messages.map((m) => m.code)).toEqual(['SIGNATURE_INVALID']);
  });

  it('after the certificate is revoked: a signature without a time stamp fails REVOKED; one time-stamped before still passes, noting the revocation', async () => {
    const { session, serial } = await f.holder('verify-revoked');
    const document = new TextEncoder().encode('Доверенность');
    const sign = async (level: string) => {
      const [result] = await f.signed(session, {
        certificate: serial,
        format: 'cades',
        parameters: { level },
        documents: [{ name: 'd.txt', digest: hex(document) }],
      });
      return b64(result!.rawPayload);
    };
    const bes = await sign('BES');
    const stamped = await sign('T');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const revoked = await f.api.operatorPost(`/api/v1/certificates/${serial}/revoke`, {
      reason: 'keyCompromise',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const operator = f.api.operator;
    expect((await verify(operator, { signature: bes, document: b64(document) })).signatures[0]).toMatchObject(
      {
        indication: 'TOTAL_FAILED',
        subIndication: 'REVOKED',
        revocation: { status: 'revoked' },
      },
    );
    const later = (await verify(operator, { signature: stamped, document: b64(document) })).signatures[0]!;
    expect(later).toMatchObject({ indication: 'TOTAL_PASSED', level: 'CAdES-T' });
    expect(later.messages.map((m) => m.code)).toContain('REVOKED_AFTER_SIGNING');
  });

  it('a signature OpenSSL made with a CA of its own: INDETERMINATE without a chain to a trusted root; TOTAL_PASSED once an administrator trusts that root', async () => {
    const { session } = await f.holder('verify-openssl');
    const dir = tempDir('podpis-verify-openssl-');
    opensslGostKey(join(dir, 'key.pem'));
    openssl([
      'req',
      '-new',
      '-x509',
      '-key',
      join(dir, 'key.pem'),
      '-subj',
      '/CN=Чужой УЦ',
      '-days',
      '10',
      '-out',
      join(dir, 'cert.pem'),
      '-utf8',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,digitalSignature,keyCertSign,cRLSign',
    ]);
    const document = new TextEncoder().encode('чужой документ');
    writeFileSync(join(dir, 'doc.txt'), document);
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-in',
      join(dir, 'doc.txt'),
      '-signer',
      join(dir, 'cert.pem'),
      '-inkey',
      join(dir, 'key.pem'),
      '-outform',
      'DER',
      '-out',
      join(dir, 'doc.p7s'),
    ]);
    const report = await verify(session, {
      signature: b64(readFileSync(join(dir, 'doc.p7s'))),
      document: b64(document),
    });
    expect(report.signatures[0]).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
      qualified: false,
    });
    expect(report.signatures[0]!.signer?.subject).toContain('Чужой УЦ');

    // The administrator trusts that CA's root, which signed itself: the signature passes now.
    const { der: adminDer } = await staffWithCertificate(f.db, 'admin');
    const admin = {
      'x-test-client-certificate': Buffer.from(adminDer).toString('base64'),
      'x-requested-with': 'podpis-test',
    };
    const rootPem = readFileSync(join(dir, 'cert.pem'), 'latin1');
    const byOperator = await f.api.operatorPost('/api/v1/trusted-roots', { certificate: rootPem });
    expect(byOperator.statusCode).toBe(403);
    const imported = await f.api.app.inject({
      method: 'POST',
      url: '/api/v1/trusted-roots',
      headers: admin,
      payload: { certificate: rootPem, note: 'партнёр по ЭДО' },
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const fingerprint = imported.json<{ fingerprint: string }>().fingerprint;
    expect(
      (
        await f.api.app.inject({
          method: 'POST',
          url: '/api/v1/trusted-roots',
          headers: admin,
          payload: { certificate: rootPem },
        })
      ).json(),
    ).toMatchObject({ status: 409, code: 'TRUSTED_ROOT_EXISTS' });
    expect(
      (
        await f.api.app.inject({
          method: 'POST',
          url: '/api/v1/trusted-roots',
          headers: admin,
          payload: { certificate: 'AAAA' },
        })
      ).json(),
    ).toMatchObject({ status: 422, code: 'TRUSTED_ROOT_INVALID' });
    const trusted = await verify(session, {
      signature: b64(readFileSync(join(dir, 'doc.p7s'))),
      document: b64(document),
    });
    expect(trusted.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', qualified: false });
    expect(trusted.signatures[0]!.chain.map((c) => c.subject)).toEqual([expect.stringContaining('Чужой УЦ')]);
    const removed = await f.api.app.inject({
      method: 'DELETE',
      url: `/api/v1/trusted-roots/${fingerprint}`,
      headers: admin,
    });
    expect(removed.statusCode).toBe(204);
    expect(await f.audited('trusted-root.import', `trusted-root:${fingerprint}`)).toBe(1);
    expect(await f.audited('trusted-root.remove', `trusted-root:${fingerprint}`)).toBe(1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('XML: XAdES-T enveloped with a GOST key passes with its time stamp; a detached XMLDSig passes with its document and fails HASH_FAILURE with another', async () => {
    const gost = await f.holder('verify-xml-gost');
    const ecdsa = await f.holder('verify-xml-ecdsa', 'ecdsa-p256');
    const sign = async (
      holder: { session: Headers; serial: string },
      name: string,
      content: Uint8Array,
      parameters: Record<string, unknown>,
    ) => {
      const [result] = await f.signed(holder.session, {
        certificate: holder.serial,
        format: 'xades',
        parameters,
        documents: [{ name, content: b64(content) }],
      });
      return new Uint8Array(result!.rawPayload);
    };
    const invoice = new TextEncoder().encode('<Счёт><Сумма>100</Сумма></Счёт>');
    const enveloped = await verify(gost.session, {
      document: b64(await sign(gost, 'invoice.xml', invoice, { level: 'xades-t' })),
    });
    expect(enveloped).toMatchObject({ format: 'xades', indication: 'TOTAL_PASSED' });
    expect(enveloped.signatures[0]).toMatchObject({
      level: 'XAdES-T',
      qualified: true,
      revocation: { status: 'good' },
    });
    expect(enveloped.signatures[0]!.timeStamps.map((t) => t.ok)).toEqual([true]);

    const scan = new Uint8Array([1, 2, 3, 4, 5]);
    const detached = b64(await sign(ecdsa, 'scan.bin', scan, { mode: 'detached', level: 'xmldsig' }));
    expect(
      (await verify(ecdsa.session, { signature: detached, document: b64(scan) })).signatures[0],
    ).toMatchObject({
      indication: 'TOTAL_PASSED',
      level: 'XMLDSig',
    });
    expect(
      (await verify(ecdsa.session, { signature: detached, document: b64(new Uint8Array([9])) }))
        .signatures[0],
    ).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'HASH_FAILURE',
    });
    expect((await verify(ecdsa.session, { signature: detached })).signatures[0]).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'SIGNED_DATA_NOT_FOUND',
    });
  });

  it('a PDF signed twice here passes for both signatures with what each covers; a byte changed inside fails', async () => {
    const first = await f.holder('verify-pdf-1', 'ecdsa-p256');
    const second = await f.holder('verify-pdf-2');
    const signPdf = async (holder: { session: Headers; serial: string }, pdf: Uint8Array) => {
      const [result] = await f.signed(holder.session, {
        certificate: holder.serial,
        format: 'pades',
        documents: [{ name: 'c.pdf', content: b64(pdf) }],
      });
      return new Uint8Array(result!.rawPayload);
    };
    const twice = await signPdf(second, await signPdf(first, await samplePdf()));
    const report = await verify(first.session, { document: b64(twice) });
    expect(report).toMatchObject({ format: 'pades', indication: 'TOTAL_PASSED' });
    expect(report.signatures.map((s) => [s.level, s.coverage?.changes, s.coverage?.wholeDocument])).toEqual([
      ['PAdES-B-B', 'ALLOWED_CHANGES', false],
      ['PAdES-B-B', 'UNCHANGED', true],
    ]);
    const tampered = Uint8Array.from(twice);
    // A byte of the first revision's objects, which both signatures cover.
    const at = Buffer.from(tampered).indexOf('/Type /Page');
    tampered[at + 7] = 'X'.charCodeAt(0);
    const broken = await verify(first.session, { document: b64(tampered) });
    expect(broken.indication).toBe('TOTAL_FAILED');
  });
});
