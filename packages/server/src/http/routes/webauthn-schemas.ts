import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { RelyingParty } from '../../auth/webauthn.js';

/**
 * The JSON of a WebAuthn answer as `@simplewebauthn/browser` sends it
 * (PublicKeyCredential.toJSON()); the library checks every byte inside.
 */
const Base64Url = Type.String({ pattern: '^[A-Za-z0-9_-]*$', maxLength: 16384 });
/** usb, nfc, ble, internal, hybrid…: kept as hints for later sign-ins; new names come with new browsers. */
const Transport = Type.String({ pattern: '^[a-z-]{1,32}$' });
const ClientExtensionResults = Type.Object({
  appid: Type.Optional(Type.Boolean()),
  credProps: Type.Optional(Type.Object({ rk: Type.Optional(Type.Boolean()) })),
  hmacCreateSecret: Type.Optional(Type.Boolean()),
});
const credential = {
  id: Base64Url,
  rawId: Base64Url,
  authenticatorAttachment: Type.Optional(
    Type.Union([Type.Literal('cross-platform'), Type.Literal('platform')]),
  ),
  clientExtensionResults: ClientExtensionResults,
  type: Type.Literal('public-key'),
};

export const WebAuthnRegistration = Type.Object({
  ...credential,
  response: Type.Object({
    clientDataJSON: Base64Url,
    attestationObject: Base64Url,
    authenticatorData: Type.Optional(Base64Url),
    transports: Type.Optional(Type.Array(Transport, { maxItems: 8 })),
    publicKeyAlgorithm: Type.Optional(Type.Integer()),
    publicKey: Type.Optional(Base64Url),
  }),
});

export const WebAuthnAssertion = Type.Object({
  ...credential,
  response: Type.Object({
    clientDataJSON: Base64Url,
    authenticatorData: Base64Url,
    signature: Base64Url,
    userHandle: Type.Optional(Base64Url),
  }),
});

/** Options for navigator.credentials.create/get, passed to @simplewebauthn/browser as they are. */
export const WebAuthnOptions = Type.Object(
  { challenge: Type.String() },
  {
    additionalProperties: true,
    description: 'PublicKeyCredentialCreationOptionsJSON or …RequestOptionsJSON',
  },
);

/**
 * The relying party is the host the office was reached at (the Host the
 * browser sent), over https. The browser signs the origin it really is at
 * into every answer, and each key is checked against the RP id it was
 * registered for, so a proxy under another name gains nothing by it.
 */
export function relyingPartyOf(request: FastifyRequest): RelyingParty {
  return { id: request.hostname, origin: `https://${request.host}` };
}
