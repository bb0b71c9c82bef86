import { describe, expect, it } from 'vitest';
import { gost3410, hexToBytes, reverseBytes, bytesToHex } from '@podpis/gost';
import { TEST_CURVE_256, TEST_CURVE_512, findParamSet } from '../src/curves/params.js';
import { publicKeyOnCurve, signWithK, verifyOnCurve } from '../src/gost3410.js';
import { add, bigintToLE, encodeRefPoint, mul, randomPoint } from './ec-reference.js';
import { expectGostError } from './support/helpers.js';

/** The standard prints numbers big-endian; our encodings of d, Q and the digest are little-endian. */
const le = (hex: string): Uint8Array => reverseBytes(hexToBytes(hex));

describe('GOST R 34.10-2012 appendix A examples (RFC 7091 §7)', () => {
  it('A.1 / RFC 7091 §7.1: 256-bit key, public key, signature with the given k', () => {
    const d = le('7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28');
    const Q = publicKeyOnCurve(TEST_CURVE_256, d);
    expect(bytesToHex(reverseBytes(Q.subarray(0, 32)))).toBe(
      '7f2b49e270db6d90d8595bec458b50c58585ba1d4e9b788f6689dbd8e56fd80b',
    );
    expect(bytesToHex(reverseBytes(Q.subarray(32)))).toBe(
      '26f1b489d6701dd185c8413a977b3cbbaf64d1c593d26627dffb101a87ff77da',
    );
    // e = α mod q = 2DFB…3EE5, so the digest is α written little-endian.
    const digest = le('2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5');
    const k = 0x77105c9b20bcd3122823c8cf6fcc7b956de33814e95b7fe64fed924594dceab3n;
    const sig = signWithK(TEST_CURVE_256, d, digest, k);
    const s = '01456c64ba4642a1653c235a98a60249bcd6d3f746b631df928014f6c5bf9c40';
    const r = '41aa28d2f1ab148280cd9ed56feda41974053554a42767b83ad043fd39dc0493';
    expect(bytesToHex(sig)).toBe(s + r);
    expect(verifyOnCurve(TEST_CURVE_256, Q, digest, sig)).toBe(true);
  });

  it('A.2 / RFC 7091 §7.2: 512-bit key, public key, signature with the given k', () => {
    const d = le(
      '0BA6048AADAE241BA40936D47756D7C93091A0E8514669700EE7508E508B1020' +
        '72E8123B2200A0563322DAD2827E2714A2636B7BFD18AADFC62967821FA18DD4',
    );
    const Q = publicKeyOnCurve(TEST_CURVE_512, d);
    expect(bytesToHex(reverseBytes(Q.subarray(0, 64)))).toBe(
      '115dc5bc96760c7b48598d8ab9e740d4c4a85a65be33c1815b5c320c854621dd' +
        '5a515856d13314af69bc5b924c8b4ddff75c45415c1d9dd9dd33612cd530efe1',
    );
    expect(bytesToHex(reverseBytes(Q.subarray(64)))).toBe(
      '37c7c90cd40b0f5621dc3ac1b751cfa0e2634fa0503b3d52639f5d7fb72afd61' +
        'ea199441d943ffe7f0c70a2759a3cdb84c114e1f9339fdf27f35eca93677beec',
    );
    const digest = le(
      '3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C591' +
        '7184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C',
    );
    const k = BigInt(
      '0x0359E7F4B1410FEACC570456C6801496946312120B39D019D455986E364F3658' +
        '86748ED7A44B3E794434006011842286212273A6D14CF70EA3AF71BB1AE679F1',
    );
    const sig = signWithK(TEST_CURVE_512, d, digest, k);
    const s =
      '1081b394696ffe8e6585e7a9362d26b6325f56778aadbc081c0bfbe933d52ff5' +
      '823ce288e8c4f362526080df7f70ce406a6eeb1f56919cb92a9853bde73e5b4a';
    const r =
      '2f86fa60a081091a23dd795e1e3c689ee512a3c82ee0dcc2643c78eea8fcacd3' +
      '5492558486b20f1c9ec197c90699850260c93bcbcd9c5c3317e19344e173ae36';
    expect(bytesToHex(sig)).toBe(s + r);
    expect(verifyOnCurve(TEST_CURVE_512, Q, digest, sig)).toBe(true);
  });
});

