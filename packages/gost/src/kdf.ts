/**
 * Key derivation functions of RFC 7836 built on HMAC_GOSTR3411_2012_256:
 * KDF_TREE_GOSTR3411_2012_256 (§4.4) and its one-block special case
 * KDF_GOSTR3411_2012_256 (§4.5). The RFC prints all inputs and outputs as
 * byte strings in order, so no byte reversal is involved here.
 */
import { GostError } from './errors.js';
import { createHmacStreebog256, hmacStreebog256 } from './hmac.js';

function requireBytes(value: Uint8Array, what: string): void {
  if (!(value instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', `${what} must be a Uint8Array`);
}

/**
 * KDF_GOSTR3411_2012_256 (RFC 7836 §4.5):
 * HMAC_GOSTR3411_2012_256(key, 0x01 | label | 0x00 | seed | 0x01 | 0x00), 32 bytes.
 */
export function kdfGostR3411_2012_256(key: Uint8Array, label: Uint8Array, seed: Uint8Array): Uint8Array {
  requireBytes(label, 'label');
  requireBytes(seed, 'seed');
  const data = new Uint8Array(label.length + seed.length + 4);
  data[0] = 0x01;
  data.set(label, 1);
  data.set(seed, label.length + 2);
  data[data.length - 2] = 0x01;
  return hmacStreebog256(key, data);
}

/**
 * KDF_TREE_GOSTR3411_2012_256 (RFC 7836 §4.4): `length` bytes of keying
 * material K(1) | K(2) | ..., where K(i) = HMAC_GOSTR3411_2012_256(key,
 * [i]_b | label | 0x00 | seed | [L]_b), [i]_b is i in `r` big-endian bytes
 * and [L]_b is L = 8 * length bits in big-endian bytes without leading zeros.
 * A trailing partial block is truncated. With r bytes of counter at most
 * 2^(8r) - 1 blocks can be made.
 */
export function kdfTree256(
  key: Uint8Array,
  label: Uint8Array,
  seed: Uint8Array,
  length: number,
  r = 1,
): Uint8Array {
  requireBytes(label, 'label');
  requireBytes(seed, 'seed');
  if (r !== 1 && r !== 2 && r !== 3 && r !== 4) {
    throw new GostError('INVALID_ARGUMENT', 'KDF_TREE counter size r must be 1, 2, 3 or 4 bytes');
  }
  if (!Number.isSafeInteger(length) || length < 1) {
    throw new GostError(
      'INVALID_ARGUMENT',
      'KDF_TREE output length must be a positive whole number of bytes',
    );
  }
  const blocks = Math.ceil(length / 32);
  if (blocks > 2 ** (8 * r) - 1) {
    throw new GostError(
      'LIMIT_EXCEEDED',
      `KDF_TREE with r = ${r} makes at most ${2 ** (8 * r) - 1} blocks of 32 bytes`,
    );
  }
  const lengthBits = bigEndianMinimal(length * 8);
  const data = new Uint8Array(r + label.length + 1 + seed.length + lengthBits.length);
  data.set(label, r);
  data.set(seed, r + label.length + 1);
  data.set(lengthBits, data.length - lengthBits.length);

  const keyed = createHmacStreebog256(key);
  const work = keyed.clone();
  const out = new Uint8Array(blocks * 32);
  for (let i = 1; i <= blocks; i++) {
    for (let k = 0; k < r; k++) data[k] = i >>> (8 * (r - 1 - k));
    keyed
      .cloneInto(work)
      .update(data)
      .digestInto(out.subarray(32 * (i - 1)));
  }
  keyed.destroy();
  work.destroy();
  if (out.length === length) return out;
  const result = out.slice(0, length);
  out.fill(0);
  return result;
}

/** A positive integer as big-endian bytes with no leading zero bytes. */
function bigEndianMinimal(value: number): Uint8Array {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Uint8Array.from(bytes);
}
