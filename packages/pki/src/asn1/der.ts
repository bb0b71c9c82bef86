import { AsnConvert } from '@peculiar/asn1-schema';
import { PkiError } from '../errors.js';

export interface DerLimits {
  /** Deepest nesting of constructed values accepted; real PKI structures stay below 20. */
  maxDepth: number;
  /** Largest accepted input, in bytes. */
  maxLength: number;
}

export const DEFAULT_DER_LIMITS: DerLimits = { maxDepth: 48, maxLength: 256 * 1024 * 1024 };

/**
 * Walks the TLV structure of `der` without recursion and checks that it is
 * well-formed DER-ish BER (definite lengths, contents inside their parent,
 * nothing trailing) and not nested deeper than the limit. The ASN.1 library
 * recurses and may overflow the stack or misreport on hostile input; this
 * check runs first so every parser fails only with a PkiError.
 */
export function checkDerStructure(
  der: Uint8Array,
  path: string,
  limits: DerLimits = DEFAULT_DER_LIMITS,
): void {
  if (der.length > limits.maxLength) {
    throw new PkiError(
      'TOO_LARGE',
      `input of ${der.length} bytes exceeds the limit of ${limits.maxLength}`,
      path,
    );
  }
  if (der.length === 0) throw new PkiError('MALFORMED_DER', 'empty input', path);
  // Stack of end offsets of the constructed values we are inside.
  const ends: number[] = [der.length];
  let offset = 0;
  let topLevelValues = 0;
  while (offset < der.length) {
    while (ends.length > 1 && offset === ends[ends.length - 1]) ends.pop();
    if (offset === der.length) break;
    const parentEnd = ends[ends.length - 1]!;
    const start = offset;
    const tag = der[offset++]!;
    if ((tag & 0x1f) === 0x1f) {
      // High tag number form: base-128 digits, the last without bit 8.
      let digits = 0;
      while (offset < parentEnd && (der[offset]! & 0x80) !== 0) {
        offset++;
        if (++digits > 4) throw new PkiError('MALFORMED_DER', `tag number too large at byte ${start}`, path);
      }
      offset++;
    }
    if (offset >= parentEnd) throw new PkiError('MALFORMED_DER', `truncated at byte ${start}`, path);
    const first = der[offset++]!;
    let length = first;
    if (first === 0x80) throw new PkiError('MALFORMED_DER', `indefinite length at byte ${start}`, path);
    if (first > 0x80) {
      const count = first & 0x7f;
      if (count > 4) throw new PkiError('TOO_LARGE', `length field of ${count} bytes at byte ${start}`, path);
      if (offset + count > parentEnd)
        throw new PkiError('MALFORMED_DER', `truncated length at byte ${start}`, path);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + der[offset++]!;
    }
    const end = offset + length;
    if (end > parentEnd) {
      throw new PkiError('MALFORMED_DER', `value at byte ${start} runs past the end of its container`, path);
    }
    if (ends.length === 1) topLevelValues++;
    if ((tag & 0x20) !== 0) {
      if (ends.length > limits.maxDepth) {
        throw new PkiError('TOO_DEEP', `nested deeper than ${limits.maxDepth} levels`, path);
      }
      ends.push(end);
    } else {
      offset = end;
    }
  }
  if (topLevelValues !== 1) throw new PkiError('MALFORMED_DER', 'trailing data after the value', path);
}

type AsnType<T> = new () => T;

/**
 * Parses DER into a `@peculiar/asn1-schema` class after the structural
 * check; any failure becomes a PkiError naming `path`.
 */
export function parseDer<T>(der: Uint8Array, type: AsnType<T>, path: string, limits?: DerLimits): T {
  if (!(der instanceof Uint8Array))
    throw new PkiError('INVALID_ARGUMENT', 'DER input must be a Uint8Array', path);
  checkDerStructure(der, path, limits);
  try {
    return AsnConvert.parse(der, type);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PkiError('UNEXPECTED_STRUCTURE', `not a valid ${type.name}: ${reason}`, path, { cause: error });
  }
}

/**
 * DER encoding of an asn1-schema object. Parsers re-encode parts of what
 * they read (a Name to hash or compare); a value that parsed but cannot be
 * encoded again (e.g. a mistagged string) fails as a PkiError too.
 */
export function toDer(value: unknown, path = ''): Uint8Array {
  try {
    return new Uint8Array(AsnConvert.serialize(value));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PkiError('UNEXPECTED_STRUCTURE', `cannot encode the value: ${reason}`, path, { cause: error });
  }
}

/** Universal string types whose constructed (BER) form DER forbids: BIT STRING, OCTET STRING and the character strings. */
const PRIMITIVE_ONLY = new Set([0x03, 0x04, 0x0c, 0x12, 0x13, 0x14, 0x16, 0x1a, 0x1e]);

/**
 * Whether `der`, already accepted by `checkDerStructure`, has every length
 * in its shortest form, low tag numbers and no constructed strings: what
 * re-encoding a parsed value would change. A part of a request that passes
 * can go into a certificate as received instead of encoded again (which,
 * for a public key, cost `@peculiar/asn1-schema` about 0.1 ms).
 */
export function hasMinimalLengths(der: Uint8Array): boolean {
  let offset = 0;
  const ends: number[] = [der.length];
  while (offset < der.length) {
    while (ends.length > 1 && offset === ends[ends.length - 1]) ends.pop();
    const tag = der[offset++]!;
    if ((tag & 0x1f) === 0x1f) return false;
    if ((tag & 0xc0) === 0 && (tag & 0x20) !== 0 && PRIMITIVE_ONLY.has(tag & 0x1f)) return false;
    const first = der[offset++];
    if (first === undefined) return false;
    let length = first;
    if (first > 0x80) {
      const count = first & 0x7f;
      if (der[offset] === 0) return false;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (der[offset++] ?? 0);
      if (length < 0x80) return false;
    } else if (first === 0x80) {
      return false;
    }
    if ((tag & 0x20) !== 0) ends.push(offset + length);
    else offset += length;
  }
  return true;
}
