import { ECParameters } from '@peculiar/asn1-ecc';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { OID, type KeySpec } from '@podpis/pki';

/**
 * The key algorithms certificate profiles name, each with the key a
 * generator makes for it. A GOST name covers every parameter set of its
 * size (a PKCS#10 request may use paramSet B or C); a generated key uses
 * paramSet A.
 */
export const KEY_ALGORITHMS = {
  gost256: { type: 'gost', paramSet: OID.gost3410_2012_256_paramSetA },
  gost512: { type: 'gost', paramSet: OID.gost3410_2012_512_paramSetA },
  'ecdsa-p256': { type: 'ecdsa', curve: 'P-256' },
  'ecdsa-p384': { type: 'ecdsa', curve: 'P-384' },
  rsa2048: { type: 'rsa', modulusLength: 2048 },
  rsa3072: { type: 'rsa', modulusLength: 3072 },
  rsa4096: { type: 'rsa', modulusLength: 4096 },
} as const satisfies Record<string, KeySpec>;

export type KeyAlgorithm = keyof typeof KEY_ALGORITHMS;

export const KEY_ALGORITHM_NAMES = Object.keys(KEY_ALGORITHMS) as KeyAlgorithm[];

const CURVES: Readonly<Record<string, KeyAlgorithm>> = {
  [OID.p256]: 'ecdsa-p256',
  [OID.p384]: 'ecdsa-p384',
};

/** Bytes of an uncompressed (0x04) or compressed (0x02, 0x03) point's coordinate, by curve. */
const COORDINATE_BYTES: Readonly<Record<string, number>> = { [OID.p256]: 32, [OID.p384]: 48 };

const RSA_SIZES: Readonly<Record<number, KeyAlgorithm>> = {
  2048: 'rsa2048',
  3072: 'rsa3072',
  4096: 'rsa4096',
};

/** The name of a key spec (what a key store reports of a key), or undefined for one no profile can name. */
export function keyAlgorithmOfSpec(spec: KeySpec): KeyAlgorithm | undefined {
  switch (spec.type) {
    case 'gost':
      if (spec.paramSet.startsWith('1.2.643.7.1.2.1.1.')) return 'gost256';
      if (spec.paramSet.startsWith('1.2.643.7.1.2.1.2.')) return 'gost512';
      return undefined;
    case 'ecdsa':
      return spec.curve === 'P-256' ? 'ecdsa-p256' : 'ecdsa-p384';
    case 'rsa':
      return RSA_SIZES[spec.modulusLength];
    case 'ed25519':
      return undefined;
  }
}

/**
 * The name of the key in a SubjectPublicKeyInfo, or undefined for one no
 * profile can name (Ed25519, another curve, an odd RSA size, a key that does
 * not parse). Read from the structure itself: OpenSSL's key decoder costs
 * more than the rest of an issuance's checks, and whether an ECDSA point
 * lies on its curve is proven where it matters — a request's signature
 * verifies with it, a generated key was made on it.
 */
export function keyAlgorithmOf(publicKey: SubjectPublicKeyInfo): KeyAlgorithm | undefined {
  const oid = publicKey.algorithm.algorithm;
  if (oid === OID.gost3410_2012_256) return 'gost256';
  if (oid === OID.gost3410_2012_512) return 'gost512';
  const key = new Uint8Array(publicKey.subjectPublicKey);
  try {
    if (oid === OID.ecPublicKey && publicKey.algorithm.parameters) {
      const curve = AsnConvert.parse(publicKey.algorithm.parameters, ECParameters).namedCurve;
      const size = curve === undefined ? undefined : COORDINATE_BYTES[curve];
      if (size === undefined) return undefined;
      const wellFormed =
        (key[0] === 0x04 && key.length === 1 + 2 * size) ||
        ((key[0] === 0x02 || key[0] === 0x03) && key.length === 1 + size);
      return wellFormed ? CURVES[curve!] : undefined;
    }
    if (oid === OID.rsaEncryption || oid === OID.rsassaPss) {
      const modulus = new Uint8Array(AsnConvert.parse(key, RSAPublicKey).modulus);
      // DER keeps a leading zero byte when the top bit is set; it is not part of the size.
      let start = 0;
      while (start < modulus.length && modulus[start] === 0) start++;
      if (start === modulus.length) return undefined;
      const bits = (modulus.length - start - 1) * 8 + (32 - Math.clz32(modulus[start]!));
      return RSA_SIZES[bits];
    }
  } catch {
    return undefined;
  }
  return undefined;
}
