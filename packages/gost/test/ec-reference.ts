/**
 * A deliberately naive affine implementation of curve arithmetic and
 * number theory, independent of src/curves, to check the fast code against.
 */
import type { GostCurve } from '../src/curves/params.js';

export type RefPoint = { x: bigint; y: bigint } | null; // null = point at infinity

export function modN(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

export function powMod(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = modN(base, m);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** a⁻¹ mod m by the textbook extended Euclidean algorithm. */
export function inv(a: bigint, m: bigint): bigint {
  let [oldR, r] = [modN(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  return modN(oldS, m);
}

/** Miller–Rabin with fixed small-prime bases plus random ones: error < 4^-40. */
export function isProbablePrime(n: bigint): boolean {
  if (n < 2n) return false;
  const small = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n];
  for (const p of small) if (n % p === 0n) return n === p;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const bases = [...small];
  for (let i = 0; i < 28; i++) bases.push(2n + (randomBelow(n - 4n) % (n - 4n)));
  outer: for (const a of bases) {
    let x = powMod(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let r = 1; r < s; r++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}

export function randomBelow(n: bigint): bigint {
  const bytes = Math.ceil(n.toString(2).length / 8) + 8;
  const buf = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  let v = 0n;
  for (const b of buf) v = (v << 8n) | BigInt(b);
  return v % n;
}

export function onCurve(c: GostCurve, P: RefPoint): boolean {
  if (P === null) return true;
  return modN(P.y * P.y - (P.x * P.x * P.x + c.a * P.x + c.b), c.p) === 0n;
}

export function add(c: GostCurve, P: RefPoint, Q: RefPoint): RefPoint {
  if (P === null) return Q;
  if (Q === null) return P;
  const { p } = c;
  let lambda: bigint;
  if (P.x === Q.x) {
    if (modN(P.y + Q.y, p) === 0n) return null;
    lambda = modN((3n * P.x * P.x + c.a) * inv(2n * P.y, p), p);
  } else {
    lambda = modN((Q.y - P.y) * inv(modN(Q.x - P.x, p), p), p);
  }
  const x = modN(lambda * lambda - P.x - Q.x, p);
  return { x, y: modN(lambda * (P.x - x) - P.y, p) };
}

export function mul(c: GostCurve, k: bigint, P: RefPoint): RefPoint {
  let R: RefPoint = null;
  let A = P;
  let e = k;
  while (e > 0n) {
    if (e & 1n) R = add(c, R, A);
    A = add(c, A, A);
    e >>= 1n;
  }
  return R;
}

/** A square root mod p (Tonelli–Shanks), or undefined for a non-residue. */
export function sqrtMod(a: bigint, p: bigint): bigint | undefined {
  a = modN(a, p);
  if (a === 0n) return 0n;
  if (powMod(a, (p - 1n) / 2n, p) !== 1n) return undefined;
  let q = p - 1n;
  let s = 0n;
  while ((q & 1n) === 0n) {
    q >>= 1n;
    s++;
  }
  let z = 2n;
  while (powMod(z, (p - 1n) / 2n, p) !== p - 1n) z++;
  let m = s;
  let c = powMod(z, q, p);
  let t = powMod(a, q, p);
  let r = powMod(a, (q + 1n) / 2n, p);
  while (t !== 1n) {
    let i = 0n;
    let t2 = t;
    while (t2 !== 1n) {
      t2 = (t2 * t2) % p;
      i++;
    }
    const b = powMod(c, 1n << (m - i - 1n), p);
    m = i;
    c = (b * b) % p;
    t = (t * c) % p;
    r = (r * b) % p;
  }
  return r;
}

/** A uniformly random point of the whole group E(GF(p)) (not only the order-q subgroup). */
export function randomPoint(c: GostCurve): { x: bigint; y: bigint } {
  for (;;) {
    const x = randomBelow(c.p);
    const y = sqrtMod(x * x * x + c.a * x + c.b, c.p);
    if (y !== undefined && y !== 0n) return { x, y };
  }
}

export function bigintToLE(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = n;
  for (let i = 0; i < length; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A point as x ‖ y, little-endian coordinates (the gost3410 public-key encoding). */
export function encodeRefPoint(c: GostCurve, P: { x: bigint; y: bigint }): Uint8Array {
  const out = new Uint8Array(2 * c.size);
  out.set(bigintToLE(P.x, c.size), 0);
  out.set(bigintToLE(P.y, c.size), c.size);
  return out;
}
