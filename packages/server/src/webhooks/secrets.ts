import { createHmac, randomBytes } from 'node:crypto';

/**
 * Webhook signing secrets and signatures, as Standard Webhooks
 * (standardwebhooks.com) has them: a secret is `whsec_` and the base64 of
 * random bytes; a message is signed with HMAC-SHA256 over
 * `${id}.${timestamp}.${body}`, sent as `v1,<base64>`.
 *
 * The server must sign with the secret, so it cannot keep only a hash:
 * the key store seals it under the master key (`sealSecret`, AES-256-GCM
 * under a key derived for the purpose `webhook`, bound to the
 * subscription's id), and it is opened for each attempt.
 */

export const SECRET_PREFIX = 'whsec_';
/** Bytes of a new secret (the specification allows 24 to 64). */
const SECRET_BYTES = 32;

/** A new secret in the form shown to its owner once: `whsec_<base64>`. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** One `v1,<base64>` signature of a message under a `whsec_` secret. */
export function signMessage(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** The `webhook-signature` header: one signature per secret in force, space-separated (old and new during a rotation). */
export function signatureHeader(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): string {
  return secrets.map((secret) => signMessage(secret, id, timestamp, body)).join(' ');
}
