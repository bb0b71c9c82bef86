import {
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
} from '@simplewebauthn/browser';
import { api, call } from '../../api/client';
import { ApiProblem } from '../../api/problem';

/*
 * The server makes its WebAuthn options with @simplewebauthn/server and the
 * OpenAPI schema only names their `challenge`; they are the JSON this
 * browser library takes, so the creation options (whose `rp` and `user`
 * the schema does not name) are passed on as that type.
 */

/** The browser's own refusals (cancelled, timed out, no fitting key) shown like the API's problems. */
async function ceremony<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new ApiProblem(0, 'WEBAUTHN_CANCELLED', error instanceof Error ? error.message : String(error));
  }
}

/** Asks the browser to create a credential on a security key or as a passkey, then registers it under `name`. */
export async function registerSecurityKey(name: string): Promise<{ recoveryCodes?: string[] }> {
  const options = await call(api.POST('/api/v1/session/second-factor/webauthn/options'));
  const response = await ceremony(() =>
    startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON }),
  );
  return call(api.POST('/api/v1/session/second-factor/webauthn', { body: { name, response } }));
}

/** The security key's answer for a pending sign-in. */
export async function securityKeyAssertion(pendingToken: string) {
  const options = await call(
    api.POST('/api/v1/session/second-factor/webauthn-options', { body: { pendingToken } }),
  );
  return ceremony(() => startAuthentication({ optionsJSON: options }));
}
