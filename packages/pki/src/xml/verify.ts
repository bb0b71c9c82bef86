/**
 * Checks every ds:Signature in a document: the signature value over
 * canonical SignedInfo with the key of the KeyInfo certificate, each
 * Reference's digest, and for XAdES the signed properties (signing time,
 * SigningCertificate(V2)) and signature time-stamps. Path validation of the
 * certificate is the caller's (`validatePath`).
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { verifySignature } from '../algorithms/verify.js';
import { IssuerSerial } from '../cms/asn1.js';
import { digest } from '../cms/digest.js';
import { equalBytes } from '../cms/tlv.js';
import { PkiError } from '../errors.js';
import { parseTimeStampToken } from '../tsp/token.js';
import { parseCertificate, type CertificateInfo } from '../x509/certificate.js';
import {
  digestOidOfUri,
  fromXmlSignatureValue,
  signatureAlgorithmIdentifier,
  signatureOidOfUri,
} from './algorithms.js';
import {
  C14N,
  DSIG_NS,
  EXC_C14N_NS,
  TRANSFORM,
  XADES_NS,
  attributeOf,
  canonicalize,
  canonicalizeDocument,
  childElements,
  decodeXml,
  descendants,
  elementsById,
  firstChild,
  fromBase64,
  isC14nMethod,
  parseXml,
  qualifyingProperties,
  signatureElements,
  withoutComments,
  type C14nMethod,
} from './dom.js';
import { SIGNED_PROPERTIES_TYPE } from './sign.js';

export type XmlVerifyCode =
  | 'MALFORMED_SIGNATURE'
  | 'UNSUPPORTED_ALGORITHM'
  | 'UNSUPPORTED_TRANSFORM'
  | 'REFERENCE_UNRESOLVED'
  | 'DUPLICATE_ID'
  | 'REFERENCE_DIGEST_MISMATCH'
  | 'CERTIFICATE_MISSING'
  | 'SIGNATURE_INVALID'
  | 'SIGNED_PROPERTIES_NOT_SIGNED'
  | 'XADES_TARGET_MISMATCH'
  | 'SIGNING_CERTIFICATE_MISMATCH'
  | 'TIMESTAMP_MALFORMED'
  | 'TIMESTAMP_IMPRINT_MISMATCH';

export type XmlSignatureVerificationLevel = 'xmldsig' | 'xades-bes' | 'xades-t';

export interface XmlVerifyFailure {
  code: XmlVerifyCode;
  message: string;
}

export interface XmlReferenceVerification {
  uri: string;
  type: string | undefined;
  digestValid: boolean;
  /** Why the digest could not be checked or did not match; absent when `digestValid`. */
  code?: XmlVerifyCode;
}

export interface XmlTimeStampVerification {
  /** The time-stamp token's DER (a CMS SignedData over TSTInfo). */
  token: Uint8Array;
  /** Whether its message imprint is the hash of the canonical ds:SignatureValue. */
  imprintMatches: boolean;
}

export interface XmlSignatureVerification {
  /** True when nothing below failed. */
  ok: boolean;
  signatureId: string | undefined;
  /** The signature value verifies over canonical SignedInfo with the certificate's key. */
  signatureValid: boolean;
  references: XmlReferenceVerification[];
  /** DER of the KeyInfo certificate whose key was used. */
  certificate?: Uint8Array;
  /** XAdES SigningTime, as the signer claims it. */
  signingTime?: Date;
  level: XmlSignatureVerificationLevel;
  /** XAdES: whether SigningCertificate(V2) names the certificate (digest and serial); absent for plain XMLDSig. */
  signingCertificateMatches?: boolean;
  timeStamps: XmlTimeStampVerification[];
  failures: XmlVerifyFailure[];
}

export interface VerifyXmlSignaturesOptions {
  /** The content of references to other resources, by their URI exactly as written. */
  detachedContent?: ReadonlyMap<string, Uint8Array>;
}

const encoder = new TextEncoder();

class Failure extends Error {
  constructor(
    readonly code: XmlVerifyCode,
    message: string,
  ) {
    super(message);
  }
}

