import { randomBytes } from 'node:crypto';

/**
 * A new certificate serial number: 16 random bytes (128 bits, above the 64
 * bits of entropy CAs must use), positive and without a leading zero byte,
 * so its hex form is the same everywhere.
 */
export function newSerialNumber(): Uint8Array {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  return new Uint8Array(serial);
}
