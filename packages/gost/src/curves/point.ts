import { type PrimeField, primeField } from './field.js';
import type { GostCurve } from './params.js';

/**
 * Point arithmetic on y² = x³ + ax + b in Jacobian coordinates
 * (x, y) = (X/Z², Y/Z³), Z = 0 for the point at infinity O.
 *
 * Formulas (explicit-formulas database, hyperelliptic.org/EFD, g1p):
 * doubling dbl-2001-b when a = −3 (3M+5S) and dbl-2007-bl otherwise,
 * mixed addition madd-2007-bl (7M+4S), addition add-2007-bl (11M+5S).
 * These are not complete: they fail when adding P to ±P. Every addition
 * checks for that case (H = 0) and falls back to doubling or O, so results
 * are always correct; in the secret-scalar paths below that fallback is a
 * data-dependent branch taken with negligible probability (see mulBaseSecret).
 *
 * Secret scalars (signing nonce, private key, VKO) go through
 * `mulBaseSecret` and `mulSecret`: fixed windows of 4 bits with odd signed
 * digits (no zero digits, so every window adds a point), and each table
 * lookup reads every entry of its row and keeps one by masking. The
 * sequence of field operations therefore does not depend on the scalar.
 * What this does NOT give is constant time: V8 bigints take time that
 * depends on their values, so timing still leaks something. Do not rely
 * on this code where a local timing attacker is in the threat model.
 */
export interface Jacobian {
  readonly x: bigint;
  readonly y: bigint;
  readonly z: bigint;
}

export interface Affine {
  readonly x: bigint;
  readonly y: bigint;
}

const INFINITY: Jacobian = { x: 1n, y: 1n, z: 0n };
const WINDOW = 4;
const ROW = 1 << (WINDOW - 1); // odd multiples 1, 3, …, 15
const VERIFY_WNAF = 5;

export class CurveArithmetic {
  readonly curve: GostCurve;
  readonly F: PrimeField;
  /** Nibbles in a scalar: enough 4-bit windows to hold any value below q. */
  readonly windows: number;
  private readonly aIsMinus3: boolean;
  /** Packs (x, y) into x | y << coordBits so a table row is scanned with one AND/OR per entry. */
  private readonly coordBits: bigint;
  private readonly coordMasks: readonly [bigint, bigint];
  private readonly packedMasks: readonly [bigint, bigint];
  private baseTable: bigint[][] | undefined;

  constructor(curve: GostCurve) {
    this.curve = curve;
    this.F = primeField(curve.p);
    this.windows = Math.ceil(curve.q.toString(2).length / WINDOW);
    this.aIsMinus3 = curve.a === curve.p - 3n;
    this.coordBits = BigInt(curve.size * 8);
    const coordAll = (1n << this.coordBits) - 1n;
    this.coordMasks = [0n, coordAll];
    this.packedMasks = [0n, (1n << (2n * this.coordBits)) - 1n];
  }

  isOnCurve(x: bigint, y: bigint): boolean {
    const { F, curve } = this;
    if (x < 0n || x >= curve.p || y < 0n || y >= curve.p) return false;
    const rhs = F.add(F.mul(F.add(F.sqr(x), curve.a), x), curve.b);
    return F.sqr(y) === rhs;
  }

  double(P: Jacobian): Jacobian {
    const { F } = this;
    if (P.z === 0n || P.y === 0n) return INFINITY;
    if (this.aIsMinus3) {
      const delta = F.sqr(P.z);
      const gamma = F.sqr(P.y);
      const beta = F.mul(P.x, gamma);
      const t = F.mul(F.sub(P.x, delta), F.add(P.x, delta));
      const alpha = F.add(F.add(t, t), t);
      const beta4 = F.add(F.add(beta, beta), F.add(beta, beta));
      const x3 = F.sub(F.sqr(alpha), F.add(beta4, beta4));
      const z3 = F.sub(F.sub(F.sqr(F.add(P.y, P.z)), gamma), delta);
      const gamma2 = F.sqr(gamma);
      const gamma8 = times8(F, gamma2);
      const y3 = F.sub(F.mul(alpha, F.sub(beta4, x3)), gamma8);
      return { x: x3, y: y3, z: z3 };
    }
    const xx = F.sqr(P.x);
    const yy = F.sqr(P.y);
    const yyyy = F.sqr(yy);
    const zz = F.sqr(P.z);
    const s0 = F.sub(F.sub(F.sqr(F.add(P.x, yy)), xx), yyyy);
    const s = F.add(s0, s0);
    const m = F.add(F.add(F.add(xx, xx), xx), F.mul(this.curve.a, F.sqr(zz)));
    const t = F.sub(F.sqr(m), F.add(s, s));
    const y3 = F.sub(F.mul(m, F.sub(s, t)), times8(F, yyyy));
    const z3 = F.sub(F.sub(F.sqr(F.add(P.y, P.z)), yy), zz);
    return { x: t, y: y3, z: z3 };
  }

