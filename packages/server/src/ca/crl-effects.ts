import type { Queryable } from '../db/db.js';
import { carryOutEffects, enqueueEffect, hasPendingEffect, type OutboxPass } from '../outbox/outbox.js';
import type { AuthorityContext } from './authorities.js';
import { publishCrl } from './crls.js';

/** The outbox kind of "publish a fresh CRL of this CA", whose subject is the CA's id. */
export const CRL_PUBLICATION = 'crl.publish';

/**
 * Records, in the transaction of a status change, that the CA's CRL must be
 * published again; `actor` (who made the change) is named on the publication.
 */
export function enqueueCrlPublication(tx: Queryable, caId: string, actor: string): Promise<void> {
  return enqueueEffect(tx, { kind: CRL_PUBLICATION, subject: caId, payload: { actor } });
}

/**
 * Carries out the CA's pending effects (of one CA, if given). Called right
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
    },
    caId === undefined ? {} : { subject: caId },
  );
}

/** Whether the CA's CRL still waits to be published after a change (its publication failed so far). */
export function crlPublicationPending(ctx: AuthorityContext, caId: string): Promise<boolean> {
  return hasPendingEffect(ctx.db, CRL_PUBLICATION, caId);
}
