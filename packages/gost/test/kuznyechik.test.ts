import { describe, expect, it } from 'vitest';
import { bytesToHex, Kuznyechik, kuznyechik, randomBytes } from '@podpis/gost';
import {
  kuznyechikRoundKeys,
  transformL,
  transformLInv,
  transformR,
  transformS,
  transformSInv,
} from '../src/kuznyechik.js';
import { describeEachImplementation } from './support/implementations.js';
import { hex, errorCode } from './support/helpers.js';

const xor = (a: Uint8Array, b: Uint8Array): Uint8Array => a.map((v, i) => v ^ b[i]!);

// RFC 7801 section 5.4: the test key (also GOST R 34.13-2015 appendix A.1).
const KEY = hex('8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef');

/** Encryption straight from RFC 7801 section 4.4: X[K_10] LSX[K_9] ... LSX[K_1]. */
function referenceEncrypt(key: Uint8Array, block: Uint8Array): Uint8Array {
  const k = kuznyechikRoundKeys(key);
  let a = block;
  for (let i = 0; i < 9; i++) a = transformL(transformS(xor(a, k[i]!)));
  return xor(a, k[9]!);
}

describe('Kuznyechik transformations, RFC 7801 section 5', () => {
  it('5.1 S', () => {
    const chain = [
      'ffeeddccbbaa99881122334455667700',
      'b66cd8887d38e8d77765aeea0c9a7efc',
      '559d8dd7bd06cbfe7e7b262523280d39',
      '0c3322fed531e4630d80ef5c5a81c50b',
      '23ae65633f842d29c5df529c13f5acda',
    ];
    for (let i = 0; i < 4; i++) {
      expect(bytesToHex(transformS(hex(chain[i]!)))).toBe(chain[i + 1]);
      expect(bytesToHex(transformSInv(hex(chain[i + 1]!)))).toBe(chain[i]);
    }
  });

  it('5.2 R', () => {
    const chain = [
      '00000000000000000000000000000100',
      '94000000000000000000000000000001',
      'a5940000000000000000000000000000',
      '64a59400000000000000000000000000',
      '0d64a594000000000000000000000000',
    ];
    for (let i = 0; i < 4; i++) expect(bytesToHex(transformR(hex(chain[i]!)))).toBe(chain[i + 1]);
  });

  it('5.3 L', () => {
    const chain = [
      '64a59400000000000000000000000000',
      'd456584dd0e3e84cc3166e4b7fa2890d',
      '79d26221b87b584cd42fbc4ffea5de9a',
      '0e93691a0cfc60408b7b68f66b513c13',
      'e6a8094fee0aa204fd97bcb0b44b8580',
    ];
    for (let i = 0; i < 4; i++) {
      expect(bytesToHex(transformL(hex(chain[i]!)))).toBe(chain[i + 1]);
      expect(bytesToHex(transformLInv(hex(chain[i + 1]!)))).toBe(chain[i]);
    }
  });
});

describe('Kuznyechik key schedule, RFC 7801 section 5.4', () => {
  const C = [
    '6ea276726c487ab85d27bd10dd849401',
    'dc87ece4d890f4b3ba4eb92079cbeb02',
    'b2259a96b4d88e0be7690430a44f7f03',
    '7bcd1b0b73e32ba5b79cb140f2551504',
    '156f6d791fab511deabb0c502fd18105',
    'a74af7efab73df160dd208608b9efe06',
    'c9e8819dc73ba5ae50f5b570561a6a07',
    'f6593616e6055689adfba18027aa2a08',
  ];
  // F[C_i] ... F[C_1](K_1, K_2), i = 1..8
  const F = [
    ['c3d5fa01ebe36f7a9374427ad7ca8949', '8899aabbccddeeff0011223344556677'],
    ['37777748e56453377d5e262d90903f87', 'c3d5fa01ebe36f7a9374427ad7ca8949'],
    ['f9eae5f29b2815e31f11ac5d9c29fb01', '37777748e56453377d5e262d90903f87'],
    ['e980089683d00d4be37dd3434699b98f', 'f9eae5f29b2815e31f11ac5d9c29fb01'],
    ['b7bd70acea4460714f4ebe13835cf004', 'e980089683d00d4be37dd3434699b98f'],
    ['1a46ea1cf6ccd236467287df93fdf974', 'b7bd70acea4460714f4ebe13835cf004'],
    ['3d4553d8e9cfec6815ebadc40a9ffd04', '1a46ea1cf6ccd236467287df93fdf974'],
    ['db31485315694343228d6aef8cc78c44', '3d4553d8e9cfec6815ebadc40a9ffd04'],
  ];

  it('derives the constants C_i = L(Vec_128(i))', () => {
    for (let i = 1; i <= 8; i++) {
      const v = new Uint8Array(16);
      v[15] = i;
      expect(bytesToHex(transformL(v))).toBe(C[i - 1]);
    }
  });

  it('runs the Feistel steps F[C_1] .. F[C_8] from (K_1, K_2)', () => {
    const k1 = KEY.subarray(0, 16);
    const x = xor(k1, hex(C[0]!));
    expect(bytesToHex(x)).toBe('e63bdcc9a09594475d369f2399d1f276');
    expect(bytesToHex(transformS(x))).toBe('0998ca37a7947aabb78f4a5ae81b748a');
    expect(bytesToHex(transformL(transformS(x)))).toBe('3d0940999db75d6a9257071d5e6144a6');
    let a: Uint8Array = k1;
    let b: Uint8Array = KEY.subarray(16);
    for (let i = 0; i < 8; i++) {
      [a, b] = [xor(transformL(transformS(xor(a, hex(C[i]!)))), b), a];
      expect([bytesToHex(a), bytesToHex(b)]).toEqual(F[i]);
    }
  });

  it('gives the round keys K_1 .. K_10', () => {
    expect(kuznyechikRoundKeys(KEY).map(bytesToHex)).toEqual([
      '8899aabbccddeeff0011223344556677',
      'fedcba98765432100123456789abcdef',
      'db31485315694343228d6aef8cc78c44',
      '3d4553d8e9cfec6815ebadc40a9ffd04',
      '57646468c44a5e28d3e59246f429f1ac',
      'bd079435165c6432b532e82834da581b',
      '51e640757e8745de705727265a0098b1',
      '5a7925017b9fdd3ed72a91a22286f984',
      'bb44e25378c73123a5f32f73cdb6e517',
      '72e9dd7416bcf45b755dbaa88e4a4043',
    ]);
  });
});