  /** P + (x2, y2) with the second point affine (madd-2007-bl). */
  addAffine(P: Jacobian, x2: bigint, y2: bigint): Jacobian {
    const { F } = this;
    if (P.z === 0n) return { x: x2, y: y2, z: 1n };
    const z1z1 = F.sqr(P.z);
    const u2 = F.mul(x2, z1z1);
    const s2 = F.mul(F.mul(y2, P.z), z1z1);
    const h = F.sub(u2, P.x);
    const r0 = F.sub(s2, P.y);
    if (h === 0n) return r0 === 0n ? this.double(P) : INFINITY;
    const hh = F.sqr(h);
    const i = F.add(F.add(hh, hh), F.add(hh, hh));
    const j = F.mul(h, i);
    const r = F.add(r0, r0);
    const v = F.mul(P.x, i);
    const x3 = F.sub(F.sub(F.sqr(r), j), F.add(v, v));
    const yj = F.mul(P.y, j);
    const y3 = F.sub(F.mul(r, F.sub(v, x3)), F.add(yj, yj));
    const z3 = F.sub(F.sub(F.sqr(F.add(P.z, h)), z1z1), hh);
    return { x: x3, y: y3, z: z3 };
  }

  /** P + Q, both Jacobian (add-2007-bl). */
  add(P: Jacobian, Q: Jacobian): Jacobian {
    const { F } = this;
    if (P.z === 0n) return Q;
    if (Q.z === 0n) return P;
    const z1z1 = F.sqr(P.z);
    const z2z2 = F.sqr(Q.z);
    const u1 = F.mul(P.x, z2z2);
    const u2 = F.mul(Q.x, z1z1);
    const s1 = F.mul(F.mul(P.y, Q.z), z2z2);
    const s2 = F.mul(F.mul(Q.y, P.z), z1z1);
    const h = F.sub(u2, u1);
    const r0 = F.sub(s2, s1);
    if (h === 0n) return r0 === 0n ? this.double(P) : INFINITY;
    const h2 = F.add(h, h);
    const i = F.sqr(h2);
    const j = F.mul(h, i);
    const r = F.add(r0, r0);
    const v = F.mul(u1, i);
    const x3 = F.sub(F.sub(F.sqr(r), j), F.add(v, v));
    const sj = F.mul(s1, j);
    const y3 = F.sub(F.mul(r, F.sub(v, x3)), F.add(sj, sj));
    const z3 = F.mul(F.sub(F.sub(F.sqr(F.add(P.z, Q.z)), z1z1), z2z2), h);
    return { x: x3, y: y3, z: z3 };
  }

  /** Affine coordinates, or undefined for O. `secret` selects the fixed-sequence inversion. */
  toAffine(P: Jacobian, secret: boolean): Affine | undefined {
    const { F } = this;
    if (P.z === 0n) return undefined;
    const zInv = secret ? F.invSecret(P.z) : F.invPublic(P.z);
    const zInv2 = F.sqr(zInv);
    return { x: F.mul(P.x, zInv2), y: F.mul(P.y, F.mul(zInv2, zInv)) };
  }

  /** Whether the affine x-coordinate of P, reduced mod q, equals r (no inversion). */
  xModQEquals(P: Jacobian, r: bigint): boolean {
    const { F, curve } = this;
    if (P.z === 0n) return false;
    const zz = F.sqr(P.z);
    for (let x = r; x < curve.p; x += curve.q) {
      if (F.mul(x, zz) === P.x) return true;
    }
    return false;
  }

  /** Converts many points to affine with one inversion (Montgomery's trick); public points only. */
  normalizeBatch(points: readonly Jacobian[]): Affine[] {
    const { F } = this;
    const prefix: bigint[] = [];
    let acc = 1n;
    for (const P of points) {
      prefix.push(acc);
      acc = F.mul(acc, P.z);
    }
    let inv = F.invPublic(acc);
    const out: Affine[] = new Array<Affine>(points.length);
    for (let i = points.length - 1; i >= 0; i--) {
      const P = points[i]!;
      const zInv = F.mul(inv, prefix[i]!);
      inv = F.mul(inv, P.z);
      const zInv2 = F.sqr(zInv);
      out[i] = { x: F.mul(P.x, zInv2), y: F.mul(P.y, F.mul(zInv2, zInv)) };
    }
    return out;
  }

