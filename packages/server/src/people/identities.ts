import { appendAudit, appendAuditBatch } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import { isUniqueViolation } from '../db/errors.js';
import type { ChangeContext } from './accounts.js';
import {
  normalizeProfile,
  profileFromRow,
  SUBJECT_FIELDS,
  type Profile,
  type ProfileRow,
} from './profile.js';

/**
 * An account's identity in a company source: `source` names the source
 * (`ldap:corp`, `hr:sap`), `externalId` the entry there (objectGUID, the
 * HR personnel number). It lets a directory or HR import find the account
 * it registered before, whatever was renamed since.
 */
export interface AccountIdentity {
  accountId: string;
  source: string;
  externalId: string;
  linkedAt: Date;
  linkedBy: string;
}

interface IdentityRow extends Record<string, unknown> {
  account_id: string;
  source: string;
  external_id: string;
  linked_at: Date;
  linked_by: string;
}

const toIdentity = (row: IdentityRow): AccountIdentity => ({
  accountId: row.account_id,
  source: row.source,
  externalId: row.external_id,
  linkedAt: row.linked_at,
  linkedBy: row.linked_by,
});

/**
 * Links an account to an external identity, audited; an identity already
 * linked (to this account or another) → IDENTITY_ALREADY_LINKED, naming the
 * account, and nothing changes.
 */
export async function linkIdentity(
  db: Db,
  link: { accountId: string; source: string; externalId: string },
  context: ChangeContext,
): Promise<AccountIdentity> {
  try {
    return await db.transaction((tx) => insertIdentity(tx, link, context));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const holder = await accountOfIdentity(db, link.source, link.externalId);
    throw new DomainError(
      'IDENTITY_ALREADY_LINKED',
      `${link.source} identity ${link.externalId} is already linked to account ${holder ?? 'unknown'}`,
      { accountId: holder },
    );
  }
}

/**
 * The link and its audit record in the caller's transaction (a registration
 * that links the new account to its directory entry); a duplicate throws
 * the unique violation for the caller to name.
 */
export async function insertIdentity(
  tx: Queryable,
  link: { accountId: string; source: string; externalId: string },
  context: ChangeContext,
): Promise<AccountIdentity> {
  const { rows } = await tx.query<IdentityRow>(
    `INSERT INTO account_identities (account_id, source, external_id, linked_by) VALUES ($1, $2, $3, $4)
     RETURNING account_id, source, external_id, linked_at, linked_by`,
    [link.accountId, link.source, link.externalId, context.actor],
  );
  await appendAudit(tx, {
    actor: context.actor,
    action: 'account.identity_link',
    target: `account:${link.accountId}`,
    details: { source: link.source, externalId: link.externalId },
    ...(context.requestId ? { requestId: context.requestId } : {}),
  });
  return toIdentity(rows[0]!);
}

/** Links many accounts to their identities in one source inside the caller's transaction, each audited. */
export async function insertIdentities(
  tx: Queryable,
  source: string,
  links: readonly { accountId: string; externalId: string }[],
  context: ChangeContext,
): Promise<void> {
  if (links.length === 0) return;
  await tx.query(
    `INSERT INTO account_identities (account_id, source, external_id, linked_by)
     SELECT account_id, $1, external_id, $4 FROM unnest($2::uuid[], $3::text[]) AS l(account_id, external_id)`,
    [source, links.map((l) => l.accountId), links.map((l) => l.externalId), context.actor],
  );
  await appendAuditBatch(
    tx,
    links.map((l) => ({
      actor: context.actor,
      ...(context.requestId ? { requestId: context.requestId } : {}),
      action: 'account.identity_link' as const,
      target: `account:${l.accountId}`,
      details: { source, externalId: l.externalId },
    })),
  );
}

/** The accounts linked to these identities of one source: external id → account id. */
export async function accountsOfIdentities(
  tx: Queryable,
  source: string,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ external_id: string; account_id: string }>(
    'SELECT external_id, account_id FROM account_identities WHERE source = $1 AND external_id = ANY($2::text[])',
    [source, externalIds],
  );
  return new Map(rows.map((r) => [r.external_id, r.account_id]));
}

