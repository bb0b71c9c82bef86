/**
 * GOST R 34.11-2012 "Streebog" (RFC 6986) compression, in AssemblyScript
 * compiled to WebAssembly with 128-bit SIMD; the JavaScript side is
 * src/streebog.ts, which keeps the state of each hash object and moves it in
 * and out of this module's memory around every call.
 *
 * The state (h, N, Sigma) and every 64-byte block are 8 little-endian 64-bit
 * words, as in the pure TypeScript code. LPS (substitution, transposition,
 * linear map) is done as in OpenSSL's GOST engine: 8 combined tables of 256
 * 64-bit entries, XORed per output word; 128-bit SIMD does the state XORs
 * and moves and computes the table offsets (see lps).
 *
 * Memory (static, never grows): the tables, the state, the scratch words K,
 * S and X, and an input buffer of INPUT_SIZE bytes that JavaScript fills. The
 * exported functions wipe the input, K, S and (where it is not the result)
 * the state behind them, since HMAC and PBKDF2 pass keys and passwords
 * through here.
 */

/** RFC 6986 §6.2: the substitution Pi'. */
const PI = memory.data<u8>([
  252, 238, 221, 17, 207, 110, 49, 22, 251, 196, 250, 218, 35, 197, 4, 77,
  233, 119, 240, 219, 147, 46, 153, 186, 23, 54, 241, 187, 20, 205, 95, 193,
  249, 24, 101, 90, 226, 92, 239, 33, 129, 28, 60, 66, 139, 1, 142, 79,
  5, 132, 2, 174, 227, 106, 143, 160, 6, 11, 237, 152, 127, 212, 211, 31,
  235, 52, 44, 81, 234, 200, 72, 171, 242, 42, 104, 162, 253, 58, 206, 204,
  181, 112, 14, 86, 8, 12, 118, 18, 191, 114, 19, 71, 156, 183, 93, 135,
  21, 161, 150, 41, 16, 123, 154, 199, 243, 145, 120, 111, 157, 158, 178, 177,
  50, 117, 25, 61, 255, 53, 138, 126, 109, 84, 198, 128, 195, 189, 13, 87,
  223, 245, 36, 169, 62, 168, 67, 201, 215, 121, 214, 246, 124, 34, 185, 3,
  224, 15, 236, 222, 122, 148, 176, 188, 220, 232, 40, 80, 78, 51, 10, 74,
  167, 151, 96, 115, 30, 0, 98, 68, 26, 184, 56, 130, 100, 159, 38, 65,
  173, 69, 70, 146, 39, 94, 85, 47, 140, 163, 165, 125, 105, 213, 149, 59,
  7, 88, 179, 64, 134, 172, 29, 247, 48, 55, 107, 228, 136, 217, 231, 137,
  225, 27, 131, 73, 76, 63, 248, 254, 141, 83, 170, 144, 202, 216, 133, 97,
  32, 113, 103, 164, 45, 43, 9, 91, 203, 155, 37, 208, 190, 229, 108, 82,
  89, 166, 116, 210, 230, 244, 180, 192, 209, 102, 175, 194, 57, 75, 99, 182,
]);