function required(parent: Element, ns: string, localName: string): Element {
  const element = firstChild(parent, ns, localName);
  if (!element) throw new Failure('MALFORMED_SIGNATURE', `${parent.localName} has no ${localName}`);
  return element;
}

function algorithmOf(element: Element): string {
  return element.getAttribute('Algorithm') ?? '';
}

function base64Of(element: Element, what: string): Uint8Array {
  const bytes = fromBase64(element.textContent);
  if (!bytes) throw new Failure('MALFORMED_SIGNATURE', `${what} is not base64`);
  return bytes;
}

/** A c14n method element's URI and exclusive C14N's InclusiveNamespaces PrefixList. */
function c14nOf(element: Element): { method: C14nMethod; prefixes: string[] } {
  const uri = algorithmOf(element);
  if (!isC14nMethod(uri))
    throw new Failure('UNSUPPORTED_ALGORITHM', `canonicalisation ${uri} is not supported`);
  const inclusive = firstChild(element, EXC_C14N_NS, 'InclusiveNamespaces');
  const prefixes = (inclusive?.getAttribute('PrefixList') ?? '').split(/\s+/).filter(Boolean);
  return { method: uri, prefixes: prefixes.map((p) => (p === '#default' ? '' : p)) };
}

/** What a reference's transforms work on: nodes of the document, or octets. */
type Data = { nodes: Document | Element } | { bytes: Uint8Array };

function canonicalData(target: Document | Element, method: C14nMethod, prefixes: string[]): Uint8Array {
  const text =
    'documentElement' in target
      ? canonicalizeDocument(target, method, prefixes)
      : canonicalize(target, method, prefixes);
  return encoder.encode(text);
}

interface Context {
  text: string;
  doc: Document;
  /** The position of this signature among the document's ds:Signature elements, for the enveloped transform. */
  signatureIndex: number;
  detached: ReadonlyMap<string, Uint8Array>;
}

function sameDocumentTarget(doc: Document, uri: string): Document | Element {
  if (uri === '') return doc;
  const found = elementsById(doc.documentElement).get(uri.slice(1));
  if (found === undefined) throw new Failure('REFERENCE_UNRESOLVED', `no element has Id "${uri.slice(1)}"`);
  if (found === null) throw new Failure('DUPLICATE_ID', `more than one element has Id "${uri.slice(1)}"`);
  return found;
}

/** The octets a Reference's digest covers, after its transforms (XMLDSig §4.4.3). */
function referencedOctets(reference: Element, context: Context): Uint8Array {
  const uri = attributeOf(reference, 'URI');
  if (uri === undefined)
    throw new Failure('REFERENCE_UNRESOLVED', 'a Reference without a URI is not supported');
  const transforms = childElements(
    firstChild(reference, DSIG_NS, 'Transforms') ?? reference,
    DSIG_NS,
    'Transform',
  );
  let data: Data;
  if (uri === '' || uri.startsWith('#')) {
    let doc = context.doc;
    if (transforms.some((t) => algorithmOf(t) === TRANSFORM.enveloped)) {
      doc = parseXml(context.text);
      const own = signatureElements(doc)[context.signatureIndex];
      own?.parentNode?.removeChild(own);
    }
    data = { nodes: sameDocumentTarget(doc, uri) };
  } else {
    const content = context.detached.get(uri);
    if (!content) throw new Failure('REFERENCE_UNRESOLVED', `no content was given for "${uri}"`);
    data = { bytes: content };
  }
  for (const transform of transforms) {
    const algorithm = algorithmOf(transform);
    if (algorithm === TRANSFORM.enveloped) {
      if ('bytes' in data)
        throw new Failure('UNSUPPORTED_TRANSFORM', 'the enveloped-signature transform needs nodes');
    } else if (isC14nMethod(algorithm)) {
      const { method, prefixes } = c14nOf(transform);
      data = {
        bytes:
          'nodes' in data
            ? canonicalData(data.nodes, withoutComments(method), prefixes)
            : canonicalData(parseXml(decodeXml(data.bytes)), method, prefixes),
      };
    } else if (algorithm === TRANSFORM.base64) {
      const text = !('nodes' in data)
        ? new TextDecoder().decode(data.bytes)
        : 'documentElement' in data.nodes
          ? data.nodes.documentElement.textContent
          : data.nodes.textContent;
      const bytes = fromBase64(text);
      if (!bytes)
        throw new Failure('REFERENCE_DIGEST_MISMATCH', 'the base64 transform got text that is not base64');
      data = { bytes };
    } else {
      throw new Failure('UNSUPPORTED_TRANSFORM', `transform ${algorithm} is not supported`);
    }
  }
  return 'bytes' in data ? data.bytes : canonicalData(data.nodes, C14N.c14n, []);
}

