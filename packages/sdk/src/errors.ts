/** One field's problem in a VALIDATION_FAILED answer. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * A failure of a Podpis call with a stable `code`: the server's RFC 9457
 * problem (`application/problem+json`) as it answered, or one the SDK names
 * for what happened before an answer came (NETWORK_ERROR, TLS_UNTRUSTED,
 * TIMEOUT, ABORTED, …) with `status` 0.
 */
export class PodpisError extends Error {
  override readonly name = 'PodpisError';

  constructor(
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    /** Stable, machine-readable: the server's `code`, e.g. KEY_PIN_WRONG. */
    readonly code: string,
    /** What happened, for people. */
    readonly detail: string,
    /** The server's request id (`requestId`), to quote to its operators. */
    readonly requestId?: string,
    /** Per-field problems of VALIDATION_FAILED. */
    readonly errors?: readonly FieldProblem[],
    /** The whole problem document, with any extension members (e.g. remainingAttempts). */
    readonly problem?: Readonly<Record<string, unknown>>,
    options?: { cause?: unknown },
  ) {
    super(`${detail} [${code}]`, options);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fieldProblems(value: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((item) => ({
    path: typeof item.path === 'string' ? item.path : '',
    message: typeof item.message === 'string' ? item.message : '',
  }));
}

/**
 * The error an answer with `status` ≥ 400 and `body` (parsed JSON, text or
 * nothing) stands for. A body without a string `code` did not come from a
 * Podpis API (a proxy's page): HTTP_<status>.
 */
export function problemError(status: number, body: unknown): PodpisError {
  if (!isRecord(body) || typeof body.code !== 'string')
    return new PodpisError(
      status,
      `HTTP_${status}`,
      `the server answered ${status} without an API problem (is the base URL a Podpis server?)`,
    );
  const detail =
    typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : body.code;
  return new PodpisError(
    status,
    body.code,
    detail,
    typeof body.requestId === 'string' ? body.requestId : undefined,
    fieldProblems(body.errors),
    body,
  );
}
