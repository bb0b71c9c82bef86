/**
 * RSA signatures over a digest that is already made (RFC 8017 §8.1 RSASSA-PSS,
 * §8.2 RSASSA-PKCS1-v1_5). WebCrypto hashes the message itself and has no raw
 * RSA, so the private-key operation is done here with bigints.
 *
 * Not constant-time: V8 bigint operations take time that depends on their
 * operands. What is done about it: fixed 4-bit windows (the same sequence of
 * squarings and multiplications for every exponent of a length), the base
 * blinded by a random r^e and each CRT exponent by a random multiple of
 * p−1 (q−1), so the numbers worked on differ at every signature; and every
 * signature is checked with the public exponent before it leaves (a fault
 * in the CRT step would otherwise reveal a factor of n).
 */
import { DigestInfo } from '@peculiar/asn1-rsa';
import { OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { toDer } from '../asn1/der.js';
import { fromBase64Url } from '../bytes.js';
import { digest as hash } from '../cms/digest.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';

/** An RSA private key in the CRT form of RFC 8017 §3.2 (as a JWK carries it). */
export interface RsaPrivateKey {
  n: bigint;
  e: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
}

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** I2OSP: `value` as exactly `length` big-endian bytes. */
function toBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

const bitLength = (value: bigint): number => (value === 0n ? 0 : value.toString(2).length);

function randomBelow(limit: bigint): bigint {
  const bytes = new Uint8Array(Math.ceil(bitLength(limit) / 8) + 8);
  globalThis.crypto.getRandomValues(bytes);
  return toBigInt(bytes) % limit;
}

/** The key's parts from an exported private JWK. */
export function rsaPrivateKeyFromJwk(jwk: JsonWebKey): RsaPrivateKey {
  const part = (value: string | undefined, name: string): bigint => {
    if (value === undefined) throw new PkiError('INVALID_KEY', `RSA private key without ${name}`);
    return toBigInt(fromBase64Url(value));
  };
  return {
    n: part(jwk.n, 'n'),
    e: part(jwk.e, 'e'),
    p: part(jwk.p, 'p'),
    q: part(jwk.q, 'q'),
    dp: part(jwk.dp, 'dp'),
    dq: part(jwk.dq, 'dq'),
    qi: part(jwk.qi, 'qi'),
  };
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  const table: bigint[] = [1n];
  for (let i = 1; i < 16; i++) table.push((table[i - 1]! * base) % modulus);
  let result = 1n;
  for (let shift = BigInt(Math.ceil(bitLength(exponent) / 4) * 4 - 4); shift >= 0n; shift -= 4n) {
    result = (result * result) % modulus;
    result = (result * result) % modulus;
    result = (result * result) % modulus;
    result = (result * result) % modulus;
    result = (result * table[Number((exponent >> shift) & 15n)]!) % modulus;
  }
  return result;
}

function modInverse(value: bigint, modulus: bigint): bigint | undefined {
  let [a, b, x, y] = [value % modulus, modulus, 1n, 0n];
  while (b !== 0n) {
    const quotient = a / b;
    [a, b, x, y] = [b, a - quotient * b, y, x - quotient * y];
  }
  return a === 1n ? ((x % modulus) + modulus) % modulus : undefined;
}

/** RSASP1 (RFC 8017 §5.2.1) with CRT, blinding and a check; see the module comment. */
function rsaSignatureRepresentative(key: RsaPrivateKey, message: bigint): bigint {
  const { n, e, p, q, dp, dq, qi } = key;
  let r: bigint;
  let rInverse: bigint | undefined;
  do {
    r = randomBelow(n);
    rInverse = r > 1n ? modInverse(r, n) : undefined;
  } while (rInverse === undefined);
  const blinded = (message * modPow(r, e, n)) % n;
  const s1 = modPow(blinded % p, dp + randomBelow(1n << 64n) * (p - 1n), p);
  const s2 = modPow(blinded % q, dq + randomBelow(1n << 64n) * (q - 1n), q);
  const h = (((qi * (s1 - s2)) % p) + p) % p;
  const signature = ((s2 + h * q) * rInverse) % n;
  if (modPow(signature, e, n) !== message) {
    throw new PkiError('INVALID_KEY', 'the RSA signature does not verify: the private key is inconsistent');
  }
  return signature;
}

function rsaSign(key: RsaPrivateKey, encoded: Uint8Array): Uint8Array {
  const length = Math.ceil(bitLength(key.n) / 8);
  return toBytes(rsaSignatureRepresentative(key, toBigInt(encoded)), length);
}

/** DER DigestInfo (RFC 8017 §9.2 step 2) with NULL parameters, as PKCS#1 v1.5 signatures carry it. */
export function rsaDigestInfo(digestOid: string, digest: Uint8Array): Uint8Array {
  return toDer(
    new DigestInfo({
      digestAlgorithm: new AlgorithmIdentifier({ algorithm: digestOid, parameters: null }),
      digest: new OctetString(digest),
    }),
  );
}

/** RSASSA-PKCS1-v1_5 over `digest` made with `digestOid`. */
export function rsaPkcs1SignDigest(key: RsaPrivateKey, digestOid: string, digest: Uint8Array): Uint8Array {
  const length = Math.ceil(bitLength(key.n) / 8);
  const t = rsaDigestInfo(digestOid, digest);
  if (length < t.length + 11)
    throw new PkiError('INVALID_KEY', 'the RSA modulus is too short for this digest');
  const encoded = new Uint8Array(length).fill(0xff);
  encoded[0] = 0x00;
  encoded[1] = 0x01;
  encoded[length - t.length - 1] = 0x00;
  encoded.set(t, length - t.length);
  return rsaSign(key, encoded);
}

async function mgf1(seed: Uint8Array, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  for (let counter = 0, offset = 0; offset < length; counter++, offset += 32) {
    const input = new Uint8Array(seed.length + 4);
    input.set(seed);
    new DataView(input.buffer).setUint32(seed.length, counter);
    out.set((await hash(OID.sha256, input)).subarray(0, length - offset), offset);
  }
  return out;
}

/**
 * RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (the parameters
 * this library writes) over a SHA-256 `digest`: EMSA-PSS-ENCODE (§9.1.1).
 */
export async function rsaPssSignDigest(key: RsaPrivateKey, digest: Uint8Array): Promise<Uint8Array> {
  const hLen = 32;
  const sLen = 32;
  const emBits = bitLength(key.n) - 1;
  const emLen = Math.ceil(emBits / 8);
  if (emLen < hLen + sLen + 2) throw new PkiError('INVALID_KEY', 'the RSA modulus is too short for PSS');
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(sLen));
  const mPrime = new Uint8Array(8 + hLen + sLen);
  mPrime.set(digest, 8);
  mPrime.set(salt, 8 + hLen);
  const h = await hash(OID.sha256, mPrime);
  const db = new Uint8Array(emLen - hLen - 1);
  db[db.length - sLen - 1] = 0x01;
  db.set(salt, db.length - sLen);
  const mask = await mgf1(h, db.length);
  for (let i = 0; i < db.length; i++) db[i] = db[i]! ^ mask[i]!;
  db[0] = db[0]! & (0xff >> (8 * emLen - emBits));
  const encoded = new Uint8Array(emLen);
  encoded.set(db);
  encoded.set(h, db.length);
  encoded[emLen - 1] = 0xbc;
  return rsaSign(key, encoded);
}