describe('sign and verify on every parameter set', () => {
  for (const set of gost3410.paramSets) {
    it(`${set.name} (${set.oid}): round trip, tampering, randomization`, () => {
      const sk = gost3410.generatePrivateKey(set.oid);
      expect(sk).toHaveLength(set.size);
      const pk = gost3410.getPublicKey(set.oid, sk);
      expect(pk).toHaveLength(2 * set.size);
      expect(gost3410.validatePublicKey(set.oid, pk)).toBe(true);
      const digest = globalThis.crypto.getRandomValues(new Uint8Array(set.size));
      const sig = gost3410.sign(set.oid, sk, digest);
      expect(sig).toHaveLength(2 * set.size);
      expect(gost3410.verify(set.oid, pk, digest, sig)).toBe(true);
      expect(gost3410.verify(set.name, pk, digest, sig)).toBe(true);

      const again = gost3410.sign(set.oid, sk, digest);
      expect(bytesToHex(again)).not.toBe(bytesToHex(sig));
      expect(gost3410.verify(set.oid, pk, digest, again)).toBe(true);

      for (const i of [0, set.size - 1, set.size, 2 * set.size - 1]) {
        const bad = sig.slice();
        bad[i]! ^= 1;
        expect(gost3410.verify(set.oid, pk, digest, bad)).toBe(false);
      }
      const badDigest = digest.slice();
      badDigest[0]! ^= 0x80;
      expect(gost3410.verify(set.oid, pk, badDigest, sig)).toBe(false);
      const otherKey = gost3410.getPublicKey(set.oid, gost3410.generatePrivateKey(set.oid));
      expect(gost3410.verify(set.oid, otherKey, digest, sig)).toBe(false);
      const offCurve = pk.slice();
      offCurve[0]! ^= 1;
      expect(gost3410.verify(set.oid, offCurve, digest, sig)).toBe(false);
      expect(gost3410.validatePublicKey(set.oid, offCurve)).toBe(false);
    });
  }

  it('gives one key pair under every OID that names the same curve', () => {
    const sk = gost3410.generatePrivateKey('1.2.643.2.2.35.1');
    const pk = bytesToHex(gost3410.getPublicKey('1.2.643.2.2.35.1', sk));
    expect(bytesToHex(gost3410.getPublicKey('1.2.643.7.1.2.1.1.2', sk))).toBe(pk);
    expect(bytesToHex(gost3410.getPublicKey('1.2.643.2.2.36.0', sk))).toBe(pk);
    const sk2 = gost3410.generatePrivateKey('1.2.643.2.2.36.1');
    expect(bytesToHex(gost3410.getPublicKey('1.2.643.7.1.2.1.1.4', sk2))).toBe(
      bytesToHex(gost3410.getPublicKey('1.2.643.2.2.35.3', sk2)),
    );
  });

  it('lists the parameter sets with OID, name and size', () => {
    expect(gost3410.paramSets).toHaveLength(12);
    expect(gost3410.paramSets.filter((s) => s.bits === 512).map((s) => s.oid)).toEqual([
      '1.2.643.7.1.2.1.2.1',
      '1.2.643.7.1.2.1.2.2',
      '1.2.643.7.1.2.1.2.3',
    ]);
    expect(Object.isFrozen(gost3410)).toBe(true);
  });
});

describe('verify returns false for malformed signatures and keys', () => {
  const oid = '1.2.643.7.1.2.1.1.2';
  const curve = findParamSet(oid)!.curve;
  const sk = gost3410.generatePrivateKey(oid);
  const pk = gost3410.getPublicKey(oid, sk);
  const digest = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const be = (n: bigint): Uint8Array => reverseBytes(bigintToLE(n, 32));
  const sigOf = (s: bigint, r: bigint): Uint8Array => new Uint8Array([...be(s), ...be(r)]);
  const sig = gost3410.sign(oid, sk, digest);
  const s = BigInt(`0x${bytesToHex(sig.subarray(0, 32))}`);
  const r = BigInt(`0x${bytesToHex(sig.subarray(32))}`);

  it('accepts the untouched signature', () => {
    expect(gost3410.verify(oid, pk, digest, sigOf(s, r))).toBe(true);
  });

  it('rejects r or s equal to 0, q or above', () => {
    for (const [ss, rr] of [
      [0n, r],
      [s, 0n],
      [curve.q, r],
      [s, curve.q],
      [s + curve.q, r],
      [s, r + curve.q],
      [(1n << 256n) - 1n, r],
    ] as const) {
      if (ss < 1n << 256n && rr < 1n << 256n)
        expect(gost3410.verify(oid, pk, digest, sigOf(ss, rr))).toBe(false);
    }
  });

  it('rejects wrong lengths and non-points without throwing', () => {
    expect(gost3410.verify(oid, pk, digest, sig.subarray(0, 63))).toBe(false);
    expect(gost3410.verify(oid, pk, digest, new Uint8Array(65))).toBe(false);
    expect(gost3410.verify(oid, pk, digest, new Uint8Array(64))).toBe(false);
    expect(gost3410.verify(oid, pk.subarray(0, 63), digest, sig)).toBe(false);
    expect(gost3410.verify(oid, new Uint8Array(64), digest, sig)).toBe(false);
    expect(gost3410.verify(oid, new Uint8Array(128), digest, sig)).toBe(false);
    expect(gost3410.validatePublicKey(oid, new Uint8Array(64))).toBe(false);
    expect(gost3410.validatePublicKey(oid, pk.subarray(1))).toBe(false);
  });

  it('returns false, not an exception, for an unknown parameter set or a digest of the wrong length', () => {
    expect(gost3410.verify('1.2.3.4', pk, digest, sig)).toBe(false);
    expect(gost3410.verify(oid, pk, digest.subarray(0, 31), sig)).toBe(false);
    expect(gost3410.verify(oid, pk, new Uint8Array(64), sig)).toBe(false);
  });

  it('rejects coordinates that are not reduced mod p', () => {
    // CryptoPro C has p ≈ 0.61·2^256, so x + p still fits in 32 bytes for a point with small x.
    const c = findParamSet('1.2.643.2.2.35.3')!.curve;
    const { x, y } = { x: c.gx, y: c.gy }; // x = 0
    expect(gost3410.validatePublicKey('1.2.643.2.2.35.3', encodeRefPoint(c, { x, y }))).toBe(true);
    expect(gost3410.validatePublicKey('1.2.643.2.2.35.3', encodeRefPoint(c, { x: x + c.p, y }))).toBe(false);
  });

  it('treats e = α mod q = 0 as e = 1 (GOST R 34.10-2012 §6.1 step 2)', () => {
    const qDigest = bigintToLE(curve.q, 32);
    const one = bigintToLE(1n, 32);
    const sigQ = gost3410.sign(oid, sk, qDigest);
    expect(gost3410.verify(oid, pk, one, sigQ)).toBe(true);
    expect(gost3410.verify(oid, pk, qDigest, gost3410.sign(oid, sk, one))).toBe(true);
  });
});

