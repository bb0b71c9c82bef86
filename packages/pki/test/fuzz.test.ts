import { beforeAll, describe, expect, it } from 'vitest';
import { fuzz, seededRandom, type FuzzTarget } from '../bench/fuzz-engine.js';
import { fuzzTargets } from '../bench/fuzz-targets.js';

let targets: FuzzTarget[];
beforeAll(async () => {
  targets = await fuzzTargets();
});

describe('parsers under mutation fuzzing (bench/fuzz.ts runs 100,000+ cases)', () => {
  it('5,000 mutated structures: each parses or fails with a PkiError, none crashes or hangs', async () => {
    const report = await fuzz(targets, 20261128, 5000);
    expect(report.findings).toEqual([]);
    expect(report.cases).toBe(5000);
    // The mutations must mostly break things, or the run proves little.
    expect(report.rejected).toBeGreaterThan(report.cases / 2);
  });

  it('is reproducible by seed', async () => {
    const a = await fuzz(targets, 99, 500);
    const b = await fuzz(targets, 99, 500);
    expect([a.parsed, a.rejected]).toEqual([b.parsed, b.rejected]);
    expect(seededRandom(5)()).toBe(seededRandom(5)());
  });

  it('reports a parser that throws anything but PkiError, with the case to replay', async () => {
    const fragile: FuzzTarget = {
      name: 'fragile',
      seeds: targets[0]!.seeds,
      parse: (der) => {
        if (der.length % 7 === 0) throw new TypeError('cannot read properties of undefined');
        return der.length;
      },
    };
    const report = await fuzz([fragile], 3, 300);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings[0]).toMatchObject({
      target: 'fragile',
      seed: 3,
      error: 'TypeError: cannot read properties of undefined',
    });
  });
});
