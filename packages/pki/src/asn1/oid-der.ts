import { ObjectIdentifier } from 'asn1js';

const oidDers = new Map<string, Uint8Array>();

/**
 * The DER of an OID, remembered: signatures, certificates and names write
 * the same few many times. The cache stops growing at 512 entries (OIDs
 * may come from callers).
 */
export function oidDer(oid: string): Uint8Array {
  let der = oidDers.get(oid);
  if (!der) {
    der = new Uint8Array(new ObjectIdentifier({ value: oid }).toBER());
    if (oidDers.size < 512) oidDers.set(oid, der);
  }
  return der;
}
