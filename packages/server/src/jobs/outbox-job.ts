import type { Logger } from 'pino';
import type { AuthorityContext } from '../ca/authorities.js';
import { carryOutCaEffects } from '../ca/crl-effects.js';
import type { OutboxPass } from '../outbox/outbox.js';
import {
  leaseOptions,
  PeriodicLeaderJob,
  type LeaderRun,
  type JobLeaseOptions,
} from './periodic-leader-job.js';

/** The outbox job's name in `job_leases`, shared by every node. */
export const OUTBOX_JOB = 'outbox';

/** How often each node offers to carry out effects left behind. */
export const OUTBOX_INTERVAL_SECONDS = 15;

export interface OutboxJobOptions extends JobLeaseOptions {
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  intervalSeconds?: number;
}

/**
 * Carries out the outbox effects that the node which made a change did not
 * (its attempt failed, or it stopped between commit and effect): a
 * `PeriodicLeaderJob` (lease "outbox"), so one node at a time, every
 * `intervalSeconds`. Webhooks and notifications will join the CA's effects here.
 */
export class OutboxJob {
  readonly #job: PeriodicLeaderJob<OutboxPass>;

  constructor(ctx: AuthorityContext, options: OutboxJobOptions) {
    this.#job = new PeriodicLeaderJob({
      db: ctx.db,
      name: OUTBOX_JOB,
      ...leaseOptions(options),
      intervalMs: (options.intervalSeconds ?? OUTBOX_INTERVAL_SECONDS) * 1000,
      work: () => carryOutCaEffects(ctx),
      onRun: (run) => {
        if (!run.leader) return;
        if (run.value.done.length > 0)
          options.logger.info({ done: run.value.done }, 'outbox effects carried out');
        for (const failed of run.value.failed)
          options.logger.warn(failed, 'outbox effect failed; retried later');
      },
      onLeaseChange: (change, holder) => {
        options.logger.info(
          { job: OUTBOX_JOB, holder },
          change === 'acquired' ? 'job lease taken' : 'job lease lost',
        );
      },
      onError: (error) => {
        options.logger.error({ err: error }, 'outbox run failed');
      },
    });
  }

  start(): void {
    this.#job.start();
  }

  stop(): Promise<void> {
    return this.#job.stop();
  }

  runOnce(): Promise<LeaderRun<OutboxPass>> {
    return this.#job.runOnce();
  }
}
