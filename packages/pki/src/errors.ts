/**
 * Every failure of the PKI library: a stable code and, for parse errors, the
 * path into the structure where it happened (e.g. `tbsCertificate.extensions[3]`).
 * Parsers throw nothing else, whatever bytes they are given.
 */
export type PkiErrorCode =
  | 'MALFORMED_DER'
  | 'UNEXPECTED_STRUCTURE'
  | 'UNSUPPORTED_ALGORITHM'
  | 'INVALID_ARGUMENT'
  | 'INVALID_KEY'
  | 'SIGNATURE_INVALID'
  | 'TOO_DEEP'
  | 'TOO_LARGE'
  | 'WRONG_PASSWORD'
  | 'NOT_A_RECIPIENT'
  | 'DECRYPTION_FAILED'
  | 'MALFORMED_PDF'
  | 'TRUNCATED_PDF'
  | 'ENCRYPTED_PDF'
  | 'BYTE_RANGE_MISMATCH';

export class PkiError extends Error {
  override readonly name = 'PkiError';
  constructor(
    readonly code: PkiErrorCode,
    message: string,
    readonly path = '',
    options?: ErrorOptions,
  ) {
    super(path ? `${message} (at ${path})` : message, options);
  }
}
