/**
 * Kuznyechik and Magma throughput against OpenSSL's GOST engine (`openssl
 * speed -evp <cipher> -seconds 1 -bytes <size>`), in MB/s of 10^6 bytes as
 * OpenSSL counts them, on 64 B / 1 KiB / 1 MiB / 64 MiB messages, for each
 * of our paths (WebAssembly SIMD and pure TypeScript).
 *
 * - CTR (a `Ctr` stream fed message after message) vs kuznyechik-ctr / magma-ctr;
 * - CTR-ACPKM with N = 4096 bytes vs kuznyechik-ctr-acpkm (the engine's N;
 *   ours is one-shot, so each message also pays for its key schedule);
 * - MGM vs kuznyechik-ctr-acpkm-omac: the engine has no MGM, and CTR-ACPKM
 *   with OMAC is its authenticated mode for Kuznyechik (also two block
 *   encryptions per block), the one our CMS encryption speaks with it. Ours
 *   seals each message whole (nonce encryptions and tag included); the
 *   engine's figure is updates on one context, without finalisation.
 *
 * `openssl speed` divides by the CPU (user) time it used, not by wall time,
 * so our figures do the same (process.cpuUsage): on a loaded machine wall
 * time would charge us for other processes' work.
 * Run alone: `npx tsx packages/gost/bench/cipher.ts`.
 */
import { pathToFileURL } from 'node:url';
import {
  Ctr,
  ctrAcpkm,
  kuznyechik,
  magma,
  mgmEncrypt,
  useGostImplementation,
  type BlockCipherAlgorithm,
  type GostImplementation,
} from '../src/index.js';
import { printRows, type Row } from './report.js';

const SIZES = [
  { label: '64 B', bytes: 64 },
  { label: '1 KiB', bytes: 1024 },
  { label: '1 MiB', bytes: 1 << 20 },
  { label: '64 MiB', bytes: 64 << 20 },
];

/**
 * Megabytes (10^6 bytes) per CPU second of `fn` over `bytes`: after a
 * warm-up, for about `ms` of CPU time and at least two calls. Calls go in
 * batches of about 10 ms, since reading the CPU clock (a system call) costs
 * more than one call on a 64-byte message.
 */
function mbPerCpuSecond(fn: () => void, bytes: number, ms = 1000): number {
  const cpuMs = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let batch = 1;
  const warmUntil = cpuMs() + ms / 4;
  for (;;) {
    const t = cpuMs();
    for (let i = 0; i < batch; i++) fn();
    const now = cpuMs();
    if (now >= warmUntil) break;
    if (now - t < 10) batch *= 2;
  }
  let n = 0;
  const start = cpuMs();
  let now = start;
  while (now - start < ms || n < 2) {
    for (let i = 0; i < batch; i++) fn();
    n += batch;
    now = cpuMs();
  }
  return (n * bytes) / 1e3 / (now - start);
}

type Openssl = (typeof import('@podpis/testkit'))['openssl'];

function opensslSpeed(openssl: Openssl, cipher: string, bytes: number): number {
  const args = ['speed', '-evp', cipher, '-seconds', '1', '-bytes', String(bytes)];
  const out = openssl(args).stdout.toString('utf8');
  const match = new RegExp(`^${cipher}\\s+([\\d.]+)k`, 'm').exec(out);
  if (!match) throw new Error(`cannot parse openssl speed output: ${out}`);
  return Number(match[1]) / 1000;
}

interface Case {
  name: string;
  opensslName: string;
  alg: BlockCipherAlgorithm;
  /** The operation on a `bytes`-long message with fresh random key material. */
  prepare(bytes: number): () => void;
  /** Largest size worth measuring on the pure path (the pure MGM multiply is slow). */
  pureMaxBytes?: number;
}

const random = (n: number): Uint8Array => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) globalThis.crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
};

