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
import { CLOUD_SIGN_TOOL } from '../src/ca/profiles.js';
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
        extendedKeyUsage: [OID.clientAuth, OID.emailProtection],
        certificatePolicies: [OID.policyKC1],
        subjectSignTool: CLOUD_SIGN_TOOL,
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
    expect(text).toMatch(/СНИЛС: 112-233-445 95/);
    expect(text).toMatch(/ИНН: 500100732259/);
    expect(text).toMatch(/ОГРН: 1027700132195/);
    expect(text).toContain('4A 1B 2C 3D');
    // 09:00 UTC is 12:00 in Moscow, and the form says which zone it means.
    expect(text).toMatch(/28 ноября 2026 г\.,? (в )?12:00 \(Europe\/Moscow, UTC\+3\)/);
    expect(text).toContain('ГОСТ Р 34.10-2012, 256 бит');
    expect(text).toContain('Цифровая подпись, Неотрекаемость');
    expect(text).toMatch(/Проверка подлинности клиента,\s+Защита электронной почты/);
    expect(text).toContain('Класс средства ЭП КС1');
    expect(text).toContain('Podpis (облачная электронная подпись)');
    expect(text).toContain('Подпись владельца сертификата');
    // Nothing a person reads is a technical name.
    expect(text).not.toMatch(
      /gost3410_|signWith|digitalSignature|nonRepudiation|clientAuth|emailProtection|policyKC|UTC\)/,
    );
  });

  it("names the holder's own tool for a key the holder keeps, and times in the zone asked for", async () => {
    const cert = parseCertificate(await qualifiedCertificate());
    const text = pdfText(
      await renderCertificatePrintForm(cert, { keyHeld: false, timeZone: 'Asia/Yekaterinburg' }),
    );
    expect(text).toContain('собственное средство ЭП владельца');
    expect(text).not.toContain('Podpis');
    expect(text).toMatch(/28 ноября 2026 г\.,? (в )?14:00 \(Asia\/Yekaterinburg, UTC\+5\)/);
  });

  it('speaks English on request', async () => {
    const cert = parseCertificate(await qualifiedCertificate());
    const text = pdfText(await renderCertificatePrintForm(cert, { language: 'en' }));
    expect(text).toContain('Electronic signature verification key certificate');
    expect(text).toContain('SNILS: 112-233-445 95');
    expect(text).toContain('GOST R 34.10-2012, 256 bits');
    expect(text).toContain('Client authentication');
    expect(text).toContain('Podpis (cloud electronic signature)');
    expect(text).toContain('Иванов Иван Иванович');
  });
});
