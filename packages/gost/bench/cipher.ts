/**
 * Kuznyechik-CTR and Magma-CTR throughput on 1 MiB buffers against
 * OpenSSL's GOST engine (`openssl speed -evp <cipher> -seconds 1 -bytes
 * 16384`), in MB/s of 10^6 bytes as OpenSSL counts them.
 * Run alone: `npx tsx packages/gost/bench/cipher.ts`.
 */
import { pathToFileURL } from 'node:url';
import { ctr, kuznyechik, magma, type BlockCipherAlgorithm } from '../src/index.js';
import { callsPerSecond, printRows, type Row } from './report.js';

const BUFFER = 1 << 20;

/** Megabytes per second of fn over `bytes`, measured for about 1.5 s after a warm-up. */
function mbPerSecond(fn: () => void, bytes: number): number {
  return (callsPerSecond(fn, 1500) * bytes) / 1e6;
}

type Openssl = (typeof import('@podpis/testkit'))['openssl'];

function opensslSpeed(openssl: Openssl, cipher: string): number {
  const args = ['speed', '-evp', cipher, '-seconds', '1', '-bytes', '16384'];
  const out = openssl(args).stdout.toString('utf8');
  const match = new RegExp(`^${cipher}\\s+([\\d.]+)k`, 'm').exec(out);
  if (!match) throw new Error(`cannot parse openssl speed output: ${out}`);
  return Number(match[1]) / 1000;
}

function ourCtr(alg: BlockCipherAlgorithm): number {
  const cipher = alg.create(globalThis.crypto.getRandomValues(new Uint8Array(32)));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(alg.blockSize / 2));
  const data = new Uint8Array(BUFFER);
  return mbPerSecond(() => ctr(cipher, iv, data), BUFFER);
}

/**
 * Our figures are taken before `@podpis/testkit` (and with it `pg`, which
 * detaches an ArrayBuffer and so slows every typed-array access in V8 for
 * the rest of the process) is loaded; see bench/hash.ts.
 */
export async function benchCipher(): Promise<Row[]> {
  const cases = [
    { alg: kuznyechik, opensslName: 'kuznyechik-ctr' },
    { alg: magma, opensslName: 'magma-ctr' },
  ];
  const ours = cases.map((c) => ourCtr(c.alg));
  const { openssl } = await import('@podpis/testkit');
  return cases.map((c, i) => ({
    name: `${c.alg.name}-ctr, 1 MiB`,
    ours: ours[i]!,
    reference: opensslSpeed(openssl, c.opensslName),
    unit: 'MB/s',
    referenceName: `openssl ${c.opensslName}`,
  }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printRows('GOST R 34.12-2015 block ciphers (CTR) vs OpenSSL GOST engine', await benchCipher());
}