/** Whether an account has an identity in this source. */
export async function hasIdentityIn(tx: Queryable, accountId: string, source: string): Promise<boolean> {
  const { rows } = await tx.query('SELECT 1 FROM account_identities WHERE account_id = $1 AND source = $2', [
    accountId,
    source,
  ]);
  return rows.length > 0;
}

/** The account linked to an external identity, if any. */
export async function accountOfIdentity(
  db: Queryable,
  source: string,
  externalId: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ account_id: string }>(
    'SELECT account_id FROM account_identities WHERE source = $1 AND external_id = $2',
    [source, externalId],
  );
  return rows[0]?.account_id;
}

/** Every external identity of an account, oldest link first. */
export async function identitiesOf(db: Queryable, accountId: string): Promise<AccountIdentity[]> {
  const { rows } = await db.query<IdentityRow>(
    `SELECT account_id, source, external_id, linked_at, linked_by FROM account_identities
     WHERE account_id = $1 ORDER BY linked_at, source`,
    [accountId],
  );
  return rows.map(toIdentity);
}

/**
 * The registration data a company source last gave for one of its entries
 * (the directory connector and the HR import record it with
 * `recordIdentityData`), in registration field names.
 */
export interface SourceRecord {
  source: string;
  externalId: string;
  data: Profile;
}

/**
 * What self-service needs of the HR source, and nothing more: the records
 * of an account's `hr` identities (`hr`, `hr:<system>`) that carry data.
 * The HR import satisfies it by recording each row's data on the identity;
 * another store of HR records can stand in by implementing this.
 */
export interface HrRecords {
  recordsOf(db: Queryable, accountId: string): Promise<SourceRecord[]>;
}

/** Registration data as stored on an identity or an HR record (jsonb in registration field names). */
export function dataFromJson(value: unknown): Profile | null {
  if (value === null || typeof value !== 'object') return null;
  const row = value as Record<string, unknown>;
  if (typeof row.kind !== 'string') return null;
  const byColumn: ProfileRow = { kind: row.kind as Profile['kind'] };
  for (const [field, column] of Object.entries(SUBJECT_FIELDS)) byColumn[column] = row[field];
  return profileFromRow(byColumn);
}

/** `HrRecords` over `account_identities.source_data`. */
export const identityHrRecords: HrRecords = {
  async recordsOf(db, accountId) {
    const { rows } = await db.query<{ source: string; external_id: string; source_data: unknown }>(
      `SELECT source, external_id, source_data FROM account_identities
        WHERE account_id = $1 AND (source = 'hr' OR source LIKE 'hr:%') AND source_data IS NOT NULL
        ORDER BY linked_at, source`,
      [accountId],
    );
    return rows.flatMap((row) => {
      const data = dataFromJson(row.source_data);
      return data ? [{ source: row.source, externalId: row.external_id, data }] : [];
    });
  },
};

/**
 * Records the registration data a source gave for a linked identity
 * (audited, in one transaction); an unknown identity → IDENTITY_NOT_FOUND.
 */
export async function recordIdentityData(
  db: Db,
  record: SourceRecord,
  context: ChangeContext,
): Promise<void> {
  const data = normalizeProfile(record.data);
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ account_id: string }>(
      `UPDATE account_identities SET source_data = $3 WHERE source = $1 AND external_id = $2 RETURNING account_id`,
      [record.source, record.externalId, JSON.stringify(data)],
    );
    const linked = rows[0];
    if (!linked) {
      throw new DomainError(
        'IDENTITY_NOT_FOUND',
        `no account is linked to ${record.source} identity ${record.externalId}`,
      );
    }
    await appendAudit(tx, {
      ...context,
      action: 'account.identity_data',
      target: `account:${linked.account_id}`,
      details: { source: record.source, externalId: record.externalId, fields: Object.keys(data) },
    });
  });
}
