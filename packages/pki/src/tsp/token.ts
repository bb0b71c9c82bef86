/**
 * Time-stamp tokens and responses (RFC 3161 §2.4.2): a CMS SignedData over
 * TSTInfo, signed by the TSA with the ESS signingCertificateV2 attribute
 * (RFC 5816), and the TimeStampResp around it.
 */
import {
  Accuracy,
  PKIFailureInfo,
  PKIFreeText,
  PKIStatus,
  PKIStatusInfo,
  TimeStampResp,
  TimeStampToken,
  TSTInfo,
  TSTInfoVersion,
} from '@peculiar/asn1-tsp';
import type { Signer } from '../algorithms/signer.js';
import { parseDer, toDer } from '../asn1/der.js';
import { digest, isSupportedDigest } from '../cms/digest.js';
import {
  buildSignedData,
  parseCms,
  verifyCms,
  type CmsVerifyCode,
  type ParsedCms,
} from '../cms/signed-data.js';
import { equalBytes } from '../cms/tlv.js';
import { PkiError } from '../errors.js';
import { derChildren } from '../ocsp/der-children.js';
import { OID } from '../oids.js';
import { parseCertificate } from '../x509/certificate.js';
import {
  integerBytes,
  integerValue,
  messageImprintAsn1,
  messageImprintOf,
  type TimeStampImprint,
} from './request.js';

export interface TimeStampAccuracy {
  seconds?: number;
  millis?: number;
  micros?: number;
}

export interface TimeStampTokenOptions {
  tsa: Signer;
  /** DER of the TSA certificate (critical extendedKeyUsage id-kp-timeStamping, RFC 3161 §2.3). */
  tsaCertificate: Uint8Array;
  policy: string;
  /** Unique per token, up to 160 bits. */
  serialNumber: bigint;
  genTime: Date;
  messageImprint: TimeStampImprint;
  nonce?: bigint;
  accuracy?: TimeStampAccuracy;
  /** Embed the TSA certificate (the request's certReq). */
  includeCertificate: boolean;
}

export interface TstInfoValues {
  policy: string;
  messageImprint: TimeStampImprint;
  serialNumber: bigint;
  genTime: Date;
  accuracy: TimeStampAccuracy | undefined;
  ordering: boolean;
  nonce: bigint | undefined;
}

export interface ParsedTimeStampToken {
  tstInfo: TstInfoValues;
  cms: ParsedCms;
}

export type TimeStampStatus =
  'granted' | 'grantedWithMods' | 'rejection' | 'waiting' | 'revocationWarning' | 'revocationNotification';

export type TimeStampFailure =
  | 'badAlg'
  | 'badRequest'
  | 'badDataFormat'
  | 'timeNotAvailable'
  | 'unacceptedPolicy'
  | 'unacceptedExtension'
  | 'addInfoNotAvailable'
  | 'systemFailure';

export interface TimeStampResponseInfo {
  status: TimeStampStatus;
  statusStrings: string[];
  failInfo: TimeStampFailure[];
  /** DER of the token as sent, when the status grants one. */
  token: Uint8Array | undefined;
}

/** PKIStatus names by value (RFC 3161 §2.4.2). */
const STATUSES: readonly TimeStampStatus[] = [
  'granted',
  'grantedWithMods',
  'rejection',
  'waiting',
  'revocationWarning',
  'revocationNotification',
];

const FAILURE_BITS: Readonly<Record<TimeStampFailure, number>> = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
};

function accuracyAsn1(accuracy: TimeStampAccuracy): Accuracy {
  const value = new Accuracy();
  if (accuracy.seconds === undefined) Reflect.deleteProperty(value, 'seconds');
  else value.seconds = accuracy.seconds;
  if (accuracy.millis !== undefined) value.millis = accuracy.millis;
  if (accuracy.micros !== undefined) value.micros = accuracy.micros;
  return value;
}

/**
 * Issues a time-stamp token: TSTInfo (whole-second genTime) signed as CMS
 * SignedData with eContentType id-ct-TSTInfo. Returns the token's DER.
 */
