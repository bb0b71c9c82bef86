/**
 * PBES2 with PBKDF2 and AES-CBC (RFC 8018 §6.2, §5.2; AES OIDs of RFC 3565),
 * and the PKCS#12 MAC key derivation (RFC 7292 appendix B.2). PBES2 takes
 * the password as its UTF-8 bytes, the PKCS#12 KDF as a NUL-terminated
 * BMPString, as OpenSSL does.
 */
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { AsnConvert, AsnProp, AsnPropTypes, OctetString } from '@peculiar/asn1-schema';
import { randomBytes } from '@podpis/gost';
import { parseDer } from '../asn1/der.js';
import { bufferSource } from '../bytes.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { sha256 } from './sha256.js';

/** PBES2-params (RFC 8018 A.4). */
export class Pbes2Params {
  @AsnProp({ type: AlgorithmIdentifier })
  keyDerivationFunc = new AlgorithmIdentifier();

  @AsnProp({ type: AlgorithmIdentifier })
  encryptionScheme = new AlgorithmIdentifier();

  constructor(params: Partial<Pbes2Params> = {}) {
    Object.assign(this, params);
  }
}

/** PBKDF2-params (RFC 8018 A.2) with a specified salt; an absent PRF means hmacWithSHA1. */
export class Pbkdf2Params {
  @AsnProp({ type: OctetString })
  salt = new OctetString();

  @AsnProp({ type: AsnPropTypes.Integer })
  iterationCount = 0;

  @AsnProp({ type: AsnPropTypes.Integer, optional: true })
  keyLength?: number;

  @AsnProp({ type: AlgorithmIdentifier, optional: true })
  prf?: AlgorithmIdentifier;

  constructor(params: Partial<Pbkdf2Params> = {}) {
    Object.assign(this, params);
  }
}

type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

const PRFS: ReadonlyMap<string, HashName> = new Map([
  [OID.hmacWithSha1, 'SHA-1'],
  [OID.hmacWithSha256, 'SHA-256'],
  [OID.hmacWithSha384, 'SHA-384'],
  [OID.hmacWithSha512, 'SHA-512'],
]);

const CIPHERS: ReadonlyMap<string, number> = new Map([
  [OID.aes128Cbc, 16],
  [OID.aes256Cbc, 32],
]);

/** The most iterations a parsed file may ask for, so a hostile file cannot stall the parser for hours. */
export const MAX_ITERATIONS = 10_000_000;

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

async function pbkdf2(
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  hash: HashName,
  length: number,
) {
  const key = await subtle().importKey('raw', bufferSource(password), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(
    await subtle().deriveBits(
      { name: 'PBKDF2', salt: bufferSource(salt), iterations, hash },
      key,
      length * 8,
    ),
  );
}

/** Encrypts with PBES2: PBKDF2-HMAC-SHA256 (16-byte salt) and AES-256-CBC. */
export async function pbes2Encrypt(
  data: Uint8Array,
  password: Uint8Array,
  iterations: number,
): Promise<{ algorithm: AlgorithmIdentifier; ciphertext: Uint8Array }> {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const keyBytes = await pbkdf2(password, salt, iterations, 'SHA-256', 32);
  const key = await subtle().importKey('raw', bufferSource(keyBytes), 'AES-CBC', false, ['encrypt']);
  keyBytes.fill(0);
  const ciphertext = new Uint8Array(
    await subtle().encrypt({ name: 'AES-CBC', iv: bufferSource(iv) }, key, bufferSource(data)),
  );
  const params = new Pbes2Params({
    keyDerivationFunc: new AlgorithmIdentifier({
      algorithm: OID.pbkdf2,
      parameters: AsnConvert.serialize(
        new Pbkdf2Params({
          salt: new OctetString(salt),
          iterationCount: iterations,
          prf: new AlgorithmIdentifier({ algorithm: OID.hmacWithSha256, parameters: null }),
        }),
      ),
    }),
    encryptionScheme: new AlgorithmIdentifier({
      algorithm: OID.aes256Cbc,
      parameters: AsnConvert.serialize(new OctetString(iv)),
    }),
  });
  return {
    algorithm: new AlgorithmIdentifier({ algorithm: OID.pbes2, parameters: AsnConvert.serialize(params) }),
    ciphertext,
  };
}

export function checkIterations(iterations: number, path: string): void {
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new PkiError(
      'UNSUPPORTED_ALGORITHM',
      `iteration count ${iterations} outside 1..${MAX_ITERATIONS}`,
      path,
    );
  }
}

/**
 * Decrypts PBES2 (PBKDF2 with HMAC-SHA-1/256/384/512, AES-128/256-CBC).
 * A wrong password shows as DECRYPTION_FAILED (bad padding) here; the
 * PKCS#12 MAC catches it first.
 */
