import { X509Certificate } from 'node:crypto';

/**
 * The CA certificate(s) an administrator pastes to trust a server we call
 * out to (a directory, an HR system): null when empty, else every
 * certificate block checked readable and joined as one PEM. Refusals go
 * through the caller's `invalid`, so each service keeps its own error code.
 */
export function checkCaCertificatePem(
  pem: string | null | undefined,
  invalid: (field: string, message: string) => Error,
): string | null {
  const text = pem?.trim();
  if (!text) return null;
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!blocks) throw invalid('caCertificate', 'the CA certificate must be PEM (-----BEGIN CERTIFICATE-----)');
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw invalid('caCertificate', 'a CA certificate in the PEM cannot be read');
    }
  }
  return blocks.join('\n') + '\n';
}
