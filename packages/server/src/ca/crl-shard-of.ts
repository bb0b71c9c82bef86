/**
 * The CRL shard of a new certificate, fixed at issuance: its serial number
 * modulo the CA's shard count. Serial numbers are random (serial.ts), so
 * certificates — and revocations — spread evenly over the shards.
 * Undefined when the CA has no shards (0): the certificate points to the full CRL.
 */
export function crlShardOf(serialNumber: Uint8Array, shards: number): number | undefined {
  if (shards <= 0) return undefined;
  let rest = 0;
  // Horner's rule byte by byte keeps every step below 2^21 for up to 4096 shards: exact in a double.
  for (const byte of serialNumber) rest = (rest * 256 + byte) % shards;
  return rest;
}
