import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Webhook signing secrets and signatures, as Standard Webhooks
 * (standardwebhooks.com) has them: a secret is `whsec_` and the base64 of
 * random bytes; a message is signed with HMAC-SHA256 over
 * `${id}.${timestamp}.${body}`, sent as `v1,<base64>`.
 *
 * The server must sign with the secret, so it cannot keep only a hash:
 * the secret is sealed with AES-256-GCM under a key derived (HKDF-SHA256)
 * from the key store's master key, and opened for each attempt.
 */

export const SECRET_PREFIX = 'whsec_';
/** Bytes of a new secret (the specification allows 24 to 64). */
const SECRET_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A new secret in the form shown to its owner once: `whsec_<base64>`. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The key that seals webhook secrets, derived from the master key for this use alone. */
export function webhookSealingKey(masterKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'podpis webhook secrets v1', 32));
}

/** The secret sealed for the database: nonce ‖ ciphertext ‖ tag. */
export function sealSecret(key: Uint8Array, secret: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, sealed, cipher.getAuthTag()]);
}

/** The secret a row holds; throws when the master key differs from the one that sealed it. */
export function openSecret(key: Uint8Array, sealed: Uint8Array): string {
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}

/** One `v1,<base64>` signature of a message under a `whsec_` secret. */
export function signMessage(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** The `webhook-signature` header: one signature per secret in force, space-separated (old and new during a rotation). */
export function signatureHeader(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets.map((secret) => signMessage(secret, id, timestamp, body)).join(' ');
}
