import { CertID } from '@peculiar/asn1-ocsp';
import { OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { streebog256 } from '@podpis/gost';
import { bufferSource } from '../bytes.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { parseCertificate, type CertificateInfo } from '../x509/certificate.js';
import { derChildren } from './der-children.js';

/** Hash algorithms a CertID may use here: SHA-1 (what most clients send), SHA-256, Streebog-256. */
export type CertIdHash = 'sha1' | 'sha256' | 'streebog256';

/**
 * Which certificate an OCSP request asks about or a response answers for
 * (RFC 6960 §4.1.1): hashes of the issuer's Name and public key, and the
 * serial number as hex of its INTEGER contents (the form `parseCertificate` gives).
 */
export interface OcspCertId {
  /** OID of the hash algorithm; may be one we do not support when parsed from a request. */
  hashAlgorithm: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  serialNumberHex: string;
}

const HASH_OID: Readonly<Record<CertIdHash, string>> = {
  sha1: OID.sha1,
  sha256: OID.sha256,
  streebog256: OID.streebog256,
};

async function digest(hashOid: string, data: Uint8Array): Promise<Uint8Array | undefined> {
  switch (hashOid) {
    case OID.sha1:
      return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', bufferSource(data)));
    case OID.sha256:
      return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bufferSource(data)));
    case OID.streebog256:
      return streebog256(data);
    default:
      return undefined;
  }
}

/** The issuer's subject Name exactly as encoded in its certificate (what OpenSSL hashes). */
function rawSubject(issuer: CertificateInfo): Uint8Array {
  const path = 'issuer.tbsCertificate.subject';
  const [tbs] = derChildren(issuer.der, path);
  const fields = tbs ? derChildren(tbs, path) : [];
  // version [0] is optional; subject follows serial, signature, issuer and validity.
  const first = fields[0]?.[0] === 0xa0 ? 1 : 0;
  const subject = fields[first + 4];
  if (!subject) throw new PkiError('UNEXPECTED_STRUCTURE', 'certificate has no subject', path);
  return subject;
}

function issuerInfo(issuer: Uint8Array | CertificateInfo): CertificateInfo {
  return issuer instanceof Uint8Array ? parseCertificate(issuer) : issuer;
}

function hexOf(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Serial hex without sign padding, lower case, for comparing serials written either way. */
function canonicalSerial(hex: string): string {
  return hex.toLowerCase().replace(/^(00)+(?=[0-9a-f]{2})/, '');
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The CertID for serial `serialNumberHex` under `issuer` (a certificate, DER or parsed). */
export async function createCertId(
  issuer: Uint8Array | CertificateInfo,
  serialNumberHex: string,
  hash: CertIdHash = 'sha1',
): Promise<OcspCertId> {
  if (!/^([0-9a-fA-F]{2})+$/.test(serialNumberHex)) {
    throw new PkiError('INVALID_ARGUMENT', 'serial number must be hex bytes', 'serialNumberHex');
  }
  const info = issuerInfo(issuer);
  const hashAlgorithm = HASH_OID[hash];
  const keyBits = new Uint8Array(info.asn1.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  const [issuerNameHash, issuerKeyHash] = await Promise.all([
    digest(hashAlgorithm, rawSubject(info)),
    digest(hashAlgorithm, keyBits),
  ]);
  return {
    hashAlgorithm,
    issuerNameHash: issuerNameHash!,
    issuerKeyHash: issuerKeyHash!,
    serialNumberHex: serialNumberHex.toLowerCase(),
  };
}

/** The CertID of `certificate` issued by `issuer`. */
export async function certIdOf(
  certificate: Uint8Array | CertificateInfo,
  issuer: Uint8Array | CertificateInfo,
  hash: CertIdHash = 'sha1',
): Promise<OcspCertId> {
  return createCertId(issuer, issuerInfo(certificate).serialNumberHex, hash);
}

/**
 * Whether `certId` names a certificate of `issuer`, whatever supported hash
 * the client chose. A responder uses it to find the CA a request is for.
 */
export async function certIdIssuedBy(
  certId: OcspCertId,
  issuer: Uint8Array | CertificateInfo,
): Promise<boolean> {
  const info = issuerInfo(issuer);
  const keyBits = new Uint8Array(info.asn1.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  const keyHash = await digest(certId.hashAlgorithm, keyBits);
  if (!keyHash || !equalBytes(keyHash, certId.issuerKeyHash)) return false;
  const nameHash = await digest(certId.hashAlgorithm, rawSubject(info));
  return nameHash !== undefined && equalBytes(nameHash, certId.issuerNameHash);
}

/** Whether `certId` names the certificate with serial `serialNumberHex` of `issuer`. */
export async function certIdMatches(
  certId: OcspCertId,
  issuer: Uint8Array | CertificateInfo,
  serialNumberHex: string,
): Promise<boolean> {
  if (canonicalSerial(certId.serialNumberHex) !== canonicalSerial(serialNumberHex)) return false;
  return certIdIssuedBy(certId, issuer);
}

/** Whether two CertIDs are the same (same hash, hashes and serial). */
export function sameCertId(a: OcspCertId, b: OcspCertId): boolean {
  return (
    a.hashAlgorithm === b.hashAlgorithm &&
    equalBytes(a.issuerNameHash, b.issuerNameHash) &&
    equalBytes(a.issuerKeyHash, b.issuerKeyHash) &&
    canonicalSerial(a.serialNumberHex) === canonicalSerial(b.serialNumberHex)
  );
}

/** The ASN.1 CertID; SHA hashes get NULL parameters as OpenSSL writes them, Streebog none (RFC 9215). */
export function certIdToAsn1(certId: OcspCertId): CertID {
  const isSha = certId.hashAlgorithm === OID.sha1 || certId.hashAlgorithm === OID.sha256;
  const serial = canonicalSerial(certId.serialNumberHex);
  const serialBytes = Uint8Array.from(serial.match(/../g) ?? [], (h) => parseInt(h, 16));
  const padded = (serialBytes[0] ?? 0) & 0x80 ? Uint8Array.from([0, ...serialBytes]) : serialBytes;
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier(
      isSha ? { algorithm: certId.hashAlgorithm, parameters: null } : { algorithm: certId.hashAlgorithm },
    ),
    issuerNameHash: new OctetString(certId.issuerNameHash),
    issuerKeyHash: new OctetString(certId.issuerKeyHash),
    serialNumber: padded.slice().buffer,
  });
}

export function certIdFromAsn1(certId: CertID): OcspCertId {
  return {
    hashAlgorithm: certId.hashAlgorithm.algorithm,
    issuerNameHash: new Uint8Array(certId.issuerNameHash.buffer),
    issuerKeyHash: new Uint8Array(certId.issuerKeyHash.buffer),
    serialNumberHex: hexOf(certId.serialNumber),
  };
}
