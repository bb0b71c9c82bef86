import { DomainError, type DomainErrorCode } from '../../src/core/domain-error.js';
import { HTTP_STATUS_OF } from '../../src/http/error-status.js';

/** A service's failure as the REST API shows it: the DomainError with the HTTP status of its code. */
export interface RestProblem {
  code: DomainErrorCode;
  message: string;
  details?: Record<string, unknown>;
  status: number;
}

/** `error` as the REST API shows it; anything but a DomainError is returned as it is, so a match on it fails clearly. */
export function asRestProblem(error: unknown): unknown {
  return error instanceof DomainError ? toRestProblem(error) : error;
}

function toRestProblem(error: DomainError): RestProblem {
  return {
    code: error.code,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
    status: HTTP_STATUS_OF[error.code],
  };
}

/** The rejection of `promise` as the REST API shows it; fails when it resolves or rejects with anything else. */
export async function restRejection(promise: Promise<unknown>): Promise<RestProblem> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return toRestProblem(error);
}
