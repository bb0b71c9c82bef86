import type { Db } from '../db/db.js';

/**
 * Runs `work` only on the node that holds the job's advisory lock, and
 * tells whether this node did. On PostgreSQL the lock is
 * `pg_try_advisory_xact_lock(lockKey)` in a transaction of its own (one
 * pooled connection), held while `work` uses others; a node that does not
 * get it skips the run instead of waiting. PGlite is one process's database
 * (the data directory's lock file), so there the process is the only runner.
 */
export async function runAsLeader<T>(
  db: Db,
  lockKey: number,
  work: () => Promise<T>,
): Promise<{ leader: true; value: T } | { leader: false }> {
  if (db.kind === 'pglite') return { leader: true, value: await work() };
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ acquired: boolean }>(
      'SELECT pg_try_advisory_xact_lock($1) AS acquired',
      [lockKey],
    );
    if (rows[0]?.acquired !== true) return { leader: false } as const;
    return { leader: true, value: await work() } as const;
  });
}
