import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64 } from '../bytes.js';
import type { Fetch } from '../transport.js';
import { CscError } from './errors.js';
import { exchange, fetcherOf, type CscTransportOptions } from './http.js';

/** base64url without padding (RFC 7636 appendix A). */
export function base64url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A PKCE pair (RFC 7636): the verifier kept by the client, the challenge sent with the authorization request. */
export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** The S256 code challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))) (RFC 7636 §4.2). */
export function codeChallenge(verifier: string): string {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier))
    throw new CscError(
      0,
      'invalid_code_verifier',
      'a code verifier is 43 to 128 unreserved characters (RFC 7636 §4.1)',
    );
  return base64url(sha256(new TextEncoder().encode(verifier)));
}

/** A fresh PKCE pair: a verifier of 32 random bytes (43 characters) and its S256 challenge. */
export function createPkce(): Pkce {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  return { verifier, challenge: codeChallenge(verifier), method: 'S256' };
}

/** An unguessable `state` (RFC 6749 §10.12) to match the answer to its request. */
export function createState(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * The authorization details of type `credential` (RFC 9396, as the CSC API
 * v2 §8.4 uses them): which credential may sign which documents' hashes.
 */
export interface CredentialAuthorizationDetails {
  type: 'credential';
  credentialID?: string;
  signatureQualifier?: string;
  documentDigests: { hash: string; label?: string }[];
  hashAlgorithmOID: string;
  locations?: string[];
}

/** The endpoints of the authorization server. */
export interface OAuthEndpoints {
  authorization_endpoint: string;
  token_endpoint: string;
  pushed_authorization_request_endpoint?: string;
  revocation_endpoint?: string;
  /** From discover(): the issuer an ID token names, and where its keys are (OpenID Connect). */
  issuer?: string;
  jwks_uri?: string;
}

/** How the client proves who it is at the token and PAR endpoints (RFC 6749 §2.3.1). */
export interface ClientCredentials {
  clientId: string;
  clientSecret?: string;
  /** post (the CSC specification's examples: client_secret in the form) or basic (HTTP Basic). */
  authMethod?: 'post' | 'basic';
}

export interface CscOAuthOptions extends CscTransportOptions, ClientCredentials {
  /**
   * The authorization server: the `oauth2` base URI of `info` (endpoints
   * <oauth2>/oauth2/authorize, /oauth2/token, /oauth2/pushed_authorize,
   * /oauth2/revoke), or the endpoints themselves (e.g. from discover()).
   */
  server: string | URL | OAuthEndpoints;
}

/** An authorization request's parameters (RFC 6749 §4.1.1, RFC 7636, RFC 9396, and CSC v2 §8.4.2). */
export interface AuthorizationRequest {
  redirectUri: string;
  /** service: use the API (list credentials); credential: authorize signing with one credential. */
  scope: 'service' | 'credential' | (string & {});
  /** The PKCE challenge (its method is S256). */
  codeChallenge: string;
  state?: string;
  /** OpenID Connect: a value the ID token must carry back, which ties it to this request (replay). */
  nonce?: string;
  /** OpenID Connect / OAuth: `consent` (offline_access asks for it), `login`, `none`. */
  prompt?: string;
  authorizationDetails?: readonly CredentialAuthorizationDetails[];
  /** The CSC parameters of scope credential without authorization_details. */
  credentialID?: string;
  numSignatures?: number;
  hashes?: readonly string[];
  hashAlgorithmOID?: string;
  description?: string;
  lang?: string;
  account_token?: string;
  clientData?: string;
}

/** The token endpoint's answer (RFC 6749 §5.1), with the CSC and RFC 9396 members. */
export interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
  credentialID?: string;
  authorization_details?: CredentialAuthorizationDetails[];
  /** OpenID Connect (scope openid): who the user is, a JWT the client checks (signature, iss, aud, nonce). */
  id_token?: string;
}

