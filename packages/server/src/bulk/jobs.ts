import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import type { ChangeContext } from '../people/accounts.js';
import type { TemporaryPasswordIssuer } from '../people/temporary-passwords.js';

export const BULK_JOB_KINDS = ['hr.import', 'certificate.campaign'] as const;
export type BulkJobKind = (typeof BULK_JOB_KINDS)[number];

export type BulkJobStatus = 'queued' | 'running' | 'paused' | 'cancelled' | 'completed' | 'failed';

/**
 * What happened to one item; `left` is an employee missing from a full HR
 * export; `issued` and `failed` are a certificate campaign's (a failure is
 * reported with its reason and the campaign goes on).
 */
export type ItemOutcome = 'created' | 'updated' | 'unchanged' | 'skipped' | 'left' | 'issued' | 'failed';
export const ITEM_OUTCOMES: readonly ItemOutcome[] = [
  'created',
  'updated',
  'unchanged',
  'skipped',
  'left',
  'issued',
  'failed',
];

export type BulkJobCounts = Record<ItemOutcome, number>;

/** A job as the API shows it: progress is `processed` of `total`. */
export interface BulkJob {
  id: string;
  kind: BulkJobKind;
  status: BulkJobStatus;
  params: Record<string, unknown>;
  total: number;
  processed: number;
  counts: BulkJobCounts;
  error: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** When the items' inputs were erased after the retention period (the outcomes stay); null: kept. */
  inputErasedAt: string | null;
}

type JobRow = {
  id: string;
  kind: BulkJobKind;
  status: BulkJobStatus;
  params: Record<string, unknown>;
  total: number;
  cursor: number;
  counts: Partial<BulkJobCounts>;
  claimed_by: string | null;
  error: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  input_erased_at: Date | null;
};

const JOB_COLUMNS =
  'id, kind, status, params, total, cursor, counts, claimed_by, error, created_by, created_at, updated_at, finished_at, input_erased_at';

function countsOf(partial: Partial<BulkJobCounts>): BulkJobCounts {
  return Object.fromEntries(ITEM_OUTCOMES.map((o) => [o, partial[o] ?? 0])) as BulkJobCounts;
}

function jobFromRow(row: JobRow): BulkJob {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    params: row.params,
    total: row.total,
    processed: row.cursor,
    counts: countsOf(row.counts),
    error: row.error,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    inputErasedAt: row.input_erased_at?.toISOString() ?? null,
  };
}

/** One item of a job, as its handler receives it. */
export interface BulkItem {
  position: number;
  input: Record<string, unknown>;
}

/** What a handler did with an item; a DomainError it throws makes the item `skipped` with the code as reason. */
export interface ItemResult {
  outcome: ItemOutcome;
  reason?: string;
  accountId?: string;
  /** The certificate the item issued (a campaign's). */
  certificateSerial?: string;
}

/**
 * What the node running a batch lends its handler: the key store's sealing
 * for the temporary passwords of users a job creates (without it, they are
 * created without a password and cannot sign in until one is reset).
 */
export interface BulkServices {
  temporaryPasswords?: TemporaryPasswordIssuer;
}

/**
 * A kind of job: how a batch of items is done inside the batch's
 * transaction (set-based, so 10,000 rows are not 10,000 round trips each),
 * and what is done once after the last item (in the last batch's
 * transaction). Handlers must not call `Db` methods (PGlite has one
 * connection), only `tx`.
 */
export interface BulkJobHandler {
  kind: BulkJobKind;
  /** Items per transaction: big enough to amortise the round trips, small enough to hold the audit head briefly. */
  batchSize: number;
  /** One result per item, in the items' order. */
  processBatch(
    tx: Queryable,
    job: BulkJob,
    items: readonly BulkItem[],
    services?: BulkServices,
  ): Promise<ItemResult[]>;
  /** Extra items appended at the end (e.g. leavers of a full export), processed no further. */
  finish?(tx: Queryable, job: BulkJob): Promise<{ input: unknown; result: ItemResult }[]>;
}

