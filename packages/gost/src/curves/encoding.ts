/** Integer ↔ byte-string conversions used by the GOST R 34.10 encodings. */

export function bytesToNumberLE(bytes: Uint8Array): bigint {
  let hex = '';
  for (let i = bytes.length - 1; i >= 0; i--) hex += bytes[i]!.toString(16).padStart(2, '0');
  return hex === '' ? 0n : BigInt(`0x${hex}`);
}

export function bytesToNumberBE(bytes: Uint8Array): bigint {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex === '' ? 0n : BigInt(`0x${hex}`);
}

/** n as exactly `length` bytes, most significant first; n must fit. */
export function numberToBytesBE(n: bigint, length: number): Uint8Array {
  const hex = n.toString(16).padStart(2 * length, '0');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** n as exactly `length` bytes, least significant first; n must fit. */
export function numberToBytesLE(n: bigint, length: number): Uint8Array {
  return numberToBytesBE(n, length).reverse();
}
