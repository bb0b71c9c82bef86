/** Signatures per second the public endpoints make for anyone who asks (time stamps, OCSP with a nonce). */
export interface PublicSigningLimits {
  /** Per client address; a burst of twice as many is allowed. */
  perClient: number;
  /** For the whole node, whoever asks: what keeps its CPU for the office. */
  perNode: number;
}

export const DEFAULT_PUBLIC_SIGNING_LIMITS: PublicSigningLimits = { perClient: 20, perNode: 200 };

/** Client buckets kept before the idle ones are swept. */
const MAX_CLIENTS = 10_000;

class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly rate: number,
    readonly capacity: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }

  refill(now: number): number {
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) / 1000) * this.rate);
    this.#at = now;
    return this.#tokens;
  }

  take(): void {
    this.#tokens -= 1;
  }
}

/**
 * Token buckets in memory, per client and for the node: anonymous callers
 * can ask the TSA and the OCSP responder for a signature each, and a
 * signature costs milliseconds of CPU. Per node rather than shared through
 * the database on purpose: the resource protected is this node's CPU, and
 * a database round trip per request would cost more than the check.
 */
export class PublicSigningLimiter {
  readonly #limits: PublicSigningLimits;
  readonly #clients = new Map<string, TokenBucket>();
  readonly #node: TokenBucket;
  readonly #now: () => number;

  constructor(limits: PublicSigningLimits = DEFAULT_PUBLIC_SIGNING_LIMITS, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
    this.#node = new TokenBucket(limits.perNode, limits.perNode, now());
  }

  /** Whether `client` may have one more signature now; a refusal takes nothing. */
  admit(client: string): boolean {
    const now = this.#now();
    let bucket = this.#clients.get(client);
    if (!bucket) {
      if (this.#clients.size >= MAX_CLIENTS) this.#sweep(now);
      bucket = new TokenBucket(this.#limits.perClient, this.#limits.perClient * 2, now);
      this.#clients.set(client, bucket);
    }
    if (bucket.refill(now) < 1 || this.#node.refill(now) < 1) return false;
    bucket.take();
    this.#node.take();
    return true;
  }

  /** Drops the buckets that refilled (their clients went quiet), or all when none did. */
  #sweep(now: number): void {
    for (const [client, bucket] of this.#clients) {
      if (bucket.refill(now) >= bucket.capacity) this.#clients.delete(client);
    }
    if (this.#clients.size >= MAX_CLIENTS) this.#clients.clear();
  }
}
