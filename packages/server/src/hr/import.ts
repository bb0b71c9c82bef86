import { appendAudit } from '../audit/audit-log.js';
import {
  bulkJobItems,
  createBulkJob,
  getBulkJob,
  type BulkItem,
  type BulkJob,
  type BulkJobHandler,
  type ItemResult,
} from '../bulk/jobs.js';
import { listCertificates, suspendCertificate } from '../ca/certificates.js';
import type { AuthorityContext } from '../ca/authorities.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import type { ChangeContext } from '../people/accounts.js';
import { accountOfIdentity, insertIdentity } from '../people/identities.js';
import { insertUser, replaceUserProfile, userIdBySnils } from '../people/users.js';
import { readHrFile, type HrEncoding, type HrFormat } from './hr-file.js';
import { assertColumnsPresent, mapRow, type HrMapping } from './mapping.js';
import { getHrSource, identitySource } from './sources.js';

/** What an HR import job was asked to do; the mapping is a snapshot, so editing the source later changes no running job. */
export interface HrImportParams extends Record<string, unknown> {
  sourceId: string;
  mapping: HrMapping;
  /** A full export lists every employee: those missing from it are leavers (when the source marks them). */
  full: boolean;
  markLeavers: boolean;
  encoding: 'utf-8' | 'windows-1251';
  format: 'csv' | 'json';
  fileName: string | null;
}

/** An item: the export row as read, its personnel number, and the earlier row it repeats. */
type HrItemInput = { row: Record<string, string>; externalId: string; duplicateOf?: number };

/**
 * Reads an HR export and queues its import as a bulk job (status `queued`):
 * the file is decoded, parsed and checked against the source's mapping here,
 * so a bad file (HR_FILE_ENCODING, HR_FILE_MALFORMED, HR_FILE_TOO_LARGE,
 * HR_MAPPING_INVALID for a missing column) is refused whole and no job exists.
 * Rows repeating an earlier row's personnel number are marked now and
 * skipped by the job.
 */
export async function startHrImport(
  db: Db,
  input: {
    sourceId: string;
    file: Uint8Array;
    fileName?: string;
    format?: HrFormat;
    encoding?: HrEncoding;
    delimiter?: string;
    full?: boolean;
  },
  context: ChangeContext,
): Promise<BulkJob> {
  const source = await getHrSource(db, input.sourceId);
  const table = readHrFile(input.file, {
    format: input.format ?? 'auto',
    encoding: input.encoding ?? source.encoding,
    ...(input.delimiter !== undefined ? { delimiter: input.delimiter } : {}),
  });
  assertColumnsPresent(source.mapping, table.columns);
  const idColumn = source.mapping.columns.externalId!;
  const firstRow = new Map<string, number>();
  const items: HrItemInput[] = table.rows.map((row, index) => {
    const externalId = row[idColumn]?.trim() ?? '';
    const earlier = externalId === '' ? undefined : firstRow.get(externalId);
    if (externalId !== '' && earlier === undefined) firstRow.set(externalId, index + 1);
    return { row, externalId, ...(earlier !== undefined ? { duplicateOf: earlier } : {}) };
  });
  const params: HrImportParams = {
    sourceId: source.id,
    mapping: source.mapping,
    full: input.full ?? false,
    markLeavers: source.markLeavers,
    encoding: table.encoding,
    format: table.format,
    fileName: input.fileName ?? null,
  };
  const id = await db.transaction((tx) => createBulkJob(tx, { kind: 'hr.import', params, items }, context));
  return getBulkJob(db, id);
}

type RecordRow = { external_id: string; account_id: string; row_hash: string; status: 'present' | 'left' };

type Prepared = { records: Map<string, RecordRow> };

