/**
 * Magma, the 64-bit block cipher of GOST R 34.12-2015 (RFC 8891).
 *
 * A block a = a_1 || a_0 is the byte string the standard prints: a_1 is the
 * big-endian word of bytes 0..3, a_0 of bytes 4..7; the key's round keys
 * K_1..K_8 are its big-endian words in order. The round function
 * g[k](a) = (t(a + k)) <<< 11 is four lookups in byte tables that combine
 * two 4-bit S-boxes with the rotation. Lookups indexed by secret state are
 * not constant-time on CPUs with caches: see README.md.
 */
import { requireLength } from './bytes.js';
import type { BlockCipher, BlockCipherAlgorithm } from './modes.js';

/** pi'_0 .. pi'_7 of RFC 8891 section 4.1 (id-tc26-gost-28147-param-Z). */
const PI = [
  [12, 4, 6, 2, 10, 5, 11, 9, 14, 8, 13, 7, 0, 3, 15, 1],
  [6, 8, 2, 3, 9, 10, 5, 12, 1, 14, 4, 7, 11, 13, 0, 15],
  [11, 3, 5, 8, 2, 15, 10, 13, 14, 1, 7, 4, 12, 9, 6, 0],
  [12, 8, 2, 1, 13, 4, 15, 6, 7, 0, 10, 5, 3, 14, 9, 11],
  [7, 15, 5, 10, 8, 1, 6, 13, 0, 9, 3, 14, 11, 4, 2, 12],
  [5, 13, 15, 6, 9, 2, 12, 10, 11, 7, 8, 1, 4, 3, 14, 0],
  [8, 14, 2, 5, 6, 9, 1, 12, 15, 4, 11, 0, 13, 10, 3, 7],
  [1, 7, 14, 13, 0, 5, 8, 3, 4, 15, 10, 6, 9, 12, 11, 2],
] as const;

function rotl11(x: number): number {
  return (x << 11) | (x >>> 21);
}

/** G_TABLE[256 * b + v] = (t applied to byte b of the word set to v) <<< 11. */
const G_TABLE = new Uint32Array(4 * 256);
for (let b = 0; b < 4; b++) {
  for (let v = 0; v < 256; v++) {
    const s = (PI[2 * b + 1]![v >>> 4]! << 4) | PI[2 * b]![v & 15]!;
    G_TABLE[256 * b + v] = rotl11(s << (8 * b));
  }
}

/** t(a) = pi_7(a_7) || ... || pi_0(a_0) on 4-bit pieces (RFC 8891 section 4.2). */
export function magmaT(a: number): number {
  let out = 0;
  for (let i = 0; i < 8; i++) out |= PI[i]![(a >>> (4 * i)) & 15]! << (4 * i);
  return out >>> 0;
}

/** g[k](a) = (t(a + k mod 2^32)) <<< 11 (RFC 8891 section 4.2). */
export function magmaG(k: number, a: number): number {
  const x = (a + k) | 0;
  return (
    (G_TABLE[x & 255]! ^
      G_TABLE[256 + ((x >>> 8) & 255)]! ^
      G_TABLE[512 + ((x >>> 16) & 255)]! ^
      G_TABLE[768 + (x >>> 24)]!) >>>
    0
  );
}

function word(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

function putWord(b: Uint8Array, o: number, w: number): void {
  b[o] = w >>> 24;
  b[o + 1] = w >>> 16;
  b[o + 2] = w >>> 8;
  b[o + 3] = w;
}

/** Round keys K_1..K_32 of RFC 8891 section 4.3: K_1..K_8 three times, then K_8..K_1. */
export function magmaRoundKeys(key: Uint8Array): Uint32Array {
  requireLength(key, [32], 'INVALID_KEY_LENGTH', 'Magma key');
  const rk = new Uint32Array(32);
  for (let i = 0; i < 8; i++) {
    const k = word(key, 4 * i);
    rk[i] = k;
    rk[i + 8] = k;
    rk[i + 16] = k;
    rk[31 - i] = k;
  }
  return rk;
}

/**
 * 32 rounds G[K_1] .. G[K_31] then G*[K_32], without the swaps: l and r take
 * turns as a_0, and the output is r || l.
 */
function crypt(rk: Uint32Array, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
  const T = G_TABLE;
  let l = word(src, srcOff);
  let r = word(src, srcOff + 4);
  for (let i = 0; i < 32; i += 2) {
    let x = (r + rk[i]!) | 0;
    l ^= T[x & 255]! ^ T[256 + ((x >>> 8) & 255)]! ^ T[512 + ((x >>> 16) & 255)]! ^ T[768 + (x >>> 24)]!;
    x = (l + rk[i + 1]!) | 0;
    r ^= T[x & 255]! ^ T[256 + ((x >>> 8) & 255)]! ^ T[512 + ((x >>> 16) & 255)]! ^ T[768 + (x >>> 24)]!;
  }
  putWord(dst, dstOff, r);
  putWord(dst, dstOff + 4, l);
}

export class Magma implements BlockCipher {
  static readonly blockSize = 8;
  static readonly keySize = 32;
  readonly blockSize = 8;
  private readonly encKeys: Uint32Array;
  private readonly decKeys: Uint32Array;

  /** Takes a 32-byte key; throws GostError INVALID_KEY_LENGTH otherwise. */
  constructor(key: Uint8Array) {
    this.encKeys = magmaRoundKeys(key);
    this.decKeys = this.encKeys.slice().reverse();
  }

  encryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
    crypt(this.encKeys, src, srcOff, dst, dstOff);
  }

  decryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
    crypt(this.decKeys, src, srcOff, dst, dstOff);
  }

  /** Wipes the round keys; the object is unusable afterwards. */
  destroy(): void {
    this.encKeys.fill(0);
    this.decKeys.fill(0);
  }
}

export const magma: BlockCipherAlgorithm = {
  name: 'magma',
  blockSize: 8,
  keySize: 32,
  create: (key) => new Magma(key),
};
