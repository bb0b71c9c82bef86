import { afterAll, beforeAll, describe, expect } from 'vitest';
import { gostImplementations, useGostImplementation, type GostImplementation } from '@podpis/gost';

/** Both paths of the WebAssembly-backed algorithms, WebAssembly first. */
export const IMPLEMENTATIONS: readonly GostImplementation[] = ['wasm', 'pure'];

/**
 * `body` once per path, in a describe named after it. The path is selected
 * while the describe body is collected (so ciphers built there take it: a
 * cipher keeps the path it was made on) and again around its tests (so
 * ciphers built inside `it` take it too), and checked to be the one in use.
 */
export function describeEachImplementation(name: string, body: (impl: GostImplementation) => void): void {
  describe.each(IMPLEMENTATIONS)(`${name} (%s path)`, (impl) => {
    useGostImplementation(impl);
    try {
      body(impl);
    } finally {
      useGostImplementation('auto');
    }
    beforeAll(() => {
      useGostImplementation(impl);
      expect(gostImplementations()['kuznyechik']).toBe(impl);
    });
    afterAll(() => {
      useGostImplementation('auto');
    });
  });
}