export async function createTimeStampToken(options: TimeStampTokenOptions): Promise<Uint8Array> {
  const tstInfo = new TSTInfo({
    version: TSTInfoVersion.v1,
    policy: options.policy,
    messageImprint: messageImprintAsn1(options.messageImprint),
    serialNumber: integerBytes(options.serialNumber, 'serialNumber'),
    genTime: new Date(Math.floor(options.genTime.getTime() / 1000) * 1000),
    ...(options.accuracy ? { accuracy: accuracyAsn1(options.accuracy) } : {}),
    ...(options.nonce !== undefined ? { nonce: integerBytes(options.nonce, 'nonce') } : {}),
  });
  return buildSignedData({
    content: toDer(tstInfo),
    contentType: OID.tstInfo,
    detached: false,
    signers: [{ signer: options.tsa, certificate: options.tsaCertificate }],
    signingTime: options.genTime,
    embedSignerCertificates: options.includeCertificate,
  });
}

/** DER of a TimeStampResp; a granted status needs the token, others must not have one. */
export function createTimeStampResponse(
  status: TimeStampStatus,
  token?: Uint8Array,
  details: { statusString?: string; failInfo?: TimeStampFailure } = {},
): Uint8Array {
  const granted = status === 'granted' || status === 'grantedWithMods';
  if (granted !== (token !== undefined)) {
    throw new PkiError('INVALID_ARGUMENT', 'a token goes with granted statuses and only with them', 'token');
  }
  let failInfo: PKIFailureInfo | undefined;
  if (details.failInfo) {
    const bit = FAILURE_BITS[details.failInfo];
    const bytes = new Uint8Array(Math.floor(bit / 8) + 1);
    bytes[Math.floor(bit / 8)] = 0x80 >> (bit % 8);
    failInfo = new PKIFailureInfo(bytes, 7 - (bit % 8));
  }
  const response = new TimeStampResp({
    status: new PKIStatusInfo({
      status: PKIStatus[status],
      ...(details.statusString ? { statusString: new PKIFreeText([details.statusString]) } : {}),
      ...(failInfo ? { failInfo } : {}),
    }),
    ...(token ? { timeStampToken: parseDer(token, TimeStampToken, 'token') } : {}),
  });
  return toDer(response);
}

function failures(failInfo: PKIFailureInfo | undefined): TimeStampFailure[] {
  if (!failInfo) return [];
  const bytes = new Uint8Array(failInfo.value);
  return (Object.entries(FAILURE_BITS) as [TimeStampFailure, number][])
    .filter(([, bit]) => ((bytes[Math.floor(bit / 8)] ?? 0) & (0x80 >> (bit % 8))) !== 0)
    .map(([name]) => name);
}

/** Reads a TimeStampResp (ours, `openssl ts -reply`). Throws only PkiError. */
export function parseTimeStampResponse(der: Uint8Array): TimeStampResponseInfo {
  const response = parseDer(der, TimeStampResp, 'timeStampResp');
  const status = STATUSES[response.status.status];
  if (status === undefined) {
    throw new PkiError(
      'UNEXPECTED_STRUCTURE',
      `unknown status ${response.status.status}`,
      'timeStampResp.status',
    );
  }
  return {
    status,
    statusStrings: response.status.statusString ? [...response.status.statusString] : [],
    failInfo: failures(response.status.failInfo),
    token: response.timeStampToken ? derChildren(der, 'timeStampResp')[1]?.slice() : undefined,
  };
}

function tstInfoValues(info: TSTInfo): TstInfoValues {
  const accuracy = info.accuracy;
  return {
    policy: info.policy,
    messageImprint: messageImprintOf(info.messageImprint),
    serialNumber: integerValue(info.serialNumber),
    genTime: info.genTime,
    // RFC 3161 §2.4.2: a missing field means zero, so zeros are left out (the library reads absent `seconds` as 0).
    accuracy: accuracy
      ? {
          ...(accuracy.seconds ? { seconds: accuracy.seconds } : {}),
          ...(accuracy.millis ? { millis: accuracy.millis } : {}),
          ...(accuracy.micros ? { micros: accuracy.micros } : {}),
        }
      : undefined,
    ordering: info.ordering,
    nonce: info.nonce ? integerValue(info.nonce) : undefined,
  };
}

