/** Byte helpers that work alike in Node and in browsers (no Buffer). */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const utf8 = (text: string): Uint8Array<ArrayBuffer> => encoder.encode(text);

/** UTF-8 text of `bytes`; throws on invalid UTF-8. */
export const fromUtf8 = (bytes: Uint8Array): string => decoder.decode(bytes);

export function concat(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_INDEX = new Map(Array.from(B64URL, (c, i) => [c, i]));

/** Unpadded base64url (RFC 4648 §5), as WebAuthn and JOSE write it. */
export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let j = 0; j < chars; j++) out += B64URL.charAt((n >> (18 - 6 * j)) & 63);
  }
  return out;
}

/** The bytes of unpadded base64url text; a ConfirmError for anything else. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  if (text.length % 4 === 1) throw new ConfirmError('MALFORMED', 'not base64url: impossible length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const c of text) {
    const digit = B64URL_INDEX.get(c);
    if (digit === undefined) throw new ConfirmError('MALFORMED', 'not base64url: unexpected character');
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(text: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw new ConfirmError('MALFORMED', 'not hexadecimal');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Equality that takes the same time wherever the first difference is (codes, MACs). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export type ConfirmErrorCode =
  /** Not the shape the protocol defines (bad base64url, JSON, field). */
  | 'MALFORMED'
  /** Does not decrypt or verify under the channel's keys: altered, or another device's. */
  | 'NOT_AUTHENTIC'
  /** A counter not above the last one seen: a replayed or reordered message. */
  | 'REPLAYED'
  /** An OCRA suite or parameter this implementation does not know. */
  | 'UNSUPPORTED';

/** A protocol failure with a stable code; messages never carry key material. */
export class ConfirmError extends Error {
  readonly code: ConfirmErrorCode;
  constructor(code: ConfirmErrorCode, message: string) {
    super(message);
    this.name = 'ConfirmError';
    this.code = code;
  }
}
