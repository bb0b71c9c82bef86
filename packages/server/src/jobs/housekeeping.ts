import type { Logger } from 'pino';
import type { Db } from '../db/db.js';
import { deleteEndedApiTokens } from '../auth/api-tokens.js';
import { deleteStaleRateLimits } from '../auth/rate-limit.js';
import { deleteExpiredSessions } from '../auth/sessions.js';
import { eraseEndedDecryptions } from '../signing/encryption.js';
import { PeriodicLeaderJob } from './periodic-leader-job.js';

/** The advisory lock key of the housekeeping job, shared by every node: "HSKP". */
export const HOUSEKEEPING_LOCK_KEY = 0x48534b50;

/** How often each node offers to clean up. */
export const HOUSEKEEPING_INTERVAL_MINUTES = 60;
/** Rate-limit rows untouched this long are gone (the login windows last a minute). */
export const RATE_LIMIT_RETENTION_MINUTES = 60;
/** Expired or revoked API tokens are kept this long, so their owners still see what ended and when. */
export const API_TOKEN_RETENTION_DAYS = 30;

export interface HousekeepingOptions {
  logger: Pick<Logger, 'info' | 'error'>;
  intervalMinutes?: number;
}

/** What one run removed; `leader` is false when another node held the lock. */
export interface HousekeepingReport {
  leader: boolean;
  deleted: { sessions: number; rateLimits: number; apiTokens: number; decryptions: number };
}

/**
 * Deletes rows that no longer mean anything: expired sessions (a cookie
 * for one is refused anyway), rate-limit counters whose window ended long
 * ago (a new hit starts a new window), and API tokens expired or revoked
 * more than `API_TOKEN_RETENTION_DAYS` ago (their creation and revocation
 * stay in the audit log), and the messages and decrypted contents of ended
 * decryption operations (`decryptions`: rows whose data was erased). Nothing here is a change of anybody's state, so
 * it is logged, not audited.
 *
 * A `PeriodicLeaderJob` (lock "HSKP"): one node runs it at a time, and a
 * failed run is logged and retried at the next interval.
 */
export class Housekeeping {
  readonly #db: Db;
  readonly #job: PeriodicLeaderJob<HousekeepingReport['deleted']>;

  constructor(db: Db, options: HousekeepingOptions) {
    this.#db = db;
    this.#job = new PeriodicLeaderJob({
      db,
      lockKey: HOUSEKEEPING_LOCK_KEY,
      intervalMs: (options.intervalMinutes ?? HOUSEKEEPING_INTERVAL_MINUTES) * 60_000,
      work: () => this.#deleteStale(),
      onRun: (run) => {
        if (!run.leader) return;
        const { sessions, rateLimits, apiTokens, decryptions } = run.value;
        if (sessions + rateLimits + apiTokens + decryptions > 0)
          options.logger.info(run.value, 'stale rows deleted');
      },
      onError: (error) => {
        options.logger.error({ err: error }, 'housekeeping run failed');
      },
    });
  }

  /** Runs once now and then every interval. */
  start(): void {
    this.#job.start();
  }

  /** Stops the timer and waits for a run in progress, so the database can close after it. */
  stop(): Promise<void> {
    return this.#job.stop();
  }

  /** One run, if this node is the leader. */
  async runOnce(): Promise<HousekeepingReport> {
    const run = await this.#job.runOnce();
    return run.leader
      ? { leader: true, deleted: run.value }
      : { leader: false, deleted: { sessions: 0, rateLimits: 0, apiTokens: 0, decryptions: 0 } };
  }

  async #deleteStale(): Promise<HousekeepingReport['deleted']> {
    return {
      sessions: await deleteExpiredSessions(this.#db),
      rateLimits: await deleteStaleRateLimits(this.#db, RATE_LIMIT_RETENTION_MINUTES),
      apiTokens: await deleteEndedApiTokens(this.#db, API_TOKEN_RETENTION_DAYS),
      decryptions: await eraseEndedDecryptions(this.#db, new Date()),
    };
  }
}
