import * as oauth from 'oauth4webapi';
import { expect } from 'vitest';
import type { AuthorityContext } from '../../src/ca/authorities.js';
import type { AuthConfig } from '../../src/config/config.js';
import type { Db } from '../../src/db/db.js';
import type { WebhookUrlPolicy } from '../../src/webhooks/url-policy.js';
import { freePort } from '@podpis/testkit';
import { TestApi, staffWithCertificate } from './api.js';
import { CookieJar, insecure } from './oauth.js';

export { insecure };
export const REDIRECT_URI = 'https://rp.example/callback';

/**
 * The server listening on a loopback port with its authorisation server
 * discovered, an administrator to register clients, and the browser's part
 * of the code flow (the consent page's API with the user's session).
 */
export class OAuthFlow {
  private constructor(
    readonly api: TestApi,
    readonly base: string,
    readonly as: oauth.AuthorizationServer,
    readonly admin: Record<string, string>,
  ) {}

  static async start(
    db: Db,
    ctx: AuthorityContext,
    options: { webhookPolicy?: WebhookUrlPolicy; auth?: Partial<AuthConfig> } = {},
  ): Promise<OAuthFlow> {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = await TestApi.start(ctx, { publicUrl: base, ...options });
    await api.app.listen({ host: '127.0.0.1', port });
    const issuer = new URL(`${base}/oauth2`);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
    const { der } = await staffWithCertificate(db, 'admin');
    return new OAuthFlow(api, base, as, {
      'x-test-client-certificate': Buffer.from(der).toString('base64'),
      'x-requested-with': 'podpis-test',
    });
  }

  close(): Promise<void> {
    return this.api.close();
  }

  async registerClient(body: Record<string, unknown>): Promise<{ clientId: string; secret: string }> {
    const created = await this.api.app.inject({
      method: 'POST',
      url: '/api/v1/oauth-clients',
      headers: this.admin,
      payload: body,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { client, clientSecret } = created.json<{ client: { clientId: string }; clientSecret: string }>();
    return { clientId: client.clientId, secret: clientSecret };
  }

  /** A client-credentials access token of the client for the scopes. */
  async clientToken(client: { clientId: string; secret: string }, scope: string): Promise<string> {
    const response = await oauth.clientCredentialsGrantRequest(
      this.as,
      { client_id: client.clientId },
      oauth.ClientSecretBasic(client.secret),
      new URLSearchParams({ scope }),
      insecure,
    );
    const token = await oauth.processClientCredentialsResponse(
      this.as,
      { client_id: client.clientId },
      response,
    );
    return token.access_token;
  }

  /**
   * The user approves (or refuses) the client on the consent page with their
   * office session; with `code`, the code is exchanged for tokens.
   */
  async consent(
    client: { clientId: string; secret: string },
    session: Record<string, string>,
    scope: string,
  ): Promise<oauth.TokenEndpointResponse> {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(this.as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: client.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope,
      state,
      prompt: 'consent',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const jar = new CookieJar();
    let response = await fetch(url, { redirect: 'manual' });
    jar.take(response);
    expect(response.status, await response.clone().text()).toBe(303);
    const uid = new URL(response.headers.get('location')!, this.base).pathname.split('/').pop()!;
    const headers = { cookie: jar.header(session.cookie), 'x-csrf-token': session['x-csrf-token']! };
    const answered = await fetch(`${this.base}/api/v1/oauth/interactions/${uid}/consent`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ approve: true }),
    });
    expect(answered.status, await answered.clone().text()).toBe(200);
    let next = new URL(((await answered.json()) as { redirectTo: string }).redirectTo, this.base);
    for (let hops = 0; hops < 5 && next.origin === this.base; hops++) {
      response = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.take(response);
      next = new URL(response.headers.get('location')!, this.base);
    }
    const rp = { client_id: client.clientId };
    const auth = oauth.ClientSecretBasic(client.secret);
    const params = oauth.validateAuthResponse(this.as, rp, next, state);
    return oauth.processAuthorizationCodeResponse(
      this.as,
      rp,
      await oauth.authorizationCodeGrantRequest(this.as, rp, auth, params, REDIRECT_URI, verifier, insecure),
    );
  }
}
