import { parseCertificate, type CertificateInfo } from '@podpis/pki';

/** How many CA certificates stay parsed; an installation has a handful, a renewal adds one. */
const CAPACITY = 64;

const parsed = new Map<string, CertificateInfo>();

/**
 * A CA certificate parsed once per process: every issuance needs its
 * issuing CA's subject, validity and key identifier, and parsing the DER
 * (several milliseconds of ASN.1) each time was a large part of an
 * issuance's CPU. Keyed by the DER itself, not by the CA's id, so a CA
 * whose certificate changes (renewal, a new key) is parsed afresh and
 * never served from a stale entry. The info is frozen: callers share it.
 */
export function parsedCaCertificate(der: Uint8Array): CertificateInfo {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const known = parsed.get(key);
  if (known) return known;
  const info = Object.freeze(parseCertificate(new Uint8Array(der)));
  if (parsed.size >= CAPACITY) parsed.delete(parsed.keys().next().value!);
  parsed.set(key, info);
  return info;
}
