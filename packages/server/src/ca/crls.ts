import { createCrl, OID, parseCertificate, parseCrl, type RevocationReason } from '@podpis/pki';
import { appendAudit } from '../audit/audit-log.js';
import type { Queryable } from '../db/db.js';
import { DomainError } from '../core/domain-error.js';
import { authoritySigner, findAuthority, type AuthorityContext } from './authorities.js';
import { deltaCrlEntries, serialBytes, type ListedCertificate } from './delta-crl-entries.js';

export interface PublishedCrl {
  caId: string;
  number: bigint;
  thisUpdate: Date;
  nextUpdate: Date;
  der: Uint8Array;
}

export interface PublishedDeltaCrl extends PublishedCrl {
  /** The CRL number of the complete CRL it is relative to (deltaCRLIndicator). */
  base: bigint;
}

/** A complete CRL published together with the delta CRL next to it. */
export interface PublishedCrls extends PublishedCrl {
  delta: PublishedDeltaCrl;
}

/** Complete CRLs are valid a day, re-issued by the scheduled job well before. */
export const CRL_VALIDITY_HOURS = 24;
/**
 * Delta CRLs are valid two hours: relying parties that cache until
 * nextUpdate fetch them that often, and the scheduled job renews them.
 */
export const DELTA_CRL_VALIDITY_HOURS = 2;

export type ListedRow = {
  serial: string;
  revoked_at: Date;
  revocation_reason: RevocationReason | null;
  status: string;
};

/** A revoked or suspended certificate's row as a CRL entry. */
export function listedCertificate(row: ListedRow): ListedCertificate {
  return {
    serial: row.serial,
    entry: {
      serialNumber: serialBytes(row.serial),
      revocationDate: row.revoked_at,
      ...(row.revocation_reason && row.revocation_reason !== 'unspecified'
        ? { reason: row.revocation_reason }
        : {}),
      ...(row.status === 'suspended'
        ? { reason: 'certificateHold' as const, holdInstruction: OID.holdInstructionCallIssuer }
        : {}),
    },
  };
}

/**
 * Every revoked or suspended certificate of the CA that has not expired at
 * `at`, as CRL entries: the full CRL lists those of every shard too.
 */
async function listedCertificates(tx: Queryable, caId: string, at: Date): Promise<ListedCertificate[]> {
  const { rows } = await tx.query<ListedRow>(
    `SELECT serial, revoked_at, revocation_reason, status FROM certificates
     WHERE ca_id = $1 AND status IN ('revoked', 'suspended') AND not_after > $2 ORDER BY serial`,
    [caId, at],
  );
  return rows.map(listedCertificate);
}

/** What every CRL of a CA carries about its issuer, and the key that signs it. */
export type CrlIssuer = Pick<Parameters<typeof createCrl>[0], 'issuer' | 'signer' | 'authorityKeyIdentifier'>;

/** Reads the CA and opens its signing key once per publication (a complete CRL and its delta share it). */
export async function crlIssuer(ctx: AuthorityContext, caId: string): Promise<CrlIssuer> {
  const authority = await findAuthority(ctx.db, caId);
  const caInfo = parseCertificate(authority.certificate);
  return {
    issuer: caInfo.asn1.tbsCertificate.subject,
    signer: await authoritySigner(ctx.keyStore, authority),
    ...(caInfo.subjectKeyIdentifier ? { authorityKeyIdentifier: caInfo.subjectKeyIdentifier } : {}),
  };
}

/** thisUpdate in whole seconds (the encoding has no fractions) and nextUpdate after `hours`. */
export function validity(now: Date, hours: number): { thisUpdate: Date; nextUpdate: Date } {
  const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return { thisUpdate, nextUpdate: new Date(thisUpdate.getTime() + hours * 3600 * 1000) };
}

/**
 * The next number of the CA's one CRL sequence, complete and delta CRLs
 * alike (RFC 5280 §5.2.4 wants them to share it), taken under a row lock so
 * nodes publishing at once get distinct, increasing numbers.
 */
