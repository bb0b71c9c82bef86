/**
 * Verification reports in the vocabulary of ETSI EN 319 102-1 (§5.1.3):
 * an indication per signature, with a sub-indication saying why when it is
 * not TOTAL_PASSED.
 */
export type Indication = 'TOTAL_PASSED' | 'INDETERMINATE' | 'TOTAL_FAILED';

export type SubIndication =
  // TOTAL_FAILED
  | 'FORMAT_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'REVOKED'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  // INDETERMINATE
  | 'SIGNED_DATA_NOT_FOUND'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'CHAIN_CONSTRAINTS_FAILURE'
  | 'REVOKED_NO_POE'
  | 'OUT_OF_BOUNDS_NO_POE'
  | 'TRY_LATER'
  | 'CRYPTO_CONSTRAINTS_FAILURE'
  | 'TIMESTAMP_ORDER_FAILURE';

/** A finding about a signature, with a stable code and, for certificate rules, where and which rule. */
export interface ReportMessage {
  code: string;
  message: string;
  /** Position in the certificate path (0 the trust anchor), when about a certificate. */
  index?: number;
  /** The rule broken, e.g. "RFC5280 4.2.1.9". */
  rule?: string;
}

export interface CertificateView {
  serial: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
}

export interface TimeStampView {
  /** What it stamps: the signature value (signature-time-stamp) or the CAdES-C references (esc). */
  kind: 'signature' | 'references';
  genTime: string;
  tsa: string | null;
  ok: boolean;
}

export interface SignatureReport {
  /**
   * Which signature of the document: 0 for the first signer (or PDF
   * signature); counter-signatures are numbered after the signers.
   */
  index: number;
  /**
   * For a counter-signature (CMS unsigned attribute countersignature, RFC
   * 5652 §11.4): the index of the signature it countersigns. What it covers
   * is that signature's value, not the document.
   */
  counterSignatureOf?: number;
  indication: Indication;
  subIndication?: SubIndication;
  /** CAdES-BES, CAdES-T, CAdES-X-Long-Type-1, PAdES-B-B, PAdES-B-T. */
  level: string;
  signer: CertificateView | null;
  /** The Russian qualified profile (FSB order 795): КС/КВ/КА policy, subject and issuer signing tools. */
  qualified: boolean;
  /** The signing-time attribute (or PDF /M): claimed by the signer, not proven. */
  claimedSigningTime: string | null;
  /** The earliest time the signature is proven to have existed: a signature time stamp, else the verification time. */
  bestSignatureTime: string;
  /** The path from the trust anchor to the signer's certificate, anchor first. */
  chain: CertificateView[];
  revocation: {
    status: 'good' | 'revoked' | 'unknown' | 'not-checked';
    /** Where the answer came from: values in the signature, or fetched now. */
    source: 'embedded' | 'fetched' | 'none';
    revokedAt?: string;
  };
  timeStamps: TimeStampView[];
  /** What the signature covers: for PDFs, the revision and whether later changes are allowed ones. */
  coverage?: { wholeDocument: boolean; changes: string; disallowedChanges: string[] };
  messages: ReportMessage[];
}

export interface VerificationReport {
  /** cades, pades (and xades). */
  format: string;
  verifiedAt: string;
  /** The worst indication of all signatures; TOTAL_FAILED FORMAT_FAILURE when the input holds none. */
  indication: Indication;
  subIndication?: SubIndication;
  signatures: SignatureReport[];
  /** Findings about the input as a whole (not a signature, no signature in it). */
  messages: ReportMessage[];
}

const RANK: Record<Indication, number> = { TOTAL_PASSED: 0, INDETERMINATE: 1, TOTAL_FAILED: 2 };

/** The overall indication: the worst of the signatures'. */
export function worst(indications: readonly Indication[]): Indication {
  return indications.reduce<Indication>((a, b) => (RANK[b] > RANK[a] ? b : a), 'TOTAL_PASSED');
}