/**
 * A kind of job whose items each need work that cannot run inside one
 * transaction (a key generated in the key store, which on PGlite must not
 * be called inside another transaction): the runner hands it the items one
 * by one outside any transaction, then writes the outcomes it did not
 * record, the cursor and the counts in one transaction per batch.
 *
 * Exactly once is the handler's to keep: the effect of an item and its
 * outcome must commit together (`recordItemOutcome` in the effect's own
 * transaction, refusing the effect when the item is already done), so a
 * restart between an item and the cursor never repeats it: the runner
 * skips items that have an outcome.
 */
export interface BulkItemHandler {
  kind: BulkJobKind;
  /** Items between two cursor moves: a pause or a stop waits for at most this many. */
  batchSize: number;
  /** One item's work and result; a DomainError should be turned into a result with its reason by the handler. */
  processItem(job: BulkJob, item: BulkItem): Promise<ItemResult>;
  /** What is done once after the last item, in the transaction that completes the job. */
  finish?(tx: Queryable, job: BulkJob): Promise<void>;
}

export type AnyBulkJobHandler = BulkJobHandler | BulkItemHandler;

export function isItemHandler(handler: AnyBulkJobHandler): handler is BulkItemHandler {
  return 'processItem' in handler;
}

/**
 * Records an item's outcome inside the caller's transaction — the one that
 * made the item's effect — unless the item already has one; false then, and
 * the caller must roll its effect back (another node or an earlier attempt
 * did the item).
 */
export async function recordItemOutcome(
  tx: Queryable,
  jobId: string,
  position: number,
  result: ItemResult,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE bulk_job_items SET outcome = $3, reason = $4, account_id = $5, certificate_serial = $6
      WHERE job_id = $1 AND position = $2 AND outcome IS NULL`,
    [
      jobId,
      position,
      result.outcome,
      result.reason ?? null,
      result.accountId ?? null,
      result.certificateSerial ?? null,
    ],
  );
  return rowCount === 1;
}

/**
 * Runs `work` for one item under a savepoint: a DomainError it throws rolls
 * back only that item's writes and makes it `skipped` with the code as the
 * reason; anything else fails the batch.
 */
export async function itemUnderSavepoint(
  tx: Queryable,
  work: () => Promise<ItemResult>,
): Promise<ItemResult> {
  await tx.query('SAVEPOINT bulk_item');
  try {
    const result = await work();
    await tx.query('RELEASE SAVEPOINT bulk_item');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT bulk_item');
    if (!(error instanceof DomainError)) throw error;
    return { outcome: 'skipped', reason: `${error.code}: ${error.message}` };
  }
}

const INSERT_CHUNK = 500;

/**
 * Creates a job with its items in the caller's transaction, audited as
 * `bulk_job.create`; a runner picks it up.
 */
export async function createBulkJob(
  tx: Queryable,
  job: {
    kind: BulkJobKind;
    params: Record<string, unknown>;
    items: readonly unknown[];
    /** The job's id, when the caller needs it first (to bind a sealed secret to it). */
    id?: string;
    /** A secret the job's handler needs, already sealed by the caller; erased when the job ends. */
    sealedSecret?: Uint8Array;
  },
  context: ChangeContext,
): Promise<string> {
  const id = job.id ?? randomUUID();
  await tx.query(
    `INSERT INTO bulk_jobs (id, kind, status, params, total, created_by, sealed_secret)
     VALUES ($1, $2, 'queued', $3, $4, $5, $6)`,
    [
      id,
      job.kind,
      JSON.stringify(job.params),
      job.items.length,
      context.actor,
      job.sealedSecret ? Buffer.from(job.sealedSecret) : null,
    ],
  );
  for (let start = 0; start < job.items.length; start += INSERT_CHUNK) {
    const chunk = job.items.slice(start, start + INSERT_CHUNK);
    await tx.query(
      `INSERT INTO bulk_job_items (job_id, position, input)
       SELECT $1, start + ordinality, value FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY, (SELECT $3::int AS start) s`,
      [id, JSON.stringify(chunk), start],
    );
  }
  await appendAudit(tx, {
    actor: context.actor,
    ...(context.requestId ? { requestId: context.requestId } : {}),
    action: 'bulk_job.create',
    target: `bulk_job:${id}`,
    details: { kind: job.kind, total: job.items.length, ...job.params },
  });
  return id;
}

export async function getBulkJob(db: Queryable, id: string): Promise<BulkJob> {
  const { rows } = await db.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM bulk_jobs WHERE id = $1`, [id]);
  const row = rows[0];
  if (!row) throw new DomainError('BULK_JOB_NOT_FOUND', `no such job: ${id}`);
  return jobFromRow(row);
}

