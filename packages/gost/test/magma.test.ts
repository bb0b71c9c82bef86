import { describe, expect, it } from 'vitest';
import { bytesToHex, Magma, magma } from '@podpis/gost';
import { magmaG, magmaRoundKeys, magmaT } from '../src/magma.js';
import { hex, errorCode } from './support/helpers.js';

const word = (w: number): string => w.toString(16).padStart(8, '0');

// RFC 8891 appendix A.3: the test key (also GOST R 34.13-2015 appendix A.2).
const KEY = hex('ffeeddccbbaa99887766554433221100f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');

// RFC 8891 appendix A.4: (a_1, a_0) after G[K_1], G[K_2]G[K_1], ..., G[K_31]...G[K_1].
const ROUNDS = [
  ['76543210', '28da3b14'],
  ['28da3b14', 'b14337a5'],
  ['b14337a5', '633a7c68'],
  ['633a7c68', 'ea89c02c'],
  ['ea89c02c', '11fe726d'],
  ['11fe726d', 'ad0310a4'],
  ['ad0310a4', '37d97f25'],
  ['37d97f25', '46324615'],
  ['46324615', 'ce995f2a'],
  ['ce995f2a', '93c1f449'],
  ['93c1f449', '4811c7ad'],
  ['4811c7ad', 'c4b3edca'],
  ['c4b3edca', '44ca5ce1'],
  ['44ca5ce1', 'fef51b68'],
  ['fef51b68', '2098cd86'],
  ['2098cd86', '4f15b0bb'],
  ['4f15b0bb', 'e32805bc'],
  ['e32805bc', 'e7116722'],
  ['e7116722', '89cadf21'],
  ['89cadf21', 'bac8444d'],
  ['bac8444d', '11263a21'],
  ['11263a21', '625434c3'],
  ['625434c3', '8025c0a5'],
  ['8025c0a5', 'b0d66514'],
  ['b0d66514', '47b1d5f4'],
  ['47b1d5f4', 'c78e6d50'],
  ['c78e6d50', '80251e99'],
  ['80251e99', '2b96eca6'],
  ['2b96eca6', '05ef4401'],
  ['05ef4401', '239a4577'],
  ['239a4577', 'c2d8ca3d'],
];

describe('Magma, RFC 8891 appendix A', () => {
  it('A.1 transformation t', () => {
    const chain = [0xfdb97531, 0x2a196f34, 0xebd9f03a, 0xb039bb3d, 0x68695433];
    for (let i = 0; i < 4; i++) expect(word(magmaT(chain[i]!))).toBe(word(chain[i + 1]!));
  });

  it('A.2 transformation g', () => {
    expect(word(magmaG(0x87654321, 0xfedcba98))).toBe('fdcbc20c');
    expect(word(magmaG(0xfdcbc20c, 0x87654321))).toBe('7e791a4b');
    expect(word(magmaG(0x7e791a4b, 0xfdcbc20c))).toBe('c76549ec');
    expect(word(magmaG(0xc76549ec, 0x7e791a4b))).toBe('9791c849');
  });

  it('A.3 key schedule', () => {
    const first = [
      'ffeeddcc',
      'bbaa9988',
      '77665544',
      '33221100',
      'f0f1f2f3',
      'f4f5f6f7',
      'f8f9fafb',
      'fcfdfeff',
    ];
    expect(Array.from(magmaRoundKeys(KEY), word)).toEqual([
      ...first,
      ...first,
      ...first,
      ...first.slice().reverse(),
    ]);
  });

  it('A.4 encryption passes through the published rounds', () => {
    const k = magmaRoundKeys(KEY);
    let [a1, a0] = [0xfedcba98, 0x76543210];
    for (let i = 0; i < 31; i++) {
      [a1, a0] = [a0, (magmaG(k[i]!, a0) ^ a1) >>> 0];
      expect([word(a1), word(a0)]).toEqual(ROUNDS[i]);
    }
    expect(word((magmaG(k[31]!, a0) ^ a1) >>> 0) + word(a0)).toBe('4ee901e5c2d8ca3d');
  });

  it('A.5 decryption passes through the published rounds in reverse', () => {
    const k = magmaRoundKeys(KEY);
    let [b1, b0] = [0x4ee901e5, 0xc2d8ca3d];
    for (let i = 31; i > 0; i--) {
      [b1, b0] = [b0, (magmaG(k[i]!, b0) ^ b1) >>> 0];
      // G[K_(i+1)]...G[K_32](b) is the encryption state after round i with its halves swapped.
      const [e1, e0] = ROUNDS[i - 1]!;
      expect([word(b1), word(b0)]).toEqual([e0, e1]);
    }
    expect(word((magmaG(k[0]!, b0) ^ b1) >>> 0) + word(b0)).toBe('fedcba9876543210');
  });

  it('encrypts and decrypts the test block with the table implementation', () => {
    const cipher = new Magma(KEY);
    const out = new Uint8Array(8);
    cipher.encryptBlock(hex('fedcba9876543210'), 0, out, 0);
    expect(bytesToHex(out)).toBe('4ee901e5c2d8ca3d');
    cipher.decryptBlock(out, 0, out, 0);
    expect(bytesToHex(out)).toBe('fedcba9876543210');
  });

  it('works at offsets and in place', () => {
    const cipher = magma.create(KEY);
    const buf = new Uint8Array(24);
    buf.set(hex('fedcba9876543210'), 3);
    cipher.encryptBlock(buf, 3, buf, 3);
    expect(bytesToHex(buf.subarray(3, 11))).toBe('4ee901e5c2d8ca3d');
    cipher.decryptBlock(buf, 3, buf, 13);
    expect(bytesToHex(buf.subarray(13, 21))).toBe('fedcba9876543210');
  });

  it('rejects keys that are not 32 bytes', () => {
    for (const len of [0, 8, 31, 33]) {
      expect(errorCode(() => new Magma(new Uint8Array(len)))).toBe('INVALID_KEY_LENGTH');
    }
  });
});
