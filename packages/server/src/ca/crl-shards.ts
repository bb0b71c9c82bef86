import { createCrl } from '@podpis/pki';
import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';
import { findAuthority, type AuthorityContext } from './authorities.js';
import {
  CRL_VALIDITY_HOURS,
  crlIssuer,
  listedCertificate,
  published,
  validity,
  type CrlIssuer,
  type CrlRow,
  type ListedRow,
  type PublishedCrl,
} from './crls.js';

/**
 * CRLs partitioned into shards (issue #17). A CA with `crl_shards` = N > 0
 * gives each new certificate a shard (crl-shard-of.ts) named in its CRL
 * distribution point; the shard's CRL lists the revoked certificates of
 * that shard only, and its critical issuingDistributionPoint names the same
 * URI (RFC 5280 §5.2.5), so no relying party takes it as complete for a
 * certificate of another shard. A revocation republishes its shard alone.
 *
 * CRL numbers come from the CA's one sequence (shared with the full CRL and
 * its deltas): every shard is its own CRL scope, in which the numbers it
 * gets increase (RFC 5280 §5.2.3); a shared sequence also keeps the `crls`
 * key (ca_id, number) unique. Shard CRLs have no deltas: a shard is small
 * and republished within seconds of a revocation.
 */

/** At most this many shards of a CA are published at once (each its own transaction, on its own connection). */
export const CRL_SHARD_CONCURRENCY = 8;
/** The most shards a CA may have (the migration's CHECK). */
export const MAX_CRL_SHARDS = 4096;

export interface PublishedShardCrl extends PublishedCrl {
  shard: number;
  /** How many certificates it lists. */
  entries: number;
}

type ShardCrlRow = CrlRow & { entries: number | null };

/**
 * Takes `count` numbers of the CA's CRL sequence in one statement of its
 * own, so the CA row is locked for that statement only and shards publish
 * in parallel; returns the first.
 */
async function takeCrlNumbers(db: Queryable, caId: string, count: number): Promise<bigint> {
  const { rows } = await db.query<{ crl_number: string | number }>(
    'UPDATE certificate_authorities SET crl_number = crl_number + $2 WHERE id = $1 RETURNING crl_number',
    [caId, count],
  );
  const last = rows[0];
  if (!last) throw new DomainError('CA_NOT_FOUND', `no certification authority ${caId}`);
  return BigInt(last.crl_number) - BigInt(count) + 1n;
}

/** The shard's revoked and suspended certificates that have not expired at `at` (the partial index's rows). */
async function listedInShard(tx: Queryable, caId: string, shard: number, at: Date) {
  const { rows } = await tx.query<ListedRow>(
    `SELECT serial, revoked_at, revocation_reason, status FROM certificates
     WHERE ca_id = $1 AND crl_shard = $2 AND status IN ('revoked', 'suspended') AND not_after > $3
     ORDER BY serial`,
    [caId, shard, at],
  );
  return rows.map(listedCertificate);
}

/** The CRL shard a certificate names (null: the CA's full CRL). */
export async function crlShardOfCertificate(db: Queryable, serial: string): Promise<number | null> {
  const { rows } = await db.query<{ crl_shard: number | null }>(
    'SELECT crl_shard FROM certificates WHERE serial = $1',
    [serial],
  );
  return rows[0]?.crl_shard ?? null;
}

/** The newest CRL of one shard. */
export async function latestCrlShard(
  db: Queryable,
  caId: string,
  shard: number,
): Promise<PublishedShardCrl | undefined> {
  const { rows } = await db.query<ShardCrlRow>(
    `SELECT number, delta_base, this_update, next_update, der, NULL::integer AS entries FROM crls
     WHERE ca_id = $1 AND shard = $2 ORDER BY number DESC LIMIT 1`,
    [caId, shard],
  );
  const row = rows[0];
  return row ? shardCrl(caId, shard, row) : undefined;
}

