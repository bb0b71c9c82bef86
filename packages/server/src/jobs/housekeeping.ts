import type { Logger } from 'pino';
import type { Db } from '../db/db.js';
import { runAsLeader } from './leader.js';

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
  deleted: { sessions: number; rateLimits: number; apiTokens: number };
}

/**
 * Deletes rows that no longer mean anything: expired sessions (a cookie
 * for one is refused anyway), rate-limit counters whose window ended long
 * ago (a new hit starts a new window), and API tokens expired or revoked
 * more than `API_TOKEN_RETENTION_DAYS` ago (their creation and revocation
 * stay in the audit log). Nothing here is a change of anybody's state, so
 * it is logged, not audited.
 *
 * One node runs it at a time (`runAsLeader`, lock "HSKP"); the timer is
 * unref'd, runs never overlap within a process, and a failed run is logged
 * and retried at the next interval.
 */
export class Housekeeping {
  readonly #db: Db;
  readonly #logger: HousekeepingOptions['logger'];
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<HousekeepingReport> | undefined;

  constructor(db: Db, options: HousekeepingOptions) {
    this.#db = db;
    this.#logger = options.logger;
    this.#intervalMs = (options.intervalMinutes ?? HOUSEKEEPING_INTERVAL_MINUTES) * 60_000;
  }

  /** Runs once now and then every interval. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#tick();
    }, this.#intervalMs);
    this.#timer.unref();
    this.#tick();
  }

  /** Stops the timer and waits for a run in progress, so the database can close after it. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** One run, if this node is the leader. */
  runOnce(): Promise<HousekeepingReport> {
    if (this.#running) return this.#running;
    const run = runAsLeader(this.#db, HOUSEKEEPING_LOCK_KEY, () => this.#deleteStale())
      .then((outcome): HousekeepingReport =>
        outcome.leader
          ? { leader: true, deleted: outcome.value }
          : { leader: false, deleted: { sessions: 0, rateLimits: 0, apiTokens: 0 } },
      )
      .finally(() => {
        this.#running = undefined;
      });
    this.#running = run;
    return run;
  }

  #tick(): void {
    this.runOnce().then(
      (report) => {
        const { sessions, rateLimits, apiTokens } = report.deleted;
        if (sessions + rateLimits + apiTokens > 0) this.#logger.info(report.deleted, 'stale rows deleted');
      },
      (error: unknown) => {
        this.#logger.error({ err: error }, 'housekeeping run failed');
      },
    );
  }

  async #deleteStale(): Promise<HousekeepingReport['deleted']> {
    const sessions = await this.#db.query('DELETE FROM sessions WHERE expires_at <= now()');
    const rateLimits = await this.#db.query(
      "DELETE FROM rate_limits WHERE window_started_at < now() - $1::int * interval '1 minute'",
      [RATE_LIMIT_RETENTION_MINUTES],
    );
    // least() skips NULL: a token ended when it was revoked or expired, whichever came first.
    const apiTokens = await this.#db.query(
      "DELETE FROM api_tokens WHERE least(revoked_at, expires_at) < now() - $1::int * interval '1 day'",
      [API_TOKEN_RETENTION_DAYS],
    );
    return { sessions: sessions.rowCount, rateLimits: rateLimits.rowCount, apiTokens: apiTokens.rowCount };
  }
}
