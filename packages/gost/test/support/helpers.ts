import { expect } from 'vitest';
import { GostError, hexToBytes } from '@podpis/gost';

/** Bytes from hex as the standards print it: whitespace and line breaks ignored. */
export const hex = (s: string): Uint8Array => hexToBytes(s.replace(/\s+/g, ''));

/** UTF-8 bytes of a string. */
export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The GostError code `fn` throws, its text for another exception, or 'no error'. */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof GostError ? e.code : String(e);
  }
  return 'no error';
}

/** Fails unless `fn` throws a GostError with `code`. */
export function expectGostError(fn: () => unknown, code: string): void {
  expect(errorCode(fn)).toBe(code);
}

/** A small seeded generator of byte strings, so a failing random case can be replayed. */
export function seededBytes(seed: number): (length: number) => Uint8Array {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  return (length) => Uint8Array.from({ length }, () => next() & 0xff);
}
