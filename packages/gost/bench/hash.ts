/**
 * Streebog throughput against OpenSSL's GOST engine (`openssl speed -evp
 * md_gost12_*`, C with SSE2) on this machine: 1 MiB messages show the
 * compression function, 64-byte messages the per-message cost (one block
 * plus finalisation, 4 compressions). Run alone: `npx tsx packages/gost/bench/hash.ts`.
 */
import { pathToFileURL } from 'node:url';
import { randomBytes } from '../src/random.js';
import { streebog256, streebog512 } from '../src/streebog.js';
import { printRows, type Row } from './report.js';

/**
 * Megabytes (10^6 bytes) per second of hashing `size`-byte messages: the best
 * of several rounds after a warm-up, so JIT tier-up and neighbours' CPU load
 * disturb the figure less.
 */
function ourMegabytesPerSecond(hash: (data: Uint8Array) => Uint8Array, size: number): number {
  const message = randomBytes(size);
  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) hash(message);
  let best = 0;
  for (let round = 0; round < 5; round++) {
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < 250) {
      hash(message);
      n++;
      now = performance.now();
    }
    best = Math.max(best, (n * size) / 1e3 / (now - start));
  }
  return best;
}

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

type Openssl = typeof import('@podpis/testkit').openssl;

/**
 * Our figures are taken before `@podpis/testkit` is loaded: it imports `pg`,
 * which detaches an ArrayBuffer, and from then on V8 checks every typed-array
 * access for detachment, which costs Streebog about 40% for the rest of the
 * process. A server that has done the same sees the lower figure.
 */
export async function benchHash(): Promise<Row[]> {
  const cases = [
    { name: 'Streebog-256, 1 MiB messages', hash: streebog256, digest: 'md_gost12_256', size: 1 << 20 },
    { name: 'Streebog-256, 64-byte messages', hash: streebog256, digest: 'md_gost12_256', size: 64 },
    { name: 'Streebog-512, 1 MiB messages', hash: streebog512, digest: 'md_gost12_512', size: 1 << 20 },
  ];
  const ours = cases.map((c) => ourMegabytesPerSecond(c.hash, c.size));
  const { openssl } = await import('@podpis/testkit');
  return cases.map((c, i) => ({
    name: c.name,
    ours: ours[i]!,
    reference: opensslMegabytesPerSecond(openssl, c.digest, c.size),
    unit: 'MB/s',
    referenceName: `openssl speed -evp ${c.digest}`,
  }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printRows('Streebog vs OpenSSL GOST engine', await benchHash());
}
