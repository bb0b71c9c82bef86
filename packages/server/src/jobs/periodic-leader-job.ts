import type { Db } from '../db/db.js';
import { runAsLeader } from './leader.js';

/** What one run of a job did on this node: its result, or that another node held the lock. */
export type LeaderRun<T> = { leader: true; value: T } | { leader: false };

export interface PeriodicLeaderJobOptions<T> {
  db: Db;
  /** The job's advisory lock key, shared by every node. */
  lockKey: number;
  intervalMs: number;
  /** The run itself, on the leader only. */
  work: () => Promise<T>;
  /** Told of each timed run's outcome (to log what it did). */
  onRun: (run: LeaderRun<T>) => void;
  /** Told of a timed run that failed; the next interval tries again. */
  onError: (error: unknown) => void;
}

/**
 * A job every node offers to run each interval and one node runs at a time
 * (`runAsLeader`): once at start (catching up after downtime), then on an
 * unref'd timer that never keeps the process alive. Runs never overlap
 * within a process — a run asked for while one is going joins it — and
 * `stop` waits for the run in progress, so the database can close after it.
 */
export class PeriodicLeaderJob<T> {
  readonly #options: PeriodicLeaderJobOptions<T>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<LeaderRun<T>> | undefined;

  constructor(options: PeriodicLeaderJobOptions<T>) {
    this.#options = options;
  }

  /** Runs once now and then every interval. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#tick();
    }, this.#options.intervalMs);
    this.#timer.unref();
    this.#tick();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** One run, if this node is the leader; the run in progress if there is one. */
  runOnce(): Promise<LeaderRun<T>> {
    if (this.#running) return this.#running;
    const run = runAsLeader(this.#options.db, this.#options.lockKey, this.#options.work).finally(() => {
      this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  #tick(): void {
    this.runOnce().then(this.#options.onRun, this.#options.onError);
  }
}