/** The sealed secret a job was created with; null when it had none or has ended. */
export async function bulkJobSecret(db: Queryable, id: string): Promise<Uint8Array | null> {
  const { rows } = await db.query<{ sealed_secret: Uint8Array | null }>(
    'SELECT sealed_secret FROM bulk_jobs WHERE id = $1',
    [id],
  );
  const sealed = rows[0]?.sealed_secret;
  return sealed ? new Uint8Array(sealed) : null;
}

/** The newest jobs, of one kind or of all. */
export async function listBulkJobs(
  db: Queryable,
  kind: BulkJobKind | undefined,
  limit: number,
): Promise<BulkJob[]> {
  const { rows } = await db.query<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM bulk_jobs WHERE $1::text IS NULL OR kind = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [kind ?? null, limit],
  );
  return rows.map(jobFromRow);
}

/** One item of the report: what happened to the row at `position`. */
export interface BulkItemReport {
  position: number;
  input: Record<string, unknown>;
  outcome: ItemOutcome | null;
  reason: string | null;
  accountId: string | null;
  certificateSerial: string | null;
}

export async function bulkJobItems(db: Queryable, id: string): Promise<BulkItemReport[]> {
  await getBulkJob(db, id);
  const { rows } = await db.query<{
    position: number;
    input: Record<string, unknown>;
    outcome: ItemOutcome | null;
    reason: string | null;
    account_id: string | null;
    certificate_serial: string | null;
  }>(
    `SELECT position, input, outcome, reason, account_id, certificate_serial FROM bulk_job_items
      WHERE job_id = $1 ORDER BY position`,
    [id],
  );
  return rows.map((r) => ({
    position: r.position,
    input: r.input,
    outcome: r.outcome,
    reason: r.reason,
    accountId: r.account_id,
    certificateSerial: r.certificate_serial,
  }));
}

type Control = 'pause' | 'resume' | 'cancel';

const CONTROL: Readonly<Record<Control, { from: readonly BulkJobStatus[]; to: BulkJobStatus }>> = {
  pause: { from: ['queued', 'running'], to: 'paused' },
  // A failed job resumes from its cursor: the failed batch rolled back whole.
  resume: { from: ['paused', 'failed'], to: 'running' },
  cancel: { from: ['queued', 'running', 'paused'], to: 'cancelled' },
};

/**
 * Pauses, resumes or cancels a job, audited. The batch in progress, if any,
 * finishes (it is one transaction) and the runner then stops at the status;
 * a resumed job is free for any node at once. A job already past the
 * transition → BULK_JOB_STATE.
 */
