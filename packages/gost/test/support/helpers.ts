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
