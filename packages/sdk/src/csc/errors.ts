/**
 * A refusal of a CSC service or its authorization server: the
 * `{ error, error_description }` body of the CSC API v2 (§10, error
 * handling) and of RFC 6749 §5.2, with the HTTP status (0: no answer, or a
 * check made here such as a state mismatch).
 */
export class CscError extends Error {
  override readonly name = 'CscError';

  constructor(
    readonly status: number,
    /** e.g. invalid_request, invalid_grant, access_denied, expired_token. */
    readonly error: string,
    readonly errorDescription?: string,
    options?: { cause?: unknown },
  ) {
    super(errorDescription === undefined ? error : `${error}: ${errorDescription}`, options);
  }
}

/** The CscError an error answer stands for; a body without `error` is named http_<status>. */
export function cscErrorOf(status: number, body: unknown): CscError {
  if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') {
    const { error, error_description } = body as { error: string; error_description?: unknown };
    return new CscError(status, error, typeof error_description === 'string' ? error_description : undefined);
  }
  return new CscError(
    status,
    `http_${status}`,
    typeof body === 'string' && body !== '' ? body.slice(0, 200) : undefined,
  );
}