export async function controlBulkJob(
  db: Db,
  id: string,
  control: Control,
  context: ChangeContext,
): Promise<BulkJob> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM bulk_jobs WHERE id = $1 FOR UPDATE`, [
      id,
    ]);
    const row = rows[0];
    if (!row) throw new DomainError('BULK_JOB_NOT_FOUND', `no such job: ${id}`);
    const rule = CONTROL[control];
    if (!rule.from.includes(row.status)) {
      throw new DomainError('BULK_JOB_STATE', `a ${row.status} job cannot ${control}`, {
        jobStatus: row.status,
      });
    }
    if (row.input_erased_at !== null) {
      throw new DomainError('BULK_JOB_STATE', 'the rows of this job were erased after the retention period', {
        jobStatus: row.status,
      });
    }
    const finished = rule.to === 'cancelled';
    const { rows: changed } = await tx.query<JobRow>(
      `UPDATE bulk_jobs SET status = $2, claimed_until = NULL, claimed_by = NULL, updated_at = now(),
         finished_at = ${finished ? 'now()' : 'NULL'}, error = ${finished ? 'error' : 'NULL'},
         sealed_secret = ${finished ? 'NULL' : 'sealed_secret'}
       WHERE id = $1 RETURNING ${JOB_COLUMNS}`,
      [id, rule.to],
    );
    await appendAudit(tx, {
      actor: context.actor,
      ...(context.requestId ? { requestId: context.requestId } : {}),
      action: `bulk_job.${control}`,
      target: `bulk_job:${id}`,
      details: { kind: row.kind, processed: row.cursor, total: row.total },
    });
    return jobFromRow(changed[0]!);
  });
}

/**
 * Claims the oldest runnable job for `node` until `leaseMs` from now: a
 * queued or running job nobody holds, or whose holder's lease ran out (a
 * node that died mid-way). `FOR UPDATE SKIP LOCKED` lets nodes claim at
 * once without waiting for each other.
 */
export async function claimBulkJob(db: Db, node: string, leaseMs: number): Promise<BulkJob | undefined> {
  const { rows } = await db.query<JobRow>(
    `UPDATE bulk_jobs SET status = 'running', claimed_by = $1, claimed_until = now() + $2 * interval '1 millisecond',
            updated_at = now()
      WHERE id = (SELECT id FROM bulk_jobs WHERE status IN ('queued', 'running')
                     AND (claimed_until IS NULL OR claimed_until < now())
                   ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING ${JOB_COLUMNS}`,
    [node, leaseMs],
  );
  return rows[0] ? jobFromRow(rows[0]) : undefined;
}

/** Gives a claimed job back (a node stopping between batches), so another node takes it at once. */
export async function releaseBulkJob(db: Db, id: string, node: string): Promise<void> {
  await db.query(
    `UPDATE bulk_jobs SET claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2`,
    [id, node],
  );
}

/** What a batch left the job as: go on, or stop (done, paused, cancelled, or claimed by another node). */
export type BatchResult = { more: true; job: BulkJob } | { more: false; job: BulkJob | undefined };

/**
 * Runs the next batch of a job this node holds, in one transaction: the
 * job's row locked, the items after its cursor done, their outcomes and the
 * new cursor and counts written, the lease extended. A restart mid-job
 * loses at most the batch in flight, which rolled back as a whole — so
 * nothing is done twice. After the last item the handler's `finish` runs and
 * the job completes, audited.
 */
export async function runBulkBatch(
  db: Db,
  handler: BulkJobHandler,
  id: string,
  node: string,
  leaseMs: number,
  services: BulkServices = {},
): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM bulk_jobs WHERE id = $1 FOR UPDATE`, [
      id,
    ]);
    const row = rows[0];
    if (!row || row.status !== 'running' || row.claimed_by !== node) {
      return { more: false, job: row ? jobFromRow(row) : undefined };
    }
    const job = jobFromRow(row);
    const { rows: items } = await tx.query<{ position: number; input: Record<string, unknown> }>(
      `SELECT position, input FROM bulk_job_items WHERE job_id = $1 AND position > $2 AND outcome IS NULL
        ORDER BY position LIMIT $3`,
      [id, row.cursor, handler.batchSize],
    );
    const counts = countsOf(row.counts);
    const results = items.length > 0 ? await handler.processBatch(tx, job, items, services) : [];
    const done = items.map((item, i) => ({ position: item.position, result: results[i]! }));
    for (const d of done) counts[d.result.outcome] += 1;
    if (done.length > 0) await writeOutcomes(tx, id, done);
    const cursor = items.at(-1)?.position ?? row.cursor;
    const last = cursor >= row.total;
    let status: BulkJobStatus = 'running';
    if (last) {
      const extra = (await handler.finish?.(tx, { ...job, processed: cursor, counts })) ?? [];
      let position = row.total;
      for (const e of extra) {
        position += 1;
        counts[e.result.outcome] += 1;
        await tx.query(
          `INSERT INTO bulk_job_items (job_id, position, input, outcome, reason, account_id) VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            id,
            position,
            JSON.stringify(e.input),
            e.result.outcome,
            e.result.reason ?? null,
            e.result.accountId ?? null,
          ],
        );
      }
      status = 'completed';
      await appendAudit(tx, {
        actor: row.created_by,
        action: 'bulk_job.complete',
        target: `bulk_job:${id}`,
        details: { kind: row.kind, total: row.total, ...counts },
      });
    }
    const { rows: updated } = await tx.query<JobRow>(
      `UPDATE bulk_jobs SET cursor = $2, counts = $3, status = $4, updated_at = now(),
              claimed_until = CASE WHEN $4 = 'running' THEN now() + $5 * interval '1 millisecond' END,
              claimed_by = CASE WHEN $4 = 'running' THEN claimed_by END,
              finished_at = CASE WHEN $4 = 'running' THEN NULL ELSE now() END,
              sealed_secret = CASE WHEN $4 = 'running' THEN sealed_secret END
        WHERE id = $1 RETURNING ${JOB_COLUMNS}`,
      [id, cursor, JSON.stringify(counts), status, leaseMs],
    );
    const next = jobFromRow(updated[0]!);
    return last ? { more: false, job: next } : { more: true, job: next };
  });
}

/**
 * Runs the next batch of an item-by-item job this node holds. The items
 * after the cursor are read; each one without an outcome goes to the
 * handler outside any transaction (one that has an outcome was done before
 * a restart, its effect and outcome committed together, and is not done
 * again). Then one transaction writes the outcomes the handler did not
 * record, moves the cursor, recounts the outcomes up to it from the items
 * (so an item recorded before a restart counts exactly once) and, after the
 * last item, runs the handler's `finish` and completes the job, audited.
 * A pause or cancel that came meanwhile keeps its status: the batch's work
 * is still counted.
 */
export async function runItemBatch(
  db: Db,
  handler: BulkItemHandler,
  id: string,
  node: string,
  leaseMs: number,
): Promise<BatchResult> {
  const { rows } = await db.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM bulk_jobs WHERE id = $1`, [id]);
  const row = rows[0];
  if (!row || row.status !== 'running' || row.claimed_by !== node) {
    return { more: false, job: row ? jobFromRow(row) : undefined };
  }
  const job = jobFromRow(row);
  const { rows: items } = await db.query<{
    position: number;
    input: Record<string, unknown>;
    outcome: ItemOutcome | null;
  }>(
    `SELECT position, input, outcome FROM bulk_job_items WHERE job_id = $1 AND position > $2
      ORDER BY position LIMIT $3`,
    [id, row.cursor, handler.batchSize],
  );
  const done: { position: number; result: ItemResult }[] = [];
  for (const item of items) {
    if (item.outcome !== null) continue;
    done.push({ position: item.position, result: await handler.processItem(job, item) });
  }
  return db.transaction(async (tx) => {
    const { rows: locked } = await tx.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM bulk_jobs WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const current = locked[0]!;
    if (done.length > 0) await writeOutcomes(tx, id, done);
    const cursor = Math.max(current.cursor, items.at(-1)?.position ?? current.cursor);
    const counts = await countOutcomes(tx, id, cursor);
    const ours = current.status === 'running' && current.claimed_by === node;
    const last = ours && cursor >= current.total;
    if (last) {
      await handler.finish?.(tx, { ...jobFromRow(current), processed: cursor, counts });
      await appendAudit(tx, {
        actor: current.created_by,
        action: 'bulk_job.complete',
        target: `bulk_job:${id}`,
        details: { kind: current.kind, total: current.total, ...counts },
      });
    }
    const status: BulkJobStatus = last ? 'completed' : current.status;
    const { rows: updated } = await tx.query<JobRow>(
      `UPDATE bulk_jobs SET cursor = $2, counts = $3, status = $4, updated_at = now(),
              claimed_until = CASE WHEN $5 THEN now() + $6 * interval '1 millisecond'
                                   WHEN $4 = 'completed' THEN NULL ELSE claimed_until END,
              claimed_by = CASE WHEN $4 = 'completed' THEN NULL ELSE claimed_by END,
              finished_at = CASE WHEN $4 = 'completed' THEN now() ELSE finished_at END,
              sealed_secret = CASE WHEN $4 = 'completed' THEN NULL ELSE sealed_secret END
        WHERE id = $1 RETURNING ${JOB_COLUMNS}`,
      [id, cursor, JSON.stringify(counts), status, ours && !last, leaseMs],
    );
    const next = jobFromRow(updated[0]!);
    return ours && !last ? { more: true, job: next } : { more: false, job: next };
  });
}

/** The outcomes of the items up to `cursor`, counted from the items themselves. */
async function countOutcomes(tx: Queryable, id: string, cursor: number): Promise<BulkJobCounts> {
  const { rows } = await tx.query<{ outcome: ItemOutcome; n: string | number }>(
    `SELECT outcome, count(*) AS n FROM bulk_job_items
      WHERE job_id = $1 AND position <= $2 AND outcome IS NOT NULL GROUP BY outcome`,
    [id, cursor],
  );
  return countsOf(Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)])));
}