/**
 * The OAuth 2.0 side of the CSC flow: authorization code with PKCE S256
 * (RFC 6749, RFC 7636), authorization details of type credential
 * (RFC 9396), pushed authorization requests (RFC 9126), client credentials.
 */
export class CscOAuth {
  readonly endpoints: OAuthEndpoints;
  private readonly fetcher: Promise<Fetch>;

  constructor(private readonly options: CscOAuthOptions) {
    const server = options.server;
    if (typeof server === 'string' || server instanceof URL) {
      const base = new URL(server).href.replace(/\/+$/, '');
      this.endpoints = {
        authorization_endpoint: `${base}/oauth2/authorize`,
        token_endpoint: `${base}/oauth2/token`,
        pushed_authorization_request_endpoint: `${base}/oauth2/pushed_authorize`,
        revocation_endpoint: `${base}/oauth2/revoke`,
      };
    } else this.endpoints = server;
    this.fetcher = fetcherOf(options);
    this.fetcher.catch(() => undefined);
  }

  /** The form parameters of an authorization request. */
  private authorizationParameters(request: AuthorizationRequest): URLSearchParams {
    const form = new URLSearchParams({
      response_type: 'code',
      client_id: this.options.clientId,
      redirect_uri: request.redirectUri,
      scope: request.scope,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
    });
    if (request.state !== undefined) form.set('state', request.state);
    if (request.authorizationDetails !== undefined)
      form.set('authorization_details', JSON.stringify(request.authorizationDetails));
    const optional = [
      'nonce',
      'prompt',
      'credentialID',
      'numSignatures',
      'hashAlgorithmOID',
      'description',
      'lang',
      'account_token',
      'clientData',
    ] as const;
    for (const name of optional) {
      const value = request[name];
      if (value !== undefined) form.set(name, String(value));
    }
    // CSC v2 §8.4.2: several hashes are one comma-separated parameter.
    if (request.hashes !== undefined) form.set('hashes', request.hashes.join(','));
    return form;
  }

  /** The URL to send the user's browser to. */
  authorizeUrl(request: AuthorizationRequest): string {
    const url = new URL(this.endpoints.authorization_endpoint);
    for (const [name, value] of this.authorizationParameters(request)) url.searchParams.set(name, value);
    return url.href;
  }

  /**
   * Pushes the authorization request to the server first (RFC 9126), so
   * its details travel authenticated and unseen by the browser; the URL to
   * send the browser to carries only client_id and request_uri.
   */
  async pushAuthorizationRequest(
    request: AuthorizationRequest,
  ): Promise<{ request_uri: string; expires_in: number; authorizeUrl: string }> {
    const endpoint = this.endpoints.pushed_authorization_request_endpoint;
    if (endpoint === undefined)
      throw new CscError(
        0,
        'par_unsupported',
        'the authorization server names no pushed authorization request endpoint',
      );
    const answer = (await this.post(endpoint, this.authorizationParameters(request))) as {
      request_uri?: unknown;
      expires_in?: unknown;
    };
    if (typeof answer.request_uri !== 'string' || typeof answer.expires_in !== 'number')
      throw new CscError(0, 'invalid_response', 'the PAR answer has no request_uri and expires_in');
    const url = new URL(this.endpoints.authorization_endpoint);
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('request_uri', answer.request_uri);
    return { request_uri: answer.request_uri, expires_in: answer.expires_in, authorizeUrl: url.href };
  }

