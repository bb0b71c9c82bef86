import { ECParameters } from '@peculiar/asn1-ecc';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { parseDer } from '../asn1/der.js';
import { OID } from '../oids.js';

/** What a key's algorithm alone does not say: an RSA modulus's size, an EC key's named curve (an OID). */
export interface PublicKeyDetail {
  bits?: number;
  curve?: string;
}

/** The size or curve of a public key, for display («RSA 2048», «ECDSA P-256»); empty for GOST and the rest. */
export function publicKeyDetail(spki: SubjectPublicKeyInfo): PublicKeyDetail {
  const algorithm = spki.algorithm.algorithm;
  if (algorithm === OID.rsaEncryption) {
    const key = parseDer(new Uint8Array(spki.subjectPublicKey), RSAPublicKey, 'subjectPublicKeyInfo');
    let modulus = new Uint8Array(key.modulus);
    while (modulus.length > 0 && modulus[0] === 0) modulus = modulus.subarray(1);
    const top = modulus[0] ?? 0;
    return { bits: (modulus.length - 1) * 8 + (top === 0 ? 0 : Math.floor(Math.log2(top)) + 1) };
  }
  if (algorithm === OID.ecPublicKey && spki.algorithm.parameters) {
    const curve = AsnConvert.parse(spki.algorithm.parameters, ECParameters).namedCurve;
    return curve === undefined ? {} : { curve };
  }
  return {};
}
