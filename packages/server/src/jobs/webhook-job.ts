import type { Logger } from 'pino';
import { announceExpiredSigningOperations } from '../signing/expiry.js';
import type { WebhookContext } from '../webhooks/context.js';
import { deliverDueWebhooks, type DeliveryOptions, type DeliveryPass } from '../webhooks/deliveries.js';
import {
  leaseOptions,
  PeriodicLeaderJob,
  type LeaderRun,
  type JobLeaseOptions,
} from './periodic-leader-job.js';

/** The webhook job's name in `job_leases`, shared by every node. */
export const WEBHOOK_JOB = 'webhooks';

/** How often each node offers to deliver webhooks. */
export const WEBHOOK_INTERVAL_SECONDS = 5;

export interface WebhookJobOptions extends DeliveryOptions, JobLeaseOptions {
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  intervalSeconds?: number;
}

/** What one run did: operations found expired, and the delivery pass. */
export type WebhookRun = DeliveryPass & { expired: number };

/**
 * Delivers webhooks: every `intervalSeconds` (5) the leader (lease "webhooks")
 * announces operations that expired unconfirmed, fans the events announced
 * since its last run out to subscriptions, and sends the attempts that are
 * due. This job alone sends webhooks — never the request that made the
 * change — so a slow or dead receiver never slows the API.
 */
export class WebhookJob {
  readonly #job: PeriodicLeaderJob<WebhookRun>;

  constructor(ctx: WebhookContext, options: WebhookJobOptions) {
    const { logger, intervalSeconds, nodeId, leaseMs, ...delivery } = options;
    this.#job = new PeriodicLeaderJob({
      db: ctx.db,
      name: WEBHOOK_JOB,
      ...leaseOptions({ nodeId, leaseMs }),
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
      onLeaseChange: (change, holder) => {
        logger.info(
          { job: WEBHOOK_JOB, holder },
          change === 'acquired' ? 'job lease taken' : 'job lease lost',
        );
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
