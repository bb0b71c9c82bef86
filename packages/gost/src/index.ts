/**
 * @podpis/gost — Russian GOST cryptography in pure TypeScript.
 * See README.md for byte conventions and constant-time notes.
 */
export { GostError, type GostErrorCode } from './errors.js';
export { hexToBytes, bytesToHex, concatBytes, reverseBytes, equalBytes } from './bytes.js';
export { randomBytes } from './random.js';
// hash and KDFs
// block ciphers and modes
// signatures and key agreement
