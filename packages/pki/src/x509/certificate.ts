import { Certificate, Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { parseDer, toDer } from '../asn1/der.js';
import { tlv } from '../cms/tlv.js';
import { derChildren } from '../ocsp/der-children.js';
import type { Signer } from '../algorithms/signer.js';
import { verifySignature } from '../algorithms/verify.js';
import { PkiError } from '../errors.js';
import { nameDer } from './name-der.js';
import { encodeExtensions, type CertificateExtensions } from './extensions.js';
import { extensionValues, hex, type ExtensionValues } from './extension-values.js';
import { nameAttributes, formatName, type NameAttribute } from './name.js';

/** What to put into a new certificate; the issuer's signer signs it. */
export interface CertificateTemplate {
  /** Positive serial number, at most 20 bytes (RFC 5280 §4.1.2.2). */
  serialNumber: Uint8Array;
  subject: Name;
  /**
   * The issuer's Name, or its DER as the issuer's certificate holds it (its
   * subject): a CA issuing many certificates encodes its name once.
   */
  issuer: Name | Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** The subject's public key, or its DER (a request's own, `publicKeyInfoDer`): encoded once, not per certificate. */
  publicKeyInfo: SubjectPublicKeyInfo | Uint8Array;
  extensions: CertificateExtensions;
}

/** The content octets of a positive INTEGER of at most 20 bytes (serial numbers), minimal and sign-padded. */
export function positiveInteger(bytes: Uint8Array, path = 'serialNumber'): ArrayBuffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  if (trimmed.length === 0 || trimmed.length > 20 || trimmed.every((b) => b === 0)) {
    throw new PkiError(
      'INVALID_ARGUMENT',
      'serial number must be a positive integer of at most 20 bytes',
      path,
    );
  }
  if ((trimmed[0]! & 0x80) === 0) return trimmed.slice().buffer;
  const padded = new Uint8Array(trimmed.length + 1);
  padded.set(trimmed, 1);
  return padded.buffer;
}

/**
 * RFC 5280 §4.1.2.5's Time, to the second: UTCTime (YYMMDDHHMMSSZ) for
 * 1950–2049, GeneralizedTime (YYYYMMDDHHMMSSZ) otherwise, as `@peculiar/asn1-x509`'s
 * Validity encodes it, written directly: every certificate has one, and the
 * library took ~50 µs for it.
 */
function timeDer(time: Date): Uint8Array {
  const year = time.getUTCFullYear();
  const two = (n: number): string => String(n).padStart(2, '0');
  const rest =
    two(time.getUTCMonth() + 1) +
    two(time.getUTCDate()) +
    two(time.getUTCHours()) +
    two(time.getUTCMinutes()) +
    two(time.getUTCSeconds()) +
    'Z';
  return year >= 1950 && year < 2050
    ? tlv(0x17, ASCII.encode(two(year % 100) + rest))
    : tlv(0x18, ASCII.encode(String(year).padStart(4, '0') + rest));
}

const ASCII = new TextEncoder();

function validityDer(notBefore: Date, notAfter: Date): Uint8Array {
  return tlv(0x30, timeDer(notBefore), timeDer(notAfter));
}

/** TBSCertificate.version v3: [0] EXPLICIT INTEGER 2. */
const VERSION_V3 = Uint8Array.of(0xa0, 0x03, 0x02, 0x01, 0x02);

/**
 * Builds the TBSCertificate, signs it with the issuer's signer and returns
 * the certificate's DER. The TBSCertificate and the Certificate around it
 * are assembled from their fields' DER (RFC 5280 §4.1): each field is
 * encoded once, the signed bytes are not encoded a second time inside the
 * Certificate, an issuer given as DER is not encoded at all, and the
 * extensions a CA repeats are encoded once (`encodeExtensions`). The bytes
 * are those `@peculiar/asn1-x509`'s TBSCertificate and Certificate encode
 * (certificate.test.ts compares them).
 */
export async function issueCertificate(template: CertificateTemplate, issuer: Signer): Promise<Uint8Array> {
  if (template.notAfter.getTime() <= template.notBefore.getTime()) {
    throw new PkiError('INVALID_ARGUMENT', 'notAfter must be later than notBefore', 'validity');
  }
  const extensions = encodeExtensions(template.extensions);
  const signatureAlgorithm = toDer(issuer.signatureAlgorithm);
  const tbsDer = tlv(
    0x30,
    VERSION_V3,
    tlv(0x02, new Uint8Array(positiveInteger(template.serialNumber))),
    signatureAlgorithm,
    template.issuer instanceof Uint8Array ? template.issuer : nameDer(template.issuer),
    validityDer(template.notBefore, template.notAfter),
    nameDer(template.subject),
    template.publicKeyInfo instanceof Uint8Array ? template.publicKeyInfo : toDer(template.publicKeyInfo),
    ...(extensions.length > 0 ? [tlv(0xa3, tlv(0x30, ...extensions))] : []),
  );
  const signature = await issuer.sign(tbsDer);
  // signatureValue: a BIT STRING with no unused bits.
  return tlv(0x30, tbsDer, signatureAlgorithm, tlv(0x03, Uint8Array.of(0), signature));
}

/** Method 1 of RFC 5280 §4.2.1.2: SHA-1 of the subjectPublicKey BIT STRING's bytes. */
export async function keyIdentifier(publicKeyInfo: SubjectPublicKeyInfo): Promise<Uint8Array> {
  return new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-1', new Uint8Array(publicKeyInfo.subjectPublicKey)),
  );
}

/** A parsed certificate with its fields in readable form; `asn1` keeps the full structure. */
export interface CertificateInfo extends ExtensionValues {
  der: Uint8Array;
  /** The TBSCertificate exactly as received: what the signature covers. */
  tbsDer: Uint8Array;
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
}

/** Parses a certificate. Throws only PkiError, with the path of the bad field. */
export function parseCertificate(der: Uint8Array): CertificateInfo {
  const cert = parseDer(der, Certificate, 'certificate');
  const tbs = cert.tbsCertificate;
  const [tbsDer] = derChildren(der, 'certificate');
  return {
    der,
    tbsDer: tbsDer ?? new Uint8Array(0),
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
    ...extensionValues(tbs.extensions, 'tbsCertificate.extensions'),
  };
}

/** Whether the certificate's signature verifies under the issuer's public key. */
export async function verifyCertificateSignature(
  certificate: CertificateInfo | Certificate,
  issuerPublicKey: SubjectPublicKeyInfo,
): Promise<boolean> {
  // Over the bytes as received when we have them: re-encoding a parsed
  // certificate that was not perfect DER would change what is verified.
  const parsed = 'tbsDer' in certificate;
  const asn1 = parsed ? certificate.asn1 : certificate;
  return verifySignature(
    issuerPublicKey,
    asn1.signatureAlgorithm,
    parsed ? certificate.tbsDer : toDer(asn1.tbsCertificate),
    new Uint8Array(asn1.signatureValue),
  );
}
