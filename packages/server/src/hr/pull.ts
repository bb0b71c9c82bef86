import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { appendAudit } from '../audit/audit-log.js';
import { createBulkJob } from '../bulk/jobs.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import type { KeyStore } from '../keystore/index.js';
import type { ChangeContext } from '../people/accounts.js';
import { MAX_HR_FILE_BYTES } from './hr-file.js';
import { prepareHrImport } from './import.js';
import { fetchExport, shownUrl, type ExportResponse } from './pull-fetch.js';
import { getHrSource } from './sources.js';
import { checkCaCertificatePem } from '../core/ca-certificate-pem.js';

/** What the pull service works with. */
export interface HrPullContext {
  db: Db;
  /** Seals and opens the bearer token or Basic password under the master key. */
  sealer: Pick<KeyStore, 'sealSecret' | 'openSecret'>;
  /** PODPIS_HR_PULL_ALLOW_HTTP: plain http:// to loopback addresses is accepted (tests, a local TLS proxy). */
  allowHttp: boolean;
}

export const MIN_PULL_INTERVAL_MINUTES = 5;
export const MAX_PULL_INTERVAL_MINUTES = 7 * 24 * 60;
export const DEFAULT_PULL_TIMEOUT_SECONDS = 30;
export const DEFAULT_PULL_MAX_BYTES = 16 * 1024 * 1024;

export type HrPullAuthType = 'none' | 'bearer' | 'basic';

/** How Podpis authenticates to the HR system; secrets are write-only (absent: keep the saved one). */
export type HrPullAuthInput =
  | { type: 'none' }
  | { type: 'bearer'; token?: string }
  | { type: 'basic'; username: string; password?: string };

export interface HrPullInput {
  url: string;
  auth: HrPullAuthInput;
  caCertificate?: string | null;
  intervalMinutes: number;
  recordsPath?: string;
  timeoutSeconds?: number;
  maxBytes?: number;
  full?: boolean;
  enabled?: boolean;
}

export type HrPullStatus = 'imported' | 'unchanged' | 'failed';

/** A source's pull as administrators see it: never the token or password, only whether one is saved. */
export interface HrPull {
  sourceId: string;
  url: string;
  auth: { type: HrPullAuthType; username: string | null; secretSaved: boolean };
  caCertificate: string | null;
  intervalMinutes: number;
  recordsPath: string;
  timeoutSeconds: number;
  maxBytes: number;
  full: boolean;
  enabled: boolean;
  nextPullAt: string;
  lastPullAt: string | null;
  lastStatus: HrPullStatus | null;
  lastError: string | null;
  lastJobId: string | null;
  updatedAt: string;
}

type PullRow = {
  source_id: string;
  url: string;
  auth_type: HrPullAuthType;
  auth_username: string | null;
  secret_sealed: Uint8Array | null;
  ca_certificate: string | null;
  interval_minutes: number;
  records_path: string;
  timeout_ms: number;
  max_bytes: number;
  full_export: boolean;
  enabled: boolean;
  next_pull_at: Date;
  last_pull_at: Date | null;
  last_status: HrPullStatus | null;
  last_error: string | null;
  last_job_id: string | null;
  last_body_sha256: string | null;
  last_etag: string | null;
  last_source_updated_at: Date | null;
  updated_at: Date;
};

const COLUMNS = `source_id, url, auth_type, auth_username, secret_sealed, ca_certificate, interval_minutes,
  records_path, timeout_ms, max_bytes, full_export, enabled, next_pull_at, last_pull_at, last_status, last_error,
  last_job_id, last_body_sha256, last_etag, last_source_updated_at, updated_at`;

/** What the key store's sealing calls the secrets of this service. */
const SEALING_PURPOSE = 'hr-pull';

