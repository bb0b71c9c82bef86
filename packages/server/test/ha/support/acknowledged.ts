import type pg from 'pg';
import type { LoadReport } from './load.js';

/** Acknowledged operations the database does not have: what a fault lost. */
export interface LostOperations {
  /** Serials whose issuance was acknowledged but which the database does not hold. */
  issued: string[];
  /** Serials whose revocation was acknowledged but which the database does not hold as revoked. */
  revoked: string[];
  /** Signing operations whose confirmation was acknowledged but which are not completed with a signature. */
  signed: string[];
  total: number;
}

/** Compares what the load was told with what the database (the primary, after any failover) holds. */
export async function findLost(db: pg.ClientBase, report: LoadReport): Promise<LostOperations> {
  const certificates = await db.query<{ serial: string; status: string }>(
    'SELECT serial, status FROM certificates WHERE serial = ANY($1)',
    [[...report.issued, ...report.revoked]],
  );
  const status = new Map(certificates.rows.map((row) => [row.serial, row.status]));
  const signatures = await db.query<{ id: string }>(
    `SELECT o.id FROM signing_operations o
     WHERE o.id = ANY($1::uuid[]) AND o.status = 'completed'
       AND EXISTS (SELECT 1 FROM signing_results r WHERE r.operation_id = o.id)`,
    [[...report.signed]],
  );
  const completed = new Set(signatures.rows.map((row) => row.id));
  const issued = [...report.issued].filter((serial) => !status.has(serial));
  const revoked = [...report.revoked].filter((serial) => status.get(serial) !== 'revoked');
  const signed = [...report.signed].filter((id) => !completed.has(id));
  return { issued, revoked, signed, total: issued.length + revoked.length + signed.length };
}
