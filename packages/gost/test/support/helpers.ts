import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  GostError,
  gostImplementations,
  hexToBytes,
  useGostImplementation,
  type GostImplementation,
} from '@podpis/gost';

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

/** Both paths of the WebAssembly-backed algorithms: every vector and cross-check runs on each. */
export const GOST_IMPLEMENTATIONS = ['wasm', 'pure'] as const satisfies readonly GostImplementation[];

/**
 * Makes the enclosing `describe` run on `implementation` (switching back to
 * `auto` after it), and checks first that `algorithm` really takes that path,
 * so a silent fallback cannot pass for the WebAssembly code.
 */
export function runOn(implementation: GostImplementation, algorithm: string): void {
  beforeAll(() => {
    useGostImplementation(implementation);
  });
  afterAll(() => {
    useGostImplementation('auto');
  });
  it(`computes ${algorithm} on the ${implementation} path`, () => {
    expect(gostImplementations()[algorithm]).toBe(implementation);
  });
}
