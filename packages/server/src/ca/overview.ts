import type { Queryable } from '../db/db.js';
import { listAuthorities, type AuthorityContext, type AuthorityRecord } from './authorities.js';

export interface CertificateCounts {
  valid: number;
  suspended: number;
  revoked: number;
  expired: number;
}

/** One CA as the administrator's overview shows it. */
export interface AuthorityOverview {
  authority: AuthorityRecord;
  /** End-entity certificates it issued (not deleted), by status at `now`. */
  certificates: CertificateCounts;
  /** Its latest complete CRL, with how many unexpired certificates a CRL of it lists now. */
  crl: { number: bigint; thisUpdate: Date; nextUpdate: Date; entries: number } | null;
}

interface CountRow extends Record<string, unknown> {
  ca_id: string;
  status: keyof CertificateCounts;
  count: string | number;
}

interface CrlRow extends Record<string, unknown> {
  ca_id: string;
  number: string | number;
  this_update: Date;
  next_update: Date;
}

/** Every CA: what it has issued, by status, and its latest CRL. */
export async function caOverview(ctx: AuthorityContext): Promise<AuthorityOverview[]> {
  const now = ctx.now();
  const counts = await ctx.db.query<CountRow>(
    `SELECT ca_id,
            CASE WHEN status <> 'revoked' AND not_after <= $1 THEN 'expired' ELSE status END AS status,
            count(*) AS count
       FROM certificates WHERE deleted_at IS NULL AND purpose <> 'ca'
      GROUP BY 1, 2`,
    [now],
  );
  const crls = await ctx.db.query<CrlRow>(
    `SELECT DISTINCT ON (ca_id) ca_id, number, this_update, next_update
       FROM crls WHERE delta_base IS NULL ORDER BY ca_id, number DESC`,
  );
  const listed = await ctx.db.query<{ ca_id: string; count: string | number }>(
    `SELECT ca_id, count(*) AS count FROM certificates
      WHERE status IN ('revoked', 'suspended') AND not_after > $1 GROUP BY ca_id`,
    [now],
  );
  return (await listAuthorities(ctx.db)).map((authority) => {
    const certificates: CertificateCounts = { valid: 0, suspended: 0, revoked: 0, expired: 0 };
    for (const row of counts.rows) {
      if (row.ca_id === authority.id) certificates[row.status] = Number(row.count);
    }
    const crl = crls.rows.find((row) => row.ca_id === authority.id);
    return {
      authority,
      certificates,
      crl: crl
        ? {
            number: BigInt(crl.number),
            thisUpdate: crl.this_update,
            nextUpdate: crl.next_update,
            entries: Number(listed.rows.find((row) => row.ca_id === authority.id)?.count ?? 0),
          }
        : null,
    };
  });
}

/** The CAs whose time-stamp authority has a valid certificate at `now`, so `/pki/cas` names the TSA only for them. */
export async function authoritiesWithTsa(db: Queryable, now: Date): Promise<Set<string>> {
  const { rows } = await db.query<{ ca_id: string }>(
    "SELECT DISTINCT ca_id FROM certificates WHERE purpose = 'tsa' AND status = 'valid' AND not_after > $1",
    [now],
  );
  return new Set(rows.map((row) => row.ca_id));
}
