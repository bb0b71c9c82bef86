import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  claimBulkJob,
  failBulkJob,
  isItemHandler,
  releaseBulkJob,
  runBulkBatch,
  runItemBatch,
  type AnyBulkJobHandler,
  type BulkJob,
  type BulkJobKind,
  type BulkServices,
} from '../bulk/jobs.js';
import type { Db } from '../db/db.js';

export interface BulkJobRunnerOptions {
  handlers: readonly AnyBulkJobHandler[];
  logger: Pick<Logger, 'info' | 'error'>;
  /** How long a claim holds without a batch: a node that died frees its job after this. */
  leaseMs?: number;
  /** How often an idle runner looks for work. */
  pollMs?: number;
  /** This node's name in `claimed_by`. */
  node?: string;
  /** Items per transaction for every kind, instead of each handler's own. */
  batchSize?: number;
  /** A rest between two batches, so a big job leaves the database (PGlite: its one connection) to other work. */
  restMs?: number;
  /** What handlers may use (the key store's sealing for temporary passwords). */
  services?: BulkServices;
}

/**
 * Works through bulk jobs on every node: claims one (a lease, `FOR UPDATE
 * SKIP LOCKED`, so nodes share the queue without a leader), runs its batches
 * one transaction each until it is done, paused, cancelled or taken away,
 * then looks for the next. `stop` lets the batch in flight commit and gives
 * the job back, so a restarted or another node continues from its cursor.
 */
export class BulkJobRunner {
  readonly #db: Db;
  readonly #handlers: ReadonlyMap<BulkJobKind, AnyBulkJobHandler>;
  readonly #logger: BulkJobRunnerOptions['logger'];
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #restMs: number;
  readonly #services: BulkServices;
  readonly node: string;
  #running: Promise<void> | undefined;
  #stopping = false;
  #timer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;

  constructor(db: Db, options: BulkJobRunnerOptions) {
    this.#db = db;
    const { batchSize } = options;
    this.#handlers = new Map(
      options.handlers.map((h) => [h.kind, batchSize === undefined ? h : { ...h, batchSize }]),
    );
    this.#logger = options.logger;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#pollMs = options.pollMs ?? 2_000;
    this.#restMs = options.restMs ?? 0;
    this.#services = options.services ?? {};
    this.node = options.node ?? `node-${randomUUID()}`;
  }

  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#loop();
  }

  /** Looks for work now rather than at the next poll (a job was just queued here). */
  nudge(): void {
    this.#wake?.();
  }

  /** Stops after the batch in flight and gives its job back. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#running;
    this.#running = undefined;
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      let job: BulkJob | undefined;
      try {
        job = await claimBulkJob(this.#db, this.node, this.#leaseMs);
        if (job) await this.#work(job);
      } catch (error) {
        this.#logger.error({ err: error, jobId: job?.id }, 'bulk job runner failed');
      }
      if (!job) await this.#sleep();
    }
  }

  async #work(job: BulkJob): Promise<void> {
    const handler = this.#handlers.get(job.kind);
    if (!handler) {
      await failBulkJob(this.#db, job.id, `no handler for ${job.kind} on this node`);
      return;
    }
    this.#logger.info(
      { jobId: job.id, kind: job.kind, processed: job.processed, total: job.total },
      'bulk job claimed',
    );
    for (;;) {
      if (this.#stopping) {
        await releaseBulkJob(this.#db, job.id, this.node);
        return;
      }
      let result;
      try {
        result = isItemHandler(handler)
          ? await runItemBatch(this.#db, handler, job.id, this.node, this.#leaseMs)
          : await runBulkBatch(this.#db, handler, job.id, this.node, this.#leaseMs, this.#services);
      } catch (error) {
        this.#logger.error({ err: error, jobId: job.id }, 'bulk job batch failed');
        await failBulkJob(this.#db, job.id, error instanceof Error ? error.message : String(error));
        return;
      }
      if (!result.more) {
        if (result.job) {
          this.#logger.info(
            { jobId: job.id, status: result.job.status, counts: result.job.counts },
            'bulk job stopped',
          );
        }
        return;
      }
      if (this.#restMs > 0) await this.#sleep(this.#restMs);
    }
  }

  /** Waits `ms`, or less when stopped or nudged. */
  #sleep(ms = this.#pollMs): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = () => {
        clearTimeout(this.#timer);
        this.#wake = undefined;
        resolve();
      };
      this.#timer = setTimeout(() => this.#wake?.(), ms);
      this.#timer.unref();
    });
  }
}
