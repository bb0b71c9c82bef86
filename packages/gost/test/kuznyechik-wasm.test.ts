/**
 * Differential tests of Kuznyechik's two paths: the WebAssembly SIMD one
 * and the pure TypeScript one must agree byte for byte on every mode, on
 * lengths around block boundaries, on inputs longer than the module's I/O
 * buffer (processed in chunks) and on any chunking of streaming CTR. Also:
 * no key, counter or data stays in the module's memory after an operation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  bytesToHex,
  cbcDecrypt,
  cbcEncrypt,
  Ctr,
  ctr,
  ctrAcpkm,
  ecbDecrypt,
  ecbEncrypt,
  gostImplementations,
  kexp15,
  kuznyechik,
  mgmDecrypt,
  mgmEncrypt,
  omac,
  omacAcpkm,
  useGostImplementation,
  type BlockCipher,
  type GostImplementation,
} from '@podpis/gost';
import { kuznyechikWasmMemory } from '../src/kuznyechik-wasm.js';
import { errorCode, seededBytes } from './support/helpers.js';

const random = seededBytes(0x6b757a);

/** A seeded integer in 0..max. */
function randomInt(max: number): number {
  const b = random(4);
  return (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) % (max + 1);
}

/** `fn(cipherFactory)` on the WebAssembly path and on the pure one, as hex. */
function onBothPaths(
  fn: (create: (key: Uint8Array) => BlockCipher) => Uint8Array | string,
): [string, string] {
  const results: string[] = [];
  for (const impl of ['wasm', 'pure'] as GostImplementation[]) {
    useGostImplementation(impl);
    expect(gostImplementations()['kuznyechik']).toBe(impl);
    const out = fn((key) => kuznyechik.create(key));
    results.push(typeof out === 'string' ? out : bytesToHex(out));
  }
  useGostImplementation('auto');
  return [results[0]!, results[1]!];
}

function expectSame(
  fn: (create: (key: Uint8Array) => BlockCipher) => Uint8Array | string,
  context: string,
): void {
  const [wasm, pure] = onBothPaths(fn);
  expect(wasm, context).toBe(pure);
}

afterEach(() => {
  useGostImplementation('auto');
});

/** Lengths 0..300 (every block boundary of the first 18 blocks and its neighbours). */
const LENGTHS = Array.from({ length: 301 }, (_, i) => i);

/** More than one I/O buffer (256 KiB) of the module, not a multiple of a block. */
const LARGE = [(1 << 18) - 1, (1 << 18) + 16, 3 * (1 << 18) + 7];

