/**
 * VKO GOST R 34.10-2012 key agreement (RFC 7836 §4.3, R 50.1.113-2016):
 *
 *   K = (m/q · UKM · d mod q) · Q_peer,   KEK = H(x_K ‖ y_K)
 *
 * with H = Streebog-256 (VKO_GOSTR3410_2012_256) or Streebog-512
 * (VKO_GOSTR3410_2012_512), the coordinates of K each written as `size`
 * bytes little-endian, and UKM read as a little-endian integer. Keys use
 * the byte conventions of gost3410.ts: private key d little-endian, peer
 * public key x ‖ y little-endian. Either output size works with either
 * curve size (RFC 7836's own example derives a 256-bit KEK from 512-bit keys).
 *
 * The peer key is checked to lie on the curve and, for the cofactor-4
 * curves, to have order q; otherwise GostError POINT_NOT_ON_CURVE. The
 * scalar multiplication is the fixed-window, masked-table one used for
 * private keys (see curves/point.ts for what that does and does not hide).
 */
import { GostError } from './errors.js';
import { requireLength, wipe } from './bytes.js';
import { curveOf, decodePublicKey, encodePoint, privateScalar } from './gost3410.js';
import { arithmeticFor } from './curves/point.js';
import { bytesToNumberLE } from './curves/encoding.js';
import { streebog256, streebog512 } from './streebog.js';

/** x_K ‖ y_K (little-endian) of K = (cofactor · UKM · d mod q) · Q_peer. */
function sharedPoint(
  paramSet: string,
  privateKey: Uint8Array,
  peerPublicKey: Uint8Array,
  ukm: Uint8Array,
): Uint8Array {
  const curve = curveOf(paramSet);
  const d = privateScalar(curve, privateKey);
  if (!(ukm instanceof Uint8Array) || ukm.length === 0 || ukm.length > 64) {
    throw new GostError('INVALID_ARGUMENT', 'UKM must be 1 to 64 bytes');
  }
  requireLength(peerPublicKey, [2 * curve.size], 'INVALID_KEY_LENGTH', 'peer public key');
  const Q = decodePublicKey(curve, peerPublicKey);
  const ec = arithmeticFor(curve);
  if (!Q || (curve.cofactor !== 1n && ec.mulPublic(curve.q, Q).z !== 0n)) {
    throw new GostError('POINT_NOT_ON_CURVE', 'peer public key is not a point of order q on the curve');
  }
  const scalar = (curve.cofactor * bytesToNumberLE(ukm) * d) % curve.q;
  if (scalar === 0n) throw new GostError('INVALID_ARGUMENT', 'UKM must not be 0 mod q');
  const K = ec.toAffine(ec.mulSecret(scalar, Q), true);
  if (!K) throw new GostError('POINT_NOT_ON_CURVE', 'shared point is the point at infinity');
  return encodePoint(curve, K);
}

/** VKO_GOSTR3410_2012_256: a 32-byte KEK. */
export function vko256(
  paramSet: string,
  privateKey: Uint8Array,
  peerPublicKey: Uint8Array,
  ukm: Uint8Array,
): Uint8Array {
  const point = sharedPoint(paramSet, privateKey, peerPublicKey, ukm);
  const kek = streebog256(point);
  wipe(point);
  return kek;
}

/** VKO_GOSTR3410_2012_512: a 64-byte KEK. */
export function vko512(
  paramSet: string,
  privateKey: Uint8Array,
  peerPublicKey: Uint8Array,
  ukm: Uint8Array,
): Uint8Array {
  const point = sharedPoint(paramSet, privateKey, peerPublicKey, ukm);
  const kek = streebog512(point);
  wipe(point);
  return kek;
}
