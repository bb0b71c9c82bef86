import type { Queryable } from '../db/db.js';
import { dataFromJson, identityHrRecords, type HrRecords, type SourceRecord } from '../people/identities.js';

type RecordRow = { source_id: string; external_id: string; data: unknown };

/**
 * What self-service auto-approval compares a request with: the data an HR
 * import last brought for the account (`hr_records`, present employees
 * only), besides any recorded on its identities.
 */
export const hrImportRecords: HrRecords = {
  async recordsOf(db: Queryable, accountId: string): Promise<SourceRecord[]> {
    const { rows } = await db.query<RecordRow>(
      `SELECT source_id, external_id, data FROM hr_records
        WHERE account_id = $1 AND status = 'present' AND data IS NOT NULL
        ORDER BY updated_at, source_id`,
      [accountId],
    );
    const imported = rows.flatMap((row) => {
      const data = dataFromJson(row.data);
      return data ? [{ source: `hr:${row.source_id}`, externalId: row.external_id, data }] : [];
    });
    return [...(await identityHrRecords.recordsOf(db, accountId)), ...imported];
  },
};
