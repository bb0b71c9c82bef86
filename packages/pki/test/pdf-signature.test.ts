import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  parseCadesLevel,
  parseCms,
  preparePdfSignature,
  OID,
  type PreparePdfSignatureOptions,
  type TsaCallback,
} from '@podpis/pki';
import {
  makeCmsPki,
  NOW,
  opensslVerifyCms,
  SPECS,
  tsaCallbackOf,
  type CmsPki,
  type Party,
} from './support/cms-pki.js';
import { pkiError } from './support/errors.js';
import {
  dejaVuSans,
  lastSignature,
  pdfsig,
  qpdfCheck,
  qpdfRewrite,
  renderPage,
  runOnPdf,
  samplePdf,
} from './support/pdf.js';

const POLICY = '1.2.643.100.113.99.1';

function tsaOf(pki: CmsPki): TsaCallback {
  return tsaCallbackOf(pki, POLICY);
}

/** Signs as the server will: prepare, let the key sign the digest, complete. */
async function sign(
  pdf: Uint8Array,
  party: Party,
  pki: CmsPki,
  extra: Partial<PreparePdfSignatureOptions> = {},
): Promise<Uint8Array> {
  const prepared = await preparePdfSignature({
    pdf,
    signer: party.key.signer,
    certificate: party.der,
    chain: [pki.ca.der],
    signingTime: NOW,
    level: 'B-B',
    reason: 'Согласовано',
    location: 'Москва',
    ...extra,
  });
  return prepared.complete(await party.key.signer.signDigest(prepared.digest));
}

function expectValid(signature: string | undefined, total: boolean): void {
  expect(signature).toContain('Signature Validation: Signature is Valid.');
  expect(signature).toContain('Signature Type: ETSI.CAdES.detached');
  if (total) expect(signature).toContain('Total document signed');
  else expect(signature).toContain('Not total document signed');
}

describe.each(SPECS.filter((s) => s.label === 'RSA' || s.label === 'ECDSA'))(
  '$label PAdES, checked by pdfsig and qpdf',
  ({ spec }) => {
    let pki: CmsPki;
    let pdf: Uint8Array;
    beforeAll(async () => {
      pki = await makeCmsPki(spec);
      pdf = await samplePdf();
    });

    it('B-B: pdfsig finds the signature valid over the whole document; qpdf --check passes', async () => {
      const signed = await sign(pdf, pki.alice, pki);
      const { signatures } = pdfsig(signed);
      expect(signatures).toHaveLength(1);
      expectValid(signatures[0], true);
      expect(qpdfCheck(signed).status).toBe(0);
      const cms = parseCms(lastSignature(signed).cms);
      expect(cms.signers[0]?.signedAttributes).not.toContain(OID.signingTime);
      expect(cms.signers[0]?.signedAttributes).toContain(OID.signingCertificateV2);
    });

    it('B-T: the signature time-stamp is an unsigned attribute, pdfsig and OpenSSL still accept it', async () => {
      const signed = await sign(pdf, pki.alice, pki, { level: 'B-T', tsaCallback: tsaOf(pki) });
      expectValid(pdfsig(signed).signatures[0], true);
      const { cms, signedBytes } = lastSignature(signed);
      expect(parseCadesLevel(cms).level).toBe('T');
      opensslVerifyCms(cms, join(pki.dir, 'ca.pem'), signedBytes);
      expect(qpdfCheck(signed).status).toBe(0);
    });

    it('two signatures, each an incremental update: both valid, the first over its revision', async () => {
      const once = await sign(pdf, pki.alice, pki);
      const twice = await sign(once, pki.bob, pki, { level: 'B-T', tsaCallback: tsaOf(pki) });
      expect(twice.subarray(0, once.length)).toEqual(once);
      const { signatures } = pdfsig(twice);
      expect(signatures).toHaveLength(2);
      expectValid(signatures[0], false);
      expectValid(signatures[1], true);
      expect(signatures[1]).toContain('Signature Field Name: Signature2');
      expect(qpdfCheck(twice).status).toBe(0);
    });

    it.each([
      ['object and cross-reference streams', ['--object-streams=generate']],
      ['a classic cross-reference table', ['--object-streams=disable']],
      ['linearization', ['--linearize']],
    ])('a qpdf rewrite with %s signed twice: both valid', async (_label, args) => {
      const variant = qpdfRewrite(pdf, args);
      const twice = await sign(await sign(variant, pki.alice, pki), pki.bob, pki);
      const { signatures } = pdfsig(twice);
      expect(signatures).toHaveLength(2);
      expectValid(signatures[0], false);
      expectValid(signatures[1], true);
      expect(qpdfCheck(twice).status).toBe(0);
    });

    it('a byte changed after signing → pdfsig reports the signature invalid', async () => {
      const signed = await sign(pdf, pki.alice, pki);
      const text = Buffer.from(signed).toString('latin1');
      const at = text.indexOf('/MediaBox [ 0 0 595 842 ]') + '/MediaBox [ 0 0 59'.length;
      const tampered = signed.slice();
      tampered[at] = '6'.charCodeAt(0);
      const { signatures } = pdfsig(tampered);
      expect(signatures[0]).not.toContain('Signature is Valid.');
      expect(signatures[0]).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    });
  },
);

