import { OCSPRequest, Request, TBSRequest } from '@peculiar/asn1-ocsp';
import { OctetString } from '@peculiar/asn1-schema';
import { Extension } from '@peculiar/asn1-x509';
import { parseDer, toDer } from '../asn1/der.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { certIdFromAsn1, certIdToAsn1, type OcspCertId } from './cert-id.js';
import { derContents } from './der-children.js';

/** RFC 8954 §2.1: a nonce is 1 to 32 octets; responders must accept 16 to 32. */
export const MAX_NONCE_LENGTH = 32;

export interface OcspRequestOptions {
  certIds: readonly OcspCertId[];
  /** Random bytes the response must echo (RFC 8954); 1–32 octets, 32 recommended. */
  nonce?: Uint8Array;
}

/** A parsed OCSP request: what it asks about; the optional signature is reported, not checked. */
export interface OcspRequestInfo {
  certIds: OcspCertId[];
  nonce: Uint8Array | undefined;
  signed: boolean;
}

export function checkNonce(nonce: Uint8Array, path: string): void {
  if (nonce.length < 1 || nonce.length > MAX_NONCE_LENGTH) {
    throw new PkiError('INVALID_ARGUMENT', `nonce must be 1 to ${MAX_NONCE_LENGTH} octets`, path);
  }
}

/** The id-pkix-ocsp-nonce extension: extnValue holds the DER of an OCTET STRING (RFC 6960 §4.4.1). */
export function nonceExtension(nonce: Uint8Array): Extension {
  return new Extension({
    extnID: OID.ocspNonce,
    critical: false,
    extnValue: new OctetString(toDer(new OctetString(nonce))),
  });
}

/**
 * The nonce in a list of extensions. Some old clients put the bare bytes in
 * extnValue instead of an OCTET STRING; those are taken as they are.
 */
export function nonceFrom(
  extensions: readonly Extension[] | undefined,
  path: string,
): Uint8Array | undefined {
  const ext = extensions?.find((e) => e.extnID === OID.ocspNonce);
  if (!ext) return undefined;
  const value = new Uint8Array(ext.extnValue.buffer);
  if (value[0] === 0x04 && value.length >= 2) {
    try {
      const inner = derContents(value, path);
      if (inner.byteOffset - value.byteOffset + inner.length === value.length) return inner.slice();
    } catch {
      // Not an OCTET STRING after all: the bare-bytes form.
    }
  }
  return value.slice();
}

/** DER of an unsigned OCSP request for the given certificates. */
export function createOcspRequest(options: OcspRequestOptions): Uint8Array {
  if (options.certIds.length === 0) {
    throw new PkiError('INVALID_ARGUMENT', 'a request must ask about at least one certificate', 'certIds');
  }
  if (options.nonce) checkNonce(options.nonce, 'nonce');
  const tbsRequest = new TBSRequest({
    requestList: options.certIds.map((certId) => new Request({ reqCert: certIdToAsn1(certId) })),
  });
  if (options.nonce) tbsRequest.requestExtensions = [nonceExtension(options.nonce)];
  return toDer(new OCSPRequest({ tbsRequest }));
}

/**
 * Parses an OCSP request as `openssl ocsp`, browsers and CryptoPro send it:
 * any requestorName and per-certificate extensions are ignored, a signature
 * is reported in `signed` but not verified. Throws only PkiError.
 */
export function parseOcspRequest(der: Uint8Array): OcspRequestInfo {
  const request = parseDer(der, OCSPRequest, 'ocspRequest');
  const tbs = request.tbsRequest;
  if (tbs.requestList.length === 0) {
    throw new PkiError('UNEXPECTED_STRUCTURE', 'request asks about no certificate', 'tbsRequest.requestList');
  }
  const nonce = nonceFrom(tbs.requestExtensions, 'tbsRequest.requestExtensions.nonce');
  // RFC 8954 §2.1: a responder rejects a nonce over 32 octets (malformedRequest) rather than echo it.
  if (nonce && (nonce.length < 1 || nonce.length > MAX_NONCE_LENGTH)) {
    throw new PkiError(
      'UNEXPECTED_STRUCTURE',
      `nonce must be 1 to ${MAX_NONCE_LENGTH} octets`,
      'tbsRequest.requestExtensions.nonce',
    );
  }
  return {
    certIds: tbs.requestList.map((r) => certIdFromAsn1(r.reqCert)),
    nonce,
    signed: request.optionalSignature !== undefined,
  };
}