  /**
   * Row i holds (2j+1)·16^i·G for j = 0..7, packed; built on first use and
   * kept for the life of the process (64 rows for 256-bit curves, 128 for 512-bit).
   */
  private base(): bigint[][] {
    if (this.baseTable) return this.baseTable;
    const { curve } = this;
    const points: Jacobian[] = [];
    let B: Jacobian = { x: curve.gx, y: curve.gy, z: 1n };
    for (let i = 0; i < this.windows; i++) {
      const B2 = this.double(B);
      let E = B;
      for (let j = 0; j < ROW; j++) {
        points.push(E);
        E = this.add(E, B2);
      }
      for (let d = 0; d < WINDOW; d++) B = this.double(B);
    }
    const affine = this.normalizeBatch(points);
    const rows: bigint[][] = [];
    for (let i = 0; i < this.windows; i++) {
      rows.push(affine.slice(i * ROW, (i + 1) * ROW).map((P) => this.pack(P)));
    }
    this.baseTable = rows;
    return rows;
  }

  private pack(P: Affine): bigint {
    return P.x | (P.y << this.coordBits);
  }

  /** Reads every entry of the row and keeps the one at `index` by masking. */
  private scan(row: readonly bigint[], index: number): bigint {
    let acc = 0n;
    for (let j = 0; j < row.length; j++) {
      const hit = ((j ^ index) - 1) >>> 31; // 1 iff j === index, without a branch
      acc |= row[j]! & this.packedMasks[hit as 0 | 1];
    }
    return acc;
  }

  /** y or p − y, chosen by a 0/1 flag with masks instead of a branch. */
  private negateIf(y: bigint, flag: number): bigint {
    const negY = this.curve.p - y;
    return y ^ ((y ^ negY) & this.coordMasks[flag as 0 | 1]);
  }

  /**
   * k·G for a secret k in [1, q−1]: one mixed addition per 4-bit window,
   * no doublings (each row is pre-multiplied by 16^i). Every digit is odd,
   * so every window adds a real point. The partial sum before window i is
   * a nonzero multiple of G smaller than 16^i in absolute value, while the
   * point added is at least 16^i·G, so the exceptional case P = ±Q can only
   * arise in the last window for a handful of scalars; addAffine handles it.
   */
  mulBaseSecret(k: bigint): Jacobian {
    const { scalar, flip } = this.oddScalar(k);
    const digits = recodeOdd(scalar, this.windows);
    const table = this.base();
    let R: Jacobian = INFINITY;
    for (let i = 0; i < this.windows; i++) {
      const d = digits[i]!;
      const sign = d >>> 31;
      const index = ((d ^ -sign) + sign - 1) >> 1;
      const packed = this.scan(table[i]!, index);
      const x = packed & this.coordMasks[1];
      const y = this.negateIf(packed >> this.coordBits, sign);
      R = this.addAffine(R, x, y);
    }
    return { x: R.x, y: this.negateIf(R.y, flip), z: R.z };
  }

  /** k·G for a public k (verification): same table, direct lookups. */
  mulBasePublic(k: bigint): Jacobian {
    if (k === 0n) return INFINITY;
    const { scalar, flip } = this.oddScalar(k);
    const digits = recodeOdd(scalar, this.windows);
    const table = this.base();
    const mask = this.coordMasks[1];
    let R: Jacobian = INFINITY;
    for (let i = 0; i < this.windows; i++) {
      const d = digits[i]!;
      const packed = table[i]![(Math.abs(d) - 1) >> 1]!;
      const y = packed >> this.coordBits;
      R = this.addAffine(R, packed & mask, d < 0 ? this.curve.p - y : y);
    }
    return flip === 1 && R.z !== 0n ? { x: R.x, y: this.curve.p - R.y, z: R.z } : R;
  }

  /**
   * k·P for a secret k in [1, q−1] and a point P of order q (VKO): fixed
   * 4-bit windows with odd digits, four doublings and one scanned table
   * addition per window.
   */
  mulSecret(k: bigint, P: Affine): Jacobian {
    const { scalar, flip } = this.oddScalar(k);
    const digits = recodeOdd(scalar, this.windows);
    const row = this.oddMultiples(P, ROW).map((Q) => this.pack(Q));
    let R: Jacobian = INFINITY;
    for (let i = this.windows - 1; i >= 0; i--) {
      for (let d = 0; d < WINDOW && R.z !== 0n; d++) R = this.double(R);
      const digit = digits[i]!;
      const sign = digit >>> 31;
      const index = ((digit ^ -sign) + sign - 1) >> 1;
      const packed = this.scan(row, index);
      R = this.addAffine(R, packed & this.coordMasks[1], this.negateIf(packed >> this.coordBits, sign));
    }
    return { x: R.x, y: this.negateIf(R.y, flip), z: R.z };
  }