/** RFC 6986 §6.4: rows 0..63 of the matrix A of the linear map l. */
const A = memory.data<u64>([
  0x8e20faa72ba0b470, 0x47107ddd9b505a38, 0xad08b0e0c3282d1c, 0xd8045870ef14980e,
  0x6c022c38f90a4c07, 0x3601161cf205268d, 0x1b8e0b0e798c13c8, 0x83478b07b2468764,
  0xa011d380818e8f40, 0x5086e740ce47c920, 0x2843fd2067adea10, 0x14aff010bdd87508,
  0x0ad97808d06cb404, 0x05e23c0468365a02, 0x8c711e02341b2d01, 0x46b60f011a83988e,
  0x90dab52a387ae76f, 0x486dd4151c3dfdb9, 0x24b86a840e90f0d2, 0x125c354207487869,
  0x092e94218d243cba, 0x8a174a9ec8121e5d, 0x4585254f64090fa0, 0xaccc9ca9328a8950,
  0x9d4df05d5f661451, 0xc0a878a0a1330aa6, 0x60543c50de970553, 0x302a1e286fc58ca7,
  0x18150f14b9ec46dd, 0x0c84890ad27623e0, 0x0642ca05693b9f70, 0x0321658cba93c138,
  0x86275df09ce8aaa8, 0x439da0784e745554, 0xafc0503c273aa42a, 0xd960281e9d1d5215,
  0xe230140fc0802984, 0x71180a8960409a42, 0xb60c05ca30204d21, 0x5b068c651810a89e,
  0x456c34887a3805b9, 0xac361a443d1c8cd2, 0x561b0d22900e4669, 0x2b838811480723ba,
  0x9bcf4486248d9f5d, 0xc3e9224312c8c1a0, 0xeffa11af0964ee50, 0xf97d86d98a327728,
  0xe4fa2054a80b329c, 0x727d102a548b194e, 0x39b008152acb8227, 0x9258048415eb419d,
  0x492c024284fbaec0, 0xaa16012142f35760, 0x550b8e9e21f7a530, 0xa48b474f9ef5dc18,
  0x70a6a56e2440598e, 0x3853dc371220a247, 0x1ca76e95091051ad, 0x0edd37c48a08a6d8,
  0x07e095624504536c, 0x8d70c431ac02a736, 0xc83862965601dd1b, 0x641c314b2b8ee083,
], 8);

/** RFC 6986 §6.5: the iteration constants C[1..12], 8 little-endian words each. */
const C = memory.data<u64>([
  0xdd806559f2a64507, 0x05767436cc744d23, 0xa2422a08a460d315, 0x4b7ce09192676901,
  0x714eb88d7585c4fc, 0x2f6a76432e45d016, 0xebcb2f81c0657c1f, 0xb1085bda1ecadae9,
  0xe679047021b19bb7, 0x55dda21bd7cbcd56, 0x5cb561c2db0aa7ca, 0x9ab5176b12d69958,
  0x61d55e0f16b50131, 0xf3feea720a232b98, 0x4fe39d460f70b5d7, 0x6fa3b58aa99d2f1a,
  0x991e96f50aba0ab2, 0xc2b6f443867adb31, 0xc1c93a376062db09, 0xd3e20fe490359eb1,
  0xf2ea7514b1297b7b, 0x06f15e5f529c1f8b, 0x0a39fc286a3d8435, 0xf574dcac2bce2fc7,
  0x220cbebc84e3d12e, 0x3453eaa193e837f1, 0xd8b71333935203be, 0xa9d72c82ed03d675,
  0x9d721cad685e353f, 0x488e857e335c3c7d, 0xf948e1a05d71e4dd, 0xef1fdfb3e81566d2,
  0x601758fd7c6cfe57, 0x7a56a27ea9ea63f5, 0xdfff00b723271a16, 0xbfcd1747253af5a3,
  0x359e35d7800fffbd, 0x7f151c1f1686104a, 0x9a3f410c6ca92363, 0x4bea6bacad474799,
  0xfa68407a46647d6e, 0xbf71c57236904f35, 0x0af21f66c2bec6b6, 0xcffaa6b71c9ab7b4,
  0x187f9ab49af08ec6, 0x2d66c4f95142a46c, 0x6fa4c33b7a3039c0, 0xae4faeae1d3ad3d9,
  0x8886564d3a14d493, 0x3517454ca23c4af3, 0x06476983284a0504, 0x0992abc52d822c37,
  0xd3473e33197a93c9, 0x399ec6c7e6bf87c9, 0x51ac86febf240954, 0xf4c70e16eeaac5ec,
  0xa47f0dd4bf02e71e, 0x36acc2355951a8d9, 0x69d18d2bd1a5c42f, 0xf4892bcb929b0690,
  0x89b4443b4ddbc49a, 0x4eb7f8719c36de1e, 0x03e7aa020c6e4141, 0x9b1f5b424d93c9a7,
  0x7261445183235adb, 0x0e38dc92cb1f2a60, 0x7b2b8a9aa6079c54, 0x800a440bdbb2ceb1,
  0x3cd955b7e00d0984, 0x3a7d3a1b25894224, 0x944c9ad8ec165fde, 0x378f5a541631229b,
  0x74b4c7fb98459ced, 0x3698fad1153bb6c3, 0x7a1e6c303b7652f4, 0x9fe76702af69334b,
  0x1fffe18a1b336103, 0x8941e71cff8a78db, 0x382ae548b2e4f3f3, 0xabbedea680056f52,
  0x6bcaa4cd81f32d1b, 0xdea2594ac06fd85d, 0xefbacd1d7d476e98, 0x8a1d71efea48b9ca,
  0x2001802114846679, 0xd8fa6bbbebab0761, 0x3002c6cd635afe94, 0x7bcd9ed0efc889fb,
  0x48bc924af11bd720, 0xfaf417d5d9b21b99, 0xe71da4aa88e12852, 0x5d80ef9d1891cc86,
  0xf82012d430219f9b, 0xcda43c32bcdf1d77, 0xd21380b00449b17a, 0x378ee767f11631ba,
], 16);

