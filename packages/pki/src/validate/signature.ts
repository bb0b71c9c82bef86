import type { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { verifySignature } from '../algorithms/verify.js';
import { toDer } from '../asn1/der.js';
import type { CertificateInfo } from '../x509/certificate.js';

/**
 * Whether the certificate's signature verifies under the issuer's key, over
 * the TBSCertificate exactly as received: re-encoding a parsed certificate
 * may change its bytes, or fail for values the library reads but will not write.
 */
export async function signedBy(cert: CertificateInfo, issuerKey: SubjectPublicKeyInfo): Promise<boolean> {
  const raw = cert.asn1.tbsCertificateRaw;
  const tbs = raw ? new Uint8Array(raw) : toDer(cert.asn1.tbsCertificate);
  return verifySignature(
    issuerKey,
    cert.asn1.signatureAlgorithm,
    tbs,
    new Uint8Array(cert.asn1.signatureValue),
  );
}
