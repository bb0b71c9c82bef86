import type { Logger } from 'pino';
import { pullDueSources, type HrPullContext, type PullRunReport } from '../hr/pull.js';
import {
  leaseOptions,
  PeriodicLeaderJob,
  type JobLeaseOptions,
  type LeaderRun,
} from './periodic-leader-job.js';

/** The HR pull job's name in `job_leases`, shared by every node. */
export const HR_PULL_JOB = 'hr-pull';

/** How often the leader looks for sources whose pull is due (the shortest pull interval is 5 minutes). */
export const HR_PULL_CHECK_SECONDS = 60;

export interface HrPullJobOptions extends JobLeaseOptions {
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  intervalSeconds?: number;
  /** Told of each import job a pull queued, so this node's bulk runner starts it at once. */
  onImported?: (jobId: string) => void;
}

/**
 * Pulls HR sources on their schedules: every minute the leader (lease
 * "hr-pull") pulls each enabled source whose next pull is due. One node
 * pulls at a time; a source is also claimed for its pull, so a person's
 * "pull now" on another node never doubles it.
 */
export class HrPullJob {
  readonly #job: PeriodicLeaderJob<PullRunReport>;

  constructor(ctx: HrPullContext, options: HrPullJobOptions) {
    const { logger, intervalSeconds, nodeId, leaseMs, onImported } = options;
    this.#job = new PeriodicLeaderJob({
      db: ctx.db,
      name: HR_PULL_JOB,
      ...leaseOptions({ nodeId, leaseMs }),
      intervalMs: (intervalSeconds ?? HR_PULL_CHECK_SECONDS) * 1000,
      work: (signal) => pullDueSources(ctx, onImported, signal),
      onRun: (run) => {
        if (!run.leader) return;
        const { imported, unchanged, failed } = run.value;
        if (imported + unchanged + failed > 0) logger.info(run.value, 'HR sources pulled');
        if (failed > 0) logger.warn({ failed }, 'HR pulls failed (see the sources’ last errors)');
      },
      onLeaseChange: (change, holder) => {
        logger.info(
          { job: HR_PULL_JOB, holder },
          change === 'acquired' ? 'job lease taken' : 'job lease lost',
        );
      },
      onError: (error) => {
        logger.error({ err: error }, 'HR pull run failed');
      },
    });
  }

  start(): void {
    this.#job.start();
  }

  stop(): Promise<void> {
    return this.#job.stop();
  }

  runOnce(): Promise<LeaderRun<PullRunReport>> {
    return this.#job.runOnce();
  }
}