describe('Kuznyechik: WebAssembly and pure TypeScript agree', () => {
  it('ECB and CBC on whole blocks up to 300 bytes and on large inputs', () => {
    for (const len of [...LENGTHS.filter((l) => l % 16 === 0), (1 << 18) + 32]) {
      const key = random(32);
      const data = random(len);
      const iv = random(16 * (1 + (len % 3)));
      expectSame((create) => ecbEncrypt(create(key), data), `ecb len=${len}`);
      expectSame((create) => ecbDecrypt(create(key), data), `ecb-d len=${len}`);
      if (len <= 300) {
        expectSame((create) => cbcEncrypt(create(key), iv, data), `cbc len=${len}`);
        expectSame((create) => cbcDecrypt(create(key), iv, data), `cbc-d len=${len}`);
      }
    }
  });

  it('CTR on every length 0..300 and on inputs longer than the I/O buffer', () => {
    for (const len of [...LENGTHS, ...LARGE]) {
      const key = random(32);
      const iv = random(8);
      const data = random(len);
      expectSame((create) => ctr(create(key), iv, data), `ctr len=${len}`);
    }
  });

  it('streaming CTR over random chunkings equals one-shot CTR on both paths', () => {
    for (let round = 0; round < 40; round++) {
      const key = random(32);
      const iv = random(8);
      const len = round < 36 ? randomInt(700) : (1 << 18) + randomInt(5000);
      const data = random(len);
      const chunks: number[] = [];
      for (let left = len; left > 0;) {
        const take = Math.min(
          left,
          randomInt(3) === 0 ? randomInt(64) : randomInt(len < 1000 ? 200 : 100_000),
        );
        chunks.push(take);
        left -= take;
      }
      const whole = onBothPaths((create) => ctr(create(key), iv, data));
      const streamed = onBothPaths((create) => {
        const stream = new Ctr(create(key), iv);
        const out = new Uint8Array(len);
        let pos = 0;
        for (const n of chunks) {
          out.set(stream.process(data.subarray(pos, pos + n)), pos);
          pos += n;
        }
        return out;
      });
      const context = `len=${len} chunks=${chunks.join(',')}`;
      expect(whole[0], context).toBe(whole[1]);
      expect(streamed[0], context).toBe(whole[1]);
      expect(streamed[1], context).toBe(whole[1]);
    }
  });

  it('CTR-ACPKM on lengths 0..300 with small sections and on large inputs with N = 4096', () => {
    for (const len of LENGTHS) {
      const key = random(32);
      const iv = random(8);
      const data = random(len);
      const section = 16 * (1 + (len % 4));
      expectSame(() => ctrAcpkm(kuznyechik, key, iv, data, section), `ctr-acpkm len=${len} N=${section}`);
    }
    for (const len of LARGE) {
      const key = random(32);
      const iv = random(8);
      const data = random(len);
      expectSame(() => ctrAcpkm(kuznyechik, key, iv, data, 4096), `ctr-acpkm len=${len}`);
      // a section size that does not divide the I/O buffer
      expectSame(() => ctrAcpkm(kuznyechik, key, iv, data, 48 * 1024 + 16), `ctr-acpkm len=${len} odd N`);
    }
  });

  it('OMAC and OMAC-ACPKM on lengths 0..300 and on large inputs', () => {
    for (const len of [...LENGTHS, ...LARGE]) {
      const key = random(32);
      const data = random(len);
      const tagLength = 1 + (len % 16);
      expectSame((create) => omac(create(key), data, tagLength), `omac len=${len}`);
      if (len <= 300) {
        expectSame(
          () => omacAcpkm(kuznyechik, key, data, { sectionSize: 32, frequency: 96 }),
          `omac-acpkm len=${len}`,
        );
      }
    }
  });

  it('MGM seals and opens the same on lengths 0..300 (with 0..40 bytes of AAD) and on large inputs', () => {
    for (const len of [...LENGTHS, ...LARGE]) {
      const key = random(32);
      const nonce = random(16);
      const data = random(len);
      const aad = random(len > 300 ? (1 << 18) + 5 : randomInt(40));
      if (data.length + aad.length === 0) continue;
      const tagLength = 4 + (len % 13);
      const [sealedWasm, sealedPure] = onBothPaths((create) =>
        mgmEncrypt(create(key), nonce, data, { aad, tagLength }),
      );
      expect(sealedWasm, `mgm len=${len} aad=${aad.length}`).toBe(sealedPure);
      const sealed = Uint8Array.from(Buffer.from(sealedPure, 'hex'));
      expectSame((create) => mgmDecrypt(create(key), nonce, sealed, { aad, tagLength }), `mgm-d len=${len}`);
      const bad = Uint8Array.from(sealed);
      bad[randomInt(bad.length - 1)]! ^= 1 << randomInt(7);
      expectSame(
        (create) => errorCode(() => mgmDecrypt(create(key), nonce, bad, { aad, tagLength })),
        'tamper',
      );
    }
  });

  it('KExp15 exports the same on both paths', () => {
    for (const len of [1, 16, 32, 33, 64]) {
      const [secret, macKey, encKey, iv] = [random(len), random(32), random(32), random(8)];
      expectSame(() => kexp15(kuznyechik, secret, macKey, encKey, iv), `kexp15 len=${len}`);
    }
  });

  it('reports the same errors for bad keys, IVs, nonces and tag lengths', () => {
    const key = random(32);
    const cases: ((create: (key: Uint8Array) => BlockCipher) => unknown)[] = [
      (create) => create(new Uint8Array(31)),
      (create) => ctr(create(key), new Uint8Array(16), new Uint8Array(3)),
      (create) => ecbEncrypt(create(key), new Uint8Array(17)),
      (create) => ecbDecrypt(create(key), new Uint8Array(15)),
      (create) => omac(create(key), new Uint8Array(3), 17),
      (create) => mgmEncrypt(create(key), new Uint8Array(12), new Uint8Array(3)),
      (create) => mgmEncrypt(create(key), new Uint8Array(16), new Uint8Array(0)),
      (create) => mgmDecrypt(create(key), new Uint8Array(16), new Uint8Array(3)),
      () => ctrAcpkm(kuznyechik, key, new Uint8Array(8), new Uint8Array(3), 24),
      () => ctrAcpkm(kuznyechik, new Uint8Array(16), new Uint8Array(8), new Uint8Array(3), 32),
    ];
    for (const [i, fn] of cases.entries()) expectSame((create) => errorCode(() => fn(create)), `case ${i}`);
  });
});

describe('Kuznyechik WebAssembly memory after use', () => {
  it('holds no round key, counter, MGM state or data once an operation returns', () => {
    useGostImplementation('wasm');
    const key = random(32);
    const data = random(5000).fill(0x5a, 0, 64);
    const cipher = kuznyechik.create(key);
    const iv = random(8);
    const sealed = mgmEncrypt(cipher, random(16), data, { aad: random(100) });
    ctr(cipher, iv, data);
    omac(cipher, data);
    ctrAcpkm(kuznyechik, key, iv, data, 64);
    ecbDecrypt(cipher, data.subarray(0, 4096));
    const memory = kuznyechikWasmMemory();
    expect(memory).toBeDefined();
    const hexMemory = bytesToHex(memory!);
    // K_1 is the key's first half; the first 16 bytes of data are a run of 0x5a
    for (const secret of [
      key.subarray(0, 16),
      key.subarray(16),
      data.subarray(0, 16),
      sealed.subarray(0, 16),
    ]) {
      expect(hexMemory.includes(bytesToHex(secret))).toBe(false);
    }
    cipher.destroy?.();
  });
});
