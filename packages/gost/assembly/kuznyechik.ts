/**
 * Kuznyechik (GOST R 34.12-2015, RFC 7801) and its modes in WebAssembly
 * SIMD: ECB, CTR, CTR-ACPKM, the CBC-MAC core of OMAC and the two passes of
 * MGM (RFC 9058). Compiled by scripts/build-wasm.mjs into
 * src/wasm/kuznyechik.bytes.ts; src/kuznyechik-wasm.ts drives it.
 *
 * A block lives in a v128 in the byte order the standard prints (a_15 first
 * = lane byte 0). One round LSX is sixteen lookups in 16 x 256 tables of
 * 128-bit entries T_j[v] = L(e_j * pi(v)) (64 KiB, built at instantiation),
 * XORed together: the same scheme as the C implementations with SSE2. The
 * lookups are indexed by secret state, so this is not constant-time on CPUs
 * with caches (see README.md).
 *
 * Calling convention: JS writes the round keys (or a 32-byte key), the
 * counters and up to IO_SIZE bytes of data into the regions whose addresses
 * the *Ptr() functions export, calls one operation, reads the result and
 * calls wipe(). Nothing here allocates: every region is static.
 */

// ---------------------------------------------------------------- constants

/** The substitution pi of RFC 7801 section 4.1. */
const PI: usize = memory.data<u8>([
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

/** Coefficients of l (RFC 7801 section 4.2) for a_15, ..., a_0, i.e. block bytes 0..15. */
const L_COEFFS: usize = memory.data<u8>([148, 32, 133, 16, 194, 192, 1, 251, 1, 192, 194, 16, 133, 32, 148, 1]);

/** D_1 | D_2 = 80 | 81 | ... | 9f, the ACPKM constant of RFC 8645 section 6.2.1 (first two blocks). */
const ACPKM_D: usize = memory.data<u8>([
  0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91,
  0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
]);

// ------------------------------------------------------------------ regions

const PI_INV: usize = memory.data(256, 16);
/** T_j[v] = L(e_j * pi(v)) at ENC_T + 4096 j + 16 v; DEC_T likewise with L^-1 and pi^-1. */
const ENC_T: usize = memory.data(65536, 16);
const DEC_T: usize = memory.data(65536, 16);
/** Key schedule constants C_1..C_32 = L(Vec_128(i)). */
const C: usize = memory.data(512, 16);

/** Everything secret, in one region so wipe() is one fill. */
const SECRET_SIZE: usize = 512;
const SECRET: usize = memory.data(<i32>SECRET_SIZE, 16);
/** Encryption round keys K_1..K_10. */
const RK: usize = SECRET;
/** Decryption round keys: K_1, L^-1(K_2) .. L^-1(K_9), K_10 (see decryptBlock). */
const DRK: usize = SECRET + 160;
/** A 32-byte key for expandKey. */
const KEY: usize = SECRET + 320;
/** CTR counter / MGM Y (encryption) counter, as a block. */
const CTR: usize = SECRET + 352;
/** MGM Z (authentication) counter / OMAC state, as a block. */
const STATE: usize = SECRET + 368;
/** MGM accumulators: six u64, see mgmAbsorb. */
const ACC: usize = SECRET + 384;
/** Scratch blocks. */
const TMP: usize = SECRET + 448;

/** Data in and out; JS processes longer inputs in chunks of this size. */
const IO_SIZE: usize = 1 << 18;
const IO: usize = memory.data(<i32>IO_SIZE, 16);

export function ioPtr(): usize {
  return IO;
}
export function ioSize(): usize {
  return IO_SIZE;
}
export function roundKeysPtr(): usize {
  return RK;
}
export function keyPtr(): usize {
  return KEY;
}
export function counterPtr(): usize {
  return CTR;
}
export function statePtr(): usize {
  return STATE;
}

/** Zeroes every secret region and the first `ioLength` bytes of IO. */
export function wipe(ioLength: usize): void {
  memory.fill(SECRET, 0, SECRET_SIZE);
  memory.fill(IO, 0, ioLength < IO_SIZE ? ioLength : IO_SIZE);
}

// ------------------------------------------------------- tables (at start)

/** Multiplication in GF(2^8) modulo p(x) = x^8 + x^7 + x^6 + x + 1. */
function gfMul(a: u32, b: u32): u32 {
  let p: u32 = 0;
  for (; b != 0; b >>= 1) {
    if (b & 1) p ^= a;
    a = a & 0x80 ? ((a << 1) ^ 0x1c3) : a << 1;
  }
  return p;
}

/** l(a_15, ..., a_0) for block bytes from, from+1, ... (mod 16). */
function lin(block: usize, from: usize): u32 {
  let x: u32 = 0;
  for (let i: usize = 0; i < 16; i++) x ^= gfMul(load<u8>(block + ((from + i) & 15)), load<u8>(L_COEFFS + i));
  return x;
}

/** L = R^16 or L^-1 = (R^-1)^16 in place on the block at p (tmp: 16 bytes of scratch). */
function linearInPlace(p: usize, inverse: bool): void {
  for (let r = 0; r < 16; r++) {
    if (inverse) {
      const x = lin(p, 1);
      memory.copy(p, p + 1, 15);
      store<u8>(p + 15, x);
    } else {
      const x = lin(p, 0);
      memory.copy(p + 1, p, 15);
      store<u8>(p, x);
    }
  }
}

function buildTable(table: usize, sbox: usize, inverse: bool): void {
  const column: usize = TMP;
  for (let j: usize = 0; j < 16; j++) {
    memory.fill(column, 0, 16);
    store<u8>(column + j, 1);
    linearInPlace(column, inverse);
    for (let v: usize = 0; v < 256; v++) {
      const s = <u32>load<u8>(sbox + v);
      for (let b: usize = 0; b < 16; b++) {
        store<u8>(table + 4096 * j + 16 * v + b, gfMul(s, load<u8>(column + b)));
      }
    }
  }
  memory.fill(column, 0, 16);
}

for (let i: usize = 0; i < 256; i++) store<u8>(PI_INV + load<u8>(PI + i), <u8>i);
buildTable(ENC_T, PI, false);
buildTable(DEC_T, PI_INV, true);
for (let i: usize = 0; i < 32; i++) {
  store<u8>(C + 16 * i + 15, <u8>(i + 1));
  linearInPlace(C + 16 * i, false);
}

// ------------------------------------------------------------- block core

/** One table pass: XOR over j of T_j[x_j]. With ENC_T that is L(S(x)); with DEC_T, L^-1(S^-1(x)). */
// @ts-ignore: decorator
@inline function pass(x: v128, T: usize): v128 {
  const w0 = <u32>i32x4.extract_lane(x, 0);
  const w1 = <u32>i32x4.extract_lane(x, 1);
  const w2 = <u32>i32x4.extract_lane(x, 2);
  const w3 = <u32>i32x4.extract_lane(x, 3);
  let y = v128.load(T + ((w0 << 4) & 0xff0));
  y = v128.xor(y, v128.load(T + ((w0 >> 4) & 0xff0), 4096));
  y = v128.xor(y, v128.load(T + ((w0 >> 12) & 0xff0), 8192));
  y = v128.xor(y, v128.load(T + ((w0 >> 20) & 0xff0), 12288));
  y = v128.xor(y, v128.load(T + ((w1 << 4) & 0xff0), 16384));
  y = v128.xor(y, v128.load(T + ((w1 >> 4) & 0xff0), 20480));
  y = v128.xor(y, v128.load(T + ((w1 >> 12) & 0xff0), 24576));
  y = v128.xor(y, v128.load(T + ((w1 >> 20) & 0xff0), 28672));
  y = v128.xor(y, v128.load(T + ((w2 << 4) & 0xff0), 32768));
  y = v128.xor(y, v128.load(T + ((w2 >> 4) & 0xff0), 36864));
  y = v128.xor(y, v128.load(T + ((w2 >> 12) & 0xff0), 40960));
  y = v128.xor(y, v128.load(T + ((w2 >> 20) & 0xff0), 45056));
  y = v128.xor(y, v128.load(T + ((w3 << 4) & 0xff0), 49152));
  y = v128.xor(y, v128.load(T + ((w3 >> 4) & 0xff0), 53248));
  y = v128.xor(y, v128.load(T + ((w3 >> 12) & 0xff0), 57344));
  y = v128.xor(y, v128.load(T + ((w3 >> 20) & 0xff0), 61440));
  return y;
}

/** E_K(x) = X[K_10] LSX[K_9] ... LSX[K_1](x) with the keys at RK. */
// @ts-ignore: decorator
@inline function encrypt(x: v128): v128 {
  x = v128.xor(x, v128.load(RK));
  for (let r: usize = 16; r < 160; r += 16) x = v128.xor(pass(x, ENC_T), v128.load(RK + r));
  return x;
}

/**
 * Two independent blocks, round by round, so the CPU overlaps the two
 * dependency chains (one block's 9 rounds are strictly serial). Results go
 * back to the two addresses.
 */
// @ts-ignore: decorator
@inline function encrypt2(pa: usize, pb: usize): void {
  let k = v128.load(RK);
  let a = v128.xor(v128.load(pa), k);
  let b = v128.xor(v128.load(pb), k);
  for (let r: usize = 16; r < 160; r += 16) {
    k = v128.load(RK + r);
    a = v128.xor(pass(a, ENC_T), k);
    b = v128.xor(pass(b, ENC_T), k);
  }
  v128.store(pa, a);
  v128.store(pb, b);
}

/** Byte-wise substitution of a block at p through sbox, in place. */
function substitute(p: usize, sbox: usize): void {
  for (let i: usize = 0; i < 16; i++) store<u8>(p + i, load<u8>(sbox + load<u8>(p + i)));
}

/**
 * D = X[K_1] S^-1 L^-1 X[K_2] ... S^-1 L^-1 X[K_10]: with L^-1(x xor K) =
 * L^-1(x) xor L^-1(K), each middle round is one DEC_T pass plus L^-1(K_i);
 * the first L^-1 is DEC_T applied after S. In place at p.
 */
function decryptBlock(p: usize): void {
  v128.store(p, v128.xor(v128.load(p), v128.load(DRK + 144)));
  substitute(p, PI);
  let x = pass(v128.load(p), DEC_T);
  for (let r: usize = 128; r > 0; r -= 16) x = v128.xor(pass(x, DEC_T), v128.load(DRK + r));
  v128.store(p, x);
  substitute(p, PI_INV);
  v128.store(p, v128.xor(v128.load(p), v128.load(DRK)));
}

/**
 * Round keys K_1..K_10 (RFC 7801 section 4.4) from the key at KEY into RK
 * and, when `decryption`, the decryption keys into DRK.
 */
export function expandKey(decryption: bool): void {
  let a = v128.load(KEY);
  let b = v128.load(KEY, 16);
  v128.store(RK, a);
  v128.store(RK, b, 16);
  for (let pair: usize = 1; pair < 5; pair++) {
    for (let i: usize = 0; i < 8; i++) {
      // F[C](a, b) = (LSX[C](a) xor b, a)
      const t = v128.xor(pass(v128.xor(a, v128.load(C + 16 * (8 * (pair - 1) + i))), ENC_T), b);
      b = a;
      a = t;
    }
    v128.store(RK + 32 * pair, a);
    v128.store(RK + 32 * pair + 16, b);
  }
  if (!decryption) return;
  v128.store(DRK, v128.load(RK));
  v128.store(DRK + 144, v128.load(RK + 144));
  for (let i: usize = 16; i < 144; i += 16) {
    // L^-1(K) = L^-1(S^-1(S(K))): one DEC_T pass after S
    v128.store(TMP, v128.load(RK + i));
    substitute(TMP, PI);
    v128.store(DRK + i, pass(v128.load(TMP), DEC_T));
  }
  v128.store(TMP, v128.splat<i64>(0));
}

// ------------------------------------------------------------------- modes

/** Reverses the 16 bytes: a big-endian block <-> (low u64, high u64) lanes. */
// @ts-ignore: decorator
@inline function reverseBytes(x: v128): v128 {
  return i8x16.shuffle(x, x, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
}

/** A block from its big-endian halves. */
// @ts-ignore: decorator
@inline function blockOf(hi: u64, lo: u64): v128 {
  return reverseBytes(i64x2.replace_lane(i64x2.splat(lo), 1, hi));
}

/** ECB encryption of `length` bytes (whole blocks) at IO, in place. */
export function ecbEncrypt(length: usize): void {
  let off: usize = 0;
  for (; off + 32 <= length; off += 32) encrypt2(IO + off, IO + off + 16);
  if (off < length) v128.store(IO + off, encrypt(v128.load(IO + off)));
}

/** ECB decryption of `length` bytes (whole blocks) at IO, in place; needs expandKey(true). */
export function ecbDecrypt(length: usize): void {
  for (let off: usize = 0; off < length; off += 16) decryptBlock(IO + off);
}

/** XORs the first n < 16 bytes of the block at g into IO + off. */
function xorTail(off: usize, g: usize, n: usize): void {
  for (let j: usize = 0; j < n; j++) store<u8>(IO + off + j, load<u8>(IO + off + j) ^ load<u8>(g + j));
}

/**
 * CTR (GOST R 34.13-2015 section 5.2, s = n): XORs E_K(CTR), E_K(CTR + 1),
 * ... into `length` bytes at IO; the counter at CTR advances by one per
 * block, a partial last block included (the caller keeps no gamma from it).
 */
export function ctr(length: usize): void {
  ctrAt(0, length);
}

/** K = ACPKM(K) (RFC 8645 section 6.2.1): the encryption of D_1 | D_2 becomes the key; RK follows. */
function acpkmRekey(): void {
  v128.store(KEY, v128.load(ACPKM_D));
  v128.store(KEY + 16, v128.load(ACPKM_D + 16));
  encrypt2(KEY, KEY + 16);
  expandKey(false);
}

/**
 * CTR-ACPKM (RFC 8645 section 6.2.2): CTR whose key is replaced by
 * ACPKM(key) each time `sectionSize` bytes (a multiple of 16) have been
 * processed. `position` is how far into the current section the data starts
 * (a multiple of 16 unless it is the end); returns the position after it.
 */
export function ctrAcpkm(length: usize, sectionSize: usize, position: usize): usize {
  let off: usize = 0;
  while (off < length) {
    if (position == sectionSize) {
      acpkmRekey();
      position = 0;
    }
    let take = sectionSize - position;
    if (take > length - off) take = length - off;
    ctrAt(off, take);
    off += take;
    position += take;
  }
  return position;
}

/** ctr() over IO + off .. IO + off + length. */
function ctrAt(off: usize, length: usize): void {
  const c = reverseBytes(v128.load(CTR));
  let lo = i64x2.extract_lane(c, 0);
  let hi = i64x2.extract_lane(c, 1);
  const g0 = TMP;
  const g1 = TMP + 16;
  const end = off + length;
  for (; off + 32 <= end; off += 32) {
    v128.store(g0, blockOf(hi, lo));
    lo += 1;
    hi += u64(lo == 0);
    v128.store(g1, blockOf(hi, lo));
    lo += 1;
    hi += u64(lo == 0);
    encrypt2(g0, g1);
    v128.store(IO + off, v128.xor(v128.load(IO + off), v128.load(g0)));
    v128.store(IO + off + 16, v128.xor(v128.load(IO + off + 16), v128.load(g1)));
  }
  for (; off < end; off += 16) {
    const g = encrypt(blockOf(hi, lo));
    lo += 1;
    hi += u64(lo == 0);
    if (off + 16 <= end) {
      v128.store(IO + off, v128.xor(v128.load(IO + off), g));
    } else {
      v128.store(g0, g);
      xorTail(off, g0, end - off);
    }
  }
  v128.store(CTR, blockOf(hi, lo));
}

/** CBC-MAC core of OMAC: STATE = E_K(STATE xor block) over `length` bytes (whole blocks) at IO. */
export function cbcMac(length: usize): void {
  let s = v128.load(STATE);
  for (let off: usize = 0; off < length; off += 16) s = encrypt(v128.xor(s, v128.load(IO + off)));
  v128.store(STATE, s);
}

// --------------------------------------------------------------------- MGM

/**
 * Carry-less product of two 64-bit polynomials, low 64 bits, with integer
 * multiplications: the operands are split into four masks of every fourth
 * bit, so in each partial product the bits of one residue class never carry
 * into each other (at most 16 terms meet in a column, and the 16th only in
 * the top nibble, whose carry leaves the word). Constant-time on CPUs whose
 * 64-bit multiply is (all current x86-64 and ARMv8 ones).
 */
// @ts-ignore: decorator
@inline function clmulLow(x: u64, y: u64): u64 {
  const m0: u64 = 0x1111111111111111;
  const m1: u64 = 0x2222222222222222;
  const m2: u64 = 0x4444444444444444;
  const m3: u64 = 0x8888888888888888;
  const x0 = x & m0;
  const x1 = x & m1;
  const x2 = x & m2;
  const x3 = x & m3;
  const y0 = y & m0;
  const y1 = y & m1;
  const y2 = y & m2;
  const y3 = y & m3;
  const z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
  const z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
  const z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
  const z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);
  return (z0 & m0) | (z1 & m1) | (z2 & m2) | (z3 & m3);
}

/** Reverses the bits of each byte (two nibble lookups). */
// @ts-ignore: decorator
@inline function reverseBitsInBytes(x: v128): v128 {
  const nibble = i8x16.splat(0x0f);
  const lo = v128.and(x, nibble);
  const hi = v128.and(i16x8.shr_u(x, 4), nibble);
  const revHigh = i8x16(0, -128, 64, -64, 32, -96, 96, -32, 16, -112, 80, -48, 48, -80, 112, -16);
  const revLow = i8x16(0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15);
  return v128.or(i8x16.swizzle(revHigh, lo), i8x16.swizzle(revLow, hi));
}

function reverseBits64(x: u64): u64 {
  x = ((x >> 1) & 0x5555555555555555) | ((x & 0x5555555555555555) << 1);
  x = ((x >> 2) & 0x3333333333333333) | ((x & 0x3333333333333333) << 2);
  x = ((x >> 4) & 0x0f0f0f0f0f0f0f0f) | ((x & 0x0f0f0f0f0f0f0f0f) << 4);
  x = ((x >> 8) & 0x00ff00ff00ff00ff) | ((x & 0x00ff00ff00ff00ff) << 8);
  x = ((x >> 16) & 0x0000ffff0000ffff) | ((x & 0x0000ffff0000ffff) << 16);
  return (x >> 32) | (x << 32);
}

/**
 * acc += h (x) a, unreduced. With h = h1 x^64 + h0 and a likewise, Karatsuba
 * needs h1 a1, h0 a0 and (h1 + h0)(a1 + a0), each a 128-bit product of 64-bit
 * polynomials. Its low half is clmulLow; its high half is the low half of the
 * product of the bit-reversed operands, reversed and shifted by one. All of
 * this is linear, so the six halves are summed over the whole message (the
 * high ones still reversed) and combined and reduced once, in mgmTag.
 */
// @ts-ignore: decorator
@inline function mulAdd(h: v128, a: v128): void {
  const hv = reverseBytes(h);
  const av = reverseBytes(a);
  const hr = reverseBitsInBytes(h);
  const ar = reverseBitsInBytes(a);
  const h0 = i64x2.extract_lane(hv, 0);
  const h1 = i64x2.extract_lane(hv, 1);
  const a0 = i64x2.extract_lane(av, 0);
  const a1 = i64x2.extract_lane(av, 1);
  // the bit-reversed u64 of h1 is lane 0 of hr, of h0 lane 1
  const rh1 = i64x2.extract_lane(hr, 0);
  const rh0 = i64x2.extract_lane(hr, 1);
  const ra1 = i64x2.extract_lane(ar, 0);
  const ra0 = i64x2.extract_lane(ar, 1);
  store<u64>(ACC, load<u64>(ACC) ^ clmulLow(h0, a0));
  store<u64>(ACC, load<u64>(ACC, 8) ^ clmulLow(rh0, ra0), 8);
  store<u64>(ACC, load<u64>(ACC, 16) ^ clmulLow(h1, a1), 16);
  store<u64>(ACC, load<u64>(ACC, 24) ^ clmulLow(rh1, ra1), 24);
  store<u64>(ACC, load<u64>(ACC, 32) ^ clmulLow(h0 ^ h1, a0 ^ a1), 32);
  store<u64>(ACC, load<u64>(ACC, 40) ^ clmulLow(rh0 ^ rh1, ra0 ^ ra1), 40);
}

/**
 * MGM gamma (RFC 9058): XORs E_K(Y_1), E_K(Y_2), ... into `length` bytes at
 * IO, Y at CTR (already E_K(0 || ICN)), Y_{i+1} = incr_r(Y_i): the right
 * half counts modulo 2^64, the left one stays.
 */
export function mgmGamma(length: usize): void {
  const y = reverseBytes(v128.load(CTR));
  let lo = i64x2.extract_lane(y, 0);
  const hi = i64x2.extract_lane(y, 1);
  const g0 = TMP;
  const g1 = TMP + 16;
  let off: usize = 0;
  for (; off + 32 <= length; off += 32) {
    v128.store(g0, blockOf(hi, lo++));
    v128.store(g1, blockOf(hi, lo++));
    encrypt2(g0, g1);
    v128.store(IO + off, v128.xor(v128.load(IO + off), v128.load(g0)));
    v128.store(IO + off + 16, v128.xor(v128.load(IO + off + 16), v128.load(g1)));
  }
  for (; off < length; off += 16) {
    const g = encrypt(blockOf(hi, lo++));
    if (off + 16 <= length) {
      v128.store(IO + off, v128.xor(v128.load(IO + off), g));
    } else {
      v128.store(g0, g);
      xorTail(off, g0, length - off);
    }
  }
  v128.store(CTR, blockOf(hi, lo));
}

/**
 * MGM authentication over `length` bytes at IO (a partial last block is
 * padded with zeros): for each block A, H = E_K(Z), Z = incr_l(Z) (the left
 * half counts modulo 2^64), acc += H (x) A. Z at STATE.
 */
export function mgmAbsorb(length: usize): void {
  const z = reverseBytes(v128.load(STATE));
  const lo = i64x2.extract_lane(z, 0);
  let hi = i64x2.extract_lane(z, 1);
  const h0 = TMP;
  const h1 = TMP + 16;
  if (length & 15) {
    // zero padding of the last block: IO has room (IO_SIZE is a multiple of 16)
    memory.fill(IO + length, 0, 16 - (length & 15));
    length = (length + 15) & ~15;
  }
  let off: usize = 0;
  for (; off + 32 <= length; off += 32) {
    v128.store(h0, blockOf(hi++, lo));
    v128.store(h1, blockOf(hi++, lo));
    encrypt2(h0, h1);
    mulAdd(v128.load(h0), v128.load(IO + off));
    mulAdd(v128.load(h1), v128.load(IO + off + 16));
  }
  if (off < length) mulAdd(encrypt(blockOf(hi++, lo)), v128.load(IO + off));
  v128.store(STATE, blockOf(hi, lo));
}

/** 128-bit GF(2^128) element times x^128 folded: w * (x^7 + x^2 + x + 1) = over * x^64 + low. */
// @ts-ignore: decorator
@inline function foldLow(w: u64): u64 {
  return w ^ (w << 1) ^ (w << 2) ^ (w << 7);
}
// @ts-ignore: decorator
@inline function foldHigh(w: u64): u64 {
  return (w >> 63) ^ (w >> 62) ^ (w >> 57);
}

/**
 * Combines the accumulators into the 256-bit sum, reduces it modulo
 * f = x^128 + x^7 + x^2 + x + 1 and writes E_K(sum), the full tag, to STATE.
 */
export function mgmTag(): void {
  const llLo = load<u64>(ACC);
  const llHi = reverseBits64(load<u64>(ACC, 8)) >> 1;
  const hhLo = load<u64>(ACC, 16);
  const hhHi = reverseBits64(load<u64>(ACC, 24)) >> 1;
  const mmLo = load<u64>(ACC, 32) ^ llLo ^ hhLo;
  const mmHi = (reverseBits64(load<u64>(ACC, 40)) >> 1) ^ llHi ^ hhHi;
  const p0 = llLo;
  let p1 = llHi ^ mmLo;
  let p2 = hhLo ^ mmHi;
  const p3 = hhHi;
  // p3 x^192 = p3 x^64 x^128 == p3 (x^7 + x^2 + x + 1) x^64
  p1 ^= foldLow(p3);
  p2 ^= foldHigh(p3);
  // p2 x^128 == p2 (x^7 + x^2 + x + 1)
  const r0 = p0 ^ foldLow(p2);
  const r1 = p1 ^ foldHigh(p2);
  v128.store(STATE, encrypt(blockOf(r1, r0)));
}
