import type { Queryable } from '../db/db.js';
import { carryOutEffects, enqueueEffect, hasPendingEffect, type OutboxPass } from '../outbox/outbox.js';
import type { AuthorityContext } from './authorities.js';
import { publishCrl } from './crls.js';
import { publishCrlShards } from './crl-shards.js';

/** The outbox kind of "publish a fresh CRL of this CA", whose subject is the CA's id. */
export const CRL_PUBLICATION = 'crl.publish';
/** The outbox kind of "publish a fresh CRL of this shard", whose subject is `<CA id>/<shard>`. */
export const CRL_SHARD_PUBLICATION = 'crl.publish_shard';

/**
 * Records, in the transaction of a status change, that the CRL listing the
 * certificate must be published again: its shard's, or the CA's full CRL
 * for a certificate without one (`crlShard` null). `actor` (who made the
 * change) is named on the publication. A sharded certificate's change
 * leaves the full CRL to the scheduled job: relying parties check the
 * certificate against its shard.
 */
export function enqueueCrlPublication(
  tx: Queryable,
  caId: string,
  actor: string,
  crlShard: number | null = null,
): Promise<void> {
  return crlShard === null
    ? enqueueEffect(tx, { kind: CRL_PUBLICATION, subject: caId, payload: { actor } })
    : enqueueEffect(tx, { kind: CRL_SHARD_PUBLICATION, subject: `${caId}/${crlShard}`, payload: { actor } });
}

/**
 * Carries out the CA's pending effects (of one CA and its shards, if given). Called right
 * after a change commits, so the CRL is current when the REST API, the CLI
 * or any other caller hears back; the outbox job retries what fails here.
 * A failure is recorded on the outbox row, not thrown: the change stands.
 */
export function carryOutCaEffects(ctx: AuthorityContext, caId?: string): Promise<OutboxPass> {
  return carryOutEffects(
    ctx.db,
    {
      [CRL_PUBLICATION]: async (effect) => {
        const actor = typeof effect.payload.actor === 'string' ? effect.payload.actor : 'system';
        await publishCrl(ctx, effect.subject, { actor });
      },
      [CRL_SHARD_PUBLICATION]: async (effect) => {
        const actor = typeof effect.payload.actor === 'string' ? effect.payload.actor : 'system';
        const cut = effect.subject.lastIndexOf('/');
        await publishCrlShards(ctx, effect.subject.slice(0, cut), [Number(effect.subject.slice(cut + 1))], {
          actor,
        });
      },
    },
    caId === undefined ? {} : { subject: caId },
  );
}

/**
 * Whether the CA's full CRL (or, given `crlShard`, that shard's CRL) still
 * waits to be published after a change (its publication failed so far).
 */
export function crlPublicationPending(
  ctx: AuthorityContext,
  caId: string,
  crlShard: number | null = null,
): Promise<boolean> {
  return crlShard === null
    ? hasPendingEffect(ctx.db, CRL_PUBLICATION, caId)
    : hasPendingEffect(ctx.db, CRL_SHARD_PUBLICATION, `${caId}/${crlShard}`);
}
