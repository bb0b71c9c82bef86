import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/db.js';

/** How long a lease lasts unless renewed; a dead node's jobs move on after at most this. */
export const DEFAULT_LEASE_MS = 30_000;

/** This node's name when PODPIS_NODE_ID does not give one: host and process. */
export function defaultNodeId(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Several connection pools in one process (tests play several nodes so)
 * are told apart by a suffix of their own, so each is a holder of its own.
 */
const poolSuffixes = new WeakMap<Db, string>();

function holderName(db: Db, nodeId: string): string {
  let suffix = poolSuffixes.get(db);
  if (!suffix) {
    suffix = randomBytes(3).toString('hex');
    poolSuffixes.set(db, suffix);
  }
  return `${nodeId}/${suffix}`;
}

/** What became of a lease at an attempt to take or renew it. */
export type LeaseChange = 'acquired' | 'renewed' | 'lost' | 'refused';

/**
 * A job's lease in `job_leases`: taken when free, expired or already ours
 * (one upsert, so two nodes racing for it cannot both win), renewed by the
 * same statement, given back by `release`. Expiry is judged by the
 * database's clock; locally a lease is also taken as lost once `leaseMs`
 * passed since the last successful renewal, so a node cut off from the
 * database stops its work in time even though it cannot hear it was replaced.
 */
export class JobLease {
  readonly name: string;
  readonly holder: string;
  readonly leaseMs: number;
  readonly #db: Db;
  #validUntil = 0;

  constructor(db: Db, name: string, options: { nodeId?: string; leaseMs?: number } = {}) {
    this.#db = db;
    this.name = name;
    this.holder = holderName(db, options.nodeId ?? defaultNodeId());
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Whether this node holds the lease now, as far as it can know. */
  get held(): boolean {
    return performance.now() < this.#validUntil;
  }

  /** Takes the lease, or renews it if ours; says what happened. A database error counts as not holding it. */
  async claim(): Promise<LeaseChange> {
    const wasHeld = this.held;
    const started = performance.now();
    try {
      const { rows } = await this.#db.query<{ holder: string }>(
        `INSERT INTO job_leases AS l (name, holder, acquired_at, expires_at)
         VALUES ($1, $2, now(), now() + $3 * interval '1 millisecond')
         ON CONFLICT (name) DO UPDATE SET
           holder = EXCLUDED.holder,
           expires_at = EXCLUDED.expires_at,
           acquired_at = CASE WHEN l.holder = EXCLUDED.holder THEN l.acquired_at ELSE now() END
         WHERE l.holder = EXCLUDED.holder OR l.expires_at < now()
         RETURNING holder`,
        [this.name, this.holder, this.leaseMs],
      );
      if (rows[0]?.holder === this.holder) {
        // Counted from before the statement: the database's expiry is no earlier than this.
        this.#validUntil = started + this.leaseMs;
        return wasHeld ? 'renewed' : 'acquired';
      }
    } catch {
      if (this.held) return 'renewed';
    }
    this.#validUntil = 0;
    return wasHeld ? 'lost' : 'refused';
  }

  /** Gives the lease back so another node need not wait for it to expire. */
  async release(): Promise<void> {
    this.#validUntil = 0;
    await this.#db.query('DELETE FROM job_leases WHERE name = $1 AND holder = $2', [this.name, this.holder]);
  }
}