/** Reads a time-stamp token: its TSTInfo and the CMS around it. Throws only PkiError. */
export function parseTimeStampToken(der: Uint8Array): ParsedTimeStampToken {
  const cms = parseCms(der);
  if (cms.contentType !== OID.tstInfo || !cms.content) {
    throw new PkiError(
      'UNEXPECTED_STRUCTURE',
      `content type ${cms.contentType} is not id-ct-TSTInfo`,
      'eContentType',
    );
  }
  return { tstInfo: tstInfoValues(parseDer(cms.content, TSTInfo, 'tstInfo')), cms };
}

export type TimeStampVerifyCode =
  CmsVerifyCode | 'IMPRINT_MISMATCH' | 'SIGNING_CERTIFICATE_MISSING' | 'TSA_CERTIFICATE_NOT_TIME_STAMPING';

export interface TimeStampVerification {
  ok: boolean;
  code?: TimeStampVerifyCode;
  tstInfo: TstInfoValues;
  /** DER of the TSA certificate, when found. */
  certificate?: Uint8Array;
}

function timeStampingOnly(certificateDer: Uint8Array): boolean {
  const cert = parseCertificate(certificateDer);
  const eku = cert.asn1.tbsCertificate.extensions?.find((e) => e.extnID === OID.extKeyUsage);
  return (
    eku?.critical === true &&
    cert.extendedKeyUsage.length === 1 &&
    cert.extendedKeyUsage[0] === OID.timeStamping
  );
}

/**
 * Checks a token against the data (or its digest) it should stamp: the
 * imprint, the TSA's signature and signingCertificate(V2) attribute, and
 * that the TSA certificate is for time-stamping only with a critical EKU
 * (RFC 3161 §2.3). `certificates` supplies the TSA certificate when the token
 * does not carry it. Trust in that certificate is the caller's next step.
 */
export async function verifyTimeStampToken(
  token: Uint8Array,
  options: { data?: Uint8Array; digest?: Uint8Array; certificates?: readonly Uint8Array[] },
): Promise<TimeStampVerification> {
  const { tstInfo, cms } = parseTimeStampToken(token);
  const imprint = tstInfo.messageImprint;
  let expected = options.digest;
  if (options.data) {
    if (!isSupportedDigest(imprint.hashAlgorithm))
      return { ok: false, code: 'UNSUPPORTED_ALGORITHM', tstInfo };
    expected = await digest(imprint.hashAlgorithm, options.data);
  }
  if (!expected) throw new PkiError('INVALID_ARGUMENT', 'give the data or its digest', 'options');
  if (!equalBytes(expected, imprint.digest)) return { ok: false, code: 'IMPRINT_MISMATCH', tstInfo };
  if (cms.signers.length !== 1) {
    throw new PkiError('UNEXPECTED_STRUCTURE', 'a time-stamp token has exactly one signer', 'signerInfos');
  }
  const result = await verifyCms(token, { certificates: options.certificates ?? [] });
  const signer = result.signers[0];
  const found = signer?.certificate ? { certificate: signer.certificate } : {};
  if (!signer?.ok) return { ok: false, code: signer?.code ?? 'SIGNATURE_INVALID', tstInfo, ...found };
  if (!signer.signingCertificateAttribute)
    return { ok: false, code: 'SIGNING_CERTIFICATE_MISSING', tstInfo, ...found };
  if (!signer.certificate || !timeStampingOnly(signer.certificate)) {
    return { ok: false, code: 'TSA_CERTIFICATE_NOT_TIME_STAMPING', tstInfo, ...found };
  }
  return { ok: true, tstInfo, ...found };
}
