/**
 * Certificates in bulk, ours next to @peculiar/x509 doing the same work in
 * the same process: build and sign 10,000 certificates, then parse and verify
 * 10,000. @peculiar/x509 has no GOST, so the GOST rows are set against its
 * ECDSA P-256 figures (the same work with the algorithm browsers use).
 * Run alone: `npx tsx packages/pki/bench/certificates.ts [count]`.
 */
import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import * as x509 from '@peculiar/x509';
import { register } from 'tsx/esm/api';

const tsx = register({
  namespace: 'pki-bench-cert',
  tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
});
const pki = (await tsx.import('../src/index.ts', import.meta.url)) as typeof import('../src/index.js');

const COUNT = Number(process.argv[2] ?? 10_000);
const NOW = new Date('2026-11-28T12:00:00Z');
const LATER = new Date(NOW.getTime() + 365 * 86_400_000);
const crypto = globalThis.crypto;

function serial(i: number): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes[0] = 0x10;
  new DataView(bytes.buffer).setUint32(12, i);
  return bytes;
}

async function time(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

async function oursBuild(
  spec: import('../src/index.js').KeySpec,
): Promise<{ seconds: number; ders: Uint8Array[]; ca: import('../src/index.js').Signer }> {
  const { signer: ca } = await pki.generateSoftwareKey(spec);
  const { signer: subjectKey } = await pki.generateSoftwareKey(spec);
  const issuer = pki.buildName([{ type: pki.OID.commonName, value: 'Bench CA' }]);
  const subject = pki.buildName([
    { type: pki.OID.country, value: 'RU' },
    { type: pki.OID.commonName, value: 'Иванов Иван Иванович' },
  ]);
  const ski = await pki.keyIdentifier(subjectKey.publicKeyInfo);
  const ders: Uint8Array[] = [];
  const seconds = await time(async () => {
    for (let i = 0; i < COUNT; i++) {
      ders.push(
        await pki.issueCertificate(
          {
            serialNumber: serial(i),
            subject,
            issuer,
            notBefore: NOW,
            notAfter: LATER,
            publicKeyInfo: subjectKey.publicKeyInfo,
            extensions: {
              basicConstraints: { ca: false },
              keyUsage: ['digitalSignature', 'nonRepudiation'],
              subjectKeyIdentifier: ski,
              crlDistributionPoints: ['http://localhost:8080/pki/crl/1.crl'],
            },
          },
          ca,
        ),
      );
    }
  });
  return { seconds, ders, ca };
}

async function oursParseVerify(ders: Uint8Array[], ca: import('../src/index.js').Signer): Promise<number> {
  return time(async () => {
    for (const der of ders) {
      const cert = pki.parseCertificate(der);
      if (!(await pki.verifyCertificateSignature(cert.asn1, ca.publicKeyInfo)))
        throw new Error('bad signature');
    }
  });
}

async function peculiarBuild(): Promise<{ seconds: number; ders: ArrayBuffer[]; caKeys: CryptoKeyPair }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const caKeys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const subjectKeys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const ders: ArrayBuffer[] = [];
  const seconds = await time(async () => {
    for (let i = 0; i < COUNT; i++) {
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: Buffer.from(serial(i)).toString('hex'),
        subject: 'C=RU, CN=Иванов Иван Иванович',
        issuer: 'CN=Bench CA',
        notBefore: NOW,
        notAfter: LATER,
        signingAlgorithm: alg,
        publicKey: subjectKeys.publicKey,
        signingKey: caKeys.privateKey,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(
            x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
            true,
          ),
          await x509.SubjectKeyIdentifierExtension.create(subjectKeys.publicKey),
          new x509.CRLDistributionPointsExtension(['http://localhost:8080/pki/crl/1.crl']),
        ],
      });
      ders.push(cert.rawData);
    }
  });
  return { seconds, ders, caKeys };
}

async function peculiarParseVerify(ders: ArrayBuffer[], caKeys: CryptoKeyPair): Promise<number> {
  return time(async () => {
    for (const der of ders) {
      const cert = new x509.X509Certificate(der);
      if (!(await cert.verify({ publicKey: caKeys.publicKey, signatureOnly: true })))
        throw new Error('bad signature');
    }
  });
}

const peculiar = await peculiarBuild();
const peculiarVerify = await peculiarParseVerify(peculiar.ders, peculiar.caKeys);
const ecdsa = await oursBuild({ type: 'ecdsa', curve: 'P-256' });
const ecdsaVerify = await oursParseVerify(ecdsa.ders, ecdsa.ca);
const gost = await oursBuild({ type: 'gost', paramSet: '1.2.643.7.1.2.1.1.2' });
const gostVerify = await oursParseVerify(gost.ders, gost.ca);

const rate = (seconds: number): number => COUNT / seconds;
const rows = [
  ['build + sign, ECDSA P-256', rate(ecdsa.seconds), rate(peculiar.seconds), '@peculiar/x509 ECDSA P-256'],
  [
    'build + sign, GOST R 34.10-2012-256',
    rate(gost.seconds),
    rate(peculiar.seconds),
    '@peculiar/x509 ECDSA P-256',
  ],
  ['parse + verify, ECDSA P-256', rate(ecdsaVerify), rate(peculiarVerify), '@peculiar/x509 ECDSA P-256'],
  [
    'parse + verify, GOST R 34.10-2012-256',
    rate(gostVerify),
    rate(peculiarVerify),
    '@peculiar/x509 ECDSA P-256',
  ],
] as const;
console.log(`\n${COUNT} certificates each`);
console.table(
  rows.map(([name, ours, reference, referenceName]) => ({
    benchmark: name,
    ours: `${ours.toFixed(0)} cert/s`,
    reference: `${reference.toFixed(0)} cert/s (${referenceName})`,
    ratio: (ours / reference).toFixed(2),
  })),
);
