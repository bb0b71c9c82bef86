/**
 * GOST R 34.10-2012 sign/verify throughput against @noble/curves ECDSA in
 * the same process: GOST-256 (TC26 256-B = CryptoPro A) vs P-256, GOST-512
 * (TC26 512-A) vs P-521. noble signs a prehashed message (RFC 6979 nonce),
 * we sign a digest with a random nonce; both include public-key parsing on
 * verify. Run alone: `npx tsx packages/gost/bench/sign.ts`.
 */
import { pathToFileURL } from 'node:url';
import { p256, p521 } from '@noble/curves/nist.js';
import { gost3410 } from '../src/gost3410.js';
import { callsPerSecond, printRows, type Row } from './report.js';

/** Operations per second of fn, measured for about a second after a warm-up. */
function opsPerSecond(fn: () => void): number {
  return callsPerSecond(fn, 1000);
}

interface Ecdsa {
  utils: { randomSecretKey(): Uint8Array };
  getPublicKey(secretKey: Uint8Array): Uint8Array;
  sign(message: Uint8Array, secretKey: Uint8Array, opts: { prehash: boolean }): Uint8Array;
  verify(
    signature: Uint8Array,
    message: Uint8Array,
    publicKey: Uint8Array,
    opts: { prehash: boolean },
  ): boolean;
}

function pair(label: string, paramSet: string, ref: Ecdsa, refName: string, digestLength: number): Row[] {
  const sk = gost3410.generatePrivateKey(paramSet);
  const pk = gost3410.getPublicKey(paramSet, sk);
  const digest = globalThis.crypto.getRandomValues(new Uint8Array(digestLength));
  const sig = gost3410.sign(paramSet, sk, digest);

  const refSk = ref.utils.randomSecretKey();
  const refPk = ref.getPublicKey(refSk);
  const refMsg = globalThis.crypto.getRandomValues(new Uint8Array(digestLength));
  const refSig = ref.sign(refMsg, refSk, { prehash: false });

  return [
    {
      name: `${label} sign`,
      ours: opsPerSecond(() => gost3410.sign(paramSet, sk, digest)),
      reference: opsPerSecond(() => ref.sign(refMsg, refSk, { prehash: false })),
      unit: 'op/s',
      referenceName: `noble ${refName}`,
    },
    {
      name: `${label} verify`,
      ours: opsPerSecond(() => gost3410.verify(paramSet, pk, digest, sig)),
      reference: opsPerSecond(() => ref.verify(refSig, refMsg, refPk, { prehash: false })),
      unit: 'op/s',
      referenceName: `noble ${refName}`,
    },
  ];
}

/** Lets pending I/O and timers run between measurements. */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function benchSign(): Promise<Row[]> {
  const rows = pair('GOST-256 (TC26 256-B)', '1.2.643.7.1.2.1.1.2', p256, 'P-256', 32);
  await breathe();
  rows.push(...pair('GOST-512 (TC26 512-A)', '1.2.643.7.1.2.1.2.1', p521, 'P-521', 64));
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printRows('GOST R 34.10-2012 vs @noble/curves ECDSA', await benchSign());
}
