/**
 * GOST R 34.11-2012 "Streebog" hash function (RFC 6986), 256- and 512-bit.
 *
 * Byte conventions: the RFC writes vectors as big numbers (most significant
 * digit first), while the hash consumes and produces byte strings read as
 * little-endian numbers. So the RFC's message M1 = 0x3231...30 is the ASCII
 * string "0123...012", and its printed hash must be reversed byte by byte to
 * compare with `streebog512(...)`. OpenSSL's `md_gost12_*` uses the same
 * byte order as this module.
 *
 * Speed: a 512-bit state is 8 words of 64 bits, each kept as two int32
 * halves (lo, hi). The LPS transformation (substitution, transposition,
 * linear map) is done with 8 combined tables of 256 64-bit entries, built
 * once at module load from Pi and the matrix A, and no allocation happens
 * per block.
 *
 * WebAssembly: where the engine runs WebAssembly SIMD (see wasm/load.ts),
 * whole blocks and the finalisation go to assembly/streebog.ts instead, the
 * same algorithm with 64-bit table entries and SIMD registers, about three
 * times faster. A hash object keeps h, N and Sigma here in either case (the
 * module's memory has the same little-endian layout) and copies them in and
 * out around each call, so any number of hashes can be under way at once.
 *
 * Timing: table lookups are indexed by message and state bytes, on both
 * paths. That is fine for hashing public data; when the input is secret
 * (HMAC keys, passwords) cache-timing leakage is possible, as in every
 * table-based Streebog.
 */
import { GostError } from './errors.js';
import { WasmModule } from './wasm/load.js';
import { streebogWasm } from './wasm/streebog.bytes.js';

/** RFC 6986 §6.2: the substitution Pi'. */
// prettier-ignore
const PI = [
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
];

/** RFC 6986 §6.4: rows 0..63 of the matrix A of the linear map l, as printed. */
// prettier-ignore
const A = [
  '8e20faa72ba0b470', '47107ddd9b505a38', 'ad08b0e0c3282d1c', 'd8045870ef14980e',
  '6c022c38f90a4c07', '3601161cf205268d', '1b8e0b0e798c13c8', '83478b07b2468764',
  'a011d380818e8f40', '5086e740ce47c920', '2843fd2067adea10', '14aff010bdd87508',
  '0ad97808d06cb404', '05e23c0468365a02', '8c711e02341b2d01', '46b60f011a83988e',
  '90dab52a387ae76f', '486dd4151c3dfdb9', '24b86a840e90f0d2', '125c354207487869',
  '092e94218d243cba', '8a174a9ec8121e5d', '4585254f64090fa0', 'accc9ca9328a8950',
  '9d4df05d5f661451', 'c0a878a0a1330aa6', '60543c50de970553', '302a1e286fc58ca7',
  '18150f14b9ec46dd', '0c84890ad27623e0', '0642ca05693b9f70', '0321658cba93c138',
  '86275df09ce8aaa8', '439da0784e745554', 'afc0503c273aa42a', 'd960281e9d1d5215',
  'e230140fc0802984', '71180a8960409a42', 'b60c05ca30204d21', '5b068c651810a89e',
  '456c34887a3805b9', 'ac361a443d1c8cd2', '561b0d22900e4669', '2b838811480723ba',
  '9bcf4486248d9f5d', 'c3e9224312c8c1a0', 'effa11af0964ee50', 'f97d86d98a327728',
  'e4fa2054a80b329c', '727d102a548b194e', '39b008152acb8227', '9258048415eb419d',
  '492c024284fbaec0', 'aa16012142f35760', '550b8e9e21f7a530', 'a48b474f9ef5dc18',
  '70a6a56e2440598e', '3853dc371220a247', '1ca76e95091051ad', '0edd37c48a08a6d8',
  '07e095624504536c', '8d70c431ac02a736', 'c83862965601dd1b', '641c314b2b8ee083',
];

