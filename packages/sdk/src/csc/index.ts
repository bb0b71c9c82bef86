/**
 * @podpis/sdk/csc — a client of the Cloud Signature Consortium API v2 and
 * its OAuth 2.0 flow, written from the specification alone.
 */
export { CscClient, type CscClientOptions } from './client.js';
export { CscError, cscErrorOf } from './errors.js';
export type { CscTransportOptions } from './http.js';
export {
  authorizationCode,
  base64url,
  codeChallenge,
  createPkce,
  createState,
  CscOAuth,
  discover,
  type AuthorizationRequest,
  type ClientCredentials,
  type CredentialAuthorizationDetails,
  type CscOAuthOptions,
  type OAuthEndpoints,
  type Pkce,
  type TokenAnswer,
} from './oauth.js';
export type * from './types.js';
