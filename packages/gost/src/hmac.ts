/**
 * HMAC_GOSTR3411_2012_256 and HMAC_GOSTR3411_2012_512 (RFC 7836 §4.1): the
 * RFC 2104 construction over Streebog, block size B = 64 bytes.
 *
 * Timing: the key passes through Streebog's table lookups (as K xor ipad and
 * K xor opad), so a local cache-timing attacker could in principle learn
 * about it; see README.md.
 */
import { GostError } from './errors.js';
import { createStreebog256, createStreebog512, pbkdf2IterationsWasm, type StreebogHash } from './streebog.js';

/** The keyed hashes of an HMAC, for hmacIterationsWasm; set by the class's static block. */
let hashesOf: (hmac: HmacStreebog) => { inner: StreebogHash; outer: StreebogHash; finished: boolean };

/** A keyed, streaming HMAC computation; see `createHmacStreebog256` / `createHmacStreebog512`. */
export class HmacStreebog {
  readonly blockLen: number;
  readonly outputLen: number;
  private readonly inner: StreebogHash;
  private readonly outer: StreebogHash;
  private finished = false;

  static {
    hashesOf = (hmac) => ({ inner: hmac.inner, outer: hmac.outer, finished: hmac.finished });
  }

  private constructor(inner: StreebogHash, outer: StreebogHash) {
    this.inner = inner;
    this.outer = outer;
    this.blockLen = inner.blockLen;
    this.outputLen = inner.outputLen;
  }

  /** Keys an HMAC over the hash that `newHash` makes; `key` may have any length. */
  static withKey(newHash: () => StreebogHash, key: Uint8Array): HmacStreebog {
    if (!(key instanceof Uint8Array)) {
      throw new GostError('INVALID_ARGUMENT', 'HMAC key must be a Uint8Array');
    }
    const inner = newHash();
    const outer = newHash();
    // RFC 2104: keys longer than B are hashed first, then padded with zeros to B.
    const block = new Uint8Array(inner.blockLen);
    if (key.length > block.length) {
      const hashed = newHash().update(key).digest();
      block.set(hashed);
      hashed.fill(0);
    } else {
      block.set(key);
    }
    for (let i = 0; i < block.length; i++) block[i] = block[i]! ^ 0x36;
    inner.update(block);
    for (let i = 0; i < block.length; i++) block[i] = block[i]! ^ (0x36 ^ 0x5c);
    outer.update(block);
    block.fill(0);
    return new HmacStreebog(inner, outer);
  }

  update(data: Uint8Array): this {
    if (this.finished) throw new GostError('DIGEST_FINISHED', 'digest() was already called on this HMAC');
    this.inner.update(data);
    return this;
  }

  digest(): Uint8Array {
    const out = new Uint8Array(this.outputLen);
    this.digestInto(out);
    return out;
  }

  /** Writes the MAC into `out` (at least `outputLen` bytes) and finishes this object. */
  digestInto(out: Uint8Array): void {
    if (this.finished) throw new GostError('DIGEST_FINISHED', 'digest() was already called on this HMAC');
    this.finished = true;
    this.inner.digestInto(out);
    this.outer.update(out.subarray(0, this.outputLen)).digestInto(out);
  }

  /** An independent copy, to MAC several messages under one key without redoing the key setup. */
  clone(): HmacStreebog {
    if (this.finished) throw new GostError('DIGEST_FINISHED', 'digest() was already called on this HMAC');
    return new HmacStreebog(this.inner.clone(), this.outer.clone());
  }

  /** Copies the keyed state into `target` (same hash size) without allocating, and returns it. */
  cloneInto(target: HmacStreebog): HmacStreebog {
    if (this.finished) throw new GostError('DIGEST_FINISHED', 'digest() was already called on this HMAC');
    this.inner.cloneInto(target.inner);
    this.outer.cloneInto(target.outer);
    target.finished = false;
    return target;
  }

  /** Wipes the keyed state (best effort); the object is then finished. */
  destroy(): void {
    this.inner.destroy();
    this.outer.destroy();
    this.finished = true;
  }
}

/**
 * PBKDF2's inner loop on the WebAssembly path: `count` times u := HMAC(u),
 * t := t xor u under `prf`'s key (an unused HMAC-Streebog-512), in one call
 * into the module. False, with nothing done, when `prf` is on the pure path.
 */
export function hmacIterationsWasm(prf: HmacStreebog, u: Uint8Array, t: Uint8Array, count: number): boolean {
  const { inner, outer, finished } = hashesOf(prf);
  if (finished) throw new GostError('DIGEST_FINISHED', 'digest() was already called on this HMAC');
  return pbkdf2IterationsWasm(inner, outer, u, t, count);
}

/** Starts a streaming HMAC_GOSTR3411_2012_256 (32-byte MAC). */
export function createHmacStreebog256(key: Uint8Array): HmacStreebog {
  return HmacStreebog.withKey(createStreebog256, key);
}

/** Starts a streaming HMAC_GOSTR3411_2012_512 (64-byte MAC). */
export function createHmacStreebog512(key: Uint8Array): HmacStreebog {
  return HmacStreebog.withKey(createStreebog512, key);
}

/** HMAC_GOSTR3411_2012_256 (RFC 7836 §4.1.1): a 32-byte MAC. */
export function hmacStreebog256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return createHmacStreebog256(key).update(data).digest();
}

/** HMAC_GOSTR3411_2012_512 (RFC 7836 §4.1.2): a 64-byte MAC. */
export function hmacStreebog512(key: Uint8Array, data: Uint8Array): Uint8Array {
  return createHmacStreebog512(key).update(data).digest();
}