/** RFC 6986 §6.5: iteration constants C[1..12], as printed (big-endian). */
const C_HEX = [
  'b1085bda1ecadae9ebcb2f81c0657c1f2f6a76432e45d016714eb88d7585c4fc4b7ce09192676901a2422a08a460d31505767436cc744d23dd806559f2a64507',
  '6fa3b58aa99d2f1a4fe39d460f70b5d7f3feea720a232b9861d55e0f16b501319ab5176b12d699585cb561c2db0aa7ca55dda21bd7cbcd56e679047021b19bb7',
  'f574dcac2bce2fc70a39fc286a3d843506f15e5f529c1f8bf2ea7514b1297b7bd3e20fe490359eb1c1c93a376062db09c2b6f443867adb31991e96f50aba0ab2',
  'ef1fdfb3e81566d2f948e1a05d71e4dd488e857e335c3c7d9d721cad685e353fa9d72c82ed03d675d8b71333935203be3453eaa193e837f1220cbebc84e3d12e',
  '4bea6bacad4747999a3f410c6ca923637f151c1f1686104a359e35d7800fffbdbfcd1747253af5a3dfff00b723271a167a56a27ea9ea63f5601758fd7c6cfe57',
  'ae4faeae1d3ad3d96fa4c33b7a3039c02d66c4f95142a46c187f9ab49af08ec6cffaa6b71c9ab7b40af21f66c2bec6b6bf71c57236904f35fa68407a46647d6e',
  'f4c70e16eeaac5ec51ac86febf240954399ec6c7e6bf87c9d3473e33197a93c90992abc52d822c3706476983284a05043517454ca23c4af38886564d3a14d493',
  '9b1f5b424d93c9a703e7aa020c6e41414eb7f8719c36de1e89b4443b4ddbc49af4892bcb929b069069d18d2bd1a5c42f36acc2355951a8d9a47f0dd4bf02e71e',
  '378f5a541631229b944c9ad8ec165fde3a7d3a1b258942243cd955b7e00d0984800a440bdbb2ceb17b2b8a9aa6079c540e38dc92cb1f2a607261445183235adb',
  'abbedea680056f52382ae548b2e4f3f38941e71cff8a78db1fffe18a1b3361039fe76702af69334b7a1e6c303b7652f43698fad1153bb6c374b4c7fb98459ced',
  '7bcd9ed0efc889fb3002c6cd635afe94d8fa6bbbebab076120018021148466798a1d71efea48b9caefbacd1d7d476e98dea2594ac06fd85d6bcaa4cd81f32d1b',
  '378ee767f11631bad21380b00449b17acda43c32bcdf1d77f82012d430219f9b5d80ef9d1891cc86e71da4aa88e12852faf417d5d9b21b9948bc924af11bd720',
];

/**
 * The combined LPS tables: entry 256*j + b is l applied to the 64-bit word
 * whose byte j is Pi(b) and other bytes are zero; `LPS_LO` holds its low 32
 * bits and `LPS_HI` its high 32 bits. Word i of LPS(x) is then the XOR over j
 * of entry (j, byte i of word j of x), since P moves byte i of word j to byte
 * j of word i.
 */
const LPS_LO = new Int32Array(8 * 256);
const LPS_HI = new Int32Array(8 * 256);
for (let j = 0; j < 8; j++) {
  for (let b = 0; b < 256; b++) {
    const s = PI[b]!;
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < 8; k++) {
      if (((s >>> k) & 1) === 0) continue;
      // Bit 8j+k of the input selects row 63-(8j+k) of A (RFC 6986 §6.4).
      const row = A[63 - 8 * j - k]!;
      hi ^= parseInt(row.slice(0, 8), 16);
      lo ^= parseInt(row.slice(8), 16);
    }
    LPS_LO[256 * j + b] = lo;
    LPS_HI[256 * j + b] = hi;
  }
}

/** C[1..12] as 12 states of 16 int32 halves (little-endian words). */
const C = C_HEX.map((hex) => {
  const words = new Int32Array(16);
  // Word w of the state holds bits 64w..64w+63 of the number, i.e. the hex
  // digits counted from the right end of the printed constant.
  for (let half = 0; half < 16; half++) {
    const end = hex.length - 8 * half;
    words[half] = parseInt(hex.slice(end - 8, end), 16) | 0;
  }
  return words;
});

/** a xor b, readable bytewise through R8 in little-endian order on any platform. */
const R = new Int32Array(16);
const R8 = new Uint8Array(R.buffer);
const BIG_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 0;

/**
 * out := LPS(a xor b); `out` may alias `a` or `b`. This is the hot loop:
 * unrolled by hand, because V8 runs it about 1.3 times faster than any loop.
 */