/** The `hr.import` job: each row creates, updates or leaves alone one user, linked by personnel number. */
export const hrImportHandler: BulkJobHandler = {
  kind: 'hr.import',
  batchSize: 200,

  async prepare(tx, job, items): Promise<Prepared> {
    const params = job.params as HrImportParams;
    const ids = items.map((i) => (i.input as HrItemInput).externalId).filter((id) => id !== '');
    const { rows } = await tx.query<RecordRow>(
      `SELECT external_id, account_id, row_hash, status FROM hr_records WHERE source_id = $1 AND external_id = ANY($2::text[])`,
      [params.sourceId, ids],
    );
    return { records: new Map(rows.map((r) => [r.external_id, r])) };
  },

  async processItem(tx, job, item: BulkItem, prepared): Promise<ItemResult> {
    const params = job.params as HrImportParams;
    const input = item.input as HrItemInput;
    if (input.duplicateOf !== undefined) {
      return {
        outcome: 'skipped',
        reason: `DUPLICATE: personnel number ${input.externalId} is already in row ${input.duplicateOf}`,
      };
    }
    const mapped = mapRow(input.row, params.mapping);
    if (!mapped.ok) return { outcome: 'skipped', reason: `${mapped.code}: ${mapped.message}` };
    const context = {
      actor: job.createdBy,
      details: { source: identitySource(params.sourceId), jobId: job.id, row: item.position },
    };
    const record = (prepared as Prepared).records.get(mapped.externalId);
    if (record) {
      if (record.row_hash === mapped.hash && record.status === 'present') {
        return { outcome: 'unchanged', accountId: record.account_id };
      }
      await replaceUserProfile(tx, record.account_id, mapped.profile, context);
      await saveRecord(tx, params.sourceId, mapped.externalId, record.account_id, mapped.hash, job.id);
      if (record.status === 'left') {
        await appendAudit(tx, {
          actor: job.createdBy,
          action: 'hr.employee_returned',
          target: `account:${record.account_id}`,
          details: { source: identitySource(params.sourceId), externalId: mapped.externalId, jobId: job.id },
        });
      }
      return { outcome: 'updated', accountId: record.account_id };
    }
    const source = identitySource(params.sourceId);
    const byIdentity = await accountOfIdentity(tx, source, mapped.externalId);
    const linked =
      byIdentity ??
      (mapped.profile.snils !== undefined
        ? await unlinkedUserBySnils(tx, source, mapped.profile.snils)
        : undefined);
    if (linked) {
      // Registered before the first import (by hand, or linked without a record): adopt it.
      if (byIdentity === undefined) {
        await insertIdentity(tx, { accountId: linked, source, externalId: mapped.externalId }, context);
      }
      const { changed } = await replaceUserProfile(tx, linked, mapped.profile, context);
      await saveRecord(tx, params.sourceId, mapped.externalId, linked, mapped.hash, job.id);
      return { outcome: changed ? 'updated' : 'unchanged', accountId: linked, reason: 'linked by SNILS' };
    }
    // No password yet: the temporary ones are made when the operator chooses how to hand them out.
    const user = await insertUser(
      tx,
      { login: mapped.login, profile: mapped.profile, mustChangePassword: true },
      context,
    );
    await insertIdentity(tx, { accountId: user.id, source, externalId: mapped.externalId }, context);
    await saveRecord(tx, params.sourceId, mapped.externalId, user.id, mapped.hash, job.id);
    return { outcome: 'created', accountId: user.id };
  },

  async finish(tx, job) {
    const params = job.params as HrImportParams;
    if (!params.full || !params.markLeavers) return [];
    const { rows } = await tx.query<{ external_id: string; account_id: string }>(
      `UPDATE hr_records r SET status = 'left', left_at = now(), last_job_id = $2, updated_at = now()
        WHERE r.source_id = $1 AND r.status = 'present'
          AND NOT EXISTS (SELECT 1 FROM bulk_job_items i WHERE i.job_id = $2 AND i.input->>'externalId' = r.external_id)
        RETURNING r.external_id, r.account_id`,
      [params.sourceId, job.id],
    );
    rows.sort((a, b) => a.external_id.localeCompare(b.external_id));
    for (const row of rows) {
      await appendAudit(tx, {
        actor: job.createdBy,
        action: 'hr.employee_left',
        target: `account:${row.account_id}`,
        details: { source: identitySource(params.sourceId), externalId: row.external_id, jobId: job.id },
      });
    }
    return rows.map((row) => ({
      input: { externalId: row.external_id },
      result: {
        outcome: 'left' as const,
        accountId: row.account_id,
        reason: 'LEFT: missing from the full export (confirm to suspend the certificates)',
      },
    }));
  },
};

