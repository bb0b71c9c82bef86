/**
 * All @podpis/gost benchmarks, each in a fresh process (V8 state such as the
 * typed-array detach protector carries over within a process and would skew
 * the later figures). Every figure is printed next to its reference measured
 * on the same machine in the same run — OpenSSL's GOST engine for the hash
 * and ciphers, @noble/curves for the signatures — with the ratio.
 * Run from the repository root: `npm run bench -w @podpis/gost`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benches = [['hash.ts'], ['hash.ts', '--after-pg'], ['cipher.ts'], ['sign.ts']];
for (const [bench, ...args] of benches) {
  const file = fileURLToPath(new URL(bench!, import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
