import type { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import type { DeferredSignature, TsaCallback } from '@podpis/pki';

/** A document as the operation records it: the evidence of what was signed. */
export interface SignedDocument {
  name: string;
  size?: number;
  digest: string;
  digestAlgorithm: string;
}

/** The key that signs and the certificates that name it. */
export interface FormatSigner {
  signatureAlgorithm: AlgorithmIdentifier;
  publicKeyInfo: SubjectPublicKeyInfo;
  /** The signer's certificate (DER). */
  certificate: Uint8Array;
  /** The CA certificates above it, issuer first, up to the root (DER). */
  chain: readonly Uint8Array[];
}

/** What one document gives a format: its recorded digest, and its bytes or a signature when the format needs them. */
export interface FormatDocument {
  document: SignedDocument;
  /** The document itself, for a format that embeds or parses it. */
  content?: Uint8Array;
  /** An existing signature to add to (a co- or counter-signature). */
  signature?: Uint8Array;
}

/** The services that extend a signature once the key has made it. */
export interface FormatServices {
  /** Time-stamps a digest at our TSA; returns the token (DER). */
  timeStamp: TsaCallback;
  /** The revocation data of a certificate and its chain now: OCSP responses (DER) and CRLs (DER). */
  revocationValues(
    certificate: Uint8Array,
    chain: readonly Uint8Array[],
  ): Promise<{
    ocspResponses: Uint8Array[];
    crls: Uint8Array[];
  }>;
}

/** What a format needs of each document besides its digest. */
export interface FormatNeeds {
  content: boolean;
  signature: boolean;
}

/**
 * A signature format as a module of the signing service: it checks its
 * parameters when an operation is created, says what each document must
 * give, prepares the digest the key signs (the same way at creation and at
 * confirmation, so a confirmation signs what was created or nothing) and
 * completes the result around the key's signature.
 */
export interface SignatureFormat<P extends object = object> {
  readonly id: string;
  /** The caller's parameters checked and with defaults filled in; SIGNING_PARAMETERS_INVALID otherwise. */
  parameters(raw: Record<string, unknown>): P;
  needs(parameters: P): FormatNeeds;
  /**
   * For a result that carries the document (attached): the same parameters
   * with the document left out, whose result the service turns into the
   * attached one by framing the document in (`attachedContentFraming`) as
   * it is downloaded — so a large stored document is never held whole.
   * Undefined when the result does not carry the document as it is.
   */
  detachedForm?(parameters: P): P | undefined;
  /**
   * The bytes a document stands for when it gives only a signature to add
   * to (a co-signature's encapsulated content, a countersigned signature);
   * undefined when the document must give its digest or content.
   */
  impliedContent?(signature: Uint8Array, parameters: P, index: number): Uint8Array | undefined;
  /** Deterministic in its inputs: `signingTime` is fixed at creation. */
  prepare(input: {
    signer: FormatSigner;
    document: FormatDocument;
    parameters: P;
    signingTime: Date;
    /** For a format that time-stamps inside `complete` (PAdES B-T); never called while preparing. */
    services: FormatServices;
  }): Promise<DeferredSignature<Uint8Array>>;
  /** Adds what comes after the key's signature (time stamps, revocation values). */
  extend?(
    result: Uint8Array,
    input: { signer: FormatSigner; parameters: P; services: FormatServices },
  ): Promise<Uint8Array>;
  /** The media type of one result. */
  mediaType(parameters: P): string;
  /** The file name extension of one result, without the dot. */
  extension(parameters: P): string;
}
