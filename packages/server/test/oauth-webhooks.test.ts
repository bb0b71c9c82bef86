import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import type { WebhookContext } from '../src/webhooks/context.js';
import { deliverDueWebhooks } from '../src/webhooks/deliveries.js';
import { enqueueWebhookEvent } from '../src/webhooks/events.js';
import { webhookUrlPolicy } from '../src/webhooks/url-policy.js';
import { setUpTestAuthorities } from './support/authority.js';
import { backends } from './support/backends.js';
import { OAuthFlow, REDIRECT_URI } from './support/oauth-flow.js';

/** `receiver.test` names a loopback port nobody listens on: the tests look at the deliveries made, not at their answers. */
const policy = webhookUrlPolicy(['receiver.test'], () =>
  Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
);
const HOOK = 'http://receiver.test:9/hook';

describe.each(backends)('webhooks of an OAuth client (client credentials) on $name', (backend) => {
  let db: Db;
  let ctx: AuthorityContext;
  let flow: OAuthFlow;
  let webhooks: WebhookContext;

  beforeAll(async () => {
    db = await backend.open();
    ({ ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' }));
    flow = await OAuthFlow.start(db, ctx, { webhookPolicy: policy });
    webhooks = { db, sealer: ctx.keyStore, policy, now: () => new Date() };
  }, 120_000);
  afterAll(async () => {
    await flow.close();
    await db.close();
  });

  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${flow.base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: response.status,
      body: (await response.json().catch(() => null)) as Record<string, unknown>,
    };
  };

  async function announce(accountId: string | null): Promise<void> {
    await db.transaction((tx) =>
      enqueueWebhookEvent(tx, { type: 'certificate.issued', accountId, data: { about: accountId } }),
    );
  }

  async function deliveriesOf(subscriptionId: string): Promise<string[]> {
    const { rows } = await db.query<{ body: string }>(
      'SELECT body FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY created_at',
      [subscriptionId],
    );
    return rows.map((row) => String((JSON.parse(row.body) as { data: { about: unknown } }).data.about));
  }

  it('manages only its own subscriptions, hears only about users who granted it consent, and stops with the client', async () => {
    const client = await flow.registerClient({
      name: 'ЭДО «Ромашка»',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'client_credentials'],
      scopes: ['openid', 'webhooks', 'certificates:read'],
    });
    const token = await flow.clientToken(client, 'webhooks');

    const created = await call(token, 'POST', '/webhooks', { url: HOOK, eventTypes: ['certificate.issued'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ clientId: client.clientId, ownerAccountId: null, scope: 'own' });
    expect(created.body.secret).toMatch(/^whsec_/);
    const subscriptionId = created.body.id as string;

    // A user's own subscription is not the client's business, nor the client's the user's.
    const granting = await flow.api.registerUser('granting-user');
    const other = await flow.api.registerUser('other-user');
    const session = await flow.api.userSession(granting);
    const mine = await flow.api.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: session,
      payload: { url: HOOK, eventTypes: ['certificate.issued'] },
    });
    expect(mine.statusCode, mine.body).toBe(201);
    const listed = await call(token, 'GET', '/webhooks');
    expect((listed.body as unknown as { id: string }[]).map((s) => s.id)).toEqual([subscriptionId]);
    expect((await call(token, 'GET', `/webhooks/${mine.json<{ id: string }>().id}`)).status).toBe(404);
    const usersList = await flow.api.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: session });
    expect(usersList.body).not.toContain(subscriptionId);
    const adminList = await flow.api.app.inject({
      method: 'GET',
      url: '/api/v1/webhooks',
      headers: flow.admin,
    });
    expect(adminList.body).toContain(subscriptionId);

    // Changes are the client's, audited in its name.
    expect((await call(token, 'PATCH', `/webhooks/${subscriptionId}`, { description: 'ЭДО' })).status).toBe(
      200,
    );
    const { rows: audited } = await db.query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE target = $1 ORDER BY seq`,
      [`webhook:${subscriptionId}`],
    );
    expect(audited.map((row) => row.actor)).toEqual([
      `oauth-client:${client.clientId}`,
      `oauth-client:${client.clientId}`,
    ]);

    // Only events about the user who granted the client consent reach it; events about nobody never.
    await flow.consent(client, session, 'openid certificates:read');
    await announce(granting.id);
    await announce(other.id);
    await announce(null);
    await deliverDueWebhooks(webhooks, { timeoutMs: 500 });
    expect(await deliveriesOf(subscriptionId)).toEqual([granting.id]);

    // A token without the scope, or acting for a user, manages nothing here.
    const unscoped = await flow.clientToken(client, 'certificates:read');
    expect(await call(unscoped, 'GET', '/webhooks')).toMatchObject({
      status: 403,
      body: { code: 'INSUFFICIENT_SCOPE', requiredScope: 'webhooks' },
    });
    expect((await call(token, 'GET', '/me')).status).toBe(401);

    // Disabling the client disables its subscriptions in the same change: nothing more is fanned out.
    const disabled = await flow.api.app.inject({
      method: 'PATCH',
      url: `/api/v1/oauth-clients/${client.clientId}`,
      headers: flow.admin,
      payload: { disabled: true },
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    const { rows: after } = await db.query<{ enabled: boolean }>(
      'SELECT enabled FROM webhook_subscriptions WHERE id = $1',
      [subscriptionId],
    );
    expect(after).toEqual([{ enabled: false }]);
    expect((await call(token, 'GET', '/webhooks')).status).toBe(401);
    await announce(granting.id);
    await deliverDueWebhooks(webhooks, { timeoutMs: 500 });
    expect(await deliveriesOf(subscriptionId)).toEqual([granting.id]);

    // Deleting it deletes them; the user's own stays.
    const deleted = await flow.api.app.inject({
      method: 'DELETE',
      url: `/api/v1/oauth-clients/${client.clientId}`,
      headers: flow.admin,
    });
    expect(deleted.statusCode, deleted.body).toBe(204);
    const { rows: left } = await db.query<{ id: string; client_id: string | null }>(
      'SELECT id, client_id FROM webhook_subscriptions',
    );
    expect(left).toEqual([{ id: mine.json<{ id: string }>().id, client_id: null }]);
    const { rows: trail } = await db.query<{ action: string; actor: string }>(
      `SELECT action, actor FROM audit_log WHERE target = $1 ORDER BY seq`,
      [`webhook:${subscriptionId}`],
    );
    expect(trail.map((row) => row.action)).toEqual([
      'webhook.create',
      'webhook.update',
      'webhook.update',
      'webhook.delete',
    ]);
  });
});
