/**
 * CAdES (RFC 5126 = ETSI TS 101 733) on top of CMS SignedData:
 * CAdES-BES is what `signCms` writes (signing-certificate-v2, §5.7.3);
 * CAdES-T adds a signature time-stamp (§6.1.1); CAdES-X Long Type 1 adds
 * the complete references (§6.2.1, §6.2.2), the CAdES-C time-stamp over them
 * (§6.3.5) and the certificate and revocation values (§6.3.3, §6.3.4).
 */
import type { SignerInfo } from '@peculiar/asn1-cms';
import { OCSPResponse } from '@peculiar/asn1-ocsp';
import { OctetString } from '@peculiar/asn1-schema';
import { GeneralName, GeneralNames } from '@peculiar/asn1-x509';
import { parseDer, toDer } from '../asn1/der.js';
import { parseCrl, type CrlInfo } from '../crl/crl.js';
import { PkiError } from '../errors.js';
import { certIdMatches } from '../ocsp/cert-id.js';
import { derChildren } from '../ocsp/der-children.js';
import { parseOcspResponse, type OcspBasicResponseInfo, type OcspResponderId } from '../ocsp/response.js';
import { OID } from '../oids.js';
import { parseTimeStampToken } from '../tsp/token.js';
import { parseCertificate, type CertificateInfo } from '../x509/certificate.js';
import { formatName } from '../x509/name.js';
import {
  CertificateValues,
  CompleteCertificateRefs,
  CompleteRevocationRefs,
  CrlIdentifier,
  CrlListId,
  CrlOcspRef,
  CrlValidatedId,
  IssuerSerial,
  OcspIdentifier,
  OcspListId,
  OcspResponsesId,
  OtherCertId,
  OtherHash,
  OtherHashAlgAndValue,
  RevocationValues,
} from './asn1.js';
import { digest, digestAlgorithmIdentifier, referenceDigest } from './digest.js';
import {
  addUnsignedAttribute,
  findCertificate,
  parseCertificates,
  parseCms,
  signerId,
  signerInfoAt,
  updateSignedData,
} from './signed-data.js';
import { concatBytes, equalBytes } from './tlv.js';

/**
 * Asks a TSA to stamp `digest` (made with `hashAlgorithm`) and returns the
 * time-stamp token's DER (not the TimeStampResp around it).
 */
export type TsaCallback = (digest: Uint8Array, hashAlgorithm: string) => Promise<Uint8Array>;

const subarray = (buffer: ArrayBuffer): Uint8Array => new Uint8Array(buffer);

async function stamp(callback: TsaCallback, hashOid: string, data: Uint8Array): Promise<Uint8Array> {
  const expected = await digest(hashOid, data);
  const token = await callback(expected, hashOid);
  const { messageImprint } = parseTimeStampToken(token).tstInfo;
  if (messageImprint.hashAlgorithm !== hashOid || !equalBytes(messageImprint.digest, expected)) {
    throw new PkiError('INVALID_ARGUMENT', 'the TSA stamped a different digest', 'tsaCallback');
  }
  return token;
}

function hasAttribute(info: SignerInfo, type: string): boolean {
  return (info.unsignedAttrs ?? []).some((a) => a.attrType === type);
}

/**
 * CAdES-T: time-stamps signer `signerIndex`'s signature value (RFC 5126
 * §6.1.1: the imprint is the hash of the signature field's OCTET STRING
 * contents) and adds the token as id-aa-signatureTimeStampToken. The hash is
 * the signer's Streebog for GOST, SHA-256 otherwise.
 */
export async function addSignatureTimeStamp(
  cms: Uint8Array,
  signerIndex: number,
  tsaCallback: TsaCallback,
): Promise<Uint8Array> {
  return updateSignedData(cms, async (signedData) => {
    const info = signerInfoAt(signedData, signerIndex);
    const hashOid = referenceDigest(info.digestAlgorithm.algorithm);
    const token = await stamp(tsaCallback, hashOid, subarray(info.signature.buffer));
    addUnsignedAttribute(info, OID.signatureTimeStampToken, token);
  });
}

