import { describe, expect, it } from 'vitest';
import { bytesToHex, gost3410, hexToBytes, vko256, vko512 } from '@podpis/gost';
import { findParamSet } from '../src/curves/params.js';
import { add, encodeRefPoint, mul, randomPoint } from './ec-reference.js';
import { expectGostError } from './support/helpers.js';

/**
 * RFC 7836 appendix B, examples 7 and 8: both parties hold 512-bit keys on
 * id-tc26-gost-3410-12-512-paramSetA; keys, public keys and UKM are printed
 * as byte strings in the little-endian encodings this API uses.
 */
describe('RFC 7836 VKO test examples', () => {
  const paramSet = 'id-tc26-gost-3410-12-512-paramSetA';
  const ukm = hexToBytes('1d80603c8544c727');
  const prvA = hexToBytes(
    'c990ecd972fce84ec4db022778f50fcac726f46708384b8d458304962d7147f8' +
      'c2db41cef22c90b102f2968404f9b9be6d47c79692d81826b32b8daca43cb667',
  );
  const pubA = hexToBytes(
    'aab0eda4abff21208d18799fb9a8556654ba783070eba10cb9abb253ec56dcf5' +
      'd3ccba6192e464e6e5bcb6dea137792f2431f6c897eb1b3c0cc14327b1adc0a7' +
      '914613a3074e363aedb204d38d3563971bd8758e878c9db11403721b48002d38' +
      '461f92472d40ea92f9958c0ffa4c93756401b97f89fdbe0b5e46e4a4631cdb5a',
  );
  const prvB = hexToBytes(
    '48c859f7b6f11585887cc05ec6ef1390cfea739b1a18c0d4662293ef63b79e3b' +
      '8014070b44918590b4b996acfea4edfbbbcccc8c06edd8bf5bda92a51392d0db',
  );
  const pubB = hexToBytes(
    '192fe183b9713a077253c72c8735de2ea42a3dbc66ea317838b65fa32523cd5e' +
      'fca974eda7c863f4954d1147f1f2b25c395fce1c129175e876d132e94ed5a651' +
      '04883b414c9b592ec4dc84826f07d0b6d9006dda176ce48c391e3f97d102e03b' +
      'b598bf132a228a45f7201aba08fc524a2d77e43a362ab022ad4028f75bde3b79',
  );

  it('derives the public keys of both parties', () => {
    expect(bytesToHex(gost3410.getPublicKey(paramSet, prvA))).toBe(bytesToHex(pubA));
    expect(bytesToHex(gost3410.getPublicKey(paramSet, prvB))).toBe(bytesToHex(pubB));
  });

  it('example 7: VKO_GOSTR3410_2012_256 gives the same KEK on both sides', () => {
    const kek = 'c9a9a77320e2cc559ed72dce6f47e2192ccea95fa648670582c054c0ef36c221';
    expect(bytesToHex(vko256(paramSet, prvA, pubB, ukm))).toBe(kek);
    expect(bytesToHex(vko256(paramSet, prvB, pubA, ukm))).toBe(kek);
  });

  it('example 8: VKO_GOSTR3410_2012_512 gives the same KEK on both sides', () => {
    const kek =
      '79f002a96940ce7bde3259a52e015297adaad84597a0d205b50e3e1719f97bfa' +
      '7ee1d2661fa9979a5aa235b558a7e6d9f88f982dd63fc35a8ec0dd5e242d3bdf';
    expect(bytesToHex(vko512(paramSet, prvA, pubB, ukm))).toBe(kek);
    expect(bytesToHex(vko512(paramSet, prvB, pubA, ukm))).toBe(kek);
  });
});

describe('VKO on every parameter set', () => {
  for (const set of gost3410.paramSets) {
    it(`${set.name}: both parties agree; another UKM gives another key`, () => {
      const a = gost3410.generatePrivateKey(set.oid);
      const b = gost3410.generatePrivateKey(set.oid);
      const pa = gost3410.getPublicKey(set.oid, a);
      const pb = gost3410.getPublicKey(set.oid, b);
      const ukm = globalThis.crypto.getRandomValues(new Uint8Array(8));
      const k256 = vko256(set.oid, a, pb, ukm);
      expect(k256).toHaveLength(32);
      expect(bytesToHex(vko256(set.oid, b, pa, ukm))).toBe(bytesToHex(k256));
      const k512 = vko512(set.oid, a, pb, ukm);
      expect(k512).toHaveLength(64);
      expect(bytesToHex(vko512(set.oid, b, pa, ukm))).toBe(bytesToHex(k512));
      const otherUkm = ukm.slice();
      otherUkm[7]! ^= 1;
      expect(bytesToHex(vko256(set.oid, a, pb, otherUkm))).not.toBe(bytesToHex(k256));
    });
  }
});

describe('VKO misuse', () => {
  const oid = '1.2.643.7.1.2.1.1.1'; // cofactor 4
  const curve = findParamSet(oid)!.curve;
  const a = gost3410.generatePrivateKey(oid);
  const pb = gost3410.getPublicKey(oid, gost3410.generatePrivateKey(oid));
  const ukm = hexToBytes('0102030405060708');

  it('rejects a peer key of the wrong length, off the curve, or outside the order-q subgroup', () => {
    expectGostError(() => vko256(oid, a, pb.subarray(1), ukm), 'INVALID_KEY_LENGTH');
    const off = pb.slice();
    off[0]! ^= 1;
    expectGostError(() => vko256(oid, a, off, ukm), 'POINT_NOT_ON_CURVE');
    let small = null;
    while (small === null) small = mul(curve, curve.q, randomPoint(curve));
    const mixed = add(curve, { x: curve.gx, y: curve.gy }, small)!;
    expectGostError(() => vko512(oid, a, encodeRefPoint(curve, mixed), ukm), 'POINT_NOT_ON_CURVE');
  });

  it('rejects an empty or zero UKM, a bad private key and an unknown parameter set', () => {
    expectGostError(() => vko256(oid, a, pb, new Uint8Array(0)), 'INVALID_ARGUMENT');
    expectGostError(() => vko256(oid, a, pb, new Uint8Array(8)), 'INVALID_ARGUMENT');
    expectGostError(() => vko256(oid, new Uint8Array(32), pb, ukm), 'INVALID_KEY');
    expectGostError(() => vko256(oid, a.subarray(1), pb, ukm), 'INVALID_KEY_LENGTH');
    expectGostError(() => vko512('1.2.3.4', a, pb, ukm), 'UNKNOWN_PARAM_SET');
  });
});
