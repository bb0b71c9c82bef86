import { expect } from 'vitest';
import { PkiError } from '@podpis/pki';

/** The PkiError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function pkiError(promise: Promise<unknown>): Promise<PkiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PkiError);
  return error as PkiError;
}