async function otherHash(hashOid: string, der: Uint8Array): Promise<OtherHash> {
  return new OtherHash({
    otherHash: new OtherHashAlgAndValue({
      hashAlgorithm: digestAlgorithmIdentifier(hashOid),
      hashValue: new OctetString(await digest(hashOid, der)),
    }),
  });
}

/** OtherCertID (§6.2.1): hash of the whole certificate and its issuer and serial. */
async function otherCertId(cert: CertificateInfo, hashOid: string): Promise<OtherCertId> {
  const tbs = cert.asn1.tbsCertificate;
  return new OtherCertId({
    otherCertHash: await otherHash(hashOid, cert.der),
    issuerSerial: new IssuerSerial({
      issuer: new GeneralNames([new GeneralName({ directoryName: tbs.issuer })]),
      serialNumber: BigInt(`0x${cert.serialNumberHex || '0'}`),
    }),
  });
}

interface OcspValue {
  info: OcspBasicResponseInfo;
  /** The BasicOCSPResponse, which RevocationValues carries and ocspRepHash covers. */
  basicDer: Uint8Array;
}

function ocspValue(der: Uint8Array, index: number): OcspValue {
  const path = `ocspResponses[${index}]`;
  const info = parseOcspResponse(der);
  if (info.status !== 'successful') {
    throw new PkiError('INVALID_ARGUMENT', `OCSP response status is ${info.status}`, path);
  }
  const bytes = parseDer(der, OCSPResponse, path).responseBytes;
  if (!bytes) throw new PkiError('UNEXPECTED_STRUCTURE', 'successful response without a body', path);
  return { info, basicDer: subarray(bytes.response.buffer) };
}

const sameName = (a: CertificateInfo['asn1']['tbsCertificate']['issuer'], b: typeof a): boolean =>
  equalBytes(toDer(a), toDer(b));

/**
 * The CrlOcspRef for one certificate (§6.2.2): the CRLs its issuer signed
 * (crlHash over the whole CertificateList, crlIdentifier with issuer,
 * thisUpdate and number) and the OCSP responses that answer for it
 * (responder id, producedAt, ocspRepHash over the BasicOCSPResponse).
 */
async function crlOcspRef(
  cert: CertificateInfo,
  all: readonly CertificateInfo[],
  crls: readonly CrlInfo[],
  ocsp: readonly OcspValue[],
  hashOid: string,
): Promise<CrlOcspRef> {
  const tbs = cert.asn1.tbsCertificate;
  // A self-issued root is the trust anchor: nothing revokes it (§6.2.2 "all but the trusted CA").
  if (sameName(tbs.subject, tbs.issuer)) return new CrlOcspRef();
  const crlIds: CrlValidatedId[] = [];
  for (const crl of crls.filter((c) => sameName(c.issuerName, tbs.issuer))) {
    crlIds.push(
      new CrlValidatedId({
        crlHash: await otherHash(hashOid, crl.der),
        crlIdentifier: new CrlIdentifier({
          crlIssuer: crl.issuerName,
          crlIssuedTime: crl.thisUpdate,
          ...(crl.crlNumber !== undefined ? { crlNumber: crl.crlNumber } : {}),
        }),
      }),
    );
  }
  const issuer = all.find((candidate) => sameName(candidate.asn1.tbsCertificate.subject, tbs.issuer));
  const ocspIds: OcspResponsesId[] = [];
  for (const value of ocsp) {
    let answers = false;
    for (const single of value.info.responses) {
      if (issuer && (await certIdMatches(single.certId, issuer, cert.serialNumberHex))) answers = true;
    }
    if (!answers) continue;
    ocspIds.push(
      new OcspResponsesId({
        ocspIdentifier: new OcspIdentifier({
          ocspResponderId: value.info.asn1.tbsResponseData.responderID,
          producedAt: value.info.producedAt,
        }),
        ocspRepHash: await otherHash(hashOid, value.basicDer),
      }),
    );
  }
  return new CrlOcspRef({
    ...(crlIds.length > 0 ? { crlids: new CrlListId({ crls: crlIds }) } : {}),
    ...(ocspIds.length > 0 ? { ocspids: new OcspListId({ ocspResponses: ocspIds }) } : {}),
  });
}

