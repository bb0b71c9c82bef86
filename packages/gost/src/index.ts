/**
 * @podpis/gost — Russian GOST cryptography in TypeScript, with WebAssembly SIMD
 * paths for the hot loops and the pure TypeScript code as their fallback.
 * See README.md for byte conventions and constant-time notes.
 */
export { GostError, type GostErrorCode } from './errors.js';
export { hexToBytes, bytesToHex, concatBytes, reverseBytes, equalBytes } from './bytes.js';
export { randomBytes } from './random.js';
// which code computes: WebAssembly SIMD or pure TypeScript
export {
  useGostImplementation,
  gostImplementations,
  whenGostReady,
  wasmSimdSupported,
  type GostImplementation,
  type GostImplementationChoice,
} from './wasm/load.js';
// hash and KDFs
export { streebog256, streebog512, createStreebog256, createStreebog512, StreebogHash } from './streebog.js';
export {
  hmacStreebog256,
  hmacStreebog512,
  createHmacStreebog256,
  createHmacStreebog512,
  HmacStreebog,
} from './hmac.js';
export { kdfGostR3411_2012_256, kdfTree256 } from './kdf.js';
export { pbkdf2Streebog512 } from './pbkdf2.js';
// block ciphers and modes
export { Kuznyechik, kuznyechik } from './kuznyechik.js';
export { Magma, magma } from './magma.js';
export {
  ecbEncrypt,
  ecbDecrypt,
  cbcEncrypt,
  cbcDecrypt,
  ctr,
  Ctr,
  omac,
  type BlockCipher,
  type BlockCipherAlgorithm,
  type Padding,
  type PaddingOptions,
} from './modes.js';
export {
  acpkmNextKey,
  ctrAcpkm,
  acpkmMaster,
  ctrAcpkmMaster,
  omacAcpkm,
  type OmacAcpkmOptions,
} from './acpkm.js';
export { mgmEncrypt, mgmDecrypt, type MgmOptions } from './mgm.js';
export { kexp15, kimp15 } from './kexp15.js';
// signatures and key agreement
export { gost3410, type GostParamSetInfo } from './gost3410.js';
export { vko256, vko512 } from './vko.js';
