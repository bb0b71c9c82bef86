/**
 * Arithmetic modulo a prime p on bigints kept fully reduced in [0, p).
 *
 * Most GOST primes are special: 2^256 − 617, 2^512 − 569, 2^255 + 3225,
 * 2^511 + 111, 2^255 + 1073. For those a product is reduced by folding the
 * high half back with a small multiplier instead of a bigint division, which
 * is about 1.5× faster in V8. CryptoPro C and the 512-bit test prime have no
 * such shape and use `%`.
 *
 * Not constant-time: V8 bigint operations take time that depends on operand
 * sizes, and `add`/`sub` branch on the result. Callers that handle secrets
 * keep the *sequence* of field operations independent of secret values;
 * that is the most a JavaScript bigint implementation can offer.
 */
export abstract class PrimeField {
  readonly p: bigint;
  private readonly invExponentNibbles: readonly number[];

  constructor(p: bigint) {
    this.p = p;
    this.invExponentNibbles = Array.from((p - 2n).toString(16), (c) => parseInt(c, 16));
  }

  /** a·b mod p for a, b in [0, p). */
  abstract mul(a: bigint, b: bigint): bigint;

  sqr(a: bigint): bigint {
    return this.mul(a, a);
  }

  add(a: bigint, b: bigint): bigint {
    const r = a + b;
    return r >= this.p ? r - this.p : r;
  }

  sub(a: bigint, b: bigint): bigint {
    const r = a - b;
    return r < 0n ? r + this.p : r;
  }

  /**
   * a^(p−2) = a⁻¹ (Fermat) with a fixed 4-bit window: the operation sequence
   * depends only on p, so use it for values derived from secrets.
   */
  invSecret(a: bigint): bigint {
    const table: bigint[] = [1n, a];
    for (let i = 2; i < 16; i++) table.push(this.mul(table[i - 1]!, a));
    let r = 1n;
    for (const nibble of this.invExponentNibbles) {
      r = this.sqr(this.sqr(this.sqr(this.sqr(r))));
      r = this.mul(r, table[nibble]!);
    }
    return r;
  }

  /** a⁻¹ by the extended Euclidean algorithm: faster, variable-time; public values only. */
  invPublic(a: bigint): bigint {
    return invertMod(a, this.p);
  }
}

/** p = 2^n − c with small c: x = hi·2^n + lo ≡ hi·c + lo. */
class PseudoMersenneField extends PrimeField {
  private readonly n: bigint;
  private readonly c: bigint;
  private readonly mask: bigint;

  constructor(p: bigint, n: number, c: bigint) {
    super(p);
    this.n = BigInt(n);
    this.c = c;
    this.mask = (1n << this.n) - 1n;
  }

  mul(a: bigint, b: bigint): bigint {
    // x < 2^2n → after one fold x < (c+1)·2^n, after two x < 2^n + c(c+1) < 2p.
    let x = a * b;
    x = (x >> this.n) * this.c + (x & this.mask);
    x = (x >> this.n) * this.c + (x & this.mask);
    return x >= this.p ? x - this.p : x;
  }
}

/** p = 2^n + c with small c: x = hi·2^n + lo ≡ lo − hi·c. */
class PlusFormField extends PrimeField {
  private readonly n: bigint;
  private readonly c: bigint;
  private readonly mask: bigint;

  constructor(p: bigint, n: number, c: bigint) {
    super(p);
    this.n = BigInt(n);
    this.c = c;
    this.mask = (1n << this.n) - 1n;
  }

  mul(a: bigint, b: bigint): bigint {
    // x < 2^(2n+2) → after one fold −c·2^(n+2) < x < 2^n; bigint >> floors, so
    // after the second 0 ≤ x < 2^n + c(4c+1) < 2p.
    let x = a * b;
    x = (x & this.mask) - (x >> this.n) * this.c;
    x = (x & this.mask) - (x >> this.n) * this.c;
    return x >= this.p ? x - this.p : x;
  }
}

class GenericField extends PrimeField {
  mul(a: bigint, b: bigint): bigint {
    return (a * b) % this.p;
  }
}

const SMALL = 1n << 32n;

/** Picks the fastest reduction the shape of p allows. */
export function primeField(p: bigint): PrimeField {
  const bits = p.toString(2).length;
  const below = (1n << BigInt(bits)) - p;
  if (below < SMALL) return new PseudoMersenneField(p, bits, below);
  const above = p - (1n << BigInt(bits - 1));
  if (above < SMALL) return new PlusFormField(p, bits - 1, above);
  return new GenericField(p);
}

/** a⁻¹ mod m for gcd(a, m) = 1 and a ≢ 0 (extended Euclid); variable-time. */
export function invertMod(a: bigint, m: bigint): bigint {
  let r0 = m;
  let r1 = a % m;
  let t0 = 0n;
  let t1 = 1n;
  while (r1 !== 0n) {
    const quotient = r0 / r1;
    const r2 = r0 - quotient * r1;
    r0 = r1;
    r1 = r2;
    const t2 = t0 - quotient * t1;
    t0 = t1;
    t1 = t2;
  }
  return t0 < 0n ? t0 + m : t0;
}

/** a mod m in [0, m) for any bigint a. */
export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}