function shardCrl(caId: string, shard: number, row: ShardCrlRow): PublishedShardCrl {
  return { ...published(caId, row), shard, entries: row.entries ?? 0 };
}

/**
 * Issues one shard's CRL numbered `number`, in its own transaction. A
 * transaction-scoped advisory lock on (CA, shard) orders publications of
 * the same shard; one that finds a CRL with a higher number already there
 * (taken later, so it saw every change this one would) stops and returns
 * that. The shard's older CRLs are dropped: only the newest one is served,
 * and each publication stays in the audit log.
 */
async function publishShard(
  ctx: AuthorityContext,
  caId: string,
  shard: number,
  number: bigint,
  issuer: CrlIssuer,
  options: { actor: string; validityHours?: number },
): Promise<PublishedShardCrl> {
  return ctx.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), $2)', [`crl-shard:${caId}`, shard]);
    const newer = await tx.query<ShardCrlRow>(
      `SELECT number, delta_base, this_update, next_update, der, NULL::integer AS entries FROM crls
       WHERE ca_id = $1 AND shard = $2 AND number > $3 ORDER BY number DESC LIMIT 1`,
      [caId, shard, number.toString()],
    );
    if (newer.rows[0]) return shardCrl(caId, shard, newer.rows[0]);
    const { thisUpdate, nextUpdate } = validity(ctx.now(), options.validityHours ?? CRL_VALIDITY_HOURS);
    const listed = await listedInShard(tx, caId, shard, thisUpdate);
    const der = await createCrl({
      ...issuer,
      thisUpdate,
      nextUpdate,
      crlNumber: number,
      issuingDistributionPoint: ctx.urls.crlShard(caId, shard),
      entries: listed.map((certificate) => certificate.entry),
    });
    await tx.query(
      'INSERT INTO crls (ca_id, number, shard, this_update, next_update, der) VALUES ($1, $2, $3, $4, $5, $6)',
      [caId, number.toString(), shard, thisUpdate, nextUpdate, der],
    );
    await tx.query('DELETE FROM crls WHERE ca_id = $1 AND shard = $2 AND number < $3', [
      caId,
      shard,
      number.toString(),
    ]);
    // Last, so the audit lane is held only for the commit.
    await appendAudit(tx, {
      actor: options.actor,
      action: 'crl.publish_shard',
      target: `ca:${caId}`,
      details: { shard, number: number.toString(), entries: listed.length },
    });
    return { caId, shard, number, thisUpdate, nextUpdate, der, entries: listed.length };
  });
}

/**
 * Publishes fresh CRLs of the given shards of a CA, at most `concurrency`
 * at once: the CA's key is opened once, the numbers taken in one statement,
 * and each shard is read from the partial index (ca_id, crl_shard, serial)
 * of revoked and suspended certificates, so the time grows with the
 * revocations, not with the certificates.
 */