async function writeOutcomes(
  tx: Queryable,
  id: string,
  done: readonly { position: number; result: ItemResult }[],
): Promise<void> {
  // Only items still without an outcome: one an item handler recorded with its effect stays as recorded.
  await tx.query(
    `UPDATE bulk_job_items i SET outcome = d.outcome, reason = d.reason, account_id = d.account_id,
            certificate_serial = d.certificate_serial
       FROM unnest($2::int[], $3::text[], $4::text[], $5::uuid[], $6::text[])
            AS d(position, outcome, reason, account_id, certificate_serial)
      WHERE i.job_id = $1 AND i.position = d.position AND i.outcome IS NULL`,
    [
      id,
      done.map((d) => d.position),
      done.map((d) => d.result.outcome),
      done.map((d) => d.result.reason ?? null),
      done.map((d) => d.result.accountId ?? null),
      done.map((d) => d.result.certificateSerial ?? null),
    ],
  );
}

/** Marks a job failed after an unexpected error in a batch (the batch rolled back), audited. */
export async function failBulkJob(db: Db, id: string, message: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ kind: string; created_by: string }>(
      `UPDATE bulk_jobs SET status = 'failed', error = $2, claimed_until = NULL, claimed_by = NULL,
              finished_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'running' RETURNING kind, created_by`,
      [id, message.slice(0, 500)],
    );
    if (rows[0]) {
      await appendAudit(tx, {
        actor: rows[0].created_by,
        action: 'bulk_job.fail',
        target: `bulk_job:${id}`,
        details: { kind: rows[0].kind, error: message.slice(0, 500) },
      });
    }
  });
}

