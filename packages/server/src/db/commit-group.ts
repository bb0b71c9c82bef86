import type { Db, Queryable } from './db.js';

interface Waiting<Item> {
  item: Item;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive while an earlier one is being committed
 * wait and then go in one transaction together, so under load a hundred
 * callers share one BEGIN, one set of statements and one COMMIT (and one
 * WAL flush) instead of a hundred. A lone caller is written at once, as
 * without the group: nothing ever waits for company.
 *
 * Each caller still learns only its own outcome. When a shared transaction
 * fails, nothing of it was written, and each of its writes is tried again
 * in a transaction of its own: the one that cannot be written fails alone,
 * the others are written.
 */
export class CommitGroup<Item> {
  readonly #db: Db;
  readonly #write: (tx: Queryable, items: readonly Item[]) => Promise<void>;
  readonly #maxItems: number;
  readonly #waiting: Waiting<Item>[] = [];
  #committing = false;

  constructor(
    db: Db,
    write: (tx: Queryable, items: readonly Item[]) => Promise<void>,
    options: { maxItems?: number } = {},
  ) {
    this.#db = db;
    this.#write = write;
    this.#maxItems = options.maxItems ?? 64;
  }

  /** Resolves once `item` is committed; rejects with its own transaction's error when it cannot be. */
  submit(item: Item): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (!this.#committing) void this.#commitWaiting();
    });
  }

  async #commitWaiting(): Promise<void> {
    this.#committing = true;
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, this.#maxItems);
        await this.#commit(batch);
      }
    } finally {
      this.#committing = false;
    }
  }

  async #commit(batch: readonly Waiting<Item>[]): Promise<void> {
    try {
      await this.#db.transaction((tx) =>
        this.#write(
          tx,
          batch.map((waiting) => waiting.item),
        ),
      );
      for (const waiting of batch) waiting.resolve();
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
    }
    for (const waiting of batch) {
      try {
        await this.#db.transaction((tx) => this.#write(tx, [waiting.item]));
        waiting.resolve();
      } catch (error) {
        waiting.reject(error);
      }
    }
  }
}
