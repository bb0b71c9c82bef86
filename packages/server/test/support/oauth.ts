import * as oauth from 'oauth4webapi';
import { freePort } from '@podpis/testkit';
import { expect } from 'vitest';
import type { AuthorityContext } from '../../src/ca/authorities.js';
import type { Db } from '../../src/db/db.js';
import type { TlsMaterial } from '../../src/http/tls.js';
import { staffWithCertificate, TestApi } from './api.js';

/**
 * What the OAuth tests share (the server's oauth and csc-oauth tests, the
 * SDK's CSC end-to-end test): the application listening on a loopback port
 * its public URL (and so the issuer) names, an administrator registering
 * clients, and the cookies a browser keeps between the authorisation server
 * and the office.
 */

/** Where the tests' clients say they are redirected back to (never fetched). */
export const REDIRECT_URI = 'https://rp.example/callback';

/** The test server speaks plain HTTP on a loopback port; production is HTTPS only. */
// eslint-disable-next-line @typescript-eslint/no-deprecated -- the test's server is plain HTTP on loopback
export const insecure = { [oauth.allowInsecureRequests]: true } as const;

/** The few cookies a browser keeps between the authorisation server and the office. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
  header(extra?: string): string {
    return [...[...this.#cookies].map(([name, value]) => `${name}=${value}`), ...(extra ? [extra] : [])].join(
      '; ',
    );
  }
}

export interface OAuthServer {
  api: TestApi;
  /** The public URL the application listens at (http://127.0.0.1:port, or https://localhost:port with `tls`). */
  base: string;
  /** An administrator's headers (client certificate). */
  admin: Record<string, string>;
}

/**
 * The application listening on a free loopback port, plain HTTP unless
 * `tls` is given (then at https://localhost), and an administrator.
 */
export async function startOAuthServer(
  db: Db,
  ctx: AuthorityContext,
  options: { tls?: TlsMaterial } = {},
): Promise<OAuthServer> {
  const port = await freePort();
  const base = options.tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;
  const api = await TestApi.start(ctx, { publicUrl: base, ...(options.tls ? { tls: options.tls } : {}) });
  await api.app.listen({ host: '127.0.0.1', port });
  const { der } = await staffWithCertificate(db, 'admin');
  const admin = {
    'x-test-client-certificate': Buffer.from(der).toString('base64'),
    'x-requested-with': 'podpis-test',
  };
  return { api, base, admin };
}

/** The authorisation server's metadata, as a client discovers it (RFC 8414). */
export async function discoverPlainHttp(base: string): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(`${base}/oauth2`);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
}

/** An administrator registers an OAuth client → its id and secret (shown once). */
export async function registerOAuthClient(
  server: OAuthServer,
  body: Record<string, unknown>,
): Promise<{ clientId: string; secret: string }> {
  const created = await server.api.app.inject({
    method: 'POST',
    url: '/api/v1/oauth-clients',
    headers: server.admin,
    payload: body,
  });
  expect(created.statusCode, created.body).toBe(201);
  const { client, clientSecret } = created.json<{ client: { clientId: string }; clientSecret: string }>();
  return { clientId: client.clientId, secret: clientSecret };
}