/** The contents (attrType and attrValues encodings, without the SEQUENCE header) of an Attribute. */
function attributeContents(attributeDer: Uint8Array): Uint8Array {
  return concatBytes(...derChildren(attributeDer, 'unsignedAttrs'));
}

/**
 * The data the CAdES-C time-stamp covers (§6.3.5): the concatenation of the
 * signature value (OCTET STRING contents), the signature-time-stamp
 * attribute(s), the complete-certificate-references and the
 * complete-revocation-references attributes, each attribute as its attrType
 * and attrValues encodings (the reading of ETSI TS 101 733 and EN 319 122-1
 * Annex A: the Attribute SEQUENCE's own tag and length are left out).
 */
export function escTimeStampInput(
  signature: Uint8Array,
  unsignedAttributes: readonly { type: string; der: Uint8Array }[],
): Uint8Array {
  const pick = (type: string): Uint8Array[] =>
    unsignedAttributes.filter((a) => a.type === type).map((a) => attributeContents(a.der));
  return concatBytes(
    signature,
    ...pick(OID.signatureTimeStampToken),
    ...pick(OID.completeCertificateRefs),
    ...pick(OID.completeRevocationRefs),
  );
}

export interface XLongType1Options {
  /** DERs of the CA certificates from the signer's issuer up to the root (the signer's own certificate is found in the CMS). */
  certificates: readonly Uint8Array[];
  crls?: readonly Uint8Array[];
  /** DERs of OCSPResponses (successful). */
  ocspResponses?: readonly Uint8Array[];
  tsaCallback: TsaCallback;
}

/**
 * Extends a CAdES-T signer to CAdES-X Long Type 1: complete-certificate-
 * references to the CA certificates (§6.2.1), complete-revocation-references
 * (§6.2.2; one CrlOcspRef for the signer's certificate, then one per CA
 * certificate in the same order), the CAdES-C time-stamp
 * id-aa-ets-escTimeStamp over them (§6.3.5), certificate-values (§6.3.3) and
 * revocation-values (§6.3.4). Reference hashes use the signer's Streebog for
 * GOST, SHA-256 otherwise.
 */
export async function extendToXLongType1(
  cms: Uint8Array,
  signerIndex: number,
  options: XLongType1Options,
): Promise<Uint8Array> {
  const crls = (options.crls ?? []).map(parseCrl);
  const ocsp = (options.ocspResponses ?? []).map(ocspValue);
  return updateSignedData(cms, async (signedData) => {
    const info = signerInfoAt(signedData, signerIndex);
    if (!hasAttribute(info, OID.signatureTimeStampToken)) {
      throw new PkiError('INVALID_ARGUMENT', 'add a signature time-stamp (CAdES-T) first', 'signerIndex');
    }
    if (hasAttribute(info, OID.completeCertificateRefs) || hasAttribute(info, OID.escTimeStamp)) {
      throw new PkiError('INVALID_ARGUMENT', 'the signer already has CAdES-C references', 'signerIndex');
    }
    const pool = parseCertificates([
      ...(signedData.certificates ?? []).map(subarray),
      ...options.certificates,
    ]);
    const signerCert = findCertificate(signerId(info.sid, 'sid'), pool);
    if (!signerCert)
      throw new PkiError('INVALID_ARGUMENT', "the signer's certificate is not in the CMS", 'sid');
    const chain = options.certificates
      .filter((der) => !equalBytes(der, signerCert.der))
      .map((der) => parseCertificate(der));
    const hashOid = referenceDigest(info.digestAlgorithm.algorithm);
    const all = [signerCert, ...chain];
    const certRefs = new CompleteCertificateRefs(
      await Promise.all(chain.map((c) => otherCertId(c, hashOid))),
    );
    const revocationRefs = new CompleteRevocationRefs(
      await Promise.all(all.map((cert) => crlOcspRef(cert, all, crls, ocsp, hashOid))),
    );
    addUnsignedAttribute(info, OID.completeCertificateRefs, toDer(certRefs));
    addUnsignedAttribute(info, OID.completeRevocationRefs, toDer(revocationRefs));
    const attributes = (info.unsignedAttrs ?? []).map((a) => ({ type: a.attrType, der: toDer(a) }));
    const input = escTimeStampInput(subarray(info.signature.buffer), attributes);
    addUnsignedAttribute(info, OID.escTimeStamp, await stamp(options.tsaCallback, hashOid, input));
    addUnsignedAttribute(
      info,
      OID.certValues,
      toDer(new CertificateValues(chain.map((c) => c.der.slice().buffer))),
    );
    addUnsignedAttribute(
      info,
      OID.revocationValues,
      toDer(
        new RevocationValues({
          ...(crls.length > 0 ? { crlVals: crls.map((c) => c.der.slice().buffer) } : {}),
          ...(ocsp.length > 0 ? { ocspVals: ocsp.map((o) => o.basicDer.slice().buffer) } : {}),
        }),
      ),
    );
  });
}

