/**
 * Kuznyechik, the 128-bit block cipher of GOST R 34.12-2015 (RFC 7801).
 *
 * A block is the byte string the standard prints: a_15 first. Internally it
 * is four 32-bit little-endian lanes, and one round LSX is sixteen lookups in
 * a combined table T_j[v] = L(e_j * pi(v)): L is linear over GF(2^8), so
 * L(e_j * x) = x * L(e_j) byte by byte, and the 16 x 256 x 4 tables are built
 * at load time from pi and L alone. Decryption uses tables for L^-1 S^-1 and
 * round keys L^-1(K_i). Lookups indexed by secret state are not constant-time
 * on CPUs with caches: see README.md.
 *
 * When the WebAssembly SIMD path is taken (see wasm/load.ts), a Kuznyechik
 * object keeps its round keys for kuznyechik-wasm.ts instead, and the modes
 * hand it whole buffers through `kuznyechikBulk`.
 */
import { requireLength, wipe } from './bytes.js';
import { KuznyechikBulk } from './kuznyechik-wasm.js';
import type { BlockCipher, BlockCipherAlgorithm } from './modes.js';

/** The substitution pi of RFC 7801 section 4.1. */
const PI = Uint8Array.from([
  252, 238, 221, 17, 207, 110, 49, 22, 251, 196, 250, 218, 35, 197, 4, 77, 233, 119, 240, 219, 147, 46, 153,
  186, 23, 54, 241, 187, 20, 205, 95, 193, 249, 24, 101, 90, 226, 92, 239, 33, 129, 28, 60, 66, 139, 1, 142,
  79, 5, 132, 2, 174, 227, 106, 143, 160, 6, 11, 237, 152, 127, 212, 211, 31, 235, 52, 44, 81, 234, 200, 72,
  171, 242, 42, 104, 162, 253, 58, 206, 204, 181, 112, 14, 86, 8, 12, 118, 18, 191, 114, 19, 71, 156, 183, 93,
  135, 21, 161, 150, 41, 16, 123, 154, 199, 243, 145, 120, 111, 157, 158, 178, 177, 50, 117, 25, 61, 255, 53,
  138, 126, 109, 84, 198, 128, 195, 189, 13, 87, 223, 245, 36, 169, 62, 168, 67, 201, 215, 121, 214, 246, 124,
  34, 185, 3, 224, 15, 236, 222, 122, 148, 176, 188, 220, 232, 40, 80, 78, 51, 10, 74, 167, 151, 96, 115, 30,
  0, 98, 68, 26, 184, 56, 130, 100, 159, 38, 65, 173, 69, 70, 146, 39, 94, 85, 47, 140, 163, 165, 125, 105,
  213, 149, 59, 7, 88, 179, 64, 134, 172, 29, 247, 48, 55, 107, 228, 136, 217, 231, 137, 225, 27, 131, 73, 76,
  63, 248, 254, 141, 83, 170, 144, 202, 216, 133, 97, 32, 113, 103, 164, 45, 43, 9, 91, 203, 155, 37, 208,
  190, 229, 108, 82, 89, 166, 116, 210, 230, 244, 180, 192, 209, 102, 175, 194, 57, 75, 99, 182,
]);
const PI_INV = new Uint8Array(256);
for (let i = 0; i < 256; i++) PI_INV[PI[i]!] = i;

/** Coefficients of l (RFC 7801 section 4.2) for a_15, ..., a_0, i.e. block bytes 0..15. */
const L_COEFFS = [148, 32, 133, 16, 194, 192, 1, 251, 1, 192, 194, 16, 133, 32, 148, 1];

/** Multiplication in GF(2^8) modulo p(x) = x^8 + x^7 + x^6 + x + 1. */
function gfMul(a: number, b: number): number {
  let p = 0;
  for (; b !== 0; b >>>= 1) {
    if (b & 1) p ^= a;
    a = a & 0x80 ? (a << 1) ^ 0x1c3 : a << 1;
  }
  return p;
}

function l(a: Uint8Array, from: number): number {
  let x = 0;
  for (let i = 0; i < 16; i++) x ^= gfMul(a[(from + i) & 15]!, L_COEFFS[i]!);
  return x;
}

/** The transformation S of RFC 7801 section 4.3, on a copy. */
export function transformS(block: Uint8Array): Uint8Array {
  return block.map((b) => PI[b]!);
}

/** R(a_15 || ... || a_0) = l(a_15, ..., a_0) || a_15 || ... || a_1, on a copy. */
export function transformR(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  out[0] = l(block, 0);
  out.set(block.subarray(0, 15), 1);
  return out;
}

