import { describe, expect, it } from 'vitest';
import {
  CURVES,
  PARAM_SETS,
  TEST_CURVE_256,
  TEST_CURVE_512,
  findParamSet,
  type GostCurve,
} from '../src/curves/params.js';
import { primeField, invertMod } from '../src/curves/field.js';
import { arithmeticFor, recodeOdd, wnaf, type Jacobian } from '../src/curves/point.js';
import { add, isProbablePrime, mul, onCurve, randomBelow, randomPoint } from './ec-reference.js';

const ALL_CURVES: readonly GostCurve[] = [...CURVES, TEST_CURVE_256, TEST_CURVE_512];

function affine(curve: GostCurve, P: Jacobian): { x: bigint; y: bigint } | null {
  return arithmeticFor(curve).toAffine(P, false) ?? null;
}

describe('curve parameters (RFC 4357 §11.4, RFC 7836 appendix A, R 1323565.1.024-2019, GOST R 34.10-2012 appendix A)', () => {
  for (const c of ALL_CURVES) {
    describe(c.name, () => {
      it('has prime p and q of the declared size', () => {
        expect(isProbablePrime(c.p)).toBe(true);
        expect(isProbablePrime(c.q)).toBe(true);
        expect(Math.ceil(c.p.toString(2).length / 8)).toBe(c.size);
      });

      it('is a non-singular curve with G on it', () => {
        for (const v of [c.a, c.b, c.gx, c.gy]) expect(v >= 0n && v < c.p).toBe(true);
        expect((4n * c.a ** 3n + 27n * c.b ** 2n) % c.p).not.toBe(0n);
        expect(onCurve(c, { x: c.gx, y: c.gy })).toBe(true);
        expect(arithmeticFor(c).isOnCurve(c.gx, c.gy)).toBe(true);
      });

      it('has q·G = O and (h·q)·P = O for a random point P, within the Hasse bound', () => {
        const G = { x: c.gx, y: c.gy };
        expect(mul(c, c.q, G)).toBeNull();
        expect(mul(c, c.q - 1n, G)).toEqual({ x: c.gx, y: c.p - c.gy });
        expect(mul(c, c.cofactor * c.q, randomPoint(c))).toBeNull();
        const trace = c.p + 1n - c.cofactor * c.q;
        expect(trace * trace <= 4n * c.p).toBe(true);
      });
    });
  }
});

describe('parameter-set OIDs (RFC 9215, RFC 4357)', () => {
  const curveOf = (oid: string): string | undefined => findParamSet(oid)?.curve.name;

  it('maps TC26 256-B/C/D and the CryptoPro OIDs onto the CryptoPro curves', () => {
    expect(curveOf('1.2.643.7.1.2.1.1.2')).toBe('cryptopro-A');
    expect(curveOf('1.2.643.7.1.2.1.1.3')).toBe('cryptopro-B');
    expect(curveOf('1.2.643.7.1.2.1.1.4')).toBe('cryptopro-C');
    expect(curveOf('1.2.643.2.2.35.1')).toBe('cryptopro-A');
    expect(curveOf('1.2.643.2.2.35.2')).toBe('cryptopro-B');
    expect(curveOf('1.2.643.2.2.35.3')).toBe('cryptopro-C');
    expect(curveOf('1.2.643.2.2.36.0')).toBe('cryptopro-A');
    expect(curveOf('1.2.643.2.2.36.1')).toBe('cryptopro-C');
  });

  it('maps the TC26 sets with their own curves, by OID and by name', () => {
    expect(curveOf('1.2.643.7.1.2.1.1.1')).toBe('tc26-256-A');
    expect(curveOf('1.2.643.7.1.2.1.2.1')).toBe('tc26-512-A');
    expect(curveOf('1.2.643.7.1.2.1.2.2')).toBe('tc26-512-B');
    expect(curveOf('1.2.643.7.1.2.1.2.3')).toBe('tc26-512-C');
    expect(curveOf('id-tc26-gost-3410-12-512-paramSetC')).toBe('tc26-512-C');
    expect(curveOf('id-GostR3410-2001-CryptoPro-XchB-ParamSet')).toBe('cryptopro-C');
  });

  it('registers twelve sets with unique OIDs and no test curve', () => {
    expect(PARAM_SETS).toHaveLength(12);
    expect(new Set(PARAM_SETS.map((s) => s.oid)).size).toBe(12);
    expect(findParamSet('1.2.643.2.2.35.0')).toBeUndefined();
    expect(findParamSet('1.2.643.7.1.2.1.2.0')).toBeUndefined();
  });
});