/** Entry 256*j + b: l applied to the word whose byte j is Pi(b), other bytes zero. */
const TABLES = memory.data(8 * 256 * 8, 16);
for (let j = 0; j < 8; j++) {
  for (let b = 0; b < 256; b++) {
    const s = <u32>load<u8>(PI + b);
    let entry: u64 = 0;
    // Bit 8j+k of the input selects row 63-(8j+k) of A (RFC 6986 §6.4).
    for (let k = 0; k < 8; k++) if ((s >> k) & 1) entry ^= load<u64>(A + ((63 - 8 * j - k) << 3));
    store<u64>(TABLES + ((j * 256 + b) << 3), entry);
  }
}

/** JavaScript's state of one hash: h, N and Sigma, 64 bytes each. */
const STATE = memory.data(3 * 64, 16);
const H = STATE;
const N = STATE + 64;
const SIGMA = STATE + 128;
const ZERO = memory.data(64, 16);
/** Scratch of the compression: the round key K and the state S of E, 64 bytes each. */
const SCRATCH = memory.data(2 * 64, 16);
const K = SCRATCH;
const S = SCRATCH + 64;

/** Bytes JavaScript may put into the input buffer per call: a multiple of the 64-byte block. */
const INPUT_SIZE: u32 = 64 * 1024;
const INPUT = memory.data(INPUT_SIZE, 16);

export function statePointer(): usize {
  return STATE;
}

export function inputPointer(): usize {
  return INPUT;
}

export function inputSize(): u32 {
  return INPUT_SIZE;
}

/** LPS's input bytes as table offsets (byte * 8, u16): 64 for lps, 2 * 64 for lps2. */
const X = memory.data(256, 16);

/**
 * dst := LPS(a xor b), 64 bytes at each address; dst may be a or b. Word i
 * of the result is the XOR over j of table j's entry for byte i of word j
 * (P moves byte i of word j to byte j of word i; S and l are in the tables).
 *
 * The table offsets (byte * 8) are made with SIMD, all 64 at once: each byte
 * widened to 16 bits and shifted left by 3. Those of words 0..4 are stored in
 * X and loaded back with one 16-bit load each; those of words 5..7 are taken
 * out of the register as 32-bit lanes (two offsets each). Loads and ALU
 * operations run on different execution ports, so the mix keeps both busy.
 * Measured on x86-64 (V8, AMD EPYC) against the earlier byte loads + shifts:
 * this indexing is about 8% faster, and inlining lps into compress (so K, S
 * and X are constant addresses) about 12% more; storing the results as v128
 * (for store forwarding), i16x8 lane extraction, or unrolling compress's
 * round loop (code no longer fits the instruction cache) were all slower.
 */