/** L = R^16, on a copy. */
export function transformL(block: Uint8Array): Uint8Array {
  let a: Uint8Array = Uint8Array.from(block);
  for (let i = 0; i < 16; i++) a = transformR(a);
  return a;
}

/** S^-1, on a copy. */
export function transformSInv(block: Uint8Array): Uint8Array {
  return block.map((b) => PI_INV[b]!);
}

/** R^-1(a_15 || ... || a_0) = a_14 || ... || a_0 || l(a_14, ..., a_0, a_15), on a copy. */
function transformRInv(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  out.set(block.subarray(1), 0);
  out[15] = l(block, 1);
  return out;
}

/** L^-1 = (R^-1)^16, on a copy. */
export function transformLInv(block: Uint8Array): Uint8Array {
  let a: Uint8Array = Uint8Array.from(block);
  for (let i = 0; i < 16; i++) a = transformRInv(a);
  return a;
}

function buildTable(sbox: Uint8Array, linear: (b: Uint8Array) => Uint8Array): Uint32Array {
  const table = new Uint32Array(16 * 256 * 4);
  const unit = new Uint8Array(16);
  for (let j = 0; j < 16; j++) {
    unit.fill(0);
    unit[j] = 1;
    const column = linear(unit);
    for (let v = 0; v < 256; v++) {
      const s = sbox[v]!;
      for (let lane = 0; lane < 4; lane++) {
        let w = 0;
        for (let b = 3; b >= 0; b--) w = (w << 8) | gfMul(s, column[4 * lane + b]!);
        table[(j * 256 + v) * 4 + lane] = w;
      }
    }
  }
  return table;
}

/** T_j[v] = L(e_j * pi(v)) and, for decryption, L^-1(e_j * pi^-1(v)), as lanes. */
const ENC_TABLE = buildTable(PI, transformL);
const DEC_TABLE = buildTable(PI_INV, transformLInv);

/** A block's bytes 4*i .. 4*i+3 as a little-endian lane, and back. */
function lane(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
}

function putLane(b: Uint8Array, o: number, w: number): void {
  b[o] = w;
  b[o + 1] = w >>> 8;
  b[o + 2] = w >>> 16;
  b[o + 3] = w >>> 24;
}

/** Key schedule constants C_i = L(Vec_128(i)), i = 1..32, as lanes. */
const C_LANES = new Uint32Array(32 * 4);
for (let i = 0; i < 32; i++) {
  const v = new Uint8Array(16);
  v[15] = i + 1;
  const c = transformL(v);
  for (let j = 0; j < 4; j++) C_LANES[4 * i + j] = lane(c, 4 * j);
}