async function checkReference(reference: Element, context: Context): Promise<XmlReferenceVerification> {
  const result = {
    uri: attributeOf(reference, 'URI') ?? '',
    type: attributeOf(reference, 'Type'),
  };
  try {
    const digestOid = digestOidOfUri(algorithmOf(required(reference, DSIG_NS, 'DigestMethod')));
    if (!digestOid) throw new Failure('UNSUPPORTED_ALGORITHM', 'the DigestMethod is not supported');
    const expected = base64Of(required(reference, DSIG_NS, 'DigestValue'), 'DigestValue');
    const actual = await digest(digestOid, referencedOctets(reference, context));
    return equalBytes(actual, expected)
      ? { ...result, digestValid: true }
      : { ...result, digestValid: false, code: 'REFERENCE_DIGEST_MISMATCH' };
  } catch (error) {
    if (error instanceof Failure) return { ...result, digestValid: false, code: error.code };
    if (error instanceof PkiError) return { ...result, digestValid: false, code: 'REFERENCE_UNRESOLVED' };
    throw error;
  }
}

/** The certificates KeyInfo carries (X509Data/X509Certificate), those that can be read. */
function keyInfoCertificates(signature: Element): CertificateInfo[] {
  const keyInfo = firstChild(signature, DSIG_NS, 'KeyInfo');
  const elements = keyInfo
    ? descendants(keyInfo).filter((e) => e.namespaceURI === DSIG_NS && e.localName === 'X509Certificate')
    : [];
  const certificates: CertificateInfo[] = [];
  for (const element of elements) {
    const der = fromBase64(element.textContent);
    try {
      if (der) certificates.push(parseCertificate(der));
    } catch {
      // A certificate that cannot be read names no key; the others may.
    }
  }
  if (certificates.length === 0) {
    throw new Failure('CERTIFICATE_MISSING', 'KeyInfo carries no readable X509Certificate');
  }
  return certificates;
}

/**
 * The KeyInfo certificate whose key verifies `value` over `signedInfo`
 * (KeyInfo may carry the chain too), or the first one when none does.
 */
async function signerCertificate(
  certificates: readonly CertificateInfo[],
  signatureOid: string,
  signedInfo: Uint8Array,
  value: Uint8Array,
): Promise<{ certificate: CertificateInfo; valid: boolean }> {
  for (const certificate of certificates) {
    const valid = await verifySignature(
      certificate.asn1.tbsCertificate.subjectPublicKeyInfo,
      signatureAlgorithmIdentifier(signatureOid),
      signedInfo,
      fromXmlSignatureValue(signatureOid, value),
    );
    if (valid) return { certificate, valid };
  }
  return { certificate: certificates[0] as CertificateInfo, valid: false };
}

interface XadesFindings {
  signingTime?: Date;
  signingCertificateMatches: boolean;
  timeStamps: XmlTimeStampVerification[];
}

function xadesChild(parent: Element | undefined, localName: string): Element | undefined {
  return parent ? firstChild(parent, XADES_NS, localName) : undefined;
}

/** Whether one xades:Cert of a SigningCertificate(V2) names `certificate` (its digest and serial number). */
async function certMatches(cert: Element, certificate: CertificateInfo): Promise<boolean> {
  const certDigest = xadesChild(cert, 'CertDigest');
  const method = certDigest && firstChild(certDigest, DSIG_NS, 'DigestMethod');
  const value = certDigest && firstChild(certDigest, DSIG_NS, 'DigestValue');
  const digestOid = method ? digestOidOfUri(algorithmOf(method)) : undefined;
  const expected = value ? fromBase64(value.textContent) : undefined;
  if (!digestOid || !expected || !equalBytes(await digest(digestOid, certificate.der), expected))
    return false;
  const serial = BigInt(`0x${certificate.serialNumberHex || '0'}`);
  const serialV2 = xadesChild(cert, 'IssuerSerialV2');
  if (serialV2) {
    const der = fromBase64(serialV2.textContent);
    try {
      return der !== undefined && AsnConvert.parse(der, IssuerSerial).serialNumber === serial;
    } catch {
      return false;
    }
  }
  const serialV1 = firstChild(xadesChild(cert, 'IssuerSerial') ?? cert, DSIG_NS, 'X509SerialNumber');
  const text = serialV1?.textContent.trim() ?? '';
  return serialV1 === undefined || (/^\d+$/.test(text) && BigInt(text) === serial);
}