describe.each(SPECS.filter((s) => s.label.startsWith('GOST')))(
  '$label PAdES, checked by OpenSSL',
  ({ spec }) => {
    let pki: CmsPki;
    beforeAll(async () => {
      pki = await makeCmsPki(spec);
    });

    it.each(['B-B', 'B-T'] as const)(
      '%s: openssl cms -verify over the ByteRange with the GOST engine',
      async (level) => {
        const pdf = await samplePdf();
        const once = await sign(pdf, pki.alice, pki, { level, tsaCallback: tsaOf(pki) });
        const twice = await sign(once, pki.bob, pki, { level, tsaCallback: tsaOf(pki) });
        const { cms, signedBytes } = lastSignature(twice);
        expect(opensslVerifyCms(cms, join(pki.dir, 'ca.pem'), signedBytes)).toEqual(Buffer.from(signedBytes));
        expect(parseCadesLevel(cms).level).toBe(level === 'B-T' ? 'T' : 'BES');
        const digestOid = parseCms(cms).signers[0]?.digestAlgorithm;
        expect(digestOid).toBe(
          spec.type === 'gost' && spec.paramSet === OID.gost3410_2012_512_paramSetA
            ? OID.streebog512
            : OID.streebog256,
        );
        expect(qpdfCheck(twice).status).toBe(0);
      },
    );
  },
);