async function unlinkedUserBySnils(
  tx: Queryable,
  source: string,
  snils: string,
): Promise<string | undefined> {
  const id = await userIdBySnils(tx, snils);
  if (id === undefined) return undefined;
  const { rows } = await tx.query('SELECT 1 FROM account_identities WHERE account_id = $1 AND source = $2', [
    id,
    source,
  ]);
  if (rows.length > 0) {
    throw new DomainError('HR_DUPLICATE_PERSON', `SNILS ${snils} belongs to another employee of this source`);
  }
  return id;
}

async function saveRecord(
  tx: Queryable,
  sourceId: string,
  externalId: string,
  accountId: string,
  hash: string,
  jobId: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO hr_records (source_id, external_id, account_id, row_hash, status, last_job_id)
     VALUES ($1, $2, $3, $4, 'present', $5)
     ON CONFLICT (source_id, external_id) DO UPDATE SET account_id = EXCLUDED.account_id, row_hash = EXCLUDED.row_hash,
       status = 'present', left_at = NULL, last_job_id = EXCLUDED.last_job_id, updated_at = now()`,
    [sourceId, externalId, accountId, hash, jobId],
  );
}

/** A value for a CSV cell: quoted when needed; a leading = + - @ is defused so a spreadsheet shows it as text. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The per-row report of an import as CSV (UTF-8 with a BOM, `;`-separated,
 * as spreadsheets in Russian locales open it): row, personnel number,
 * outcome, reason, account.
 */
export async function hrImportReportCsv(db: Queryable, jobId: string): Promise<string> {
  const items = await bulkJobItems(db, jobId);
  const lines = ['row;externalId;outcome;reason;accountId'];
  for (const item of items) {
    const input = item.input as Partial<HrItemInput>;
    lines.push(
      [
        String(item.position),
        input.externalId ?? '',
        item.outcome ?? 'pending',
        item.reason ?? '',
        item.accountId ?? '',
      ]
        .map(csvCell)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * The operator's confirmation for the leavers of a completed full import:
 * every valid certificate of each is suspended (audited by the CA as
 * `certificate.suspend`; a fresh CRL is published), and the confirmation
 * itself as `hr.leavers_confirm`.
 */
export async function suspendLeavers(
  ca: AuthorityContext,
  jobId: string,
  context: ChangeContext,
): Promise<{ accounts: number; suspended: string[] }> {
  const job = await getBulkJob(ca.db, jobId);
  if (job.status !== 'completed') {
    throw new DomainError('BULK_JOB_STATE', 'only a completed HR import has leavers to confirm', {
      jobStatus: job.status,
    });
  }
  const leavers = (await bulkJobItems(ca.db, jobId)).filter(
    (i) => i.outcome === 'left' && i.accountId !== null,
  );
  const suspended: string[] = [];
  for (const leaver of leavers) {
    const certificates = await listCertificates(ca.db, { accountId: leaver.accountId! }, ca.now());
    for (const certificate of certificates.filter((c) => c.status === 'valid')) {
      await suspendCertificate(ca, certificate.serial, context);
      suspended.push(certificate.serial);
    }
  }
  await ca.db.transaction((tx) =>
    appendAudit(tx, {
      actor: context.actor,
      ...(context.requestId ? { requestId: context.requestId } : {}),
      action: 'hr.leavers_confirm',
      target: `bulk_job:${jobId}`,
      details: { accounts: leavers.length, suspended: suspended.length },
    }),
  );
  return { accounts: leavers.length, suspended };
}
