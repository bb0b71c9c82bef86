import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectPdfSignatures, parseCadesLevel } from '@podpis/pki';
import { tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastSignature, pdfsig, qpdfCheck, samplePdf } from '../../pki/test/support/pdf.js';
import { SigningFixture, type Headers } from './support/signing.js';

describe('PDF signing through the API: PAdES in incremental updates, a visible stamp, each checked by poppler, qpdf and OpenSSL', () => {
  let f: SigningFixture;
  let pdf: Uint8Array;
  beforeAll(async () => {
    f = await SigningFixture.start();
    pdf = await samplePdf();
  }, 120_000);
  afterAll(() => f.close());

  const signPdf = async (
    holder: { session: Headers; serial: string },
    document: Uint8Array,
    parameters: Record<string, unknown>,
  ) => {
    const [result] = await f.signed(holder.session, {
      certificate: holder.serial,
      format: 'pades',
      parameters,
      documents: [{ name: 'Договор.pdf', content: Buffer.from(document).toString('base64') }],
    });
    expect(result!.headers['content-type']).toBe('application/pdf');
    expect(result!.headers['content-disposition']).toContain('.pdf');
    return new Uint8Array(result!.rawPayload);
  };

  it('an ECDSA key signs a PDF with a stamp in Russian, another signs it next: pdfsig finds both valid, qpdf finds it sound, the stamp reads', async () => {
    const first = await f.holder('pades-first', 'ecdsa-p256');
    const second = await f.holder('pades-second', 'ecdsa-p256');
    const once = await signPdf(first, pdf, {
      reason: 'Согласовано',
      stamp: { page: 0, x: 300, y: 60, language: 'ru' },
    });
    const twice = await signPdf(second, once, { location: 'Москва' });
    const report = pdfsig(twice);
    expect(report.signatures).toHaveLength(2);
    for (const signature of report.signatures) expect(signature).toContain('Signature is Valid');
    expect(report.signatures[1]).toContain('Total document signed');
    expect(qpdfCheck(twice).status).toBe(0);
    expect((await inspectPdfSignatures(twice)).map((s) => s.changes)).toEqual([
      'ALLOWED_CHANGES',
      'UNCHANGED',
    ]);

    const dir = tempDir('podpis-pades-');
    writeFileSync(join(dir, 'signed.pdf'), twice);
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', join(dir, 'signed.pdf'), '-'], {
      encoding: 'utf8',
    });
    expect(text).toContain('ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ');
    expect(text).toContain(first.serial.toUpperCase().slice(0, 8));
  });

  it('a GOST key signs at B-T: OpenSSL verifies the CMS over the ByteRange, which carries our TSA’s time stamp; a changed byte breaks it', async () => {
    const holder = await f.holder('pades-gost');
    const signed = await signPdf(holder, pdf, { level: 'B-T' });
    const { cms, signedBytes } = lastSignature(signed);
    expect(f.opensslVerify(cms, signedBytes).stderr).toMatch(/Verification successful/);
    expect(parseCadesLevel(cms).level).toBe('T');
    const changed = Uint8Array.from(signedBytes);
    changed[100] = (changed[100] ?? 0) ^ 1;
    expect(() => f.opensslVerify(cms, changed)).toThrow();
  });

  it('refused with a stable code, nothing signed: not a PDF, an unknown parameter, a stamp off the page range, a PDF given only by its digest', async () => {
    const holder = await f.holder('pades-refusals', 'ecdsa-p256');
    const create = (parameters: Record<string, unknown>, document: Record<string, unknown>) =>
      f.create(holder.session, {
        certificate: holder.serial,
        format: 'pades',
        parameters,
        documents: [document],
      });
    const garbage = { name: 'x.pdf', content: Buffer.from('this is no PDF').toString('base64') };
    const good = { name: 'x.pdf', content: Buffer.from(pdf).toString('base64') };
    expect((await create({}, garbage)).json()).toMatchObject({
      status: 422,
      code: 'SIGNING_DOCUMENT_MALFORMED',
      reason: 'MALFORMED_PDF',
    });
    expect((await create({ level: 'T' }, good)).json()).toMatchObject({ code: 'SIGNING_PARAMETERS_INVALID' });
    expect((await create({ stamp: { page: 7 } }, good)).json()).toMatchObject({
      code: 'SIGNING_DOCUMENT_MALFORMED',
    });
    expect((await create({}, { name: 'x.pdf', digest: 'ab'.repeat(32) })).json()).toMatchObject({
      code: 'SIGNING_DOCUMENT_INVALID',
    });
    const { rows } = await f.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM signing_operations o JOIN certificates c ON c.serial = o.certificate_serial WHERE c.serial = $1',
      [holder.serial],
    );
    expect(rows[0]!.n).toBe(0);
  });
});