describe('public keys outside the order-q subgroup (cofactor-4 curves)', () => {
  for (const oid of ['1.2.643.7.1.2.1.1.1', '1.2.643.7.1.2.1.2.3']) {
    it(`${oid}: a point on the curve but not of order q fails validation`, () => {
      const c = findParamSet(oid)!.curve;
      let small = null;
      while (small === null) small = mul(c, c.q, randomPoint(c)); // order 2 or 4
      const Q = { x: c.gx, y: c.gy };
      const mixed = add(c, Q, small)!;
      expect(gost3410.validatePublicKey(oid, encodeRefPoint(c, Q))).toBe(true);
      expect(gost3410.validatePublicKey(oid, encodeRefPoint(c, mixed))).toBe(false);
    });
  }
});

describe('misuse throws GostError with a stable code', () => {
  const oid = '1.2.643.7.1.2.1.2.1';
  const sk = gost3410.generatePrivateKey(oid);
  const pk = gost3410.getPublicKey(oid, sk);
  const digest = new Uint8Array(64).fill(7);
  const sig = gost3410.sign(oid, sk, digest);
  const q = findParamSet(oid)!.curve.q;

  it('UNKNOWN_PARAM_SET for an unknown OID or a test curve', () => {
    for (const bad of ['1.2.3', '', '1.2.643.2.2.35.0', 'P-256']) {
      expectGostError(() => gost3410.generatePrivateKey(bad), 'UNKNOWN_PARAM_SET');
      expectGostError(() => gost3410.getPublicKey(bad, sk), 'UNKNOWN_PARAM_SET');
      expectGostError(() => gost3410.sign(bad, sk, digest), 'UNKNOWN_PARAM_SET');
      expect(gost3410.verify(bad, pk, digest, sig)).toBe(false);
      expectGostError(() => gost3410.validatePublicKey(bad, pk), 'UNKNOWN_PARAM_SET');
    }
  });

  it('INVALID_KEY_LENGTH for a private key of the wrong size', () => {
    expectGostError(() => gost3410.getPublicKey(oid, sk.subarray(0, 32)), 'INVALID_KEY_LENGTH');
    expectGostError(() => gost3410.sign(oid, new Uint8Array(65), digest), 'INVALID_KEY_LENGTH');
    expectGostError(
      () => gost3410.sign('1.2.643.7.1.2.1.1.1', sk, digest.subarray(0, 32)),
      'INVALID_KEY_LENGTH',
    );
  });

  it('INVALID_KEY for d = 0 or d ≥ q', () => {
    expectGostError(() => gost3410.getPublicKey(oid, new Uint8Array(64)), 'INVALID_KEY');
    expectGostError(() => gost3410.sign(oid, bigintToLE(q, 64), digest), 'INVALID_KEY');
    expectGostError(() => gost3410.sign(oid, new Uint8Array(64).fill(0xff), digest), 'INVALID_KEY');
    expect(gost3410.getPublicKey(oid, bigintToLE(q - 1n, 64))).toHaveLength(128);
  });

  it('INVALID_DIGEST_LENGTH when the digest does not match the key size in sign (verify answers false)', () => {
    expectGostError(() => gost3410.sign(oid, sk, new Uint8Array(32)), 'INVALID_DIGEST_LENGTH');
    expect(gost3410.verify(oid, pk, new Uint8Array(32), sig)).toBe(false);
  });
});
