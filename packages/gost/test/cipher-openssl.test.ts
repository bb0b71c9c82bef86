/**
 * Cross-checks against OpenSSL's GOST engine (the interop oracle): random
 * keys, IVs and messages, both directions. What the engine does not expose
 * through the command line is checked against the published vectors only:
 * - MGM (kuznyechik-mgm / magma-mgm are AEAD ciphers, which `openssl enc` refuses);
 * - OMAC-ACPKM (`openssl dgst -mac kuznyechik-ctr-acpkm-omac` silently computes
 *   plain kuznyechik-mac; the engine has no OMAC-ACPKM MAC of its own);
 * - Magma ECB (the engine registers no magma-ecb);
 * - CBC with an IV register of more than one block (OpenSSL IVs are one block);
 * - KExp15 export (the engine's kexp15 ciphers only import, so our exports are
 *   checked by letting OpenSSL import them).
 * CTR-ACPKM is checked with the engine's fixed section sizes: 4096 bytes for
 * kuznyechik-ctr-acpkm and 1024 bytes for magma-ctr-acpkm.
 */
import { expect, it } from 'vitest';
import { openssl } from '@podpis/testkit';
import {
  bytesToHex,
  cbcDecrypt,
  cbcEncrypt,
  ctr,
  ctrAcpkm,
  ecbDecrypt,
  ecbEncrypt,
  kexp15,
  kuznyechik,
  magma,
  omac,
  randomBytes,
  type BlockCipherAlgorithm,
} from '@podpis/gost';
import { describeEachImplementation } from './support/implementations.js';

const CASES = 40;

function randomLength(max: number, multipleOf = 1): number {
  const n = randomBytes(2);
  return Math.floor((((n[0]! << 8) | n[1]!) % (max + 1)) / multipleOf) * multipleOf;
}

function opensslEnc(
  name: string,
  key: Uint8Array,
  iv: Uint8Array | undefined,
  data: Uint8Array,
  decrypt = false,
): string {
  const args = ['enc', decrypt ? '-d' : '-e', `-${name}`, '-nopad', '-K', bytesToHex(key)];
  if (iv) args.push('-iv', bytesToHex(iv));
  return openssl(args, data).stdout.toString('hex');
}

interface EncMode {
  name: string;
  alg: BlockCipherAlgorithm;
  ivLength: number;
  /** Message lengths must be a multiple of this. */
  unit: number;
  encrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => Uint8Array;
  decrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => Uint8Array;
}

const MODES: EncMode[] = [
  {
    name: 'kuznyechik-ctr',
    alg: kuznyechik,
    ivLength: 8,
    unit: 1,
    encrypt: (k, iv, d) => ctr(kuznyechik.create(k), iv, d),
    decrypt: (k, iv, d) => ctr(kuznyechik.create(k), iv, d),
  },
  {
    name: 'magma-ctr',
    alg: magma,
    ivLength: 4,
    unit: 1,
    encrypt: (k, iv, d) => ctr(magma.create(k), iv, d),
    decrypt: (k, iv, d) => ctr(magma.create(k), iv, d),
  },
  {
    name: 'kuznyechik-cbc',
    alg: kuznyechik,
    ivLength: 16,
    unit: 16,
    encrypt: (k, iv, d) => cbcEncrypt(kuznyechik.create(k), iv, d),
    decrypt: (k, iv, d) => cbcDecrypt(kuznyechik.create(k), iv, d),
  },
  {
    name: 'magma-cbc',
    alg: magma,
    ivLength: 8,
    unit: 8,
    encrypt: (k, iv, d) => cbcEncrypt(magma.create(k), iv, d),
    decrypt: (k, iv, d) => cbcDecrypt(magma.create(k), iv, d),
  },
  {
    name: 'kuznyechik-ecb',
    alg: kuznyechik,
    ivLength: 0,
    unit: 16,
    encrypt: (k, _iv, d) => ecbEncrypt(kuznyechik.create(k), d),
    decrypt: (k, _iv, d) => ecbDecrypt(kuznyechik.create(k), d),
  },
];