export type CadesLevel = 'none' | 'BES' | 'T' | 'C' | 'X-Long-Type-1';

export interface OtherHashValue {
  hashAlgorithm: string;
  hash: Uint8Array;
}

export interface CertificateReference extends OtherHashValue {
  issuer: string | undefined;
  serialNumberHex: string | undefined;
}

export interface RevocationReference {
  crls: (OtherHashValue & {
    issuer: string | undefined;
    issuedAt: Date | undefined;
    crlNumber: bigint | undefined;
  })[];
  ocsp: { responderId: OcspResponderId; producedAt: Date; hash: OtherHashValue | undefined }[];
}

export interface CadesInfo {
  level: CadesLevel;
  signingCertificate: boolean;
  /** DERs of the signature time-stamp tokens. */
  signatureTimeStamps: Uint8Array[];
  completeCertificateRefs: CertificateReference[] | undefined;
  completeRevocationRefs: RevocationReference[] | undefined;
  /** DERs of the CAdES-C time-stamp tokens. */
  escTimeStamps: Uint8Array[];
  /** DERs of the certificates in certificate-values. */
  certValues: Uint8Array[] | undefined;
  /** DERs of the CRLs and BasicOCSPResponses in revocation-values. */
  revocationValues: { crls: Uint8Array[]; ocsp: Uint8Array[] } | undefined;
}

function hashValue(hash: OtherHash): OtherHashValue {
  if (hash.otherHash) {
    return {
      hashAlgorithm: hash.otherHash.hashAlgorithm.algorithm,
      hash: subarray(hash.otherHash.hashValue.buffer),
    };
  }
  return { hashAlgorithm: OID.sha1, hash: subarray(hash.sha1Hash?.buffer ?? new ArrayBuffer(0)) };
}

/** Hex of the INTEGER contents, the form `CertificateInfo.serialNumberHex` uses. */
function serialHex(serial: bigint): string {
  const hex = serial.toString(16);
  const even = hex.length % 2 ? `0${hex}` : hex;
  return parseInt(even.slice(0, 2), 16) & 0x80 ? `00${even}` : even;
}

function issuerText(issuerSerial: IssuerSerial | undefined): string | undefined {
  const name = issuerSerial?.issuer.find((n) => n.directoryName)?.directoryName;
  return name ? formatName(name) : undefined;
}

function responderIdOf(id: OcspIdentifier['ocspResponderId']): OcspResponderId {
  if (id.byKey) return { byKey: subarray(id.byKey.buffer) };
  if (id.byName) return { byName: id.byName };
  throw new PkiError('UNEXPECTED_STRUCTURE', 'responder id is neither byName nor byKey', 'ocspResponderID');
}

