/**
 * GOST R 34.10-2012 digital signatures (RFC 7091) over the TC26 and
 * CryptoPro curves.
 *
 * Byte conventions — the ones X.509 and CMS use, so keys and signatures go
 * into certificates without reshuffling:
 *
 * - private key: d as `size` bytes little-endian (32 for 256-bit sets, 64 for
 *   512-bit), like the OCTET STRING of a gost-engine PrivateKeyInfo;
 * - public key: x ‖ y, each coordinate `size` bytes little-endian: exactly
 *   the contents of the OCTET STRING wrapped in the SubjectPublicKey BIT
 *   STRING (RFC 9215's public-key section, as in RFC 4491 §2.3.2);
 * - signature: s ‖ r, each `size` bytes big-endian: exactly the
 *   signatureValue BIT STRING contents of a certificate or CRL and the
 *   CMS SignerInfo.signature OCTET STRING (RFC 9215 §3, RFC 4491 §2.2.2),
 *   and what `openssl pkeyutl -sign` prints with the GOST engine;
 * - digest: the Streebog output bytes as the hash function returns them
 *   (`size` bytes); α is that byte string read as a little-endian integer,
 *   which is the number GOST R 34.11-2012 prints as the hash value
 *   (gost-engine does the same: BN_lebin2bn), and e = α mod q, or 1 if 0.
 *
 * Misuse (unknown parameter set, wrong private key or digest length, key
 * out of range) throws GostError. `verify` never throws for a malformed
 * signature or public key: it returns false.
 *
 * Side channels: secret scalars go through fixed-window, always-add
 * scalar multiplication with masked table scans (see curves/point.ts), and
 * nothing branches on them in this file; but JavaScript bigints are not
 * constant-time, so neither is this code.
 */
import { GostError } from './errors.js';
import { requireLength, wipe } from './bytes.js';
import { randomBytes } from './random.js';
import { arithmeticFor, type Affine } from './curves/point.js';
import { mod, invertMod } from './curves/field.js';
import { findParamSet, PARAM_SETS, type GostCurve } from './curves/params.js';
import { bytesToNumberBE, bytesToNumberLE, numberToBytesBE, numberToBytesLE } from './curves/encoding.js';

/** A parameter set as listed by `gost3410.paramSets`. */
export interface GostParamSetInfo {
  /** Dotted OID, e.g. '1.2.643.7.1.2.1.1.1'. */
  readonly oid: string;
  /** ASN.1 name, e.g. 'id-tc26-gost-3410-2012-256-paramSetA'. */
  readonly name: string;
  /** 256 or 512: selects GOST R 34.10-2012 with the 256- or 512-bit key. */
  readonly bits: 256 | 512;
  /** Key, coordinate and digest size in bytes (32 or 64). */
  readonly size: 32 | 64;
  /** The curve behind the OID; several OIDs share one (e.g. TC26 256-B is CryptoPro A). */
  readonly curve: string;
}

/** Resolves a parameter set given by OID or ASN.1 name. */
export function curveOf(paramSet: string): GostCurve {
  const set = findParamSet(paramSet);
  if (!set) throw new GostError('UNKNOWN_PARAM_SET', `unknown GOST R 34.10-2012 parameter set: ${paramSet}`);
  return set.curve;
}

/** d from its little-endian encoding; throws unless 1 ≤ d < q. */
export function privateScalar(curve: GostCurve, privateKey: Uint8Array): bigint {
  requireLength(privateKey, [curve.size], 'INVALID_KEY_LENGTH', 'private key');
  const d = bytesToNumberLE(privateKey);
  if (d === 0n || d >= curve.q) throw new GostError('INVALID_KEY', 'private key must be in [1, q-1]');
  return d;
}

/** e = α mod q (or 1 when that is 0) from the digest bytes, α little-endian. */
function digestScalar(curve: GostCurve, digest: Uint8Array): bigint {
  requireLength(digest, [curve.size], 'INVALID_DIGEST_LENGTH', 'digest');
  const e = bytesToNumberLE(digest) % curve.q;
  return e === 0n ? 1n : e;
}

/** (x, y) from x ‖ y little-endian if it is a point of the curve, else undefined. */
export function decodePublicKey(curve: GostCurve, publicKey: Uint8Array): Affine | undefined {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 2 * curve.size) return undefined;
  const x = bytesToNumberLE(publicKey.subarray(0, curve.size));
  const y = bytesToNumberLE(publicKey.subarray(curve.size));
  return arithmeticFor(curve).isOnCurve(x, y) ? { x, y } : undefined;
}

export function encodePoint(curve: GostCurve, P: Affine): Uint8Array {
  const out = new Uint8Array(2 * curve.size);
  out.set(numberToBytesLE(P.x, curve.size), 0);
  out.set(numberToBytesLE(P.y, curve.size), curve.size);
  return out;
}

/**
 * A uniform scalar in [1, q−1] by rejection sampling: random bytes with
 * the bits above q's length cleared, retried while the value is 0 or ≥ q.
 */
function randomScalarBytes(curve: GostCurve): Uint8Array {
  const topBits = curve.q.toString(2).length % 8;
  for (;;) {
    const bytes = randomBytes(curve.size);
    // little-endian: the last byte is the most significant
    if (topBits !== 0) bytes[curve.size - 1] = bytes[curve.size - 1]! & ((1 << topBits) - 1);
    const v = bytesToNumberLE(bytes);
    if (v !== 0n && v < curve.q) return bytes;
    wipe(bytes);
  }
}

