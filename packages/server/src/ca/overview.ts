import { parseCrl } from '@podpis/pki';
import type { Queryable } from '../db/db.js';
import { crlPublicationPending } from './crl-effects.js';
import { latestCrl } from './crls.js';
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
  /** Its latest published complete CRL: number, dates and entries as the signed CRL has them. */
  crl: {
    number: bigint;
    thisUpdate: Date;
    nextUpdate: Date;
    entries: number;
    /** A status change waits for a newer CRL (its publication failed so far; the outbox retries). */
    publicationPending: boolean;
  } | null;
}

interface CountRow extends Record<string, unknown> {
  ca_id: string;
  status: keyof CertificateCounts;
  count: string | number;
}

/**
 * Every CA: what it has issued, by status, and its latest complete CRL as
 * published — its number, dates and entries read from the signed CRL
 * itself, so the page never shows a count the relying parties do not see
 * (a revocation whose CRL is still to be published is `publicationPending`).
 */
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
  const overview: AuthorityOverview[] = [];
  for (const authority of await listAuthorities(ctx.db)) {
    const certificates: CertificateCounts = { valid: 0, suspended: 0, revoked: 0, expired: 0 };
    for (const row of counts.rows) {
      if (row.ca_id === authority.id) certificates[row.status] = Number(row.count);
    }
    const published = await latestCrl(ctx.db, authority.id);
    overview.push({
      authority,
      certificates,
      crl: published
        ? {
            number: published.number,
            thisUpdate: published.thisUpdate,
            nextUpdate: published.nextUpdate,
            entries: parseCrl(published.der).entries.length,
            publicationPending: await crlPublicationPending(ctx, authority.id),
          }
        : null,
    });
  }
  return overview;
}

/** The CAs whose time-stamp authority has a valid certificate at `now`, so `/pki/cas` names the TSA only for them. */
export async function authoritiesWithTsa(db: Queryable, now: Date): Promise<Set<string>> {
  const { rows } = await db.query<{ ca_id: string }>(
    "SELECT DISTINCT ca_id FROM certificates WHERE purpose = 'tsa' AND status = 'valid' AND not_after > $1",
    [now],
  );
  return new Set(rows.map((row) => row.ca_id));
}
