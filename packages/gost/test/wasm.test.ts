import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gostImplementations, useGostImplementation, wasmSimdSupported, whenGostReady } from '@podpis/gost';
import { errorCode } from './support/helpers.js';

const buildScript = fileURLToPath(new URL('../scripts/build-wasm.mjs', import.meta.url));

describe('WebAssembly modules of @podpis/gost', () => {
  it('are exactly what the AssemblyScript sources compile to (src/wasm/*.bytes.ts are not stale)', () => {
    const result = spawnSync(process.execPath, [buildScript, '--check'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('run with SIMD on Node 20', () => {
    expect(wasmSimdSupported()).toBe(true);
  });

  it('are ready once whenGostReady resolves (the office awaits it: a page compiles them asynchronously)', async () => {
    await whenGostReady();
    expect(gostImplementations()).toEqual({ streebog: 'wasm', kuznyechik: 'wasm' });
  });

  it('take an explicit choice of path and refuse an unknown one', () => {
    try {
      useGostImplementation('pure');
      expect(Object.values(gostImplementations()).every((path) => path === 'pure')).toBe(true);
      expect(
        errorCode(() => {
          useGostImplementation('fast' as 'auto');
        }),
      ).toBe('INVALID_ARGUMENT');
    } finally {
      useGostImplementation('auto');
    }
  });
});
