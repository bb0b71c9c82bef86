import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db.js';
import type { Statement } from '../db/statement.js';
import { effectInsert, enqueueEffect, type Effect } from '../outbox/outbox.js';

/** What a subscription may listen to; `webhook.test` is sent only on request, to one subscription. */
export const WEBHOOK_EVENT_TYPES = [
  'certificate.issued',
  'certificate.revoked',
  'certificate.suspended',
  'certificate.resumed',
  'certificate_request.created',
  'certificate_request.approved',
  'certificate_request.rejected',
  'operation.awaiting_confirmation',
  'operation.confirmed',
  'operation.declined',
  'operation.completed',
  'operation.failed',
  'operation.cancelled',
  'operation.expired',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The test event `POST /webhooks/{id}/test` sends. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** The outbox kind of "fan this event out to the subscriptions that want it"; its subject is the message id. */
export const WEBHOOK_EVENT_EFFECT = 'webhook.event';

/** An event as a change announces it. */
export interface WebhookEvent {
  type: WebhookEventType;
  /** The account the event is about (a certificate's holder, an operation's user); null: only administrators hear it. */
  accountId: string | null;
  data: Record<string, unknown>;
  /** When it happened; now when absent. */
  at?: Date;
}

/** The outbox payload of a `webhook.event` effect. */
export interface QueuedWebhookEvent extends Record<string, unknown> {
  type: string;
  accountId: string | null;
  timestamp: string;
  data: Record<string, unknown>;
}

/** A new message id, `msg_` and 32 hex digits: the `webhook-id` every delivery of the event carries. */
export function newMessageId(): string {
  return `msg_${randomUUID().replaceAll('-', '')}`;
}

/**
 * Announces an event in the caller's transaction: it exists exactly when
 * the change does (a change rolled back announces nothing). Nothing is
 * sent here or right after the commit — the webhook delivery job fans it
 * out and sends it — so no receiver, however slow, delays the change.
 */
export async function enqueueWebhookEvent(tx: Queryable, event: WebhookEvent): Promise<void> {
  await enqueueEffect(tx, webhookEffect(event));
}

/** The statement `enqueueWebhookEvent` runs, for a caller that sends it together with its change. */
export function webhookEventInsert(event: WebhookEvent): Statement {
  return effectInsert(webhookEffect(event));
}

function webhookEffect(event: WebhookEvent): Effect {
  const payload: QueuedWebhookEvent = {
    type: event.type,
    accountId: event.accountId,
    timestamp: (event.at ?? new Date()).toISOString(),
    data: event.data,
  };
  return { kind: WEBHOOK_EVENT_EFFECT, subject: newMessageId(), payload };
}

/** The kind of a confirmed operation as events name it. */
export type OperationEventKind = 'signing' | 'decryption';

/** The data of an `operation.*` event: what the operation is and where to read it. */
export function operationEventData(operation: {
  id: string;
  kind: OperationEventKind;
  accountId: string;
  certificate: string;
  status: string;
}): Record<string, unknown> {
  const path = operation.kind === 'signing' ? 'signing-operations' : 'decryption-operations';
  return {
    operationId: operation.id,
    kind: operation.kind,
    accountId: operation.accountId,
    certificateSerial: operation.certificate,
    status: operation.status,
    links: { self: `/api/v1/${path}/${operation.id}` },
  };
}

/** Announces an `operation.*` event about a signing or decryption operation, in the caller's transaction. */
export function enqueueOperationEvent(
  tx: Queryable,
  type: Extract<WebhookEventType, `operation.${string}`>,
  operation: Parameters<typeof operationEventData>[0],
  at?: Date,
): Promise<void> {
  return enqueueWebhookEvent(tx, {
    type,
    accountId: operation.accountId,
    data: operationEventData(operation),
    ...(at ? { at } : {}),
  });
}

/** The data of a `certificate.*` event: the certificate, its holder, and where to read it. */
export function certificateEventData(certificate: {
  serial: string;
  accountId: string | null;
  status: string;
  profile?: string;
  subject?: string;
  reason?: string | null;
}): Record<string, unknown> {
  return {
    serial: certificate.serial,
    accountId: certificate.accountId,
    status: certificate.status,
    ...(certificate.profile !== undefined ? { profile: certificate.profile } : {}),
    ...(certificate.subject !== undefined ? { subject: certificate.subject } : {}),
    ...(certificate.reason ? { reason: certificate.reason } : {}),
    links: {
      self: `/api/v1/certificates/${certificate.serial}`,
      holder: `/api/v1/me/certificates/${certificate.serial}`,
    },
  };
}
