import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectPdfSignatures, preparePdfSignature, verifyCms, type PdfSignatureInfo } from '@podpis/pki';
import { makeCmsPki, NOW, SPECS, type CmsPki, type Party } from './support/cms-pki.js';
import { pkiError } from './support/errors.js';
import { dejaVuSans, formPdf, pdfsig, qpdfRewrite, samplePdf } from './support/pdf.js';

async function sign(pdf: Uint8Array, party: Party, stamp = false): Promise<Uint8Array> {
  const prepared = await preparePdfSignature({
    pdf,
    signer: party.key.signer,
    certificate: party.der,
    signingTime: NOW,
    level: 'B-B',
    ...(stamp
      ? {
          stamp: {
            page: 0,
            x: 40,
            y: 40,
            serial: '0A',
            owner: 'Боб',
            validFrom: NOW,
            validTo: NOW,
            font: dejaVuSans(),
          },
        }
      : {}),
  });
  return prepared.complete(await party.key.signer.signDigest(prepared.digest));
}

/** pdfsig's "Signed Ranges: [a - b], [c - d]" of each signature, as a ByteRange. */
function pdfsigByteRanges(pdf: Uint8Array): number[][] {
  return [...pdfsig(pdf).output.matchAll(/Signed Ranges: \[(\d+) - (\d+)\], \[(\d+) - (\d+)\]/g)].map((m) => {
    const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
    return [a, b - a, c, d - c];
  });
}

async function expectPkiError(promise: Promise<unknown>, code: string): Promise<void> {
  expect((await pkiError(promise)).code).toBe(code);
}

async function expectVerifies(info: PdfSignatureInfo | undefined): Promise<void> {
  if (!info) throw new Error('no signature');
  const result = await verifyCms(info.cms, { detachedContent: info.signedContent() });
  expect(result.ok).toBe(true);
}

describe('inspecting the signatures of a PDF', () => {
  let pki: CmsPki;
  let pdf: Uint8Array;
  beforeAll(async () => {
    pki = await makeCmsPki(SPECS.find((s) => s.label === 'ECDSA')!.spec);
    pdf = await samplePdf();
  });

  it.each([
    ['a classic cross-reference table', ['--object-streams=disable']],
    ['object and cross-reference streams', ['--object-streams=generate']],
  ])(
    'two signers on %s: the first signed revision 1 and allows the second; ByteRanges as pdfsig reads them',
    async (_label, args) => {
      const original = qpdfRewrite(pdf, args);
      const twice = await sign(await sign(original, pki.alice), pki.bob, true);
      const [first, second, ...rest] = await inspectPdfSignatures(twice);
      expect(rest).toEqual([]);
      expect([first?.byteRange, second?.byteRange]).toEqual(pdfsigByteRanges(twice));
      expect(first).toMatchObject({
        fieldName: 'Signature1',
        subFilter: 'ETSI.CAdES.detached',
        revision: 1,
        coversRevision: true,
        coversWholeFile: false,
        changes: 'ALLOWED_CHANGES',
        disallowedChanges: [],
      });
      expect(second).toMatchObject({
        fieldName: 'Signature2',
        revision: 2,
        coversRevision: true,
        coversWholeFile: true,
        changes: 'UNCHANGED',
      });
      await expectVerifies(first);
      await expectVerifies(second);
    },
  );

  it('a PDF with a form field: the signature fields join it, pdfsig finds both signatures valid', async () => {
    const twice = await sign(await sign(await formPdf(), pki.alice, true), pki.bob, true);
    const [first, second] = await inspectPdfSignatures(twice);
    expect(first).toMatchObject({ fieldName: 'Signature1', revision: 1, changes: 'ALLOWED_CHANGES' });
    expect(second).toMatchObject({ fieldName: 'Signature2', revision: 2, changes: 'UNCHANGED' });
    const { signatures } = pdfsig(twice);
    expect(signatures.map((s) => /Signature is Valid/.test(s))).toEqual([true, true]);
  });

  it('an update that draws on a signed page is a disallowed change', async () => {
    const signed = await sign(pdf, pki.alice);
    const doc = await PDFDocument.load(signed, { forIncrementalUpdate: true, updateMetadata: false });
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.getPage(0).drawText('Amount: 1 000 000', { x: 72, y: 700, size: 14, font });
    const changed = await doc.commit({ useObjectStreams: false });
    const [info] = await inspectPdfSignatures(changed);
    expect(info?.changes).toBe('DISALLOWED_CHANGES');
    expect(info?.disallowedChanges.join('\n')).toMatch(/page's .*Contents/);
    // The signature itself still verifies: it is the update that is wrong.
    await expectVerifies(info);
  });

  it('a PDF without signatures has none', async () => {
    expect(await inspectPdfSignatures(pdf)).toEqual([]);
  });

  describe('refuses', () => {
    const prepareFor = (bad: Uint8Array) =>
      preparePdfSignature({
        pdf: bad,
        signer: pki.alice.key.signer,
        certificate: pki.alice.der,
        signingTime: NOW,
        level: 'B-B',
      });

    it('garbage', async () => {
      const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 131) % 251);
      await expectPkiError(inspectPdfSignatures(garbage), 'MALFORMED_PDF');
      await expectPkiError(prepareFor(garbage), 'MALFORMED_PDF');
    });

    it('a truncated file', async () => {
      const signed = await sign(pdf, pki.alice);
      await expectPkiError(inspectPdfSignatures(signed.subarray(0, signed.length - 40)), 'TRUNCATED_PDF');
      await expectPkiError(inspectPdfSignatures(signed.subarray(0, 5000)), 'TRUNCATED_PDF');
    });

    it.each([
      ['a user password', 'user'],
      ['an empty user password', ''],
    ])('a PDF encrypted with %s', async (_label, password) => {
      const encrypted = qpdfRewrite(pdf, ['--encrypt', password, 'owner', '256', '--']);
      await expectPkiError(inspectPdfSignatures(encrypted), 'ENCRYPTED_PDF');
      await expectPkiError(prepareFor(encrypted), 'ENCRYPTED_PDF');
    });

    it('a ByteRange that does not leave out the /Contents', async () => {
      const signed = await sign(pdf, pki.alice);
      const text = Buffer.from(signed).toString('latin1');
      const match = /\/ByteRange \[0 (\d+) /.exec(text);
      const at = (match?.index ?? 0) + '/ByteRange [0 '.length;
      const shifted = String(Number(match?.[1]) - 1).padStart(match?.[1]?.length ?? 0, '0');
      const broken = signed.slice();
      broken.set(Buffer.from(shifted, 'latin1'), at);
      await expectPkiError(inspectPdfSignatures(broken), 'BYTE_RANGE_MISMATCH');
    });
  });
});
