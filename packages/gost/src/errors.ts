/**
 * Every misuse of the GOST API throws a GostError with a stable code, so
 * callers (the PKI package, the server) can map it to their own errors
 * without parsing messages. Malformed *signatures* never throw: `verify`
 * returns false for them.
 */
export type GostErrorCode =
  | 'INVALID_KEY_LENGTH'
  | 'INVALID_KEY'
  | 'INVALID_DIGEST_LENGTH'
  | 'INVALID_IV_LENGTH'
  | 'INVALID_NONCE'
  | 'INVALID_DATA_LENGTH'
  | 'INVALID_PADDING'
  | 'INVALID_TAG_LENGTH'
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_PARAM_SET'
  | 'POINT_NOT_ON_CURVE'
  | 'AUTH_FAILED'
  | 'DIGEST_FINISHED'
  | 'LIMIT_EXCEEDED'
  | 'WASM_UNAVAILABLE';

export class GostError extends Error {
  override readonly name = 'GostError';
  readonly code: GostErrorCode;

  constructor(code: GostErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
