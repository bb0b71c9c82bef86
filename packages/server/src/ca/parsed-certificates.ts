import { derChildren, parseCertificate, type CertificateInfo } from '@podpis/pki';

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

const subjects = new WeakMap<CertificateInfo, Uint8Array>();

/**
 * The subject Name of a CA certificate (parsed by `parsedCaCertificate`) as
 * its DER holds it: the issuer Name of every certificate the CA signs,
 * taken once per CA certificate instead of encoded again for each one.
 */
export function caSubjectDer(info: CertificateInfo): Uint8Array {
  let subject = subjects.get(info);
  if (!subject) {
    // TBSCertificate: [0] version (absent in v1), serialNumber, signature, issuer, validity, subject, …
    const fields = derChildren(info.tbsDer, 'tbsCertificate');
    subject = fields[fields[0]?.[0] === 0xa0 ? 5 : 4];
    if (!subject) throw new Error('a CA certificate without a subject');
    subjects.set(info, subject);
  }
  return subject;
}
