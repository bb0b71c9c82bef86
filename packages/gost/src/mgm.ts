/**
 * MGM, the Multilinear Galois Mode AEAD of RFC 9058 (R 1323565.1.026-2019),
 * for Kuznyechik (n = 128) and Magma (n = 64).
 *
 * The nonce is one block; its top bit is ignored (ICN has n - 1 bits: the
 * mode prepends 0 for encryption counters and 1 for authentication ones),
 * as in OpenSSL's GOST engine. The sealed output is C || T.
 */
import { equalBytes, wipe } from './bytes.js';
import { GostError } from './errors.js';
import { kuznyechikBulk } from './kuznyechik.js';
import { requireTagLength, type BlockCipher } from './modes.js';

/** Adds 1 modulo 2^(n/2) to the left (incr_l) or right (incr_r) half of a block. */
function incrementHalf(block: Uint8Array, right: boolean): void {
  const half = block.length / 2;
  const end = right ? block.length : half;
  for (let i = end - 1; i >= end - half; i--) {
    const v = (block[i]! + 1) & 0xff;
    block[i] = v;
    if (v !== 0) return;
  }
}

/**
 * acc ^= x (x) y in GF(2^n), with f = w^128 + w^7 + w^2 + w + 1 or
 * w^64 + w^4 + w^3 + w + 1; big-endian bit strings. Branch-free on the
 * data: the bits of y select through masks. `z` is scratch space.
 */
function gfMulAdd(acc: Uint32Array, x: Uint32Array, y: Uint8Array, z: Uint32Array): void {
  const words = x.length;
  const poly = words === 4 ? 0x87 : 0x1b;
  z.fill(0);
  for (let i = 0; i < y.length * 8; i++) {
    const carry = z[0]! >>> 31;
    for (let w = 0; w < words - 1; w++) z[w] = (z[w]! << 1) | (z[w + 1]! >>> 31);
    z[words - 1] = (z[words - 1]! << 1) ^ (-carry & poly);
    const mask = -((y[i >>> 3]! >>> (7 - (i & 7))) & 1);
    for (let w = 0; w < words; w++) z[w]! ^= x[w]! & mask;
  }
  for (let w = 0; w < words; w++) acc[w]! ^= z[w]!;
}

function toWords(block: Uint8Array, out: Uint32Array): void {
  for (let w = 0; w < out.length; w++) {
    out[w] = (block[4 * w]! << 24) | (block[4 * w + 1]! << 16) | (block[4 * w + 2]! << 8) | block[4 * w + 3]!;
  }
}