// prettier-ignore
function xlps(a: Int32Array, b: Int32Array, out: Int32Array): void {
  const L = LPS_LO, H = LPS_HI, r = R8;
  R[0] = a[0]! ^ b[0]!; R[1] = a[1]! ^ b[1]!; R[2] = a[2]! ^ b[2]!; R[3] = a[3]! ^ b[3]!;
  R[4] = a[4]! ^ b[4]!; R[5] = a[5]! ^ b[5]!; R[6] = a[6]! ^ b[6]!; R[7] = a[7]! ^ b[7]!;
  R[8] = a[8]! ^ b[8]!; R[9] = a[9]! ^ b[9]!; R[10] = a[10]! ^ b[10]!; R[11] = a[11]! ^ b[11]!;
  R[12] = a[12]! ^ b[12]!; R[13] = a[13]! ^ b[13]!; R[14] = a[14]! ^ b[14]!; R[15] = a[15]! ^ b[15]!;
  if (BIG_ENDIAN) for (let i = 0; i < 16; i++) R[i] = byteSwap32(R[i]!);
  let b0, b1, b2, b3, b4, b5, b6, b7;
  b0 = r[0]!; b1 = 256 | r[8]!; b2 = 512 | r[16]!; b3 = 768 | r[24]!;
  b4 = 1024 | r[32]!; b5 = 1280 | r[40]!; b6 = 1536 | r[48]!; b7 = 1792 | r[56]!;
  out[0] = L[b0]! ^ L[b1]! ^ L[b2]! ^ L[b3]! ^ L[b4]! ^ L[b5]! ^ L[b6]! ^ L[b7]!;
  out[1] = H[b0]! ^ H[b1]! ^ H[b2]! ^ H[b3]! ^ H[b4]! ^ H[b5]! ^ H[b6]! ^ H[b7]!;
  b0 = r[1]!; b1 = 256 | r[9]!; b2 = 512 | r[17]!; b3 = 768 | r[25]!;
  b4 = 1024 | r[33]!; b5 = 1280 | r[41]!; b6 = 1536 | r[49]!; b7 = 1792 | r[57]!;
  out[2] = L[b0]! ^ L[b1]! ^ L[b2]! ^ L[b3]! ^ L[b4]! ^ L[b5]! ^ L[b6]! ^ L[b7]!;
  out[3] = H[b0]! ^ H[b1]! ^ H[b2]! ^ H[b3]! ^ H[b4]! ^ H[b5]! ^ H[b6]! ^ H[b7]!;
  b0 = r[2]!; b1 = 256 | r[10]!; b2 = 512 | r[18]!; b3 = 768 | r[26]!;
  b4 = 1024 | r[34]!; b5 = 1280 | r[42]!; b6 = 1536 | r[50]!; b7 = 1792 | r[58]!;
  out[4] = L[b0]! ^ L[b1]! ^ L[b2]! ^ L[b3]! ^ L[b4]! ^ L[b5]! ^ L[b6]! ^ L[b7]!;
  out[5] = H[b0]! ^ H[b1]! ^ H[b2]! ^ H[b3]! ^ H[b4]! ^ H[b5]! ^ H[b6]! ^ H[b7]!;
  b0 = r[3]!; b1 = 256 | r[11]!; b2 = 512 | r[19]!; b3 = 768 | r[27]!;
  b4 = 1024 | r[35]!; b5 = 1280 | r[43]!; b6 = 1536 | r[51]!; b7 = 1792 | r[59]!;
  out[6] = L[b0]! ^ L[b1]! ^ L[b2]! ^ L[b3]! ^ L[b4]! ^ L[b5]! ^ L[b6]! ^ L[b7]!;
  out[7] = H[b0]! ^ H[b1]! ^ H[b2]! ^ H[b3]! ^ H[b4]! ^ H[b5]! ^ H[b6]! ^ H[b7]!;
  b0 = r[4]!; b1 = 256 | r[12]!; b2 = 512 | r[20]!; b3 = 768 | r[28]!;
  b4 = 1024 | r[36]!; b5 = 1280 | r[44]!; b6 = 1536 | r[52]!; b7 = 1792 | r[60]!;
  out[8] = L[b0]! ^ L[b1]! ^ L[b2]! ^ L[b3]! ^ L[b4]! ^ L[b5]! ^ L[b6]! ^ L[b7]!;
  out[9] = H[b0]! ^ H[b1]! ^ H[b2]! ^ H[b3]! ^ H[b4]! ^ H[b5]! ^ H[b6]! ^ H[b7]!;
  b0 = r[5]!; b1 = 256 | r[13]!; b2 = 512 | r[21]!; b3 = 768 | r[29]!;
  b4 = 1024 | r[37]!; b5 = 1280 | r[45]!; b6 = 1536 | r[53]!; b7 = 1792 | r[61]!;
  out[10] = L[b0]! ^ L[b1]! ^ L[b2]! ^ L[b3]! ^ L[b4]! ^ L[b5]! ^ L[b6]! ^ L[b7]!;
  out[11] = H[b0]! ^ H[b1]! ^ H[b2]! ^ H[b3]! ^ H[b4]! ^ H[b5]! ^ H[b6]! ^ H[b7]!;
  b0 = r[6]!; b1 = 256 | r[14]!; b2 = 512 | r[22]!; b3 = 768 | r[30]!;
  b4 = 1024 | r[38]!; b5 = 1280 | r[46]!; b6 = 1536 | r[54]!; b7 = 1792 | r[62]!;
  out[12] = L[b0]! ^ L[b1]! ^ L[b2]! ^ L[b3]! ^ L[b4]! ^ L[b5]! ^ L[b6]! ^ L[b7]!;
  out[13] = H[b0]! ^ H[b1]! ^ H[b2]! ^ H[b3]! ^ H[b4]! ^ H[b5]! ^ H[b6]! ^ H[b7]!;
  b0 = r[7]!; b1 = 256 | r[15]!; b2 = 512 | r[23]!; b3 = 768 | r[31]!;
  b4 = 1024 | r[39]!; b5 = 1280 | r[47]!; b6 = 1536 | r[55]!; b7 = 1792 | r[63]!;
  out[14] = L[b0]! ^ L[b1]! ^ L[b2]! ^ L[b3]! ^ L[b4]! ^ L[b5]! ^ L[b6]! ^ L[b7]!;
  out[15] = H[b0]! ^ H[b1]! ^ H[b2]! ^ H[b3]! ^ H[b4]! ^ H[b5]! ^ H[b6]! ^ H[b7]!;
}

