import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scrypt } from 'node:crypto';

/**
 * The software store's cryptography, all from node:crypto: AES-256-GCM for
 * sealing, scrypt for PINs (memory-hard, so a stolen database cannot be
 * searched for PINs cheaply), HKDF-SHA256 to combine the master key with
 * the PIN-derived key.
 */

/** scrypt cost for new PINs: 2^15 × 8 × 128 bytes = 32 MiB and about 0.1 s per try. */
export const SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;

export interface ScryptParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** nonce ‖ AES-256-GCM ciphertext ‖ tag, authenticated together with `aad`. */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** The plaintext, or undefined when the key is wrong or anything was altered. */
export function open(key: Uint8Array, sealed: Uint8Array, aad: string): Buffer | undefined {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return undefined;
  }
}

export function newScryptParams(): ScryptParams {
  return { name: 'scrypt', ...SCRYPT_COST, salt: randomBytes(16).toString('base64') };
}

/** 32 bytes from the PIN (NFC-normalised, so the same PIN typed on any device matches). */
export function derivePinKey(pin: string, params: ScryptParams): Promise<Buffer> {
  const { N, r, p } = params;
  return new Promise((resolve, reject) => {
    scrypt(
      pin.normalize('NFC'),
      Buffer.from(params.salt, 'base64'),
      32,
      { N, r, p, maxmem: 2 * 128 * N * r + 1024 * 1024 },
      (error, key) => {
        if (error) reject(error);
        else resolve(key);
      },
    );
  });
}

/**
 * The key that wraps a key's data key: from the master key alone for CA
 * and service keys, from the master key and the PIN-derived key for user
 * keys — neither the database plus the master key nor the PIN alone opens it.
 */
export function wrappingKey(masterKey: Uint8Array, keyId: string, pinKey?: Uint8Array): Buffer {
  const ikm = pinKey ? Buffer.concat([masterKey, pinKey]) : Buffer.from(masterKey);
  const info = `podpis/key-store/v1/${pinKey ? 'master+pin' : 'master'}/${keyId}`;
  const key = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), info, 32));
  ikm.fill(0);
  return key;
}

/**
 * The key that seals a user key's data key for one activation: from the
 * master key and the activation's secret, which only its holder keeps — the
 * database and the master key together still open nothing.
 */
export function activationKey(masterKey: Uint8Array, activationId: string, secret: Uint8Array): Buffer {
  const ikm = Buffer.concat([masterKey, secret]);
  const key = Buffer.from(
    hkdfSync('sha256', ikm, Buffer.alloc(0), `podpis/key-store/v1/activation/${activationId}`, 32),
  );
  ikm.fill(0);
  return key;
}

/** The key that seals other services' secrets of one purpose (`KeyStore.sealSecret`). */
export function secretKey(masterKey: Uint8Array, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `podpis/secrets/v1/${purpose}`, 32));
}

/** A short public fingerprint of the master key, stored with each key to name a mismatch plainly. */
export function masterKeyId(masterKey: Uint8Array): string {
  return createHmac('sha256', masterKey)
    .update('podpis/key-store/v1/master-key-id')
    .digest('hex')
    .slice(0, 16);
}
