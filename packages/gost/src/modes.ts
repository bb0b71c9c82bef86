/**
 * Modes of operation of GOST R 34.13-2015 over any block cipher: ECB, CBC,
 * CTR (one-shot and streaming) and OMAC (CMAC). Byte strings are taken as
 * the standard prints them: the leftmost (most significant) byte first.
 */
import { requireLength, wipe } from './bytes.js';
import { GostError } from './errors.js';
import { kuznyechikBulk } from './kuznyechik.js';
import type { KuznyechikBulk } from './kuznyechik-wasm.js';

/** One keyed block cipher: Kuznyechik (16-byte blocks) or Magma (8-byte blocks). */
export interface BlockCipher {
  readonly blockSize: number;
  /** Encrypts blockSize bytes of `src` at `srcOff` into `dst` at `dstOff` (may be the same place). */
  encryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void;
  decryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void;
  /** Wipes the round keys (best effort); the cipher is unusable afterwards. */
  destroy?(): void;
}

/** A block cipher as an algorithm: what re-keying modes (ACPKM, KExp15) need to make new keys. */
export interface BlockCipherAlgorithm {
  readonly name: string;
  readonly blockSize: number;
  readonly keySize: number;
  create(key: Uint8Array): BlockCipher;
}

/**
 * Padding of GOST R 34.13-2015 section 4.1: 'none' requires whole blocks;
 * 'procedure2' appends 0x80 and zeros, always (a whole block when the data
 * is already aligned), so it can be removed unambiguously.
 */
export type Padding = 'none' | 'procedure2';

export interface PaddingOptions {
  padding?: Padding;
}

