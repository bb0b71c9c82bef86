import { GostError } from './errors.js';

/** Hex string (no separators, any case) to bytes. */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new GostError('INVALID_ARGUMENT', 'hex string must have an even number of hex digits');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** A reversed copy: GOST specifications print numbers big-endian, encodings are often little-endian. */
export function reverseBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[bytes.length - 1 - i]!;
  return out;
}

/**
 * Compares two byte strings in time that depends only on their lengths,
 * for MACs and tags, so a forger learns nothing from timing.
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Throws INVALID_ARGUMENT-family errors with the argument's name when a length is wrong. */
export function requireLength(
  bytes: Uint8Array,
  lengths: readonly number[],
  code:
    | 'INVALID_KEY_LENGTH'
    | 'INVALID_DIGEST_LENGTH'
    | 'INVALID_IV_LENGTH'
    | 'INVALID_DATA_LENGTH'
    | 'INVALID_ARGUMENT',
  what: string,
): void {
  if (!(bytes instanceof Uint8Array)) {
    throw new GostError('INVALID_ARGUMENT', `${what} must be a Uint8Array`);
  }
  if (!lengths.includes(bytes.length)) {
    throw new GostError(code, `${what} must be ${lengths.join(' or ')} bytes, got ${bytes.length}`);
  }
}

/** Overwrites secret material once it is no longer needed (best effort in JavaScript). */
export function wipe(...arrays: Uint8Array[]): void {
  for (const a of arrays) a.fill(0);
}
