/** A small PKI for the CMS, TSP and CAdES tests: a CA, signers and a TSA, written out for OpenSSL. */
import { writeFileSync } from 'node:fs';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { join } from 'node:path';
import { openssl, tempDir } from '@podpis/testkit';
import {
  buildName,
  generateSoftwareKey,
  issueCertificate,
  keyIdentifier,
  OID,
  parseCertificate,
  type KeySpec,
  type SoftwareKey,
} from '@podpis/pki';
import { pem } from './pem.js';

export const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface Party {
  key: SoftwareKey;
  der: Uint8Array;
}

export interface CmsPki {
  ca: Party;
  alice: Party;
  bob: Party;
  tsa: Party;
  /** Directory with ca.pem, alice.pem, bob.pem, tsa.pem. */
  dir: string;
}

export const SPECS: { label: string; spec: KeySpec }[] = [
  { label: 'GOST-256', spec: { type: 'gost', paramSet: OID.gost3410_2012_256_paramSetB } },
  { label: 'GOST-512', spec: { type: 'gost', paramSet: OID.gost3410_2012_512_paramSetA } },
  { label: 'RSA', spec: { type: 'rsa', modulusLength: 2048 } },
  { label: 'ECDSA', spec: { type: 'ecdsa', curve: 'P-256' } },
];

let serial = 1;

/** Edits a certificate's TBSCertificate and signs it again with the issuer's key. */
export async function resign(
  der: Uint8Array,
  issuer: Party,
  edit: (cert: Certificate) => void,
): Promise<Uint8Array> {
  const cert = AsnConvert.parse(der, Certificate);
  edit(cert);
  const tbs = new Uint8Array(AsnConvert.serialize(cert.tbsCertificate));
  cert.signatureValue = (await issuer.key.signer.sign(tbs)).slice().buffer;
  return new Uint8Array(AsnConvert.serialize(cert));
}

async function issue(
  spec: KeySpec,
  name: string,
  issuer: Party | undefined,
  kind: 'ca' | 'user' | 'tsa',
): Promise<Party> {
  const key = await generateSoftwareKey(spec);
  const subject = buildName([
    { type: OID.country, value: 'RU' },
    { type: OID.organizationName, value: 'ООО «Подпись»' },
    { type: OID.commonName, value: name },
  ]);
  const issuerInfo = issuer ? parseCertificate(issuer.der) : undefined;
  const der = await issueCertificate(
    {
      serialNumber: Uint8Array.from([0x40, serial++]),
      subject,
      issuer: issuerInfo?.asn1.tbsCertificate.subject ?? subject,
      notBefore: new Date(NOW.getTime() - HOUR),
      notAfter: new Date(NOW.getTime() + 30 * DAY),
      publicKeyInfo: key.signer.publicKeyInfo,
      extensions: {
        subjectKeyIdentifier: await keyIdentifier(key.signer.publicKeyInfo),
        ...(issuerInfo?.subjectKeyIdentifier
          ? { authorityKeyIdentifier: issuerInfo.subjectKeyIdentifier }
          : {}),
        ...(kind === 'ca'
          ? { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign', 'digitalSignature'] }
          : { basicConstraints: { ca: false }, keyUsage: ['digitalSignature', 'nonRepudiation'] }),
        ...(kind === 'tsa' ? { extendedKeyUsage: [OID.timeStamping] } : {}),
      },
    },
    (issuer ?? { key }).key.signer,
  );
  if (kind !== 'tsa' || !issuer) return { key, der };
  // RFC 3161 §2.3 wants the TSA's extendedKeyUsage critical; `issueCertificate` writes it non-critical.
  const critical = await resign(der, issuer, (cert) => {
    const eku = cert.tbsCertificate.extensions?.find((e) => e.extnID === OID.extKeyUsage);
    if (eku) eku.critical = true;
  });
  return { key, der: critical };
}

export async function makeCmsPki(spec: KeySpec): Promise<CmsPki> {
  const ca = await issue(spec, 'Тестовый УЦ', undefined, 'ca');
  const alice = await issue(spec, 'Алиса', ca, 'user');
  const bob = await issue(spec, 'Боб', ca, 'user');
  const tsa = await issue(spec, 'Служба штампов времени', ca, 'tsa');
  const dir = tempDir();
  for (const [name, party] of Object.entries({ ca, alice, bob, tsa })) {
    writeFileSync(join(dir, `${name}.pem`), pem('CERTIFICATE', party.der));
  }
  return { ca, alice, bob, tsa, dir };
}

/**
 * `openssl cms -verify` of `der` against the trust anchor in `caFile`, with
 * the `detachedContent` if the signature is detached: throws with OpenSSL's
 * reason unless it verifies, and returns the content OpenSSL verified.
 */
export function opensslVerifyCms(der: Uint8Array, caFile: string, detachedContent?: Uint8Array): Buffer {
  const dir = tempDir('podpis-cms-verify-');
  writeFileSync(join(dir, 'signed.der'), der);
  const args = [
    'cms',
    '-verify',
    '-binary',
    '-CAfile',
    caFile,
    '-in',
    join(dir, 'signed.der'),
    '-inform',
    'DER',
  ];
  if (detachedContent) {
    writeFileSync(join(dir, 'content'), detachedContent);
    args.push('-content', join(dir, 'content'));
  }
  return openssl(args).stdout;
}
