import { expect, it } from 'vitest';
import {
  bytesToHex,
  kexp15,
  kimp15,
  kuznyechik,
  magma,
  omac,
  randomBytes,
  type BlockCipherAlgorithm,
} from '@podpis/gost';
import { describeEachImplementation } from './support/implementations.js';
import { hex, errorCode } from './support/helpers.js';

interface Vector {
  source: string;
  alg: BlockCipherAlgorithm;
  secret: string;
  macKey: string;
  encKey: string;
  iv: string;
  keyMac?: string;
  exported: string;
}

// R 1323565.1.017-2018 appendix B ("Б"): one secret K and one key pair for both ciphers.
const R017_K = '8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef';
const R017_MAC = '08090a0b0c0d0e0f0001020304050607101112131415161718191a1b1c1d1e1f';
const R017_ENC = '202122232425262728292a2b2c2d2e2f38393a3b3c3d3e3f3031323334353637';
// RFC 9189 appendix A.1.3: the pre-master secret PS of both handshake examples.
const RFC9189_PS = 'a5576ce7924a24f58113808dbd9ef856f5bdc3b183ce5dadca36a53aa077651d';

const VECTORS: Vector[] = [
  {
    source: 'R 1323565.1.017-2018 B.1 (Magma)',
    alg: magma,
    secret: R017_K,
    macKey: R017_MAC,
    encKey: R017_ENC,
    iv: '67bed654',
    keyMac: '75a76618e90f4973',
    exported: `cfd5a12d5b81b6e1e99c916d07900c6a c12703fb3abded55567bf3742c899c75 5dafe7b42e3a8bd9`,
  },
  {
    source: 'R 1323565.1.017-2018 B.2 (Kuznyechik)',
    alg: kuznyechik,
    secret: R017_K,
    macKey: R017_MAC,
    encKey: R017_ENC,
    iv: '0909472dd9f26be8',
    keyMac: '10022ade94ee55b434d2077f5a13aff4',
    exported: `e36184e84e8d736ff36cc2e5ae065dc6 56b23c20f549b02fdff88e1f3f30d8c2
               9a53f3ca554dbad80de152b9a4625b32`,
  },
  {
    source: 'RFC 9189 A.1.3.1 (TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC)',
    alg: magma,
    secret: RFC9189_PS,
    macKey: '2d8ba8c84cb232ff41f10c3ad924134223254f71e5696d3d29c3e4c9daa6b293',
    encKey: '849eb6340bffae6928a3c3e4ff92eccb1e8f0cf7a188368e6b748e52ea378b0c',
    iv: '214a6a29',
    exported: `d7f0f0422367867b25fa4233a954f58b de92e9c9bbfb8816c99f15e6398722a0 b2b7bfe8493e9a5c`,
  },
  {
    source: 'RFC 9189 A.1.3.2 (TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC)',
    alg: kuznyechik,
    secret: RFC9189_PS,
    macKey: '7dac56e48a4dc170faa8fcbae20db845450cccc4c6328bdc8d01157cefa2a5f1',
    encKey: '1f1cbad8866166f01ffaab0152e24bf4609d5f46a5c899c787900d08b9fcad24',
    iv: '214a6a298e99e325',
    exported: `250d1b67a270ab04d3f65418e1d380b4 cb945f0a3dca51500cf3a1bef37f76c0
               7341a9839ccf6cba7189da61eb67176c`,
  },
];

describeEachImplementation('KExp15 / KImp15', () => {
  for (const v of VECTORS) {
    it(`${v.source}: exports`, () => {
      if (v.keyMac) {
        const mac = omac(v.alg.create(hex(v.macKey)), hex(v.iv + v.secret));
        expect(bytesToHex(mac)).toBe(v.keyMac);
      }
      const out = kexp15(v.alg, hex(v.secret), hex(v.macKey), hex(v.encKey), hex(v.iv));
      expect(bytesToHex(out)).toBe(bytesToHex(hex(v.exported)));
    });

    it(`${v.source}: imports`, () => {
      const secret = kimp15(v.alg, hex(v.exported), hex(v.macKey), hex(v.encKey), hex(v.iv));
      expect(bytesToHex(secret)).toBe(v.secret);
    });
  }

  it('refuses a tampered export, a wrong IV or swapped keys with AUTH_FAILED', () => {
    const v = VECTORS[1]!;
    const exported = hex(v.exported);
    for (const i of [0, 17, exported.length - 1]) {
      const bad = Uint8Array.from(exported);
      bad[i]! ^= 0x01;
      expect(errorCode(() => kimp15(v.alg, bad, hex(v.macKey), hex(v.encKey), hex(v.iv)))).toBe(
        'AUTH_FAILED',
      );
    }
    const iv = hex(v.iv);
    iv[0]! ^= 1;
    expect(errorCode(() => kimp15(v.alg, exported, hex(v.macKey), hex(v.encKey), iv))).toBe('AUTH_FAILED');
    expect(errorCode(() => kimp15(v.alg, exported, hex(v.encKey), hex(v.macKey), hex(v.iv)))).toBe(
      'AUTH_FAILED',
    );
  });

  it('round-trips secrets of any length', () => {
    for (const alg of [magma, kuznyechik]) {
      for (const len of [0, 1, 32, 64]) {
        const secret = randomBytes(len);
        const [mac, enc, iv] = [randomBytes(32), randomBytes(32), randomBytes(alg.blockSize / 2)];
        const exported = kexp15(alg, secret, mac, enc, iv);
        expect(exported.length).toBe(len + alg.blockSize);
        expect(bytesToHex(kimp15(alg, exported, mac, enc, iv))).toBe(bytesToHex(secret));
      }
    }
  });

  it('rejects bad lengths with stable codes', () => {
    const k = randomBytes(32);
    expect(errorCode(() => kexp15(magma, k, k.subarray(1), k, hex('67bed654')))).toBe('INVALID_KEY_LENGTH');
    expect(errorCode(() => kexp15(magma, k, k, new Uint8Array(16), hex('67bed654')))).toBe(
      'INVALID_KEY_LENGTH',
    );
    expect(errorCode(() => kexp15(kuznyechik, k, k, k, hex('67bed654')))).toBe('INVALID_IV_LENGTH');
    expect(errorCode(() => kimp15(kuznyechik, new Uint8Array(15), k, k, randomBytes(8)))).toBe(
      'INVALID_DATA_LENGTH',
    );
  });
});