function pullFromRow(row: PullRow): HrPull {
  return {
    sourceId: row.source_id,
    url: row.url,
    auth: {
      type: row.auth_type,
      username: row.auth_username,
      secretSaved: row.secret_sealed !== null,
    },
    caCertificate: row.ca_certificate,
    intervalMinutes: row.interval_minutes,
    recordsPath: row.records_path,
    timeoutSeconds: row.timeout_ms / 1000,
    maxBytes: row.max_bytes,
    full: row.full_export,
    enabled: row.enabled,
    nextPullAt: row.next_pull_at.toISOString(),
    lastPullAt: row.last_pull_at?.toISOString() ?? null,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastJobId: row.last_job_id,
    updatedAt: row.updated_at.toISOString(),
  };
}

const invalid = (field: string, message: string) => new DomainError('HR_PULL_INVALID', message, { field });

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** https:// with a host; http:// only to loopback and only when the installation allows it; no user information. */
export function checkPullUrl(url: string, allowHttp: boolean): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw invalid('url', 'not a URL');
  }
  if (parsed.username || parsed.password) {
    throw invalid('url', 'the URL must not carry a user name or password: use the authentication settings');
  }
  if (parsed.protocol === 'http:') {
    if (!allowHttp || !isLoopback(parsed.hostname)) {
      throw invalid(
        'url',
        'the URL must start with https:// (plain http:// only to a loopback address, with PODPIS_HR_PULL_ALLOW_HTTP)',
      );
    }
  } else if (parsed.protocol !== 'https:') {
    throw invalid('url', 'the URL must start with https://');
  }
  parsed.hash = '';
  return parsed.toString();
}

function checkCaCertificate(pem: string | null | undefined): string | null {
  return checkCaCertificatePem(pem, invalid);
}

