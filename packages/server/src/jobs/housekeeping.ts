import type { Logger } from 'pino';
import type { Db } from '../db/db.js';
import { deleteEndedApiTokens } from '../auth/api-tokens.js';
import { deleteStaleRateLimits } from '../auth/rate-limit.js';
import { deleteExpiredSessions } from '../auth/sessions.js';
import { deleteEndedActivations } from '../keystore/index.js';
import { eraseEndedDecryptions } from '../signing/encryption.js';
import { DEFAULT_DOCUMENT_RETENTION_SECONDS, deleteExpiredDocuments } from '../signing/document-store.js';
import { deleteEndedSigningOperations } from '../signing/operations.js';
import { deleteExpiredOAuthModels } from '../oauth/adapter.js';
import { eraseFinishedJobInputs } from '../bulk/jobs.js';
import { purgeUndeliveredPasswords } from '../people/temporary-passwords.js';
import { leaseOptions, PeriodicLeaderJob, type JobLeaseOptions } from './periodic-leader-job.js';

/** The housekeeping job's name in `job_leases`, shared by every node. */
export const HOUSEKEEPING_JOB = 'housekeeping';

/** How often each node offers to clean up. */
export const HOUSEKEEPING_INTERVAL_MINUTES = 60;
/** Rate-limit rows untouched this long are gone (the login windows last a minute). */
export const RATE_LIMIT_RETENTION_MINUTES = 60;
/** Expired or revoked API tokens are kept this long, so their owners still see what ended and when. */
export const API_TOKEN_RETENTION_DAYS = 30;
/** Finished bulk jobs keep their items' inputs (raw HR rows) this long by default (PODPIS_BULK_ITEM_RETENTION_DAYS). */
export const DEFAULT_BULK_ITEM_RETENTION_DAYS = 30;

export interface HousekeepingOptions extends JobLeaseOptions {
  logger: Pick<Logger, 'info' | 'error'>;
  intervalMinutes?: number;
  /** How long a finished signing operation is kept (PODPIS_DOCUMENT_RETENTION; default 24 h). */
  retentionSeconds?: number;
  /** Days after which a finished bulk job's items lose their inputs (PODPIS_BULK_ITEM_RETENTION_DAYS; default 30). */
  bulkItemRetentionDays?: number;
}

/** What one run removed; `leader` is false when another node held the lease. */
export interface HousekeepingReport {
  leader: boolean;
  deleted: {
    sessions: number;
    rateLimits: number;
    apiTokens: number;
    /** Ended decryption operations whose messages and contents were erased. */
    decryptions: number;
    documents: number;
    signingOperations: number;
    keyActivations: number;
    /** The authorisation server's expired tokens, codes, grants, sessions and interactions. */
    oauthModels: number;
    /** Items of finished bulk jobs whose inputs (raw HR rows) were erased; audited, unlike the rest. */
    bulkJobInputs: number;
    /** Sealed temporary passwords never delivered, erased when expired or past the bulk retention; audited. */
    temporaryPasswords: number;
  };
}

const NOTHING_DELETED: HousekeepingReport['deleted'] = {
  sessions: 0,
  rateLimits: 0,
  apiTokens: 0,
  decryptions: 0,
  documents: 0,
  signingOperations: 0,
  keyActivations: 0,
  oauthModels: 0,
  bulkJobInputs: 0,
  temporaryPasswords: 0,
};

/**
 * Deletes rows that no longer mean anything: expired sessions (a cookie
 * for one is refused anyway), rate-limit counters whose window ended long
 * ago (a new hit starts a new window), and API tokens expired or revoked
 * more than `API_TOKEN_RETENTION_DAYS` ago (their creation and revocation
 * stay in the audit log), the messages and decrypted contents of ended
 * decryption operations, documents past their retention (and uploads a
 * node left unfinished), signing operations over (completed, failed,
 * cancelled or expired) and older than the retention, with their results,
 * key activations used up or expired, and the authorisation server's
 * expired tokens, codes, grants and sessions. Nothing here is a change of
 * anybody's state — each ended by its own rule — so it is logged, not
 * audited. The exception is personal data: the inputs (raw HR rows) of
 * bulk jobs finished more than `bulkItemRetentionDays` ago are erased and
 * that is audited, one record per run; so are sealed temporary passwords
 * never delivered, erased once expired or after the same retention.
 *
 * A `PeriodicLeaderJob` (lease "housekeeping"): one node runs it at a time, and a
 * failed run is logged and retried at the next interval.
 */
export class Housekeeping {
  readonly #db: Db;
  readonly #retentionMs: number;
  readonly #bulkItemRetentionDays: number;
  readonly #job: PeriodicLeaderJob<HousekeepingReport['deleted']>;

  constructor(db: Db, options: HousekeepingOptions) {
    this.#db = db;
    this.#retentionMs = (options.retentionSeconds ?? DEFAULT_DOCUMENT_RETENTION_SECONDS) * 1000;
    this.#bulkItemRetentionDays = options.bulkItemRetentionDays ?? DEFAULT_BULK_ITEM_RETENTION_DAYS;
    this.#job = new PeriodicLeaderJob({
      db,
      name: HOUSEKEEPING_JOB,
      ...leaseOptions(options),
      intervalMs: (options.intervalMinutes ?? HOUSEKEEPING_INTERVAL_MINUTES) * 60_000,
      work: () => this.#deleteStale(),
      onRun: (run) => {
        if (!run.leader) return;
        if (Object.values(run.value).some((n) => n > 0)) options.logger.info(run.value, 'stale rows deleted');
      },
      onLeaseChange: (change, holder) => {
        options.logger.info(
          { job: HOUSEKEEPING_JOB, holder },
          change === 'acquired' ? 'job lease taken' : 'job lease lost',
        );
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
    return run.leader ? { leader: true, deleted: run.value } : { leader: false, deleted: NOTHING_DELETED };
  }

  async #deleteStale(): Promise<HousekeepingReport['deleted']> {
    const now = new Date();
    const bulkCutoff = new Date(now.getTime() - this.#bulkItemRetentionDays * 86_400_000);
    return {
      sessions: await deleteExpiredSessions(this.#db),
      rateLimits: await deleteStaleRateLimits(this.#db, RATE_LIMIT_RETENTION_MINUTES),
      apiTokens: await deleteEndedApiTokens(this.#db, API_TOKEN_RETENTION_DAYS),
      decryptions: await eraseEndedDecryptions(this.#db, now),
      documents: await deleteExpiredDocuments(this.#db, now),
      signingOperations: await deleteEndedSigningOperations(
        this.#db,
        new Date(now.getTime() - this.#retentionMs),
        now,
      ),
      keyActivations: await deleteEndedActivations(this.#db, now),
      oauthModels: await deleteExpiredOAuthModels(this.#db),
      bulkJobInputs: (await eraseFinishedJobInputs(this.#db, bulkCutoff, this.#bulkItemRetentionDays)).items,
      temporaryPasswords: (await purgeUndeliveredPasswords(this.#db, bulkCutoff, this.#bulkItemRetentionDays))
        .passwords,
    };
  }
}
