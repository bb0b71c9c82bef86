/** One field's problem in a 422 answer (the registration form's validator). */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/**
 * An RFC 9457 problem answer from the API. Pages show `code` through the
 * dictionary (errors.CODE) and fall back to `detail`, never a raw stack.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: readonly FieldProblem[] = [],
    /** The problem's extension members (`reason`, `lockedUntil` …) that refine what the code says. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads a problem body; anything else (a proxy's HTML page, a dropped connection) becomes a generic problem. */
export function toProblem(status: number, body: unknown): ApiProblem {
  if (isRecord(body) && typeof body.code === 'string') {
    const errors = Array.isArray(body.errors)
      ? body.errors.filter(
          (item): item is FieldProblem =>
            isRecord(item) && typeof item.field === 'string' && typeof item.code === 'string',
        )
      : [];
    return new ApiProblem(
      status,
      body.code,
      typeof body.detail === 'string' ? body.detail : '',
      errors,
      body,
    );
  }
  return new ApiProblem(status, status === 0 ? 'NETWORK_ERROR' : 'UNEXPECTED_ANSWER', `HTTP ${status}`);
}