async function timeStampOf(stamp: Element, signatureValue: Element): Promise<XmlTimeStampVerification> {
  const method = firstChild(stamp, DSIG_NS, 'CanonicalizationMethod');
  // EN 319 132-1 §5.3: without a CanonicalizationMethod, Canonical XML 1.0 is used.
  const { method: c14n, prefixes } = method ? c14nOf(method) : { method: C14N.c14n, prefixes: [] };
  const encapsulated = xadesChild(stamp, 'EncapsulatedTimeStamp');
  if (!encapsulated)
    throw new Failure('TIMESTAMP_MALFORMED', 'SignatureTimeStamp has no EncapsulatedTimeStamp');
  const token = base64Of(encapsulated, 'EncapsulatedTimeStamp');
  let imprint;
  try {
    imprint = parseTimeStampToken(token).tstInfo.messageImprint;
  } catch (error) {
    throw new Failure('TIMESTAMP_MALFORMED', `the time-stamp token cannot be read: ${String(error)}`);
  }
  const expected = await digest(
    imprint.hashAlgorithm,
    encoder.encode(canonicalize(signatureValue, c14n, prefixes)),
  );
  return { token, imprintMatches: equalBytes(expected, imprint.digest) };
}

async function checkXades(
  signature: Element,
  certificate: CertificateInfo | undefined,
  references: readonly XmlReferenceVerification[],
  failures: XmlVerifyFailure[],
): Promise<XadesFindings | undefined> {
  const qualifying = qualifyingProperties(signature);
  if (!qualifying) return undefined;
  const target = attributeOf(qualifying, 'Target');
  if (target !== `#${attributeOf(signature, 'Id') ?? ''}`) {
    failures.push({
      code: 'XADES_TARGET_MISMATCH',
      message: `QualifyingProperties names ${target ?? 'no'} signature, not this one`,
    });
  }
  const signedProperties = xadesChild(qualifying, 'SignedProperties');
  const findings: XadesFindings = { signingCertificateMatches: false, timeStamps: [] };
  const propertiesId = signedProperties && attributeOf(signedProperties, 'Id');
  const covered = references.some(
    (r) =>
      r.digestValid &&
      r.uri === `#${propertiesId ?? ''}` &&
      (r.type === undefined || r.type === SIGNED_PROPERTIES_TYPE),
  );
  if (!signedProperties || !propertiesId || !covered) {
    failures.push({
      code: 'SIGNED_PROPERTIES_NOT_SIGNED',
      message: 'no valid Reference covers the SignedProperties',
    });
  }
  const signatureProperties = xadesChild(signedProperties, 'SignedSignatureProperties');
  const time = xadesChild(signatureProperties, 'SigningTime')?.textContent.trim();
  if (time) {
    const parsed = new Date(time);
    if (!Number.isNaN(parsed.getTime())) findings.signingTime = parsed;
  }
  const signingCertificate =
    xadesChild(signatureProperties, 'SigningCertificateV2') ??
    xadesChild(signatureProperties, 'SigningCertificate');
  if (signingCertificate && certificate) {
    for (const cert of childElements(signingCertificate, XADES_NS, 'Cert')) {
      if (await certMatches(cert, certificate)) findings.signingCertificateMatches = true;
    }
  }
  if (!findings.signingCertificateMatches) {
    failures.push({
      code: 'SIGNING_CERTIFICATE_MISMATCH',
      message: 'SigningCertificate(V2) does not name the KeyInfo certificate',
    });
  }
  const unsigned = xadesChild(xadesChild(qualifying, 'UnsignedProperties'), 'UnsignedSignatureProperties');
  const signatureValue = firstChild(signature, DSIG_NS, 'SignatureValue');
  for (const stamp of unsigned && signatureValue
    ? childElements(unsigned, XADES_NS, 'SignatureTimeStamp')
    : []) {
    try {
      const verification = await timeStampOf(stamp, signatureValue as Element);
      findings.timeStamps.push(verification);
      if (!verification.imprintMatches) {
        failures.push({
          code: 'TIMESTAMP_IMPRINT_MISMATCH',
          message: 'a SignatureTimeStamp covers another SignatureValue',
        });
      }
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      failures.push({ code: error.code, message: error.message });
    }
  }
  return findings;
}

