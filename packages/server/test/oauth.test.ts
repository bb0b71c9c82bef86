import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { TEST_PIN, type TestApi } from './support/api.js';
import {
  CookieJar,
  discoverPlainHttp,
  insecure,
  REDIRECT_URI,
  registerOAuthClient,
  startOAuthServer,
  type OAuthServer,
} from './support/oauth.js';
import { setUpTestAuthorities } from './support/authority.js';
import { backends } from './support/backends.js';

describe.each(backends)(
  'the OAuth 2.0 authorisation server over real HTTP on $name (oidc-provider, an independent client)',
  (backend) => {
    let db: Db;
    let ctx: AuthorityContext;
    let api: TestApi;
    let base: string;
    let as: oauth.AuthorizationServer;
    let admin: Record<string, string>;
    let server: OAuthServer;

    beforeAll(async () => {
      db = await backend.open();
      ({ ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' }));
      server = await startOAuthServer(db, ctx);
      ({ api, base, admin } = server);
      as = await discoverPlainHttp(base);
    }, 120_000);
    afterAll(async () => {
      await api.close();
      await db.close();
    });

    const registerClient = (body: Record<string, unknown>) => registerOAuthClient(server, body);

    async function codeClient(scopes: string[]) {
      const registered = await registerClient({
        name: 'ЭДО «Ромашка»',
        redirectUris: [REDIRECT_URI],
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes,
      });
      return {
        client: { client_id: registered.clientId } as oauth.Client,
        auth: oauth.ClientSecretBasic(registered.secret),
        ...registered,
      };
    }

    /** A user with a certificate and a signed-in office session (the cookie and CSRF token). */
    async function userWithSession(login: string) {
      const user = await api.registerUser(login);
      const issued = await api.issue(user.id, { ...TEST_PIN, keySpec: 'ecdsa-p256' });
      const session = await api.userSession(user);
      return { user, issued, session };
    }

    /**
     * The browser's part: the authorisation request → the office's consent page
     * (its API with the user's session) → the answer → back to the client's
     * redirect URI. Returns where the browser ended up.
     */
    async function authorize(
      url: URL,
      session: Record<string, string>,
      approve: boolean,
      inspect?: (consent: Record<string, unknown>) => void,
      confirmation: { pin?: string } = {},
    ): Promise<URL> {
      const jar = new CookieJar();
      let response = await fetch(url, { redirect: 'manual' });
      jar.take(response);
      expect(response.status, await response.clone().text()).toBe(303);
      const consentPage = new URL(response.headers.get('location')!, base);
      expect(consentPage.pathname).toMatch(/^\/oauth\/consent\//);
      const uid = consentPage.pathname.split('/').pop()!;
      const headers = { cookie: jar.header(session.cookie), 'x-csrf-token': session['x-csrf-token']! };
      const shown = await fetch(`${base}/api/v1/oauth/interactions/${uid}`, { headers });
      expect(shown.status, await shown.clone().text()).toBe(200);
      inspect?.((await shown.json()) as Record<string, unknown>);
      const answered = await fetch(`${base}/api/v1/oauth/interactions/${uid}/consent`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ approve, ...confirmation }),
      });
      expect(answered.status, await answered.clone().text()).toBe(200);
      let next = new URL(((await answered.json()) as { redirectTo: string }).redirectTo, base);
      for (let hops = 0; hops < 5 && next.origin === base; hops++) {
        response = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
        jar.take(response);
        expect([302, 303], await response.clone().text()).toContain(response.status);
        next = new URL(response.headers.get('location')!, base);
      }
      return next;
    }

    async function authorizationUrl(
      client: oauth.Client,
      scope: string,
      extra: Record<string, string> = {},
    ): Promise<{ url: URL; verifier: string; state: string }> {
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const url = new URL(as.authorization_endpoint!);
      url.search = new URLSearchParams({
        client_id: client.client_id,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope,
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        ...extra,
      }).toString();
      return { url, verifier, state };
    }

    it('publishes its metadata: issuer under /oauth2, PKCE S256, PAR, RAR, introspection, revocation', async () => {
      expect(as.issuer).toBe(`${base}/oauth2`);
      expect(as.code_challenge_methods_supported).toEqual(['S256']);
      expect(as.pushed_authorization_request_endpoint).toBe(`${base}/oauth2/request`);
      expect(as.introspection_endpoint).toBeDefined();
      expect(as.revocation_endpoint).toBeDefined();
      expect(as.authorization_details_types_supported).toEqual(['credential']);
      expect(as.grant_types_supported).toEqual(
        expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']),
      );
      const rfc8414 = await fetch(`${base}/.well-known/oauth-authorization-server/oauth2`);
      expect(rfc8414.status).toBe(200);
      const metadata = (await rfc8414.json()) as { issuer: string; token_endpoint: string };
      expect(metadata.issuer).toBe(as.issuer);
      // The same endpoints as OpenID discovery, under /oauth2.
      expect(metadata.token_endpoint).toBe(as.token_endpoint);
      expect(metadata.token_endpoint).toBe(`${base}/oauth2/token`);
    });

    it('client credentials: a system gets a token for itself, which introspects as the client and acts for no user', async () => {
      const { clientId, secret } = await registerClient({
        name: 'Учётная система',
        grantTypes: ['client_credentials'],
        scopes: ['service'],
      });
      const client = { client_id: clientId };
      const auth = oauth.ClientSecretBasic(secret);
      const token = await oauth.processClientCredentialsResponse(
        as,
        client,
        await oauth.clientCredentialsGrantRequest(
          as,
          client,
          auth,
          new URLSearchParams({ scope: 'service' }),
          insecure,
        ),
      );
      expect(token.scope).toBe('service');
      const introspected = await oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth, token.access_token, insecure),
      );
      expect(introspected).toMatchObject({ active: true, client_id: clientId, scope: 'service' });
      expect(introspected.sub).toBeUndefined();
      const me = await fetch(`${base}/api/v1/me`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      });
      expect(me.status).toBe(401);
      expect(await me.json()).toMatchObject({ code: 'INVALID_TOKEN' });

      const wrongSecret = await oauth.clientCredentialsGrantRequest(
        as,
        client,
        oauth.ClientSecretBasic(`${secret}x`),
        new URLSearchParams({ scope: 'service' }),
        insecure,
      );
      expect(wrongSecret.status).toBe(401);
      const escalation = await oauth.clientCredentialsGrantRequest(
        as,
        client,
        auth,
        new URLSearchParams({ scope: 'signing' }),
        insecure,
      );
      expect(escalation.status).toBe(400);
      expect(await escalation.json()).toMatchObject({ error: 'invalid_scope' });
    });

    it('code + PKCE: the user approves in the office, the client reads their certificates with the token, refreshes (rotating); a reused refresh token ends the grant', async () => {
      const { client, auth, clientId } = await codeClient(['openid', 'offline_access', 'certificates:read']);
      const { user, issued, session } = await userWithSession('oauth-code');
      const { url, verifier, state } = await authorizationUrl(
        client,
        'openid offline_access certificates:read',
        {
          prompt: 'consent',
        },
      );
      const callback = await authorize(url, session, true, (consent) => {
        expect(consent.client).toEqual({ id: clientId, name: 'ЭДО «Ромашка»' });
        expect(JSON.stringify(consent.scopes)).toContain('"scope":"certificates:read"');
      });
      expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
      const params = oauth.validateAuthResponse(as, client, callback, state);
      const tokens = await oauth.processAuthorizationCodeResponse(
        as,
        client,
        await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, verifier, insecure),
      );
      expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toBe(user.id);
      expect(tokens.scope?.split(' ')).toEqual(expect.arrayContaining(['certificates:read']));
      expect(tokens.refresh_token).toBeDefined();

      const bearer = { authorization: `Bearer ${tokens.access_token}` };
      const me = await fetch(`${base}/api/v1/me`, { headers: bearer });
      expect(await me.json()).toMatchObject({ accountId: user.id, method: 'oauth' });
      const certificates = await fetch(`${base}/api/v1/me/certificates`, { headers: bearer });
      expect(certificates.status, await certificates.clone().text()).toBe(200);
      expect(JSON.stringify(await certificates.json())).toContain(issued.serial);
      const pin = await fetch(`${base}/api/v1/me/certificates/${issued.serial}/pin`, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify({ oldPin: TEST_PIN.pin, newPin: '87654321' }),
      });
      expect(pin.status).toBe(403);
      expect(await pin.json()).toMatchObject({ code: 'INSUFFICIENT_SCOPE', requiredScope: 'keys:pin' });

      const refreshed = await oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, insecure),
      );
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
      // A rotated refresh token used again means it leaked: the whole grant ends, the newest refresh token too.
      const reused = await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, insecure);
      expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
      const afterReuse = await oauth.refreshTokenGrantRequest(
        as,
        client,
        auth,
        refreshed.refresh_token!,
        insecure,
      );
      expect(await afterReuse.json()).toMatchObject({ error: 'invalid_grant' });
      const after = await fetch(`${base}/api/v1/me`, {
        headers: { authorization: `Bearer ${refreshed.access_token}` },
      });
      expect(after.status).toBe(401);
      expect(await after.json()).toMatchObject({ code: 'INVALID_TOKEN' });

      // The provider's events are audited right after its own write, so the test waits for them.
      const oauthActions = async () =>
        (
          await db.query<{ action: string }>(
            "SELECT action FROM audit_log WHERE action LIKE 'oauth.%' AND actor = $1 ORDER BY seq",
            [`user:${user.id}`],
          )
        ).rows.map((row) => row.action);
      await expect
        .poll(oauthActions)
        .toEqual(['oauth.consent.approve', 'oauth.grant', 'oauth.grant', 'oauth.grant.revoke']);
    });

    it('a token without the route scope gets 403 INSUFFICIENT_SCOPE; once revoked (RFC 7009) it is INVALID_TOKEN', async () => {
      const { client, auth } = await codeClient(['openid', 'signing']);
      const { user, session } = await userWithSession('oauth-scope');
      const { url, verifier, state } = await authorizationUrl(client, 'openid signing');
      const callback = await authorize(url, session, true);
      const params = oauth.validateAuthResponse(as, client, callback, state);
      const tokens = await oauth.processAuthorizationCodeResponse(
        as,
        client,
        await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, verifier, insecure),
      );
      const certificates = await fetch(`${base}/api/v1/me/certificates`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(certificates.status).toBe(403);
      expect(await certificates.json()).toMatchObject({
        code: 'INSUFFICIENT_SCOPE',
        requiredScope: 'certificates:read',
      });
      const bearer = { authorization: `Bearer ${tokens.access_token}` };
      expect((await fetch(`${base}/api/v1/me`, { headers: bearer })).status).toBe(200);

      await oauth.processRevocationResponse(
        await oauth.revocationRequest(as, client, auth, tokens.access_token, insecure),
      );
      const after = await fetch(`${base}/api/v1/me`, { headers: bearer });
      expect(after.status).toBe(401);
      expect(await after.json()).toMatchObject({ code: 'INVALID_TOKEN' });
      const revocations = async () =>
        (
          await db.query('SELECT 1 FROM audit_log WHERE action = $1 AND actor = $2', [
            'oauth.token.revoke',
            `user:${user.id}`,
          ])
        ).rows.length;
      await expect.poll(revocations).toBe(1);
    });

    it('the user refuses → access_denied at the redirect URI, and the refusal is audited', async () => {
      const { client } = await codeClient(['openid']);
      const { user, session } = await userWithSession('oauth-deny');
      const { url, state } = await authorizationUrl(client, 'openid');
      const callback = await authorize(url, session, false);
      expect(callback.searchParams.get('error')).toBe('access_denied');
      expect(callback.searchParams.get('state')).toBe(state);
      const { rows } = await db.query('SELECT 1 FROM audit_log WHERE action = $1 AND actor = $2', [
        'oauth.consent.deny',
        `user:${user.id}`,
      ]);
      expect(rows).toHaveLength(1);
    });

    it('a wrong PKCE verifier is refused at the token endpoint', async () => {
      const { client, auth } = await codeClient(['openid']);
      const { session } = await userWithSession('oauth-pkce');
      const { url, state } = await authorizationUrl(client, 'openid');
      const params = oauth.validateAuthResponse(as, client, await authorize(url, session, true), state);
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        client,
        auth,
        params,
        REDIRECT_URI,
        oauth.generateRandomCodeVerifier(),
        insecure,
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    });

    it('refuses an unregistered redirect URI (no redirect to it), a scope the client is not allowed, and a request without PKCE', async () => {
      const { client } = await codeClient(['openid']);
      const { url: openRedirect } = await authorizationUrl(client, 'openid', {
        redirect_uri: 'https://attacker.example/callback',
      });
      const refused = await fetch(openRedirect, { redirect: 'manual' });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('location')).toBeNull();
      expect(await refused.json()).toMatchObject({ error: 'invalid_redirect_uri' });

      const { url: escalation } = await authorizationUrl(client, 'openid signing');
      const escalated = await fetch(escalation, { redirect: 'manual' });
      const location = new URL(escalated.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
      expect(location.searchParams.get('error')).toBe('invalid_scope');

      const { url: withoutPkce } = await authorizationUrl(client, 'openid');
      withoutPkce.searchParams.delete('code_challenge');
      withoutPkce.searchParams.delete('code_challenge_method');
      const plain = new URL((await fetch(withoutPkce, { redirect: 'manual' })).headers.get('location')!);
      expect(plain.searchParams.get('error')).toBe('invalid_request');
    });

    it('PAR with CSC credential details: the consent page shows the documents, the token carries them (introspection)', async () => {
      const { client, auth, clientId } = await codeClient(['credential']);
      const { session, issued } = await userWithSession('oauth-rar');
      const details = [
        {
          type: 'credential',
          credentialID: issued.serial,
          hashAlgorithmOID: '2.16.840.1.101.3.4.2.1',
          documentDigests: [{ hash: 'sTOgwOm+474gFj0q0x1iSNspKqbcse4IeiqlDg/HWuI=', label: 'Договор № 7' }],
        },
      ];
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const pushed = await oauth.processPushedAuthorizationResponse(
        as,
        client,
        await oauth.pushedAuthorizationRequest(
          as,
          client,
          auth,
          new URLSearchParams({
            redirect_uri: REDIRECT_URI,
            response_type: 'code',
            scope: 'credential',
            state,
            code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
            code_challenge_method: 'S256',
            authorization_details: JSON.stringify(details),
          }),
          insecure,
        ),
      );
      const url = new URL(as.authorization_endpoint!);
      url.searchParams.set('client_id', clientId);
      url.searchParams.set('request_uri', pushed.request_uri);
      // Approving a signature request authorises it there and then, with the key's PIN (CSC oauth2code).
      const callback = await authorize(
        url,
        session,
        true,
        (consent) => {
          expect(consent.authorizationDetails).toEqual(details);
        },
        { pin: TEST_PIN.pin },
      );
      const params = oauth.validateAuthResponse(as, client, callback, state);
      const tokens = await oauth.processAuthorizationCodeResponse(
        as,
        client,
        await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, verifier, insecure),
      );
      expect(tokens.authorization_details).toEqual(details);
      const introspected = await oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth, tokens.access_token, insecure),
      );
      expect(introspected).toMatchObject({ active: true, authorization_details: details });
      const other = await registerClient({
        name: 'Чужой',
        grantTypes: ['client_credentials'],
        scopes: ['service'],
      });
      const otherClient = { client_id: other.clientId };
      const peeked = await oauth.processIntrospectionResponse(
        as,
        otherClient,
        await oauth.introspectionRequest(
          as,
          otherClient,
          oauth.ClientSecretBasic(other.secret),
          tokens.access_token,
          insecure,
        ),
      );
      expect(peeked).toEqual({ active: false });

      const bad = await oauth.pushedAuthorizationRequest(
        as,
        client,
        auth,
        new URLSearchParams({
          redirect_uri: REDIRECT_URI,
          response_type: 'code',
          scope: 'credential',
          code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          authorization_details: JSON.stringify([{ ...details[0], documentDigests: [{ hash: 42 }] }]),
        }),
        insecure,
      );
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: 'invalid_authorization_details' });
    });

    it('administrators manage clients: secret shown once, rotation, disabling revokes, every change audited', async () => {
      const created = await api.app.inject({
        method: 'POST',
        url: '/api/v1/oauth-clients',
        headers: admin,
        payload: {
          name: 'CRM',
          redirectUris: ['http://evil.example/cb'],
          grantTypes: ['authorization_code'],
          scopes: ['openid'],
        },
      });
      expect(created.json()).toMatchObject({ status: 400, code: 'OAUTH_CLIENT_INVALID' });
      const { clientId, secret } = await registerClient({
        name: 'CRM',
        grantTypes: ['client_credentials'],
        scopes: ['service'],
      });
      expect(secret).toMatch(/^pdpcs_/);
      const listed = await api.app.inject({ method: 'GET', url: '/api/v1/oauth-clients', headers: admin });
      expect(listed.body).toContain(clientId);
      expect(listed.body).not.toContain(secret);
      const byUser = await api.app.inject({
        method: 'GET',
        url: '/api/v1/oauth-clients',
        headers: api.operator,
      });
      expect(byUser.json()).toMatchObject({ code: 'FORBIDDEN' });

      const rotated = await api.app.inject({
        method: 'POST',
        url: `/api/v1/oauth-clients/${clientId}/secret`,
        headers: admin,
      });
      const newSecret = rotated.json<{ clientSecret: string }>().clientSecret;
      const client = { client_id: clientId };
      const grant = (s: string) =>
        oauth.clientCredentialsGrantRequest(
          as,
          client,
          oauth.ClientSecretBasic(s),
          new URLSearchParams(),
          insecure,
        );
      expect((await grant(secret)).status).toBe(401);
      const token = await oauth.processClientCredentialsResponse(as, client, await grant(newSecret));

      const disabled = await api.app.inject({
        method: 'PATCH',
        url: `/api/v1/oauth-clients/${clientId}`,
        headers: admin,
        payload: { disabled: true },
      });
      expect(disabled.json()).toMatchObject({ disabled: true });
      expect((await grant(newSecret)).status).toBe(401);
      const { rows: left } = await db.query('SELECT 1 FROM oauth_models WHERE id = $1', [token.access_token]);
      expect(left).toHaveLength(0);

      const deleted = await api.app.inject({
        method: 'DELETE',
        url: `/api/v1/oauth-clients/${clientId}`,
        headers: admin,
      });
      expect(deleted.statusCode).toBe(204);
      const gone = await api.app.inject({
        method: 'GET',
        url: `/api/v1/oauth-clients/${clientId}`,
        headers: admin,
      });
      expect(gone.json()).toMatchObject({ status: 404, code: 'OAUTH_CLIENT_NOT_FOUND' });
      const clientActions = async () =>
        (
          await db.query<{ action: string }>('SELECT action FROM audit_log WHERE target = $1 ORDER BY seq', [
            `oauth-client:${clientId}`,
          ])
        ).rows.map((row) => row.action);
      await expect
        .poll(clientActions)
        .toEqual([
          'oauth-client.create',
          'oauth-client.rotate-secret',
          'oauth.grant',
          'oauth-client.update',
          'oauth-client.delete',
        ]);
      const { rows: secrets } = await db.query('SELECT 1 FROM audit_log WHERE details::text LIKE $1', [
        `%${newSecret}%`,
      ]);
      expect(secrets).toHaveLength(0);
    });
  },
);
