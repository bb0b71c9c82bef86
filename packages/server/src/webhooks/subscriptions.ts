import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import type { AuditAction } from '../audit/actions.js';
import type { JsonValue } from '../audit/canonical-json.js';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';
import type { WebhookContext, WebhookViewer } from './context.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './events.js';
import { newWebhookSecret } from './secrets.js';
import { resolveWebhookTarget } from './url-policy.js';

/** How long the secret a rotation replaces keeps signing too, so receivers can switch without losing messages. */
export const PREVIOUS_SECRET_SECONDS = 24 * 3600;
/** The longest description (the API's schema holds to it). */
export const MAX_DESCRIPTION_LENGTH = 500;

/** A subscription as its owner and administrators see it: never its secret. */
export interface WebhookSubscription {
  id: string;
  /** The account that made it; null for an OAuth client's. */
  ownerAccountId: string | null;
  /**
   * An administrator's subscription hears every event; a user's, those about
   * their own certificates and operations; an OAuth client's, those about
   * accounts that granted the client consent.
   */
  scope: 'all' | 'own';
  /** The OAuth client that made it with client credentials; null for an account's. */
  clientId: string | null;
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  /** Until when the secret replaced by the last rotation still signs too. */
  previousSecretUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type SubscriptionRow = {
  id: string;
  owner_account_id: string | null;
  sees_all: boolean;
  client_id: string | null;
  url: string;
  description: string;
  event_types: string[];
  secret_sealed: Uint8Array;
  previous_secret_sealed: Uint8Array | null;
  previous_secret_until: Date | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
};

export function subscriptionOf(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    ownerAccountId: row.owner_account_id,
    scope: row.sees_all ? 'all' : 'own',
    clientId: row.client_id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types as WebhookEventType[],
    enabled: row.enabled,
    previousSecretUntil: row.previous_secret_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What the key store's sealing calls the secrets of this service. */
const SEALING_PURPOSE = 'webhook';

function sealed(ctx: Pick<WebhookContext, 'sealer'>, id: string, secret: string): Buffer {
  return Buffer.from(ctx.sealer.sealSecret(SEALING_PURPOSE, id, Buffer.from(secret, 'utf8')));
}

function opened(ctx: Pick<WebhookContext, 'sealer'>, id: string, secret: Uint8Array): string {
  return Buffer.from(ctx.sealer.openSecret(SEALING_PURPOSE, id, Buffer.from(secret))).toString('utf8');
}

/** The secrets that sign a message now: the current one, and the one a rotation replaced within its day. */
export function signingSecrets(
  ctx: Pick<WebhookContext, 'sealer'>,
  row: SubscriptionRow,
  now: Date,
): string[] {
  const secrets = [opened(ctx, row.id, row.secret_sealed)];
  if (row.previous_secret_sealed && row.previous_secret_until && row.previous_secret_until > now) {
    secrets.push(opened(ctx, row.id, row.previous_secret_sealed));
  }
  return secrets;
}

function checkEventTypes(types: readonly string[]): WebhookEventType[] {
  const known: readonly string[] = WEBHOOK_EVENT_TYPES;
  const unknown = types.filter((type) => !known.includes(type));
  if (types.length === 0 || unknown.length > 0) {
    throw new DomainError(
      'WEBHOOK_EVENT_TYPE_INVALID',
      types.length === 0 ? 'name at least one event type' : `unknown event types: ${unknown.join(', ')}`,
      { known: [...WEBHOOK_EVENT_TYPES] },
    );
  }
  return [...new Set(types)] as WebhookEventType[];
}

/** The URL as it will be called: parsed, its host resolved and checked against the policy now. */
async function checkedUrl(ctx: WebhookContext, url: string): Promise<string> {
  return (await resolveWebhookTarget(ctx.policy, url)).url.href;
}

const canManage = (viewer: WebhookViewer) => viewer.role !== 'operator';

/**
 * The SQL condition (with its one parameter, numbered `$n`) on the
 * subscriptions a viewer manages: an administrator every one, a user
 * those of their account, an OAuth client its own.
 */
function managedBy(viewer: WebhookViewer, n: number): { where: string; param: string | null } {
  switch (viewer.role) {
    case 'admin':
      return { where: `($${n}::text IS NULL)`, param: null };
    case 'client':
      return { where: `client_id = $${n}`, param: viewer.clientId };
    case 'user':
      return { where: `owner_account_id = $${n}::uuid`, param: viewer.accountId };
    case 'operator':
      return { where: `($${n}::text IS NULL AND false)`, param: null };
  }
}

/**
 * A subscription the viewer may manage: an administrator any, a user or an
 * OAuth client their own; somebody else's is WEBHOOK_NOT_FOUND like a
 * missing one.
 */
export async function findSubscription(
  db: Queryable,
  viewer: WebhookViewer,
  id: string,
  lock = false,
): Promise<SubscriptionRow> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const managed = managedBy(viewer, 2);
  const { rows } = uuid
    ? await db.query<SubscriptionRow>(
        `SELECT * FROM webhook_subscriptions WHERE id = $1 AND ${managed.where}${lock ? ' FOR UPDATE' : ''}`,
        [id, managed.param],
      )
    : { rows: [] };
  const row = rows[0];
  if (!row || !canManage(viewer)) throw new DomainError('WEBHOOK_NOT_FOUND', `no webhook subscription ${id}`);
  return row;
}

export interface NewSubscription {
  url: string;
  description?: string;
  eventTypes: readonly string[];
  enabled?: boolean;
}

type Change = { actor: string; requestId?: string };

function audit(
  tx: Queryable,
  context: Change,
  action: AuditAction,
  id: string,
  details: Record<string, JsonValue>,
) {
  return appendAudit(tx, {
    actor: context.actor,
    action,
    target: `webhook:${id}`,
    details,
    ...(context.requestId !== undefined ? { requestId: context.requestId } : {}),
  });
}

/**
 * Subscribes the viewer's account to events at a URL the policy allows
 * (WEBHOOK_URL_INVALID, WEBHOOK_URL_NOT_ALLOWED), with a new signing
 * secret returned here once and kept sealed; `webhook.create` commits with it.
 */
export async function createSubscription(
  ctx: WebhookContext,
  viewer: WebhookViewer,
  input: NewSubscription,
  context: Change,
): Promise<{ subscription: WebhookSubscription; secret: string }> {
  if (!canManage(viewer)) throw new DomainError('FORBIDDEN', 'webhooks are for administrators and users');
  const eventTypes = checkEventTypes(input.eventTypes);
  const description = input.description ?? '';
  const url = await checkedUrl(ctx, input.url);
  const secret = newWebhookSecret();
  const now = ctx.now();
  const id = randomUUID();
  const row = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<SubscriptionRow>(
      `INSERT INTO webhook_subscriptions (id, owner_account_id, client_id, sees_all, url, description, event_types,
         secret_sealed, enabled, created_at, updated_at)
       VALUES ($1, $2, $10, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING *`,
      [
        id,
        viewer.role === 'client' ? null : viewer.accountId,
        viewer.role === 'admin',
        url,
        description,
        eventTypes,
        sealed(ctx, id, secret),
        input.enabled ?? true,
        now,
        viewer.role === 'client' ? viewer.clientId : null,
      ],
    );
    await audit(tx, context, 'webhook.create', id, {
      url,
      eventTypes,
      scope: viewer.role === 'admin' ? 'all' : 'own',
      ...(viewer.role === 'client' ? { clientId: viewer.clientId } : {}),
      enabled: input.enabled ?? true,
    });
    return rows[0]!;
  });
  return { subscription: subscriptionOf(row), secret };
}

