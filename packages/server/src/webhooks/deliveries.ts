import { randomInt, randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';
import { carryOutEffects, type ClaimedEffect } from '../outbox/outbox.js';
import { clientGrantedBy } from '../oauth/grants.js';
import { joinAccount } from '../people/credentials.js';
import type { WebhookContext, WebhookViewer } from './context.js';
import { newMessageId, WEBHOOK_EVENT_EFFECT, WEBHOOK_TEST_EVENT, type QueuedWebhookEvent } from './events.js';
import { DEFAULT_ATTEMPT_TIMEOUT_MS, postWebhook, type AttemptOutcome } from './sender.js';
import { signatureHeader } from './secrets.js';
import { findSubscription, signingSecrets, type SubscriptionRow } from './subscriptions.js';
import { resolveWebhookTarget } from './url-policy.js';

/**
 * Delivery of events to subscriptions, at least once. A change announces an
 * event as a `webhook.event` outbox row in its own transaction; the
 * delivery job (never the request that made the change) fans it out into
 * one `webhook_deliveries` row per subscription that wants it, then sends
 * what is due, signed, with the message id as `webhook-id` on every try.
 * A 2xx answer delivers; anything else (3xx included: redirects are not
 * followed), a timeout or a refused address is retried on a growing,
 * jittered delay until a day after the first attempt, then the delivery is
 * `dead`. Each attempt is claimed with a lease (`FOR UPDATE SKIP LOCKED`),
 * so two nodes never send the same one.
 */

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dead';

/** The delays before the 2nd, 3rd, … attempt, seconds; the last repeats. */
export const RETRY_DELAYS_SECONDS = [5, 30, 120, 600, 3600, 7200, 14_400, 28_800] as const;
/** How long after its first attempt a delivery is retried. */
export const RETRY_WINDOW_SECONDS = 24 * 3600;
/** How long a claimed attempt is held: longer than a batch of attempts can take. */
const LEASE_SECONDS = 120;

export interface DeliveryOptions {
  /** Attempts in flight at once on this node (default 8): dead endpoints cannot take every socket. */
  concurrency?: number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** Attempts claimed per batch (default 32); a pass claims batches until none are due or its time is up. */
  batch?: number;
  /** A pass claims no new batch after this long (default 30 s), so events announced meanwhile are fanned out soon. */
  passBudgetMs?: number;
}

/** What one pass of the job did. */
export interface DeliveryPass {
  /** Events fanned out to subscriptions. */
  events: number;
  delivered: number;
  failed: number;
  dead: number;
}

export interface WebhookDelivery {
  id: string;
  messageId: string;
  subscriptionId: string;
  eventType: string;
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastResponseMs: number | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

type DeliveryRow = {
  id: string;
  message_id: string;
  subscription_id: string;
  event_type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  claimed_until: Date | null;
  retry_until: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  last_response_ms: number | null;
  delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

function deliveryOf(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    messageId: row.message_id,
    subscriptionId: row.subscription_id,
    eventType: row.event_type,
    payload: JSON.parse(row.body) as unknown,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' || row.status === 'failed' ? row.next_attempt_at : null,
    lastAttemptAt: row.last_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastResponseMs: row.last_response_ms,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The body every delivery of an event sends, byte for byte. */
function bodyOf(type: string, timestamp: string, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp, data });
}

async function insertDelivery(
  tx: Queryable,
  delivery: { messageId: string; subscriptionId: string; type: string; body: string; now: Date },
): Promise<DeliveryRow | undefined> {
  const { rows } = await tx.query<DeliveryRow>(
    `INSERT INTO webhook_deliveries (id, message_id, subscription_id, event_type, body, status,
       next_attempt_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6, $6)
     ON CONFLICT (subscription_id, message_id) DO NOTHING RETURNING *`,
    [randomUUID(), delivery.messageId, delivery.subscriptionId, delivery.type, delivery.body, delivery.now],
  );
  return rows[0];
}

/**
 * One delivery per enabled subscription that wants the event and may see
 * it: an administrator's every event, a user's events about their own
 * account — made by an account still active (a locked or disabled
 * account's subscriptions hear nothing) — and an OAuth client's events
 * about accounts holding a live grant (consent) for the client, while the
 * client is enabled; events about no account reach only administrators.
 * A fan-out run twice (a lease that ran out) adds nothing twice.
 */
async function fanOut(ctx: WebhookContext, effect: ClaimedEffect): Promise<void> {
  const event = effect.payload as QueuedWebhookEvent;
  const body = bodyOf(event.type, event.timestamp, event.data);
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT s.id FROM webhook_subscriptions s LEFT ${joinAccount('s.owner_account_id', 'owner')}
       WHERE s.enabled AND $1 = ANY(s.event_types)
         AND ((s.client_id IS NULL AND owner.status = 'active'
               AND (s.sees_all OR s.owner_account_id = $2::uuid))
           OR (s.client_id IS NOT NULL AND ${clientGrantedBy('s.client_id', '$2::uuid')}))`,
      [event.type, event.accountId],
    );
    for (const { id } of rows) {
      await insertDelivery(tx, {
        messageId: effect.subject,
        subscriptionId: id,
        type: event.type,
        body,
        now: ctx.now(),
      });
    }
  });
}

type ClaimedDelivery = DeliveryRow & { subscription: SubscriptionRow };

async function claimDue(ctx: WebhookContext, limit: number): Promise<ClaimedDelivery[]> {
  const now = ctx.now();
  const { rows } = await ctx.db.query<DeliveryRow>(
    `UPDATE webhook_deliveries SET claimed_until = $1::timestamptz + $2::int * interval '1 second',
       attempts = attempts + 1, last_attempt_at = $1,
       retry_until = COALESCE(retry_until, $1::timestamptz + $3::int * interval '1 second')
     WHERE id IN (
       SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
       WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= $1
         AND (d.claimed_until IS NULL OR d.claimed_until < $1) AND s.enabled
       ORDER BY d.next_attempt_at, d.id LIMIT $4 FOR UPDATE OF d SKIP LOCKED)
     RETURNING *`,
    [now, LEASE_SECONDS, RETRY_WINDOW_SECONDS, limit],
  );
  if (rows.length === 0) return [];
  const { rows: subscriptions } = await ctx.db.query<SubscriptionRow>(
    'SELECT * FROM webhook_subscriptions WHERE id = ANY($1::uuid[])',
    [[...new Set(rows.map((r) => r.subscription_id))]],
  );
  const byId = new Map(subscriptions.map((s) => [s.id, s]));
  return rows.flatMap((row) => {
    const subscription = byId.get(row.subscription_id);
    return subscription ? [{ ...row, subscription }] : [];
  });
}

/** The delay before the attempt after `attempts` failed ones, with ±20 % jitter so retries do not march in step. */
export function retryDelayMs(attempts: number): number {
  const base =
    RETRY_DELAYS_SECONDS[Math.min(attempts, RETRY_DELAYS_SECONDS.length) - 1] ?? RETRY_DELAYS_SECONDS[0];
  return Math.round(base * 1000 * (0.8 + randomInt(0, 401) / 1000));
}

/** Signs and sends one claimed attempt; a refused address is an outcome too (no request is made). */
async function attempt(
  ctx: WebhookContext,
  delivery: ClaimedDelivery,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  const started = performance.now();
  try {
    const target = await resolveWebhookTarget(ctx.policy, delivery.subscription.url);
    const timestamp = Math.floor(ctx.now().getTime() / 1000);
    const secrets = signingSecrets(ctx, delivery.subscription, ctx.now());
    return await postWebhook(
      target,
      {
        'webhook-id': delivery.message_id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(secrets, delivery.message_id, timestamp, delivery.body),
      },
      delivery.body,
      timeoutMs,
    );
  } catch (error) {
    const message =
      error instanceof DomainError
        ? `${error.code}: ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
    return { statusCode: null, error: message, durationMs: Math.round(performance.now() - started) };
  }
}

/** Records an attempt's outcome on the delivery it claimed; `pending` when the claim was lost and nothing was recorded. */
async function recordOutcome(
  ctx: WebhookContext,
  delivery: ClaimedDelivery,
  outcome: AttemptOutcome,
): Promise<DeliveryStatus> {
  const now = ctx.now();
  const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
  const retryUntil = delivery.retry_until ?? new Date(now.getTime() + RETRY_WINDOW_SECONDS * 1000);
  const status: DeliveryStatus = ok ? 'delivered' : now >= retryUntil ? 'dead' : 'failed';
  const next = new Date(Math.min(now.getTime() + retryDelayMs(delivery.attempts), retryUntil.getTime()));
  const error =
    outcome.error ?? (ok ? null : `the receiver answered ${outcome.statusCode ?? 'nothing'}, not 2xx`);
  const { rowCount } = await ctx.db.query(
    `UPDATE webhook_deliveries SET status = $3, claimed_until = NULL, next_attempt_at = $4,
       last_status_code = $5, last_error = $6, last_response_ms = $7, updated_at = $8,
       delivered_at = CASE WHEN $3 = 'delivered' THEN $8 ELSE delivered_at END
     WHERE id = $1 AND claimed_until = $2`,
    [
      delivery.id,
      delivery.claimed_until,
      status,
      next,
      outcome.statusCode,
      error?.slice(0, 2000) ?? null,
      outcome.durationMs,
      now,
    ],
  );
  // A claim held past its lease may have been taken over: the other node's outcome stands.
  return rowCount === 0 ? 'pending' : status;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function withLimit<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * One pass of the delivery job: fans out the events announced since the
 * last, then sends every due attempt, batch by batch, `concurrency` at once.
 */
export async function deliverDueWebhooks(
  ctx: WebhookContext,
  options: DeliveryOptions = {},
): Promise<DeliveryPass> {
  const pass: DeliveryPass = { events: 0, delivered: 0, failed: 0, dead: 0 };
  const fanned = await carryOutEffects(ctx.db, {
    [WEBHOOK_EVENT_EFFECT]: (effect) => fanOut(ctx, effect),
  });
  pass.events = fanned.done.length;
  const batch = options.batch ?? 32;
  const ends = performance.now() + (options.passBudgetMs ?? 30_000);
  for (;;) {
    const due = await claimDue(ctx, batch);
    await withLimit(due, options.concurrency ?? 8, async (delivery) => {
      const outcome = await attempt(ctx, delivery, options.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS);
      const status = await recordOutcome(ctx, delivery, outcome);
      if (status !== 'pending') pass[status] += 1;
    });
    if (due.length < batch || performance.now() >= ends) return pass;
  }
}

/** A page of a subscription's delivery log, newest first. */
export async function listDeliveries(
  ctx: WebhookContext,
  viewer: WebhookViewer,
  subscriptionId: string,
  page: { limit: number; offset: number; status?: DeliveryStatus },
): Promise<{ items: WebhookDelivery[]; total: number }> {
  const subscription = await findSubscription(ctx.db, viewer, subscriptionId);
  const { rows } = await ctx.db.query<DeliveryRow>(
    `SELECT * FROM webhook_deliveries WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2)
     ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
    [subscription.id, page.status ?? null, page.limit, page.offset],
  );
  const { rows: count } = await ctx.db.query<{ total: string | number }>(
    'SELECT count(*) AS total FROM webhook_deliveries WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2)',
    [subscription.id, page.status ?? null],
  );
  return { items: rows.map(deliveryOf), total: Number(count[0]?.total ?? 0) };
}

type Change = { actor: string; requestId?: string };

/**
 * Sends a delivery again — the same message, the same `webhook-id` (a
 * receiver that saw it may drop it as a duplicate) — with a new day of
 * retries, by the job's next pass; `webhook.redeliver` commits with it.
 */
export async function redeliver(
  ctx: WebhookContext,
  viewer: WebhookViewer,
  subscriptionId: string,
  deliveryId: string,
  context: Change,
): Promise<WebhookDelivery> {
  const subscription = await findSubscription(ctx.db, viewer, subscriptionId);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(deliveryId);
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const { rows } = uuid
      ? await tx.query<DeliveryRow>(
          `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $3, retry_until = NULL,
             claimed_until = NULL, updated_at = $3
           WHERE id = $1 AND subscription_id = $2 RETURNING *`,
          [deliveryId, subscription.id, now],
        )
      : { rows: [] };
    const row = rows[0];
    if (!row)
      throw new DomainError(
        'WEBHOOK_DELIVERY_NOT_FOUND',
        `no delivery ${deliveryId} of webhook ${subscriptionId}`,
      );
    await appendAudit(tx, {
      actor: context.actor,
      action: 'webhook.redeliver',
      target: `webhook:${subscription.id}`,
      details: { delivery: row.id, messageId: row.message_id, eventType: row.event_type },
      ...(context.requestId !== undefined ? { requestId: context.requestId } : {}),
    });
    return row;
  });
  return deliveryOf(row);
}

/**
 * Queues a `webhook.test` message to one subscription (enabled or not: a
 * disabled one's waits until it is enabled), sent by the job's next pass;
 * `webhook.test` is recorded with it.
 */
export async function sendTestEvent(
  ctx: WebhookContext,
  viewer: WebhookViewer,
  subscriptionId: string,
  context: Change,
): Promise<WebhookDelivery> {
  const subscription = await findSubscription(ctx.db, viewer, subscriptionId);
  const now = ctx.now();
  const messageId = newMessageId();
  const body = bodyOf(WEBHOOK_TEST_EVENT, now.toISOString(), {
    subscriptionId: subscription.id,
    message: 'A test event from Podpis',
  });
  const row = await ctx.db.transaction(async (tx) => {
    const row = await insertDelivery(tx, {
      messageId,
      subscriptionId: subscription.id,
      type: WEBHOOK_TEST_EVENT,
      body,
      now,
    });
    await appendAudit(tx, {
      actor: context.actor,
      action: 'webhook.test',
      target: `webhook:${subscription.id}`,
      details: { delivery: row!.id, messageId },
      ...(context.requestId !== undefined ? { requestId: context.requestId } : {}),
    });
    return row!;
  });
  return deliveryOf(row);
}
