import { createPublicKey } from 'node:crypto';
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
  prime256v1: 'ecdsa-p256',
  secp384r1: 'ecdsa-p384',
};

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
 * profile can name (Ed25519, another curve, an odd RSA size). GOST by its
 * algorithm OID; RSA and ECDSA as Node's crypto reads them.
 */
export function keyAlgorithmOf(publicKey: SubjectPublicKeyInfo): KeyAlgorithm | undefined {
  const oid = publicKey.algorithm.algorithm;
  if (oid === OID.gost3410_2012_256) return 'gost256';
  if (oid === OID.gost3410_2012_512) return 'gost512';
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(AsnConvert.serialize(publicKey)), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve !== undefined) return CURVES[details.namedCurve];
  if ((key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') && details?.modulusLength)
    return RSA_SIZES[details.modulusLength];
  return undefined;
}