function byteSwap32(x: number): number {
  return (x << 24) | ((x << 8) & 0xff0000) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

// Scratch state shared by all hash objects: compression never re-enters.
const K = new Int32Array(16);
const S = new Int32Array(16);
const ZERO = new Int32Array(16);

/** RFC 6986 §8: h := g_N(h, m) = E(LPS(h xor N), m) xor h xor m. */
function compress(h: Int32Array, n: Int32Array, m: Int32Array): void {
  xlps(h, n, K);
  xlps(K, m, S);
  for (let i = 0; i < 11; i++) {
    xlps(K, C[i]!, K);
    xlps(S, K, S);
  }
  xlps(K, C[11]!, K);
  for (let i = 0; i < 16; i++) h[i] = h[i]! ^ S[i]! ^ K[i]! ^ m[i]!;
}

/**
 * x := x + y mod 2^512, both as 16 little-endian int32 limbs. Sums are done
 * in 16-bit halves so every intermediate stays a small integer for V8.
 */
function add512(x: Int32Array, y: Int32Array): void {
  let carry = 0;
  for (let i = 0; i < 16; i++) {
    const a = x[i]!;
    const b = y[i]!;
    const lo = (a & 0xffff) + (b & 0xffff) + carry;
    const hi = (a >>> 16) + (b >>> 16) + (lo >>> 16);
    x[i] = (hi << 16) | (lo & 0xffff);
    carry = hi >>> 16;
  }
}

/** x := x + bits mod 2^512, for 0 <= bits <= 512. */
function addBits(x: Int32Array, bits: number): void {
  let carry = bits;
  for (let i = 0; i < 16 && carry !== 0; i++) {
    const a = x[i]!;
    const lo = (a & 0xffff) + carry;
    const hi = (a >>> 16) + (lo >>> 16);
    x[i] = (hi << 16) | (lo & 0xffff);
    carry = hi >>> 16;
  }
}

/** The exports of assembly/streebog.ts. */
interface StreebogExports {
  memory: WebAssembly.Memory;
  statePointer(): number;
  inputPointer(): number;
  inputSize(): number;
  init(outputLength: number): void;
  absorbBlocks(count: number): void;
  finish(length: number): void;
  hash(length: number, outputLength: number): void;
  wipeState(): void;
  pbkdf2Iterate(count: number): void;
}

/** Exported for the tests, which check that the module's memory is wiped; not part of the package's API. */
export const streebogModule = new WasmModule<StreebogExports>('streebog', streebogWasm);

/** The WebAssembly module and views on its memory (which never grows, so the views stay valid). */
interface StreebogWasm {
  module: StreebogExports;
  /** h, N and Sigma as 48 little-endian int32 limbs. */
  state: Int32Array;
  /** The 256- and 512-bit results in the state (h's high half, all of h), made once. */
  digest32: Uint8Array;
  digest64: Uint8Array;
  input: Uint8Array;
}

let wasmViews: StreebogWasm | undefined;

/** The WebAssembly path if it is to be taken now (see wasm/load.ts), else undefined. */
function streebogWasmPath(): StreebogWasm | undefined {
  // The state is shared with the module through typed arrays, which are
  // little-endian only on little-endian hosts.
  if (BIG_ENDIAN) return undefined;
  const module = streebogModule.exports();
  if (!module) return undefined;
  if (wasmViews?.module !== module) {
    const { buffer } = module.memory;
    wasmViews = {
      module,
      state: new Int32Array(buffer, module.statePointer(), 48),
      digest32: new Uint8Array(buffer, module.statePointer() + 32, 32),
      digest64: new Uint8Array(buffer, module.statePointer(), 64),
      input: new Uint8Array(buffer, module.inputPointer(), module.inputSize()),
    };
  }
  return wasmViews;
}

/** Absorbs `length` bytes (whole blocks) of `data` at `pos` into the module's state, a buffer-full at a time. */
function absorbWasm(wasm: StreebogWasm, data: Uint8Array, pos: number, length: number): void {
  const { module, input } = wasm;
  for (let end = pos + length; pos < end;) {
    const take = Math.min(input.length, end - pos);
    // A view only when needed: short updates are mostly whole arrays.
    input.set(take === data.length ? data : data.subarray(pos, pos + take));
    module.absorbBlocks(take >>> 6);
    pos += take;
  }
}

/**
 * The whole hash of `data` in the module, with no object in between. A
 * message shorter than the input buffer (every short one) is copied in once
 * and hashed by one call, with no subarray views: at 64 bytes the per-call
 * work in JavaScript is as large as the four compressions.
 */
function hashWasm(wasm: StreebogWasm, data: Uint8Array, outputLen: 32 | 64): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', 'data must be a Uint8Array');
  const { module, input } = wasm;
  const length = data.length;
  if (length < input.length) {
    input.set(data);
    module.hash(length, outputLen);
  } else {
    const whole = length & ~63;
    module.init(outputLen);
    absorbWasm(wasm, data, 0, whole);
    input.set(data.subarray(whole));
    module.finish(length - whole);
  }
  const out = (outputLen === 32 ? wasm.digest32 : wasm.digest64).slice();
  module.wipeState();
  return out;
}

