import type { Logger } from 'pino';
import { announceExpiredSigningOperations } from '../signing/expiry.js';
import type { WebhookContext } from '../webhooks/context.js';
import { deliverDueWebhooks, type DeliveryOptions, type DeliveryPass } from '../webhooks/deliveries.js';
import { PeriodicLeaderJob, type LeaderRun } from './periodic-leader-job.js';

/** The advisory lock key of the webhook job, shared by every node: "WHKS". */
export const WEBHOOK_JOB_LOCK_KEY = 0x57484b53;

/** How often each node offers to deliver webhooks. */
export const WEBHOOK_INTERVAL_SECONDS = 5;

export interface WebhookJobOptions extends DeliveryOptions {
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  intervalSeconds?: number;
}

/** What one run did: operations found expired, and the delivery pass. */
export type WebhookRun = DeliveryPass & { expired: number };

/**
 * Delivers webhooks: every `intervalSeconds` (5) the leader (lock "WHKS")
 * announces operations that expired unconfirmed, fans the events announced
 * since its last run out to subscriptions, and sends the attempts that are
 * due. This job alone sends webhooks — never the request that made the
 * change — so a slow or dead receiver never slows the API.
 */
export class WebhookJob {
  readonly #job: PeriodicLeaderJob<WebhookRun>;

  constructor(ctx: WebhookContext, options: WebhookJobOptions) {
    const { logger, intervalSeconds, ...delivery } = options;
    this.#job = new PeriodicLeaderJob({
      db: ctx.db,
      lockKey: WEBHOOK_JOB_LOCK_KEY,
      intervalMs: (intervalSeconds ?? WEBHOOK_INTERVAL_SECONDS) * 1000,
      work: async () => {
        const expired = await announceExpiredSigningOperations(ctx.db, ctx.now());
        return { expired, ...(await deliverDueWebhooks(ctx, delivery)) };
      },
      onRun: (run) => {
        if (!run.leader) return;
        const { delivered, failed, dead } = run.value;
        if (delivered + failed + dead > 0) logger.info(run.value, 'webhooks sent');
        if (dead > 0) logger.warn({ dead }, 'webhook deliveries given up after a day of retries');
      },
      onError: (error) => {
        logger.error({ err: error }, 'webhook run failed');
      },
    });
  }

  start(): void {
    this.#job.start();
  }

  stop(): Promise<void> {
    return this.#job.stop();
  }

  runOnce(): Promise<LeaderRun<WebhookRun>> {
    return this.#job.runOnce();
  }
}
