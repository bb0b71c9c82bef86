import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { nodeTlsFetch, PodpisClient, type Fetch } from '@podpis/sdk';
import {
  authorizationCode,
  CscError,
  CscOAuth,
  createPkce,
  createState,
  discover,
  type OAuthEndpoints,
} from '@podpis/sdk/csc';
import { redirectUri, type EdoConfig, type OAuthClient } from './config.js';

/** What the EDO asks of Podpis for an employee: who they are, their certificates, signing and verification. */
export const SCOPES = ['openid', 'profile', 'certificates:read', 'signing'] as const;

/** A sign-in on its way through Podpis: what the callback must match, kept only here. */
export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  startedAt: number;
}

/** The employee as Podpis's ID token names them, and the access token to act for them. */
export interface SignedIn {
  /** The Podpis account id (`sub`). */
  account: string;
  /** The login (`preferred_username`). */
  name: string;
  accessToken: string;
  /** When the access token expires (ms since the epoch). */
  expiresAt: number;
}

/** Why a sign-in failed, with a stable code the page names. */
export class LoginError extends Error {
  constructor(
    readonly code: 'ACCESS_DENIED' | 'LOGIN_STATE_MISMATCH' | 'LOGIN_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Podpis as the EDO sees it: an OpenID Connect provider (authorization code
 * + PKCE S256, state and nonce, the ID token's signature checked against
 * the provider's keys) and the REST API through @podpis/sdk, all over one
 * TLS connection pool trusting Podpis's own CA.
 */
export class Podpis {
  readonly fetch: Promise<Fetch>;
  private provider: Promise<{ endpoints: OAuthEndpoints; oauth: CscOAuth; keys: JSONWebKeySet }> | undefined;

  constructor(
    private readonly config: EdoConfig,
    private readonly client: OAuthClient,
  ) {
    this.fetch = nodeTlsFetch(this.config.podpisCa !== undefined ? { ca: this.config.podpisCa } : {});
  }

  /** The provider's metadata and keys, read once (Podpis may start after the EDO); a failure is retried next time. */
  private discovered() {
    this.provider ??= (async () => {
      const transport = { fetch: await this.fetch };
      const endpoints = await discover(`${this.config.podpisUrl}/oauth2`, transport);
      if (endpoints.jwks_uri === undefined || endpoints.issuer === undefined)
        throw new LoginError('LOGIN_FAILED', 'Podpis’s metadata names no issuer or jwks_uri');
      const answer = await (await this.fetch)(new Request(endpoints.jwks_uri));
      if (!answer.ok) throw new LoginError('LOGIN_FAILED', `Podpis’s keys: HTTP ${answer.status}`);
      const keys = (await answer.json()) as JSONWebKeySet;
      const oauth = new CscOAuth({ server: endpoints, ...this.client, authMethod: 'basic', ...transport });
      return { endpoints, oauth, keys };
    })();
    this.provider.catch(() => {
      this.provider = undefined;
    });
    return this.provider;
  }

  /** Where to send the employee's browser, and what to keep until they come back. */
  async startLogin(): Promise<{ url: string; pending: PendingLogin }> {
    const { oauth } = await this.discovered();
    const pkce = createPkce();
    const pending: PendingLogin = {
      state: createState(),
      nonce: randomBytes(24).toString('base64url'),
      verifier: pkce.verifier,
      startedAt: Date.now(),
    };
    const url = oauth.authorizeUrl({
      scope: SCOPES.join(' '),
      redirectUri: redirectUri(this.config),
      codeChallenge: pkce.challenge,
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /**
   * The callback: the state must be this browser's (a forged redirect is
   * refused), the issuer Podpis (RFC 9207), the code exchanged with the PKCE
   * verifier, and the ID token signed by Podpis, for this client, fresh, with
   * this sign-in's nonce.
   */
  async finishLogin(callback: URL, pending: PendingLogin): Promise<SignedIn> {
    const { endpoints, oauth, keys } = await this.discovered();
    let code: string;
    try {
      code = authorizationCode(callback, pending.state);
    } catch (error) {
      if (error instanceof CscError && error.error === 'access_denied')
        throw new LoginError('ACCESS_DENIED', 'the employee did not allow the EDO', { cause: error });
      if (error instanceof CscError && error.error === 'state_mismatch')
        throw new LoginError('LOGIN_STATE_MISMATCH', 'the sign-in came back with another state', {
          cause: error,
        });
      throw new LoginError('LOGIN_FAILED', 'Podpis refused the sign-in', { cause: error });
    }
    const iss = callback.searchParams.get('iss');
    if (iss !== null && iss !== endpoints.issuer)
      throw new LoginError('LOGIN_FAILED', 'the sign-in came back from another issuer');
    let token;
    try {
      token = await oauth.exchangeCode({
        code,
        redirectUri: redirectUri(this.config),
        codeVerifier: pending.verifier,
      });
    } catch (error) {
      throw new LoginError('LOGIN_FAILED', 'the code was not exchanged', { cause: error });
    }
    if (token.id_token === undefined) throw new LoginError('LOGIN_FAILED', 'Podpis returned no ID token');
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(token.id_token, createLocalJWKSet(keys), {
        issuer: endpoints.issuer!,
        audience: this.client.clientId,
        algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'],
        maxTokenAge: '10m',
      }));
    } catch (error) {
      throw new LoginError('LOGIN_FAILED', 'the ID token did not verify', { cause: error });
    }
    if (claims.nonce !== pending.nonce)
      throw new LoginError('LOGIN_FAILED', 'the ID token carries another nonce');
    if (typeof claims.sub !== 'string') throw new LoginError('LOGIN_FAILED', 'the ID token names nobody');
    const name = typeof claims.preferred_username === 'string' ? claims.preferred_username : claims.sub;
    return {
      account: claims.sub,
      name,
      accessToken: token.access_token,
      expiresAt: Date.now() + (token.expires_in ?? 600) * 1000,
    };
  }

  /** Ends the grant at Podpis (RFC 7009); the EDO's session ends whatever Podpis answers. */
  async revoke(accessToken: string): Promise<void> {
    const { oauth } = await this.discovered();
    await oauth.revoke(accessToken, 'access_token');
  }

  /** The REST API (@podpis/sdk) as this employee. */
  api(accessToken: string): PodpisClient {
    return new PodpisClient({
      baseUrl: this.config.podpisUrl,
      token: accessToken,
      fetch: (r) => this.fetch.then((f) => f(r)),
    });
  }
}
