import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ensureSystemTools, tempDir } from '@podpis/testkit';
import {
  generateSoftwareKey,
  issueCertificate,
  OID,
  parseCertificate,
  qualifiedSubjectName,
  buildName,
} from '@podpis/pki';
import { renderCertificatePrintForm } from '../src/ca/print-form.js';
import { IVANOV } from '../../pki/test/support/subjects.js';

async function qualifiedCertificate(): Promise<Uint8Array> {
  const { signer } = await generateSoftwareKey({ type: 'gost', paramSet: '1.2.643.7.1.2.1.1.2' });
  return issueCertificate(
    {
      serialNumber: Uint8Array.from([0x4a, 0x1b, 0x2c, 0x3d]),
      subject: qualifiedSubjectName(IVANOV),
      issuer: buildName([
        { type: OID.country, value: 'RU' },
        { type: OID.commonName, value: 'Удостоверяющий центр Подпись' },
      ]),
      notBefore: new Date('2026-11-28T09:00:00Z'),
      notAfter: new Date('2027-11-28T09:00:00Z'),
      publicKeyInfo: signer.publicKeyInfo,
      extensions: {
        keyUsage: ['digitalSignature', 'nonRepudiation'],
        certificatePolicies: [OID.policyKC1],
        subjectSignTool: 'Подпись (облачная ЭП)',
      },
    },
    signer,
  );
}

function pdfText(pdf: Buffer): string {
  ensureSystemTools();
  const dir = tempDir();
  writeFileSync(join(dir, 'form.pdf'), pdf);
  return execFileSync('pdftotext', ['-layout', join(dir, 'form.pdf'), '-'], { encoding: 'utf8' });
}

describe('certificate print form', () => {
  it('is a PDF whose text holds the holder, the Russian identifiers, the serial and the validity', async () => {
    const cert = parseCertificate(await qualifiedCertificate());
    const pdf = await renderCertificatePrintForm(cert, { generatedAt: new Date('2026-11-28T10:00:00Z') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Сертификат ключа проверки электронной подписи');
    expect(text).toContain('Иванов Иван Иванович');
    expect(text).toMatch(/СНИЛС: 11223344595/);
    expect(text).toMatch(/ИНН: 500100732259/);
    expect(text).toMatch(/ОГРН: 1027700132195/);
    expect(text).toContain('4A 1B 2C 3D');
    expect(text).toContain('28 ноября 2026');
    expect(text).toContain('ГОСТ Р 34.10-2012 (256)');
    expect(text).toContain('Подпись (облачная ЭП)');
    expect(text).toContain('Подпись владельца сертификата');
  });

  it('speaks English on request', async () => {
    const cert = parseCertificate(await qualifiedCertificate());
    const text = pdfText(await renderCertificatePrintForm(cert, { language: 'en' }));
    expect(text).toContain('Electronic signature verification key certificate');
    expect(text).toContain('SNILS: 11223344595');
    expect(text).toContain('Иванов Иван Иванович');
  });
});
