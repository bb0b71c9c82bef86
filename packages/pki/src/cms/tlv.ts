/** Minimal DER writing for the few places CMS needs exact bytes (sorted SET OF, signed attributes). */

function lengthOctets(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return [0x80 | bytes.length, ...bytes];
}

/** Tag, length and the concatenated parts. */
export function tlv(tag: number, ...parts: readonly Uint8Array[]): Uint8Array {
  const contents = concatBytes(...parts);
  return concatBytes(Uint8Array.from([tag, ...lengthOctets(contents.length)]), contents);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  }
  return a.length - b.length;
}

/** The elements of a DER SET OF in the order X.690 §11.6 requires. */
export function derSetOrder(elements: readonly Uint8Array[]): Uint8Array[] {
  return [...elements].sort(compareBytes);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