export async function publishCrlShards(
  ctx: AuthorityContext,
  caId: string,
  shards: readonly number[],
  options: { actor: string; validityHours?: number; concurrency?: number } = { actor: 'system' },
): Promise<PublishedShardCrl[]> {
  if (shards.length === 0) return [];
  const authority = await findAuthority(ctx.db, caId);
  const beyond = shards.find(
    (shard) => !Number.isInteger(shard) || shard < 0 || shard >= authority.crlShards,
  );
  if (beyond !== undefined) {
    throw new DomainError('CRL_SHARD_NOT_FOUND', `CA ${caId} has no CRL shard ${beyond}`);
  }
  const issuer = await crlIssuer(ctx, caId);
  const first = await takeCrlNumbers(ctx.db, caId, shards.length);
  const results: PublishedShardCrl[] = new Array<PublishedShardCrl>(shards.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < shards.length; i = next++) {
      results[i] = await publishShard(ctx, caId, shards[i]!, first + BigInt(i), issuer, options);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? CRL_SHARD_CONCURRENCY, shards.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** Every shard of a sharded CA (none of an unsharded one). */
export async function publishAllCrlShards(
  ctx: AuthorityContext,
  caId: string,
  options: { actor: string; validityHours?: number; concurrency?: number } = { actor: 'system' },
): Promise<PublishedShardCrl[]> {
  const { crlShards } = await findAuthority(ctx.db, caId);
  return publishCrlShards(
    ctx,
    caId,
    Array.from({ length: crlShards }, (_, shard) => shard),
    options,
  );
}

/** The shards of a CA whose CRL is missing or whose nextUpdate comes before `renewBy`. */
export async function dueCrlShards(
  db: Queryable,
  caId: string,
  shards: number,
  renewBy: Date,
): Promise<number[]> {
  const { rows } = await db.query<{ shard: number }>(
    `SELECT s.shard FROM generate_series(0, $2::integer - 1) AS s(shard)
     WHERE NOT EXISTS (SELECT 1 FROM crls c WHERE c.ca_id = $1 AND c.shard = s.shard AND c.next_update > $3)
     ORDER BY s.shard`,
    [caId, shards, renewBy],
  );
  return rows.map((row) => row.shard);
}

/**
 * The CRL to serve at a shard's distribution point: the newest one, or a
 * new one when there is none or it is past its nextUpdate (the scheduled
 * job keeps them fresh; this covers a new shard or a missed run).
 * 404 CRL_SHARD_NOT_FOUND for a shard the CA does not have.
 */
export async function currentCrlShard(
  ctx: AuthorityContext,
  caId: string,
  shard: number,
): Promise<PublishedShardCrl> {
  const { crlShards } = await findAuthority(ctx.db, caId);
  if (shard >= crlShards)
    throw new DomainError('CRL_SHARD_NOT_FOUND', `CA ${caId} has no CRL shard ${shard}`);
  const latest = await latestCrlShard(ctx.db, caId, shard);
  if (latest && latest.nextUpdate.getTime() > ctx.now().getTime()) return latest;
  const [fresh] = await publishCrlShards(ctx, caId, [shard], { actor: 'system' });
  return fresh!;
}

/**
 * Sets how many CRL shards a CA spreads its new certificates over and
 * publishes every shard's CRL. The count only grows (400
 * CRL_SHARDS_INVALID otherwise): certificates already name their shard, so
 * every shard up to the count stays published. 0 → N turns sharding on:
 * older certificates keep pointing to the full CRL, which still lists
 * every revoked certificate of the CA.
 */
export async function setCrlShardCount(
  ctx: AuthorityContext,
  caId: string,
  count: number,
  options: { actor: string; requestId?: string },
): Promise<PublishedShardCrl[]> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_CRL_SHARDS) {
    throw new DomainError('CRL_SHARDS_INVALID', `the number of CRL shards must be 1 to ${MAX_CRL_SHARDS}`);
  }
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ crl_shards: number }>(
      'SELECT crl_shards FROM certificate_authorities WHERE id = $1 FOR UPDATE',
      [caId],
    );
    const current = rows[0];
    if (!current) throw new DomainError('CA_NOT_FOUND', `no certification authority ${caId}`);
    if (count < current.crl_shards) {
      throw new DomainError(
        'CRL_SHARDS_INVALID',
        `CA ${caId} has ${current.crl_shards} CRL shards; certificates name them, so the number cannot shrink`,
      );
    }
    if (count === current.crl_shards) return;
    await tx.query('UPDATE certificate_authorities SET crl_shards = $2 WHERE id = $1', [caId, count]);
    await appendAudit(tx, {
      actor: options.actor,
      action: 'ca.crl_shards_set',
      target: `ca:${caId}`,
      details: { from: current.crl_shards, to: count },
      ...(options.requestId !== undefined ? { requestId: options.requestId } : {}),
    });
  });
  return publishAllCrlShards(ctx, caId, { actor: options.actor });
}
