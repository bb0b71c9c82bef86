import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { SoftwareKeyStore } from '../src/keystore/index.js';
import { registerOperator } from '../src/people/accounts.js';
import type { WebhookContext } from '../src/webhooks/context.js';
import { deliverDueWebhooks } from '../src/webhooks/deliveries.js';
import { enqueueWebhookEvent } from '../src/webhooks/events.js';
import { createSubscription } from '../src/webhooks/subscriptions.js';
import { webhookUrlPolicy } from '../src/webhooks/url-policy.js';
import { backends } from './support/backends.js';

/** A receiver that answers 200 after `delayMs`, counting requests in flight. */
async function slowReceiver(delayMs: number) {
  const state = { ids: [] as string[], inFlight: 0, maxInFlight: 0, bodies: [] as string[] };
  const server: Server = createServer((request, response) => {
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.ids.push(String(request.headers['webhook-id']));
      state.bodies.push(Buffer.concat(chunks).toString('utf8'));
      setTimeout(() => {
        state.inFlight -= 1;
        response.end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

describe.each(backends)('webhook delivery on $name', (backend) => {
  const opened: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const resource of opened.splice(0).reverse()) await resource.close();
  });

  async function setUp(delayMs: number) {
    const db: Db = await backend.open();
    opened.push(db);
    await migrate(db);
    const receiver = await slowReceiver(delayMs);
    opened.push(receiver);
    const ctx: WebhookContext = {
      db,
      sealer: new SoftwareKeyStore({ db, masterKey: randomBytes(32) }),
      policy: webhookUrlPolicy(['127.0.0.1']),
      now: () => new Date(),
    };
    const admin = await registerOperator(
      db,
      { login: `admin-${randomBytes(3).toString('hex')}`, role: 'admin' },
      { actor: 'system' },
    );
    await createSubscription(
      ctx,
      { accountId: admin.id, role: 'admin' },
      { url: receiver.url, eventTypes: ['certificate.revoked'] },
      { actor: `admin:${admin.id}` },
    );
    const announce = async (count: number) => {
      for (let i = 0; i < count; i++) {
        await db.transaction((tx) =>
          enqueueWebhookEvent(tx, {
            type: 'certificate.revoked',
            accountId: null,
            data: { serial: `0${i}` },
          }),
        );
      }
    };
    return { ctx, receiver, announce, admin };
  }

  it('two nodes delivering at once send each message once (claims skip what the other holds)', async () => {
    const { ctx, receiver, announce } = await setUp(50);
    await announce(8);
    const nodeA = { ...ctx };
    const nodeB = { ...ctx };
    const passes = await Promise.all([
      deliverDueWebhooks(nodeA, { batch: 2 }),
      deliverDueWebhooks(nodeB, { batch: 2 }),
    ]);
    expect(passes[0].delivered + passes[1].delivered).toBe(8);
    expect(receiver.state.ids).toHaveLength(8);
    expect(new Set(receiver.state.ids).size).toBe(8);
    const { rows } = await ctx.db.query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM webhook_deliveries',
    );
    expect(rows).toHaveLength(8);
    expect(rows.every((row) => row.status === 'delivered' && row.attempts === 1)).toBe(true);
  });

  it('sends at most `concurrency` attempts at once', async () => {
    const { ctx, receiver, announce } = await setUp(150);
    await announce(9);
    const pass = await deliverDueWebhooks(ctx, { concurrency: 3 });
    expect(pass.delivered).toBe(9);
    expect(receiver.state.maxInFlight).toBe(3);
  });

  it("a disabled account's subscriptions hear nothing", async () => {
    const { ctx, receiver, announce, admin } = await setUp(0);
    await ctx.db.query("UPDATE accounts SET status = 'disabled' WHERE id = $1", [admin.id]);
    await announce(2);
    const pass = await deliverDueWebhooks(ctx);
    expect(pass).toMatchObject({ events: 2, delivered: 0 });
    expect(receiver.state.ids).toEqual([]);
  });
});
