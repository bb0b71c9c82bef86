import { DomainError } from '../../core/domain-error.js';

/** A format's parameter that must be one of `allowed`; `fallback` when absent. */
export function choice<T extends string>(
  raw: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = raw[name] ?? fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new DomainError('SIGNING_PARAMETERS_INVALID', `${name} must be one of ${allowed.join(', ')}`, {
      parameter: name,
    });
  }
  return value as T;
}

/** A boolean parameter; `fallback` when absent. */
export function flag(raw: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = raw[name] ?? fallback;
  if (typeof value !== 'boolean') {
    throw new DomainError('SIGNING_PARAMETERS_INVALID', `${name} must be true or false`, { parameter: name });
  }
  return value;
}

/** A small non-negative integer parameter; `fallback` when absent. */
export function count(raw: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const value = raw[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new DomainError('SIGNING_PARAMETERS_INVALID', `${name} must be an integer from 0 to ${max}`, {
      parameter: name,
    });
  }
  return value;
}

/** Refuses parameters the format does not know, so a misspelt one is not silently ignored. */
export function onlyKnown(raw: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(raw).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new DomainError('SIGNING_PARAMETERS_INVALID', `unknown parameters: ${unknown.join(', ')}`, {
      parameter: unknown[0],
    });
  }
}
