/**
 * CMS SignedData (RFC 5652 §5) with the ESS signing-certificate-v2
 * attribute (RFC 5035), i.e. CAdES-BES (RFC 5126 §4.3.1): signing with one
 * or more signers, counter-signatures (§11.4), parsing and the
 * cryptographic check of each signer. Path validation is not done here.
 */
import {
  Attribute,
  ContentInfo,
  IssuerAndSerialNumber,
  SignatureAlgorithmIdentifier,
  SignerIdentifier,
  SignerInfo,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { GeneralName, GeneralNames, Time, type AlgorithmIdentifier } from '@peculiar/asn1-x509';
import type { Signer } from '../algorithms/signer.js';
import { verifySignature } from '../algorithms/verify.js';
import { checkDerStructure, parseDer, toDer } from '../asn1/der.js';
import { oidDer } from '../asn1/oid-der.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { parseCertificate, type CertificateInfo } from '../x509/certificate.js';
import { derChildren } from '../ocsp/der-children.js';
import { formatName } from '../x509/name.js';
import {
  CmsSignedData,
  EssCertIdV2,
  IssuerSerial,
  SigningCertificateV1,
  SigningCertificateV2,
} from './asn1.js';
import {
  digest,
  digestAlgorithmIdentifier,
  digestForSignatureAlgorithm,
  digestLength,
  isSupportedDigest,
  referenceDigest,
  signerInfoSignatureAlgorithm,
  verificationAlgorithm,
} from './digest.js';
import { derSetOrder, equalBytes, tlv } from './tlv.js';

/** An attribute: its type and the DER of each value. */
export interface CmsAttribute {
  type: string;
  values: Uint8Array[];
}

export interface CmsSignerOptions {
  signer: Signer;
  /** DER of the signer's certificate. */
  certificate: Uint8Array;
  /** Further signed attributes (e.g. a signature policy); the four standard ones are always written. */
  signedAttributes?: readonly CmsAttribute[];
}

export interface SignCmsOptions {
  content: Uint8Array;
  /** Leave the content out of the SignedData (a detached signature). */
  detached: boolean;
  signers: readonly CmsSignerOptions[];
  /** More certificates to embed (the chain); signers' certificates are embedded anyway. */
  certificates?: readonly Uint8Array[];
  /** CRLs (DER) to embed. */
  crls?: readonly Uint8Array[];
  signingTime: Date;
  /** eContentType; id-data unless given. */
  contentType?: string;
}

/** One signer over content that only its digest stands for: a detached SignedData. */
export interface SignCmsDigestOptions {
  /** The content's digest, made with the signer's digest algorithm (`digestAlgorithmOf(signer)`). */
  contentDigest: Uint8Array;
  /** eContentType; id-data unless given. */
  contentType?: string;
  signer: Signer;
  /** DER of the signer's certificate. */
  certificate: Uint8Array;
  /** Further signed attributes; the four standard ones are always written. */
  signedAttributes?: readonly CmsAttribute[];
  /** More certificates to embed (the chain); the signer's certificate is embedded anyway. */
  certificates?: readonly Uint8Array[];
  /** CRLs (DER) to embed. */
  crls?: readonly Uint8Array[];
  signingTime: Date;
  /**
   * Write the signing-time signed attribute (the default). PAdES baseline
   * signatures leave it out: their time is the signature dictionary's /M.
   */
  signingTimeAttribute?: boolean;
}

/** A SignedData waiting for its one signature. */
export interface PreparedCmsSignature {
  /** The digest of the DER of the signed attributes: what the signer's `signDigest` signs. */
  digest: Uint8Array;
  /** That DER (the SET OF Attribute, tag 0x31): a key store may check what it signs (`signedAttributesMessageDigest`). */
  signedAttributes: Uint8Array;
  /** The ContentInfo DER with `signature` (the signature value of `digest`) in place. */
  complete(signature: Uint8Array): Uint8Array;
}

/** How a SignerInfo names its certificate. */
export type CmsSignerId =
  { issuer: string; issuerName: Uint8Array; serialNumberHex: string } | { subjectKeyIdentifier: Uint8Array };

export interface CmsSignerInfo {
  sid: CmsSignerId;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  signature: Uint8Array;
  signingTime: Date | undefined;
  /** OIDs of the signed attributes, in order. */
  signedAttributes: string[];
  /** OIDs of the unsigned attributes, in order. */
  unsignedAttributes: string[];
  /** Every unsigned attribute with the DER of the whole Attribute and of each value. */
  unsignedAttributeValues: (CmsAttribute & { der: Uint8Array })[];
  /** The signed attributes as the signature covers them (a DER SET), if any. */
  signedAttributesDer: Uint8Array | undefined;
  counterSignatures: CmsSignerInfo[];
}

export interface ParsedCms {
  contentType: string;
  /** The encapsulated content; undefined for a detached signature. */
  content: Uint8Array | undefined;
  detached: boolean;
  digestAlgorithms: string[];
  /** DER of every embedded certificate (and other certificate choices), as sent. */
  certificates: Uint8Array[];
  /** DER of every embedded CRL (or other revocation choice), as sent. */
  crls: Uint8Array[];
  signers: CmsSignerInfo[];
}

const subarray = (buffer: ArrayBuffer): Uint8Array => new Uint8Array(buffer);

/**
 * `make(key)` remembered in `cache`: a batch writes the same few encodings
 * many times. The cache stops growing at 256 entries (keys may come from
 * callers).
 */
function remembered(
  cache: Map<string, Uint8Array>,
  key: string,
  make: (key: string) => Uint8Array,
): Uint8Array {
  let value = cache.get(key);
  if (!value) {
    value = make(key);
    if (cache.size < 256) cache.set(key, value);
  }
  return value;
}

let lastTime: { at: number; der: Uint8Array } | undefined;

/** A signing time's DER; a batch writes the same one many times. */
function timeDer(time: Date): Uint8Array {
  if (lastTime?.at !== time.getTime()) lastTime = { at: time.getTime(), der: toDer(new Time(time)) };
  return lastTime.der;
}

const digestAlgorithmDers = new Map<string, Uint8Array>();

function digestAlgorithmDer(oid: string): Uint8Array {
  return remembered(digestAlgorithmDers, oid, (digestOid) => toDer(digestAlgorithmIdentifier(digestOid)));
}

const signatureAlgorithmDers = new WeakMap<AlgorithmIdentifier, Uint8Array>();

/** A signer's SignerInfo signatureAlgorithm, DER, once per signer's AlgorithmIdentifier object. */
function signatureAlgorithmDer(algorithm: AlgorithmIdentifier): Uint8Array {
  let der = signatureAlgorithmDers.get(algorithm);
  if (!der) {
    der = toDer(new SignatureAlgorithmIdentifier(signerInfoSignatureAlgorithm(algorithm)));
    signatureAlgorithmDers.set(algorithm, der);
  }
  return der;
}

/** What every signature by one certificate repeats, worked out once per certificate. */
interface SignerCertificate {
  /** A copy of the DER it was made of: a caller's array changed since is parsed again. */
  der: Uint8Array;
  info: CertificateInfo;
  /** IssuerAndSerialNumber, DER: the SignerInfo's sid. */
  issuerAndSerial: Uint8Array;
  /** signingCertificateV2 values by hash OID. */
  essCertIds: Map<string, Uint8Array>;
}

const signerCertificates = new WeakMap<Uint8Array, SignerCertificate>();

/**
 * The signer's certificate parsed, remembered for the array it came in:
 * a batch signs many documents with one certificate, and parsing it was
 * most of the cost of each signature. The bytes are compared on every use.
 */
function signerCertificate(der: Uint8Array): SignerCertificate {
  const known = signerCertificates.get(der);
  if (known && equalBytes(known.der, der)) return known;
  const info = parseCertificate(der);
  const tbs = info.asn1.tbsCertificate;
  const made: SignerCertificate = {
    der: der.slice(),
    info,
    issuerAndSerial: toDer(new IssuerAndSerialNumber({ issuer: tbs.issuer, serialNumber: tbs.serialNumber })),
    essCertIds: new Map(),
  };
  signerCertificates.set(der, made);
  return made;
}

function attributeDer(type: string, values: readonly Uint8Array[]): Uint8Array {
  return tlv(0x30, oidDer(type), tlv(0x31, ...derSetOrder(values)));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The signing-certificate-v2 value of a signer's certificate, made once per hash. */
async function essCertIdFor(certificate: SignerCertificate, hashOid: string): Promise<Uint8Array> {
  let value = certificate.essCertIds.get(hashOid);
  if (!value) {
    value = await signingCertificateV2(certificate.info, hashOid);
    certificate.essCertIds.set(hashOid, value);
  }
  return value;
}

/** ESS signing-certificate-v2 value: hash of the certificate and its issuer and serial (RFC 5035 §4). */
async function signingCertificateV2(certificate: CertificateInfo, hashOid: string): Promise<Uint8Array> {
  const tbs = certificate.asn1.tbsCertificate;
  const certId = new EssCertIdV2({
    certHash: new OctetString(await digest(hashOid, certificate.der)),
    issuerSerial: new IssuerSerial({
      issuer: new GeneralNames([new GeneralName({ directoryName: tbs.issuer })]),
      serialNumber: BigInt(`0x${certificate.serialNumberHex || '0'}`),
    }),
    // hashAlgorithm DEFAULT id-sha256: DER leaves the default out.
    ...(hashOid === OID.sha256 ? {} : { hashAlgorithm: digestAlgorithmIdentifier(hashOid) }),
  });
  return toDer(new SigningCertificateV2({ certs: [certId] }));
}

/**
 * The signed attributes (RFC 5652 §5.3) in DER order: messageDigest,
 * signingTime unless undefined, signingCertificateV2, contentType unless
 * undefined (a counter-signature), then the caller's own.
 */
async function signedAttributesFor(options: {
  digestOid: string;
  certificate: SignerCertificate;
  messageDigest: Uint8Array;
  contentType: string | undefined;
  /** Undefined leaves the signing-time attribute out. */
  signingTime: Date | undefined;
  signedAttributes?: readonly CmsAttribute[] | undefined;
}): Promise<Uint8Array[]> {
  const attributes: Uint8Array[] = [
    attributeDer(OID.messageDigest, [tlv(0x04, options.messageDigest)]),
    attributeDer(OID.signingCertificateV2, [
      await essCertIdFor(options.certificate, referenceDigest(options.digestOid)),
    ]),
  ];
  if (options.signingTime !== undefined) {
    attributes.push(attributeDer(OID.signingTime, [timeDer(options.signingTime)]));
  }
  if (options.contentType !== undefined) {
    attributes.push(attributeDer(OID.contentType, [oidDer(options.contentType)]));
  }
  for (const extra of options.signedAttributes ?? []) {
    if (
      [OID.messageDigest, OID.signingTime, OID.signingCertificateV2, OID.contentType].includes(
        extra.type as never,
      )
    ) {
      throw new PkiError(
        'INVALID_ARGUMENT',
        `attribute ${extra.type} is written by signCms`,
        'signedAttributes',
      );
    }
    attributes.push(attributeDer(extra.type, extra.values));
  }
  return derSetOrder(attributes);
}

function signerInfoOf(options: {
  signer: Pick<Signer, 'signatureAlgorithm'>;
  certificate: SignerCertificate;
  digestOid: string;
  attributes: readonly Uint8Array[];
  signature: Uint8Array;
}): SignerInfo {
  return AsnConvert.parse(signerInfoDer(options), SignerInfo);
}

/**
 * A SignerInfo (RFC 5652 §5.3) written directly as DER: version 1, the
 * certificate's issuer and serial, the signed attributes as signed.
 */
function signerInfoDer(options: {
  signer: Pick<Signer, 'signatureAlgorithm'>;
  certificate: SignerCertificate;
  digestOid: string;
  attributes: readonly Uint8Array[];
  signature: Uint8Array;
}): Uint8Array {
  return tlv(
    0x30,
    Uint8Array.of(0x02, 0x01, 0x01),
    options.certificate.issuerAndSerial,
    digestAlgorithmDer(options.digestOid),
    tlv(0xa0, ...options.attributes),
    signatureAlgorithmDer(options.signer.signatureAlgorithm),
    tlv(0x04, options.signature),
  );
}

/**
 * One SignerInfo over `signedContent` (the content, or for a counter-signature
 * the signature value it countersigns). `contentType` is left out for
 * counter-signatures, as RFC 5652 §11.4 requires.
 */
export async function createSignerInfo(options: {
  signer: Signer;
  certificate: SignerCertificate;
  signedContent: Uint8Array;
  contentType: string | undefined;
  signingTime: Date;
  signedAttributes?: readonly CmsAttribute[] | undefined;
}): Promise<Uint8Array> {
  const { signer, certificate } = options;
  const digestOid = digestForSignatureAlgorithm(signer.signatureAlgorithm);
  const attributes = await signedAttributesFor({
    digestOid,
    certificate,
    messageDigest: await digest(digestOid, options.signedContent),
    contentType: options.contentType,
    signingTime: options.signingTime,
    signedAttributes: options.signedAttributes,
  });
  const signature = await signer.sign(tlv(0x31, ...attributes));
  return signerInfoDer({ signer, certificate, digestOid, attributes, signature });
}

function addUnique(list: Uint8Array[], der: Uint8Array): void {
  if (!list.some((existing) => equalBytes(existing, der))) list.push(der);
}

/** Wraps SignedData in a ContentInfo. */
export function contentInfoDer(signedData: CmsSignedData): Uint8Array {
  return toDer(new ContentInfo({ contentType: OID.signedData, content: toDer(signedData).slice().buffer }));
}

/**
 * The ContentInfo of a SignedData with these signers, content (absent when
 * detached) and extras, written directly as DER around the encoded
 * certificates and SignerInfos: re-encoding the certificates through the
 * ASN.1 library was most of the cost of a signature. Certificates, CRLs and
 * signers keep the order given.
 */
function assembleSignedData(options: {
  contentType: string;
  content: Uint8Array | undefined;
  /** Each SignerInfo's DER and digest algorithm. */
  signerInfos: readonly { der: Uint8Array; digestOid: string }[];
  certificates: readonly Uint8Array[];
  crls: readonly Uint8Array[] | undefined;
}): Uint8Array {
  const { contentType, certificates } = options;
  const digestOids: string[] = [];
  for (const { digestOid } of options.signerInfos) {
    if (!digestOids.includes(digestOid)) digestOids.push(digestOid);
  }
  const crls = options.crls ?? [];
  // RFC 5652 §5.1: version 3 when the content is not id-data, else 1 (all sids are issuerAndSerialNumber).
  const version = Uint8Array.of(0x02, 0x01, contentType === OID.data ? 1 : 3);
  const signedData = tlv(
    0x30,
    version,
    tlv(0x31, ...digestOids.map(digestAlgorithmDer)),
    tlv(
      0x30,
      oidDer(contentType),
      ...(options.content === undefined ? [] : [tlv(0xa0, tlv(0x04, options.content))]),
    ),
    ...(certificates.length > 0 ? [tlv(0xa0, ...certificates)] : []),
    ...(crls.length > 0 ? [tlv(0xa1, ...crls)] : []),
    tlv(0x31, ...options.signerInfos.map((info) => info.der)),
  );
  return tlv(0x30, oidDer(OID.signedData), tlv(0xa0, signedData));
}

/**
 * Builds a SignedData around `content`. `embedSignerCertificates: false`
 * leaves the signers' certificates out (a time-stamp token without certReq).
 */
export async function buildSignedData(
  options: SignCmsOptions & { embedSignerCertificates: boolean },
): Promise<Uint8Array> {
  if (options.signers.length === 0)
    throw new PkiError('INVALID_ARGUMENT', 'at least one signer is needed', 'signers');
  const contentType = options.contentType ?? OID.data;
  const certificates: Uint8Array[] = [];
  const signerInfos: { der: Uint8Array; digestOid: string }[] = [];
  for (const [i, entry] of options.signers.entries()) {
    const certificate = signerCertificate(entry.certificate);
    if (options.embedSignerCertificates) addUnique(certificates, entry.certificate);
    const info = await createSignerInfo({
      signer: entry.signer,
      certificate,
      signedContent: options.content,
      contentType,
      signingTime: options.signingTime,
      signedAttributes: entry.signedAttributes,
    }).catch((error: unknown) => {
      if (error instanceof PkiError) throw new PkiError(error.code, error.message, `signers[${i}]`);
      throw error;
    });
    signerInfos.push({ der: info, digestOid: digestForSignatureAlgorithm(entry.signer.signatureAlgorithm) });
  }
  for (const der of options.certificates ?? []) addUnique(certificates, der);
  return assembleSignedData({
    contentType,
    content: options.detached ? undefined : options.content,
    signerInfos,
    certificates,
    crls: options.crls,
  });
}

/**
 * Signs `content` as CMS SignedData (CAdES-BES): signed attributes
 * contentType, messageDigest, signingTime and signingCertificateV2 for each
 * signer. Returns the DER of the ContentInfo.
 */
export async function signCms(options: SignCmsOptions): Promise<Uint8Array> {
  return buildSignedData({ ...options, embedSignerCertificates: true });
}

/**
 * The first half of `signCmsDigest`, for a signer that must know what it
 * will sign before it signs (a key store signing only digests it was
 * authorised for): the signed attributes over `contentDigest` are fixed
 * here, their digest is returned, and `complete` puts the signature in.
 * Only the signer's algorithm is needed until then.
 */
export async function prepareCmsDigestSignature(
  options: Omit<SignCmsDigestOptions, 'signer'> & { signer: Pick<Signer, 'signatureAlgorithm'> },
): Promise<PreparedCmsSignature> {
  const { signer } = options;
  const digestOid = digestForSignatureAlgorithm(signer.signatureAlgorithm);
  if (options.contentDigest.length !== digestLength(digestOid)) {
    throw new PkiError(
      'INVALID_ARGUMENT',
      `the content digest is ${options.contentDigest.length} bytes; the signer's digest algorithm ${digestOid} makes ${digestLength(digestOid)}`,
      'contentDigest',
    );
  }
  const certificate = signerCertificate(options.certificate);
  const contentType = options.contentType ?? OID.data;
  const attributes = await signedAttributesFor({
    digestOid,
    certificate,
    messageDigest: options.contentDigest,
    contentType,
    signingTime: options.signingTimeAttribute === false ? undefined : options.signingTime,
    signedAttributes: options.signedAttributes,
  });
  const certificates = [options.certificate];
  for (const der of options.certificates ?? []) addUnique(certificates, der);
  const signedAttributes = tlv(0x31, ...attributes);
  return {
    digest: await digest(digestOid, signedAttributes),
    signedAttributes,
    complete: (signature) =>
      assembleSignedData({
        contentType,
        content: undefined,
        signerInfos: [
          { der: signerInfoDer({ signer, certificate, digestOid, attributes, signature }), digestOid },
        ],
        certificates,
        crls: options.crls,
      }),
  };
}

/**
 * Signs content known only by its digest (hashed where it is, e.g. as it
 * streamed in): a detached CMS SignedData whose messageDigest is
 * `contentDigest`, the same signed attributes as `signCms`, and a signature
 * made by `signer.signDigest` over the digest of those attributes.
 * Verify with the content (`verifyCms(der, { detachedContent })`,
 * `openssl cms -verify -binary -content FILE`).
 */
export async function signCmsDigest(options: SignCmsDigestOptions): Promise<Uint8Array> {
  const prepared = await prepareCmsDigestSignature(options);
  return prepared.complete(await options.signer.signDigest(prepared.digest));
}

/** A SignerInfo parsed, with its DER as received (the library does not keep the signed attributes' bytes). */
interface RawSignerInfo {
  info: SignerInfo;
  der: Uint8Array;
}

function rawSignerInfo(der: Uint8Array, path: string): RawSignerInfo {
  return { info: parseDer(der, SignerInfo, path), der };
}

/** The SignerInfos of a SignedData with their exact encodings. */
function rawSignerInfos(signedDataDer: Uint8Array, signedData: CmsSignedData): RawSignerInfo[] {
  const set = derChildren(signedDataDer, 'signedData').at(-1) ?? new Uint8Array();
  const ders = derChildren(set, 'signedData.signerInfos');
  return signedData.signerInfos.map((info, i) => ({ info, der: ders[i] ?? new Uint8Array() }));
}

/** Parses a ContentInfo holding SignedData into the library structure. */
export function parseSignedData(der: Uint8Array): CmsSignedData {
  return parseSignedDataRaw(der).signedData;
}

function parseSignedDataRaw(der: Uint8Array): { signedData: CmsSignedData; signers: RawSignerInfo[] } {
  const contentInfo = parseDer(der, ContentInfo, 'contentInfo');
  if (contentInfo.contentType !== OID.signedData) {
    throw new PkiError(
      'UNEXPECTED_STRUCTURE',
      `content type ${contentInfo.contentType} is not signedData`,
      'contentInfo.contentType',
    );
  }
  const signedDataDer = subarray(contentInfo.content);
  const signedData = parseDer(signedDataDer, CmsSignedData, 'contentInfo.content');
  return { signedData, signers: rawSignerInfos(signedDataDer, signedData) };
}

function attributeValues(attributes: readonly Attribute[] | undefined, type: string): Uint8Array[] {
  return (attributes ?? []).filter((a) => a.attrType === type).flatMap((a) => a.attrValues.map(subarray));
}

/**
 * The messageDigest that the DER of a SignerInfo's signed attributes (a SET
 * OF Attribute, as signed) states: exactly one messageDigest attribute with
 * exactly one OCTET STRING. Lets a key store that authorised a document's
 * digest check that the attributes it is asked to sign are bound to it.
 */
export function signedAttributesMessageDigest(der: Uint8Array): Uint8Array {
  const path = 'signedAttrs';
  checkDerStructure(der, path);
  if (der[0] !== 0x31) throw new PkiError('UNEXPECTED_STRUCTURE', 'not a SET OF Attribute', path);
  const children = derChildren(der, path);
  if (!equalBytes(tlv(0x31, ...children), der)) {
    throw new PkiError('UNEXPECTED_STRUCTURE', 'trailing bytes after the attributes', path);
  }
  const attributes = children.map((child, i) => parseDer(child, Attribute, `${path}[${i}]`));
  const stated = attributes.filter((a) => a.attrType === OID.messageDigest);
  const value = stated.length === 1 ? singleValue(attributes, OID.messageDigest) : undefined;
  if (!value) {
    throw new PkiError('UNEXPECTED_STRUCTURE', 'the attributes need exactly one messageDigest value', path);
  }
  return new Uint8Array(subarray(parseDer(value, OctetString, `${path}.messageDigest`).buffer));
}

function singleValue(attributes: readonly Attribute[] | undefined, type: string): Uint8Array | undefined {
  const values = attributeValues(attributes, type);
  return values.length === 1 ? values[0] : undefined;
}

export function signerId(sid: SignerIdentifier, path: string): CmsSignerId {
  if (sid.issuerAndSerialNumber) {
    const { issuer, serialNumber } = sid.issuerAndSerialNumber;
    return {
      issuer: formatName(issuer),
      issuerName: toDer(issuer),
      serialNumberHex: hex(subarray(serialNumber)),
    };
  }
  if (sid.subjectKeyIdentifier) return { subjectKeyIdentifier: subarray(sid.subjectKeyIdentifier.buffer) };
  throw new PkiError('UNEXPECTED_STRUCTURE', 'signer identifier is empty', path);
}

function signingTimeOf(info: SignerInfo, path: string): Date | undefined {
  const value = singleValue(info.signedAttrs, OID.signingTime);
  return value ? parseDer(value, Time, `${path}.signedAttrs.signingTime`).getTime() : undefined;
}

/** The signed attributes as signed: the [0] IMPLICIT encoding with the SET tag (RFC 5652 §5.4). */
function signedAttributesDer(signerInfoDer: Uint8Array): Uint8Array | undefined {
  const field = derChildren(signerInfoDer, 'signerInfo').find((child) => child[0] === 0xa0);
  if (!field) return undefined;
  const der = field.slice();
  der[0] = 0x31;
  return der;
}

function describeSigner({ info, der }: RawSignerInfo, path: string): CmsSignerInfo {
  const counterSignatures = attributeValues(info.unsignedAttrs, OID.counterSignature).map((value, i) =>
    describeSigner(rawSignerInfo(value, `${path}.counterSignature[${i}]`), `${path}.counterSignature[${i}]`),
  );
  return {
    sid: signerId(info.sid, `${path}.sid`),
    digestAlgorithm: info.digestAlgorithm.algorithm,
    signatureAlgorithm: info.signatureAlgorithm.algorithm,
    signature: subarray(info.signature.buffer),
    signingTime: signingTimeOf(info, path),
    signedAttributes: (info.signedAttrs ?? []).map((a) => a.attrType),
    unsignedAttributes: (info.unsignedAttrs ?? []).map((a) => a.attrType),
    unsignedAttributeValues: (info.unsignedAttrs ?? []).map((a) => ({
      type: a.attrType,
      values: a.attrValues.map(subarray),
      der: toDer(a),
    })),
    signedAttributesDer: signedAttributesDer(der),
    counterSignatures,
  };
}

function encapsulatedContent(signedData: CmsSignedData): Uint8Array | undefined {
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) return undefined;
  if (eContent.single) return subarray(eContent.single.buffer);
  if (eContent.any) return subarray(eContent.any);
  return undefined;
}

/** Reads a CMS SignedData (ours, OpenSSL's, CryptoPro's). Throws only PkiError. */
export function parseCms(der: Uint8Array): ParsedCms {
  const { signedData, signers } = parseSignedDataRaw(der);
  const content = encapsulatedContent(signedData);
  return {
    contentType: signedData.encapContentInfo.eContentType,
    content,
    detached: content === undefined,
    digestAlgorithms: signedData.digestAlgorithms.map((a) => a.algorithm),
    certificates: (signedData.certificates ?? []).map(subarray),
    crls: (signedData.crls ?? []).map(subarray),
    signers: signers.map((signer, i) => describeSigner(signer, `signerInfos[${i}]`)),
  };
}

export type CmsVerifyCode =
  | 'SIGNER_CERTIFICATE_NOT_FOUND'
  | 'CONTENT_MISSING'
  | 'UNSUPPORTED_ALGORITHM'
  | 'MESSAGE_DIGEST_MISMATCH'
  | 'CONTENT_TYPE_MISMATCH'
  | 'SIGNING_CERTIFICATE_MISMATCH'
  | 'SIGNING_TIME_IN_FUTURE'
  | 'SIGNATURE_INVALID';

export interface CmsSignerVerification {
  ok: boolean;
  /** Why the check failed; absent when `ok`. */
  code?: CmsVerifyCode;
  /** DER of the certificate whose key was used, when found. */
  certificate?: Uint8Array;
  signingTime?: Date;
  /** Whether a signing-certificate(-v2) attribute names the certificate. */
  signingCertificateAttribute: boolean;
  counterSignatures: CmsSignerVerification[];
}

export interface CmsVerification {
  /** True when there is at least one signer and every signer and counter-signature checks out. */
  ok: boolean;
  signers: CmsSignerVerification[];
}

export interface VerifyCmsOptions {
  /** The signed content of a detached signature. */
  detachedContent?: Uint8Array;
  /** Certificates to look for signers in, besides the embedded ones. */
  certificates?: readonly Uint8Array[];
  /** When given, a signingTime after it fails with SIGNING_TIME_IN_FUTURE. */
  now?: Date;
}

export function parseCertificates(ders: readonly Uint8Array[]): CertificateInfo[] {
  const parsed: CertificateInfo[] = [];
  for (const der of ders) {
    // Other certificate choices (attribute certificates) cannot be signers.
    if (der[0] !== 0x30) continue;
    try {
      parsed.push(parseCertificate(der));
    } catch (error) {
      if (!(error instanceof PkiError)) throw error;
    }
  }
  return parsed;
}

export function findCertificate(
  sid: CmsSignerId,
  pool: readonly CertificateInfo[],
): CertificateInfo | undefined {
  return pool.find((cert) => {
    if ('subjectKeyIdentifier' in sid) {
      return (
        cert.subjectKeyIdentifier !== undefined &&
        equalBytes(cert.subjectKeyIdentifier, sid.subjectKeyIdentifier)
      );
    }
    return (
      cert.serialNumberHex.replace(/^(00)+/, '') === sid.serialNumberHex.replace(/^(00)+/, '') &&
      equalBytes(toDer(cert.asn1.tbsCertificate.issuer), sid.issuerName)
    );
  });
}

function sameSerial(issuerSerial: IssuerSerial, cert: CertificateInfo): boolean {
  const names = issuerSerial.issuer.map((name) => name.directoryName).filter((name) => name !== undefined);
  return (
    issuerSerial.serialNumber === BigInt(`0x${cert.serialNumberHex || '0'}`) &&
    names.some((name) => equalBytes(toDer(name), toDer(cert.asn1.tbsCertificate.issuer)))
  );
}

/** Checks the first ESSCertID(v2) against the certificate (RFC 5035 §5.4). */
async function signingCertificateMatches(
  info: SignerInfo,
  cert: CertificateInfo,
  path: string,
): Promise<boolean | undefined> {
  const v2 = singleValue(info.signedAttrs, OID.signingCertificateV2);
  if (v2) {
    const first = parseDer(v2, SigningCertificateV2, `${path}.signingCertificateV2`).certs[0];
    if (!first) return false;
    const hashOid = first.hashAlgorithm?.algorithm ?? OID.sha256;
    if (!isSupportedDigest(hashOid)) return false;
    if (!equalBytes(await digest(hashOid, cert.der), subarray(first.certHash.buffer))) return false;
    return first.issuerSerial ? sameSerial(first.issuerSerial, cert) : true;
  }
  const v1 = singleValue(info.signedAttrs, OID.signingCertificate);
  if (v1) {
    const first = parseDer(v1, SigningCertificateV1, `${path}.signingCertificate`).certs[0];
    if (!first) return false;
    if (!equalBytes(await digest(OID.sha1, cert.der), subarray(first.certHash.buffer))) return false;
    return first.issuerSerial ? sameSerial(first.issuerSerial, cert) : true;
  }
  return undefined;
}

async function verifySignerInfo(
  { info, der }: RawSignerInfo,
  content: Uint8Array | undefined,
  contentType: string | undefined,
  pool: readonly CertificateInfo[],
  now: Date | undefined,
  path: string,
): Promise<CmsSignerVerification> {
  const counterSignatures: CmsSignerVerification[] = [];
  for (const [i, value] of attributeValues(info.unsignedAttrs, OID.counterSignature).entries()) {
    const counterPath = `${path}.counterSignature[${i}]`;
    const counter = rawSignerInfo(value, counterPath);
    counterSignatures.push(
      await verifySignerInfo(counter, subarray(info.signature.buffer), undefined, pool, now, counterPath),
    );
  }
  const cert = findCertificate(signerId(info.sid, `${path}.sid`), pool);
  const signingTime = signingTimeOf(info, path);
  const base = {
    counterSignatures,
    signingCertificateAttribute: false,
    ...(signingTime ? { signingTime } : {}),
  };
  const fail = (code: CmsVerifyCode, extra: object = {}): CmsSignerVerification => ({
    ...base,
    ...extra,
    ok: false,
    code,
  });
  if (!cert) return fail('SIGNER_CERTIFICATE_NOT_FOUND');
  const found = { certificate: cert.der };
  if (content === undefined) return fail('CONTENT_MISSING', found);
  const digestOid = info.digestAlgorithm.algorithm;
  if (!isSupportedDigest(digestOid)) return fail('UNSUPPORTED_ALGORITHM', found);
  const contentDigest = await digest(digestOid, content);
  let signed = content;
  let signingCertificateAttribute = false;
  const attributesDer = signedAttributesDer(der);
  if (attributesDer) {
    const messageDigest = singleValue(info.signedAttrs, OID.messageDigest);
    if (!messageDigest) return fail('MESSAGE_DIGEST_MISMATCH', found);
    const stated = parseDer(messageDigest, OctetString, `${path}.signedAttrs.messageDigest`);
    if (!equalBytes(subarray(stated.buffer), contentDigest)) return fail('MESSAGE_DIGEST_MISMATCH', found);
    const typeValues = attributeValues(info.signedAttrs, OID.contentType);
    // A counter-signature must not carry contentType (RFC 5652 §11.4); a signer must carry the eContentType.
    const typeOk =
      contentType === undefined
        ? typeValues.length === 0
        : typeValues.length === 1 && equalBytes(typeValues[0] ?? new Uint8Array(), oidDer(contentType));
    if (!typeOk) return fail('CONTENT_TYPE_MISMATCH', found);
    const matches = await signingCertificateMatches(info, cert, path);
    if (matches === false) return fail('SIGNING_CERTIFICATE_MISMATCH', found);
    signingCertificateAttribute = matches === true;
    if (now && signingTime && signingTime.getTime() > now.getTime()) {
      return fail('SIGNING_TIME_IN_FUTURE', { ...found, signingCertificateAttribute });
    }
    signed = attributesDer;
  }
  const ok = await verifySignature(
    cert.asn1.tbsCertificate.subjectPublicKeyInfo,
    verificationAlgorithm(info.signatureAlgorithm, digestOid),
    signed,
    subarray(info.signature.buffer),
  );
  if (!ok) return fail('SIGNATURE_INVALID', { ...found, signingCertificateAttribute });
  return { ...base, ...found, signingCertificateAttribute, ok: true };
}

/**
 * Checks every signer cryptographically: the certificate named by the sid
 * (embedded or given), messageDigest against the content, contentType,
 * signingCertificate(V2) against that certificate, and the signature.
 * Counter-signatures are checked over their parent's signature value.
 * Trust in the certificate (path, revocation) is the caller's next step.
 * Throws PkiError only when `der` is not a SignedData at all.
 */
export async function verifyCms(der: Uint8Array, options: VerifyCmsOptions = {}): Promise<CmsVerification> {
  const { signedData, signers: raw } = parseSignedDataRaw(der);
  const content = encapsulatedContent(signedData) ?? options.detachedContent;
  const pool = parseCertificates([
    ...(signedData.certificates ?? []).map(subarray),
    ...(options.certificates ?? []),
  ]);
  const signers: CmsSignerVerification[] = [];
  for (const [i, signer] of raw.entries()) {
    signers.push(
      await verifySignerInfo(
        signer,
        content,
        signedData.encapContentInfo.eContentType,
        pool,
        options.now,
        `signerInfos[${i}]`,
      ),
    );
  }
  const allOk = (list: readonly CmsSignerVerification[]): boolean =>
    list.every((s) => s.ok && allOk(s.counterSignatures));
  return { ok: signers.length > 0 && allOk(signers), signers };
}

/** Parses, lets `change` edit the SignedData, and re-encodes it. */
export async function updateSignedData(
  der: Uint8Array,
  change: (signedData: CmsSignedData) => Promise<void>,
): Promise<Uint8Array> {
  const signedData = parseSignedData(der);
  await change(signedData);
  return contentInfoDer(signedData);
}

/** The SignerInfo at `index`, or INVALID_ARGUMENT. */
export function signerInfoAt(signedData: CmsSignedData, index: number): SignerInfo {
  const info = signedData.signerInfos[index];
  if (!info) throw new PkiError('INVALID_ARGUMENT', `there is no signer ${index}`, 'signerIndex');
  return info;
}

/** Appends an unsigned attribute to a SignerInfo. */
export function addUnsignedAttribute(info: SignerInfo, type: string, value: Uint8Array): void {
  const attribute = new Attribute({ attrType: type, attrValues: [value.slice().buffer] });
  info.unsignedAttrs = [...(info.unsignedAttrs ?? []), attribute];
}

export function addCertificates(signedData: CmsSignedData, ders: readonly Uint8Array[]): void {
  const list = (signedData.certificates ?? []).map(subarray);
  for (const der of ders) addUnique(list, der);
  signedData.certificates = list.map((der) => der.slice().buffer);
}

/**
 * Adds a counter-signature (RFC 5652 §11.4) to signer `signerIndex`: a
 * SignerInfo over that signer's signature value, with messageDigest,
 * signingTime and signingCertificateV2 but no contentType. The
 * countersigner's certificate is embedded.
 */
export async function addCounterSignature(
  cmsDer: Uint8Array,
  signerIndex: number,
  options: { signer: Signer; certificate: Uint8Array; signingTime: Date },
): Promise<Uint8Array> {
  const certificate = signerCertificate(options.certificate);
  return updateSignedData(cmsDer, async (signedData) => {
    const info = signerInfoAt(signedData, signerIndex);
    const counter = await createSignerInfo({
      signer: options.signer,
      certificate,
      signedContent: subarray(info.signature.buffer),
      contentType: undefined,
      signingTime: options.signingTime,
    });
    addUnsignedAttribute(info, OID.counterSignature, counter);
    addCertificates(signedData, [options.certificate]);
  });
}

/**
 * Adds a co-signature (a parallel signer, RFC 5652 §5.1) to a SignedData:
 * a SignerInfo over the same content with the same signed attributes as
 * `signCms`. An attached SignedData supplies its content; a detached one
 * needs `contentDigest`, made with the new signer's digest algorithm. The
 * co-signer's certificate is embedded; earlier signers are left as they are.
 */
export async function addCoSignature(
  cmsDer: Uint8Array,
  options: { signer: Signer; certificate: Uint8Array; signingTime: Date; contentDigest?: Uint8Array },
): Promise<Uint8Array> {
  const certificate = signerCertificate(options.certificate);
  const digestOid = digestForSignatureAlgorithm(options.signer.signatureAlgorithm);
  return updateSignedData(cmsDer, async (signedData) => {
    const content = encapsulatedContent(signedData);
    let messageDigest: Uint8Array;
    if (content) {
      messageDigest = await digest(digestOid, content);
      if (options.contentDigest && !equalBytes(options.contentDigest, messageDigest)) {
        throw new PkiError(
          'INVALID_ARGUMENT',
          'the content digest is not that of the encapsulated content',
          'contentDigest',
        );
      }
    } else if (options.contentDigest) {
      if (options.contentDigest.length !== digestLength(digestOid)) {
        throw new PkiError(
          'INVALID_ARGUMENT',
          `the content digest must be ${digestLength(digestOid)} bytes of ${digestOid}`,
          'contentDigest',
        );
      }
      messageDigest = options.contentDigest;
    } else {
      throw new PkiError(
        'INVALID_ARGUMENT',
        'a detached SignedData needs the content digest to co-sign',
        'contentDigest',
      );
    }
    const attributes = await signedAttributesFor({
      digestOid,
      certificate,
      messageDigest,
      contentType: signedData.encapContentInfo.eContentType,
      signingTime: options.signingTime,
    });
    const signature = await options.signer.sign(tlv(0x31, ...attributes));
    signedData.signerInfos.push(
      signerInfoOf({ signer: options.signer, certificate, digestOid, attributes, signature }),
    );
    if (!signedData.digestAlgorithms.some((a) => a.algorithm === digestOid)) {
      signedData.digestAlgorithms.push(digestAlgorithmIdentifier(digestOid));
    }
    addCertificates(signedData, [options.certificate]);
  });
}
