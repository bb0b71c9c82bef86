import {
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';

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
 * is refused by the library: a cloned authenticator).
 */
export async function verifyWebAuthnAssertion(
  response: unknown,
  challenge: string,
  credential: WebAuthnCredential,
  rp: RelyingParty,
): Promise<number | undefined> {
  try {
    const r = response as AuthenticationResponseJSON;
    if (r.id !== credential.id) return undefined;
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response: r,
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