@inline
function lps(dst: usize, a: usize, b: usize): void {
  const x0 = v128.xor(v128.load(a), v128.load(b));
  const x1 = v128.xor(v128.load(a, 16), v128.load(b, 16));
  const x2 = v128.xor(v128.load(a, 32), v128.load(b, 32));
  const x3 = v128.xor(v128.load(a, 48), v128.load(b, 48));
  v128.store(X, i16x8.shl(i16x8.extend_low_i8x16_u(x0), 3), 0);
  v128.store(X, i16x8.shl(i16x8.extend_high_i8x16_u(x0), 3), 16);
  v128.store(X, i16x8.shl(i16x8.extend_low_i8x16_u(x1), 3), 32);
  v128.store(X, i16x8.shl(i16x8.extend_high_i8x16_u(x1), 3), 48);
  v128.store(X, i16x8.shl(i16x8.extend_low_i8x16_u(x2), 3), 64);
  const y5 = i16x8.shl(i16x8.extend_high_i8x16_u(x2), 3);
  const d5_0 = <u32>i32x4.extract_lane(y5, 0);
  const d5_1 = <u32>i32x4.extract_lane(y5, 1);
  const d5_2 = <u32>i32x4.extract_lane(y5, 2);
  const d5_3 = <u32>i32x4.extract_lane(y5, 3);
  const y6 = i16x8.shl(i16x8.extend_low_i8x16_u(x3), 3);
  const d6_0 = <u32>i32x4.extract_lane(y6, 0);
  const d6_1 = <u32>i32x4.extract_lane(y6, 1);
  const d6_2 = <u32>i32x4.extract_lane(y6, 2);
  const d6_3 = <u32>i32x4.extract_lane(y6, 3);
  const y7 = i16x8.shl(i16x8.extend_high_i8x16_u(x3), 3);
  const d7_0 = <u32>i32x4.extract_lane(y7, 0);
  const d7_1 = <u32>i32x4.extract_lane(y7, 1);
  const d7_2 = <u32>i32x4.extract_lane(y7, 2);
  const d7_3 = <u32>i32x4.extract_lane(y7, 3);
  store<u64>(dst, load<u64>(<u32>load<u16>(X, 0), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 16), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 32), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 48), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 64), TABLES + 8192) ^
    load<u64>(d5_0 & 0xffff, TABLES + 10240) ^
    load<u64>(d6_0 & 0xffff, TABLES + 12288) ^
    load<u64>(d7_0 & 0xffff, TABLES + 14336), 0);
  store<u64>(dst, load<u64>(<u32>load<u16>(X, 2), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 18), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 34), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 50), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 66), TABLES + 8192) ^
    load<u64>(d5_0 >> 16, TABLES + 10240) ^
    load<u64>(d6_0 >> 16, TABLES + 12288) ^
    load<u64>(d7_0 >> 16, TABLES + 14336), 8);
  store<u64>(dst, load<u64>(<u32>load<u16>(X, 4), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 20), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 36), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 52), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 68), TABLES + 8192) ^
    load<u64>(d5_1 & 0xffff, TABLES + 10240) ^
    load<u64>(d6_1 & 0xffff, TABLES + 12288) ^
    load<u64>(d7_1 & 0xffff, TABLES + 14336), 16);
  store<u64>(dst, load<u64>(<u32>load<u16>(X, 6), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 22), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 38), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 54), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 70), TABLES + 8192) ^
    load<u64>(d5_1 >> 16, TABLES + 10240) ^
    load<u64>(d6_1 >> 16, TABLES + 12288) ^
    load<u64>(d7_1 >> 16, TABLES + 14336), 24);
  store<u64>(dst, load<u64>(<u32>load<u16>(X, 8), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 24), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 40), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 56), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 72), TABLES + 8192) ^
    load<u64>(d5_2 & 0xffff, TABLES + 10240) ^
    load<u64>(d6_2 & 0xffff, TABLES + 12288) ^
    load<u64>(d7_2 & 0xffff, TABLES + 14336), 32);
  store<u64>(dst, load<u64>(<u32>load<u16>(X, 10), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 26), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 42), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 58), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 74), TABLES + 8192) ^
    load<u64>(d5_2 >> 16, TABLES + 10240) ^
    load<u64>(d6_2 >> 16, TABLES + 12288) ^
    load<u64>(d7_2 >> 16, TABLES + 14336), 40);
  store<u64>(dst, load<u64>(<u32>load<u16>(X, 12), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 28), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 44), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 60), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 76), TABLES + 8192) ^
    load<u64>(d5_3 & 0xffff, TABLES + 10240) ^
    load<u64>(d6_3 & 0xffff, TABLES + 12288) ^
    load<u64>(d7_3 & 0xffff, TABLES + 14336), 48);
  store<u64>(dst, load<u64>(<u32>load<u16>(X, 14), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 30), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 46), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 62), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 78), TABLES + 8192) ^
    load<u64>(d5_3 >> 16, TABLES + 10240) ^
    load<u64>(d6_3 >> 16, TABLES + 12288) ^
    load<u64>(d7_3 >> 16, TABLES + 14336), 56);
}

