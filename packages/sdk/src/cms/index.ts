/**
 * @podpis/sdk/cms — a detached CMS SignedData (RFC 5652) in the CAdES-BES
 * / PAdES baseline B-B form (ETSI EN 319 122-1, 319 142-1) around a raw
 * signature made elsewhere, e.g. by a CSC service's signatures/signHash.
 *
 * Two steps, because the key is remote: `prepareCmsSignature` builds the
 * signed attributes (content type, message digest, signing certificate v2)
 * and says which digest the key must sign; `complete` puts the signature
 * the service returned into the SignedData. No signing-time attribute: PAdES
 * keeps the claimed time in the signature dictionary (/M), and CAdES
 * callers may add nothing more here.
 */
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import {
  Attribute,
  CertificateChoices,
  CMSVersion,
  DigestAlgorithmIdentifier,
  SignatureAlgorithmIdentifier,
  CertificateSet,
  ContentInfo,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  DigestAlgorithmIdentifiers,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const;

/** The digests this helper computes itself (the GOST ones need @podpis/gost and the server's CMS). */
export type CmsDigestAlgorithm = typeof OID.sha256 | typeof OID.sha384 | typeof OID.sha512;

const DIGESTS: Record<CmsDigestAlgorithm, (data: Uint8Array) => Uint8Array> = {
  [OID.sha256]: sha256,
  [OID.sha384]: sha384,
  [OID.sha512]: sha512,
};

export interface PrepareCmsSignatureOptions {
  /** The digest of the signed content (for PAdES: of the ByteRange). */
  contentDigest: Uint8Array;
  /** Its algorithm's OID; the signed attributes are hashed with the same one. */
  digestAlgorithm: CmsDigestAlgorithm;
  /** DER of the signer's certificate (credentials/info's first certificate). */
  certificate: Uint8Array;
  /** DER of the rest of the chain, embedded for the verifier. */
  chain?: readonly Uint8Array[];
}

export interface PreparedCmsSignature {
  /** DER of the signed attributes as signed (a SET, RFC 5652 §5.4). */
  signedAttributes: Uint8Array;
  /** Their digest: the hash to send to signatures/signHash. */
  digest: Uint8Array;
  /**
   * The DER of a ContentInfo with the detached SignedData, given the raw
   * signature of `digest` and the OID of the signature algorithm it used
   * (e.g. 1.2.840.10045.4.3.2 ecdsa-with-SHA256 with a DER ECDSA value,
   * 1.2.840.113549.1.1.11 sha256WithRSAEncryption).
   */
  complete(signature: Uint8Array, signatureAlgorithm: string): Uint8Array;
}

/** The content-type attribute's value: the OBJECT IDENTIFIER id-data (1.2.840.113549.1.7.1) in DER. */
const ID_DATA_DER = Uint8Array.of(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01);

const der = (value: unknown): Uint8Array => new Uint8Array(AsnConvert.serialize(value));
// A copy: a Node Buffer's slice() is a view on a shared pool, whose .buffer is the whole pool.
const buffer = (bytes: Uint8Array): ArrayBuffer => new Uint8Array(bytes).buffer;

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** A DER length. */
function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function tlv(tag: number, content: Uint8Array): Uint8Array {
  const length = derLength(content.length);
  const out = new Uint8Array(1 + length.length + content.length);
  out[0] = tag;
  out.set(length, 1);
  out.set(content, 1 + length.length);
  return out;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/**
 * SigningCertificateV2 (RFC 5035) with one ESSCertIDv2: the certificate's
 * hash in the default SHA-256 (so no hashAlgorithm), and no issuerSerial,
 * as ETSI EN 319 122-1 §5.2.2.3 recommends.
 */
function signingCertificateV2(certificate: Uint8Array): Uint8Array {
  const essCertIdV2 = tlv(0x30, tlv(0x04, sha256(certificate)));
  return tlv(0x30, tlv(0x30, essCertIdV2));
}

/** The signed attributes and their digest, and how to finish the SignedData once the key has signed it. */
export function prepareCmsSignature(options: PrepareCmsSignatureOptions): PreparedCmsSignature {
  const hash = DIGESTS[options.digestAlgorithm];
  // Callers in plain JavaScript may pass anything.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  if (hash === undefined)
    throw new TypeError(`unsupported digest algorithm ${options.digestAlgorithm as string}`);
  if (options.contentDigest.length !== hash(new Uint8Array()).length)
    throw new TypeError('the content digest does not have the length of the digest algorithm');
  const certificate = AsnConvert.parse(buffer(options.certificate), Certificate);

  const attributes = [
    new Attribute({ attrType: OID.contentType, attrValues: [buffer(ID_DATA_DER)] }),
    new Attribute({
      attrType: OID.messageDigest,
      attrValues: [buffer(der(new OctetString(buffer(options.contentDigest))))],
    }),
    new Attribute({
      attrType: OID.signingCertificateV2,
      attrValues: [buffer(signingCertificateV2(options.certificate))],
    }),
  ]
    .map((attribute) => ({ attribute, encoded: der(attribute) }))
    // DER sorts a SET OF by the encodings of its elements (X.690 §11.6).
    .sort((a, b) => compareBytes(a.encoded, b.encoded));
  const signedAttributes = tlv(0x31, concat(attributes.map((a) => a.encoded)));
  const digestAlgorithm = new DigestAlgorithmIdentifier({ algorithm: options.digestAlgorithm });

  return {
    signedAttributes,
    digest: hash(signedAttributes),
    complete(signature, signatureAlgorithm) {
      const signerInfo = new SignerInfo({
        version: CMSVersion.v1,
        sid: new SignerIdentifier({
          issuerAndSerialNumber: new IssuerAndSerialNumber({
            issuer: certificate.tbsCertificate.issuer,
            serialNumber: certificate.tbsCertificate.serialNumber,
          }),
        }),
        digestAlgorithm,
        signedAttrs: attributes.map((a) => a.attribute),
        signatureAlgorithm: signatureAlgorithmOf(signatureAlgorithm),
        signature: new OctetString(buffer(signature)),
      });
      const signedData = new SignedData({
        version: CMSVersion.v1,
        digestAlgorithms: new DigestAlgorithmIdentifiers([digestAlgorithm]),
        encapContentInfo: new EncapsulatedContentInfo({ eContentType: OID.data }),
        certificates: new CertificateSet(
          [options.certificate, ...(options.chain ?? [])].map(
            (bytes) => new CertificateChoices({ certificate: AsnConvert.parse(buffer(bytes), Certificate) }),
          ),
        ),
        signerInfos: new SignerInfos([signerInfo]),
      });
      return der(new ContentInfo({ contentType: OID.signedData, content: buffer(der(signedData)) }));
    },
  };
}

/** ECDSA's algorithms have no parameters (RFC 5758 §3.2); RSA PKCS#1 v1.5's have NULL (RFC 4055 §5). */
function signatureAlgorithmOf(oid: string): SignatureAlgorithmIdentifier {
  return oid.startsWith('1.2.840.113549.1.1.') && oid !== '1.2.840.113549.1.1.10'
    ? new SignatureAlgorithmIdentifier({ algorithm: oid, parameters: null })
    : new SignatureAlgorithmIdentifier({ algorithm: oid });
}
