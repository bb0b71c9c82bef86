import type { Queryable } from '../db/db.js';
import { FAILED_LOGIN_MEMORY_MINUTES } from '../people/credentials.js';

/**
 * Counts one hit on `key` in fixed windows of `windowSeconds`, in the
 * database so that every node behind the load balancer shares the count.
 * Returns how long to wait when the window already holds `limit` hits.
 */
export async function hitRateLimit(
  tx: Queryable,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const { rows } = await tx.query<{ hits: number; retry_after: number | string }>(
    `INSERT INTO rate_limits AS r (key, window_started_at, hits) VALUES ($1, now(), 1)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN r.window_started_at <= now() - $2::int * interval '1 second' THEN 1 ELSE r.hits + 1 END,
       window_started_at = CASE WHEN r.window_started_at <= now() - $2::int * interval '1 second' THEN now() ELSE r.window_started_at END
     RETURNING hits, ceil(extract(epoch FROM (window_started_at + $2::int * interval '1 second' - now()))) AS retry_after`,
    [key, windowSeconds],
  );
  const row = rows[0]!;
  return { allowed: row.hits <= limit, retryAfterSeconds: Math.max(1, Number(row.retry_after)) };
}

/** Removes counters whose window ended more than `retentionMinutes` ago (a new hit starts a new window). */
export async function deleteStaleRateLimits(db: Queryable, retentionMinutes: number): Promise<number> {
  return (
    await db.query(
      "DELETE FROM rate_limits WHERE window_started_at < now() - $1::int * interval '1 minute'",
      [retentionMinutes],
    )
  ).rowCount;
}

/** Whether `key` already holds `limit` hits in its current window (a look, not a hit). */
export async function rateLimitReached(
  db: Queryable,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<{ reached: boolean; retryAfterSeconds: number }> {
  const { rows } = await db.query<{ hits: number; retry_after: number | string }>(
    `SELECT hits, ceil(extract(epoch FROM (window_started_at + $2::int * interval '1 second' - now()))) AS retry_after
     FROM rate_limits WHERE key = $1 AND window_started_at > now() - $2::int * interval '1 second'`,
    [key, windowSeconds],
  );
  const row = rows[0];
  return {
    reached: row !== undefined && row.hits >= limit,
    retryAfterSeconds: Math.max(1, Number(row?.retry_after ?? 1)),
  };
}

/**
 * Counts a wrong password for a login name that has no password sign-in
 * (unknown, staff or disabled), so that it locks after `maxFailed` like an
 * account does and the 423 does not tell which names exist. While locked,
 * `window_started_at` holds the lock's end: housekeeping keeps the row until
 * then, and attempts during the lock are not counted, as for accounts.
 * Returns whether the name is locked now.
 */
export async function countFailedLoginName(
  tx: Queryable,
  login: string,
  maxFailed: number,
  lockoutMinutes: number,
): Promise<boolean> {
  const { rows } = await tx.query<{ locked: boolean }>(
    `INSERT INTO rate_limits AS r (key, window_started_at, hits)
     VALUES ($1, CASE WHEN $2::int <= 1 THEN now() + $3::int * interval '1 minute' ELSE now() END, 1)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN r.hits >= $2 AND r.window_started_at > now() THEN r.hits
                   WHEN r.hits >= $2 THEN 1
                   WHEN r.window_started_at <= now() - $4::int * interval '1 minute' THEN 1
                   ELSE r.hits + 1 END,
       window_started_at = CASE WHEN r.hits >= $2 AND r.window_started_at > now() THEN r.window_started_at
                                WHEN r.hits < $2 AND r.hits + 1 >= $2
                                     AND r.window_started_at > now() - $4::int * interval '1 minute'
                                  THEN now() + $3::int * interval '1 minute'
                                WHEN r.hits >= $2 AND $2 <= 1 THEN now() + $3::int * interval '1 minute'
                                ELSE now() END
     RETURNING hits >= $2 AND window_started_at > now() AS locked`,
    [`login-failures:${login}`, maxFailed, lockoutMinutes, FAILED_LOGIN_MEMORY_MINUTES],
  );
  return rows[0]?.locked === true;
}
