import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { changeStatusInTransaction } from '../src/ca/certificates.js';
import type { Queryable } from '../src/db/db.js';
import { WebhookJob } from '../src/jobs/webhook-job.js';
import { createLogger } from '../src/logger.js';
import type { WebhookContext } from '../src/webhooks/context.js';
import { resolveWebhookTarget, webhookUrlPolicy } from '../src/webhooks/url-policy.js';
import { staffWithCertificate, TEST_PIN } from './support/api.js';
import { SigningFixture, type Headers, type Operation } from './support/signing.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

/**
 * Webhooks end to end: a real receiver on 127.0.0.1, reached by the name
 * `receiver.test`, which the allow-list names; subscriptions made over the
 * API; the delivery job run by hand; signatures checked by the reference
 * library `standardwebhooks`.
 */

/** Names the tests resolve themselves (the rest go to the system's resolver); `rebind.test` changes its answer. */
const names = new Map<string, string[]>([
  ['receiver.test', ['127.0.0.1']],
  ['loopback.test', ['127.0.0.1']],
  ['mixed.test', ['93.184.216.34', '10.0.0.7']],
  ['rebind.test', ['93.184.216.34']],
]);
const policy = webhookUrlPolicy(['receiver.test'], async (host: string) => {
  const known = names.get(host);
  if (known) return known.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const { lookup } = await import('node:dns/promises');
  return lookup(host, { all: true, verbatim: true });
});

const SHA256_DIGEST = createHash('sha256').update('contract').digest('hex');