function checkRange(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** `data.employees` (a leading `$.` allowed): object keys, dot-separated; '' is the body itself. */
function checkRecordsPath(path: string | undefined): string {
  const text = (path ?? '').trim().replace(/^\$\.?/, '');
  if (text === '') return '';
  if (!/^[^.\s]+(\.[^.\s]+)*$/.test(text) || text.length > 200) {
    throw invalid('recordsPath', 'the records path is object keys separated by dots, e.g. data.employees');
  }
  return text;
}

type Secret = { secret: string };

function sealSecret(ctx: Pick<HrPullContext, 'sealer'>, sourceId: string, secret: string): Buffer {
  return Buffer.from(
    ctx.sealer.sealSecret(SEALING_PURPOSE, sourceId, Buffer.from(JSON.stringify({ secret }), 'utf8')),
  );
}

function openSecret(ctx: Pick<HrPullContext, 'sealer'>, row: PullRow): string {
  const opened = ctx.sealer.openSecret(SEALING_PURPOSE, row.source_id, Buffer.from(row.secret_sealed!));
  return (JSON.parse(Buffer.from(opened).toString('utf8')) as Secret).secret;
}

async function findRow(db: Queryable, sourceId: string): Promise<PullRow | undefined> {
  const { rows } = await db.query<PullRow>(`SELECT ${COLUMNS} FROM hr_pulls WHERE source_id = $1`, [
    sourceId,
  ]);
  return rows[0];
}

export async function getHrPull(db: Queryable, sourceId: string): Promise<HrPull> {
  const row = await findRow(db, sourceId);
  if (!row) throw new DomainError('HR_PULL_NOT_FOUND', `the HR source ${sourceId} has no pull`);
  return pullFromRow(row);
}

/**
 * Sets up or changes a source's pull, audited as `hr_pull.save` with the
 * names of the settings (never the token or password, which are sealed
 * under the master key and never shown again). A bearer token or Basic
 * password left out keeps the saved one while the type stays. The next
 * pull is due at once, and it imports even a body equal to the last one.
 */
export async function saveHrPull(
  ctx: HrPullContext,
  sourceId: string,
  input: HrPullInput,
  context: ChangeContext,
): Promise<HrPull> {
  await getHrSource(ctx.db, sourceId);
  const current = await findRow(ctx.db, sourceId);
  const url = checkPullUrl(input.url, ctx.allowHttp);
  const auth = input.auth;
  let sealed: Buffer | null = null;
  let username: string | null = null;
  if (auth.type !== 'none') {
    const given = auth.type === 'bearer' ? auth.token : auth.password;
    if (auth.type === 'basic') {
      username = auth.username.trim();
      if (username === '' || username.includes(':')) {
        throw invalid('auth.username', 'the user name must not be empty nor hold a colon');
      }
    }
    if (auth.type === 'bearer' && given !== undefined && !/^[\x21-\x7e]*$/.test(given)) {
      throw invalid('auth.token', 'a bearer token is visible ASCII characters without spaces');
    }
    if (given !== undefined && given !== '') {
      sealed = sealSecret(ctx, sourceId, given);
    } else if (current?.auth_type === auth.type && current.secret_sealed !== null) {
      sealed = Buffer.from(current.secret_sealed);
    } else {
      throw invalid('auth', `give the ${auth.type === 'bearer' ? 'token' : 'password'}`);
    }
  }
  const settings = [
    sourceId,
    url,
    auth.type,
    username,
    sealed,
    checkCaCertificate(input.caCertificate),
    checkRange(
      'intervalMinutes',
      input.intervalMinutes,
      MIN_PULL_INTERVAL_MINUTES,
      MAX_PULL_INTERVAL_MINUTES,
    ),
    checkRecordsPath(input.recordsPath),
    checkRange('timeoutSeconds', input.timeoutSeconds ?? DEFAULT_PULL_TIMEOUT_SECONDS, 1, 300) * 1000,
    checkRange('maxBytes', input.maxBytes ?? DEFAULT_PULL_MAX_BYTES, 1024, MAX_HR_FILE_BYTES),
    input.full ?? true,
    input.enabled ?? true,
  ];
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<PullRow>(
      `INSERT INTO hr_pulls (source_id, url, auth_type, auth_username, secret_sealed, ca_certificate,
         interval_minutes, records_path, timeout_ms, max_bytes, full_export, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (source_id) DO UPDATE SET url = EXCLUDED.url, auth_type = EXCLUDED.auth_type,
         auth_username = EXCLUDED.auth_username, secret_sealed = EXCLUDED.secret_sealed,
         ca_certificate = EXCLUDED.ca_certificate, interval_minutes = EXCLUDED.interval_minutes,
         records_path = EXCLUDED.records_path, timeout_ms = EXCLUDED.timeout_ms, max_bytes = EXCLUDED.max_bytes,
         full_export = EXCLUDED.full_export, enabled = EXCLUDED.enabled, next_pull_at = now(),
         last_body_sha256 = NULL, last_etag = NULL, updated_at = now()
       RETURNING ${COLUMNS}`,
      settings,
    );
    await appendAudit(tx, {
      ...context,
      action: 'hr_pull.save',
      target: `hr_source:${sourceId}`,
      details: {
        url: shownUrl(url),
        auth: auth.type,
        intervalMinutes: input.intervalMinutes,
        full: input.full ?? true,
        enabled: input.enabled ?? true,
        secretChanged:
          auth.type !== 'none' && (auth.type === 'bearer' ? auth.token : auth.password) !== undefined,
      },
    });
    return pullFromRow(rows[0]!);
  });
}

/** Removes a source's pull (the source and its imports stay), audited as `hr_pull.delete`. */
export async function deleteHrPull(db: Db, sourceId: string, context: ChangeContext): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ url: string }>(
      'DELETE FROM hr_pulls WHERE source_id = $1 RETURNING url',
      [sourceId],
    );
    if (!rows[0]) throw new DomainError('HR_PULL_NOT_FOUND', `the HR source ${sourceId} has no pull`);
    await appendAudit(tx, {
      ...context,
      action: 'hr_pull.delete',
      target: `hr_source:${sourceId}`,
      details: { url: shownUrl(rows[0].url) },
    });
  });
}

/** What one pull did: queued an import job, found the export unchanged, or failed (the error recorded). */
export type PullOutcome =
  { status: 'imported'; jobId: string } | { status: 'unchanged' } | { status: 'failed'; error: DomainError };