describeEachImplementation('Kuznyechik encryption, RFC 7801 sections 5.5 and 5.6', () => {
  const plaintext = '1122334455667700ffeeddccbbaa9988';
  const ciphertext = '7f679d90bebc24305a468d42b9d4edcd';

  it('5.5 passes through the published LSX states', () => {
    const k = kuznyechikRoundKeys(KEY);
    const states = [
      'e297b686e355b0a1cf4a2f9249140830',
      '285e497a0862d596b36f4258a1c69072',
      '0187a3a429b567841ad50d29207cc34e',
      'ec9bdba057d4f4d77c5d70619dcad206',
      '1357fd11de9257290c2a1473eb6bcde1',
      '28ae31e7d4c2354261027ef0b32897df',
      '07e223d56002c013d3f5e6f714b86d2d',
      'cd8ef6cd97e0e092a8e4cca61b38bf65',
      '0d8e40e4a800d06b2f1b37ea379ead8e',
    ];
    let a = hex(plaintext);
    expect(bytesToHex(xor(a, k[0]!))).toBe('99bb99ff99bb99ffffffffffffffffff');
    expect(bytesToHex(transformS(xor(a, k[0]!)))).toBe('e87de8b6e87de8b6b6b6b6b6b6b6b6b6');
    for (let i = 0; i < 9; i++) {
      a = transformL(transformS(xor(a, k[i]!)));
      expect(bytesToHex(a)).toBe(states[i]);
    }
    expect(bytesToHex(xor(a, k[9]!))).toBe(ciphertext);
  });

  it('5.6 passes through the published S^-1 L^-1 X states', () => {
    const k = kuznyechikRoundKeys(KEY);
    const b = hex(ciphertext);
    expect(bytesToHex(xor(b, k[9]!))).toBe('0d8e40e4a800d06b2f1b37ea379ead8e');
    expect(bytesToHex(transformLInv(xor(b, k[9]!)))).toBe('8a6b930a52211b45c5baa43ff8b91319');
    const states = [
      '76ca149eef27d1b10d17e3d5d68e5a72',
      '5d9b06d41b9d1d2d04df7755363e94a9',
      '79487192aa45709c115559d6e9280f6e',
      'ae506924c8ce331bb918fc5bdfb195fa',
      'bbffbfc8939eaaffafb8e22769e323aa',
      '3cc2f07cc07a8bec0f3ea0ed2ae33e4a',
      'f36f01291d0b96d591e228b72d011c36',
      '1c4b0c1e950182b1ce696af5c0bfc5df',
      '99bb99ff99bb99ffffffffffffffffff',
    ];
    let a = b;
    for (let i = 9; i >= 1; i--) {
      a = transformSInv(transformLInv(xor(a, k[i]!)));
      expect(bytesToHex(a)).toBe(states[9 - i]);
    }
    expect(bytesToHex(xor(a, k[0]!))).toBe(plaintext);
  });

  it('encrypts and decrypts the test block with the table implementation', () => {
    const cipher = new Kuznyechik(KEY);
    const out = new Uint8Array(16);
    cipher.encryptBlock(hex(plaintext), 0, out, 0);
    expect(bytesToHex(out)).toBe(ciphertext);
    cipher.decryptBlock(out, 0, out, 0);
    expect(bytesToHex(out)).toBe(plaintext);
  });

  it('works at offsets and in place', () => {
    const cipher = kuznyechik.create(KEY);
    const buf = new Uint8Array(40);
    buf.set(hex(plaintext), 7);
    cipher.encryptBlock(buf, 7, buf, 7);
    expect(bytesToHex(buf.subarray(7, 23))).toBe(ciphertext);
    cipher.decryptBlock(buf, 7, buf, 20);
    expect(bytesToHex(buf.subarray(20, 36))).toBe(plaintext);
  });

  it('matches the byte-wise reference on random keys and blocks', () => {
    for (let i = 0; i < 50; i++) {
      const key = randomBytes(32);
      const block = randomBytes(16);
      const cipher = new Kuznyechik(key);
      const out = new Uint8Array(16);
      cipher.encryptBlock(block, 0, out, 0);
      expect(bytesToHex(out)).toBe(bytesToHex(referenceEncrypt(key, block)));
      cipher.decryptBlock(out, 0, out, 0);
      expect(bytesToHex(out)).toBe(bytesToHex(block));
    }
  });

  it('rejects keys that are not 32 bytes', () => {
    for (const len of [0, 16, 31, 33, 64]) {
      expect(errorCode(() => new Kuznyechik(new Uint8Array(len)))).toBe('INVALID_KEY_LENGTH');
    }
  });
});