/** The subscriptions the viewer manages (an administrator: all), newest first. */
export async function listSubscriptions(
  ctx: WebhookContext,
  viewer: WebhookViewer,
): Promise<WebhookSubscription[]> {
  if (!canManage(viewer)) return [];
  const managed = managedBy(viewer, 1);
  const { rows } = await ctx.db.query<SubscriptionRow>(
    `SELECT * FROM webhook_subscriptions WHERE ${managed.where} ORDER BY created_at DESC, id`,
    [managed.param],
  );
  return rows.map(subscriptionOf);
}

export async function getSubscription(
  ctx: WebhookContext,
  viewer: WebhookViewer,
  id: string,
): Promise<WebhookSubscription> {
  return subscriptionOf(await findSubscription(ctx.db, viewer, id));
}

export interface SubscriptionPatch {
  url?: string;
  description?: string;
  eventTypes?: readonly string[];
  enabled?: boolean;
}

/** Changes a subscription's URL (checked again), description, events or whether it is enabled; `webhook.update` records what changed. */
export async function updateSubscription(
  ctx: WebhookContext,
  viewer: WebhookViewer,
  id: string,
  patch: SubscriptionPatch,
  context: Change,
): Promise<WebhookSubscription> {
  await findSubscription(ctx.db, viewer, id);
  const changes: { url?: string; description?: string; eventTypes?: WebhookEventType[]; enabled?: boolean } =
    {};
  if (patch.eventTypes !== undefined) changes.eventTypes = checkEventTypes(patch.eventTypes);
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.url !== undefined) changes.url = await checkedUrl(ctx, patch.url);
  if (patch.enabled !== undefined) changes.enabled = patch.enabled;
  const row = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<SubscriptionRow>(
      `UPDATE webhook_subscriptions SET
         url = COALESCE($2, url), description = COALESCE($3, description),
         event_types = COALESCE($4::text[], event_types), enabled = COALESCE($5, enabled), updated_at = $6
       WHERE id = $1 RETURNING *`,
      [
        id,
        changes.url ?? null,
        changes.description ?? null,
        changes.eventTypes ?? null,
        changes.enabled ?? null,
        ctx.now(),
      ],
    );
    const updated = rows[0];
    if (!updated) throw new DomainError('WEBHOOK_NOT_FOUND', `no webhook subscription ${id}`);
    await audit(tx, context, 'webhook.update', id, changes);
    return updated;
  });
  return subscriptionOf(row);
}