/**
 * Two independent LPS at once: d1 := LPS(a1 xor b1) and d2 := LPS(a2 xor b2),
 * every input read before any output is written (so d2 may be a1 or b1).
 * Same tables and offsets as lps (words 0..5 of each through X and X + 128,
 * words 6..7 from i32 lanes), with the two computations' output words
 * interleaved. In compress the round key and the state chains are
 * independent one step apart; one straight run of both gives the processor
 * twice the independent work per window (measured about 10% faster than two
 * calls of lps, which V8 does not overlap as well).
 */
@inline
function lps2(d1: usize, a1: usize, b1: usize, d2: usize, a2: usize, b2: usize): void {
  const px0 = v128.xor(v128.load(a1, 0), v128.load(b1, 0));
  const px1 = v128.xor(v128.load(a1, 16), v128.load(b1, 16));
  const px2 = v128.xor(v128.load(a1, 32), v128.load(b1, 32));
  const px3 = v128.xor(v128.load(a1, 48), v128.load(b1, 48));
  const qx0 = v128.xor(v128.load(a2, 0), v128.load(b2, 0));
  const qx1 = v128.xor(v128.load(a2, 16), v128.load(b2, 16));
  const qx2 = v128.xor(v128.load(a2, 32), v128.load(b2, 32));
  const qx3 = v128.xor(v128.load(a2, 48), v128.load(b2, 48));
  v128.store(X, i16x8.shl(i16x8.extend_low_i8x16_u(px0), 3), 0);
  v128.store(X, i16x8.shl(i16x8.extend_high_i8x16_u(px0), 3), 16);
  v128.store(X, i16x8.shl(i16x8.extend_low_i8x16_u(px1), 3), 32);
  v128.store(X, i16x8.shl(i16x8.extend_high_i8x16_u(px1), 3), 48);
  v128.store(X, i16x8.shl(i16x8.extend_low_i8x16_u(px2), 3), 64);
  v128.store(X, i16x8.shl(i16x8.extend_high_i8x16_u(px2), 3), 80);
  const py6 = i16x8.shl(i16x8.extend_low_i8x16_u(px3), 3);
  const pd6_0 = <u32>i32x4.extract_lane(py6, 0);
  const pd6_1 = <u32>i32x4.extract_lane(py6, 1);
  const pd6_2 = <u32>i32x4.extract_lane(py6, 2);
  const pd6_3 = <u32>i32x4.extract_lane(py6, 3);
  const py7 = i16x8.shl(i16x8.extend_high_i8x16_u(px3), 3);
  const pd7_0 = <u32>i32x4.extract_lane(py7, 0);
  const pd7_1 = <u32>i32x4.extract_lane(py7, 1);
  const pd7_2 = <u32>i32x4.extract_lane(py7, 2);
  const pd7_3 = <u32>i32x4.extract_lane(py7, 3);
  v128.store(X + 128, i16x8.shl(i16x8.extend_low_i8x16_u(qx0), 3), 0);
  v128.store(X + 128, i16x8.shl(i16x8.extend_high_i8x16_u(qx0), 3), 16);
  v128.store(X + 128, i16x8.shl(i16x8.extend_low_i8x16_u(qx1), 3), 32);
  v128.store(X + 128, i16x8.shl(i16x8.extend_high_i8x16_u(qx1), 3), 48);
  v128.store(X + 128, i16x8.shl(i16x8.extend_low_i8x16_u(qx2), 3), 64);
  v128.store(X + 128, i16x8.shl(i16x8.extend_high_i8x16_u(qx2), 3), 80);
  const qy6 = i16x8.shl(i16x8.extend_low_i8x16_u(qx3), 3);
  const qd6_0 = <u32>i32x4.extract_lane(qy6, 0);
  const qd6_1 = <u32>i32x4.extract_lane(qy6, 1);
  const qd6_2 = <u32>i32x4.extract_lane(qy6, 2);
  const qd6_3 = <u32>i32x4.extract_lane(qy6, 3);
  const qy7 = i16x8.shl(i16x8.extend_high_i8x16_u(qx3), 3);
  const qd7_0 = <u32>i32x4.extract_lane(qy7, 0);
  const qd7_1 = <u32>i32x4.extract_lane(qy7, 1);
  const qd7_2 = <u32>i32x4.extract_lane(qy7, 2);
  const qd7_3 = <u32>i32x4.extract_lane(qy7, 3);
  store<u64>(d1, load<u64>(<u32>load<u16>(X, 0), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 16), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 32), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 48), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 64), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X, 80), TABLES + 10240) ^
    load<u64>(pd6_0 & 0xffff, TABLES + 12288) ^
    load<u64>(pd7_0 & 0xffff, TABLES + 14336), 0);
  store<u64>(d2, load<u64>(<u32>load<u16>(X + 128, 0), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X + 128, 16), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X + 128, 32), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X + 128, 48), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X + 128, 64), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X + 128, 80), TABLES + 10240) ^
    load<u64>(qd6_0 & 0xffff, TABLES + 12288) ^
    load<u64>(qd7_0 & 0xffff, TABLES + 14336), 0);
  store<u64>(d1, load<u64>(<u32>load<u16>(X, 2), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 18), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 34), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 50), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 66), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X, 82), TABLES + 10240) ^
    load<u64>(pd6_0 >> 16, TABLES + 12288) ^
    load<u64>(pd7_0 >> 16, TABLES + 14336), 8);
  store<u64>(d2, load<u64>(<u32>load<u16>(X + 128, 2), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X + 128, 18), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X + 128, 34), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X + 128, 50), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X + 128, 66), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X + 128, 82), TABLES + 10240) ^
    load<u64>(qd6_0 >> 16, TABLES + 12288) ^
    load<u64>(qd7_0 >> 16, TABLES + 14336), 8);
  store<u64>(d1, load<u64>(<u32>load<u16>(X, 4), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 20), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 36), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 52), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 68), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X, 84), TABLES + 10240) ^
    load<u64>(pd6_1 & 0xffff, TABLES + 12288) ^
    load<u64>(pd7_1 & 0xffff, TABLES + 14336), 16);
  store<u64>(d2, load<u64>(<u32>load<u16>(X + 128, 4), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X + 128, 20), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X + 128, 36), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X + 128, 52), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X + 128, 68), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X + 128, 84), TABLES + 10240) ^
    load<u64>(qd6_1 & 0xffff, TABLES + 12288) ^
    load<u64>(qd7_1 & 0xffff, TABLES + 14336), 16);
  store<u64>(d1, load<u64>(<u32>load<u16>(X, 6), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 22), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 38), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 54), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 70), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X, 86), TABLES + 10240) ^
    load<u64>(pd6_1 >> 16, TABLES + 12288) ^
    load<u64>(pd7_1 >> 16, TABLES + 14336), 24);
  store<u64>(d2, load<u64>(<u32>load<u16>(X + 128, 6), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X + 128, 22), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X + 128, 38), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X + 128, 54), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X + 128, 70), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X + 128, 86), TABLES + 10240) ^
    load<u64>(qd6_1 >> 16, TABLES + 12288) ^
    load<u64>(qd7_1 >> 16, TABLES + 14336), 24);
  store<u64>(d1, load<u64>(<u32>load<u16>(X, 8), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 24), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 40), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 56), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 72), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X, 88), TABLES + 10240) ^
    load<u64>(pd6_2 & 0xffff, TABLES + 12288) ^
    load<u64>(pd7_2 & 0xffff, TABLES + 14336), 32);
  store<u64>(d2, load<u64>(<u32>load<u16>(X + 128, 8), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X + 128, 24), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X + 128, 40), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X + 128, 56), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X + 128, 72), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X + 128, 88), TABLES + 10240) ^
    load<u64>(qd6_2 & 0xffff, TABLES + 12288) ^
    load<u64>(qd7_2 & 0xffff, TABLES + 14336), 32);
  store<u64>(d1, load<u64>(<u32>load<u16>(X, 10), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 26), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 42), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 58), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 74), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X, 90), TABLES + 10240) ^
    load<u64>(pd6_2 >> 16, TABLES + 12288) ^
    load<u64>(pd7_2 >> 16, TABLES + 14336), 40);
  store<u64>(d2, load<u64>(<u32>load<u16>(X + 128, 10), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X + 128, 26), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X + 128, 42), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X + 128, 58), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X + 128, 74), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X + 128, 90), TABLES + 10240) ^
    load<u64>(qd6_2 >> 16, TABLES + 12288) ^
    load<u64>(qd7_2 >> 16, TABLES + 14336), 40);
  store<u64>(d1, load<u64>(<u32>load<u16>(X, 12), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 28), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 44), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 60), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 76), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X, 92), TABLES + 10240) ^
    load<u64>(pd6_3 & 0xffff, TABLES + 12288) ^
    load<u64>(pd7_3 & 0xffff, TABLES + 14336), 48);
  store<u64>(d2, load<u64>(<u32>load<u16>(X + 128, 12), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X + 128, 28), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X + 128, 44), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X + 128, 60), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X + 128, 76), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X + 128, 92), TABLES + 10240) ^
    load<u64>(qd6_3 & 0xffff, TABLES + 12288) ^
    load<u64>(qd7_3 & 0xffff, TABLES + 14336), 48);
  store<u64>(d1, load<u64>(<u32>load<u16>(X, 14), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X, 30), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X, 46), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X, 62), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X, 78), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X, 94), TABLES + 10240) ^
    load<u64>(pd6_3 >> 16, TABLES + 12288) ^
    load<u64>(pd7_3 >> 16, TABLES + 14336), 56);
  store<u64>(d2, load<u64>(<u32>load<u16>(X + 128, 14), TABLES + 0) ^
    load<u64>(<u32>load<u16>(X + 128, 30), TABLES + 2048) ^
    load<u64>(<u32>load<u16>(X + 128, 46), TABLES + 4096) ^
    load<u64>(<u32>load<u16>(X + 128, 62), TABLES + 6144) ^
    load<u64>(<u32>load<u16>(X + 128, 78), TABLES + 8192) ^
    load<u64>(<u32>load<u16>(X + 128, 94), TABLES + 10240) ^
    load<u64>(qd6_3 >> 16, TABLES + 12288) ^
    load<u64>(qd7_3 >> 16, TABLES + 14336), 56);
}

