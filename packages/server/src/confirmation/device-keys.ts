import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * Device public keys as node:crypto key objects, made once per key: the
 * server verifies every approval, and importing a key costs several times
 * the verification itself (WebCrypto's import per approval ran at a fifth
 * of raw verification). Keys are named by their SHA-256, so a device's
 * removal or a new key never meets a stale entry; the map is bounded.
 */
const keys = new Map<string, KeyObject>();
const MAX_KEYS = 10_000;

function keyObject(material: Uint8Array, make: () => KeyObject): KeyObject {
  const name = createHash('sha256').update(material).digest('base64');
  let key = keys.get(name);
  if (!key) {
    key = make();
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
    keys.set(name, key);
  }
  return key;
}

/** An ECDSA P-256 key from its SubjectPublicKeyInfo (an authenticator's). */
export function spkiKey(spki: Uint8Array): KeyObject {
  return keyObject(spki, () => createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }));
}

/** A key object of a COSE key (a WebAuthn credential's), made by `make` the first time. */
export function coseKey(cose: Uint8Array, make: () => KeyObject): KeyObject {
  return keyObject(cose, make);
}

/** Whether `signature` (IEEE P1363 r ‖ s, or DER when `der`) is `key`'s ECDSA signature with SHA-256 over `data`. */
export function verifyEcdsa(key: KeyObject, data: Uint8Array, signature: Uint8Array, der = false): boolean {
  try {
    return verify('sha256', data, { key, dsaEncoding: der ? 'der' : 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}
