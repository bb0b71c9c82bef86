/**
 * A copy backed by a plain ArrayBuffer, which WebCrypto's types require
 * (a Uint8Array may view a SharedArrayBuffer).
 */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