function revocationReference(ref: CrlOcspRef): RevocationReference {
  return {
    crls: (ref.crlids?.crls ?? []).map((crl) => ({
      ...hashValue(crl.crlHash),
      issuer: crl.crlIdentifier ? formatName(crl.crlIdentifier.crlIssuer) : undefined,
      issuedAt: crl.crlIdentifier?.crlIssuedTime,
      crlNumber: crl.crlIdentifier?.crlNumber,
    })),
    ocsp: (ref.ocspids?.ocspResponses ?? []).map((response) => ({
      responderId: responderIdOf(response.ocspIdentifier.ocspResponderId),
      producedAt: response.ocspIdentifier.producedAt,
      hash: response.ocspRepHash ? hashValue(response.ocspRepHash) : undefined,
    })),
  };
}

/**
 * Which CAdES form signer `signerIndex` has reached, and the CAdES
 * attributes decoded. Levels build on each other: BES needs a
 * signing-certificate(-v2) attribute, T a signature time-stamp, C the two
 * complete-references attributes, X-Long-Type-1 the CAdES-C time-stamp and
 * both values attributes. Throws only PkiError.
 */
export function parseCadesLevel(cms: Uint8Array, signerIndex = 0): CadesInfo {
  const signer = parseCms(cms).signers[signerIndex];
  if (!signer) throw new PkiError('INVALID_ARGUMENT', `there is no signer ${signerIndex}`, 'signerIndex');
  const values = (type: string): Uint8Array[] =>
    signer.unsignedAttributeValues.filter((a) => a.type === type).flatMap((a) => a.values);
  const first = (type: string): Uint8Array | undefined => values(type)[0];
  const path = `signerInfos[${signerIndex}].unsignedAttrs`;
  const certRefsDer = first(OID.completeCertificateRefs);
  const revRefsDer = first(OID.completeRevocationRefs);
  const certValuesDer = first(OID.certValues);
  const revValuesDer = first(OID.revocationValues);
  const revValues = revValuesDer
    ? parseDer(revValuesDer, RevocationValues, `${path}.revocationValues`)
    : undefined;
  const info: CadesInfo = {
    level: 'none',
    signingCertificate:
      signer.signedAttributes.includes(OID.signingCertificateV2) ||
      signer.signedAttributes.includes(OID.signingCertificate),
    signatureTimeStamps: values(OID.signatureTimeStampToken),
    completeCertificateRefs: certRefsDer
      ? parseDer(certRefsDer, CompleteCertificateRefs, `${path}.completeCertificateRefs`).map((ref) => ({
          ...hashValue(ref.otherCertHash),
          issuer: issuerText(ref.issuerSerial),
          serialNumberHex: ref.issuerSerial ? serialHex(ref.issuerSerial.serialNumber) : undefined,
        }))
      : undefined,
    completeRevocationRefs: revRefsDer
      ? parseDer(revRefsDer, CompleteRevocationRefs, `${path}.completeRevocationRefs`).map(
          revocationReference,
        )
      : undefined,
    escTimeStamps: values(OID.escTimeStamp),
    certValues: certValuesDer
      ? parseDer(certValuesDer, CertificateValues, `${path}.certValues`).map(subarray)
      : undefined,
    revocationValues: revValues
      ? { crls: (revValues.crlVals ?? []).map(subarray), ocsp: (revValues.ocspVals ?? []).map(subarray) }
      : undefined,
  };
  if (info.signingCertificate) info.level = 'BES';
  if (info.level === 'BES' && info.signatureTimeStamps.length > 0) info.level = 'T';
  if (info.level === 'T' && info.completeCertificateRefs && info.completeRevocationRefs) info.level = 'C';
  if (info.level === 'C' && info.escTimeStamps.length > 0 && info.certValues && info.revocationValues) {
    info.level = 'X-Long-Type-1';
  }
  return info;
}
