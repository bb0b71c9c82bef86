/**
 * KExp15 / KImp15 key export and import of R 1323565.1.017-2018 section 5
 * and RFC 9189 section 8.2.1: SExp = CTR(K_Exp_ENC, IV, S || OMAC(K_Exp_MAC,
 * IV || S)), with an IV of half a block and the full-block OMAC.
 */
import { equalBytes, requireLength, wipe } from './bytes.js';
import { GostError } from './errors.js';
import { ctr, omac, type BlockCipherAlgorithm } from './modes.js';

function checkKeys(alg: BlockCipherAlgorithm, macKey: Uint8Array, encKey: Uint8Array, iv: Uint8Array): void {
  requireLength(macKey, [alg.keySize], 'INVALID_KEY_LENGTH', 'K_Exp_MAC');
  requireLength(encKey, [alg.keySize], 'INVALID_KEY_LENGTH', 'K_Exp_ENC');
  requireLength(iv, [alg.blockSize / 2], 'INVALID_IV_LENGTH', 'KExp15 iv');
}

function keyMac(
  alg: BlockCipherAlgorithm,
  macKey: Uint8Array,
  iv: Uint8Array,
  secret: Uint8Array,
): Uint8Array {
  const input = new Uint8Array(iv.length + secret.length);
  input.set(iv);
  input.set(secret, iv.length);
  const cipher = alg.create(macKey);
  const mac = omac(cipher, input);
  cipher.destroy?.();
  wipe(input);
  return mac;
}

/** KExp15(S, K_Exp_MAC, K_Exp_ENC, IV): the export representation, |S| + blockSize bytes. */
export function kexp15(
  alg: BlockCipherAlgorithm,
  secret: Uint8Array,
  macKey: Uint8Array,
  encKey: Uint8Array,
  iv: Uint8Array,
): Uint8Array {
  checkKeys(alg, macKey, encKey, iv);
  if (!(secret instanceof Uint8Array)) throw new GostError('INVALID_ARGUMENT', 'secret must be a Uint8Array');
  const mac = keyMac(alg, macKey, iv, secret);
  const plain = new Uint8Array(secret.length + mac.length);
  plain.set(secret);
  plain.set(mac, secret.length);
  const cipher = alg.create(encKey);
  const out = ctr(cipher, iv, plain);
  cipher.destroy?.();
  wipe(plain, mac);
  return out;
}

/**
 * KImp15(SExp, K_Exp_MAC, K_Exp_ENC, IV): the secret, or GostError
 * AUTH_FAILED (nothing of the decrypted secret is returned) when the
 * embedded OMAC does not match; the comparison is constant-time.
 */
export function kimp15(
  alg: BlockCipherAlgorithm,
  exported: Uint8Array,
  macKey: Uint8Array,
  encKey: Uint8Array,
  iv: Uint8Array,
): Uint8Array {
  checkKeys(alg, macKey, encKey, iv);
  if (!(exported instanceof Uint8Array))
    throw new GostError('INVALID_ARGUMENT', 'exported key must be a Uint8Array');
  if (exported.length < alg.blockSize) {
    throw new GostError(
      'INVALID_DATA_LENGTH',
      `KExp15 representation must be at least ${alg.blockSize} bytes`,
    );
  }
  const cipher = alg.create(encKey);
  const plain = ctr(cipher, iv, exported);
  cipher.destroy?.();
  const secret = plain.slice(0, plain.length - alg.blockSize);
  const mac = keyMac(alg, macKey, iv, secret);
  const ok = equalBytes(mac, plain.subarray(secret.length));
  wipe(plain, mac);
  if (!ok) {
    wipe(secret);
    throw new GostError('AUTH_FAILED', 'KImp15: key MAC mismatch');
  }
  return secret;
}
