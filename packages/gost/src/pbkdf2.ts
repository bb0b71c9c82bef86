/**
 * PBKDF2 with HMAC_GOSTR3411_2012_512 as the PRF (RFC 9337, which applies
 * PKCS #5 v2.1 = RFC 8018 §5.2 to the GOST algorithms; hLen = 64 bytes).
 *
 * Timing: the password is the HMAC key, so it passes through Streebog's
 * table lookups; see README.md.
 */
import { GostError } from './errors.js';
import { createHmacStreebog512, hmacIterationsWasm, type HmacStreebog } from './hmac.js';

const H_LEN = 64;
/** RFC 8018 §5.2: dkLen may not exceed (2^32 - 1) * hLen. */
const MAX_DK_LEN = (2 ** 32 - 1) * H_LEN;

/**
 * Derives `dkLen` bytes from `password` and `salt` with `iterations` rounds
 * (c in RFC 8018). Passwords are bytes: encode text as UTF-8 first.
 */
export function pbkdf2Streebog512(
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  dkLen: number,
): Uint8Array {
  if (!(password instanceof Uint8Array)) {
    throw new GostError('INVALID_ARGUMENT', 'password must be a Uint8Array');
  }
  if (!(salt instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', 'salt must be a Uint8Array');
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new GostError('INVALID_ARGUMENT', 'PBKDF2 iteration count must be a positive integer');
  }
  if (!Number.isSafeInteger(dkLen) || dkLen < 1) {
    throw new GostError('INVALID_ARGUMENT', 'PBKDF2 key length must be a positive whole number of bytes');
  }
  if (dkLen > MAX_DK_LEN) {
    throw new GostError('LIMIT_EXCEEDED', 'PBKDF2 key length exceeds (2^32 - 1) * 64 bytes');
  }

  const prf = createHmacStreebog512(password);
  const work = prf.clone();
  const blocks = Math.ceil(dkLen / H_LEN);
  const out = new Uint8Array(blocks * H_LEN);
  const counter = new Uint8Array(4);
  const u = new Uint8Array(H_LEN);
  for (let i = 1; i <= blocks; i++) {
    counter[0] = i >>> 24;
    counter[1] = i >>> 16;
    counter[2] = i >>> 8;
    counter[3] = i;
    // T_i = U_1 xor ... xor U_c, U_1 = PRF(P, S | INT(i)), U_j = PRF(P, U_(j-1)).
    prf.cloneInto(work).update(salt).update(counter).digestInto(u);
    const t = out.subarray((i - 1) * H_LEN, i * H_LEN);
    t.set(u);
    // The WebAssembly path does all the iterations in one call; the pure one goes round here.
    if (iterations > 1 && hmacIterationsWasm(prf, u, t, iterations - 1)) continue;
    for (let j = 1; j < iterations; j++) {
      iterate(prf, work, u);
      for (let k = 0; k < H_LEN; k++) t[k] = t[k]! ^ u[k]!;
    }
  }
  prf.destroy();
  work.destroy();
  u.fill(0);
  if (out.length === dkLen) return out;
  const result = out.slice(0, dkLen);
  out.fill(0);
  return result;
}

/** u := PRF(P, u), reusing `work` so the loop allocates nothing. */
function iterate(prf: HmacStreebog, work: HmacStreebog, u: Uint8Array): void {
  prf.cloneInto(work).update(u).digestInto(u);
}
