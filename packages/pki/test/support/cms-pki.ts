/** A small PKI for the CMS, TSP, CAdES and OCSP tests: a CA, signers and a TSA, written out for OpenSSL. */
import { writeFileSync } from 'node:fs';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { join } from 'node:path';
import { openssl, tempDir } from '@podpis/testkit';
import {
  buildName,
  createTimeStampToken,
  generateSoftwareKey,
  issueCertificate,
  keyIdentifier,
  OID,
  parseCertificate,
  type CertificateExtensions,
  type KeySpec,
  type SoftwareKey,
  type TsaCallback,
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

/**
 * A party's certificate on a new `spec` key: a self-signed CA without an
 * `issuer`, else an end entity of `issuer` (digitalSignature, then
 * `extensions`); its serial number is `serial`, or the next of a counter.
 */
export async function issueParty(
  spec: KeySpec,
  name: string,
  issuer?: Party,
  options: { serial?: readonly number[]; extensions?: CertificateExtensions } = {},
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
      serialNumber: Uint8Array.from(options.serial ?? [0x40, serial++]),
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
        ...(issuer
          ? { basicConstraints: { ca: false }, keyUsage: ['digitalSignature'], ...options.extensions }
          : { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign', 'digitalSignature'] }),
      },
    },
    (issuer ?? { key }).key.signer,
  );
  return { key, der };
}

const SIGNER: CertificateExtensions = { keyUsage: ['digitalSignature', 'nonRepudiation'] };

/** RFC 3161 §2.3 wants the TSA's extendedKeyUsage critical; `issueCertificate` writes it non-critical. */
async function issueTsa(spec: KeySpec, ca: Party): Promise<Party> {
  const tsa = await issueParty(spec, 'Служба штампов времени', ca, {
    extensions: { ...SIGNER, extendedKeyUsage: [OID.timeStamping] },
  });
  const der = await resign(tsa.der, ca, (cert) => {
    const eku = cert.tbsCertificate.extensions?.find((e) => e.extnID === OID.extKeyUsage);
    if (eku) eku.critical = true;
  });
  return { key: tsa.key, der };
}

export async function makeCmsPki(spec: KeySpec): Promise<CmsPki> {
  const ca = await issueParty(spec, 'Тестовый УЦ');
  const alice = await issueParty(spec, 'Алиса', ca, { extensions: SIGNER });
  const bob = await issueParty(spec, 'Боб', ca, { extensions: SIGNER });
  const tsa = await issueTsa(spec, ca);
  const dir = tempDir();
  for (const [name, party] of Object.entries({ ca, alice, bob, tsa })) {
    writeFileSync(join(dir, `${name}.pem`), pem('CERTIFICATE', party.der));
  }
  return { ca, alice, bob, tsa, dir };
}

/** A TSA of `pki` that stamps at NOW under `policy`, numbering its tokens from 1, certificate included. */
export function tsaCallbackOf(pki: CmsPki, policy: string): TsaCallback {
  let serial = 1n;
  return (digest, hashAlgorithm) =>
    createTimeStampToken({
      tsa: pki.tsa.key.signer,
      tsaCertificate: pki.tsa.der,
      policy,
      serialNumber: serial++,
      genTime: NOW,
      messageImprint: { hashAlgorithm, digest },
      includeCertificate: true,
    });
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
