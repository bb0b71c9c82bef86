import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import type { ChangeContext } from '../people/accounts.js';
import { HR_ENCODINGS, type HrEncoding } from './hr-file.js';
import { checkMapping, type HrMapping } from './mapping.js';

/**
 * A company's HR system as Podpis knows it: a short name, the column
 * mapping its exports need (saved once, used by every import and the CLI),
 * the encoding it writes, and whether an employee missing from a full
 * export is marked as having left.
 */
export interface HrSource {
  id: string;
  description: string;
  mapping: HrMapping;
  encoding: HrEncoding;
  markLeavers: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

type SourceRow = {
  id: string;
  description: string;
  mapping: HrMapping;
  encoding: HrEncoding;
  mark_leavers: boolean;
  created_at: Date;
  created_by: string;
  updated_at: Date;
};

const SOURCE_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** The `source` of account_identities for an HR source: `hr:<id>`. */
export const identitySource = (sourceId: string): string => `hr:${sourceId}`;

function sourceFromRow(row: SourceRow): HrSource {
  return {
    id: row.id,
    description: row.description,
    mapping: row.mapping,
    encoding: row.encoding,
    markLeavers: row.mark_leavers,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
  };
}

const COLUMNS = 'id, description, mapping, encoding, mark_leavers, created_at, created_by, updated_at';

/** Creates or replaces a source's settings, audited as `hr_source.save` (the mapping's column names, no data). */
export async function saveHrSource(
  db: Db,
  input: {
    id: string;
    description?: string;
    mapping: HrMapping;
    encoding?: HrEncoding;
    markLeavers?: boolean;
  },
  context: ChangeContext,
): Promise<HrSource> {
  if (!SOURCE_ID.test(input.id)) {
    throw new DomainError(
      'HR_MAPPING_INVALID',
      'a source name is 1–32 lower-case Latin letters, digits, _ and -',
    );
  }
  if (input.encoding !== undefined && !HR_ENCODINGS.includes(input.encoding)) {
    throw new DomainError('HR_MAPPING_INVALID', `unknown encoding ${input.encoding}`);
  }
  const mapping = checkMapping({
    kind: input.mapping.kind,
    columns: input.mapping.columns,
    defaults: input.mapping.defaults,
  });
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<SourceRow>(
      `INSERT INTO hr_sources (id, description, mapping, encoding, mark_leavers, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET description = EXCLUDED.description, mapping = EXCLUDED.mapping,
         encoding = EXCLUDED.encoding, mark_leavers = EXCLUDED.mark_leavers, updated_at = now()
       RETURNING ${COLUMNS}`,
      [
        input.id,
        input.description ?? '',
        JSON.stringify(mapping),
        input.encoding ?? 'auto',
        input.markLeavers ?? false,
        context.actor,
      ],
    );
    await appendAudit(tx, {
      actor: context.actor,
      ...(context.requestId ? { requestId: context.requestId } : {}),
      action: 'hr_source.save',
      target: `hr_source:${input.id}`,
      details: { columns: mapping.columns, kind: mapping.kind, markLeavers: input.markLeavers ?? false },
    });
    return sourceFromRow(rows[0]!);
  });
}

export async function getHrSource(db: Queryable, id: string): Promise<HrSource> {
  const { rows } = await db.query<SourceRow>(`SELECT ${COLUMNS} FROM hr_sources WHERE id = $1`, [id]);
  if (!rows[0]) throw new DomainError('HR_SOURCE_NOT_FOUND', `no such HR source: ${id}`);
  return sourceFromRow(rows[0]);
}

export async function listHrSources(db: Queryable): Promise<HrSource[]> {
  const { rows } = await db.query<SourceRow>(`SELECT ${COLUMNS} FROM hr_sources ORDER BY id`);
  return rows.map(sourceFromRow);
}
