import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CRLDistributionPoints,
  CertificatePolicies,
  ExtendedKeyUsage,
  KeyUsage,
  KeyUsageFlags,
  Name,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { parseDer, toDer } from '../asn1/der.js';
import type { Signer } from '../algorithms/signer.js';
import { verifySignature } from '../algorithms/verify.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { buildExtensions, type CertificateExtensions, type KeyUsageName } from './extensions.js';
import { IssuerSignTool } from './russian-extensions.js';
import { nameAttributes, formatName, type NameAttribute } from './name.js';

/** What to put into a new certificate; the issuer's signer signs it. */
export interface CertificateTemplate {
  /** Positive serial number, at most 20 bytes (RFC 5280 §4.1.2.2). */
  serialNumber: Uint8Array;
  subject: Name;
  issuer: Name;
  notBefore: Date;
  notAfter: Date;
  publicKeyInfo: SubjectPublicKeyInfo;
  extensions: CertificateExtensions;
}

function positiveInteger(bytes: Uint8Array): ArrayBuffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  if (trimmed.length === 0 || trimmed.length > 20 || trimmed.every((b) => b === 0)) {
    throw new PkiError(
      'INVALID_ARGUMENT',
      'serial number must be a positive integer of at most 20 bytes',
      'serialNumber',
    );
  }
  if ((trimmed[0]! & 0x80) === 0) return trimmed.slice().buffer;
  const padded = new Uint8Array(trimmed.length + 1);
  padded.set(trimmed, 1);
  return padded.buffer;
}

/** Builds the TBSCertificate, signs it with the issuer's signer and returns the certificate's DER. */
export async function issueCertificate(template: CertificateTemplate, issuer: Signer): Promise<Uint8Array> {
  if (template.notAfter.getTime() <= template.notBefore.getTime()) {
    throw new PkiError('INVALID_ARGUMENT', 'notAfter must be later than notBefore', 'validity');
  }
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: positiveInteger(template.serialNumber),
    signature: issuer.signatureAlgorithm,
    issuer: template.issuer,
    validity: new Validity({ notBefore: template.notBefore, notAfter: template.notAfter }),
    subject: template.subject,
    subjectPublicKeyInfo: template.publicKeyInfo,
    extensions: buildExtensions(template.extensions),
  });
  const tbsDer = toDer(tbs);
  const signature = await issuer.sign(tbsDer);
  return toDer(
    new Certificate({
      tbsCertificate: tbs,
      signatureAlgorithm: issuer.signatureAlgorithm,
      signatureValue: signature.slice().buffer,
    }),
  );
}

/** Method 1 of RFC 5280 §4.2.1.2: SHA-1 of the subjectPublicKey BIT STRING's bytes. */
export async function keyIdentifier(publicKeyInfo: SubjectPublicKeyInfo): Promise<Uint8Array> {
  return new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-1', new Uint8Array(publicKeyInfo.subjectPublicKey)),
  );
}

/** A parsed certificate with its fields in readable form; `asn1` keeps the full structure. */
export interface CertificateInfo {
  der: Uint8Array;
  asn1: Certificate;
  serialNumberHex: string;
  subject: NameAttribute[];
  subjectText: string;
  issuer: NameAttribute[];
  issuerText: string;
  notBefore: Date;
  notAfter: Date;
  signatureAlgorithm: string;
  publicKeyAlgorithm: string;
  isCa: boolean;
  pathLength: number | undefined;
  keyUsage: KeyUsageName[];
  extendedKeyUsage: string[];
  subjectKeyIdentifier: Uint8Array | undefined;
  authorityKeyIdentifier: Uint8Array | undefined;
  crlDistributionPoints: string[];
  ocspUrls: string[];
  caIssuersUrls: string[];
  certificatePolicies: string[];
  subjectSignTool: string | undefined;
  issuerSignTool: IssuerSignTool | undefined;
  identificationKind: number | undefined;
}

function extensionValue<T>(cert: Certificate, oid: string, type: new () => T, path: string): T | undefined {
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === oid);
  if (!ext) return undefined;
  return parseDer(new Uint8Array(ext.extnValue.buffer), type, path);
}

function rawExtension(cert: Certificate, oid: string): Uint8Array | undefined {
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === oid);
  return ext ? new Uint8Array(ext.extnValue.buffer) : undefined;
}

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

function uris(names: { uniformResourceIdentifier?: string }[] | undefined): string[] {
  return (names ?? []).flatMap((n) => (n.uniformResourceIdentifier ? [n.uniformResourceIdentifier] : []));
}

