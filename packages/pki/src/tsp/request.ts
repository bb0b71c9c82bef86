/**
 * Time-stamp requests (RFC 3161 §2.4.1): what a client sends a TSA.
 * Nonces and serial numbers are bigints; they are INTEGERs on the wire.
 */
import { MessageImprint, TimeStampReq, TimeStampReqVersion } from '@peculiar/asn1-tsp';
import { OctetString } from '@peculiar/asn1-schema';
import { parseDer, toDer } from '../asn1/der.js';
import { digestAlgorithmIdentifier } from '../cms/digest.js';
import { PkiError } from '../errors.js';

export interface TimeStampImprint {
  /** Digest algorithm OID (SHA-2 or Streebog). */
  hashAlgorithm: string;
  digest: Uint8Array;
}

export interface TimeStampRequestOptions {
  messageImprint: TimeStampImprint;
  nonce?: bigint;
  /** Ask the TSA to include its certificate in the token. */
  certReq: boolean;
  /** The TSA policy wanted, if any. */
  policy?: string;
}

export interface TimeStampRequestInfo {
  messageImprint: TimeStampImprint;
  nonce: bigint | undefined;
  certReq: boolean;
  policy: string | undefined;
  /** OIDs of any request extensions (RFC 3161 defines none). */
  extensions: string[];
}

/** INTEGER contents (two's complement, big-endian) of a non-negative bigint. */
export function integerBytes(value: bigint, path: string): ArrayBuffer {
  if (value < 0n) throw new PkiError('INVALID_ARGUMENT', 'must not be negative', path);
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16)).buffer;
}

/** The value of INTEGER contents read as unsigned (nonces and serials are positive). */
export function integerValue(bytes: ArrayBuffer): bigint {
  const hex = Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
  return hex ? BigInt(`0x${hex}`) : 0n;
}

export function messageImprintAsn1(imprint: TimeStampImprint): MessageImprint {
  return new MessageImprint({
    hashAlgorithm: digestAlgorithmIdentifier(imprint.hashAlgorithm),
    hashedMessage: new OctetString(imprint.digest),
  });
}

export function messageImprintOf(imprint: MessageImprint): TimeStampImprint {
  return {
    hashAlgorithm: imprint.hashAlgorithm.algorithm,
    digest: new Uint8Array(imprint.hashedMessage.buffer),
  };
}

/** DER of a TimeStampReq (version 1). */
export function createTimeStampRequest(options: TimeStampRequestOptions): Uint8Array {
  return toDer(
    new TimeStampReq({
      version: TimeStampReqVersion.v1,
      messageImprint: messageImprintAsn1(options.messageImprint),
      certReq: options.certReq,
      ...(options.policy !== undefined ? { reqPolicy: options.policy } : {}),
      ...(options.nonce !== undefined ? { nonce: integerBytes(options.nonce, 'nonce') } : {}),
    }),
  );
}

/** Reads a TimeStampReq (ours, `openssl ts -query`). Throws only PkiError. */
export function parseTimeStampRequest(der: Uint8Array): TimeStampRequestInfo {
  const request = parseDer(der, TimeStampReq, 'timeStampReq');
  const version: number = request.version;
  if (version !== 1) {
    throw new PkiError('UNEXPECTED_STRUCTURE', `version ${version} is not 1`, 'timeStampReq.version');
  }
  return {
    messageImprint: messageImprintOf(request.messageImprint),
    nonce: request.nonce ? integerValue(request.nonce) : undefined,
    certReq: request.certReq,
    policy: request.reqPolicy,
    extensions: request.extensions ? request.extensions.map((e) => e.extnID) : [],
  };
}