describe('webhooks', () => {
  let f: SigningFixture;
  let receiver: WebhookReceiver;
  let admin: Headers;
  let operator: Headers;
  let job: WebhookJob;
  let ctx: WebhookContext;
  const logs: string[] = [];

  beforeAll(async () => {
    const logger = createLogger(
      'trace',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    f = await SigningFixture.start({ webhookPolicy: policy, logger });
    receiver = await WebhookReceiver.start();
    const { der } = await staffWithCertificate(f.db, 'admin');
    admin = { 'x-test-client-certificate': Buffer.from(der).toString('base64'), 'x-requested-with': 'test' };
    operator = f.api.operator;
    ctx = { db: f.db, sealer: f.ctx.keyStore, policy, now: f.ctx.now };
    job = new WebhookJob(ctx, { logger, timeoutMs: 2000 });
  }, 120_000);

  afterAll(async () => {
    await receiver.close();
    await f.close();
  });

  beforeEach(async () => {
    // Each test hears only its own events: earlier subscriptions go, and events still queued are fanned out to nobody.
    f.clockOffset = 0;
    await f.db.query('DELETE FROM webhook_subscriptions');
    await job.runOnce();
    receiver.received.length = 0;
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const hook = (path = 'hook') => `http://receiver.test:${receiver.port}/${path}`;

  async function subscribe(headers: Headers, eventTypes: string[], url = hook()) {
    const response = await f.api.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers,
      payload: { url, eventTypes, description: 'EDO' },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; secret: string; scope: string }>();
  }

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    headers: Headers,
    payload?: object,
  ) => f.api.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function deliveries(headers: Headers, id: string) {
    const response = await inject('GET', `/api/v1/webhooks/${id}/deliveries`, headers);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{
      items: {
        id: string;
        messageId: string;
        eventType: string;
        status: string;
        attempts: number;
        lastStatusCode: number | null;
        lastError: string | null;
        lastResponseMs: number | null;
      }[];
      total: number;
    }>();
  }

  it('an administrator hears a certificate issued and revoked, signed as Standard Webhooks has it; an old message is refused as a replay', async () => {
    const subscription = await subscribe(admin, ['certificate.issued', 'certificate.revoked']);
    expect(subscription.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(subscription.scope).toBe('all');

    const user = await f.api.registerUser(`wh-${randomBytes(3).toString('hex')}`);
    const issued = await f.api.issue(user.id, TEST_PIN);
    const revoked = await f.api.operatorPost(`/api/v1/certificates/${issued.serial}/revoke`, {
      reason: 'keyCompromise',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    // Nothing is sent by the requests themselves: only the job delivers.
    expect(receiver.received).toHaveLength(0);

    const run = await job.runOnce();
    expect(run).toMatchObject({ leader: true, value: { delivered: 2, failed: 0 } });
    const verifier = new Webhook(subscription.secret);
    const verified = receiver.received.map(
      (r) => verifier.verify(r.body, r.webhookHeaders) as { type: string; data: Record<string, unknown> },
    );
    expect(verified.map((e) => e.type)).toEqual(['certificate.issued', 'certificate.revoked']);
    expect(verified[0]!.data).toMatchObject({ serial: issued.serial, accountId: user.id, status: 'valid' });
    expect(verified[1]!.data).toMatchObject({
      serial: issued.serial,
      status: 'revoked',
      reason: 'keyCompromise',
    });
    const first = receiver.received[0]!;
    expect(first.webhookHeaders['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(first.webhookHeaders['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers.host).toBe(`receiver.test:${receiver.port}`);
    // Another secret does not verify it.
    expect(() =>
      new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(first.body, first.webhookHeaders),
    ).toThrow(/No matching signature/);
    // The same message replayed ten minutes later is too old for the receiver's tolerance.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10 * 60_000);
    expect(() => verifier.verify(first.body, first.webhookHeaders)).toThrow(/too old/);
    vi.useRealTimers();

    // The secret is never shown again: not in listings, the delivery log, the audit log or the logs.
    const listed = await inject('GET', '/api/v1/webhooks', admin);
    const one = await inject('GET', `/api/v1/webhooks/${subscription.id}`, admin);
    const log = await deliveries(admin, subscription.id);
    expect(log.items.map((d) => d.status)).toEqual(['delivered', 'delivered']);
    expect(log.items[0]).toMatchObject({ lastStatusCode: 200, attempts: 1 });
    const audit = await f.db.query<{ details: unknown }>('SELECT details FROM audit_log WHERE target = $1', [
      `webhook:${subscription.id}`,
    ]);
    const base64 = subscription.secret.slice('whsec_'.length);
    for (const text of [
      listed.body,
      one.body,
      JSON.stringify(log),
      JSON.stringify(audit.rows),
      logs.join(''),
    ]) {
      expect(text).not.toContain(base64);
    }
    expect(Object.keys(listed.json<object[]>()[0]!)).not.toContain('secret');
    expect(await f.audited('webhook.create', `webhook:${subscription.id}`)).toBe(1);
  });

  it("a user's subscription hears their own signing operation created, confirmed and completed — and nothing of another user's", async () => {
    const alice = await f.holder(`wh-alice-${randomBytes(3).toString('hex')}`, 'ecdsa-p256');
    const bob = await f.holder(`wh-bob-${randomBytes(3).toString('hex')}`, 'ecdsa-p256');
    const all = [
      'operation.awaiting_confirmation',
      'operation.confirmed',
      'operation.completed',
      'certificate.revoked',
    ];
    const alices = await subscribe(alice.session, all, hook('alice'));
    expect(alices.scope).toBe('own');
    await subscribe(bob.session, all, hook('bob'));

    const created = await f.create(alice.session, {
      certificate: alice.serial,
      format: 'raw',
      documents: [{ name: 'contract.pdf', digest: SHA256_DIGEST }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<Operation>();
    expect((await f.confirm(alice.session, id)).statusCode).toBe(200);
    await job.runOnce();

    // Only Alice's URL was called.
    expect(receiver.received.map((r) => r.url)).toEqual(['/alice', '/alice', '/alice']);
    const verifier = new Webhook(alices.secret);
    const events = receiver.received.map(
      (r) => verifier.verify(r.body, r.webhookHeaders) as { type: string; data: Record<string, unknown> },
    );
    expect(events.map((e) => e.type)).toEqual([
      'operation.awaiting_confirmation',
      'operation.confirmed',
      'operation.completed',
    ]);
    expect(events[2]!.data).toEqual({
      operationId: id,
      kind: 'signing',
      accountId: alice.user.id,
      certificateSerial: alice.serial,
      status: 'completed',
      links: { self: `/api/v1/signing-operations/${id}` },
    });
    // Bob's subscription exists and is enabled, but heard nothing of Alice's.
    const bobs = await inject('GET', '/api/v1/webhooks', bob.session);
    const bobId = bobs.json<{ id: string }[]>()[0]!.id;
    expect((await deliveries(bob.session, bobId)).total).toBe(0);
    // Neither sees the other's subscription.
    expect((await inject('GET', `/api/v1/webhooks/${alices.id}`, bob.session)).json()).toMatchObject({
      status: 404,
      code: 'WEBHOOK_NOT_FOUND',
    });
  });

  it('an operation left to expire is announced once; a bearer token needs the webhooks scope; operators may not subscribe', async () => {
    const holder = await f.holder(`wh-exp-${randomBytes(3).toString('hex')}`, 'ecdsa-p256');
    const token = async (scopes: string[]) => {
      const response = await inject('POST', '/api/v1/session/tokens', holder.session, {
        name: `t${scopes.length}`,
        scopes,
      });
      expect(response.statusCode, response.body).toBe(201);
      return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
    };
    const unscoped = await token(['signing']);
    expect(
      (
        await inject('POST', '/api/v1/webhooks', unscoped, { url: hook(), eventTypes: ['operation.expired'] })
      ).json(),
    ).toMatchObject({ status: 403, code: 'INSUFFICIENT_SCOPE', requiredScope: 'webhooks' });
    const subscription = await subscribe(await token(['webhooks']), ['operation.expired']);
    expect(
      (
        await inject('POST', '/api/v1/webhooks', operator, { url: hook(), eventTypes: ['operation.expired'] })
      ).json(),
    ).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });

    const created = await f.create(holder.session, {
      certificate: holder.serial,
      format: 'raw',
      expiresIn: 60,
      documents: [{ name: 'a', digest: SHA256_DIGEST }],
    });
    expect(created.statusCode, created.body).toBe(201);
    f.clockOffset = 2 * 60_000;
    const runs = [await job.runOnce(), await job.runOnce()];
    expect(runs.map((run) => (run.leader ? run.value.expired : -1))).toEqual([1, 0]);
    expect(receiver.events().map((e) => [e.type, e.data.operationId])).toEqual([
      ['operation.expired', created.json<Operation>().id],
    ]);
    // Signed at the fixture's clock, two minutes ahead: within the receiver's tolerance of five.
    const [message] = receiver.received;
    expect(new Webhook(subscription.secret).verify(message!.body, message!.webhookHeaders)).toBeTruthy();
  });

  it('an operation its holder cancels is announced as operation.cancelled, once; a second cancel announces nothing', async () => {
    const holder = await f.holder(`wh-cancel-${randomBytes(3).toString('hex')}`, 'ecdsa-p256');
    await subscribe(holder.session, ['operation.cancelled', 'operation.expired']);
    const created = await f.create(holder.session, {
      certificate: holder.serial,
      format: 'raw',
      documents: [{ name: 'a', digest: SHA256_DIGEST }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<Operation>().id;
    const cancel = () => inject('DELETE', `/api/v1/signing-operations/${id}`, holder.session);
    expect((await cancel()).statusCode).toBe(204);
    expect((await cancel()).json()).toMatchObject({ code: 'SIGNING_OPERATION_CANCELLED' });
    await job.runOnce();
    expect(receiver.events().map((e) => [e.type, e.data.operationId, e.data.status])).toEqual([
      ['operation.cancelled', id, 'cancelled'],
    ]);
    // A cancelled operation never expires as well.
    f.clockOffset = 20 * 60_000;
    await job.runOnce();
    expect(receiver.events()).toHaveLength(1);
  });

  it('a receiver answering 500, then a redirect, then 200: retried with the same webhook-id until delivered; redirects are not followed', async () => {
    const subscription = await subscribe(admin, ['certificate.suspended']);
    const user = await f.api.registerUser(`wh-${randomBytes(3).toString('hex')}`);
    const issued = await f.api.issue(user.id, TEST_PIN);
    receiver.answer(500, 302, 200);
    expect((await f.api.operatorPost(`/api/v1/certificates/${issued.serial}/suspend`)).statusCode).toBe(200);

    await job.runOnce();
    let [delivery] = (await deliveries(admin, subscription.id)).items;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 500 });
    expect(delivery!.lastError).toMatch(/answered 500/);
    // Not due yet (the first retry waits about 5 s): nothing is sent.
    await job.runOnce();
    expect(receiver.received).toHaveLength(1);

    f.clockOffset = 60_000;
    await job.runOnce();
    [delivery] = (await deliveries(admin, subscription.id)).items;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 2, lastStatusCode: 302 });
    f.clockOffset = 10 * 60_000;
    await job.runOnce();
    [delivery] = (await deliveries(admin, subscription.id)).items;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });
    // Three requests, all to the hook (no request followed the redirect), all with one webhook-id.
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.webhookHeaders['webhook-id']))).toEqual(
      new Set([delivery!.messageId]),
    );
  });

  it('a receiver that never answers slows no API call; the attempt times out and, a day later, the delivery is dead', async () => {
    const subscription = await subscribe(admin, ['certificate.suspended', 'certificate.resumed']);
    const user = await f.api.registerUser(`wh-${randomBytes(3).toString('hex')}`);
    const issued = await f.api.issue(user.id, TEST_PIN);
    receiver.answer('hang');
    expect((await f.api.operatorPost(`/api/v1/certificates/${issued.serial}/suspend`)).statusCode).toBe(200);

    const running = job.runOnce();
    await receiver.waitFor(1);
    // While the job waits on the receiver, the API answers a change that announces another event.
    const started = performance.now();
    const resumed = await f.api.operatorPost(`/api/v1/certificates/${issued.serial}/resume`);
    const took = performance.now() - started;
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(receiver.hanging).toBe(1);
    expect(took).toBeLessThan(1500);
    const run = await running;
    expect(run).toMatchObject({ leader: true, value: { failed: 1 } });
    const [delivery] = (await deliveries(admin, subscription.id)).items;
    expect(delivery).toMatchObject({ status: 'failed', lastStatusCode: null });
    expect(delivery!.lastError).toMatch(/no answer within 2000 ms/);

    // The resume event, then retries, until a day after the first attempt.
    f.clockOffset = 25 * 3600_000;
    receiver.answer(503, 503);
    await job.runOnce();
    const log = await deliveries(admin, subscription.id);
    expect(log.items.find((d) => d.eventType === 'certificate.suspended')).toMatchObject({ status: 'dead' });
  });

  it('redelivery from the log sends the same message again; a test event reaches the URL; a disabled subscription hears nothing', async () => {
    const subscription = await subscribe(admin, ['certificate.revoked']);
    const test = await inject('POST', `/api/v1/webhooks/${subscription.id}/test`, admin);
    expect(test.statusCode, test.body).toBe(202);
    await job.runOnce();
    expect(receiver.events().map((e) => e.type)).toEqual(['webhook.test']);
    const [delivery] = (await deliveries(admin, subscription.id)).items;
    expect(delivery).toMatchObject({ status: 'delivered', eventType: 'webhook.test' });

    const again = await inject(
      'POST',
      `/api/v1/webhooks/${subscription.id}/deliveries/${delivery!.id}/redeliver`,
      admin,
    );
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json()).toMatchObject({ status: 'pending' });
    await job.runOnce();
    expect(receiver.received.map((r) => r.webhookHeaders['webhook-id'])).toEqual([
      delivery!.messageId,
      delivery!.messageId,
    ]);
    expect((await deliveries(admin, subscription.id)).items[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
    });
    expect(await f.audited('webhook.redeliver', `webhook:${subscription.id}`)).toBe(1);
    expect(await f.audited('webhook.test', `webhook:${subscription.id}`)).toBe(1);
    expect(
      (
        await inject(
          'POST',
          `/api/v1/webhooks/${subscription.id}/deliveries/${randomUUIDLike()}/redeliver`,
          admin,
        )
      ).json(),
    ).toMatchObject({ status: 404, code: 'WEBHOOK_DELIVERY_NOT_FOUND' });

    const disabled = await inject('PATCH', `/api/v1/webhooks/${subscription.id}`, admin, { enabled: false });
    expect(disabled.json()).toMatchObject({ enabled: false });
    const user = await f.api.registerUser(`wh-${randomBytes(3).toString('hex')}`);
    const issued = await f.api.issue(user.id, TEST_PIN);
    await f.api.operatorPost(`/api/v1/certificates/${issued.serial}/revoke`, {});
    await job.runOnce();
    expect(receiver.received).toHaveLength(2);
    expect(await f.audited('webhook.update', `webhook:${subscription.id}`)).toBe(1);
  });

  it('a rotated secret is shown once; for a day messages carry signatures by the old and the new secret', async () => {
    const subscription = await subscribe(admin, ['certificate.revoked']);
    const rotated = await inject('POST', `/api/v1/webhooks/${subscription.id}/secret`, admin);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { secret, previousSecretUntil } = rotated.json<{ secret: string; previousSecretUntil: string }>();
    expect(secret).not.toBe(subscription.secret);
    expect(Date.parse(previousSecretUntil) - Date.now()).toBeGreaterThan(23 * 3600_000);
    await inject('POST', `/api/v1/webhooks/${subscription.id}/test`, admin);
    await job.runOnce();
    const [message] = receiver.received;
    expect(message!.webhookHeaders['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const key of [subscription.secret, secret])
      expect(new Webhook(key).verify(message!.body, message!.webhookHeaders)).toBeTruthy();
    expect(await f.audited('webhook.secret_rotate', `webhook:${subscription.id}`)).toBe(1);
  });

  it('refuses URLs that would reach inside the network, at creation and, after a DNS change, at delivery', async () => {
    const refused = async (url: string, code = 'WEBHOOK_URL_NOT_ALLOWED') => {
      const response = await inject('POST', '/api/v1/webhooks', admin, {
        url,
        eventTypes: ['certificate.issued'],
      });
      expect(response.json(), url).toMatchObject({ code });
    };
    await refused(`http://127.0.0.1:${receiver.port}/hook`);
    await refused('https://127.0.0.1/hook');
    await refused('https://10.1.2.3/hook');
    await refused('https://192.168.0.10/hook');
    await refused('https://169.254.169.254/latest/meta-data');
    await refused('https://100.64.0.1/hook');
    await refused('https://[::1]/hook');
    await refused('https://[fd00::1]/hook');
    await refused('https://[::ffff:127.0.0.1]/hook');
    await refused('https://0.0.0.0/hook');
    await refused('https://localhost/hook');
    await refused('https://loopback.test/hook');
    await refused('https://mixed.test/hook');
    await refused('http://93.184.216.34/hook');
    await refused('https://user:secret@receiver.test/hook', 'WEBHOOK_URL_INVALID');
    await refused('ftp://receiver.test/hook', 'WEBHOOK_URL_INVALID');
    await refused('not a url', 'WEBHOOK_URL_INVALID');
    const unknown = await inject('POST', '/api/v1/webhooks', admin, {
      url: hook(),
      eventTypes: ['certificate.exploded'],
    });
    expect(unknown.json()).toMatchObject({ status: 400, code: 'WEBHOOK_EVENT_TYPE_INVALID' });
    expect((await f.db.query('SELECT 1 FROM webhook_subscriptions')).rows).toHaveLength(0);

    // A public name passes at creation; when it later resolves to loopback, the attempt is refused without a request.
    const rebinding = await subscribe(admin, ['certificate.revoked'], 'https://rebind.test/hook');
    names.set('rebind.test', ['127.0.0.1']);
    try {
      await inject('POST', `/api/v1/webhooks/${rebinding.id}/test`, admin);
      await job.runOnce();
    } finally {
      names.set('rebind.test', ['93.184.216.34']);
    }
    const [delivery] = (await deliveries(admin, rebinding.id)).items;
    expect(delivery).toMatchObject({ status: 'failed', lastStatusCode: null });
    expect(delivery!.lastError).toMatch(/^WEBHOOK_URL_NOT_ALLOWED: .*127\.0\.0\.1/);
    expect(receiver.received).toHaveLength(0);
  });

  it('an event exists only if its change commits', async () => {
    const user = await f.api.registerUser(`wh-${randomBytes(3).toString('hex')}`);
    const issued = await f.api.issue(user.id, TEST_PIN);
    const queued = () => queuedIn(f.db);
    const before = await queued();
    await expect(
      f.db.transaction(async (tx) => {
        await changeStatusInTransaction(tx, issued.serial, 'revoke', { actor: 'test' }, f.ctx.now());
        expect(await queuedIn(tx)).toBe(before + 1);
        throw new Error('a later step of the change fails');
      }),
    ).rejects.toThrow(/later step/);
    expect(await queued()).toBe(before);
    // A refused change (resuming a certificate that is not suspended) announces nothing either.
    const refusedResume = await f.api.operatorPost(`/api/v1/certificates/${issued.serial}/resume`);
    expect(refusedResume.json()).toMatchObject({ code: 'CERT_NOT_SUSPENDED' });
    expect(await queued()).toBe(before);
  });
});

async function queuedIn(tx: Queryable): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM outbox WHERE kind = 'webhook.event'",
  );
  return rows[0]!.n;
}