/** out = T(x): sixteen combined S-box + linear lookups, one per byte of the state. */
// prettier-ignore
function applyTable(T: Uint32Array, x0: number, x1: number, x2: number, x3: number, out: Uint32Array): void {
  let o = (x0 << 2) & 1020;
  let y0 = T[o]!;
  let y1 = T[o + 1]!;
  let y2 = T[o + 2]!;
  let y3 = T[o + 3]!;
  o = 1024 + ((x0 >>> 6) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 2048 + ((x0 >>> 14) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 3072 + ((x0 >>> 22) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 4096 + ((x1 << 2) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 5120 + ((x1 >>> 6) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 6144 + ((x1 >>> 14) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 7168 + ((x1 >>> 22) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 8192 + ((x2 << 2) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 9216 + ((x2 >>> 6) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 10240 + ((x2 >>> 14) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 11264 + ((x2 >>> 22) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 12288 + ((x3 << 2) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 13312 + ((x3 >>> 6) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 14336 + ((x3 >>> 14) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  o = 15360 + ((x3 >>> 22) & 1020);
  y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
  out[0] = y0;
  out[1] = y1;
  out[2] = y2;
  out[3] = y3;
}

function substituteLane(sbox: Uint8Array, w: number): number {
  return (
    sbox[w & 255]! | (sbox[(w >>> 8) & 255]! << 8) | (sbox[(w >>> 16) & 255]! << 16) | (sbox[w >>> 24]! << 24)
  );
}

/** Round keys K_1..K_10 (RFC 7801 section 4.4) as 40 lanes. */
function expandKeyLanes(key: Uint8Array): Uint32Array {
  const rk = new Uint32Array(40);
  for (let i = 0; i < 8; i++) rk[i] = lane(key, 4 * i);
  const t = new Uint32Array(4);
  for (let pair = 1; pair < 5; pair++) {
    let a0 = rk[8 * pair - 8]!;
    let a1 = rk[8 * pair - 7]!;
    let a2 = rk[8 * pair - 6]!;
    let a3 = rk[8 * pair - 5]!;
    let b0 = rk[8 * pair - 4]!;
    let b1 = rk[8 * pair - 3]!;
    let b2 = rk[8 * pair - 2]!;
    let b3 = rk[8 * pair - 1]!;
    for (let i = 0; i < 8; i++) {
      const c = 4 * (8 * (pair - 1) + i);
      // F[C](a, b) = (LSX[C](a) xor b, a)
      applyTable(
        ENC_TABLE,
        a0 ^ C_LANES[c]!,
        a1 ^ C_LANES[c + 1]!,
        a2 ^ C_LANES[c + 2]!,
        a3 ^ C_LANES[c + 3]!,
        t,
      );
      const n0 = t[0]! ^ b0;
      const n1 = t[1]! ^ b1;
      const n2 = t[2]! ^ b2;
      const n3 = t[3]! ^ b3;
      b0 = a0;
      b1 = a1;
      b2 = a2;
      b3 = a3;
      a0 = n0;
      a1 = n1;
      a2 = n2;
      a3 = n3;
    }
    rk.set([a0, a1, a2, a3, b0, b1, b2, b3], 8 * pair);
  }
  t.fill(0);
  return rk;
}

/** The round keys K_1..K_10 as printed in RFC 7801 section 5.4 (for tests and audits). */
export function kuznyechikRoundKeys(key: Uint8Array): Uint8Array[] {
  requireLength(key, [32], 'INVALID_KEY_LENGTH', 'Kuznyechik key');
  const rk = expandKeyLanes(key);
  const keys: Uint8Array[] = [];
  for (let i = 0; i < 10; i++) {
    const k = new Uint8Array(16);
    for (let j = 0; j < 4; j++) putLane(k, 4 * j, rk[4 * i + j]!);
    keys.push(k);
  }
  rk.fill(0);
  return keys;
}

/** The WebAssembly side of each Kuznyechik object that took that path. */
const bulks = new WeakMap<BlockCipher, KuznyechikBulk>();

/**
 * The whole-buffer WebAssembly operations of `cipher` when it is a
 * Kuznyechik on the WebAssembly path; undefined otherwise (pure code, Magma,
 * or any other BlockCipher), and the modes then go block by block.
 */
export function kuznyechikBulk(cipher: BlockCipher): KuznyechikBulk | undefined {
  return bulks.get(cipher);
}

export class Kuznyechik implements BlockCipher {
  static readonly blockSize = 16;
  static readonly keySize = 32;
  readonly blockSize = 16;
  private readonly bulk: KuznyechikBulk | undefined;
  private readonly encKeys: Uint32Array;
  /** K_1 as is, then L^-1(K_2) .. L^-1(K_9), then K_10: see decryptBlock. */
  private readonly decKeys: Uint32Array;
  private readonly t = new Uint32Array(4);

  /** Expands a 32-byte key; throws GostError INVALID_KEY_LENGTH otherwise. */
  constructor(key: Uint8Array) {
    requireLength(key, [32], 'INVALID_KEY_LENGTH', 'Kuznyechik key');
    this.bulk = KuznyechikBulk.create(key);
    if (this.bulk) {
      bulks.set(this, this.bulk);
      this.encKeys = new Uint32Array(0);
      this.decKeys = new Uint32Array(0);
      return;
    }
    this.encKeys = expandKeyLanes(key);
    this.decKeys = Uint32Array.from(this.encKeys);
    const k = new Uint8Array(16);
    for (let i = 1; i < 9; i++) {
      for (let j = 0; j < 4; j++) putLane(k, 4 * j, this.encKeys[4 * i + j]!);
      const inv = transformLInv(k);
      for (let j = 0; j < 4; j++) this.decKeys[4 * i + j] = lane(inv, 4 * j);
      wipe(inv);
    }
    wipe(k);
  }

  encryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
    if (this.bulk) {
      this.bulk.block(false, src, srcOff, dst, dstOff);
      return;
    }
    const k = this.encKeys;
    let x0 = lane(src, srcOff) ^ k[0]!;
    let x1 = lane(src, srcOff + 4) ^ k[1]!;
    let x2 = lane(src, srcOff + 8) ^ k[2]!;
    let x3 = lane(src, srcOff + 12) ^ k[3]!;
    const T = ENC_TABLE;
    let o: number, y0: number, y1: number, y2: number, y3: number;
    // The loop body is applyTable inlined: a call per round costs about a fifth of the speed.
    // prettier-ignore
    for (let r = 4; r < 40; r += 4) {
      o = (x0 << 2) & 1020;
      y0 = T[o]!; y1 = T[o + 1]!; y2 = T[o + 2]!; y3 = T[o + 3]!;
      o = 1024 + ((x0 >>> 6) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 2048 + ((x0 >>> 14) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 3072 + ((x0 >>> 22) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 4096 + ((x1 << 2) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 5120 + ((x1 >>> 6) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 6144 + ((x1 >>> 14) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 7168 + ((x1 >>> 22) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 8192 + ((x2 << 2) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 9216 + ((x2 >>> 6) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 10240 + ((x2 >>> 14) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 11264 + ((x2 >>> 22) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 12288 + ((x3 << 2) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 13312 + ((x3 >>> 6) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 14336 + ((x3 >>> 14) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 15360 + ((x3 >>> 22) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      x0 = y0 ^ k[r]!;
      x1 = y1 ^ k[r + 1]!;
      x2 = y2 ^ k[r + 2]!;
      x3 = y3 ^ k[r + 3]!;
    }
    putLane(dst, dstOff, x0);
    putLane(dst, dstOff + 4, x1);
    putLane(dst, dstOff + 8, x2);
    putLane(dst, dstOff + 12, x3);
  }

  /**
   * D = X[K_1] S^-1 L^-1 X[K_2] ... S^-1 L^-1 X[K_10]. With L^-1(x xor K) =
   * L^-1(x) xor L^-1(K), each middle round becomes one table pass plus a key
   * L^-1(K_i); the first L^-1 is the same table applied after S.
   */
  decryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
    if (this.bulk) {
      this.bulk.block(true, src, srcOff, dst, dstOff);
      return;
    }
    const k = this.decKeys;
    const t = this.t;
    let x0 = substituteLane(PI, lane(src, srcOff) ^ k[36]!);
    let x1 = substituteLane(PI, lane(src, srcOff + 4) ^ k[37]!);
    let x2 = substituteLane(PI, lane(src, srcOff + 8) ^ k[38]!);
    let x3 = substituteLane(PI, lane(src, srcOff + 12) ^ k[39]!);
    applyTable(DEC_TABLE, x0, x1, x2, x3, t);
    x0 = t[0]!;
    x1 = t[1]!;
    x2 = t[2]!;
    x3 = t[3]!;
    const T = DEC_TABLE;
    let o: number, y0: number, y1: number, y2: number, y3: number;
    // prettier-ignore
    for (let r = 32; r > 0; r -= 4) {
      o = (x0 << 2) & 1020;
      y0 = T[o]!; y1 = T[o + 1]!; y2 = T[o + 2]!; y3 = T[o + 3]!;
      o = 1024 + ((x0 >>> 6) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 2048 + ((x0 >>> 14) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 3072 + ((x0 >>> 22) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 4096 + ((x1 << 2) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 5120 + ((x1 >>> 6) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 6144 + ((x1 >>> 14) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 7168 + ((x1 >>> 22) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 8192 + ((x2 << 2) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 9216 + ((x2 >>> 6) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 10240 + ((x2 >>> 14) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 11264 + ((x2 >>> 22) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 12288 + ((x3 << 2) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 13312 + ((x3 >>> 6) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 14336 + ((x3 >>> 14) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      o = 15360 + ((x3 >>> 22) & 1020);
      y0 ^= T[o]!; y1 ^= T[o + 1]!; y2 ^= T[o + 2]!; y3 ^= T[o + 3]!;
      x0 = y0 ^ k[r]!;
      x1 = y1 ^ k[r + 1]!;
      x2 = y2 ^ k[r + 2]!;
      x3 = y3 ^ k[r + 3]!;
    }
    putLane(dst, dstOff, substituteLane(PI_INV, x0) ^ k[0]!);
    putLane(dst, dstOff + 4, substituteLane(PI_INV, x1) ^ k[1]!);
    putLane(dst, dstOff + 8, substituteLane(PI_INV, x2) ^ k[2]!);
    putLane(dst, dstOff + 12, substituteLane(PI_INV, x3) ^ k[3]!);
  }

  /** Wipes the round keys; the object is unusable afterwards. */
  destroy(): void {
    this.bulk?.destroy();
    this.encKeys.fill(0);
    this.decKeys.fill(0);
    this.t.fill(0);
  }
}

export const kuznyechik: BlockCipherAlgorithm = {
  name: 'kuznyechik',
  blockSize: 16,
  keySize: 32,
  create: (key) => new Kuznyechik(key),
};
