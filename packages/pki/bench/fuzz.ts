/**
 * Fuzzes every parser of @podpis/pki with mutated valid structures.
 *   npx tsx packages/pki/bench/fuzz.ts [--seed N] [--cases N]
 * Default: 100,000 cases from seed 1. A finding prints its seed and case
 * number (replay with the same --seed and --cases) and the input in base64;
 * the exit code is 1 when there is any.
 */
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

// The package's sources use decorators, which need its own tsconfig; tsx
// takes the one in the working directory unless told otherwise.
const tsx = register({
  namespace: 'pki-fuzz',
  tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
});
const { fuzz } = (await tsx.import('./fuzz-engine.ts', import.meta.url)) as typeof import('./fuzz-engine.js');
const { fuzzTargets } = (await tsx.import(
  './fuzz-targets.ts',
  import.meta.url,
)) as typeof import('./fuzz-targets.js');

const seed = option('seed', 1);
const cases = option('cases', 100_000);
const targets = await fuzzTargets();
const started = performance.now();
const report = await fuzz(targets, seed, cases);
const seconds = (performance.now() - started) / 1000;
console.log(
  `fuzz: seed ${seed}, ${report.cases} cases over ${targets.map((t) => t.name).join(', ')} in ${seconds.toFixed(1)} s ` +
    `(${Math.round(report.cases / seconds)}/s): ${report.parsed} parsed, ${report.rejected} rejected with PkiError, ` +
    `${report.findings.length} findings; slowest case ${report.slowest.ms.toFixed(1)} ms (${report.slowest.target})`,
);
for (const finding of report.findings.slice(0, 20)) console.log(JSON.stringify(finding));
process.exit(report.findings.length > 0 ? 1 : 0);
