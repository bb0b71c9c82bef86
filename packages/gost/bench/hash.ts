/**
 * Streebog throughput on each path — WebAssembly SIMD and pure TypeScript —
 * against OpenSSL's GOST engine (`openssl speed -evp md_gost12_*`, the code
 * behind `openssl dgst -md_gost12_*`: C with SSE2) on this machine, at 64 B
 * (one block plus finalisation, 4 compressions: the per-message cost), 1 KiB,
 * 1 MiB and 64 MiB.
 *
 * Both sides are measured in user CPU time, as `openssl speed` divides by
 * by default, so other processes on a loaded machine disturb the ratio less.
 *
 * `--after-pg` loads `pg` first: it detaches an ArrayBuffer, and from then on
 * V8 checks every typed-array access for detachment, which costs the pure
 * path about 40% for the rest of the process (a server is in that state);
 * without it the figures are a fresh process's. `npm run bench -w
 * @podpis/gost` runs both; alone: `npx tsx packages/gost/bench/hash.ts [--after-pg]`.
 */
import { pathToFileURL } from 'node:url';
import { randomBytes } from '../src/random.js';
import { streebog256, streebog512 } from '../src/streebog.js';
import { useGostImplementation, type GostImplementation } from '../src/wasm/load.js';
import { printRows, type Row } from './report.js';

const afterPg = process.argv.includes('--after-pg');
if (afterPg) await import('pg');

/** User CPU milliseconds since `start` (a process.cpuUsage() reading). */
const cpuMsSince = (start: NodeJS.CpuUsage): number => process.cpuUsage(start).user / 1000;

/**
 * Megabytes (10^6 bytes) per CPU second of hashing `size`-byte messages: the
 * best of three rounds of at least 250 ms after a warm-up, so JIT tier-up
 * and neighbours disturb the figure less. The clock is read once per batch of
 * at least 64 KiB: a process.cpuUsage() call costs about 1 µs of user time,
 * a third of a 64-byte hash, so reading it after every hash understated the
 * short-message figures.
 */
function ourMegabytesPerSecond(hash: (data: Uint8Array) => Uint8Array, size: number): number {
  const message = randomBytes(size);
  const batch = Math.ceil(65536 / size);
  const warmUp = process.cpuUsage();
  while (cpuMsSince(warmUp) < 200) for (let i = 0; i < batch; i++) hash(message);
  let best = 0;
  for (let round = 0; round < 3; round++) {
    let n = 0;
    const start = process.cpuUsage();
    let ms = 0;
    while (ms < 250) {
      for (let i = 0; i < batch; i++) hash(message);
      n += batch;
      ms = cpuMsSince(start);
    }
    best = Math.max(best, (n * size) / 1e3 / ms);
  }
  return best;
}

type Openssl = (typeof import('@podpis/testkit'))['openssl'];

/** OpenSSL's figure for the same digest and size; `openssl speed` reports thousands of bytes per second. */
function opensslMegabytesPerSecond(openssl: Openssl, digest: string, size: number): number {
  const { stdout } = openssl(['speed', '-evp', digest, '-seconds', '1', '-bytes', String(size)]);
  const line = stdout
    .toString('utf8')
    .split('\n')
    .find((l) => l.startsWith(digest));
  const thousands = line ? /([\d.]+)k\s*$/.exec(line)?.[1] : undefined;
  if (!thousands)
    throw new Error(`cannot parse openssl speed output for ${digest}: ${stdout.toString('utf8')}`);
  return Number(thousands) / 1e3;
}

const SIZES = [
  { label: '64 B', size: 64 },
  { label: '1 KiB', size: 1024 },
  { label: '1 MiB', size: 1 << 20 },
  { label: '64 MiB', size: 64 << 20 },
];
const DIGESTS = [
  { name: 'Streebog-256', hash: streebog256, openssl: 'md_gost12_256' },
  { name: 'Streebog-512', hash: streebog512, openssl: 'md_gost12_512' },
];
const PATHS: GostImplementation[] = ['wasm', 'pure'];

/** Every digest, size and path; our figures first, then OpenSSL's (testkit is loaded only then, see above). */
export async function benchHash(): Promise<Row[]> {
  const cases = DIGESTS.flatMap((digest) =>
    SIZES.flatMap((size) => PATHS.map((path) => ({ digest, size, path }))),
  );
  const ours = cases.map(({ digest, size, path }) => {
    useGostImplementation(path);
    return ourMegabytesPerSecond(digest.hash, size.size);
  });
  useGostImplementation('auto');
  const { openssl } = await import('@podpis/testkit');
  const reference = new Map<string, number>();
  return cases.map(({ digest, size, path }, i) => {
    const key = `${digest.openssl} ${size.size}`;
    if (!reference.has(key))
      reference.set(key, opensslMegabytesPerSecond(openssl, digest.openssl, size.size));
    return {
      name: `${digest.name}, ${size.label}, ${path}`,
      ours: ours[i]!,
      reference: reference.get(key)!,
      unit: 'MB/s',
      referenceName: `openssl speed -evp ${digest.openssl}`,
    };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const where = afterPg ? 'in a process that has loaded pg' : 'in a fresh process';
  printRows(`Streebog vs OpenSSL GOST engine, CPU time, ${where}`, await benchHash());
}