/**
 * RFC 6986 §8: h := g_N(h, m) = E(LPS(h xor N), m) xor h xor m, where
 * E(K1, m) = X[K13] LPSX[K12] ... LPSX[K1](m) and K(i+1) = LPS(Ki xor Ci).
 * The state step S := LPS(S xor Ki) and the key step K(i+1) := LPS(Ki xor Ci)
 * read the same Ki, so lps2 does each such pair together.
 */
function compress(h: usize, n: usize, m: usize): void {
  lps(K, h, n);
  lps2(S, K, m, K, K, C);
  for (let i = 1; i < 12; i++) lps2(S, S, K, K, K, C + i * 64);
  for (let o = 0; o < 64; o += 16) {
    const hm = v128.xor(v128.load(h + o), v128.load(m + o));
    v128.store(h + o, v128.xor(hm, v128.xor(v128.load(S + o), v128.load(K + o))));
  }
}

/** x := x + y mod 2^512. */
function add512(x: usize, y: usize): void {
  let carry: u64 = 0;
  for (let o = 0; o < 64; o += 8) {
    const a = load<u64>(x + o);
    const sum = a + load<u64>(y + o);
    const total = sum + carry;
    carry = <u64>(sum < a) | <u64>(total < sum);
    store<u64>(x + o, total);
  }
}