async function verifyOne(signature: Element, context: Context): Promise<XmlSignatureVerification> {
  const failures: XmlVerifyFailure[] = [];
  const result: XmlSignatureVerification = {
    ok: false,
    signatureId: attributeOf(signature, 'Id'),
    signatureValid: false,
    references: [],
    level: 'xmldsig',
    timeStamps: [],
    failures,
  };
  let certificate: CertificateInfo | undefined;
  try {
    const signedInfo = required(signature, DSIG_NS, 'SignedInfo');
    const { method, prefixes } = c14nOf(required(signedInfo, DSIG_NS, 'CanonicalizationMethod'));
    const signatureOid = signatureOidOfUri(algorithmOf(required(signedInfo, DSIG_NS, 'SignatureMethod')));
    if (!signatureOid) throw new Failure('UNSUPPORTED_ALGORITHM', 'the SignatureMethod is not supported');
    const value = base64Of(required(signature, DSIG_NS, 'SignatureValue'), 'SignatureValue');
    for (const reference of childElements(signedInfo, DSIG_NS, 'Reference')) {
      const verification = await checkReference(reference, context);
      result.references.push(verification);
      if (verification.code) {
        failures.push({
          code: verification.code,
          message: `Reference "${verification.uri}" does not check out`,
        });
      }
    }
    if (result.references.length === 0)
      throw new Failure('MALFORMED_SIGNATURE', 'SignedInfo has no Reference');
    const signer = await signerCertificate(
      keyInfoCertificates(signature),
      signatureOid,
      encoder.encode(canonicalize(signedInfo, method, prefixes)),
      value,
    );
    certificate = signer.certificate;
    result.certificate = certificate.der;
    result.signatureValid = signer.valid;
    if (!result.signatureValid) {
      failures.push({
        code: 'SIGNATURE_INVALID',
        message: 'the SignatureValue does not verify with the certificate key',
      });
    }
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    failures.push({ code: error.code, message: error.message });
  }
  const xades = await checkXades(signature, certificate, result.references, failures).catch(
    (error: unknown) => {
      if (!(error instanceof Failure)) throw error;
      failures.push({ code: error.code, message: error.message });
      return undefined;
    },
  );
  if (xades) {
    result.level = xades.timeStamps.length > 0 ? 'xades-t' : 'xades-bes';
    result.signingCertificateMatches = xades.signingCertificateMatches;
    result.timeStamps = xades.timeStamps;
    if (xades.signingTime) result.signingTime = xades.signingTime;
  }
  result.ok = failures.length === 0;
  return result;
}

/**
 * Verifies every ds:Signature in `xml`, in document order; an empty list
 * when there is none. Throws PkiError only for input that is not
 * acceptable XML (MALFORMED_XML, XML_DOCTYPE_FORBIDDEN, TOO_LARGE,
 * TOO_DEEP); every problem of a signature is a named failure in its result.
 */
export async function verifyXmlSignatures(
  xml: Uint8Array,
  options: VerifyXmlSignaturesOptions = {},
): Promise<XmlSignatureVerification[]> {
  const text = decodeXml(xml);
  const doc = parseXml(text);
  const context = { text, doc, detached: options.detachedContent ?? new Map<string, Uint8Array>() };
  const results: XmlSignatureVerification[] = [];
  for (const [signatureIndex, signature] of signatureElements(doc).entries()) {
    results.push(await verifyOne(signature, { ...context, signatureIndex }));
  }
  return results;
}
