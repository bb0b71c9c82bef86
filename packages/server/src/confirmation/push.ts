import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { PushHint } from '@podpis/confirm';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';
import { deviceChannel, type DeviceRow } from './devices.js';
import { sealForDevice } from './channel.js';
import type { ConfirmationContext } from './enrolment.js';

const VAPID_SECRET = 'web-push-vapid';

/**
 * The installation's Web Push (VAPID) key pair, made at first use; the
 * private key sealed under the master key. Two nodes making it at once
 * keep the first one written.
 */
export async function vapidKeys(
  ctx: ConfirmationContext,
): Promise<{ publicKey: string; privateKey: string }> {
  const read = async (db: Queryable) =>
    (
      await db.query<{ public_key: string; sealed_private_key: Buffer }>(
        'SELECT public_key, sealed_private_key FROM push_keys WHERE id = 1',
      )
    ).rows[0];
  let row = await read(ctx.db);
  if (!row) {
    const made = webpush.generateVAPIDKeys();
    await ctx.db.query(
      'INSERT INTO push_keys (id, public_key, sealed_private_key, created_at) VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [
        made.publicKey,
        ctx.keyStore.sealSecret(VAPID_SECRET, 'vapid', Buffer.from(made.privateKey, 'utf8')),
        ctx.now(),
      ],
    );
    row = (await read(ctx.db))!;
  }
  return {
    publicKey: row.public_key,
    privateKey: Buffer.from(ctx.keyStore.openSecret(VAPID_SECRET, 'vapid', row.sealed_private_key)).toString(
      'utf8',
    ),
  };
}

/** Whether an endpoint is an https URL on one of the allowed push services' hosts (or their subdomains). */
export function allowedPushEndpoint(endpoint: string, services: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    services.some((service) => host === service || host.endsWith(`.${service}`))
  );
}

export interface PushOptions {
  /** The VAPID subject: the office's URL or a mailto: address. */
  subject: string;
  /** Host names of the push services a subscription may name (PODPIS_PUSH_SERVICES). */
  services: readonly string[];
  logger?: { warn: (details: object, message: string) => void };
  /** Seconds a push service keeps an undelivered message. */
  ttl?: number;
  /** How push services are reached (a proxy's agent; in tests, one trusting a local service). */
  agent?: Agent;
}

/**
 * Tells each of the user's active devices with a push subscription that an
 * operation awaits it. The payload is a sealed envelope holding only a
 * hint, under the device's next counter: a replayed push does not open. A
 * subscription the push service says is gone (404, 410) is dropped, as is
 * one whose service is no longer allowed (the list may have shrunk since).
 * Failures are logged; the device still finds the operation by polling.
 */
export async function pushPending(
  ctx: ConfirmationContext,
  accountId: string,
  operationId: string,
  options: PushOptions,
): Promise<number> {
  const { rows } = await ctx.db.query<DeviceRow>(
    "SELECT * FROM devices WHERE account_id = $1 AND status = 'active' AND push_subscription IS NOT NULL",
    [accountId],
  );
  if (rows.length === 0) return 0;
  const vapid = await vapidKeys(ctx);
  let sent = 0;
  await Promise.all(
    rows.map(async (device) => {
      if (!allowedPushEndpoint(device.push_subscription!.endpoint, options.services)) {
        await ctx.db.query('UPDATE devices SET push_subscription = NULL WHERE id = $1', [device.id]);
        return;
      }
      const hint: PushHint = { type: 'pending', operation: operationId };
      try {
        const envelope = await sealForDevice(ctx, device, await deviceChannel(ctx.keyStore, device), hint);
        await webpush.sendNotification(device.push_subscription!, JSON.stringify(envelope), {
          vapidDetails: {
            subject: options.subject,
            publicKey: vapid.publicKey,
            privateKey: vapid.privateKey,
          },
          TTL: options.ttl ?? 300,
          timeout: 10_000,
          ...(options.agent ? { agent: options.agent } : {}),
        });
        sent += 1;
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 404 || status === 410) {
          await ctx.db.query('UPDATE devices SET push_subscription = NULL WHERE id = $1', [device.id]);
        }
        options.logger?.warn(
          { device: device.id, status, err: (error as Error).message },
          'web push not delivered',
        );
      }
    }),
  );
  return sent;
}

/**
 * Stores (or with null, forgets) the device's push subscription: an https
 * endpoint of an allowed push service, or DEVICE_PUSH_SERVICE_NOT_ALLOWED.
 */
export async function setPushSubscription(
  ctx: ConfirmationContext,
  device: Pick<DeviceRow, 'id'>,
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } } | null,
  services: readonly string[],
): Promise<void> {
  if (subscription !== null && !allowedPushEndpoint(subscription.endpoint, services)) {
    throw new DomainError(
      'DEVICE_PUSH_SERVICE_NOT_ALLOWED',
      'the push endpoint is not an https URL of an allowed push service (PODPIS_PUSH_SERVICES); the device is told of operations by its event stream instead',
    );
  }
  await ctx.db.query('UPDATE devices SET push_subscription = $2::jsonb WHERE id = $1', [
    device.id,
    subscription === null
      ? null
      : JSON.stringify({ endpoint: subscription.endpoint, keys: subscription.keys }),
  ]);
}
