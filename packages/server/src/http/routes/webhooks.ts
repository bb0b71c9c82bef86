import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf, requireRoleOrClient } from '../auth-plugin.js';
import { actorOf } from '../../auth/principal.js';
import { scopeNote } from '../../auth/scopes.js';
import type { WebhookContext, WebhookViewer } from '../../webhooks/context.js';
import { listDeliveries, redeliver, sendTestEvent, type WebhookDelivery } from '../../webhooks/deliveries.js';
import { WEBHOOK_EVENT_TYPES } from '../../webhooks/events.js';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  MAX_DESCRIPTION_LENGTH,
  rotateSubscriptionSecret,
  updateSubscription,
  type WebhookSubscription,
} from '../../webhooks/subscriptions.js';
import { problems } from './users-schemas.js';

export interface WebhookRoutesOptions {
  webhooks: WebhookContext;
}

const tags = ['webhooks'];
const description = `Administrators with their client certificate manage every subscription and hear every event; users (session, or a bearer token) their own subscriptions, which hear only events about their own certificates and operations; an OAuth client with a client-credentials token (scope webhooks) its own subscriptions, which hear only events about accounts that granted it consent. ${scopeNote('webhooks')}`;

const EventTypes = Type.Array(Type.String({ maxLength: 100 }), {
  minItems: 1,
  maxItems: WEBHOOK_EVENT_TYPES.length,
  description: `Event types to hear: ${WEBHOOK_EVENT_TYPES.join(', ')} (400 WEBHOOK_EVENT_TYPE_INVALID for others)`,
});
const Url = Type.String({
  maxLength: 2000,
  description:
    'https:// (http:// only to a host PODPIS_WEBHOOK_ALLOWED_HOSTS names), no credentials; a host resolving to an internal address is 422 WEBHOOK_URL_NOT_ALLOWED',
});
const Description = Type.String({ maxLength: MAX_DESCRIPTION_LENGTH });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

const SubscriptionSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    ownerAccountId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
      description: "The account that made it; null for an OAuth client's",
    }),
    scope: Type.Union([Type.Literal('all'), Type.Literal('own')], {
      description:
        "all: an administrator's (every event); own: a user's (events about their own account) or an OAuth client's (events about accounts that granted it consent)",
    }),
    clientId: Type.Union([Type.String(), Type.Null()], {
      description: 'The OAuth client that made it with client credentials; null for an account’s',
    }),
    url: Type.String(),
    description: Type.String(),
    eventTypes: Type.Array(Type.String()),
    enabled: Type.Boolean(),
    previousSecretUntil: Type.Union([Timestamp, Type.Null()], {
      description: 'After a rotation: until when the replaced secret signs too',
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);

const SecretSchema = Type.String({
  description: 'The signing secret, `whsec_<base64>`, shown this once (Standard Webhooks)',
});

const CreatedSchema = Type.Object(
  { ...SubscriptionSchema.properties, secret: SecretSchema },
  { additionalProperties: false },
);

const DeliverySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    messageId: Type.String({ description: 'The webhook-id header, the same on every attempt' }),
    subscriptionId: Type.String({ format: 'uuid' }),
    eventType: Type.String(),
    payload: Type.Unknown({ description: 'The body sent: {type, timestamp, data}' }),
    status: Type.Union([
      Type.Literal('pending'),
      Type.Literal('delivered'),
      Type.Literal('failed'),
      Type.Literal('dead'),
    ]),
    attempts: Type.Integer(),
    nextAttemptAt: NullableTimestamp,
    lastAttemptAt: NullableTimestamp,
    lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    lastResponseMs: Type.Union([Type.Integer(), Type.Null()]),
    deliveredAt: NullableTimestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
const DeliveryParams = Type.Object(
  { id: Type.String({ maxLength: 100 }), deliveryId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
);
const DeliveryQuery = Type.Object(
  {
    // Query strings are text (the API does not coerce types): numbers are checked by pattern.
    limit: Type.Optional(
      Type.String({ pattern: '^([1-9]|[1-9]\\d|100)$', description: '1..100, default 20' }),
    ),
    offset: Type.Optional(Type.String({ pattern: '^\\d{1,9}$', description: 'default 0' })),
    status: Type.Optional(
      Type.Union([
        Type.Literal('pending'),
        Type.Literal('delivered'),
        Type.Literal('failed'),
        Type.Literal('dead'),
      ]),
    ),
  },
  { additionalProperties: false },
);

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

function subscriptionView(subscription: WebhookSubscription) {
  return {
    ...subscription,
    previousSecretUntil: iso(subscription.previousSecretUntil),
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
  };
}

function deliveryView(delivery: WebhookDelivery) {
  return {
    ...delivery,
    nextAttemptAt: iso(delivery.nextAttemptAt),
    lastAttemptAt: iso(delivery.lastAttemptAt),
    deliveredAt: iso(delivery.deliveredAt),
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
  };
}

/** Webhook subscriptions and their delivery logs (issue #19). */
export const webhookRoutes: FastifyPluginAsyncTypebox<WebhookRoutesOptions> = async (app, { webhooks }) => {
  const allowed = requireRoleOrClient(['admin', 'user'], { scope: 'webhooks' });
  type Request = Parameters<typeof principalOf>[0];
  const viewerOf = (request: Request): WebhookViewer => {
    if (request.oauthClient) return { clientId: request.oauthClient.clientId, role: 'client' };
    const { accountId, role } = principalOf(request);
    return { accountId, role };
  };
  /** Who the audit log names: the client (`oauth-client:<id>`, as the authorisation server's records do) or the account. */
  const changeContext = (request: Request) => ({
    actor: request.oauthClient
      ? `oauth-client:${request.oauthClient.clientId}`
      : actorOf(principalOf(request)),
    requestId: request.id,
  });

  app.get(
    '/webhooks',
    {
      preHandler: allowed,
      schema: {
        tags,
        summary:
          'My webhook subscriptions (an administrator: all), newest first; secrets are never shown again',
        description,
        response: { 200: Type.Array(SubscriptionSchema), ...problems(401, 403) },
      },
    },
    async (request) => (await listSubscriptions(webhooks, viewerOf(request))).map(subscriptionView),
  );

  app.post(
    '/webhooks',
    {
      preHandler: allowed,
      schema: {
        tags,
        summary: 'Subscribe a URL to events; the answer holds the signing secret, shown this once',
        description,
        body: Type.Object(
          {
            url: Url,
            description: Type.Optional(Description),
            eventTypes: EventTypes,
            enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: CreatedSchema, ...problems(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const { subscription, secret } = await createSubscription(
        webhooks,
        viewerOf(request),
        request.body,
        changeContext(request),
      );
      return reply.code(201).send({ ...subscriptionView(subscription), secret });
    },
  );

  app.get(
    '/webhooks/:id',
    {
      preHandler: allowed,
      schema: {
        tags,
        summary: 'One webhook subscription',
        description,
        params: IdParams,
        response: { 200: SubscriptionSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) =>
      subscriptionView(await getSubscription(webhooks, viewerOf(request), request.params.id)),
  );

  app.patch(
    '/webhooks/:id',
    {
      preHandler: allowed,
      schema: {
        tags,
        summary: 'Change the URL (checked again), description, events, or enable / disable the subscription',
        description,
        params: IdParams,
        body: Type.Object(
          {
            url: Type.Optional(Url),
            description: Type.Optional(Description),
            eventTypes: Type.Optional(EventTypes),
            enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: SubscriptionSchema, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request) =>
      subscriptionView(
        await updateSubscription(
          webhooks,
          viewerOf(request),
          request.params.id,
          request.body,
          changeContext(request),
        ),
      ),
  );

  app.delete(
    '/webhooks/:id',
    {
      preHandler: allowed,
      schema: {
        tags,
        summary: 'Delete the subscription and its delivery log',
        description,
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteSubscription(webhooks, viewerOf(request), request.params.id, changeContext(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/secret',
    {
      preHandler: allowed,
      schema: {
        tags,
        summary:
          'Rotate the signing secret: the new one is shown this once; for 24 hours messages carry signatures by both',
        description,
        params: IdParams,
        response: { 200: CreatedSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const { subscription, secret } = await rotateSubscriptionSecret(
        webhooks,
        viewerOf(request),
        request.params.id,
        changeContext(request),
      );
      return { ...subscriptionView(subscription), secret };
    },
  );

  app.post(
    '/webhooks/:id/test',
    {
      preHandler: allowed,
      schema: {
        tags,
        summary: 'Send a webhook.test event to this subscription (by the delivery job, within seconds)',
        description,
        params: IdParams,
        response: { 202: DeliverySchema, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const delivery = await sendTestEvent(
        webhooks,
        viewerOf(request),
        request.params.id,
        changeContext(request),
      );
      return reply.code(202).send(deliveryView(delivery));
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      preHandler: allowed,
      schema: {
        tags,
        summary: 'The delivery log, newest first: status, attempts, the last answer and its time',
        description,
        params: IdParams,
        querystring: DeliveryQuery,
        response: {
          200: Type.Object(
            { items: Type.Array(DeliverySchema), total: Type.Integer() },
            { additionalProperties: false },
          ),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const page = await listDeliveries(webhooks, viewerOf(request), request.params.id, {
        limit: Number(request.query.limit ?? 20),
        offset: Number(request.query.offset ?? 0),
        ...(request.query.status !== undefined ? { status: request.query.status } : {}),
      });
      return { items: page.items.map(deliveryView), total: page.total };
    },
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      preHandler: allowed,
      schema: {
        tags,
        summary:
          'Send a delivery again (the same message and webhook-id), with a new day of retries, by the delivery job',
        description,
        params: DeliveryParams,
        response: { 202: DeliverySchema, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const delivery = await redeliver(
        webhooks,
        viewerOf(request),
        request.params.id,
        request.params.deliveryId,
        changeContext(request),
      );
      return reply.code(202).send(deliveryView(delivery));
    },
  );
};