export async function pbes2Decrypt(
  algorithm: AlgorithmIdentifier,
  ciphertext: Uint8Array,
  password: Uint8Array,
  path: string,
): Promise<Uint8Array> {
  if (algorithm.algorithm !== OID.pbes2) {
    throw new PkiError(
      'UNSUPPORTED_ALGORITHM',
      `unsupported password-based encryption ${algorithm.algorithm} (only PBES2)`,
      path,
    );
  }
  if (!algorithm.parameters) throw new PkiError('UNEXPECTED_STRUCTURE', 'PBES2 without parameters', path);
  const params = parseDer(new Uint8Array(algorithm.parameters), Pbes2Params, `${path}.parameters`);
  const kdf = params.keyDerivationFunc;
  if (kdf.algorithm !== OID.pbkdf2 || !kdf.parameters) {
    throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported key derivation ${kdf.algorithm}`, path);
  }
  const kdfParams = parseDer(new Uint8Array(kdf.parameters), Pbkdf2Params, `${path}.keyDerivationFunc`);
  const hash = PRFS.get(kdfParams.prf?.algorithm ?? OID.hmacWithSha1);
  if (!hash)
    throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported PBKDF2 PRF ${kdfParams.prf?.algorithm}`, path);
  checkIterations(kdfParams.iterationCount, `${path}.keyDerivationFunc.iterationCount`);
  const scheme = params.encryptionScheme;
  const keyLength = CIPHERS.get(scheme.algorithm);
  if (!keyLength)
    throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported PBES2 cipher ${scheme.algorithm}`, path);
  if (kdfParams.keyLength !== undefined && kdfParams.keyLength !== keyLength) {
    throw new PkiError('UNEXPECTED_STRUCTURE', 'PBKDF2 key length does not match the cipher', path);
  }
  if (!scheme.parameters) throw new PkiError('UNEXPECTED_STRUCTURE', 'AES-CBC without an IV', path);
  const iv = new Uint8Array(
    parseDer(new Uint8Array(scheme.parameters), OctetString, `${path}.encryptionScheme`).buffer,
  );
  if (iv.length !== 16) throw new PkiError('UNEXPECTED_STRUCTURE', 'AES-CBC IV must be 16 bytes', path);
  const keyBytes = await pbkdf2(
    password,
    new Uint8Array(kdfParams.salt.buffer),
    kdfParams.iterationCount,
    hash,
    keyLength,
  );
  const key = await subtle().importKey('raw', bufferSource(keyBytes), 'AES-CBC', false, ['decrypt']);
  keyBytes.fill(0);
  try {
    return new Uint8Array(
      await subtle().decrypt({ name: 'AES-CBC', iv: bufferSource(iv) }, key, bufferSource(ciphertext)),
    );
  } catch (error) {
    throw new PkiError(
      'DECRYPTION_FAILED',
      'PBES2 decryption failed (wrong password or damaged data)',
      path,
      {
        cause: error,
      },
    );
  }
}

/** BMPString encoding of a password with the terminating NUL (RFC 7292 B.1). */
export function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array((password.length + 1) * 2);
  for (let i = 0; i < password.length; i++) {
    const unit = password.charCodeAt(i);
    out[i * 2] = unit >>> 8;
    out[i * 2 + 1] = unit & 0xff;
  }
  return out;
}

const MAC_HASHES: ReadonlyMap<string, { name: HashName; u: number; v: number }> = new Map([
  [OID.sha1, { name: 'SHA-1', u: 20, v: 64 }],
  [OID.sha256, { name: 'SHA-256', u: 32, v: 64 }],
  [OID.sha384, { name: 'SHA-384', u: 48, v: 128 }],
  [OID.sha512, { name: 'SHA-512', u: 64, v: 128 }],
]);

function repeatTo(data: Uint8Array, v: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / v) * v);
  for (let i = 0; i < out.length; i++) out[i] = data[i % data.length]!;
  return out;
}

/**
 * HMAC of the PKCS#12 MAC (RFC 7292 §5 and B.2): the key is the PKCS#12 KDF
 * with ID 3, a key as long as the hash output (one round of the KDF).
 * SHA-256 runs on the synchronous implementation; other hashes on WebCrypto.
 */
export async function pkcs12Mac(
  digestOid: string,
  password: string,
  salt: Uint8Array,
  iterations: number,
  data: Uint8Array,
): Promise<Uint8Array> {
  const hash = MAC_HASHES.get(digestOid);
  if (!hash)
    throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported MAC digest ${digestOid}`, 'macData.mac');
  checkIterations(iterations, 'macData.iterations');
  const p = bmpPassword(password);
  const s = salt.length > 0 ? repeatTo(salt, hash.v) : new Uint8Array();
  const input = new Uint8Array(
    hash.v + s.length + (p.length > 0 ? Math.ceil(p.length / hash.v) * hash.v : 0),
  );
  input.fill(3, 0, hash.v);
  input.set(s, hash.v);
  input.set(repeatTo(p, hash.v), hash.v + s.length);
  let key: Uint8Array;
  if (hash.name === 'SHA-256') {
    key = sha256(input);
    for (let i = 1; i < iterations; i++) key = sha256(key);
  } else {
    key = new Uint8Array(await subtle().digest(hash.name, input));
    for (let i = 1; i < iterations; i++)
      key = new Uint8Array(await subtle().digest(hash.name, bufferSource(key)));
  }
  input.fill(0);
  const hmacKey = await subtle().importKey(
    'raw',
    bufferSource(key),
    { name: 'HMAC', hash: hash.name },
    false,
    ['sign'],
  );
  key.fill(0);
  return new Uint8Array(await subtle().sign('HMAC', hmacKey, bufferSource(data)));
}