  /** Exchanges the authorization code for a token (RFC 6749 §4.1.3 with the PKCE verifier). */
  exchangeCode(request: {
    code: string;
    redirectUri: string;
    codeVerifier: string;
    authorizationDetails?: readonly CredentialAuthorizationDetails[];
  }): Promise<TokenAnswer> {
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: request.code,
      redirect_uri: request.redirectUri,
      code_verifier: request.codeVerifier,
    });
    if (request.authorizationDetails !== undefined)
      form.set('authorization_details', JSON.stringify(request.authorizationDetails));
    return this.token(form);
  }

  /** A token for the client itself (RFC 6749 §4.4). */
  clientCredentials(scope?: string): Promise<TokenAnswer> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope !== undefined) form.set('scope', scope);
    return this.token(form);
  }

  /** A fresh access token from a refresh token (RFC 6749 §6). */
  refresh(refreshToken: string): Promise<TokenAnswer> {
    return this.token(new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }));
  }

  /** Revokes a token (RFC 7009). */
  async revoke(token: string, tokenTypeHint?: 'access_token' | 'refresh_token'): Promise<void> {
    const endpoint = this.endpoints.revocation_endpoint;
    if (endpoint === undefined)
      throw new CscError(
        0,
        'revocation_unsupported',
        'the authorization server names no revocation endpoint',
      );
    const form = new URLSearchParams({ token });
    if (tokenTypeHint !== undefined) form.set('token_type_hint', tokenTypeHint);
    await this.post(endpoint, form);
  }

  private async token(form: URLSearchParams): Promise<TokenAnswer> {
    const answer = (await this.post(this.endpoints.token_endpoint, form)) as Partial<TokenAnswer> | undefined;
    if (typeof answer?.access_token !== 'string' || typeof answer.token_type !== 'string')
      throw new CscError(0, 'invalid_response', 'the token answer has no access_token and token_type');
    return answer as TokenAnswer;
  }

  /** A form POST with the client's authentication. */
  private post(endpoint: string, form: URLSearchParams): Promise<unknown> {
    const { clientId, clientSecret, authMethod = 'post' } = this.options;
    const headers = new Headers({
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    });
    if (authMethod === 'basic' && clientSecret !== undefined) {
      // RFC 6749 §2.3.1: each part form-urlencoded before Basic encoding.
      const pair = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
      headers.set('authorization', `Basic ${toBase64(new TextEncoder().encode(pair))}`);
    } else {
      form.set('client_id', clientId);
      if (clientSecret !== undefined) form.set('client_secret', clientSecret);
    }
    return exchange(this.fetcher, new Request(endpoint, { method: 'POST', headers, body: form.toString() }));
  }
}

/**
 * The code of the redirect back to the client (RFC 6749 §4.1.2): its
 * `error` as a CscError, and a `state` other than the one sent refused
 * (state_mismatch), which stops a forged redirect.
 */
export function authorizationCode(redirect: string | URL, expectedState?: string): string {
  const parameters = new URL(redirect).searchParams;
  const error = parameters.get('error');
  if (error !== null) throw new CscError(0, error, parameters.get('error_description') ?? undefined);
  if (expectedState !== undefined && parameters.get('state') !== expectedState)
    throw new CscError(
      0,
      'state_mismatch',
      'the redirect does not carry the state of this authorization request',
    );
  const code = parameters.get('code');
  if (code === null) throw new CscError(0, 'invalid_response', 'the redirect carries no code');
  return code;
}

/**
 * The authorization server's endpoints from its metadata (RFC 8414, or
 * OpenID Connect discovery), given its issuer (`oauth2Issuer` of info).
 */
export async function discover(
  issuer: string | URL,
  transport: CscTransportOptions = {},
): Promise<OAuthEndpoints> {
  const fetcher = fetcherOf(transport);
  const base = new URL(issuer);
  const path = base.pathname.replace(/\/+$/, '');
  let last: unknown;
  for (const wellKnown of [
    `/.well-known/oauth-authorization-server${path}`,
    `${path}/.well-known/openid-configuration`,
  ]) {
    try {
      const metadata = (await exchange(
        fetcher,
        new Request(new URL(wellKnown, base), { headers: { accept: 'application/json' } }),
      )) as Partial<OAuthEndpoints> | undefined;
      if (typeof metadata?.authorization_endpoint === 'string' && typeof metadata.token_endpoint === 'string')
        return metadata as OAuthEndpoints;
    } catch (error) {
      last = error;
    }
  }
  throw new CscError(0, 'discovery_failed', `no authorization server metadata at ${base.origin}`, {
    cause: last,
  });
}
