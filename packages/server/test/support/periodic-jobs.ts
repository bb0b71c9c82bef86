import { expect, vi } from 'vitest';
import type { Logger } from 'pino';
import type { Db } from '../../src/db/db.js';

/** A job that runs now and then on a timer: the housekeeping, the CRL scheduler. */
interface PeriodicJob {
  start(): void;
  stop(): Promise<void>;
}

/** A database that refuses every call: a failed run must be logged, never thrown. */
function unreachableDb(): Db {
  const refuse = () => Promise.reject(new Error('database unavailable'));
  return {
    kind: 'pglite',
    query: refuse,
    exec: refuse,
    transaction: refuse,
    listen: refuse,
    close: () => Promise.resolve(),
  };
}

/**
 * What every periodic job does, checked on fake timers against a database
 * that refuses every call: the job `make` builds to run once a minute runs
 * at start and on each interval, logs each failed run as `failure` instead
 * of throwing, and runs no more once stopped.
 */
export async function expectPeriodicJob(
  make: (db: Db, logger: Pick<Logger, 'info' | 'error'>) => PeriodicJob,
  failure: string,
): Promise<void> {
  vi.useFakeTimers();
  try {
    const logger = { info: vi.fn(), error: vi.fn() };
    const job = make(unreachableDb(), logger);
    job.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(logger.error).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(logger.error).toHaveBeenCalledTimes(2);
    await job.stop();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(logger.error.mock.calls[0]?.[1]).toBe(failure);
  } finally {
    vi.useRealTimers();
  }
}

/**
 * Another node holding a job's lease: a row in `job_leases` for a holder
 * that is not this process, valid for an hour, until `release` gives it back.
 */
export async function holdJobLease(db: Db, job: string): Promise<{ release(): Promise<void> }> {
  await db.query(
    `INSERT INTO job_leases (name, holder, acquired_at, expires_at)
     VALUES ($1, 'another-node/0', now(), now() + interval '1 hour')`,
    [job],
  );
  return {
    release: async () => {
      await db.query("DELETE FROM job_leases WHERE name = $1 AND holder = 'another-node/0'", [job]);
    },
  };
}