function ctrCase(alg: BlockCipherAlgorithm): Case {
  return {
    name: `${alg.name}-ctr`,
    opensslName: `${alg.name}-ctr`,
    alg,
    prepare(bytes) {
      // one stream, message after message, as `openssl speed` calls EVP_EncryptUpdate on one context
      const stream = new Ctr(alg.create(random(32)), random(alg.blockSize / 2));
      const data = new Uint8Array(bytes);
      const out = new Uint8Array(bytes);
      return () => stream.process(data, out);
    },
  };
}

const CASES: Case[] = [
  ctrCase(kuznyechik),
  {
    name: 'kuznyechik-ctr-acpkm (N = 4096)',
    opensslName: 'kuznyechik-ctr-acpkm',
    alg: kuznyechik,
    prepare(bytes) {
      const key = random(32);
      const iv = random(8);
      const data = new Uint8Array(bytes);
      return () => ctrAcpkm(kuznyechik, key, iv, data, 4096);
    },
  },
  {
    name: 'kuznyechik-mgm',
    opensslName: 'kuznyechik-ctr-acpkm-omac',
    alg: kuznyechik,
    pureMaxBytes: 1 << 20,
    prepare(bytes) {
      const cipher = kuznyechik.create(random(32));
      const nonce = random(16);
      const data = new Uint8Array(bytes);
      return () => mgmEncrypt(cipher, nonce, data);
    },
  },
  ctrCase(magma),
];

/** Our figures for every case, size and path (Magma has only the pure one). */
function measureOurs(): Map<string, number> {
  const ours = new Map<string, number>();
  for (const c of CASES) {
    const paths: GostImplementation[] = c.alg === kuznyechik ? ['wasm', 'pure'] : ['pure'];
    for (const path of paths) {
      useGostImplementation(path);
      for (const size of SIZES) {
        if (path === 'pure' && size.bytes > (c.pureMaxBytes ?? Infinity)) continue;
        const fn = c.prepare(size.bytes);
        ours.set(`${c.name}|${path}|${size.label}`, mbPerCpuSecond(fn, size.bytes));
      }
    }
  }
  useGostImplementation('auto');
  return ours;
}

/**
 * Our figures are taken before `@podpis/testkit` (and with it `pg`, which
 * detaches an ArrayBuffer and so slows every typed-array access in V8 for
 * the rest of the process) is loaded; the WebAssembly path at 1 MiB is
 * measured again after, as a server that has loaded `pg` sees it.
 */
export async function benchCipher(): Promise<Row[]> {
  const ours = measureOurs();
  const { openssl } = await import('@podpis/testkit');
  const afterPg = CASES.filter((c) => c.alg === kuznyechik).map((c) => {
    useGostImplementation('wasm');
    const figure = mbPerCpuSecond(c.prepare(1 << 20), 1 << 20);
    useGostImplementation('auto');
    return { c, figure };
  });
  const rows: Row[] = [];
  for (const c of CASES) {
    for (const size of SIZES) {
      const reference = opensslSpeed(openssl, c.opensslName, size.bytes);
      for (const path of ['wasm', 'pure']) {
        const figure = ours.get(`${c.name}|${path}|${size.label}`);
        if (figure === undefined) continue;
        rows.push({
          name: `${c.name}, ${size.label}, ${path}`,
          ours: figure,
          reference,
          unit: 'MB/s',
          referenceName: `openssl ${c.opensslName}`,
        });
      }
    }
  }
  for (const { c, figure } of afterPg) {
    rows.push({
      name: `${c.name}, 1 MiB, wasm, pg loaded`,
      ours: figure,
      reference: opensslSpeed(openssl, c.opensslName, 1 << 20),
      unit: 'MB/s',
      referenceName: `openssl ${c.opensslName}`,
    });
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printRows(
    'GOST R 34.12-2015 block ciphers vs OpenSSL GOST engine (MB per CPU second)',
    await benchCipher(),
  );
}