async function nextCrlNumber(tx: Queryable, caId: string): Promise<bigint> {
  const locked = await tx.query<{ crl_number: string | number }>(
    'SELECT crl_number FROM certificate_authorities WHERE id = $1 FOR UPDATE',
    [caId],
  );
  const number = BigInt(locked.rows[0]?.crl_number ?? 0) + 1n;
  await tx.query('UPDATE certificate_authorities SET crl_number = $2 WHERE id = $1', [
    caId,
    number.toString(),
  ]);
  return number;
}

/**
 * Issues the next complete CRL of a CA — every revoked or suspended
 * certificate that has not expired, pointing to the delta CRL
 * (freshestCRL) — and the delta CRL next to it, in one transaction: a
 * crash between the two would leave the old delta listing what the new
 * complete CRL no longer does (a resumed certificate still on hold).
 */
export async function publishCrl(
  ctx: AuthorityContext,
  caId: string,
  options: { actor: string; validityHours?: number } = { actor: 'system' },
): Promise<PublishedCrls> {
  const issuer = await crlIssuer(ctx, caId);
  const { thisUpdate, nextUpdate } = validity(ctx.now(), options.validityHours ?? CRL_VALIDITY_HOURS);
  return ctx.db.transaction(async (tx) => {
    const number = await nextCrlNumber(tx, caId);
    const listed = await listedCertificates(tx, caId, thisUpdate);
    const der = await createCrl({
      ...issuer,
      thisUpdate,
      nextUpdate,
      crlNumber: number,
      freshestCrl: [ctx.urls.deltaCrl(caId)],
      entries: listed.map((certificate) => certificate.entry),
    });
    await tx.query(
      'INSERT INTO crls (ca_id, number, this_update, next_update, der) VALUES ($1, $2, $3, $4, $5)',
      [caId, number.toString(), thisUpdate, nextUpdate, der],
    );
    await appendAudit(tx, {
      actor: options.actor,
      action: 'crl.publish',
      target: `ca:${caId}`,
      details: { number: number.toString(), entries: listed.length },
    });
    const delta = await issueDelta(tx, ctx, caId, issuer, { actor: options.actor });
    return { caId, number, thisUpdate, nextUpdate, der, delta };
  });
}

/**
 * Issues the next delta CRL of a CA relative to its oldest complete CRL
 * that is still current, so a relying party holding any current complete
 * CRL (its number ≥ the base's, RFC 5280 §5.2.4) can apply it. What it
 * lists: see `deltaCrlEntries`. 503 CRL_BASE_MISSING when there is no
 * current complete CRL to be relative to (publish one first).
 */
export async function publishDeltaCrl(
  ctx: AuthorityContext,
  caId: string,
  options: { actor: string; validityHours?: number } = { actor: 'system' },
): Promise<PublishedDeltaCrl> {
  const issuer = await crlIssuer(ctx, caId);
  return ctx.db.transaction((tx) => issueDelta(tx, ctx, caId, issuer, options));
}

