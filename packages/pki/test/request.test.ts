import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openssl, opensslGostKey, tempDir } from '@podpis/testkit';
import {
  buildName,
  createCertificationRequest,
  generateSoftwareKey,
  OID,
  parseCertificationRequest,
  PkiError,
  toDer,
  verifyCertificationRequest,
  type KeySpec,
} from '@podpis/pki';
import { hasMinimalLengths } from '../src/asn1/der.js';
import { tlv } from '../src/cms/tlv.js';
import { derChildren } from '../src/ocsp/der-children.js';
import { fromPem, pem } from './support/pem.js';

const SPECS: { label: string; spec: KeySpec }[] = [
  { label: 'GOST-256', spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.2' } },
  { label: 'GOST-512', spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.2.1' } },
  { label: 'RSA', spec: { type: 'rsa', modulusLength: 2048 } },
  { label: 'ECDSA', spec: { type: 'ecdsa', curve: 'P-256' } },
];

const SUBJECT = buildName([
  { type: OID.country, value: 'RU' },
  { type: OID.organizationName, value: 'ООО «Подпись»' },
  { type: OID.commonName, value: 'Иванов Иван' },
  { type: OID.snils, value: '11223344595' },
]);

async function makeRequest(spec: KeySpec): Promise<Uint8Array> {
  const { signer } = await generateSoftwareKey(spec);
  return createCertificationRequest({
    subject: SUBJECT,
    signer,
    challengePassword: 'one-time 42',
    extensions: {
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      extendedKeyUsage: [OID.clientAuth, OID.emailProtection],
      subjectAltName: { email: ['ivanov@example.ru'], dns: ['sign.example.ru'] },
      subjectSignTool: 'Podpis cloud signature',
      identificationKind: 1,
    },
  });
}

describe.each(SPECS)('$label certification requests', ({ spec }) => {
  it('the subject builds a request → it parses back → its own key verifies it → OpenSSL agrees', async () => {
    const der = await makeRequest(spec);
    const request = parseCertificationRequest(der);
    expect(request.subjectText).toBe('SNILS=11223344595, CN=Иванов Иван, O=ООО «Подпись», C=RU');
    expect(request.challengePassword).toBe('one-time 42');
    expect(request.requestedExtensionIds).toEqual([
      OID.keyUsage,
      OID.extKeyUsage,
      OID.subjectAltName,
      OID.subjectSignTool,
      OID.identificationKind,
    ]);
    expect(request.requestedExtensions).toMatchObject({
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      extendedKeyUsage: [OID.clientAuth, OID.emailProtection],
      subjectAltName: { dns: ['sign.example.ru'], ip: [], email: ['ivanov@example.ru'] },
      subjectSignTool: 'Podpis cloud signature',
      identificationKind: 1,
      isCa: false,
    });
    expect(await verifyCertificationRequest(der)).toBe(true);
    expect(await verifyCertificationRequest(request)).toBe(true);

    const tampered = der.slice();
    tampered[tampered.length - 3]! ^= 0x01;
    expect(await verifyCertificationRequest(tampered)).toBe(false);

    const dir = tempDir();
    writeFileSync(join(dir, 'r.pem'), pem('CERTIFICATE REQUEST', der));
    const result = openssl([
      'req',
      '-in',
      join(dir, 'r.pem'),
      '-verify',
      '-noout',
      '-text',
      '-nameopt',
      'utf8,sep_comma_plus',
    ]);
    const text = result.stdout.toString('utf8');
    expect(result.stderr + text).toMatch(/verify OK/);
    expect(text).toContain('CN=Иванов Иван');
    expect(text).toContain('O=ООО «Подпись»');
    expect(text).toContain('Requested Extensions:');
    expect(text).toContain('Digital Signature, Non Repudiation');
    expect(text).toContain('TLS Web Client Authentication, E-mail Protection');
    expect(text).toContain('DNS:sign.example.ru, email:ivanov@example.ru');
    expect(text).toContain('challengePassword');
  });
});

describe('requests OpenSSL made', () => {
  it('a GOST request with a Cyrillic subject and -addext parses and verifies', async () => {
    const dir = tempDir();
    opensslGostKey(join(dir, 'k.pem'));
    openssl([
      'req',
      '-new',
      '-key',
      join(dir, 'k.pem'),
      '-md_gost12_256',
      '-utf8',
      '-subj',
      '/C=RU/CN=Иванов Иван',
      '-addext',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      '-addext',
      'subjectAltName=email:ivanov@example.ru',
      '-out',
      join(dir, 'r.pem'),
    ]);
    const der = fromPem(openssl(['req', '-in', join(dir, 'r.pem')]).stdout.toString());
    const request = parseCertificationRequest(der);
    expect(request.subjectText).toBe('CN=Иванов Иван, C=RU');
    expect(request.publicKeyAlgorithm).toBe(OID.gost3410_2012_256);
    expect(request.signatureAlgorithm).toBe(OID.signWithStreebog256);
    expect(request.requestedExtensions.keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(request.requestedExtensions.subjectAltName?.email).toEqual(['ivanov@example.ru']);
    expect(await verifyCertificationRequest(request)).toBe(true);
    const tampered = der.slice();
    tampered[tampered.length - 1]! ^= 0x80;
    expect(await verifyCertificationRequest(tampered)).toBe(false);
  });
});

describe("the request's public key as the certificate takes it", () => {
  it("in DER's shortest form → its own bytes (as OpenSSL reads them); with a long-form length → encoded again, shortest", async () => {
    const der = await makeRequest({ type: 'ecdsa', curve: 'P-256' });
    const request = parseCertificationRequest(der);
    const [info, algorithm, signature] = derChildren(der, 'request');
    const [version, subject, spki, attributes] = derChildren(info!, 'info');
    expect(request.publicKeyInfoDer).toEqual(spki);
    expect(request.publicKeyInfoDer).toEqual(toDer(request.publicKeyInfo));
    const dir = tempDir();
    writeFileSync(join(dir, 'r.der'), der);
    const fromOpenssl = openssl(['req', '-inform', 'DER', '-in', join(dir, 'r.der'), '-pubkey', '-noout']);
    expect(Buffer.from(request.publicKeyInfoDer).toString('base64')).toBe(
      fromOpenssl.stdout.toString().replace(/-----[A-Z ]+-----|\s/g, ''),
    );

    // The same key with its SEQUENCE length in a needless long form (BER, not DER).
    const contents = spki!.subarray(2);
    const longForm = Uint8Array.from([0x30, 0x81, contents.length, ...contents]);
    const reencoded = tlv(0x30, tlv(0x30, version!, subject!, longForm, attributes!), algorithm!, signature!);
    const loose = parseCertificationRequest(reencoded);
    expect(loose.publicKeyInfoDer).toEqual(spki);
  });

  it('hasMinimalLengths: shortest lengths pass; long-form short lengths, padded lengths, constructed strings and high tags fail', () => {
    expect(hasMinimalLengths(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x05))).toBe(true);
    const octets = new Uint8Array(3 + 200);
    octets.set([0x04, 0x81, 200]);
    expect(hasMinimalLengths(Uint8Array.of(0x30, 0x81, 0xcb, ...octets))).toBe(true);
    expect(hasMinimalLengths(Uint8Array.of(0x30, 0x82, 0x00, 0xcb, ...octets))).toBe(false);
    expect(hasMinimalLengths(Uint8Array.of(0x30, 0x81, 0x03, 0x02, 0x01, 0x05))).toBe(false);
    expect(hasMinimalLengths(Uint8Array.of(0x30, 0x82, 0x00, 0x03, 0x02, 0x01, 0x05))).toBe(false);
    expect(hasMinimalLengths(Uint8Array.of(0x30, 0x05, 0x23, 0x03, 0x03, 0x01, 0x00))).toBe(false);
    expect(hasMinimalLengths(Uint8Array.of(0x30, 0x04, 0x1f, 0x81, 0x01, 0x00))).toBe(false);
  });
});

describe('bad input', () => {
  it('a truncated or garbled request fails with a PkiError only', async () => {
    const der = await makeRequest({ type: 'ecdsa', curve: 'P-256' });
    const bad = [
      der.subarray(0, 60),
      der.subarray(0, der.length - 1),
      new Uint8Array([0x30, 0x00]),
      new Uint8Array([0xff]),
    ];
    for (let i = 0; i < 200; i++) {
      const garbled = der.slice();
      garbled[(i * 7919) % garbled.length] = (i * 31) & 0xff;
      bad.push(garbled);
    }
    for (const input of bad) {
      try {
        parseCertificationRequest(input);
      } catch (error) {
        expect(error).toBeInstanceOf(PkiError);
      }
    }
    for (const input of bad.slice(0, 4)) expect(() => parseCertificationRequest(input)).toThrow(PkiError);
  });
});