function requireInputs(
  cipher: BlockCipher,
  nonce: Uint8Array,
  aad: Uint8Array,
  dataLength: number,
  tagLength: number,
): void {
  const n = cipher.blockSize;
  if (!(nonce instanceof Uint8Array) || nonce.length !== n) {
    throw new GostError('INVALID_NONCE', `MGM nonce must be ${n} bytes`);
  }
  if (!(aad instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', 'aad must be a Uint8Array');
  requireTagLength(tagLength, 4, n);
  const maxBytes = 2 ** (4 * n - 3);
  if (aad.length >= maxBytes || dataLength >= maxBytes || aad.length + dataLength >= maxBytes) {
    throw new GostError('LIMIT_EXCEEDED', `MGM input must be shorter than 2^${4 * n} bits`);
  }
  if (aad.length + dataLength === 0) {
    throw new GostError('INVALID_ARGUMENT', 'MGM needs a non-empty plaintext or associated data');
  }
}

/** Tag over A and C: MSB_S(E_K(sum of H_i (x) blocks, then H (x) (len(A) || len(C)))). */
function computeTag(
  cipher: BlockCipher,
  nonce: Uint8Array,
  aad: Uint8Array,
  ciphertext: Uint8Array,
  tagLength: number,
): Uint8Array {
  const n = cipher.blockSize;
  const bulk = kuznyechikBulk(cipher);
  if (bulk) {
    const full = bulk.mgmTag(nonce, aad, ciphertext, lengthsBlock(n, aad.length, ciphertext.length));
    const tag = full.slice(0, tagLength);
    wipe(full);
    return tag;
  }
  const z = Uint8Array.from(nonce);
  z[0]! |= 0x80;
  cipher.encryptBlock(z, 0, z, 0);
  const h = new Uint8Array(n);
  const hw = new Uint32Array(n / 4);
  const sum = new Uint32Array(n / 4);
  const scratch = new Uint32Array(n / 4);
  const block = new Uint8Array(n);
  const absorb = (data: Uint8Array): void => {
    for (let pos = 0; pos < data.length; pos += n) {
      block.fill(0);
      block.set(data.subarray(pos, pos + n));
      cipher.encryptBlock(z, 0, h, 0);
      incrementHalf(z, false);
      toWords(h, hw);
      gfMulAdd(sum, hw, block, scratch);
    }
  };
  absorb(aad);
  absorb(ciphertext);
  block.fill(0);
  writeBitLength(block, 0, aad.length);
  writeBitLength(block, n / 2, ciphertext.length);
  cipher.encryptBlock(z, 0, h, 0);
  toWords(h, hw);
  gfMulAdd(sum, hw, block, scratch);
  for (let w = 0; w < n / 4; w++) {
    const v = sum[w]!;
    block[4 * w] = v >>> 24;
    block[4 * w + 1] = v >>> 16;
    block[4 * w + 2] = v >>> 8;
    block[4 * w + 3] = v;
  }
  cipher.encryptBlock(block, 0, block, 0);
  const tag = block.slice(0, tagLength);
  wipe(z, h, block);
  hw.fill(0);
  sum.fill(0);
  scratch.fill(0);
  return tag;
}

/** len(A) || len(C) as one block. */
function lengthsBlock(n: number, aadBytes: number, ciphertextBytes: number): Uint8Array {
  const block = new Uint8Array(n);
  writeBitLength(block, 0, aadBytes);
  writeBitLength(block, n / 2, ciphertextBytes);
  return block;
}

/** len(X) = Vec_{n/2}(|X| in bits), big-endian into block[off .. off + n/2). */
function writeBitLength(block: Uint8Array, off: number, bytes: number): void {
  let bits = bytes * 8;
  for (let i = off + block.length / 2 - 1; i >= off; i--) {
    block[i] = bits % 256;
    bits = Math.floor(bits / 256);
  }
}

/** C = P xor MSB(E_K(Y_1) | E_K(Y_2) | ...), Y_1 = E_K(0 || ICN), Y_{i+1} = incr_r(Y_i). */
function gamma(cipher: BlockCipher, nonce: Uint8Array, input: Uint8Array): Uint8Array {
  const bulk = kuznyechikBulk(cipher);
  if (bulk) return bulk.mgmGamma(nonce, input);
  const n = cipher.blockSize;
  const y = Uint8Array.from(nonce);
  y[0]! &= 0x7f;
  cipher.encryptBlock(y, 0, y, 0);
  const g = new Uint8Array(n);
  const out = new Uint8Array(input.length);
  for (let pos = 0; pos < input.length; pos += n) {
    cipher.encryptBlock(y, 0, g, 0);
    incrementHalf(y, true);
    const end = Math.min(n, input.length - pos);
    for (let j = 0; j < end; j++) out[pos + j] = input[pos + j]! ^ g[j]!;
  }
  wipe(y, g);
  return out;
}

export interface MgmOptions {
  /** Associated data, authenticated but not encrypted. */
  aad?: Uint8Array;
  /** Tag length S in bytes, 4..blockSize (RFC 9058: 32 <= S <= n bits); whole block by default. */
  tagLength?: number;
}

/** MGM-Encrypt (RFC 9058 section 4.1): returns ciphertext || tag. */
export function mgmEncrypt(
  cipher: BlockCipher,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  opts: MgmOptions = {},
): Uint8Array {
  const aad = opts.aad ?? new Uint8Array(0);
  const tagLength = opts.tagLength ?? cipher.blockSize;
  if (!(plaintext instanceof Uint8Array))
    throw new GostError('INVALID_ARGUMENT', 'plaintext must be a Uint8Array');
  requireInputs(cipher, nonce, aad, plaintext.length, tagLength);
  const bulk = kuznyechikBulk(cipher);
  if (bulk) {
    // one pass in WebAssembly: each chunk is encrypted and absorbed while it is there
    const sealed = new Uint8Array(plaintext.length + tagLength);
    const full = bulk.mgmSeal(nonce, aad, plaintext, lengthsBlock(16, aad.length, plaintext.length), sealed);
    sealed.set(full.subarray(0, tagLength), plaintext.length);
    wipe(full);
    return sealed;
  }
  const ciphertext = gamma(cipher, nonce, plaintext);
  const tag = computeTag(cipher, nonce, aad, ciphertext, tagLength);
  const sealed = new Uint8Array(ciphertext.length + tagLength);
  sealed.set(ciphertext);
  sealed.set(tag, ciphertext.length);
  return sealed;
}

/**
 * MGM-Decrypt (RFC 9058 section 4.2) of ciphertext || tag: checks the tag
 * first, in constant time, and throws GostError AUTH_FAILED without
 * decrypting anything when it does not match.
 */
export function mgmDecrypt(
  cipher: BlockCipher,
  nonce: Uint8Array,
  sealed: Uint8Array,
  opts: MgmOptions = {},
): Uint8Array {
  const aad = opts.aad ?? new Uint8Array(0);
  const tagLength = opts.tagLength ?? cipher.blockSize;
  requireTagLength(tagLength, 4, cipher.blockSize);
  if (!(sealed instanceof Uint8Array))
    throw new GostError('INVALID_ARGUMENT', 'sealed data must be a Uint8Array');
  if (sealed.length < tagLength) throw new GostError('AUTH_FAILED', 'MGM input is shorter than its tag');
  const ciphertext = sealed.subarray(0, sealed.length - tagLength);
  requireInputs(cipher, nonce, aad, ciphertext.length, tagLength);
  const expected = computeTag(cipher, nonce, aad, ciphertext, tagLength);
  if (!equalBytes(expected, sealed.subarray(ciphertext.length))) {
    throw new GostError('AUTH_FAILED', 'MGM authentication tag mismatch');
  }
  return gamma(cipher, nonce, ciphertext);
}