  /** k·P for a public k and any point P (verification, subgroup checks): width-5 NAF. */
  mulPublic(k: bigint, P: Affine): Jacobian {
    if (k === 0n) return INFINITY;
    const naf = wnaf(k, VERIFY_WNAF);
    const odd = this.oddMultiples(P, 1 << (VERIFY_WNAF - 2));
    let R: Jacobian = INFINITY;
    for (let i = naf.length - 1; i >= 0; i--) {
      R = this.double(R);
      const d = naf[i]!;
      if (d === 0) continue;
      const Q = odd[(Math.abs(d) - 1) >> 1]!;
      R = this.addAffine(R, Q.x, d < 0 ? this.curve.p - Q.y : Q.y);
    }
    return R;
  }

  /** u1·G + u2·Q for public scalars (signature verification). */
  mulBaseAddPublic(u1: bigint, u2: bigint, Q: Affine): Jacobian {
    return this.add(this.mulBasePublic(u1), this.mulPublic(u2, Q));
  }

  /** P, 3P, 5P, …, (2n−1)P in affine form. */
  private oddMultiples(P: Affine, n: number): Affine[] {
    const first: Jacobian = { x: P.x, y: P.y, z: 1n };
    const twice = this.double(first);
    const points: Jacobian[] = [first];
    for (let j = 1; j < n; j++) points.push(this.add(points[j - 1]!, twice));
    return this.normalizeBatch(points);
  }

  /**
   * The recoding needs an odd scalar: k if odd, else q − k (then the result
   * is negated). Chosen arithmetically so no branch depends on k.
   */
  private oddScalar(k: bigint): { scalar: bigint; flip: number } {
    const flipBit = (k & 1n) ^ 1n;
    const scalar = k + (this.curve.q - k - k) * flipBit;
    return { scalar, flip: Number(flipBit) };
  }
}

function times8(F: PrimeField, a: bigint): bigint {
  const a2 = F.add(a, a);
  const a4 = F.add(a2, a2);
  return F.add(a4, a4);
}

/**
 * Writes an odd k < 16^m as Σ d_i·16^i with every d_i odd in [−15, 15]
 * (the "regular" signed-window recoding). With k_0 = k and
 * k_{i+1} = (k_i − d_i)/16, one finds k_i = (k >> 4i) | 1, hence
 * d_i = ((n_i | 1) + 16·(n_{i+1} & 1)) − 16 for nibbles n_i, and
 * d_{m−1} = n_{m−1} | 1: plain integer arithmetic on the nibbles, no branches.
 */
export function recodeOdd(k: bigint, m: number): Int8Array {
  const hex = k.toString(16).padStart(m, '0');
  const nibbles = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const c = hex.charCodeAt(m - 1 - i);
    nibbles[i] = (c & 15) + 9 * (c >> 6); // '0'–'9' → 0–9, 'a'–'f' → 10–15
  }
  const digits = new Int8Array(m);
  for (let i = 0; i < m - 1; i++) digits[i] = (nibbles[i]! | 1) + 16 * (nibbles[i + 1]! & 1) - 16;
  digits[m - 1] = nibbles[m - 1]! | 1;
  return digits;
}

/** Width-w NAF of k > 0, least significant digit first; digits odd in (−2^(w−1), 2^(w−1)) or 0. */
export function wnaf(k: bigint, w: number): Int8Array {
  const bits = k.toString(2);
  const n = bits.length;
  const bit = (i: number): number => (i < n ? bits.charCodeAt(n - 1 - i) - 48 : 0);
  const out = new Int8Array(n + w);
  const full = 1 << w;
  let carry = 0;
  let i = 0;
  while (i < n || carry !== 0) {
    if (((bit(i) + carry) & 1) === 0) {
      carry = (bit(i) + carry) >> 1;
      i++;
      continue;
    }
    let v = carry;
    for (let j = 0; j < w; j++) v += bit(i + j) << j;
    v &= full - 1;
    const d = v > full >> 1 ? v - full : v;
    out[i] = d;
    carry = d < 0 ? 1 : 0;
    i += w;
  }
  return out;
}

const arithmetics = new Map<GostCurve, CurveArithmetic>();

/** The arithmetic (and its lazily built base-point table) for a curve, one per process. */
export function arithmeticFor(curve: GostCurve): CurveArithmetic {
  let ec = arithmetics.get(curve);
  if (!ec) {
    ec = new CurveArithmetic(curve);
    arithmetics.set(curve, ec);
  }
  return ec;
}
