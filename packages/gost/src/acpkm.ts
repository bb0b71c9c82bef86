/**
 * Internal re-keying of RFC 8645 section 6 (R 1323565.1.017-2018):
 * ACPKM key transformation, CTR-ACPKM, ACPKM-Master key material,
 * CTR-ACPKM-Master and OMAC-ACPKM(-Master). Section sizes N and master key
 * frequencies T* are given in bytes (the RFC counts bits: N = 256 bits is
 * `sectionSize: 32`).
 */
import { requireLength, wipe } from './bytes.js';
import { GostError } from './errors.js';
import { kuznyechikBulk } from './kuznyechik.js';
import {
  incrementCounter,
  omacShift,
  requireTagLength,
  type BlockCipher,
  type BlockCipherAlgorithm,
} from './modes.js';

/** D = 80 | 81 | ... | ff, RFC 8645 section 6.2.1. */
const D = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);

function requireMultiple(value: number, unit: number, what: string): void {
  if (!Number.isInteger(value) || value <= 0 || value % unit !== 0) {
    throw new GostError(
      'INVALID_ARGUMENT',
      `${what} must be a positive multiple of ${unit} bytes, got ${value}`,
    );
  }
}

/** K^{i+1} = ACPKM(K^i) = MSB_k(E_{K^i}(D_1) | ... | E_{K^i}(D_J)). */
export function acpkmNextKey(alg: BlockCipherAlgorithm, cipher: BlockCipher): Uint8Array {
  const n = alg.blockSize;
  const blocks = Math.ceil(alg.keySize / n);
  const out = new Uint8Array(blocks * n);
  for (let j = 0; j < blocks; j++) cipher.encryptBlock(D, j * n, out, j * n);
  return out.subarray(0, alg.keySize);
}

/**
 * CTR-ACPKM (RFC 8645 section 6.2.2) with c = n/2: CTR of GOST R 34.13-2015
 * whose key is replaced by ACPKM(key) after every `sectionSize` bytes.
 * Encryption and decryption are the same.
 */
