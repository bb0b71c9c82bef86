import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openssl, opensslGostKey, opensslGostSelfSigned, tempDir } from '@podpis/testkit';
import {
  buildName,
  generateSoftwareKey,
  issueCertificate,
  keyIdentifier,
  OID,
  parseCertificate,
  PkiError,
  qualifiedSubjectName,
  toDer,
  verifyCertificateSignature,
  type KeySpec,
  type Signer,
} from '@podpis/pki';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, TBSCertificate, Validity, Version } from '@peculiar/asn1-x509';
import { buildExtensions, type CertificateExtensions } from '../src/x509/extensions.js';
import { fromPem, pem } from './support/pem.js';
import { IVANOV } from './support/subjects.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const YEAR = 365 * 24 * 3600 * 1000;

interface Issued {
  signer: Signer;
  der: Uint8Array;
}

async function makeRoot(spec: KeySpec, name: string): Promise<Issued> {
  const { signer } = await generateSoftwareKey(spec);
  const subject = buildName([
    { type: OID.country, value: 'RU' },
    { type: OID.organizationName, value: 'ООО «Подпись»' },
    { type: OID.commonName, value: name },
  ]);
  const ski = await keyIdentifier(signer.publicKeyInfo);
  const der = await issueCertificate(
    {
      serialNumber: Uint8Array.from([0x01, 0x02, 0x03]),
      subject,
      issuer: subject,
      notBefore: new Date(NOW.getTime() - 3600_000),
      notAfter: new Date(NOW.getTime() + 10 * YEAR),
      publicKeyInfo: signer.publicKeyInfo,
      extensions: {
        basicConstraints: { ca: true, pathLength: 1 },
        keyUsage: ['keyCertSign', 'cRLSign', 'digitalSignature'],
        subjectKeyIdentifier: ski,
        subjectSignTool: 'Podpis',
        issuerSignTool: {
          signTool: 'Podpis @podpis/gost',
          caTool: 'Podpis CA',
          signToolCertificate: 'не сертифицировано',
          caToolCertificate: 'не сертифицировано',
        },
      },
    },
    signer,
  );
  return { signer, der };
}

async function issueQualified(root: Issued, spec: KeySpec): Promise<Uint8Array> {
  const { signer } = await generateSoftwareKey(spec);
  const rootInfo = parseCertificate(root.der);
  return issueCertificate(
    {
      serialNumber: Uint8Array.from([0x8f, ...Array.from({ length: 15 }, (_, i) => i)]),
      subject: qualifiedSubjectName({ ...IVANOV, email: 'ivanov@example.ru' }),
      issuer: rootInfo.asn1.tbsCertificate.subject,
      notBefore: NOW,
      notAfter: new Date(NOW.getTime() + YEAR),
      publicKeyInfo: signer.publicKeyInfo,
      extensions: {
        basicConstraints: { ca: false },
        keyUsage: ['digitalSignature', 'nonRepudiation', 'keyEncipherment'],
        extendedKeyUsage: [OID.clientAuth, OID.emailProtection],
        subjectKeyIdentifier: await keyIdentifier(signer.publicKeyInfo),
        authorityKeyIdentifier: rootInfo.subjectKeyIdentifier!,
        crlDistributionPoints: ['http://localhost:8080/pki/crl/issuing.crl'],
        authorityInfoAccess: {
          ocsp: ['http://localhost:8080/pki/ocsp'],
          caIssuers: ['http://localhost:8080/pki/ca/issuing.crt'],
        },
        certificatePolicies: [OID.policyKC1, OID.policyKC2],
        privateKeyUsagePeriod: { notBefore: NOW, notAfter: new Date(NOW.getTime() + YEAR) },
        subjectSignTool: 'Podpis cloud signature',
        identificationKind: 0,
      },
    },
    root.signer,
  );
}

