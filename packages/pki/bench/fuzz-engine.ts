/**
 * Mutation fuzzing of the parsers: valid structures are damaged in the ways
 * real-world garbage and attackers damage DER (bit flips, wrong lengths,
 * truncation, insertion, deletion, repeated chunks, swapped tags) and fed to
 * every parser. The only acceptable outcomes are a parsed value or a
 * PkiError; anything else — another exception type, a stack overflow, a
 * case that takes too long — is a finding, reported with its seed and case
 * number so it can be replayed.
 */
import { PkiError } from '../src/errors.js';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (input: Uint8Array, random: () => number) => Uint8Array;

const int = (random: () => number, n: number): number => Math.floor(random() * n);

const MUTATIONS: readonly [string, Mutation][] = [
  [
    'flip bit',
    (input, random) => {
      const out = input.slice();
      const i = int(random, out.length);
      out[i] = out[i]! ^ (1 << int(random, 8));
      return out;
    },
  ],
  [
    'replace byte',
    (input, random) => {
      const out = input.slice();
      out[int(random, out.length)] = [0x00, 0xff, 0x80, 0x7f, 0x30, 0x04, 0x02, 0xa0, 0x84][int(random, 9)]!;
      return out;
    },
  ],
  ['truncate', (input, random) => input.slice(0, int(random, input.length))],
  [
    'insert bytes',
    (input, random) => {
      const at = int(random, input.length + 1);
      const extra = Uint8Array.from({ length: 1 + int(random, 8) }, () => int(random, 256));
      return Uint8Array.from([...input.subarray(0, at), ...extra, ...input.subarray(at)]);
    },
  ],
  [
    'delete bytes',
    (input, random) => {
      const at = int(random, input.length);
      return Uint8Array.from([...input.subarray(0, at), ...input.subarray(at + 1 + int(random, 8))]);
    },
  ],
  [
    'repeat chunk',
    (input, random) => {
      const at = int(random, input.length);
      const chunk = input.subarray(at, at + 1 + int(random, 64));
      return Uint8Array.from([
        ...input.subarray(0, at),
        ...chunk,
        ...chunk,
        ...input.subarray(at + chunk.length),
      ]);
    },
  ],
  [
    'long-form length',
    (input, random) => {
      // Turn some byte into a long-form length header claiming a huge or odd size.
      const out = input.slice();
      const at = 1 + int(random, Math.max(1, out.length - 5));
      out.set(
        [0x84, int(random, 256), int(random, 256), int(random, 256), int(random, 256)].slice(
          0,
          out.length - at,
        ),
        at,
      );
      return out;
    },
  ],
];

export interface FuzzTarget {
  name: string;
  /** Valid encodings to start from. */
  seeds: Uint8Array[];
  /** A parser, or anything that reads the input (it may be async, e.g. decryption). */
  parse: (der: Uint8Array) => unknown;
  /** A slower allowance for targets whose valid input is costly by design (PKCS#12 key derivation). */
  slowMs?: number;
}

export interface FuzzFinding {
  target: string;
  seed: number;
  caseNumber: number;
  mutation: string;
  error: string;
  input: string;
}

export interface FuzzReport {
  cases: number;
  parsed: number;
  rejected: number;
  findings: FuzzFinding[];
  slowest: { target: string; ms: number };
}

/** Runs `cases` mutated inputs over the targets; deterministic for a seed. */
export async function fuzz(
  targets: readonly FuzzTarget[],
  seed: number,
  cases: number,
  slowMs = 2000,
): Promise<FuzzReport> {
  const random = seededRandom(seed);
  const report: FuzzReport = {
    cases: 0,
    parsed: 0,
    rejected: 0,
    findings: [],
    slowest: { target: '', ms: 0 },
  };
  for (let n = 0; n < cases; n++) {
    const target = targets[n % targets.length]!;
    let input = target.seeds[int(random, target.seeds.length)]!;
    const rounds = 1 + int(random, 3);
    const applied: string[] = [];
    for (let r = 0; r < rounds && input.length > 0; r++) {
      const [name, mutate] = MUTATIONS[int(random, MUTATIONS.length)]!;
      input = mutate(input, random);
      applied.push(name);
    }
    const start = performance.now();
    try {
      await target.parse(input);
      report.parsed++;
    } catch (error) {
      if (error instanceof PkiError) {
        report.rejected++;
      } else {
        report.findings.push({
          target: target.name,
          seed,
          caseNumber: n,
          mutation: applied.join(' + '),
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          input: Buffer.from(input).toString('base64'),
        });
      }
    }
    const ms = performance.now() - start;
    if (ms > report.slowest.ms) report.slowest = { target: target.name, ms };
    if (ms > (target.slowMs ?? slowMs)) {
      report.findings.push({
        target: target.name,
        seed,
        caseNumber: n,
        mutation: applied.join(' + '),
        error: `took ${ms.toFixed(0)} ms`,
        input: Buffer.from(input).toString('base64'),
      });
    }
    report.cases++;
  }
  return report;
}