/** What pbkdf2IterationsWasm reads of a hash object; set by the class's static block. */
let internalsOf: (hash: StreebogHash) => {
  readonly words: Int32Array;
  readonly bufferLen: number;
  readonly finished: boolean;
  readonly outputLen: number;
  readonly wasm: StreebogWasm | undefined;
};

/** A streaming Streebog computation; see `createStreebog256` / `createStreebog512`. */
export class StreebogHash {
  /** Bytes per compression block (64), as HMAC needs. */
  readonly blockLen = 64;
  readonly outputLen: 32 | 64;
  /** h, N and Sigma in one array, laid out as in the WebAssembly module, so one copy moves them. */
  private readonly words = new Int32Array(48);
  private readonly h = this.words.subarray(0, 16);
  private readonly n = this.words.subarray(16, 32);
  private readonly sigma = this.words.subarray(32, 48);
  private readonly m = new Int32Array(16);
  private readonly buffer = new Uint8Array(64);
  private bufferLen = 0;
  private finished = false;
  /** The WebAssembly path, chosen when the hash starts; undefined for the pure one. */
  private readonly wasm = streebogWasmPath();

  static {
    // Module-private access for pbkdf2IterationsWasm, without widening the class's API.
    internalsOf = (hash) => ({
      words: hash.words,
      bufferLen: hash.bufferLen,
      finished: hash.finished,
      outputLen: hash.outputLen,
      wasm: hash.wasm,
    });
  }

