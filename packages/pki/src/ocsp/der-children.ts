/**
 * The raw encodings of the values inside a constructed DER value. OCSP
 * hashes and signs exact bytes (the issuer Name, the responder's
 * certificates), which re-encoding a parsed structure might not reproduce.
 * Callers pass DER that `checkDerStructure` or a parser has already
 * accepted, so lengths here are known to stay inside the input.
 */
import { PkiError } from '../errors.js';

function valueBounds(der: Uint8Array, offset: number, path: string): { contents: number; end: number } {
  let cursor = offset + 1;
  if (((der[offset] ?? 0) & 0x1f) === 0x1f) {
    while (((der[cursor] ?? 0) & 0x80) !== 0) cursor++;
    cursor++;
  }
  const first = der[cursor++];
  if (first === undefined) throw new PkiError('MALFORMED_DER', 'truncated value', path);
  let length = first;
  if (first > 0x80) {
    length = 0;
    for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + (der[cursor++] ?? 0);
  }
  const end = cursor + length;
  if (end > der.length) throw new PkiError('MALFORMED_DER', 'value runs past the end', path);
  return { contents: cursor, end };
}

/** The complete encodings (tag, length, contents) of the children of the value at the start of `der`. */
export function derChildren(der: Uint8Array, path: string): Uint8Array[] {
  const { contents, end } = valueBounds(der, 0, path);
  const children: Uint8Array[] = [];
  for (let offset = contents; offset < end;) {
    const child = valueBounds(der, offset, path).end;
    if (child > end) throw new PkiError('MALFORMED_DER', 'value runs past its container', path);
    children.push(der.subarray(offset, child));
    offset = child;
  }
  return children;
}

/** The contents (without tag and length) of the value at the start of `der`. */
export function derContents(der: Uint8Array, path: string): Uint8Array {
  const { contents, end } = valueBounds(der, 0, path);
  return der.subarray(contents, end);
}
