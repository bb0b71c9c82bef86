import {
  parseCertificationRequest,
  PkiError,
  verifyCertificationRequest,
  type ParsedCertificationRequest,
} from '@podpis/pki';
import { DomainError } from '../core/domain-error.js';

/** Reads a PKCS#10 request (DER, or PEM text) and checks its proof of possession. */
export async function readCertificationRequest(
  input: Uint8Array | string,
): Promise<ParsedCertificationRequest> {
  let der: Uint8Array;
  if (typeof input === 'string') {
    const match =
      /-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----([\s\S]+?)-----END (?:NEW )?CERTIFICATE REQUEST-----/.exec(
        input,
      );
    if (!match?.[1]) throw new DomainError('CSR_INVALID', 'expected a PEM "CERTIFICATE REQUEST" block');
    der = new Uint8Array(Buffer.from(match[1].replace(/\s+/g, ''), 'base64'));
  } else {
    der = input;
  }
  let parsed: ParsedCertificationRequest;
  try {
    parsed = parseCertificationRequest(der);
  } catch (error) {
    if (error instanceof PkiError)
      throw new DomainError('CSR_INVALID', `the certification request is malformed: ${error.message}`);
    throw error;
  }
  let valid: boolean;
  try {
    valid = await verifyCertificationRequest(parsed);
  } catch (error) {
    if (error instanceof PkiError)
      throw new DomainError(
        'CSR_SIGNATURE_INVALID',
        `the request's signature cannot be checked: ${error.message}`,
      );
    throw error;
  }
  if (!valid)
    throw new DomainError(
      'CSR_SIGNATURE_INVALID',
      "the request's signature does not verify under its public key (no proof of possession)",
    );
  return parsed;
}
