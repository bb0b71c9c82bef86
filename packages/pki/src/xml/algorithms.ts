/**
 * XMLDSig algorithm URIs for the library's signature and digest OIDs, and
 * the SignatureValue encoding of each.
 *
 * GOST R 34.10-2012: the URIs are the ones CryptoPro's tools, SMEV and GIS
 * write (draft-smirnov-xmldsig, R 1323565.1.033-2020). The SignatureValue
 * carries the same octets as the CMS signature (RFC 7091 §6 / RFC 4491
 * §2.2.2: s ‖ r, each big-endian): xmlsec's CryptoAPI back end
 * (src/mscrypto/signatures.c) reverses the whole little-endian
 * CryptSignHash output for GOST into exactly that order, the same
 * reversal CryptoPro CSP's CMS code makes, and CryptoPro's JCP names its
 * XMLDSig algorithm "GOST3411_2012_256withGOST3410_2012_256", the form
 * with the most significant byte first. So no conversion is made.
 */
import { ECParameters } from '@peculiar/asn1-ecc';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, type SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { ecdsaDerToRaw, ecdsaRawToDer } from '../algorithms/ecdsa-signature.js';
import { digestForSignatureAlgorithm } from '../cms/digest.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';

const CPXMLSEC = 'urn:ietf:params:xml:ns:cpxmlsec:algorithms:';

export const DIGEST_URIS: Readonly<Record<string, string>> = {
  [OID.sha256]: 'http://www.w3.org/2001/04/xmlenc#sha256',
  [OID.sha384]: 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  [OID.sha512]: 'http://www.w3.org/2001/04/xmlenc#sha512',
  [OID.streebog256]: `${CPXMLSEC}gostr34112012-256`,
  [OID.streebog512]: `${CPXMLSEC}gostr34112012-512`,
};

export const SIGNATURE_URIS: Readonly<Record<string, string>> = {
  [OID.sha256WithRsa]: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  [OID.sha384WithRsa]: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  [OID.sha512WithRsa]: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  [OID.ecdsaWithSha256]: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  [OID.ecdsaWithSha384]: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384',
  [OID.ecdsaWithSha512]: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512',
  [OID.signWithStreebog256]: `${CPXMLSEC}gostr34102012-gostr34112012-256`,
  [OID.signWithStreebog512]: `${CPXMLSEC}gostr34102012-gostr34112012-512`,
};

function byUri(table: Readonly<Record<string, string>>, uri: string): string | undefined {
  return Object.entries(table).find(([, u]) => u === uri)?.[0];
}

export function digestOidOfUri(uri: string): string | undefined {
  return byUri(DIGEST_URIS, uri);
}

export function signatureOidOfUri(uri: string): string | undefined {
  return byUri(SIGNATURE_URIS, uri);
}

export function digestUri(oid: string): string {
  const uri = DIGEST_URIS[oid];
  if (!uri)
    throw new PkiError('UNSUPPORTED_ALGORITHM', `no XMLDSig digest URI for ${oid}`, 'digestAlgorithm');
  return uri;
}

/** The SignatureMethod URI and digest OID for a signer's algorithm; RSA-PSS and Ed25519 are not offered. */
export function xmlSignatureMethod(algorithm: AlgorithmIdentifier): { uri: string; digestOid: string } {
  const uri = SIGNATURE_URIS[algorithm.algorithm];
  if (!uri) {
    throw new PkiError(
      'UNSUPPORTED_ALGORITHM',
      `signature algorithm ${algorithm.algorithm} has no XMLDSig form here`,
      'signer.signatureAlgorithm',
    );
  }
  return { uri, digestOid: digestForSignatureAlgorithm(algorithm) };
}

const ECDSA_SIGNATURES: readonly string[] = [OID.ecdsaWithSha256, OID.ecdsaWithSha384, OID.ecdsaWithSha512];

const FIELD_BYTES: Readonly<Record<string, number>> = { [OID.p256]: 32, [OID.p384]: 48, [OID.p521]: 66 };

/** The field size in bytes of an EC key's named curve; undefined for other keys. */
function ecFieldBytes(spki: SubjectPublicKeyInfo): number | undefined {
  if (spki.algorithm.algorithm !== OID.ecPublicKey || !spki.algorithm.parameters) return undefined;
  const curve = AsnConvert.parse(spki.algorithm.parameters, ECParameters).namedCurve;
  return curve === undefined ? undefined : FIELD_BYTES[curve];
}

/**
 * The SignatureValue octets for a signature as X.509/CMS carry it: ECDSA's
 * DER Ecdsa-Sig-Value becomes r ‖ s (XMLDSig 1.1 §6.4.3), the key's field
 * size each; RSA and GOST are carried as they are.
 */
export function toXmlSignatureValue(
  signatureOid: string,
  signature: Uint8Array,
  spki: SubjectPublicKeyInfo,
): Uint8Array {
  if (!ECDSA_SIGNATURES.includes(signatureOid)) return signature;
  const width = ecFieldBytes(spki);
  const raw = width === undefined ? undefined : ecdsaDerToRaw(signature, width);
  if (!raw)
    throw new PkiError('INVALID_ARGUMENT', 'the ECDSA signature is not a DER Ecdsa-Sig-Value', 'signature');
  return raw;
}

/** The X.509/CMS form of a SignatureValue, for `verifySignature`. */
export function fromXmlSignatureValue(signatureOid: string, value: Uint8Array): Uint8Array {
  return ECDSA_SIGNATURES.includes(signatureOid) ? ecdsaRawToDer(value) : value;
}

export function signatureAlgorithmIdentifier(oid: string): AlgorithmIdentifier {
  return new AlgorithmIdentifier({ algorithm: oid });
}
