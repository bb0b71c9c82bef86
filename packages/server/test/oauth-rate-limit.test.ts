import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { setUpTestAuthorities } from './support/authority.js';
import { backends } from './support/backends.js';
import { OAuthFlow } from './support/oauth-flow.js';

/** The token endpoint's limits, low enough to reach: 3 requests a minute per client, 5 per address. */
const LIMITS = { perClient: 3, perIp: 5 };

describe.each(backends)('rate limits of the OAuth token endpoints on $name', (backend) => {
  let db: Db;
  let ctx: AuthorityContext;
  let flow: OAuthFlow;

  beforeAll(async () => {
    db = await backend.open();
    ({ ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' }));
    flow = await OAuthFlow.start(db, ctx, { auth: { oauthTokenRateLimit: LIMITS } });
  }, 120_000);
  afterAll(async () => {
    await flow.close();
    await db.close();
  });

  const token = (client: { clientId: string; secret: string }, path = '/oauth2/token') =>
    fetch(`${flow.base}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: path === '/oauth2/token' ? 'grant_type=client_credentials&scope=service' : 'token=nothing',
    });

  it('per client id, wrong secrets counted too, then per address: 429 slow_down with Retry-After', async () => {
    const first = await flow.registerClient({
      name: 'Учётная система',
      grantTypes: ['client_credentials'],
      scopes: ['service'],
    });
    const second = await flow.registerClient({
      name: 'CRM',
      grantTypes: ['client_credentials'],
      scopes: ['service'],
    });

    expect((await token(first)).status).toBe(200);
    expect((await token({ ...first, secret: 'guessed' })).status).toBe(401);
    expect((await token(first, '/oauth2/token/introspection')).status).toBe(200);
    const limited = await token(first);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.headers.get('cache-control')).toBe('no-store');
    expect(await limited.json()).toMatchObject({ error: 'slow_down' });

    // Another client from the same address still gets its token, until the address's own limit.
    expect((await token(second)).status).toBe(200);
    const byAddress = await token(second);
    expect(byAddress.status).toBe(429);
    expect(await byAddress.json()).toMatchObject({
      error: 'slow_down',
      error_description: expect.stringContaining('from this address') as unknown,
    });
    // Discovery and the rest of the provider are not counted.
    const discovery = await fetch(`${flow.base}/oauth2/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
  });
});