describeEachImplementation('block cipher modes agree with OpenSSL GOST engine', (impl) => {
  // Magma has no WebAssembly path: once is enough for it.
  for (const mode of MODES.filter((m) => impl === 'pure' || m.alg === kuznyechik)) {
    it(`${mode.name}: ${CASES} random keys, IVs and messages, encrypt and decrypt`, () => {
      for (let i = 0; i < CASES; i++) {
        const key = randomBytes(32);
        const iv = randomBytes(mode.ivLength);
        const data = randomBytes(randomLength(300, mode.unit));
        const context = `key=${bytesToHex(key)} iv=${bytesToHex(iv)} len=${data.length}`;
        const ours = mode.encrypt(key, iv, data);
        const ivArg = mode.ivLength > 0 ? iv : undefined;
        expect(bytesToHex(ours), context).toBe(opensslEnc(mode.name, key, ivArg, data));
        const ct = randomBytes(data.length);
        expect(bytesToHex(mode.decrypt(key, iv, ct)), context).toBe(
          opensslEnc(mode.name, key, ivArg, ct, true),
        );
      }
    });
  }

  for (const [name, alg, section] of [
    ['kuznyechik-ctr-acpkm', kuznyechik, 4096],
    ['magma-ctr-acpkm', magma, 1024],
  ] as const) {
    if (impl === 'wasm' && alg !== kuznyechik) continue;
    it(`${name}: CTR-ACPKM with N = ${section} bytes over several sections`, () => {
      for (let i = 0; i < 10; i++) {
        const key = randomBytes(32);
        const iv = randomBytes(alg.blockSize / 2);
        const data = randomBytes(randomLength(5 * section));
        const context = `key=${bytesToHex(key)} iv=${bytesToHex(iv)} len=${data.length}`;
        expect(bytesToHex(ctrAcpkm(alg, key, iv, data, section)), context).toBe(
          opensslEnc(name, key, iv, data),
        );
        const ct = randomBytes(data.length);
        expect(bytesToHex(ctrAcpkm(alg, key, iv, ct, section)), context).toBe(
          opensslEnc(name, key, iv, ct, true),
        );
      }
    });
  }

  for (const [name, alg] of [
    ['kuznyechik-mac', kuznyechik],
    ['magma-mac', magma],
  ] as const) {
    if (impl === 'wasm' && alg !== kuznyechik) continue;
    it(`${name}: OMAC of ${CASES} random messages and tag lengths`, () => {
      for (let i = 0; i < CASES; i++) {
        const key = randomBytes(32);
        const data = randomBytes(randomLength(200));
        // The engine's `size` option takes 1..8 bytes; without it the MAC is a whole block.
        const size = i % 4 === 0 ? alg.blockSize : 1 + randomLength(7);
        const args = ['dgst', '-mac', name, '-macopt', `hexkey:${bytesToHex(key)}`];
        if (size <= 8) args.push('-macopt', `size:${size}`);
        const theirs = /= ([0-9a-f]+)\s*$/.exec(openssl(args, data).stdout.toString('utf8'))?.[1];
        expect(
          bytesToHex(omac(alg.create(key), data, size)),
          `key=${bytesToHex(key)} len=${data.length}`,
        ).toBe(theirs);
      }
    });
  }

  for (const [name, alg] of [
    ['kuznyechik-kexp15', kuznyechik],
    ['magma-kexp15', magma],
  ] as const) {
    if (impl === 'wasm' && alg !== kuznyechik) continue;
    it(`${name}: OpenSSL imports (KImp15) what our KExp15 exports`, () => {
      for (let i = 0; i < 10; i++) {
        const [secret, macKey, encKey] = [randomBytes(32), randomBytes(32), randomBytes(32)];
        const iv = randomBytes(alg.blockSize / 2);
        const exported = kexp15(alg, secret, macKey, encKey, iv);
        const key = new Uint8Array(64);
        key.set(macKey);
        key.set(encKey, 32);
        // The engine's wrap cipher returns the imported key from both update and final.
        const imported = opensslEnc(name, key, iv, exported, true).slice(0, 64);
        expect(imported, `mac=${bytesToHex(macKey)} enc=${bytesToHex(encKey)} iv=${bytesToHex(iv)}`).toBe(
          bytesToHex(secret),
        );
      }
    });
  }
});
