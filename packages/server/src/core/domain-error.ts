/**
 * Every failure the services name, with its stable code. The code is the
 * contract: the REST API, the CLI, the web office (and later OAuth 2.0 and
 * the CSC API) each turn it into their own form — a status and problem+json,
 * an exit code, an `error` field — in one table of their own. Nothing here
 * knows about HTTP.
 */
export const DOMAIN_ERROR_CODES = [
  // authentication and accounts
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'RATE_LIMITED',
  'PASSWORD_POLICY',
  'PASSWORD_CHANGE_REQUIRED',
  'TOKEN_NOT_FOUND',
  'INVALID_TOKEN',
  'AUTHENTICATION_REQUIRED',
  'SESSION_EXPIRED',
  'CSRF_FAILED',
  'FORBIDDEN',
  'INSUFFICIENT_SCOPE',
  'CLIENT_CERTIFICATE_REQUIRED',
  'CLIENT_CERTIFICATE_REVOKED',
  // people
  'USER_NOT_FOUND',
  'OPERATOR_NOT_FOUND',
  'ADMINISTRATOR_NOT_FOUND',
  'LOGIN_INVALID',
  'LOGIN_TAKEN',
  'PROFILE_INVALID',
  'CONCURRENT_EDIT',
  'IDENTITY_ALREADY_LINKED',
  // certification authority
  'CA_NOT_FOUND',
  'CA_NOT_ISSUING',
  'CERT_NOT_FOUND',
  'CERT_ALREADY_REVOKED',
  'CERT_ALREADY_SUSPENDED',
  'CERT_NOT_SUSPENDED',
  'CERT_EXPIRED',
  'CERT_NOT_VALID',
  'CERT_STILL_VALID',
  'CERT_NOT_RENEWABLE',
  'CERT_IS_CA',
  'SERIAL_INVALID',
  'REASON_INVALID',
  'VALIDITY_INVALID',
  'CSR_INVALID',
  'CSR_SUBJECT_EMPTY',
  'CSR_SIGNATURE_INVALID',
  'CRL_BASE_MISSING',
  'RENEWAL_REQUEST_NOT_FOUND',
  'RENEWAL_ALREADY_REQUESTED',
  'RENEWAL_ALREADY_DECIDED',
  'PROFILE_NOT_FOUND',
  'PROFILE_NOT_APPLICABLE',
  'PROFILE_KEY_ALGORITHM_NOT_ALLOWED',
  // keys
  'KEY_STORE_UNAVAILABLE',
  'KEY_NOT_HELD',
  'PIN_MISMATCH',
  'KEY_NOT_FOUND',
  'KEY_DESTROYED',
  'KEY_PIN_REQUIRED',
  'KEY_PIN_WRONG',
  'KEY_PIN_INVALID',
  'KEY_PIN_NOT_APPLICABLE',
  'KEY_PIN_RESET_IMPOSSIBLE',
  'KEY_LOCKED',
  'KEY_ALGORITHM_UNSUPPORTED',
  'KEY_MASTER_KEY_INVALID',
  'KEY_MASTER_KEY_MISMATCH',
  'KEY_SEAL_INVALID',
  'KEY_STORE_FAILED',
  // key activations
  'ACTIVATION_INVALID',
  'ACTIVATION_NOT_FOUND',
  'ACTIVATION_KEY_MISMATCH',
  'ACTIVATION_DIGEST_MISMATCH',
  'ACTIVATION_USED',
  'ACTIVATION_EXPIRED',
  // signing operations
  'SIGNING_OPERATION_NOT_FOUND',
  'SIGNING_OPERATION_COMPLETED',
  'SIGNING_OPERATION_CANCELLED',
  'SIGNING_OPERATION_FAILED',
  'SIGNING_OPERATION_BUSY',
  'SIGNING_OPERATION_EXPIRED',
  'SIGNING_DIGEST_INVALID',
  'SIGNING_DIGEST_ALGORITHM_MISMATCH',
  'SIGNING_DOCUMENT_INVALID',
  'SIGNING_RESULT_NOT_FOUND',
  'SIGNING_PARAMETERS_INVALID',
  'SIGNING_SIGNATURE_INVALID',
  'SIGNING_DOCUMENT_NOT_FOUND',
  'SIGNING_SERVICE_UNAVAILABLE',
  'SIGNING_DOCUMENT_MALFORMED',
  'EVIDENCE_INVALID',
  'VERIFICATION_INPUT_INVALID',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/**
 * A failure a service reports: a stable `code`, a message for people and
 * optional details (never a PIN, password or key material).
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