  constructor(outputLen: 32 | 64) {
    this.outputLen = outputLen;
    // RFC 6986 §6.1: IV is 0^512 for 512 bits and (00000001)^64 for 256 bits.
    if (outputLen === 32) this.h.fill(0x01010101);
  }

  update(data: Uint8Array): this {
    if (this.finished) throw new GostError('DIGEST_FINISHED', 'digest() was already called on this hash');
    if (!(data instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', 'data must be a Uint8Array');
    let pos = 0;
    const len = data.length;
    if (this.bufferLen > 0) {
      const take = Math.min(64 - this.bufferLen, len);
      this.buffer.set(data.subarray(0, take), this.bufferLen);
      this.bufferLen += take;
      pos = take;
      if (this.bufferLen < 64) return this;
      this.absorb(this.buffer, 0, 64);
      this.bufferLen = 0;
    }
    const whole = (len - pos) & ~63;
    if (whole > 0) this.absorb(data, pos, whole);
    pos += whole;
    if (pos < len) {
      this.buffer.set(data.subarray(pos), 0);
      this.bufferLen = len - pos;
    }
    return this;
  }

  digest(): Uint8Array {
    const out = new Uint8Array(this.outputLen);
    this.digestInto(out);
    return out;
  }

  /** Writes the hash into `out` (at least `outputLen` bytes) and finishes this object. */
  digestInto(out: Uint8Array): void {
    if (this.finished) throw new GostError('DIGEST_FINISHED', 'digest() was already called on this hash');
    if (out.length < this.outputLen) {
      throw new GostError('INVALID_ARGUMENT', `output buffer must hold ${this.outputLen} bytes`);
    }
    this.finished = true;
    const { h, n, sigma, m, buffer, bufferLen, wasm } = this;
    if (wasm) {
      this.loadWasmState(wasm);
      // The whole buffer, with no view made: finish pads over the bytes after bufferLen.
      wasm.input.set(buffer);
      wasm.module.finish(bufferLen);
      out.set(this.outputLen === 32 ? wasm.digest32 : wasm.digest64);
      wasm.module.wipeState();
      this.destroy();
      return;
    }
    // RFC 6986 §9 step 3: pad with a single 1 bit right above the message.
    buffer[bufferLen] = 0x01;
    buffer.fill(0, bufferLen + 1);
    readBlock(buffer, 0, m);
    compress(h, n, m);
    addBits(n, bufferLen * 8);
    add512(sigma, m);
    compress(h, ZERO, n);
    compress(h, ZERO, sigma);
    // The 256-bit hash is MSB_256, the high half: words 4..7, bytes 32..63.
    const first = this.outputLen === 32 ? 8 : 0;
    for (let i = first, o = 0; i < 16; i++, o += 4) {
      const w = h[i]!;
      out[o] = w;
      out[o + 1] = w >>> 8;
      out[o + 2] = w >>> 16;
      out[o + 3] = w >>> 24;
    }
    this.destroy();
  }

  /** An independent copy of the current state. */
  clone(): StreebogHash {
    return this.cloneInto(new StreebogHash(this.outputLen));
  }

  /**
   * Copies the current state into `target` (a hash of the same size) and
   * returns it, without allocating: HMAC and PBKDF2 restart from a saved
   * state this way on every block.
   */
  cloneInto(target: StreebogHash): StreebogHash {
    if (this.finished) throw new GostError('DIGEST_FINISHED', 'digest() was already called on this hash');
    if (target.outputLen !== this.outputLen) {
      throw new GostError('INVALID_ARGUMENT', 'cloneInto needs a hash of the same output length');
    }
    target.words.set(this.words);
    target.buffer.set(this.buffer);
    target.bufferLen = this.bufferLen;
    target.finished = false;
    return target;
  }

  /** Overwrites the state (best effort), for hashes that absorbed secrets; the object is then finished. */
  destroy(): void {
    this.words.fill(0);
    this.m.fill(0);
    this.buffer.fill(0);
    K.fill(0);
    S.fill(0);
    R.fill(0);
    this.bufferLen = 0;
    this.finished = true;
  }

  /** Absorbs `length` bytes (whole blocks) of `data` at `pos`. */
  private absorb(data: Uint8Array, pos: number, length: number): void {
    const { wasm } = this;
    if (!wasm) {
      for (let end = pos + length; pos < end; pos += 64) this.processBlock(data, pos);
      return;
    }
    this.loadWasmState(wasm);
    absorbWasm(wasm, data, pos, length);
    this.words.set(wasm.state);
    wasm.module.wipeState();
  }

  private loadWasmState({ state }: StreebogWasm): void {
    state.set(this.words);
  }

  private processBlock(data: Uint8Array, pos: number): void {
    readBlock(data, pos, this.m);
    compress(this.h, this.n, this.m);
    addBits(this.n, 512);
    add512(this.sigma, this.m);
  }
}

const MAX_ITERATIONS_PER_CALL = 2 ** 31;

/**
 * `count` iterations of PBKDF2 with HMAC-Streebog-512 in the module (see
 * pbkdf2Iterate in assembly/streebog.ts): u := HMAC(u), t := t xor u, where
 * `inner` and `outer` are the HMAC's hashes once each has absorbed its padded
 * key block. False, with nothing done, when they took the pure path.
 */
export function pbkdf2IterationsWasm(
  inner: StreebogHash,
  outer: StreebogHash,
  u: Uint8Array,
  t: Uint8Array,
  count: number,
): boolean {
  const innerState = internalsOf(inner);
  const outerState = internalsOf(outer);
  const wasm = innerState.wasm;
  if (!wasm || outerState.wasm !== wasm) return false;
  for (const state of [innerState, outerState]) {
    if (state.finished || state.bufferLen !== 0 || state.outputLen !== 64) {
      throw new GostError('INVALID_ARGUMENT', 'PBKDF2 needs keyed HMAC-Streebog-512 hashes');
    }
  }
  const { module, input } = wasm;
  // The layout pbkdf2Iterate reads: inner state, outer state, U, T (int32 limbs are 4 bytes).
  const limbs = new Int32Array(input.buffer, input.byteOffset, 96);
  // The module counts in u32: a larger count (allowed by RFC 8018) goes in several calls.
  for (let left = count; left > 0; left -= MAX_ITERATIONS_PER_CALL) {
    limbs.set(innerState.words, 0);
    limbs.set(outerState.words, 48);
    input.set(u.subarray(0, 64), 384);
    input.set(t.subarray(0, 64), 448);
    module.pbkdf2Iterate(Math.min(left, MAX_ITERATIONS_PER_CALL));
    u.set(input.subarray(384, 448));
    t.set(input.subarray(448, 512));
    input.fill(0, 384, 512);
  }
  return true;
}

/** Reads 64 bytes at `pos` as 16 little-endian int32 limbs. */
function readBlock(data: Uint8Array, pos: number, m: Int32Array): void {
  for (let i = 0; i < 16; i++, pos += 4) {
    m[i] = data[pos]! | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24);
  }
}

/** Starts a streaming GOST R 34.11-2012 hash with a 256-bit result. */
export function createStreebog256(): StreebogHash {
  return new StreebogHash(32);
}

/** Starts a streaming GOST R 34.11-2012 hash with a 512-bit result. */
export function createStreebog512(): StreebogHash {
  return new StreebogHash(64);
}

/** GOST R 34.11-2012 hash with a 256-bit (32-byte) result. */
export function streebog256(data: Uint8Array): Uint8Array {
  const wasm = streebogWasmPath();
  return wasm ? hashWasm(wasm, data, 32) : new StreebogHash(32).update(data).digest();
}

/** GOST R 34.11-2012 hash with a 512-bit (64-byte) result. */
export function streebog512(data: Uint8Array): Uint8Array {
  const wasm = streebogWasmPath();
  return wasm ? hashWasm(wasm, data, 64) : new StreebogHash(64).update(data).digest();
}
