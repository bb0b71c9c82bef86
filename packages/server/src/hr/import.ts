import { appendAudit } from '../audit/audit-log.js';
import {
  bulkJobItems,
  createBulkJob,
  getBulkJob,
  isErasedInput,
  itemUnderSavepoint,
  type BulkJob,
  type BulkJobHandler,
  type ItemResult,
} from '../bulk/jobs.js';
import { listCertificates, suspendCertificate } from '../ca/certificates.js';
import type { AuthorityContext } from '../ca/authorities.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import type { ChangeContext } from '../people/accounts.js';
import { isValidLogin, takenLogins } from '../people/accounts.js';
import {
  accountsOfIdentities,
  hasIdentityIn,
  insertIdentities,
  insertIdentity,
} from '../people/identities.js';
import { insertUsers, replaceUserProfile, usersBySnils } from '../people/users.js';
import type { Profile } from '../people/profile.js';
import { issueTemporaryPasswords } from '../people/temporary-passwords.js';
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
export async function startHrImport(db: Db, input: HrImportInput, context: ChangeContext): Promise<BulkJob> {
  const job = await prepareHrImport(db, input);
  const id = await db.transaction((tx) => createBulkJob(tx, job, context));
  return getBulkJob(db, id);
}

/** An export to import, as an upload or a pull gives it. */
export interface HrImportInput {
  sourceId: string;
  file: Uint8Array;
  fileName?: string;
  format?: HrFormat;
  encoding?: HrEncoding;
  delimiter?: string;
  full?: boolean;
}

/** A checked export, ready to become a job with `createBulkJob` in the caller's transaction. */
export interface PreparedHrImport {
  kind: 'hr.import';
  params: HrImportParams;
  items: HrItemInput[];
}

/**
 * Reads and checks an export against its source's mapping (everything
 * `startHrImport` refuses a file for), without writing anything: a pull
 * creates the job in the transaction that records the pull.
 */
export async function prepareHrImport(db: Queryable, input: HrImportInput): Promise<PreparedHrImport> {
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
  return { kind: 'hr.import', params, items };
}

type RecordRow = { external_id: string; account_id: string; row_hash: string; status: 'present' | 'left' };

/**
 * The `hr.import` job: each row creates, updates or leaves alone one user,
 * linked by personnel number. A batch reads what it needs with a few
 * queries (records, identities, SNILS, logins), registers all its new
 * employees with a few more, and takes the rare rows that change an existing
 * user one by one, each under its own savepoint.
 */