function pad(cipher: BlockCipher, data: Uint8Array, padding: Padding): Uint8Array {
  const n = cipher.blockSize;
  if (padding === 'none') {
    if (data.length % n !== 0) {
      throw new GostError('INVALID_DATA_LENGTH', `data must be a multiple of ${n} bytes without padding`);
    }
    return data;
  }
  const out = new Uint8Array(data.length + n - (data.length % n));
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

function unpad(cipher: BlockCipher, data: Uint8Array, padding: Padding): Uint8Array {
  if (padding === 'none') return data;
  let end = data.length - 1;
  const stop = Math.max(0, data.length - cipher.blockSize);
  while (end > stop && data[end] === 0) end--;
  if (data[end] !== 0x80) throw new GostError('INVALID_PADDING', 'padding procedure 2 marker not found');
  return data.subarray(0, end);
}

function requireWholeBlocks(cipher: BlockCipher, data: Uint8Array): void {
  if (!(data instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', 'data must be a Uint8Array');
  if (data.length % cipher.blockSize !== 0) {
    throw new GostError('INVALID_DATA_LENGTH', `ciphertext must be a multiple of ${cipher.blockSize} bytes`);
  }
}

/** ECB (GOST R 34.13-2015 section 5.1, "простая замена"). Leaks equal blocks: for keys and tests only. */
export function ecbEncrypt(cipher: BlockCipher, data: Uint8Array, opts: PaddingOptions = {}): Uint8Array {
  const input = pad(cipher, data, opts.padding ?? 'none');
  const out = new Uint8Array(input.length);
  const bulk = kuznyechikBulk(cipher);
  if (bulk) bulk.ecb(false, input, out);
  else for (let i = 0; i < input.length; i += cipher.blockSize) cipher.encryptBlock(input, i, out, i);
  return out;
}

export function ecbDecrypt(cipher: BlockCipher, data: Uint8Array, opts: PaddingOptions = {}): Uint8Array {
  requireWholeBlocks(cipher, data);
  const out = new Uint8Array(data.length);
  const bulk = kuznyechikBulk(cipher);
  if (bulk) bulk.ecb(true, data, out);
  else for (let i = 0; i < data.length; i += cipher.blockSize) cipher.decryptBlock(data, i, out, i);
  return unpad(cipher, out, opts.padding ?? 'none');
}

function requireCbcIv(cipher: BlockCipher, iv: Uint8Array): void {
  if (!(iv instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', 'iv must be a Uint8Array');
  if (iv.length === 0 || iv.length % cipher.blockSize !== 0) {
    throw new GostError(
      'INVALID_IV_LENGTH',
      `CBC iv must be a non-zero multiple of ${cipher.blockSize} bytes`,
    );
  }
}

/**
 * CBC (section 5.4, "простая замена с зацеплением"). The IV is the whole
 * m-bit register R, any whole number z of blocks: block i is chained to
 * ciphertext block i - z (the standard's example uses z = 2 and z = 3;
 * OpenSSL and most protocols use z = 1).
 */
export function cbcEncrypt(
  cipher: BlockCipher,
  iv: Uint8Array,
  data: Uint8Array,
  opts: PaddingOptions = {},
): Uint8Array {
  requireCbcIv(cipher, iv);
  const n = cipher.blockSize;
  const input = pad(cipher, data, opts.padding ?? 'none');
  const out = new Uint8Array(input.length);
  for (let i = 0; i < input.length; i += n) {
    const chain = i < iv.length ? iv : out;
    const c = i < iv.length ? i : i - iv.length;
    for (let j = 0; j < n; j++) out[i + j] = input[i + j]! ^ chain[c + j]!;
    cipher.encryptBlock(out, i, out, i);
  }
  return out;
}

export function cbcDecrypt(
  cipher: BlockCipher,
  iv: Uint8Array,
  data: Uint8Array,
  opts: PaddingOptions = {},
): Uint8Array {
  requireCbcIv(cipher, iv);
  requireWholeBlocks(cipher, data);
  const n = cipher.blockSize;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += n) {
    cipher.decryptBlock(data, i, out, i);
    const chain = i < iv.length ? iv : data;
    const c = i < iv.length ? i : i - iv.length;
    for (let j = 0; j < n; j++) out[i + j]! ^= chain[c + j]!;
  }
  return unpad(cipher, out, opts.padding ?? 'none');
}

/**
 * CTR (section 5.2, "гаммирование") with s = n: the counter starts at
 * IV || 0^(n/2) and is incremented modulo 2^n; encryption and decryption
 * are the same operation. Streaming: feed chunks of any size in order.
 */
export class Ctr {
  private readonly cipher: BlockCipher;
  /** Kuznyechik on the WebAssembly path: whole blocks go there in one call. */
  private readonly bulk: KuznyechikBulk | undefined;
  private readonly counter: Uint8Array;
  /** Gamma computed ahead, up to GAMMA_BLOCKS blocks; bytes used..available are not consumed yet. */
  private readonly gamma: Uint8Array;
  private used = 0;
  private available = 0;

  constructor(cipher: BlockCipher, iv: Uint8Array) {
    requireLength(iv, [cipher.blockSize / 2], 'INVALID_IV_LENGTH', 'CTR iv');
    this.cipher = cipher;
    this.bulk = kuznyechikBulk(cipher);
    this.counter = new Uint8Array(cipher.blockSize);
    this.counter.set(iv);
    // the WebAssembly path only ever needs gamma for a partial last block
    this.gamma = new Uint8Array((this.bulk ? 1 : GAMMA_BLOCKS) * cipher.blockSize);
  }

  /** Computes gamma for `bytes` more bytes (rounded up to blocks, at most the buffer). */
  private refill(bytes: number): void {
    const { cipher, counter, gamma } = this;
    const end = Math.min(gamma.length, Math.ceil(bytes / cipher.blockSize) * cipher.blockSize);
    for (let off = 0; off < end; off += cipher.blockSize) {
      cipher.encryptBlock(counter, 0, gamma, off);
      incrementCounter(counter);
    }
    this.used = 0;
    this.available = end;
  }

  /** XORs the next data.length bytes of gamma into `data`, writing to `out` (may be `data` itself). */
  process(data: Uint8Array, out: Uint8Array = new Uint8Array(data.length)): Uint8Array {
    if (!(data instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', 'data must be a Uint8Array');
    if (out.length < data.length) throw new GostError('INVALID_ARGUMENT', 'output buffer is too small');
    const len = data.length;
    let i = 0;
    while (i < len) {
      if (this.used === this.available && this.bulk && len - i >= 16) {
        // no gamma left over: whole blocks straight through WebAssembly
        const whole = (len - i) & ~15;
        this.bulk.ctr(this.counter, data, i, out, whole);
        i += whole;
        continue;
      }
      if (this.used === this.available) this.refill(len - i);
      const take = Math.min(len - i, this.available - this.used);
      xorInto(data, i, this.gamma, this.used, out, take);
      i += take;
      this.used += take;
    }
    return out;
  }

  /** Wipes the counter and buffered gamma. */
  destroy(): void {
    wipe(this.counter, this.gamma);
    this.used = this.available = 0;
  }
}

const GAMMA_BLOCKS = 64;

/** out[i..i+len) = a[i..] xor b[j..], by 32-bit words when the offsets allow it. */
function xorInto(a: Uint8Array, i: number, b: Uint8Array, j: number, out: Uint8Array, len: number): void {
  let k = 0;
  const ao = a.byteOffset + i;
  const bo = b.byteOffset + j;
  const oo = out.byteOffset + i;
  if (len >= 16 && ao % 4 === 0 && bo % 4 === 0 && oo % 4 === 0) {
    const words = len >>> 2;
    const a32 = new Uint32Array(a.buffer, ao, words);
    const b32 = new Uint32Array(b.buffer, bo, words);
    const o32 = new Uint32Array(out.buffer, oo, words);
    for (let w = 0; w < words; w++) o32[w] = a32[w]! ^ b32[w]!;
    k = words << 2;
  }
  for (; k < len; k++) out[i + k] = a[i + k]! ^ b[j + k]!;
}

/** Adds 1 to a big-endian counter block, modulo 2^(8 * length). */
export function incrementCounter(counter: Uint8Array): void {
  for (let i = counter.length - 1; i >= 0; i--) {
    const v = (counter[i]! + 1) & 0xff;
    counter[i] = v;
    if (v !== 0) return;
  }
}

/** One-shot CTR: encrypts or decrypts `data` with counter IV || 0^(n/2). */
export function ctr(cipher: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const stream = new Ctr(cipher, iv);
  const out = stream.process(data);
  stream.destroy();
  return out;
}

/** Doubling in GF(2^n) for OMAC subkeys: B_128 = 0x87, B_64 = 0x1b (section 5.6). */
export function omacShift(block: Uint8Array): Uint8Array {
  const n = block.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n - 1; i++) out[i] = ((block[i]! << 1) | (block[i + 1]! >>> 7)) & 0xff;
  const carry = block[0]! >>> 7;
  out[n - 1] = ((block[n - 1]! << 1) & 0xff) ^ (-carry & (n === 16 ? 0x87 : 0x1b));
  return out;
}

export function requireTagLength(tagLength: number, min: number, max: number): void {
  if (!Number.isInteger(tagLength) || tagLength < min || tagLength > max) {
    throw new GostError('INVALID_TAG_LENGTH', `tag length must be ${min}..${max} bytes, got ${tagLength}`);
  }
}

/**
 * OMAC (section 5.6, "выработка имитовставки", CMAC): subkeys from
 * R = E_K(0^n), the last block padded by procedure 3 when partial. The MAC
 * is the leftmost `tagLength` bytes (s bits in the standard; its examples use
 * s = n/2: 8 bytes for Kuznyechik, 4 for Magma).
 */
export function omac(
  cipher: BlockCipher,
  data: Uint8Array,
  tagLength: number = cipher.blockSize,
): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', 'data must be a Uint8Array');
  const n = cipher.blockSize;
  requireTagLength(tagLength, 1, n);
  const state = new Uint8Array(n);
  cipher.encryptBlock(state, 0, state, 0);
  const k1 = omacShift(state);
  state.fill(0);
  const full = data.length > 0 && data.length % n === 0;
  const last = full ? data.length - n : data.length - (data.length % n);
  const bulk = kuznyechikBulk(cipher);
  if (bulk) {
    bulk.cbcMac(state, data, 0, last);
  } else {
    for (let i = 0; i < last; i += n) {
      for (let j = 0; j < n; j++) state[j]! ^= data[i + j]!;
      cipher.encryptBlock(state, 0, state, 0);
    }
  }
  const subkey = full ? k1 : omacShift(k1);
  for (let j = 0; j < n; j++) {
    const m = last + j < data.length ? data[last + j]! : last + j === data.length ? 0x80 : 0;
    state[j]! ^= m ^ subkey[j]!;
  }
  cipher.encryptBlock(state, 0, state, 0);
  wipe(k1, subkey);
  const tag = state.slice(0, tagLength);
  wipe(state);
  return tag;
}