/** The delta CRL, in the caller's transaction (that of its complete CRL, or its own). */
async function issueDelta(
  tx: Queryable,
  ctx: AuthorityContext,
  caId: string,
  issuer: CrlIssuer,
  options: { actor: string; validityHours?: number },
): Promise<PublishedDeltaCrl> {
  const { thisUpdate, nextUpdate } = validity(ctx.now(), options.validityHours ?? DELTA_CRL_VALIDITY_HOURS);
  const number = await nextCrlNumber(tx, caId);
  const bases = await tx.query<{ number: string | number; this_update: Date; der: Uint8Array }>(
    `SELECT number, this_update, der FROM crls
     WHERE ca_id = $1 AND shard IS NULL AND delta_base IS NULL AND next_update > $2 ORDER BY number LIMIT 1`,
    [caId, thisUpdate],
  );
  const baseRow = bases.rows[0];
  if (!baseRow) {
    throw new DomainError('CRL_BASE_MISSING', `CA ${caId} has no current complete CRL for a delta CRL`);
  }
  const base = BigInt(baseRow.number);
  const resumed = await tx.query<{ serial: string; resumed_at: Date }>(
    `SELECT serial, resumed_at FROM certificates
     WHERE ca_id = $1 AND status = 'valid' AND resumed_at >= $2 ORDER BY serial`,
    [caId, baseRow.this_update],
  );
  const entries = deltaCrlEntries(
    parseCrl(new Uint8Array(baseRow.der)).entries,
    await listedCertificates(tx, caId, thisUpdate),
    resumed.rows.map((row) => ({ serial: row.serial, resumedAt: row.resumed_at })),
    thisUpdate,
  );
  const der = await createCrl({
    ...issuer,
    thisUpdate,
    nextUpdate,
    crlNumber: number,
    deltaCrlIndicator: base,
    entries,
  });
  await tx.query(
    'INSERT INTO crls (ca_id, number, delta_base, this_update, next_update, der) VALUES ($1, $2, $3, $4, $5, $6)',
    [caId, number.toString(), base.toString(), thisUpdate, nextUpdate, der],
  );
  await appendAudit(tx, {
    actor: options.actor,
    action: 'crl.publish_delta',
    target: `ca:${caId}`,
    details: { number: number.toString(), base: base.toString(), entries: entries.length },
  });
  return { caId, number, base, thisUpdate, nextUpdate, der };
}

export type CrlRow = {
  number: string | number;
  delta_base: string | number | null;
  this_update: Date;
  next_update: Date;
  der: Uint8Array;
};

export function published(caId: string, row: CrlRow): PublishedCrl {
  return {
    caId,
    number: BigInt(row.number),
    thisUpdate: row.this_update,
    nextUpdate: row.next_update,
    der: new Uint8Array(row.der),
  };
}

/** The newest complete CRL of a CA, for the CDP URL. */
export async function latestCrl(db: Queryable, caId: string): Promise<PublishedCrl | undefined> {
  const { rows } = await db.query<CrlRow>(
    `SELECT number, delta_base, this_update, next_update, der FROM crls
     WHERE ca_id = $1 AND shard IS NULL AND delta_base IS NULL ORDER BY number DESC LIMIT 1`,
    [caId],
  );
  return rows[0] ? published(caId, rows[0]) : undefined;
}

/** The newest delta CRL of a CA, for the freshestCRL URL. */
export async function latestDeltaCrl(db: Queryable, caId: string): Promise<PublishedDeltaCrl | undefined> {
  const { rows } = await db.query<CrlRow>(
    `SELECT number, delta_base, this_update, next_update, der FROM crls
     WHERE ca_id = $1 AND shard IS NULL AND delta_base IS NOT NULL ORDER BY number DESC LIMIT 1`,
    [caId],
  );
  const row = rows[0];
  return row ? { ...published(caId, row), base: BigInt(row.delta_base ?? 0) } : undefined;
}

/**
 * The CRL to serve at a CDP or freshestCRL URL: the newest one, or a new one
 * when there is none or it is past its nextUpdate (the scheduled job keeps
 * them fresh; this covers a first start or a missed run). A delta needs a
 * current complete CRL as its base; publishing one publishes a delta too.
 */
export async function currentCrl(
  ctx: AuthorityContext,
  caId: string,
  kind: 'complete' | 'delta',
): Promise<PublishedCrl> {
  const stale = (crl: PublishedCrl | undefined): crl is undefined =>
    !crl || crl.nextUpdate.getTime() <= ctx.now().getTime();
  const complete = await latestCrl(ctx.db, caId);
  if (stale(complete)) {
    const published = await publishCrl(ctx, caId, { actor: 'system' });
    return kind === 'delta' ? published.delta : published;
  }
  if (kind === 'complete') return complete;
  const delta = await latestDeltaCrl(ctx.db, caId);
  // A delta issued before the newest complete CRL (a publication an older version left half done) is stale too.
  return stale(delta) || delta.number < complete.number
    ? publishDeltaCrl(ctx, caId, { actor: 'system' })
    : delta;
}