export const hrImportHandler: BulkJobHandler = {
  kind: 'hr.import',
  batchSize: 500,

  async processBatch(tx, job, items, services): Promise<ItemResult[]> {
    const params = job.params as HrImportParams;
    const source = identitySource(params.sourceId);
    const results: (ItemResult | undefined)[] = items.map(() => undefined);
    const mapped = items.map((item, i) => {
      const input = item.input as HrItemInput;
      if (input.duplicateOf !== undefined) {
        results[i] = {
          outcome: 'skipped',
          reason: `DUPLICATE: personnel number ${input.externalId} is already in row ${input.duplicateOf}`,
        };
        return undefined;
      }
      const row = mapRow(input.row, params.mapping);
      if (!row.ok) {
        results[i] = { outcome: 'skipped', reason: `${row.code}: ${row.message}` };
        return undefined;
      }
      return row;
    });
    const valid = mapped.flatMap((m, i) => (m ? [{ i, row: m }] : []));
    const { rows: recordRows } = await tx.query<RecordRow>(
      `SELECT external_id, account_id, row_hash, status FROM hr_records WHERE source_id = $1 AND external_id = ANY($2::text[])`,
      [params.sourceId, valid.map((v) => v.row.externalId)],
    );
    const records = new Map(recordRows.map((r) => [r.external_id, r]));
    const unknown = valid.filter((v) => !records.has(v.row.externalId));
    const linked = await accountsOfIdentities(
      tx,
      source,
      unknown.map((v) => v.row.externalId),
    );
    const bySnils = await usersBySnils(
      tx,
      unknown.flatMap((v) => (v.row.profile.snils !== undefined ? [v.row.profile.snils] : [])),
    );
    const context = { actor: job.createdBy };
    const details = (position: number) => ({ source, jobId: job.id, row: position });

    // Rows of employees the source knows: unchanged, or changed one by one.
    for (const { i, row } of valid) {
      const record = records.get(row.externalId);
      if (!record) continue;
      if (record.row_hash === row.hash && record.status === 'present') {
        results[i] = { outcome: 'unchanged', accountId: record.account_id };
        continue;
      }
      results[i] = await itemUnderSavepoint(tx, async () => {
        await replaceUserProfile(tx, record.account_id, row.profile, {
          ...context,
          details: details(items[i]!.position),
        });
        await saveRecords(tx, params.sourceId, job.id, [
          { externalId: row.externalId, accountId: record.account_id, hash: row.hash, profile: row.profile },
        ]);
        if (record.status === 'left') {
          await appendAudit(tx, {
            actor: job.createdBy,
            action: 'hr.employee_returned',
            target: `account:${record.account_id}`,
            details: { source, externalId: row.externalId, jobId: job.id },
          });
        }
        return { outcome: 'updated', accountId: record.account_id };
      });
    }

    // Employees registered before (linked, or by hand with the same SNILS): adopted one by one.
    const fresh: typeof unknown = [];
    const claimedSnils = new Set<string>();
    for (const v of unknown) {
      const { i, row } = v;
      const account =
        linked.get(row.externalId) ?? (row.profile.snils ? bySnils.get(row.profile.snils) : undefined);
      if (account === undefined) {
        fresh.push(v);
        continue;
      }
      results[i] = await itemUnderSavepoint(tx, async () => {
        if (!linked.has(row.externalId)) {
          if (claimedSnils.has(row.profile.snils!) || (await hasIdentityIn(tx, account, source))) {
            throw new DomainError(
              'HR_DUPLICATE_PERSON',
              `SNILS ${row.profile.snils!} belongs to another employee of this source`,
            );
          }
          claimedSnils.add(row.profile.snils!);
          await insertIdentity(tx, { accountId: account, source, externalId: row.externalId }, context);
        }
        const { changed } = await replaceUserProfile(tx, account, row.profile, {
          ...context,
          details: details(items[i]!.position),
        });
        await saveRecords(tx, params.sourceId, job.id, [
          { externalId: row.externalId, accountId: account, hash: row.hash, profile: row.profile },
        ]);
        return {
          outcome: changed ? 'updated' : 'unchanged',
          accountId: account,
          reason: 'linked to the registered user with this SNILS',
        };
      });
    }

    // New employees: checked together, registered together.
    const taken = await takenLogins(
      tx,
      fresh.map((v) => v.row.login),
    );
    const newcomers: typeof fresh = [];
    for (const v of fresh) {
      const login = v.row.login.toLowerCase();
      const snils = v.row.profile.snils;
      if (!isValidLogin(v.row.login)) {
        results[v.i] = { outcome: 'skipped', reason: `LOGIN_INVALID: ${v.row.login} cannot be a login` };
      } else if (taken.has(login)) {
        results[v.i] = {
          outcome: 'skipped',
          reason: `LOGIN_TAKEN: the login ${v.row.login} is already taken`,
        };
      } else if (snils !== undefined && claimedSnils.has(snils)) {
        results[v.i] = {
          outcome: 'skipped',
          reason: `HR_DUPLICATE_PERSON: SNILS ${snils} is already in another row`,
        };
      } else {
        taken.add(login);
        if (snils !== undefined) claimedSnils.add(snils);
        newcomers.push(v);
      }
    }
    const ids = await insertUsers(
      tx,
      newcomers.map((v) => ({
        login: v.row.login,
        profile: v.row.profile,
        details: details(items[v.i]!.position),
      })),
      context,
    );
    if (services?.temporaryPasswords) {
      await issueTemporaryPasswords(tx, services.temporaryPasswords, job.id, ids);
    }
    await insertIdentities(
      tx,
      source,
      newcomers.map((v, n) => ({ accountId: ids[n]!, externalId: v.row.externalId })),
      context,
    );
    await saveRecords(
      tx,
      params.sourceId,
      job.id,
      newcomers.map((v, n) => ({
        externalId: v.row.externalId,
        accountId: ids[n]!,
        hash: v.row.hash,
        profile: v.row.profile,
      })),
    );
    newcomers.forEach((v, n) => {
      results[v.i] = { outcome: 'created', accountId: ids[n]! };
    });
    return results.map((r) => r ?? { outcome: 'skipped', reason: 'INTERNAL: not processed' });
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

async function saveRecords(
  tx: Queryable,
  sourceId: string,
  jobId: string,
  records: readonly { externalId: string; accountId: string; hash: string; profile: Profile }[],
): Promise<void> {
  if (records.length === 0) return;
  await tx.query(
    `INSERT INTO hr_records (source_id, external_id, account_id, row_hash, status, last_job_id, data)
     SELECT $1, external_id, account_id, row_hash, 'present', $5, data::jsonb
       FROM unnest($2::text[], $3::uuid[], $4::text[], $6::text[]) AS r(external_id, account_id, row_hash, data)
     ON CONFLICT (source_id, external_id) DO UPDATE SET account_id = EXCLUDED.account_id, row_hash = EXCLUDED.row_hash,
       status = 'present', left_at = NULL, last_job_id = EXCLUDED.last_job_id, data = EXCLUDED.data, updated_at = now()`,
    [
      sourceId,
      records.map((r) => r.externalId),
      records.map((r) => r.accountId),
      records.map((r) => r.hash),
      jobId,
      records.map((r) => JSON.stringify(r.profile)),
    ],
  );
}

/** A value for a CSV cell: quoted when needed; a leading = + - @ is defused so a spreadsheet shows it as text. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** What the report shows for a row whose input was erased after the retention period. */
export const ERASED_CELL = '(erased)';

/**
 * The per-row report of an import as CSV (UTF-8 with a BOM, `;`-separated,
 * as spreadsheets in Russian locales open it): row, personnel number,
 * outcome, reason, account. Once the rows were erased after the retention
 * period, the personnel number reads `(erased)`; the rest stays.
 */
export async function hrImportReportCsv(db: Queryable, jobId: string): Promise<string> {
  const items = await bulkJobItems(db, jobId);
  const lines = ['row;externalId;outcome;reason;accountId'];
  for (const item of items) {
    const input = item.input as Partial<HrItemInput>;
    lines.push(
      [
        String(item.position),
        isErasedInput(item.input) ? ERASED_CELL : (input.externalId ?? ''),
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