/** x := x + bits mod 2^512, bits < 2^64. */
function addBits(x: usize, bits: u64): void {
  let carry = bits;
  for (let o = 0; o < 64 && carry != 0; o += 8) {
    const sum = load<u64>(x + o) + carry;
    carry = <u64>(sum < carry);
    store<u64>(x + o, sum);
  }
}

/** Clears the compression's intermediate values, which depend on the (possibly secret) input. */
function wipeScratch(): void {
  memory.fill(SCRATCH, 0, 2 * 64);
  memory.fill(X, 0, 256);
}

/** Starts a hash in the state: RFC 6986 §6.1's IV (0^512, or (00000001)^64 for 256 bits), N = Sigma = 0. */
export function init(outputLength: u32): void {
  memory.fill(H, outputLength == 32 ? 1 : 0, 64);
  memory.fill(N, 0, 2 * 64);
}

/** Absorbs `count` whole blocks at `m` into the state. */
function absorb(m: usize, count: u32): void {
  for (const end = m + (<usize>count << 6); m < end; m += 64) {
    compress(H, N, m);
    addBits(N, 512);
    add512(SIGMA, m);
  }
}

/**
 * RFC 6986 §9 step 3: absorbs the last `length` (< 64) bytes at `m` with
 * their padding (written in place, so 64 bytes at `m` must be free) and
 * finishes; h is then the 512-bit hash (the 256-bit one is its high half,
 * bytes 32..63). Wipes N and Sigma.
 */
