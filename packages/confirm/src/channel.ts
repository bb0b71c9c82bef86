import { ConfirmError, fromBase64url, fromUtf8, toBase64url, utf8 } from './bytes.js';

/**
 * The end-to-end channel between the server and one enrolled device, above
 * TLS. At enrolment both sides make an ephemeral ECDH P-256 pair; the shared
 * secret, salted with the activation code (which only the user carried from
 * the screen to the device) and bound to the device's id, gives the
 * channel secret. From it: one AES-256-GCM key per direction and the OCRA
 * key for offline codes. Every message carries a counter that must rise,
 * authenticated with the direction and the device, so a message replayed,
 * reflected back or moved to another device does not open.
 */

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;
const PROTOCOL = 'podpis/confirm/v1';

export type Direction = 'device-to-server' | 'server-to-device';

export interface ChannelKeys {
  deviceToServer: CryptoKey;
  serverToDevice: CryptoKey;
  /** HMAC-SHA256 key of the offline OCRA codes (raw, 32 bytes). */
  ocra: Uint8Array<ArrayBuffer>;
}

/** An encrypted message of the channel, as it travels in JSON. */
export interface Envelope {
  /** The device's id (the enrolment's). */
  device: string;
  /** Positive, strictly rising per direction. */
  counter: number;
  /** base64url, 12 bytes. */
  iv: string;
  /** base64url: AES-256-GCM ciphertext ‖ tag. */
  data: string;
}

export interface EcdhKeyPair {
  privateKey: CryptoKey;
  /** Uncompressed point (65 bytes). */
  publicKey: Uint8Array<ArrayBuffer>;
}

/** An ephemeral ECDH P-256 pair; `extractable` only where the private key must be stored (the server seals it). */
export async function generateEcdhKeyPair(extractable = false): Promise<EcdhKeyPair> {
  const pair = await subtle().generateKey(P256, extractable, ['deriveBits']);
  return {
    privateKey: pair.privateKey,
    publicKey: new Uint8Array(await subtle().exportKey('raw', pair.publicKey)),
  };
}

/** The private key of a pair made extractable, as PKCS#8 (for the server to seal between the two enrolment steps). */
export async function exportEcdhPrivateKey(key: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await subtle().exportKey('pkcs8', key));
}

export async function importEcdhPrivateKey(pkcs8: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return subtle().importKey('pkcs8', pkcs8, P256, false, ['deriveBits']);
}

/**
 * The channel secret both sides derive at enrolment: HKDF-SHA256 over the
 * ECDH shared secret, salted with SHA-256 of the activation code, for this
 * device. A peer point off the curve is refused by WebCrypto's import.
 */
export async function deriveChannelSecret(input: {
  privateKey: CryptoKey;
  peerPublicKey: Uint8Array<ArrayBuffer>;
  activationCode: string;
  device: string;
}): Promise<Uint8Array<ArrayBuffer>> {
  let peer: CryptoKey;
  try {
    peer = await subtle().importKey('raw', input.peerPublicKey, P256, false, []);
  } catch {
    throw new ConfirmError('MALFORMED', 'the peer key is not a P-256 point');
  }
  const shared = await subtle().deriveBits({ name: 'ECDH', public: peer }, input.privateKey, 256);
  const salt = await subtle().digest(
    'SHA-256',
    utf8(`${PROTOCOL}/activation-code/${normaliseActivationCode(input.activationCode)}`),
  );
  return hkdf(new Uint8Array(shared), new Uint8Array(salt), `${PROTOCOL}/channel/${input.device}`, 32);
}

/** The activation code as typed: case, spaces and dashes do not matter. */
export function normaliseActivationCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

async function hkdf(
  ikm: Uint8Array<ArrayBuffer>,
  salt: Uint8Array<ArrayBuffer>,
  info: string,
  length: number,
) {
  const key = await subtle().importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt, info: utf8(info) },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}

/** The per-direction keys and the OCRA key of a channel secret. */
export async function channelKeys(secret: Uint8Array<ArrayBuffer>): Promise<ChannelKeys> {
  const none = new Uint8Array(0);
  const aes = async (direction: Direction) =>
    subtle().importKey('raw', await hkdf(secret, none, `${PROTOCOL}/${direction}`, 32), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
  return {
    deviceToServer: await aes('device-to-server'),
    serverToDevice: await aes('server-to-device'),
    ocra: await hkdf(secret, none, `${PROTOCOL}/ocra`, 32),
  };
}

function additionalData(direction: Direction, device: string, counter: number): Uint8Array<ArrayBuffer> {
  return utf8(`${PROTOCOL}|${direction}|${device}|${counter}`);
}

const keyOf = (keys: ChannelKeys, direction: Direction) =>
  direction === 'device-to-server' ? keys.deviceToServer : keys.serverToDevice;

/** `message` as JSON, encrypted for `direction` under counter `counter`. */
export async function sealEnvelope(
  keys: ChannelKeys,
  direction: Direction,
  device: string,
  counter: number,
  message: unknown,
): Promise<Envelope> {
  if (!Number.isSafeInteger(counter) || counter < 1)
    throw new ConfirmError('MALFORMED', 'a counter is a positive integer');
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const data = await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(direction, device, counter) },
    keyOf(keys, direction),
    utf8(JSON.stringify(message)),
  );
  return { device, counter, iv: toBase64url(iv), data: toBase64url(new Uint8Array(data)) };
}

/** Whether `value` has an envelope's shape (not whether it opens). */
export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.device === 'string' &&
    typeof v.counter === 'number' &&
    Number.isSafeInteger(v.counter) &&
    v.counter >= 1 &&
    typeof v.iv === 'string' &&
    typeof v.data === 'string'
  );
}

/**
 * The message in `envelope`: REPLAYED when its counter is not above
 * `lastCounter` (checked before decrypting, and again by the caller when it
 * stores the new counter), NOT_AUTHENTIC when it does not decrypt (altered,
 * another device's, the other direction's), MALFORMED when it is not JSON.
 */
export async function openEnvelope(
  keys: ChannelKeys,
  direction: Direction,
  envelope: Envelope,
  lastCounter: number,
): Promise<unknown> {
  if (!isEnvelope(envelope)) throw new ConfirmError('MALFORMED', 'not an envelope');
  if (envelope.counter <= lastCounter) {
    throw new ConfirmError('REPLAYED', `counter ${envelope.counter} is not above ${lastCounter}`);
  }
  let plain: ArrayBuffer;
  try {
    plain = await subtle().decrypt(
      {
        name: 'AES-GCM',
        iv: fromBase64url(envelope.iv),
        additionalData: additionalData(direction, envelope.device, envelope.counter),
      },
      keyOf(keys, direction),
      fromBase64url(envelope.data),
    );
  } catch (error) {
    if (error instanceof ConfirmError) throw error;
    throw new ConfirmError('NOT_AUTHENTIC', 'the message does not open under this channel');
  }
  try {
    return JSON.parse(fromUtf8(new Uint8Array(plain))) as unknown;
  } catch {
    throw new ConfirmError('MALFORMED', 'the message is not JSON');
  }
}
