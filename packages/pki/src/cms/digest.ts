/**
 * Digests and algorithm identifiers for CMS: which digest goes with a
 * signer, how its signature algorithm is written in a SignerInfo and read
 * back for `verifySignature`. Streebog comes from `@podpis/gost`, SHA from
 * WebCrypto, so this stays usable in a browser.
 */
import { DigestAlgorithmIdentifier } from '@peculiar/asn1-cms';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { streebog256, streebog512 } from '@podpis/gost';
import { bufferSource } from '../bytes.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';

const WEB_DIGESTS: Readonly<Record<string, string>> = {
  [OID.sha1]: 'SHA-1',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

const NULL = new Uint8Array([0x05, 0x00]).buffer;

const DIGEST_LENGTHS: Readonly<Record<string, number>> = {
  [OID.sha1]: 20,
  [OID.sha256]: 32,
  [OID.sha384]: 48,
  [OID.sha512]: 64,
  [OID.streebog256]: 32,
  [OID.streebog512]: 64,
};

/** The length in bytes of a digest made with `oid`. */
export function digestLength(oid: string): number {
  const length = DIGEST_LENGTHS[oid];
  if (length === undefined)
    throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported digest algorithm ${oid}`, 'digestAlgorithm');
  return length;
}

export function isSupportedDigest(oid: string): boolean {
  return oid === OID.streebog256 || oid === OID.streebog512 || WEB_DIGESTS[oid] !== undefined;
}

/** The hash of `data` with the digest algorithm `oid` (SHA-1/2 or Streebog). */
export async function digest(oid: string, data: Uint8Array): Promise<Uint8Array> {
  if (oid === OID.streebog256) return streebog256(data);
  if (oid === OID.streebog512) return streebog512(data);
  const name = WEB_DIGESTS[oid];
  if (!name)
    throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported digest algorithm ${oid}`, 'digestAlgorithm');
  return new Uint8Array(await globalThis.crypto.subtle.digest(name, bufferSource(data)));
}

/** Digest algorithm identifier as CMS writes it: NULL parameters for Streebog (as OpenSSL), none for SHA-2 (RFC 5754 §2). */
export function digestAlgorithmIdentifier(oid: string): DigestAlgorithmIdentifier {
  return oid === OID.streebog256 || oid === OID.streebog512
    ? new DigestAlgorithmIdentifier({ algorithm: oid, parameters: NULL })
    : new DigestAlgorithmIdentifier({ algorithm: oid });
}

const DIGEST_OF_SIGNATURE: Readonly<Record<string, string>> = {
  [OID.signWithStreebog256]: OID.streebog256,
  [OID.gost3410_2012_256]: OID.streebog256,
  [OID.signWithStreebog512]: OID.streebog512,
  [OID.gost3410_2012_512]: OID.streebog512,
  [OID.sha256WithRsa]: OID.sha256,
  [OID.sha384WithRsa]: OID.sha384,
  [OID.sha512WithRsa]: OID.sha512,
  [OID.ecdsaWithSha256]: OID.sha256,
  [OID.ecdsaWithSha384]: OID.sha384,
  [OID.ecdsaWithSha512]: OID.sha512,
  // RFC 8419 §3: Ed25519 signers use SHA-512 as the CMS digest algorithm.
  [OID.ed25519]: OID.sha512,
};

/** The digest a signer's algorithm hashes with, which CMS uses for messageDigest. */
export function digestForSignatureAlgorithm(algorithm: AlgorithmIdentifier): string {
  if (algorithm.algorithm === OID.rsassaPss && algorithm.parameters) {
    return AsnConvert.parse(algorithm.parameters, RsaSaPssParams).hashAlgorithm.algorithm;
  }
  const oid = DIGEST_OF_SIGNATURE[algorithm.algorithm];
  if (!oid) {
    throw new PkiError(
      'UNSUPPORTED_ALGORITHM',
      `no CMS digest for signature algorithm ${algorithm.algorithm}`,
      'signatureAlgorithm',
    );
  }
  return oid;
}

export function isGostDigest(oid: string): boolean {
  return oid === OID.streebog256 || oid === OID.streebog512;
}

/**
 * The hash for references to certificates and revocation data (ESS, CAdES):
 * the signer's Streebog for GOST, SHA-256 otherwise.
 */
export function referenceDigest(signerDigest: string): string {
  return isGostDigest(signerDigest) ? signerDigest : OID.sha256;
}

/**
 * The signatureAlgorithm of a SignerInfo. For GOST it is the key algorithm
 * (id-tc26-gost3410-12-256/512) with NULL parameters, as OpenSSL's GOST
 * engine writes it; other signers keep their own identifier.
 */
export function signerInfoSignatureAlgorithm(algorithm: AlgorithmIdentifier): AlgorithmIdentifier {
  if (algorithm.algorithm === OID.signWithStreebog256) {
    return new AlgorithmIdentifier({ algorithm: OID.gost3410_2012_256, parameters: NULL });
  }
  if (algorithm.algorithm === OID.signWithStreebog512) {
    return new AlgorithmIdentifier({ algorithm: OID.gost3410_2012_512, parameters: NULL });
  }
  return algorithm;
}

const RSA_BY_DIGEST: Readonly<Record<string, string>> = {
  [OID.sha256]: OID.sha256WithRsa,
  [OID.sha384]: OID.sha384WithRsa,
  [OID.sha512]: OID.sha512WithRsa,
};

const ECDSA_BY_DIGEST: Readonly<Record<string, string>> = {
  [OID.sha256]: OID.ecdsaWithSha256,
  [OID.sha384]: OID.ecdsaWithSha384,
  [OID.sha512]: OID.ecdsaWithSha512,
};

/**
 * The identifier `verifySignature` understands for a SignerInfo's
 * signatureAlgorithm: key-algorithm OIDs (GOST as OpenSSL writes it,
 * rsaEncryption, id-ecPublicKey) are combined with the digest algorithm.
 */
export function verificationAlgorithm(
  algorithm: AlgorithmIdentifier,
  digestOid: string,
): AlgorithmIdentifier {
  switch (algorithm.algorithm) {
    case OID.gost3410_2012_256:
      return new AlgorithmIdentifier({ algorithm: OID.signWithStreebog256 });
    case OID.gost3410_2012_512:
      return new AlgorithmIdentifier({ algorithm: OID.signWithStreebog512 });
    case OID.rsaEncryption: {
      const oid = RSA_BY_DIGEST[digestOid];
      return oid ? new AlgorithmIdentifier({ algorithm: oid, parameters: NULL }) : algorithm;
    }
    case OID.ecPublicKey: {
      const oid = ECDSA_BY_DIGEST[digestOid];
      return oid ? new AlgorithmIdentifier({ algorithm: oid }) : algorithm;
    }
    default:
      return algorithm;
  }
}
