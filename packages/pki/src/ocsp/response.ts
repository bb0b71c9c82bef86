/**
 * OCSP responses (RFC 6960) signed by a `Signer`.
 *
 * Caching: a response depends only on the certificate's status, the
 * responder and the validity window (thisUpdate/nextUpdate), so a responder
 * signs one response per certificate, keeps the DER and serves it to every
 * client until the status changes or nextUpdate approaches; nothing here
 * keeps per-request state. The one exception is the nonce (RFC 8954): a
 * response that echoes a client's nonce is bound to that request and must
 * not be cached or served to anyone else. A responder that caches answers
 * requests with a nonce either by signing a fresh response (costly; rate-
 * limit it) or with the cached response without a nonce, which RFC 8954 §2.1
 * allows and clients such as OpenSSL accept with a warning.
 */
import {
  BasicOCSPResponse,
  CertStatus,
  KeyHash,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
} from '@peculiar/asn1-ocsp';
import { OctetString } from '@peculiar/asn1-schema';
import { CRLReason, CRLReasons, Name, type SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import type { Signer } from '../algorithms/signer.js';
import { verifySignature } from '../algorithms/verify.js';
import type { RevocationReason } from '../crl/revoked-entries.js';
import { checkDerStructure, parseDer, toDer } from '../asn1/der.js';
import { DerWriter, headerLength } from '../crl/revoked-entries.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { certIdFromAsn1, certIdToAsn1, type OcspCertId } from './cert-id.js';
import { derChildren } from './der-children.js';
import { checkNonce, nonceExtension, nonceFrom } from './request.js';

export type OcspCertStatus = 'good' | 'unknown' | { revoked: { time: Date; reason?: RevocationReason } };

/** How the response names its signer: SHA-1 of its public key (`keyIdentifier`) or its subject Name. */
export type OcspResponderId = { byKey: Uint8Array } | { byName: Name };

export interface OcspSingleResponse {
  certId: OcspCertId;
  status: OcspCertStatus;
  thisUpdate: Date;
  /** When newer information will be available; without it the response claims nothing about freshness. */
  nextUpdate?: Date;
}

export interface OcspResponseOptions {
  responder: Signer;
  responderId: OcspResponderId;
  producedAt: Date;
  responses: readonly OcspSingleResponse[];
  /** The request's nonce to echo; a response with a nonce must not be cached (see above). */
  nonce?: Uint8Array;
  /** DER of the responder certificate (and chain) for clients to verify a delegated responder. */
  certificates?: readonly Uint8Array[];
}

export type OcspErrorStatus =
  'malformedRequest' | 'internalError' | 'tryLater' | 'sigRequired' | 'unauthorized';

/** A parsed successful response with everything a client checks. */
export interface OcspBasicResponseInfo {
  status: 'successful';
  responderId: OcspResponderId;
  producedAt: Date;
  responses: OcspSingleResponse[];
  nonce: Uint8Array | undefined;
  /** DER of the certificates the response carries, as sent. */
  certificates: Uint8Array[];
  signatureAlgorithm: string;
  asn1: BasicOCSPResponse;
  /** The signed bytes (tbsResponseData as received) and the signature over them. */
  tbsResponseData: Uint8Array;
  signature: Uint8Array;
}

export type OcspResponseInfo = OcspBasicResponseInfo | { status: OcspErrorStatus };

/** GeneralizedTime in OCSP carries whole seconds (RFC 5280 §4.1.2.5.2). */
function seconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function certStatus(status: OcspCertStatus): CertStatus {
  if (status === 'good') return new CertStatus({ good: null });
  if (status === 'unknown') return new CertStatus({ unknown: null });
  const { time, reason } = status.revoked;
  return new CertStatus({
    revoked: new RevokedInfo({
      revocationTime: seconds(time),
      ...(reason !== undefined ? { revocationReason: new CRLReason(CRLReasons[reason]) } : {}),
    }),
  });
}

function singleResponse(response: OcspSingleResponse): SingleResponse {
  if (response.nextUpdate && response.nextUpdate.getTime() < response.thisUpdate.getTime()) {
    throw new PkiError('INVALID_ARGUMENT', 'nextUpdate must not be before thisUpdate', 'responses');
  }
  return new SingleResponse({
    certID: certIdToAsn1(response.certId),
    certStatus: certStatus(response.status),
    thisUpdate: seconds(response.thisUpdate),
    ...(response.nextUpdate ? { nextUpdate: seconds(response.nextUpdate) } : {}),
  });
}

function responderId(id: OcspResponderId): ResponderID {
  if ('byName' in id) return new ResponderID({ byName: id.byName });
  if (id.byKey.length !== 20) {
    throw new PkiError('INVALID_ARGUMENT', 'byKey must be the 20-byte SHA-1 key hash', 'responderId');
  }
  return new ResponderID({ byKey: new KeyHash(id.byKey) });
}

function wrap(status: OCSPResponseStatus, responseBytes?: ResponseBytes): Uint8Array {
  return toDer(new OCSPResponse({ responseStatus: status, ...(responseBytes ? { responseBytes } : {}) }));
}

/** Signs a BasicOCSPResponse and returns the DER of the successful OCSPResponse around it. */
export async function createOcspResponse(options: OcspResponseOptions): Promise<Uint8Array> {
  if (options.responses.length === 0) {
    throw new PkiError(
      'INVALID_ARGUMENT',
      'a response must answer for at least one certificate',
      'responses',
    );
  }
  if (options.nonce) checkNonce(options.nonce, 'nonce');
  const tbsResponseData = new ResponseData({
    responderID: responderId(options.responderId),
    producedAt: seconds(options.producedAt),
    responses: options.responses.map(singleResponse),
    ...(options.nonce ? { responseExtensions: [nonceExtension(options.nonce)] } : {}),
  });
  const certificates = options.certificates ?? [];
  certificates.forEach((der, i) => {
    checkCertificateDer(der, `certificates[${i}]`);
  });
  const tbsDer = toDer(tbsResponseData);
  const signature = await options.responder.sign(tbsDer);
  const basic = basicResponse(
    [tbsDer, toDer(options.responder.signatureAlgorithm), bitString(signature)],
    certificates,
  );
  return ocspResponseOf(basic);
}

function bitString(bytes: Uint8Array): Uint8Array {
  const out = new DerWriter(headerLength(bytes.length + 1) + bytes.length + 1);
  out.header(0x03, bytes.length + 1);
  out.byte(0x00);
  out.bytes(bytes);
  return out.result();
}

/** A certificate to embed must be one DER SEQUENCE, well formed throughout. */
function checkCertificateDer(der: Uint8Array, path: string): void {
  if (!(der instanceof Uint8Array))
    throw new PkiError('INVALID_ARGUMENT', 'DER input must be a Uint8Array', path);
  checkDerStructure(der, path);
  if (der[0] !== 0x30) throw new PkiError('UNEXPECTED_STRUCTURE', 'a certificate is a SEQUENCE', path);
}

/**
 * BasicOCSPResponse (RFC 6960 §4.2.1) from its encoded fields — the signed
 * tbsResponseData exactly as signed, not encoded a second time — and
 * `certs [0] EXPLICIT SEQUENCE OF Certificate` with the certificates exactly
 * as given. A responder embeds the same certificate in every answer, and
 * decoding it into objects and encoding it again cost several times the
 * signature itself.
 */
function basicResponse(fields: readonly Uint8Array[], certificates: readonly Uint8Array[]): Uint8Array {
  const fieldsLength = fields.reduce((sum, der) => sum + der.length, 0);
  const listLength = certificates.reduce((sum, der) => sum + der.length, 0);
  const sequenceLength = headerLength(listLength) + listLength;
  const certsLength = certificates.length > 0 ? headerLength(sequenceLength) + sequenceLength : 0;
  const total = fieldsLength + certsLength;
  const out = new DerWriter(headerLength(total) + total);
  out.header(0x30, total);
  for (const der of fields) out.bytes(der);
  if (certificates.length > 0) {
    out.header(0xa0, sequenceLength);
    out.header(0x30, listLength);
    for (const der of certificates) out.bytes(der);
  }
  return out.result();
}

/** An unsigned error response (RFC 6960 §2.3); it has no body and cannot be authenticated. */
export function createOcspErrorResponse(status: OcspErrorStatus): Uint8Array {
  return wrap(OCSPResponseStatus[status]);
}

function parsedStatus(status: CertStatus, path: string): OcspCertStatus {
  if (status.good !== undefined) return 'good';
  if (status.revoked) {
    const reason = status.revoked.revocationReason?.reason;
    const name = reason === undefined ? undefined : (CRLReasons[reason] as RevocationReason | undefined);
    if (reason !== undefined && name === undefined) {
      throw new PkiError('UNEXPECTED_STRUCTURE', `unknown revocation reason ${reason}`, path);
    }
    return { revoked: { time: status.revoked.revocationTime, ...(name ? { reason: name } : {}) } };
  }
  if (status.unknown !== undefined) return 'unknown';
  throw new PkiError('UNEXPECTED_STRUCTURE', 'certificate status is none of good, revoked, unknown', path);
}

function statusName(status: OCSPResponseStatus): 'successful' | OcspErrorStatus {
  const name = OCSPResponseStatus[status] as 'successful' | OcspErrorStatus | undefined;
  if (name === undefined) {
    throw new PkiError('UNEXPECTED_STRUCTURE', `unknown response status ${status}`, 'responseStatus');
  }
  return name;
}

/** The certificates of a BasicOCSPResponse exactly as encoded, for path building and pinning. */
function rawCertificates(basicDer: Uint8Array): Uint8Array[] {
  const path = 'basicOcspResponse.certs';
  const certsField = derChildren(basicDer, path).find((child) => child[0] === 0xa0);
  if (!certsField) return [];
  const [sequence] = derChildren(certsField, path);
  return sequence ? derChildren(sequence, path) : [];
}

/**
 * Parses an OCSPResponse from any responder. The signature is not checked
 * here: use `verifyOcspResponseSignature` with the responder's key. Throws only PkiError.
 */
export function parseOcspResponse(der: Uint8Array): OcspResponseInfo {
  const response = parseDer(der, OCSPResponse, 'ocspResponse');
  const status = statusName(response.responseStatus);
  if (status !== 'successful') return { status };
  const bytes = response.responseBytes;
  if (!bytes)
    throw new PkiError('UNEXPECTED_STRUCTURE', 'successful response without a body', 'responseBytes');
  if (bytes.responseType !== OID.ocspBasic) {
    throw new PkiError(
      'UNSUPPORTED_ALGORITHM',
      `response type ${bytes.responseType} is not id-pkix-ocsp-basic`,
      'responseBytes.responseType',
    );
  }
  const basicDer = new Uint8Array(bytes.response.buffer);
  const basic = parseDer(basicDer, BasicOCSPResponse, 'basicOcspResponse');
  const data = basic.tbsResponseData;
  const id = data.responderID;
  let responder: OcspResponderId;
  if (id.byKey) responder = { byKey: new Uint8Array(id.byKey.buffer) };
  else if (id.byName) responder = { byName: id.byName };
  else throw new PkiError('UNEXPECTED_STRUCTURE', 'responder id is neither byName nor byKey', 'responderID');
  const tbsRaw = basic.tbsResponseDataRaw;
  if (!tbsRaw) throw new PkiError('UNEXPECTED_STRUCTURE', 'missing tbsResponseData', 'tbsResponseData');
  return {
    status,
    responderId: responder,
    producedAt: data.producedAt,
    responses: data.responses.map((single, i) => ({
      certId: certIdFromAsn1(single.certID),
      status: parsedStatus(single.certStatus, `tbsResponseData.responses[${i}].certStatus`),
      thisUpdate: single.thisUpdate,
      ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}),
    })),
    nonce: nonceFrom(data.responseExtensions, 'tbsResponseData.responseExtensions.nonce'),
    certificates: rawCertificates(basicDer),
    signatureAlgorithm: basic.signatureAlgorithm.algorithm,
    asn1: basic,
    tbsResponseData: new Uint8Array(tbsRaw),
    signature: new Uint8Array(basic.signature),
  };
}

/**
 * Whether the response is signed by the key `responderSpki` (the CA's or a
 * delegated responder's, which the caller has authorised). False for error
 * responses, which carry no signature.
 */
export async function verifyOcspResponseSignature(
  response: OcspResponseInfo,
  responderSpki: SubjectPublicKeyInfo,
): Promise<boolean> {
  if (response.status !== 'successful') return false;
  return verifySignature(
    responderSpki,
    response.asn1.signatureAlgorithm,
    response.tbsResponseData,
    response.signature,
  );
}

/**
 * The successful OCSPResponse around a BasicOCSPResponse (DER), as CAdES
 * revocation-values and PDF DSS carry the basic response alone.
 */
export function ocspResponseOf(basicResponse: Uint8Array): Uint8Array {
  return wrap(
    OCSPResponseStatus.successful,
    new ResponseBytes({ responseType: OID.ocspBasic, response: new OctetString(basicResponse) }),
  );
}