/** What an item's input becomes once erased: the report shows that it was, and nothing of the row. */
export const ERASED_INPUT = { erased: true } as const;

/** Whether an item's input was erased after the retention period. */
export const isErasedInput = (input: Record<string, unknown>): boolean => input.erased === true;

/** The jobs and items whose inputs one erasing removed. */
export interface ErasedInputs {
  jobs: number;
  items: number;
}

/**
 * Erases the inputs of the items of jobs that finished (completed,
 * cancelled or failed) before `finishedBefore`: raw HR rows hold SNILS,
 * INN and birth dates, which are kept no longer than the report needs them.
 * Outcome, reason and account stay, so the report still says what became
 * of each row; a failed job so erased can no longer resume, so the secret
 * it kept for a resume (a campaign's sealed PIN) goes too. One transaction,
 * audited as one `bulk_job.items_erase` when anything was erased.
 */
export async function eraseFinishedJobInputs(
  db: Db,
  finishedBefore: Date,
  retentionDays: number,
): Promise<ErasedInputs> {
  return db.transaction(async (tx) => {
    const { rows: jobs } = await tx.query<{ id: string }>(
      `UPDATE bulk_jobs SET input_erased_at = now(), sealed_secret = NULL
        WHERE status IN ('completed', 'cancelled', 'failed') AND finished_at < $1 AND input_erased_at IS NULL
        RETURNING id`,
      [finishedBefore],
    );
    if (jobs.length === 0) return { jobs: 0, items: 0 };
    const ids = jobs.map((j) => j.id).sort();
    const { rows } = await tx.query<{ n: number }>(
      `WITH erased AS (UPDATE bulk_job_items SET input = $2::jsonb WHERE job_id = ANY($1::uuid[]) RETURNING 1)
       SELECT count(*)::int AS n FROM erased`,
      [ids, JSON.stringify(ERASED_INPUT)],
    );
    const items = rows[0]!.n;
    await appendAudit(tx, {
      actor: 'system',
      action: 'bulk_job.items_erase',
      details: { jobs: ids, items, retentionDays },
    });
    return { jobs: ids.length, items };
  });
}
