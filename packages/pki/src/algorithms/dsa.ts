/**
 * DSA signature verification (FIPS 186-4 §4.7; RFC 3279 §2.2.2, §2.3.2;
 * RFC 5758 §3.1), so that paths through an old DSA CA (NIST PKITS has
 * one) can be validated. WebCrypto has no DSA, so this is BigInt
 * arithmetic. Verification only: nothing here signs, and every input is
 * public, so nothing needs to be constant-time.
 */
import { AsnIntegerArrayBufferConverter, AsnProp, AsnPropTypes, AsnConvert } from '@peculiar/asn1-schema';
import type { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { bufferSource } from '../bytes.js';
import { OID } from '../oids.js';

/** Dss-Parms (RFC 3279 §2.3.2): the domain parameters p, q, g. */
export class DssParms {
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  p = new ArrayBuffer(0);

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  q = new ArrayBuffer(0);

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  g = new ArrayBuffer(0);
}

/** Dss-Sig-Value (RFC 3279 §2.2.2). */
class DssSigValue {
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  r = new ArrayBuffer(0);

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  s = new ArrayBuffer(0);
}

/** The hash of each DSA signature algorithm, by OID. */
export const DSA_HASHES: Readonly<Record<string, 'SHA-1' | 'SHA-256'>> = {
  [OID.dsaWithSha1]: 'SHA-1',
  [OID.dsaWithSha256]: 'SHA-256',
};

/** An INTEGER's content octets as a non-negative bigint (DSA values are never negative). */
function unsigned(bytes: Uint8Array): bigint {
  return bytes.reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
}

/** The content octets of the DER INTEGER that is the whole of `der` (the DSA public key y); undefined if it is not one. */
function integerContents(der: Uint8Array): Uint8Array | undefined {
  if (der[0] !== 0x02 || der.length < 2) return undefined;
  let length = der[1]!;
  let offset = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) return undefined;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[2 + i]!;
    offset = 2 + octets;
  }
  return offset + length === der.length ? der.subarray(offset) : undefined;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/**
 * Whether `signature` (a DER Dss-Sig-Value) over `data` verifies under the
 * DSA key. The key must carry its domain parameters: one that inherits them
 * (RFC 5280 §6.1.4 (e)) is completed by the path validation first.
 */
export async function verifyDsa(
  spki: SubjectPublicKeyInfo,
  hash: 'SHA-1' | 'SHA-256',
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (spki.algorithm.algorithm !== OID.dsa || !spki.algorithm.parameters) return false;
  const params = AsnConvert.parse(spki.algorithm.parameters, DssParms);
  const [p, q, g] = [params.p, params.q, params.g].map((v) => unsigned(new Uint8Array(v))) as [
    bigint,
    bigint,
    bigint,
  ];
  const yBytes = integerContents(new Uint8Array(spki.subjectPublicKey));
  if (!yBytes || p < 3n || q < 2n || g < 2n || g >= p) return false;
  const y = unsigned(yBytes);
  const value = AsnConvert.parse(signature, DssSigValue);
  const r = unsigned(new Uint8Array(value.r));
  const s = unsigned(new Uint8Array(value.s));
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest(hash, bufferSource(data)));
  // z: the leftmost min(N, outlen) bits of the hash (FIPS 186-4 §4.6).
  const n = bitLength(q);
  let z = unsigned(digest);
  if (digest.length * 8 > n) z >>= BigInt(digest.length * 8 - n);
  // q is prime, so s^(q-2) is s's inverse modulo q.
  const w = modPow(s, q - 2n, q);
  const u1 = (z * w) % q;
  const u2 = (r * w) % q;
  const v = ((modPow(g, u1, p) * modPow(y, u2, p)) % p) % q;
  return v === r;
}
