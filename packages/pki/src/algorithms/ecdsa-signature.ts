import { ECDSASigValue } from '@peculiar/asn1-ecc';
import { AsnConvert } from '@peculiar/asn1-schema';

function unsignedBytes(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  if ((trimmed[0]! & 0x80) === 0) return trimmed;
  const padded = new Uint8Array(trimmed.length + 1);
  padded.set(trimmed, 1);
  return padded;
}

function fixedWidth(bytes: Uint8Array, width: number): Uint8Array | undefined {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  if (trimmed.length > width) return undefined;
  const out = new Uint8Array(width);
  out.set(trimmed, width - trimmed.length);
  return out;
}

/** WebCrypto's (or PKCS#11's) r ‖ s to the DER Ecdsa-Sig-Value that X.509 and CMS carry. */
export function ecdsaRawToDer(signature: Uint8Array): Uint8Array {
  // A plain copy: a Node Buffer's slice() is a view into a shared pool, whose .buffer is the whole pool.
  const raw = new Uint8Array(signature);
  const half = raw.length / 2;
  const value = new ECDSASigValue({
    r: unsignedBytes(raw.subarray(0, half)).slice().buffer,
    s: unsignedBytes(raw.subarray(half)).slice().buffer,
  });
  return new Uint8Array(AsnConvert.serialize(value));
}

/** DER Ecdsa-Sig-Value to r ‖ s of `width` bytes each; undefined if malformed. */
export function ecdsaDerToRaw(der: Uint8Array, width: number): Uint8Array | undefined {
  try {
    const value = AsnConvert.parse(der, ECDSASigValue);
    const r = fixedWidth(new Uint8Array(value.r), width);
    const s = fixedWidth(new Uint8Array(value.s), width);
    if (!r || !s) return undefined;
    const out = new Uint8Array(2 * width);
    out.set(r);
    out.set(s, width);
    return out;
  } catch {
    return undefined;
  }
}