function finishAt(m: usize, length: u32): void {
  store<u8>(m + length, 1);
  memory.fill(m + length + 1, 0, 63 - length);
  compress(H, N, m);
  addBits(N, <u64>length << 3);
  add512(SIGMA, m);
  compress(H, ZERO, N);
  compress(H, ZERO, SIGMA);
  memory.fill(N, 0, 2 * 64);
}

/** Absorbs `count` whole blocks from the input buffer into the state, then wipes them. */
export function absorbBlocks(count: u32): void {
  absorb(INPUT, count);
  memory.fill(INPUT, 0, count << 6);
  wipeScratch();
}

/** finishAt on the input buffer's first `length` (< 64) bytes; wipes everything but h. */
export function finish(length: u32): void {
  finishAt(INPUT, length);
  memory.fill(INPUT, 0, 64);
  wipeScratch();
}

/**
 * The whole hash of the message of `length` (< INPUT_SIZE) bytes in the input
 * buffer, in one call (init, absorb, finish): short messages then cost one
 * copy in, one call, one copy out and wipeState. Wipes everything but h.
 */
export function hash(length: u32, outputLength: u32): void {
  init(outputLength);
  const whole = length & ~63;
  absorb(INPUT, whole >> 6);
  finishAt(INPUT + whole, length - whole);
  memory.fill(INPUT, 0, whole + 64);
  wipeScratch();
}

/** Wipes the state, once JavaScript has copied it out. */
export function wipeState(): void {
  memory.fill(STATE, 0, 3 * 64);
}

/**
 * Where pbkdf2Iterate finds its arguments in the input buffer: the states
 * (h, N, Sigma) of HMAC-Streebog-512's inner and outer hash once each has
 * absorbed its padded key block, then U and T of RFC 8018 §5.2, then one
 * block of room for the padding finishAt writes.
 */
const PBKDF2_INNER = INPUT;
const PBKDF2_OUTER = INPUT + 192;
const PBKDF2_U = INPUT + 384;
const PBKDF2_T = INPUT + 448;
const PBKDF2_PAD = INPUT + 512;

/** U := Streebog-512 of the keyed state at `keyed` followed by the 64-byte U. */
function hashU(keyed: usize): void {
  memory.copy(STATE, keyed, 3 * 64);
  absorb(PBKDF2_U, 1);
  finishAt(PBKDF2_PAD, 0);
  memory.copy(PBKDF2_U, H, 64);
}

/**
 * `count` iterations of PBKDF2 with HMAC-Streebog-512 (RFC 8018 §5.2's F):
 * U := HMAC(P, U), T := T xor U, in one call. Called once per 64 bytes of
 * key, this leaves JavaScript nothing to do per iteration; there the copies
 * in and out around every hash cost about as much as the hashing. Leaves U
 * and T in place (JavaScript copies them out and wipes them) and wipes
 * everything else it used: the keyed states, the padding, the hash state.
 */
export function pbkdf2Iterate(count: u32): void {
  for (let j: u32 = 0; j < count; j++) {
    hashU(PBKDF2_INNER);
    hashU(PBKDF2_OUTER);
    for (let o = 0; o < 64; o += 16) {
      v128.store(PBKDF2_T + o, v128.xor(v128.load(PBKDF2_T + o), v128.load(PBKDF2_U + o)));
    }
  }
  memory.fill(INPUT, 0, PBKDF2_U - INPUT);
  memory.fill(PBKDF2_PAD, 0, 64);
  wipeScratch();
  memory.fill(STATE, 0, 3 * 64);
}