describe('field arithmetic', () => {
  for (const c of ALL_CURVES) {
    it(`reduces products exactly mod the ${c.name} prime, including the extremes`, () => {
      const F = primeField(c.p);
      const samples = [0n, 1n, 2n, c.p - 1n, c.p - 2n, (c.p - 1n) / 2n];
      for (let i = 0; i < 200; i++) samples.push(randomBelow(c.p));
      for (let i = 0; i < samples.length; i++) {
        const a = samples[i]!;
        const b = samples[(i * 7 + 3) % samples.length]!;
        expect(F.mul(a, b)).toBe((a * b) % c.p);
        expect(F.add(a, b)).toBe((a + b) % c.p);
        expect(F.sub(a, b)).toBe((((a - b) % c.p) + c.p) % c.p);
      }
      const x = randomBelow(c.p - 1n) + 1n;
      expect(F.mul(F.invSecret(x), x)).toBe(1n);
      expect(F.mul(F.invPublic(x), x)).toBe(1n);
      expect(invertMod(x, c.p)).toBe(F.invSecret(x));
    });
  }
});

describe('scalar recodings', () => {
  const value = (digits: Int8Array, radix: bigint): bigint => {
    let s = 0n;
    for (let i = digits.length - 1; i >= 0; i--) s = s * radix + BigInt(digits[i]!);
    return s;
  };

  it('writes odd scalars with odd signed 4-bit digits and no zero digit', () => {
    for (let i = 0; i < 300; i++) {
      const k = randomBelow(1n << 512n) | 1n;
      const digits = recodeOdd(k, 128);
      expect(value(digits, 16n)).toBe(k);
      for (const d of digits) expect(Math.abs(d) % 2).toBe(1);
    }
    expect(value(recodeOdd(1n, 64), 16n)).toBe(1n);
    expect(value(recodeOdd((1n << 256n) - 1n, 64), 16n)).toBe((1n << 256n) - 1n);
  });

  it('computes width-5 NAFs', () => {
    for (let i = 0; i < 100; i++) {
      const k = randomBelow(1n << 512n) + 1n;
      const naf = wnaf(k, 5);
      expect(value(naf, 2n)).toBe(k);
      for (const d of naf) expect(d === 0 || (Math.abs(d) % 2 === 1 && Math.abs(d) < 16)).toBe(true);
    }
    expect(value(wnaf((1n << 300n) - 1n, 5), 2n)).toBe((1n << 300n) - 1n);
  });
});

describe('scalar multiplication agrees with the naive affine reference', () => {
  for (const c of ALL_CURVES) {
    it(`on ${c.name}: base point (secret and public paths), variable point, addition`, () => {
      const ec = arithmeticFor(c);
      const G = { x: c.gx, y: c.gy };
      const P = mul(c, randomBelow(c.q - 1n) + 1n, G)!;
      const scalars = [1n, 2n, 17n, c.q - 1n, c.q - 2n, c.q >> 1n, randomBelow(c.q - 1n) + 1n];
      for (const k of scalars) {
        const want = mul(c, k, G);
        expect(affine(c, ec.mulBaseSecret(k))).toEqual(want);
        expect(affine(c, ec.mulBasePublic(k))).toEqual(want);
        const wantP = mul(c, k, P);
        expect(affine(c, ec.mulSecret(k, P))).toEqual(wantP);
        expect(affine(c, ec.mulPublic(k, P))).toEqual(wantP);
      }
      const u1 = randomBelow(c.q);
      const u2 = randomBelow(c.q);
      expect(affine(c, ec.mulBaseAddPublic(u1, u2, P))).toEqual(add(c, mul(c, u1, G), mul(c, u2, P)));
      expect(ec.mulBasePublic(0n).z).toBe(0n);
      expect(ec.mulPublic(c.q, P).z).toBe(0n);
    });
  }

  it('handles the exceptional additions P + P and P + (−P)', () => {
    const c = CURVES[1]!;
    const ec = arithmeticFor(c);
    const G = { x: c.gx, y: c.gy, z: 1n };
    expect(affine(c, ec.addAffine(G, c.gx, c.gy))).toEqual(mul(c, 2n, { x: c.gx, y: c.gy }));
    expect(ec.addAffine(G, c.gx, c.p - c.gy).z).toBe(0n);
    expect(affine(c, ec.add(G, G))).toEqual(mul(c, 2n, { x: c.gx, y: c.gy }));
  });
});
