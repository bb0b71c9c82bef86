/**
 * A copy backed by a plain ArrayBuffer, which WebCrypto's types require
 * (a Uint8Array may view a SharedArrayBuffer).
 */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/** Bytes of base64url text (as JWKs carry key parts), without Node's Buffer. */
export function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
