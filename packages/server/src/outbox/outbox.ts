import type { Db, Queryable } from '../db/db.js';
import type { Statement } from '../db/statement.js';

/**
 * A side effect that must follow a committed change: `kind` names what to
 * do, `subject` what it is done to (effects of one kind and subject coalesce:
 * one CRL publication serves every status change of that CA since the last).
 */
export interface Effect {
  kind: string;
  subject: string;
  payload?: Record<string, unknown>;
}

/** Effects of one kind and subject claimed together; `payload` is the newest one's. */
export interface ClaimedEffect {
  ids: string[];
  kind: string;
  subject: string;
  payload: Record<string, unknown>;
  /** Tries so far, this one included. */
  attempts: number;
}

/** Carries out one claimed effect; a throw leaves it for a later try. */
export type EffectHandler = (effect: ClaimedEffect) => Promise<void>;

/** What one pass did. */
export interface OutboxPass {
  done: { kind: string; subject: string }[];
  failed: { kind: string; subject: string; error: string }[];
}

/** How long a claim holds before another node may retry the effect. */
const LEASE_SECONDS = 120;
/** The longest wait between tries of a failing effect. */
const MAX_BACKOFF_SECONDS = 600;

/** Writes an effect in the caller's transaction: it exists exactly when the change that needs it commits. */
export async function enqueueEffect(tx: Queryable, effect: Effect): Promise<void> {
  const { sql, params } = effectInsert(effect);
  await tx.query(sql, params);
}

/** The statement `enqueueEffect` runs, for a caller that sends it together with its change (`withStatements`). */
export function effectInsert(effect: Effect): Statement {
  return {
    sql: 'INSERT INTO outbox (kind, subject, payload) VALUES ($1, $2, $3)',
    params: [effect.kind, effect.subject, JSON.stringify(effect.payload ?? {})],
  };
}

interface OutboxRow extends Record<string, unknown> {
  id: string | number;
  kind: string;
  subject: string;
  payload: Record<string, unknown> | string;
  attempts: number;
}

/**
 * Claims the due effects of `kinds` (of one subject, if given, and of its
 * parts: subjects `<subject>/<part>`, such as one CRL shard of a CA) in one
 * statement: SKIP LOCKED and the lease keep two nodes from carrying out the
 * same row, and a node that dies holding a claim loses it when the lease ends.
 */
async function claimDue(
  db: Db,
  kinds: readonly string[],
  subject: string | undefined,
  limit: number,
): Promise<ClaimedEffect[]> {
  const { rows } = await db.query<OutboxRow>(
    `UPDATE outbox SET claimed_until = now() + $3::int * interval '1 second', attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM outbox
       WHERE kind = ANY($1::text[])
         AND ($2::text IS NULL OR subject = $2 OR left(subject, length($2) + 1) = $2 || '/')
         AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
       ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING id, kind, subject, payload, attempts`,
    [kinds, subject ?? null, LEASE_SECONDS, limit],
  );
  const groups = new Map<string, ClaimedEffect>();
  for (const row of rows.sort((a, b) => Number(a.id) - Number(b.id))) {
    const key = `${row.kind}\u0000${row.subject}`;
    const payload =
      typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload;
    const group = groups.get(key);
    if (group) {
      group.ids.push(String(row.id));
      group.payload = payload;
      group.attempts = Math.max(group.attempts, row.attempts);
    } else {
      groups.set(key, {
        ids: [String(row.id)],
        kind: row.kind,
        subject: row.subject,
        payload,
        attempts: row.attempts,
      });
    }
  }
  return [...groups.values()];
}

/**
 * Carries out the due effects that `handlers` know, oldest first, each
 * group once; a carried-out effect is deleted, a failed one waits
 * 2^attempts seconds (at most ten minutes) for its next try.
 */
export async function carryOutEffects(
  db: Db,
  handlers: Readonly<Record<string, EffectHandler>>,
  options: { subject?: string; limit?: number } = {},
): Promise<OutboxPass> {
  const pass: OutboxPass = { done: [], failed: [] };
  const claimed = await claimDue(db, Object.keys(handlers), options.subject, options.limit ?? 100);
  for (const effect of claimed) {
    const handler = handlers[effect.kind];
    try {
      if (!handler) throw new Error(`no handler for ${effect.kind}`);
      await handler(effect);
      await db.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [effect.ids]);
      pass.done.push({ kind: effect.kind, subject: effect.subject });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db.query(
        `UPDATE outbox SET claimed_until = NULL, last_error = $2,
           next_attempt_at = now() + least(power(2, attempts), $3) * interval '1 second'
         WHERE id = ANY($1::bigint[])`,
        [effect.ids, message.slice(0, 2000), MAX_BACKOFF_SECONDS],
      );
      pass.failed.push({ kind: effect.kind, subject: effect.subject, error: message });
    }
  }
  return pass;
}

/** Whether an effect of `kind` on `subject` still waits to be carried out. */
export async function hasPendingEffect(db: Queryable, kind: string, subject: string): Promise<boolean> {
  const { rows } = await db.query<{ pending: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM outbox WHERE kind = $1 AND subject = $2) AS pending',
    [kind, subject],
  );
  return rows[0]?.pending === true;
}