function randomUUIDLike(): string {
  return '00000000-0000-4000-8000-000000000000';
}

describe('the webhook URL policy', () => {
  const noDns = async (): Promise<{ address: string; family: number }[]> => {
    throw new Error('no DNS here');
  };

  it('lets public https addresses through and allow-listed CIDRs in, over http too; refuses the rest', async () => {
    const open = webhookUrlPolicy([], noDns);
    await expect(resolveWebhookTarget(open, 'https://93.184.216.34/hook')).resolves.toMatchObject({
      address: '93.184.216.34',
      family: 4,
    });
    await expect(resolveWebhookTarget(open, 'https://[2606:4700::1111]/hook')).resolves.toMatchObject({
      family: 6,
    });
    await expect(resolveWebhookTarget(open, 'https://no-such-host.test/')).rejects.toMatchObject({
      code: 'WEBHOOK_URL_NOT_ALLOWED',
    });
    const listed = webhookUrlPolicy(['127.0.0.0/8', '::1', 'hooks.corp.local'], noDns);
    await expect(resolveWebhookTarget(listed, 'http://127.0.0.9:8080/hook')).resolves.toMatchObject({
      address: '127.0.0.9',
    });
    await expect(resolveWebhookTarget(listed, 'http://[::1]:8080/hook')).resolves.toMatchObject({
      address: '::1',
    });
    for (const url of [
      'http://10.0.0.1/',
      'https://[fe80::1]/',
      'https://224.0.0.1/',
      'http://93.184.216.34/',
    ]) {
      await expect(resolveWebhookTarget(listed, url), url).rejects.toMatchObject({
        code: 'WEBHOOK_URL_NOT_ALLOWED',
      });
    }
  });
});
