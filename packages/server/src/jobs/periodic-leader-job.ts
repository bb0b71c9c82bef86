import type { Db } from '../db/db.js';
import { JobLease, type LeaseChange } from './lease.js';
import { jobMetrics } from '../core/metrics.js';

/** What one run of a job did on this node: its result, or that another node held the lease. */
export type LeaderRun<T> = { leader: true; value: T } | { leader: false };

export interface PeriodicLeaderJobOptions<T> {
  db: Db;
  /** The job's name in `job_leases`, shared by every node. */
  name: string;
  /** This node's name (PODPIS_NODE_ID); absent: host and process id. */
  nodeId?: string;
  /** How long the lease lasts without a heartbeat (default 30 s); the heartbeat renews it every third of that. */
  leaseMs?: number;
  intervalMs: number;
  /** The run itself, on the lease holder only; `signal` aborts when the lease is lost mid-run. */
  work: (signal: AbortSignal) => Promise<T>;
  /** Told of each timed run's outcome (to log what it did). */
  onRun: (run: LeaderRun<T>) => void;
  /** Told of a timed run that failed; the next interval tries again. */
  onError: (error: unknown) => void;
  /** Told when this node takes or loses the lease. */
  onLeaseChange?: (change: 'acquired' | 'lost', holder: string) => void;
}

/** Where every job's options say how it takes part in leases. */
export interface JobLeaseOptions {
  /** This node's name (PODPIS_NODE_ID); absent: host and process id. */
  nodeId?: string | undefined;
  /** How long the job's lease lasts without a heartbeat (default 30 s). */
  leaseMs?: number | undefined;
}

/** The lease settings of `options` that are set, for PeriodicLeaderJobOptions. */
export function leaseOptions(options: JobLeaseOptions): { nodeId?: string; leaseMs?: number } {
  return {
    ...(options.nodeId !== undefined ? { nodeId: options.nodeId } : {}),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
  };
}

/** A run whose lease passed to another node before it finished: its result may be partial. */
export class LeaseLostError extends Error {
  constructor(job: string) {
    super(`the lease of job ${job} was lost during its run`);
    this.name = 'LeaseLostError';
  }
}

/**
 * A job every node offers to run and one node runs at a time: the holder
 * of its lease in `job_leases` (see JobLease). Once started, a heartbeat
 * every third of the lease renews it — or, on a node without it, tries to
 * take it, so a dead holder's job moves on within one lease time; the node
 * that takes it runs at once (catching up), then every interval. No
 * transaction is held for a run. Runs never overlap within a process — a
 * run asked for while one is going joins it — and `stop` waits for the run
 * in progress and gives the lease back. PGlite is one process's database
 * (the data directory's lock file), so there the process is the only
 * runner and no lease is kept.
 */
export class PeriodicLeaderJob<T> {
  readonly #options: PeriodicLeaderJobOptions<T>;
  readonly #lease: JobLease | undefined;
  #runTimer: NodeJS.Timeout | undefined;
  #beatTimer: NodeJS.Timeout | undefined;
  #running: Promise<LeaderRun<T>> | undefined;
  #controller: AbortController | undefined;

  constructor(options: PeriodicLeaderJobOptions<T>) {
    this.#options = options;
    if (options.db.kind === 'postgres') {
      this.#lease = new JobLease(options.db, options.name, {
        ...(options.nodeId !== undefined ? { nodeId: options.nodeId } : {}),
        ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
      });
    }
  }

  /** This node's name as a lease holder (undefined on PGlite, which keeps no lease). */
  get holder(): string | undefined {
    return this.#lease?.holder;
  }

  /** Takes the lease if it can and runs once now, then keeps the heartbeat and runs every interval. */
  start(): void {
    if (this.#runTimer) return;
    this.#runTimer = setInterval(() => {
      this.#tick();
    }, this.#options.intervalMs);
    this.#runTimer.unref();
    const lease = this.#lease;
    if (lease) {
      this.#beatTimer = setInterval(() => {
        void this.#beat(lease);
      }, lease.leaseMs / 3);
      this.#beatTimer.unref();
    }
    this.#tick();
  }

  /** Stops the timers, waits for a run in progress and gives the lease back. */
  async stop(): Promise<void> {
    clearInterval(this.#runTimer);
    clearInterval(this.#beatTimer);
    this.#runTimer = undefined;
    this.#beatTimer = undefined;
    await this.#running?.catch(() => undefined);
    await this.#lease?.release().catch(() => undefined);
  }

  /** One run, if this node holds (or can take) the lease; the run in progress if there is one. */
  runOnce(): Promise<LeaderRun<T>> {
    if (this.#running) return this.#running;
    const run = this.#run().finally(() => {
      this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  async #run(): Promise<LeaderRun<T>> {
    const lease = this.#lease;
    const name = this.#options.name;
    if (!lease) return { leader: true, value: await this.#measured(new AbortController().signal) };
    const change = await lease.claim();
    this.#noteLeaseChange(change);
    if (!lease.held) return { leader: false };
    const controller = new AbortController();
    this.#controller = controller;
    // Outside start() no heartbeat runs: this run keeps its own while it lasts.
    const ownBeat = this.#beatTimer
      ? undefined
      : setInterval(() => {
          void this.#beat(lease);
        }, lease.leaseMs / 3);
    try {
      const value = await this.#measured(controller.signal);
      if (controller.signal.aborted) throw new LeaseLostError(name);
      return { leader: true, value };
    } finally {
      clearInterval(ownBeat);
      this.#controller = undefined;
      if (!this.#beatTimer) await lease.release().catch(() => undefined);
    }
  }

  async #measured(signal: AbortSignal): Promise<T> {
    const stopTimer = jobMetrics.duration.startTimer({ job: this.#options.name });
    try {
      const value = await this.#options.work(signal);
      jobMetrics.runs.inc({ job: this.#options.name, outcome: 'done' });
      return value;
    } catch (error) {
      jobMetrics.runs.inc({ job: this.#options.name, outcome: 'failed' });
      throw error;
    } finally {
      stopTimer();
    }
  }

  /** Renews the lease (or tries to take it); a node that just took it runs at once, one that lost it stops. */
  async #beat(lease: JobLease): Promise<void> {
    if (this.#running && !this.#controller) return; // a run is claiming the lease right now
    const change = await lease.claim();
    this.#noteLeaseChange(change);
    if (change === 'lost') this.#controller?.abort();
    if (change === 'acquired' && this.#runTimer && !this.#running) this.#tick();
  }

  #noteLeaseChange(change: LeaseChange): void {
    if (change !== 'acquired' && change !== 'lost') return;
    jobMetrics.leaseChanges.inc({ job: this.#options.name, change });
    this.#options.onLeaseChange?.(change, this.#lease?.holder ?? '');
  }

  #tick(): void {
    this.runOnce().then(this.#options.onRun, this.#options.onError);
  }
}