export function ctrAcpkm(
  alg: BlockCipherAlgorithm,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  sectionSize: number,
): Uint8Array {
  const n = alg.blockSize;
  requireLength(key, [alg.keySize], 'INVALID_KEY_LENGTH', `${alg.name} key`);
  requireLength(iv, [n / 2], 'INVALID_IV_LENGTH', 'CTR-ACPKM iv');
  if (!(data instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', 'data must be a Uint8Array');
  requireMultiple(sectionSize, n, 'section size');
  let cipher = alg.create(key);
  const bulk = kuznyechikBulk(cipher);
  if (bulk) {
    // the whole stream, section keys included, in WebAssembly
    const result = bulk.ctrAcpkm(iv, data, sectionSize);
    cipher.destroy?.();
    return result;
  }
  const counter = new Uint8Array(n);
  counter.set(iv);
  const gamma = new Uint8Array(n);
  const out = new Uint8Array(data.length);
  for (let pos = 0; pos < data.length; pos += n) {
    if (pos > 0 && pos % sectionSize === 0) {
      const next = acpkmNextKey(alg, cipher);
      cipher.destroy?.();
      cipher = alg.create(next);
      wipe(next);
    }
    cipher.encryptBlock(counter, 0, gamma, 0);
    incrementCounter(counter);
    const end = Math.min(n, data.length - pos);
    for (let j = 0; j < end; j++) out[pos + j] = data[pos + j]! ^ gamma[j]!;
  }
  cipher.destroy?.();
  wipe(counter, gamma);
  return out;
}

/**
 * ACPKM-Master(T*, K, d, l) of RFC 8645 section 6.3.1: `length` = d * l
 * bytes of key material, CTR-ACPKM with section size T* and ICN = 1^(n/2)
 * over zeros.
 */
export function acpkmMaster(
  alg: BlockCipherAlgorithm,
  key: Uint8Array,
  frequency: number,
  length: number,
): Uint8Array {
  if (!Number.isInteger(length) || length < 0) throw new GostError('INVALID_ARGUMENT', 'length must be >= 0');
  const icn = new Uint8Array(alg.blockSize / 2).fill(0xff);
  return ctrAcpkm(alg, key, icn, new Uint8Array(length), frequency);
}

/**
 * CTR-ACPKM-Master (RFC 8645 section 6.3.2): section j of `sectionSize`
 * bytes is encrypted under K^j from ACPKM-Master(T*, K, k, l); one counter
 * runs across all sections.
 */
export function ctrAcpkmMaster(
  alg: BlockCipherAlgorithm,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  sectionSize: number,
  frequency: number,
): Uint8Array {
  const n = alg.blockSize;
  const k = alg.keySize;
  requireLength(iv, [n / 2], 'INVALID_IV_LENGTH', 'CTR-ACPKM-Master iv');
  if (!(data instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', 'data must be a Uint8Array');
  requireMultiple(sectionSize, n, 'section size');
  requireMultiple(frequency, n, 'master key frequency');
  const sections = Math.ceil(data.length / sectionSize);
  const material = acpkmMaster(alg, key, frequency, k * sections);
  const counter = new Uint8Array(n);
  counter.set(iv);
  const gamma = new Uint8Array(n);
  const out = new Uint8Array(data.length);
  let cipher: BlockCipher | undefined;
  for (let pos = 0; pos < data.length; pos += n) {
    if (pos % sectionSize === 0) {
      const s = pos / sectionSize;
      cipher?.destroy?.();
      cipher = alg.create(material.subarray(s * k, (s + 1) * k));
    }
    cipher!.encryptBlock(counter, 0, gamma, 0);
    incrementCounter(counter);
    const end = Math.min(n, data.length - pos);
    for (let j = 0; j < end; j++) out[pos + j] = data[pos + j]! ^ gamma[j]!;
  }
  cipher?.destroy?.();
  wipe(material, counter, gamma);
  return out;
}

export interface OmacAcpkmOptions {
  /** Section size N in bytes (R 1323565.1.017: 16 for Magma, 32 for Kuznyechik in its examples). */
  sectionSize: number;
  /** Master key frequency T* in bytes, a multiple of keySize + blockSize. */
  frequency: number;
  /** MAC length in bytes, 1..blockSize; the whole block by default. */
  tagLength?: number;
}

/**
 * OMAC-ACPKM (RFC 8645 section 6.3.6 "OMAC-ACPKM-Master", R 1323565.1.017
 * section 4.3): section j of the message is processed by CBC-MAC under K^j,
 * and the last block is masked with K^l_1 itself (whole block) or K^l_1 << 1
 * (partial block, padded by procedure 3), where K^j | K^j_1 come from
 * ACPKM-Master(T*, K, k + n, l).
 */
export function omacAcpkm(
  alg: BlockCipherAlgorithm,
  key: Uint8Array,
  data: Uint8Array,
  opts: OmacAcpkmOptions,
): Uint8Array {
  const n = alg.blockSize;
  const d = alg.keySize + n;
  const tagLength = opts.tagLength ?? n;
  requireTagLength(tagLength, 1, n);
  if (!(data instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', 'data must be a Uint8Array');
  requireMultiple(opts.sectionSize, n, 'section size');
  requireMultiple(opts.frequency, d, 'master key frequency');
  const sections = Math.max(1, Math.ceil(data.length / opts.sectionSize));
  const material = acpkmMaster(alg, key, opts.frequency, d * sections);
  const blocks = Math.max(1, Math.ceil(data.length / n));
  const state = new Uint8Array(n);
  let cipher: BlockCipher | undefined;
  for (let b = 0; b < blocks; b++) {
    const pos = b * n;
    if (pos % opts.sectionSize === 0) {
      const s = pos / opts.sectionSize;
      cipher?.destroy?.();
      cipher = alg.create(material.subarray(s * d, s * d + alg.keySize));
    }
    if (b < blocks - 1) {
      for (let j = 0; j < n; j++) state[j]! ^= data[pos + j]!;
    } else {
      const lastKey = material.subarray((sections - 1) * d + alg.keySize, sections * d);
      const full = data.length - pos === n;
      const subkey = full ? lastKey : omacShift(lastKey);
      for (let j = 0; j < n; j++) {
        const m = pos + j < data.length ? data[pos + j]! : pos + j === data.length ? 0x80 : 0;
        state[j]! ^= m ^ subkey[j]!;
      }
      if (!full) wipe(subkey);
    }
    cipher!.encryptBlock(state, 0, state, 0);
  }
  cipher?.destroy?.();
  wipe(material);
  const tag = state.slice(0, tagLength);
  wipe(state);
  return tag;
}
