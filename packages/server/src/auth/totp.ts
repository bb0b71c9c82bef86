import { Secret, TOTP } from 'otpauth';

/**
 * TOTP (RFC 6238) as authenticator apps accept it: HMAC-SHA-1, 6 digits,
 * 30-second steps. Other parameters are valid RFC 6238 but several popular
 * apps silently ignore them and show wrong codes.
 */
const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD_SECONDS = 30;
/** One step either side: the phone's clock may be off by up to half a minute, and typing takes time. */
const WINDOW = 1;
/** 160 bits, the HMAC-SHA-1 block-size recommendation of RFC 4226 §4. */
const SECRET_BYTES = 20;

/** A new TOTP secret from the CSPRNG. */
export function newTotpSecret(): Uint8Array {
  return new Secret({ size: SECRET_BYTES }).bytes;
}

/** The secret in base32, as people type it into an app that cannot scan the QR code. */
export function totpSecretText(secret: Uint8Array): string {
  return new Secret({ buffer: copyOf(secret) }).base32;
}

/** The otpauth:// URI an authenticator app scans (Key Uri Format). */
export function totpUri(secret: Uint8Array, issuer: string, accountName: string): string {
  return new TOTP({
    issuer,
    label: accountName,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: new Secret({ buffer: copyOf(secret) }),
  }).toString();
}

/**
 * The time step a code belongs to when it is right for `now` within the
 * window and later than `lastUsedStep`; undefined otherwise. Refusing steps
 * up to the last used one makes every code single-use (RFC 6238 §5.2), and
 * also refuses an older code still inside the window.
 */
export function checkTotpCode(
  secret: Uint8Array,
  code: string,
  now: Date,
  lastUsedStep: number | null,
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const timestamp = now.getTime();
  const current = Math.floor(timestamp / 1000 / PERIOD_SECONDS);
  for (let offset = -WINDOW; offset <= WINDOW; offset++) {
    const step = current + offset;
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    const delta = TOTP.validate({
      token: code,
      secret: new Secret({ buffer: copyOf(secret) }),
      algorithm: ALGORITHM,
      digits: DIGITS,
      period: PERIOD_SECONDS,
      timestamp: step * PERIOD_SECONDS * 1000,
      window: 0,
    });
    if (delta === 0) return step;
  }
  return undefined;
}

/** otpauth keeps the buffer it is given; a copy keeps the caller's bytes its own. */
function copyOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}