/** Reads the text of a primitive string or the value of a small INTEGER from its DER. */
function primitiveContent(der: Uint8Array, path: string): Uint8Array {
  let offset = 1;
  const first = der[offset++] ?? 0;
  let length = first;
  if (first > 0x80) {
    length = 0;
    for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + (der[offset++] ?? 0);
  }
  if (offset + length !== der.length) throw new PkiError('MALFORMED_DER', 'bad length', path);
  return der.subarray(offset);
}

/** Parses a certificate. Throws only PkiError, with the path of the bad field. */
export function parseCertificate(der: Uint8Array): CertificateInfo {
  const cert = parseDer(der, Certificate, 'certificate');
  const tbs = cert.tbsCertificate;
  const path = (field: string): string => `tbsCertificate.extensions.${field}`;
  const basic = extensionValue(cert, OID.basicConstraints, BasicConstraints, path('basicConstraints'));
  const keyUsage = extensionValue(cert, OID.keyUsage, KeyUsage, path('keyUsage'));
  const eku = extensionValue(cert, OID.extKeyUsage, ExtendedKeyUsage, path('extKeyUsage'));
  const ski = extensionValue(
    cert,
    OID.subjectKeyIdentifier,
    SubjectKeyIdentifier,
    path('subjectKeyIdentifier'),
  );
  const aki = extensionValue(
    cert,
    OID.authorityKeyIdentifier,
    AuthorityKeyIdentifier,
    path('authorityKeyIdentifier'),
  );
  const cdp = extensionValue(
    cert,
    OID.crlDistributionPoints,
    CRLDistributionPoints,
    path('crlDistributionPoints'),
  );
  const aia = extensionValue(
    cert,
    OID.authorityInfoAccess,
    AuthorityInfoAccessSyntax,
    path('authorityInfoAccess'),
  );
  const policies = extensionValue(
    cert,
    OID.certificatePolicies,
    CertificatePolicies,
    path('certificatePolicies'),
  );
  const issuerTool = extensionValue(cert, OID.issuerSignTool, IssuerSignTool, path('issuerSignTool'));
  const subjectTool = rawExtension(cert, OID.subjectSignTool);
  const identification = rawExtension(cert, OID.identificationKind);
  const usage = keyUsage ? keyUsage.toNumber() : 0;
  return {
    der,
    asn1: cert,
    serialNumberHex: hex(tbs.serialNumber),
    subject: nameAttributes(tbs.subject),
    subjectText: formatName(tbs.subject),
    issuer: nameAttributes(tbs.issuer),
    issuerText: formatName(tbs.issuer),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    signatureAlgorithm: cert.signatureAlgorithm.algorithm,
    publicKeyAlgorithm: tbs.subjectPublicKeyInfo.algorithm.algorithm,
    isCa: basic?.cA ?? false,
    pathLength: basic?.pathLenConstraint,
    keyUsage: (Object.keys(KeyUsageFlags).filter((k) => Number.isNaN(Number(k))) as KeyUsageName[]).filter(
      (name) => (usage & KeyUsageFlags[name]) !== 0,
    ),
    extendedKeyUsage: eku ? [...eku] : [],
    subjectKeyIdentifier: ski ? new Uint8Array(ski.buffer) : undefined,
    authorityKeyIdentifier: aki?.keyIdentifier ? new Uint8Array(aki.keyIdentifier.buffer) : undefined,
    crlDistributionPoints: (cdp ? Array.from(cdp) : []).flatMap((dp) => uris(dp.distributionPoint?.fullName)),
    ocspUrls: uris(
      (aia ? Array.from(aia) : [])
        .filter((a) => a.accessMethod === OID.ocspMethod)
        .map((a) => a.accessLocation),
    ),
    caIssuersUrls: uris(
      (aia ? Array.from(aia) : [])
        .filter((a) => a.accessMethod === OID.caIssuersMethod)
        .map((a) => a.accessLocation),
    ),
    certificatePolicies: (policies ? Array.from(policies) : []).map((p) => p.policyIdentifier),
    subjectSignTool: subjectTool
      ? new TextDecoder().decode(primitiveContent(subjectTool, path('subjectSignTool')))
      : undefined,
    issuerSignTool: issuerTool,
    identificationKind: identification
      ? primitiveContent(identification, path('identificationKind'))[0]
      : undefined,
  };
}

/** Whether the certificate's signature verifies under the issuer's public key. */
export async function verifyCertificateSignature(
  certificate: Certificate,
  issuerPublicKey: SubjectPublicKeyInfo,
): Promise<boolean> {
  return verifySignature(
    issuerPublicKey,
    certificate.signatureAlgorithm,
    toDer(certificate.tbsCertificate),
    new Uint8Array(certificate.signatureValue),
  );
}