describe('the visible stamp', () => {
  let pki: CmsPki;
  beforeAll(async () => {
    pki = await makeCmsPki(SPECS.find((s) => s.label === 'ECDSA')!.spec);
  });

  const stamp = {
    page: -1,
    x: 300,
    y: 60,
    serial: '40 02 7F',
    owner: 'Иванов Иван Иванович',
    validFrom: new Date('2026-01-15T00:00:00Z'),
    validTo: new Date('2027-04-15T00:00:00Z'),
  };

  it('draws the Russian stamp on the last page: pdftotext reads it, pdftoppm paints its box', async () => {
    const signed = await sign(await samplePdf(), pki.alice, pki, { stamp: { ...stamp, font: dejaVuSans() } });
    expectValid(pdfsig(signed).signatures[0], true);
    expect(qpdfCheck(signed).status).toBe(0);
    const text = runOnPdf('pdftotext', ['-f', '2', '-l', '2', '-enc', 'UTF-8', '{}', '-'], signed).stdout;
    expect(text).toContain('ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ');
    expect(text).toContain('Владелец: Иванов Иван Иванович');
    expect(text).toContain('Действителен: с 15.01.2026 по 15.04.2027');
    const page = renderPage(signed, 1);
    const dark = (x0: number, y0: number, x1: number, y1: number): number => {
      let n = 0;
      // PDF y grows upwards; the image's rows go down from the top.
      for (let y = page.height - y1; y < page.height - y0; y++) {
        for (let x = x0; x < x1; x++) if ((page.pixels[y * page.width + x] ?? 255) < 200) n++;
      }
      return n;
    };
    expect(dark(300, 60, 570, 140)).toBeGreaterThan(500);
    expect(dark(20, 60, 290, 140)).toBe(0);
    expect(dark(0, 0, page.width, page.height)).toBe(dark(72, 740, 400, 790) + dark(300, 60, 570, 140));
  });

  it('speaks English when asked', async () => {
    const signed = await sign(await samplePdf(), pki.alice, pki, {
      stamp: { ...stamp, page: 0, language: 'en', owner: 'Ivan Ivanov', font: dejaVuSans() },
    });
    const text = runOnPdf('pdftotext', ['-f', '1', '-l', '1', '-enc', 'UTF-8', '{}', '-'], signed).stdout;
    expect(text).toContain('DOCUMENT SIGNED WITH AN ELECTRONIC SIGNATURE');
    expect(text).toContain('Certificate: 40 02 7F');
    expect(text).toContain('Owner: Ivan Ivanov');
    expect(text).toContain('Valid from 15.01.2026 to 15.04.2027');
  });
});

describe('determinism', () => {
  it('the same options give the same prepared PDF and digest, stamp and all', async () => {
    const pki = await makeCmsPki(SPECS.find((s) => s.label === 'ECDSA')!.spec);
    const pdf = await samplePdf();
    const options: PreparePdfSignatureOptions = {
      pdf,
      signer: pki.alice.key.signer,
      certificate: pki.alice.der,
      signingTime: NOW,
      level: 'B-T',
      tsaCallback: tsaOf(pki),
      stamp: {
        page: 0,
        x: 50,
        y: 50,
        serial: '01',
        owner: 'Алиса',
        validFrom: NOW,
        validTo: NOW,
        font: dejaVuSans(),
      },
    };
    const first = await preparePdfSignature(options);
    const second = await preparePdfSignature({ ...options, pdf: pdf.slice() });
    expect(second.preparedPdf).toEqual(first.preparedPdf);
    expect(second.digest).toEqual(first.digest);
    const later = await preparePdfSignature({ ...options, signingTime: new Date(NOW.getTime() + 1000) });
    expect(later.digest).not.toEqual(first.digest);
  });
});

describe('preparing refuses', () => {
  let pki: CmsPki;
  let options: PreparePdfSignatureOptions;
  beforeAll(async () => {
    pki = await makeCmsPki(SPECS.find((s) => s.label === 'ECDSA')!.spec);
    options = {
      pdf: await samplePdf(),
      signer: pki.alice.key.signer,
      certificate: pki.alice.der,
      signingTime: NOW,
      level: 'B-B',
    };
  });
  const stamp = {
    page: 0,
    x: 10,
    y: 10,
    serial: '01',
    owner: 'Алиса',
    validFrom: NOW,
    validTo: NOW,
  };

  it.each([
    ['B-T without a TSA', (): Partial<PreparePdfSignatureOptions> => ({ level: 'B-T' }), 'tsaCallback'],
    ['a page that is not there', () => ({ stamp: { ...stamp, page: 2, font: dejaVuSans() } }), 'stamp.page'],
    ['a stamp too small', () => ({ stamp: { ...stamp, width: 5, font: dejaVuSans() } }), 'stamp'],
    ['a font that is not TrueType', () => ({ stamp: { ...stamp, font: new Uint8Array(100) } }), 'stamp.font'],
  ])('%s: INVALID_ARGUMENT', async (_label, change, path) => {
    const error = await pkiError(preparePdfSignature({ ...options, ...change() }));
    expect([error.code, error.path]).toEqual(['INVALID_ARGUMENT', path]);
  });
});
