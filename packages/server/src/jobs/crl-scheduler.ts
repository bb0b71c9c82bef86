import type { Logger } from 'pino';
import { listAuthorities, type AuthorityContext } from '../ca/authorities.js';
import { signDueAuditCheckpoint } from '../ca/audit-checkpoints.js';
import { topUpServiceCertificates } from '../ca/service-certificate-top-up.js';
import { leaseOptions, PeriodicLeaderJob, type JobLeaseOptions } from './periodic-leader-job.js';
import {
  DELTA_CRL_VALIDITY_HOURS,
  latestCrl,
  latestDeltaCrl,
  publishCrl,
  publishDeltaCrl,
  type PublishedCrl,
} from '../ca/crls.js';
import { dueCrlShards, publishCrlShards } from '../ca/crl-shards.js';

/** The CRL job's name in `job_leases`, shared by every Podpis node (it also signs audit checkpoints). */
export const CRL_JOB = 'crl';

/** How often each node looks at the CRLs. */
export const CRL_CHECK_INTERVAL_MINUTES = 15;
/** A CRL is re-issued this long before its nextUpdate (a quarter of the 24-hour validity). */
export const CRL_RENEW_BEFORE_MINUTES = 6 * 60;
/**
 * A delta CRL is re-issued this long before its nextUpdate: half its
 * validity, so one run every CRL_CHECK_INTERVAL_MINUTES always catches it.
 */
export const DELTA_CRL_RENEW_BEFORE_MINUTES = (DELTA_CRL_VALIDITY_HOURS * 60) / 2;

export interface CrlSchedulerOptions extends JobLeaseOptions {
  logger: Pick<Logger, 'info' | 'error'>;
  intervalMinutes?: number;
  renewBeforeMinutes?: number;
}

/** What one run did: `leader` is false when another node held the lease. */
export interface CrlRunReport {
  leader: boolean;
  /**
   * `number` of a complete CRL, `deltaNumber` of a delta CRL (published with
   * it or alone), `shards`: the CRL shards re-issued (an entry of its own).
   */
  published: { caId: string; number?: bigint; deltaNumber?: bigint; shards?: number[] }[];
}

/**
 * Keeps every CA's CRL fresh: every `intervalMinutes` the CRLs that are
 * missing or within `renewBeforeMinutes` of their nextUpdate are re-issued
 * — the full CRL, its delta and each CRL shard (in parallel, crl-shards.ts).
 *
 * A `PeriodicLeaderJob` (lease "crl"): one node runs it at a time, and a
 * failed run is logged and the next one tries again.
 */
export class CrlScheduler {
  readonly #ctx: AuthorityContext;
  readonly #logger: CrlSchedulerOptions['logger'];
  readonly #renewBeforeMs: number;
  readonly #deltaRenewBeforeMs: number;
  readonly #job: PeriodicLeaderJob<CrlRunReport['published']>;

  constructor(ctx: AuthorityContext, options: CrlSchedulerOptions) {
    this.#ctx = ctx;
    this.#logger = options.logger;
    this.#renewBeforeMs = (options.renewBeforeMinutes ?? CRL_RENEW_BEFORE_MINUTES) * 60_000;
    this.#deltaRenewBeforeMs = DELTA_CRL_RENEW_BEFORE_MINUTES * 60_000;
    this.#job = new PeriodicLeaderJob({
      db: ctx.db,
      name: CRL_JOB,
      ...leaseOptions(options),
      intervalMs: (options.intervalMinutes ?? CRL_CHECK_INTERVAL_MINUTES) * 60_000,
      work: async (signal) => {
        const published = await this.#publishDue(signal);
        for (const step of [() => this.#checkpointAudit(), () => this.#renewServiceCertificates()]) {
          // A node that lost the lease leaves the rest to the new holder.
          if (signal.aborted) break;
          await step();
        }
        return published;
      },
      onRun: (run) => {
        if (!run.leader || run.value.length === 0) return;
        this.#logger.info(
          {
            crls: run.value.map((p) => ({
              ca: p.caId,
              ...(p.number !== undefined ? { number: p.number.toString() } : {}),
              ...(p.deltaNumber !== undefined ? { delta: p.deltaNumber.toString() } : {}),
              ...(p.shards !== undefined ? { shards: p.shards.length } : {}),
            })),
          },
          'scheduled CRLs published',
        );
      },
      onLeaseChange: (change, holder) => {
        this.#logger.info(
          { job: CRL_JOB, holder },
          change === 'acquired' ? 'job lease taken' : 'job lease lost',
        );
      },
      onError: (error) => {
        this.#logger.error({ err: error }, 'scheduled CRL run failed');
      },
    });
  }

  /** Replaces OCSP responder, TSA and audit certificates nearing their end, so a long-running server keeps them. */
  async #renewServiceCertificates(): Promise<void> {
    const renewed = await topUpServiceCertificates(this.#ctx);
    if (renewed.length > 0) this.#logger.info({ renewed }, 'service certificates renewed');
  }

  /** Runs once now (catching up after downtime) and then every interval. */
  start(): void {
    this.#job.start();
  }

  /** Stops the timer and waits for a run in progress, so the database can close after it. */
  stop(): Promise<void> {
    return this.#job.stop();
  }

  /** One run: re-issues the CRLs that are due if this node is the leader. */
  async runOnce(): Promise<CrlRunReport> {
    const run = await this.#job.runOnce();
    return run.leader ? { leader: true, published: run.value } : { leader: false, published: [] };
  }

  /** The same leader also signs a checkpoint of the audit log when it grew (M9.1). */
  async #checkpointAudit(): Promise<void> {
    try {
      const checkpoint = await signDueAuditCheckpoint(this.#ctx);
      if (checkpoint) this.#logger.info({ seq: checkpoint.seq }, 'audit checkpoint signed');
    } catch (error) {
      this.#logger.error({ err: error }, 'audit checkpoint not signed');
    }
  }

  async #publishDue(signal: AbortSignal): Promise<CrlRunReport['published']> {
    const published: CrlRunReport['published'] = [];
    const soon = (crl: PublishedCrl | undefined, renewBeforeMs: number): boolean =>
      !crl || crl.nextUpdate.getTime() - this.#ctx.now().getTime() <= renewBeforeMs;
    for (const authority of await listAuthorities(this.#ctx.db)) {
      if (signal.aborted) break;
      try {
        if (soon(await latestCrl(this.#ctx.db, authority.id), this.#renewBeforeMs)) {
          // A complete CRL comes with its delta.
          const issued = await publishCrl(this.#ctx, authority.id, { actor: 'system' });
          published.push({ caId: authority.id, number: issued.number, deltaNumber: issued.delta.number });
        } else if (soon(await latestDeltaCrl(this.#ctx.db, authority.id), this.#deltaRenewBeforeMs)) {
          const delta = await publishDeltaCrl(this.#ctx, authority.id, { actor: 'system' });
          published.push({ caId: authority.id, deltaNumber: delta.number });
        }
        if (authority.crlShards > 0) {
          const renewBy = new Date(this.#ctx.now().getTime() + this.#renewBeforeMs);
          const due = await dueCrlShards(this.#ctx.db, authority.id, authority.crlShards, renewBy);
          if (due.length > 0) {
            await publishCrlShards(this.#ctx, authority.id, due, { actor: 'system' });
            published.push({ caId: authority.id, shards: due });
          }
        }
      } catch (error) {
        // One CA's failure (say, its key unavailable) must not keep the others' CRLs stale.
        this.#logger.error({ err: error, ca: authority.id }, 'scheduled CRL not published');
      }
    }
    return published;
  }
}
