/**
 * Distinguished name comparison by RFC 5280 §7.1: the same number of RDNs,
 * each with the same set of attributes; string values compared after
 * case folding and whitespace normalisation (leading and trailing spaces
 * dropped, inner runs collapsed), whatever string type each side used;
 * other values compared by their DER. Identical encodings match at once.
 */
import type {
  AttributeTypeAndValue,
  AttributeValue,
  Name,
  RelativeDistinguishedName,
} from '@peculiar/asn1-x509';
import { toDer } from '../asn1/der.js';
import { attributeText } from '../x509/name.js';

/** Universal tags of the string types an `anyValue` may hold (NumericString, IA5String, VisibleString…). */
const STRING_TAGS = new Set([0x0c, 0x12, 0x13, 0x14, 0x16, 0x1a, 0x1c, 0x1e]);

function isString(value: AttributeValue): boolean {
  if (value.anyValue === undefined) return true;
  return STRING_TAGS.has(new Uint8Array(value.anyValue)[0] ?? 0);
}

/** The comparison form of a string value (RFC 4518 in its common subset). */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * The DER of a parsed value, or undefined when the library cannot write it
 * back (it parses some values, e.g. a PrintableString with a forbidden
 * character, that it refuses to serialise).
 */
function encoded(value: unknown): Uint8Array | undefined {
  try {
    return toDer(value);
  } catch {
    return undefined;
  }
}

function sameEncoding(a: unknown, b: unknown): boolean {
  const left = encoded(a);
  const right = encoded(b);
  return left !== undefined && right !== undefined && sameBytes(left, right);
}

function sameAttribute(a: AttributeTypeAndValue, b: AttributeTypeAndValue): boolean {
  if (a.type !== b.type) return false;
  if (isString(a.value) && isString(b.value)) {
    return normaliseText(attributeText(a.value)) === normaliseText(attributeText(b.value));
  }
  return sameEncoding(a.value, b.value);
}

/** Whether two RDNs hold the same set of attributes (order within the set does not matter). */
export function sameRdn(a: RelativeDistinguishedName, b: RelativeDistinguishedName): boolean {
  return a.length === b.length && a.every((atv) => b.some((other) => sameAttribute(atv, other)));
}

/** Whether two Names are equal by RFC 5280 §7.1. */
export function namesEqual(a: Name, b: Name): boolean {
  if (a.length !== b.length) return false;
  if (sameEncoding(a, b)) return true;
  return a.every((rdn, i) => sameRdn(rdn, b[i]!));
}

/** Whether `name` lies in the subtree `base`: its first RDNs equal all of base's (RFC 5280 §4.2.1.10). */
export function nameWithin(name: Name, base: Name): boolean {
  return base.length <= name.length && base.every((rdn, i) => sameRdn(rdn, name[i]!));
}
