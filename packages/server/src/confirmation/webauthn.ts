import { createHash, createPublicKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { cose, decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';
import {
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { coseKey, verifyEcdsa } from './device-keys.js';

/**
 * WebAuthn for the Podpis mobile app's device key, through
 * `@simplewebauthn/server`: registration at enrolment and assertions over
 * approvals, user verification (the phone's PIN or biometrics) required.
 * The relying party is the office's host: the PWA is served from it.
 */

export interface RelyingParty {
  /** The host name (WebAuthn RP ID). */
  id: string;
  /** The origin the browser saw, `https://host[:port]`. */
  origin: string;
}

export interface WebAuthnCredential {
  /** base64url */
  id: string;
  /** COSE public key. */
  publicKey: Uint8Array;
  counter: number;
}

/** The credential of a registration response over `challenge`, or undefined if it does not verify. */
export async function verifyWebAuthnRegistration(
  response: unknown,
  challenge: string,
  rp: RelyingParty,
): Promise<WebAuthnCredential | undefined> {
  try {
    const { verified, registrationInfo } = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
    if (!verified) return undefined;
    const { credential } = registrationInfo;
    return { id: credential.id, publicKey: credential.publicKey, counter: credential.counter };
  } catch {
    // A malformed response is as unverified as a wrong signature; the library's message may echo input.
    return undefined;
  }
}

/**
 * The authenticator's new signature counter if `response` is the
 * credential's assertion over `challenge` with user verification, else
 * undefined (a counter that did not rise, when the authenticator keeps one,
 * is refused: a cloned authenticator, or an assertion replayed). ES256
 * credentials (what phones' platform authenticators make) are verified
 * here with node:crypto and the key object kept (`es256Assertion`: the
 * library imports the COSE key through WebCrypto on every call, which ran
 * at an eighth of raw ECDSA verification); others by the library.
 */
export async function verifyWebAuthnAssertion(
  response: unknown,
  challenge: string,
  credential: WebAuthnCredential,
  rp: RelyingParty,
): Promise<number | undefined> {
  const r = response as AuthenticationResponseJSON | null;
  if (typeof r !== 'object' || r === null || r.id !== credential.id) return undefined;
  const key = es256Key(credential.publicKey);
  if (key) return es256Assertion(r, challenge, key, credential.counter, rp);
  return libraryAssertion(r, challenge, credential, rp);
}

/** The same verdict by `@simplewebauthn/server` alone (every algorithm; the reference of `es256Assertion`). */
export async function libraryAssertion(
  response: unknown,
  challenge: string,
  credential: WebAuthnCredential,
  rp: RelyingParty,
): Promise<number | undefined> {
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: credential.id,
        publicKey: new Uint8Array(credential.publicKey),
        counter: credential.counter,
      },
      requireUserVerification: true,
    });
    return verified ? authenticationInfo.newCounter : undefined;
  } catch {
    return undefined;
  }
}

/** A P-256 key object of an ES256 COSE key, or undefined for any other key. */
function es256Key(bytes: Uint8Array): KeyObject | undefined {
  let decoded;
  try {
    decoded = decodeCredentialPublicKey(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
  if (!cose.isCOSEPublicKeyEC2(decoded)) return undefined;
  const x = decoded.get(cose.COSEKEYS.x);
  const y = decoded.get(cose.COSEKEYS.y);
  if (
    decoded.get(cose.COSEKEYS.alg) !== cose.COSEALG.ES256 ||
    decoded.get(cose.COSEKEYS.crv) !== cose.COSECRV.P256 ||
    !(x instanceof Uint8Array) ||
    !(y instanceof Uint8Array)
  ) {
    return undefined;
  }
  return coseKey(bytes, () =>
    createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: Buffer.from(x).toString('base64url'),
        y: Buffer.from(y).toString('base64url'),
      },
      format: 'jwk',
    }),
  );
}

/**
 * Whether a WebAuthn assertion kept as evidence is the ES256 key's
 * signature over an approval: its client data asks exactly `challenge`
 * (SHA-256 of the approval text), and the signature over authenticator
 * data ‖ SHA-256(clientDataJSON) verifies. For checking evidence later:
 * the relying party and counter were checked when it was received.
 */
export function assertionSignsChallenge(
  response: unknown,
  cosePublicKey: Uint8Array,
  challenge: string,
): boolean {
  const key = es256Key(cosePublicKey);
  const r = response as AuthenticationResponseJSON | null;
  if (!key || typeof r !== 'object' || r === null) return false;
  try {
    const clientDataJSON = Buffer.from(r.response.clientDataJSON, 'base64url');
    const clientData = JSON.parse(clientDataJSON.toString('utf8')) as Record<string, unknown>;
    if (clientData.type !== 'webauthn.get' || clientData.challenge !== challenge) return false;
    const signed = Buffer.concat([
      Buffer.from(r.response.authenticatorData, 'base64url'),
      createHash('sha256').update(clientDataJSON).digest(),
    ]);
    return verifyEcdsa(key, signed, Buffer.from(r.response.signature, 'base64url'), true);
  } catch {
    return false;
  }
}

const USER_PRESENT = 0x01;
const USER_VERIFIED = 0x04;

/**
 * WebAuthn §7.2 for an ES256 assertion: clientDataJSON of type
 * `webauthn.get` with our challenge and origin; authenticator data for our
 * RP ID with the user present and verified; a signature counter above the
 * stored one when either is not zero; the signature over authenticator
 * data ‖ SHA-256(clientDataJSON).
 */
function es256Assertion(
  r: AuthenticationResponseJSON,
  challenge: string,
  key: KeyObject,
  storedCounter: number,
  rp: RelyingParty,
): number | undefined {
  try {
    // The response is the device's JSON: its type is whatever it sent.
    if ((r.type as string) !== 'public-key') return undefined;
    const clientDataJSON = Buffer.from(r.response.clientDataJSON, 'base64url');
    const clientData = JSON.parse(clientDataJSON.toString('utf8')) as Record<string, unknown>;
    if (
      clientData.type !== 'webauthn.get' ||
      clientData.challenge !== challenge ||
      clientData.origin !== rp.origin
    ) {
      return undefined;
    }
    if (clientData.crossOrigin === true) return undefined;
    const authData = Buffer.from(r.response.authenticatorData, 'base64url');
    if (authData.length < 37) return undefined;
    const rpIdHash = createHash('sha256').update(rp.id).digest();
    if (!timingSafeEqual(authData.subarray(0, 32), rpIdHash)) return undefined;
    const flags = authData[32]!;
    if ((flags & USER_PRESENT) === 0 || (flags & USER_VERIFIED) === 0) return undefined;
    const counter = authData.readUInt32BE(33);
    if ((counter > 0 || storedCounter > 0) && counter <= storedCounter) return undefined;
    const signed = Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]);
    return verifyEcdsa(key, signed, Buffer.from(r.response.signature, 'base64url'), true)
      ? counter
      : undefined;
  } catch {
    return undefined;
  }
}