/** Who asked for a pull: the schedule (the actor `system`) or a person's "pull now". */
export type PullTrigger = { kind: 'schedule' } | { kind: 'manual'; context: ChangeContext };

/** Margin over the pull's own timeout before another node may take a claimed source. */
const CLAIM_MARGIN_MS = 60_000;

/**
 * Takes the source for one pull: scheduled pulls only when enabled and due.
 * A node that died mid-pull frees the source after its timeout and a margin.
 */
async function claim(db: Db, sourceId: string, scheduled: boolean): Promise<PullRow | undefined> {
  const { rows } = await db.query<PullRow>(
    `UPDATE hr_pulls SET pulling_until = now() + (timeout_ms + $2) * interval '1 millisecond'
      WHERE source_id = $1 AND (pulling_until IS NULL OR pulling_until < now())
        ${scheduled ? 'AND enabled AND next_pull_at <= now()' : ''}
      RETURNING ${COLUMNS}`,
    [sourceId, CLAIM_MARGIN_MS],
  );
  return rows[0];
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The records array of a pulled body at `path`, as JSON bytes for the import; HR_FILE_MALFORMED otherwise. */
export function recordsAt(body: Buffer, path: string): Buffer {
  if (path === '') return body;
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new DomainError('HR_FILE_MALFORMED', `not valid JSON: ${(error as Error).message}`);
  }
  for (const key of path.split('.')) {
    value =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  if (!Array.isArray(value)) {
    throw new DomainError('HR_FILE_MALFORMED', `the JSON has no array of records at ${path}`);
  }
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/**
 * Pulls one source now: GETs its export (If-None-Match with the last ETag),
 * and unless the body is the one last imported under the same mapping,
 * checks it as an upload is checked and queues an `hr.import` job — so the
 * validation, per-row report, idempotency and leavers are the import's own.
 * The job, the source's last pull time, status, error and the body's
 * SHA-256 are written in one transaction. A failure (HTTP status, timeout,
 * size, TLS, invalid JSON, a missing column) imports nothing and is
 * recorded; a schedule's failure is audited (`hr_pull.fail`) when the last
 * pull had not failed, a person's pull always (`hr_pull.run`).
 * Returns undefined when the source is not to be pulled now (a scheduled
 * pull not due, or another node's pull in progress).
 */
export async function pullHrSource(
  ctx: HrPullContext,
  sourceId: string,
  trigger: PullTrigger,
): Promise<PullOutcome | undefined> {
  const row = await claim(ctx.db, sourceId, trigger.kind === 'schedule');
  if (!row) {
    if (trigger.kind === 'schedule') return undefined;
    await getHrPull(ctx.db, sourceId);
    throw new DomainError('HR_PULL_BUSY', `the HR source ${sourceId} is being pulled right now`);
  }
  const context: ChangeContext = trigger.kind === 'manual' ? trigger.context : { actor: 'system' };
  let outcome: PullOutcome;
  let prepared: Awaited<ReturnType<typeof prepareHrImport>> | undefined;
  let fetched: ExportResponse | undefined;
  let fingerprint: string | null = null;
  let sourceUpdatedAt: Date | undefined;
  try {
    const source = await getHrSource(ctx.db, sourceId);
    sourceUpdatedAt = new Date(source.updatedAt);
    const sameMapping = row.last_source_updated_at?.getTime() === sourceUpdatedAt.getTime();
    const headers: Record<string, string> = {};
    if (row.auth_type === 'bearer') headers.authorization = `Bearer ${openSecret(ctx, row)}`;
    if (row.auth_type === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${row.auth_username}:${openSecret(ctx, row)}`).toString('base64')}`;
    }
    if (sameMapping && row.last_etag !== null) headers['if-none-match'] = row.last_etag;
    fetched = await fetchExport({
      url: row.url,
      headers,
      caCertificate: row.ca_certificate,
      timeoutMs: row.timeout_ms,
      maxBytes: row.max_bytes,
    });
    if (fetched.kind === 'body') fingerprint = sha256(fetched.body);
    if (fetched.kind === 'not-modified' || (sameMapping && fingerprint === row.last_body_sha256)) {
      outcome = { status: 'unchanged' };
    } else {
      prepared = await prepareHrImport(ctx.db, {
        sourceId,
        file: recordsAt(fetched.body, row.records_path),
        format: 'json',
        fileName: shownUrl(row.url),
        full: row.full_export,
      });
      outcome = { status: 'imported', jobId: '' };
    }
  } catch (error) {
    if (!(error instanceof DomainError)) {
      await ctx.db.query('UPDATE hr_pulls SET pulling_until = NULL WHERE source_id = $1', [sourceId]);
      throw error;
    }
    outcome = { status: 'failed', error };
  }
  return ctx.db.transaction(async (tx) => {
    let jobId: string | null = null;
    if (prepared) {
      jobId = await createBulkJob(tx, prepared, context);
      outcome = { status: 'imported', jobId };
    }
    const failed = outcome.status === 'failed' ? outcome.error : undefined;
    const etag = fetched?.kind === 'body' ? fetched.etag : row.last_etag;
    await tx.query(
      `UPDATE hr_pulls SET pulling_until = NULL, last_pull_at = now(), last_status = $2, last_error = $3,
         last_job_id = COALESCE($4, last_job_id),
         last_body_sha256 = CASE WHEN $4::uuid IS NOT NULL THEN $5 ELSE last_body_sha256 END,
         last_etag = CASE WHEN $4::uuid IS NOT NULL OR $2 = 'unchanged' THEN $6 ELSE last_etag END,
         last_source_updated_at = CASE WHEN $4::uuid IS NOT NULL THEN $7 ELSE last_source_updated_at END,
         next_pull_at = now() + interval_minutes * interval '1 minute'
       WHERE source_id = $1`,
      [
        sourceId,
        outcome.status,
        failed ? `${failed.code}: ${failed.message}`.slice(0, 1000) : null,
        jobId,
        fingerprint,
        etag,
        sourceUpdatedAt ?? null,
      ],
    );
    const details = {
      url: shownUrl(row.url),
      status: outcome.status,
      ...(jobId ? { jobId } : {}),
      ...(failed
        ? {
            error: failed.code,
            reason: typeof failed.details?.reason === 'string' ? failed.details.reason : null,
          }
        : {}),
    };
    if (trigger.kind === 'manual') {
      await appendAudit(tx, { ...context, action: 'hr_pull.run', target: `hr_source:${sourceId}`, details });
    } else if (failed && row.last_status !== 'failed') {
      await appendAudit(tx, {
        actor: 'system',
        action: 'hr_pull.fail',
        target: `hr_source:${sourceId}`,
        details,
      });
    }
    return outcome;
  });
}

/** What one run of the schedule did. */
export interface PullRunReport {
  imported: number;
  unchanged: number;
  failed: number;
}

/** Pulls every enabled source whose next pull is due, one after another; `onImported` hears of each job. */
export async function pullDueSources(
  ctx: HrPullContext,
  onImported: (jobId: string) => void = () => undefined,
  signal?: AbortSignal,
): Promise<PullRunReport> {
  const { rows } = await ctx.db.query<{ source_id: string }>(
    `SELECT source_id FROM hr_pulls WHERE enabled AND next_pull_at <= now()
        AND (pulling_until IS NULL OR pulling_until < now())
      ORDER BY next_pull_at, source_id`,
  );
  const report: PullRunReport = { imported: 0, unchanged: 0, failed: 0 };
  for (const { source_id } of rows) {
    if (signal?.aborted) break;
    const outcome = await pullHrSource(ctx, source_id, { kind: 'schedule' });
    if (!outcome) continue;
    report[outcome.status] += 1;
    if (outcome.status === 'imported') onImported(outcome.jobId);
  }
  return report;
}