/** The public key x ‖ y of d on a curve (also the test curves of the standard). */
export function publicKeyOnCurve(curve: GostCurve, privateKey: Uint8Array): Uint8Array {
  const ec = arithmeticFor(curve);
  const Q = ec.toAffine(ec.mulBaseSecret(privateScalar(curve, privateKey)), true);
  if (!Q) throw new GostError('INVALID_KEY', 'private key gives the point at infinity');
  return encodePoint(curve, Q);
}

/** One signing attempt with nonce k; undefined when r or s comes out 0 (then retry with a new k). */
function signScalars(curve: GostCurve, d: bigint, e: bigint, k: bigint): Uint8Array | undefined {
  const ec = arithmeticFor(curve);
  const C = ec.toAffine(ec.mulBaseSecret(k), true);
  if (!C) return undefined;
  const r = C.x % curve.q;
  if (r === 0n) return undefined;
  const s = (r * d + k * e) % curve.q;
  if (s === 0n) return undefined;
  const out = new Uint8Array(2 * curve.size);
  out.set(numberToBytesBE(s, curve.size), 0);
  out.set(numberToBytesBE(r, curve.size), curve.size);
  return out;
}

/**
 * Signs with a caller-chosen nonce k: for the standard's test examples only
 * (a repeated or predictable k reveals the private key). Not exported from
 * the package index.
 */
export function signWithK(
  curve: GostCurve,
  privateKey: Uint8Array,
  digest: Uint8Array,
  k: bigint,
): Uint8Array {
  if (k <= 0n || k >= curve.q) throw new GostError('INVALID_ARGUMENT', 'k must be in [1, q-1]');
  const sig = signScalars(curve, privateScalar(curve, privateKey), digestScalar(curve, digest), k);
  if (!sig) throw new GostError('INVALID_ARGUMENT', 'this k gives r = 0 or s = 0');
  return sig;
}

export function signOnCurve(curve: GostCurve, privateKey: Uint8Array, digest: Uint8Array): Uint8Array {
  const d = privateScalar(curve, privateKey);
  const e = digestScalar(curve, digest);
  for (;;) {
    const kBytes = randomScalarBytes(curve);
    const sig = signScalars(curve, d, e, bytesToNumberLE(kBytes));
    wipe(kBytes);
    if (sig) return sig;
  }
}

export function verifyOnCurve(
  curve: GostCurve,
  publicKey: Uint8Array,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const e = digestScalar(curve, digest);
  if (!(signature instanceof Uint8Array) || signature.length !== 2 * curve.size) return false;
  const s = bytesToNumberBE(signature.subarray(0, curve.size));
  const r = bytesToNumberBE(signature.subarray(curve.size));
  if (r === 0n || r >= curve.q || s === 0n || s >= curve.q) return false;
  const Q = decodePublicKey(curve, publicKey);
  if (!Q) return false;
  const v = invertMod(e, curve.q);
  const z1 = (s * v) % curve.q;
  const z2 = mod(-r * v, curve.q);
  const C = arithmeticFor(curve).mulBaseAddPublic(z1, z2, Q);
  return arithmeticFor(curve).xModQEquals(C, r);
}

/**
 * Full public-key validation: right length, coordinates below p, on the
 * curve, and of order q (the last matters only for the cofactor-4 curves
 * TC26 256-A and 512-C, and costs a scalar multiplication there).
 */
function validateOnCurve(curve: GostCurve, publicKey: Uint8Array): boolean {
  const Q = decodePublicKey(curve, publicKey);
  if (!Q) return false;
  if (curve.cofactor === 1n) return true;
  return arithmeticFor(curve).mulPublic(curve.q, Q).z === 0n;
}

const paramSets: readonly GostParamSetInfo[] = Object.freeze(
  PARAM_SETS.map((set) =>
    Object.freeze({
      oid: set.oid,
      name: set.name,
      bits: set.curve.size === 32 ? (256 as const) : (512 as const),
      size: set.curve.size,
      curve: set.curve.name,
    }),
  ),
);

/**
 * GOST R 34.10-2012 signatures. Every function takes the parameter set as a
 * dotted OID or ASN.1 name (see `paramSets`); byte conventions are in this
 * module's header and in README.md.
 */
export const gost3410 = Object.freeze({
  /** Every supported parameter set (the standard's test curves are not among them). */
  paramSets,

  /** A uniformly random private key d ∈ [1, q−1], little-endian. */
  generatePrivateKey(paramSet: string): Uint8Array {
    return randomScalarBytes(curveOf(paramSet));
  },

  /** Q = d·G as x ‖ y, little-endian coordinates. */
  getPublicKey(paramSet: string, privateKey: Uint8Array): Uint8Array {
    return publicKeyOnCurve(curveOf(paramSet), privateKey);
  },

  /** Signature s ‖ r (big-endian) of a Streebog digest; randomized (fresh k each call). */
  sign(paramSet: string, privateKey: Uint8Array, digest: Uint8Array): Uint8Array {
    return signOnCurve(curveOf(paramSet), privateKey, digest);
  },

  /**
   * Whether `signature` (s ‖ r) is valid for `digest` under `publicKey` (x ‖ y).
   * Never throws: an unknown parameter set, a digest of the wrong length or
   * any malformed key or signature gives false, so a verifier fed hostile
   * input cannot be made to crash.
   */
  verify(paramSet: string, publicKey: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean {
    const set = findParamSet(paramSet);
    if (!set || !(digest instanceof Uint8Array) || digest.length !== set.curve.size) return false;
    return verifyOnCurve(set.curve, publicKey, digest, signature);
  },

  /** Whether `publicKey` is a valid point of order q on the parameter set's curve. */
  validatePublicKey(paramSet: string, publicKey: Uint8Array): boolean {
    return validateOnCurve(curveOf(paramSet), publicKey);
  },
});