/** Deletes a subscription and its delivery log; `webhook.delete` keeps its URL. */
export async function deleteSubscription(
  ctx: WebhookContext,
  viewer: WebhookViewer,
  id: string,
  context: Change,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await findSubscription(tx, viewer, id, true);
    await tx.query('DELETE FROM webhook_subscriptions WHERE id = $1', [row.id]);
    await audit(tx, context, 'webhook.delete', row.id, {
      url: row.url,
      owner: row.owner_account_id ?? `oauth-client:${row.client_id ?? ''}`,
    });
  });
}

/**
 * A new signing secret, returned once; the old one keeps signing beside it
 * for `PREVIOUS_SECRET_SECONDS`, so a receiver that trusts either accepts
 * every message meanwhile. `webhook.secret_rotate` commits with it.
 */
export async function rotateSubscriptionSecret(
  ctx: WebhookContext,
  viewer: WebhookViewer,
  id: string,
  context: Change,
): Promise<{ subscription: WebhookSubscription; secret: string }> {
  const secret = newWebhookSecret();
  const now = ctx.now();
  const until = new Date(now.getTime() + PREVIOUS_SECRET_SECONDS * 1000);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findSubscription(tx, viewer, id, true);
    const { rows } = await tx.query<SubscriptionRow>(
      `UPDATE webhook_subscriptions SET previous_secret_sealed = secret_sealed, previous_secret_until = $3,
         secret_sealed = $2, updated_at = $4
       WHERE id = $1 RETURNING *`,
      [current.id, sealed(ctx, current.id, secret), until, now],
    );
    await audit(tx, context, 'webhook.secret_rotate', current.id, {
      previousSecretUntil: until.toISOString(),
    });
    return rows[0]!;
  });
  return { subscription: subscriptionOf(row), secret };
}

/**
 * Stops an OAuth client's subscriptions in the caller's transaction (the
 * one that disables or deletes the client): disabled, or deleted with their
 * delivery logs, each with its audit record. Re-enabling the client leaves
 * them disabled: the client enables them again itself.
 */
export async function stopClientSubscriptions(
  tx: Queryable,
  clientId: string,
  how: 'disable' | 'delete',
  context: Change,
): Promise<number> {
  const { rows } =
    how === 'delete'
      ? await tx.query<{ id: string; url: string }>(
          'DELETE FROM webhook_subscriptions WHERE client_id = $1 RETURNING id, url',
          [clientId],
        )
      : await tx.query<{ id: string; url: string }>(
          `UPDATE webhook_subscriptions SET enabled = false, updated_at = now()
           WHERE client_id = $1 AND enabled RETURNING id, url`,
          [clientId],
        );
  for (const row of rows) {
    await audit(
      tx,
      context,
      how === 'delete' ? 'webhook.delete' : 'webhook.update',
      row.id,
      how === 'delete'
        ? { url: row.url, owner: `oauth-client:${clientId}`, reason: 'oauth client deleted' }
        : { enabled: false, reason: 'oauth client disabled' },
    );
  }
  return rows.length;
}