const SPECS: { label: string; spec: KeySpec }[] = [
  { label: 'GOST-256', spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.2' } },
  { label: 'GOST-512', spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.2.1' } },
  { label: 'RSA', spec: { type: 'rsa', modulusLength: 2048 } },
  { label: 'ECDSA', spec: { type: 'ecdsa', curve: 'P-256' } },
];

describe.each(SPECS)('$label certificates', ({ spec }) => {
  it('a qualified certificate parses back with every field', async () => {
    const root = await makeRoot(spec, 'Корневой УЦ');
    const der = await issueQualified(root, spec);
    const cert = parseCertificate(der);
    expect(cert.serialNumberHex).toBe('008f000102030405060708090a0b0c0d0e');
    expect(cert.subjectText).toContain('CN=Иванов Иван Иванович');
    expect(cert.subject).toEqual(
      expect.arrayContaining([
        { type: OID.snils, value: '11223344595' },
        { type: OID.inn, value: '500100732259' },
        { type: OID.givenName, value: 'Иван Иванович' },
      ]),
    );
    expect(cert.isCa).toBe(false);
    expect(cert.keyUsage).toEqual(['digitalSignature', 'nonRepudiation', 'keyEncipherment']);
    expect(cert.extendedKeyUsage).toEqual([OID.clientAuth, OID.emailProtection]);
    expect(cert.crlDistributionPoints).toEqual(['http://localhost:8080/pki/crl/issuing.crl']);
    expect(cert.ocspUrls).toEqual(['http://localhost:8080/pki/ocsp']);
    expect(cert.caIssuersUrls).toEqual(['http://localhost:8080/pki/ca/issuing.crt']);
    expect(cert.certificatePolicies).toEqual([OID.policyKC1, OID.policyKC2]);
    expect(cert.subjectSignTool).toBe('Podpis cloud signature');
    expect(cert.identificationKind).toBe(0);
    expect(cert.notBefore.toISOString()).toBe(NOW.toISOString());
    expect(await verifyCertificateSignature(cert.asn1, root.signer.publicKeyInfo)).toBe(true);
    const rootInfo = parseCertificate(root.der);
    expect(rootInfo.issuerSignTool?.cATool).toBe('Podpis CA');
    expect(rootInfo.pathLength).toBe(1);
    const tampered = der.slice();
    tampered[tampered.length - 5] = tampered[tampered.length - 5]! ^ 1;
    expect(await verifyCertificateSignature(parseCertificate(tampered).asn1, root.signer.publicKeyInfo)).toBe(
      false,
    );
  });

  it('OpenSSL prints it, verifies the chain, and sees the Russian attributes as NumericString', async () => {
    const dir = tempDir();
    const root = await makeRoot(spec, 'Корневой УЦ');
    const der = await issueQualified(root, spec);
    writeFileSync(join(dir, 'root.pem'), pem('CERTIFICATE', root.der));
    writeFileSync(join(dir, 'user.pem'), pem('CERTIFICATE', der));
    const text = openssl([
      'x509',
      '-in',
      join(dir, 'user.pem'),
      '-noout',
      '-text',
      '-nameopt',
      'utf8,sep_comma_plus',
    ]).stdout.toString();
    expect(text).toContain('Иванов Иван Иванович');
    expect(text).toMatch(/CA:FALSE/);
    expect(text).toContain('Digital Signature, Non Repudiation, Key Encipherment');
    expect(text).toContain('URI:http://localhost:8080/pki/ocsp');
    expect(text).toContain('Class of Signing Tool KC1');
    expect(text).toContain('Signing Tool of Subject');
    const verified = openssl([
      'verify',
      '-attime',
      String(NOW.getTime() / 1000 + 60),
      '-CAfile',
      join(dir, 'root.pem'),
      join(dir, 'user.pem'),
    ]);
    expect(verified.stdout.toString()).toContain('OK');
    const asn1 = openssl(['asn1parse', '-in', join(dir, 'user.pem')]).stdout.toString();
    expect(asn1).toMatch(/OBJECT\s+:SNILS\s*\n.*NUMERICSTRING\s+:11223344595/);
    expect(asn1).toMatch(/OBJECT\s+:INN\s*\n.*NUMERICSTRING\s+:500100732259/);
  });
});

describe('certificates OpenSSL made', () => {
  it('parse and verify (GOST self-signed with Cyrillic subject)', async () => {
    const dir = tempDir();
    opensslGostKey(join(dir, 'k.pem'));
    opensslGostSelfSigned(join(dir, 'k.pem'), '/C=RU/O=Тест/CN=Тестовый УЦ', join(dir, 'c.pem'));
    const der = fromPem(openssl(['x509', '-in', join(dir, 'c.pem')]).stdout.toString());
    const cert = parseCertificate(der);
    expect(cert.subjectText).toBe('CN=Тестовый УЦ, O=Тест, C=RU');
    expect(cert.signatureAlgorithm).toBe(OID.signWithStreebog256);
    expect(await verifyCertificateSignature(cert.asn1, cert.asn1.tbsCertificate.subjectPublicKeyInfo)).toBe(
      true,
    );
  });
});

describe('encoding', () => {
  it('encodes exactly what asn1-x509 encodes, with the issuer given as a Name or as its DER', async () => {
    const root = await makeRoot({ type: 'ecdsa', curve: 'P-256' }, 'Encoding CA');
    const rootInfo = parseCertificate(root.der);
    const { signer } = await generateSoftwareKey({ type: 'gost', paramSet: OID.gost3410_2012_256_paramSetA });
    const template = {
      serialNumber: Uint8Array.from([0x8f, 0x01, 0x02]),
      subject: qualifiedSubjectName({ ...IVANOV, email: 'ivanov@example.ru' }),
      notBefore: new Date('2026-01-02T03:04:05.678Z'), // single digits, and a fraction no Time keeps
      notAfter: new Date('2051-01-01T00:00:00Z'), // GeneralizedTime from 2050 on
      publicKeyInfo: signer.publicKeyInfo,
    };
    const withExtensions: CertificateExtensions = {
      basicConstraints: { ca: false },
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      extendedKeyUsage: [OID.clientAuth],
      extendedKeyUsageCritical: true,
      subjectKeyIdentifier: await keyIdentifier(signer.publicKeyInfo),
      authorityKeyIdentifier: rootInfo.subjectKeyIdentifier!,
      subjectAltName: { dns: ['podpis.example'], email: ['ivanov@example.ru'] },
      crlDistributionPoints: ['http://localhost:8080/pki/crl/issuing-3.crl'],
      freshestCrl: ['http://localhost:8080/pki/crl/issuing-delta.crl'],
      authorityInfoAccess: { ocsp: ['http://localhost:8080/pki/ocsp'], caIssuers: ['http://x/ca.cer'] },
      certificatePolicies: [OID.policyKC1],
      privateKeyUsagePeriod: { notBefore: new Date('2026-11-28T12:00:00.123Z'), notAfter: NOW },
      subjectSignTool: 'СКЗИ владельца',
      issuerSignTool: {
        signTool: 'Podpis',
        caTool: 'Podpis CA',
        signToolCertificate: 'нет',
        caToolCertificate: 'нет',
      },
      identificationKind: 0,
      ocspNoCheck: true,
    };
    // Twice with extensions: the second time its repeated extensions are remembered ones.
    for (const extensions of [withExtensions, {}, withExtensions]) {
      const [byName, byDer] = await Promise.all(
        [rootInfo.asn1.tbsCertificate.subject, derChildrenOfTbs(rootInfo.tbsDer)[5]!].map((issuer) =>
          issueCertificate({ ...template, issuer, extensions }, root.signer),
        ),
      );
      // The subject's key given as DER, as a request holds it.
      const keyByDer = await issueCertificate(
        {
          ...template,
          issuer: rootInfo.asn1.tbsCertificate.subject,
          publicKeyInfo: toDer(template.publicKeyInfo),
          extensions,
        },
        root.signer,
      );
      for (const der of [byName!, byDer!, keyByDer]) {
        const info = parseCertificate(der);
        const expected = new TBSCertificate({
          version: Version.v3,
          serialNumber: Uint8Array.from([0x00, 0x8f, 0x01, 0x02]).buffer,
          signature: root.signer.signatureAlgorithm,
          issuer: rootInfo.asn1.tbsCertificate.subject,
          validity: new Validity({ notBefore: template.notBefore, notAfter: template.notAfter }),
          subject: template.subject,
          subjectPublicKeyInfo: template.publicKeyInfo,
          ...(extensions === withExtensions ? { extensions: buildExtensions(extensions) } : {}),
        });
        expect(Buffer.from(info.tbsDer).equals(Buffer.from(AsnConvert.serialize(expected)))).toBe(true);
        expect(Buffer.from(der).equals(Buffer.from(AsnConvert.serialize(info.asn1)))).toBe(true);
        expect(AsnConvert.parse(der, Certificate).tbsCertificate.extensions?.length ?? 0).toBe(
          extensions === withExtensions ? 15 : 0,
        );
        expect(
          await verifyCertificateSignature(info, rootInfo.asn1.tbsCertificate.subjectPublicKeyInfo),
        ).toBe(true);
      }
    }
  });
});

describe('bad input', () => {
  it('a truncated or garbled certificate fails with a PkiError only', async () => {
    const root = await makeRoot({ type: 'ecdsa', curve: 'P-256' }, 'CA');
    for (const bad of [
      root.der.subarray(0, 100),
      new Uint8Array([0x30, 0x00]),
      new Uint8Array([0xff, 0xff, 0xff]),
    ]) {
      expect(() => parseCertificate(bad)).toThrow(PkiError);
    }
  });

  it('refuses a zero or oversized serial number and an inverted validity', async () => {
    const { signer } = await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' });
    const base = {
      subject: buildName([{ type: OID.commonName, value: 'x' }]),
      issuer: buildName([{ type: OID.commonName, value: 'x' }]),
      notBefore: NOW,
      notAfter: new Date(NOW.getTime() + YEAR),
      publicKeyInfo: signer.publicKeyInfo,
      extensions: {},
    };
    await expect(
      issueCertificate({ ...base, serialNumber: new Uint8Array(2) }, signer),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      issueCertificate({ ...base, serialNumber: new Uint8Array(21).fill(1) }, signer),
    ).rejects.toThrow(PkiError);
    await expect(
      issueCertificate(
        {
          ...base,
          serialNumber: Uint8Array.from([1]),
          notAfter: NOW,
          notBefore: new Date(NOW.getTime() + 1),
        },
        signer,
      ),
    ).rejects.toMatchObject({ path: 'validity' });
  });
});

/** The fields of a TBSCertificate, each as its DER (version, serial, signature, issuer, validity, subject, …). */
function derChildrenOfTbs(tbsDer: Uint8Array): Uint8Array[] {
  const children: Uint8Array[] = [];
  const lengthOf = (at: number): { contents: number; end: number } => {
    const first = tbsDer[at + 1]!;
    if (first < 0x80) return { contents: at + 2, end: at + 2 + first };
    let length = 0;
    for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + tbsDer[at + 2 + i]!;
    return { contents: at + 2 + (first & 0x7f), end: at + 2 + (first & 0x7f) + length };
  };
  const outer = lengthOf(0);
  for (let at = outer.contents; at < outer.end; at = lengthOf(at).end)
    children.push(tbsDer.subarray(at, lengthOf(at).end));
  return children;
}
