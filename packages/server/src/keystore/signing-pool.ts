import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../core/worker-thread.js';
import { KeyStoreError } from './key-store.js';

/** What a signing thread is sent: a copy of the key (moved, not shared), how to import it, the digests. */
export interface SigningTask {
  id: number;
  pkcs8: ArrayBuffer;
  options: { rsaScheme?: 'pkcs1' | 'pss' };
  digests: Uint8Array[];
}

export type SigningTaskResult = { id: number; signatures: Uint8Array[] } | { id: number; error: string };

/** Below this many digests a batch is signed in place: a thread's round trip and key import cost more. */
export const POOLED_BATCH_MIN = 16;

interface Pending {
  worker: Worker;
  resolve: (signatures: Uint8Array[]) => void;
  reject: (error: Error) => void;
}

/**
 * Threads that sign big batches for the software key store, so that a
 * batch of a thousand documents neither blocks the event loop (every other
 * request waits while JavaScript signs) nor uses one core of several.
 * A batch is split across the threads; each gets its own copy of the
 * key's PKCS#8, transferred (the sender's copy is detached) and erased
 * once imported. Threads start on first use; idle ones do not keep the
 * process alive.
 */
export class SigningPool {
  readonly #workers: Worker[] = [];
  readonly #pending = new Map<number, Pending>();
  readonly #size: number;
  #next = 0;
  #taskId = 0;

  constructor(size = Math.min(Math.max(availableParallelism(), 1), 4)) {
    this.#size = size;
  }

  /** Signs `digests` with the key, in order; the key is not kept. */
  async sign(
    pkcs8: Uint8Array,
    options: SigningTask['options'],
    digests: readonly Uint8Array[],
  ): Promise<Uint8Array[]> {
    const parts = Math.min(this.#size, digests.length);
    const share = Math.ceil(digests.length / parts);
    const tasks: Promise<Uint8Array[]>[] = [];
    for (let start = 0; start < digests.length; start += share) {
      tasks.push(this.#run(pkcs8, options, digests.slice(start, start + share)));
    }
    return (await Promise.all(tasks)).flat();
  }

  /** Stops the threads; pending batches fail. */
  async close(): Promise<void> {
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  #run(pkcs8: Uint8Array, options: SigningTask['options'], digests: Uint8Array[]): Promise<Uint8Array[]> {
    // A copy of its own: a Buffer's slice() shares memory, and its ArrayBuffer may be Node's pool.
    const copy = new Uint8Array(pkcs8);
    const task: SigningTask = { id: ++this.#taskId, pkcs8: copy.buffer, options, digests };
    return new Promise((resolve, reject) => {
      try {
        const worker = this.#worker();
        this.#pending.set(task.id, { worker, resolve, reject });
        // Busy threads keep the process alive until they answer; idle ones do not.
        worker.ref();
        worker.postMessage(task, [copy.buffer]);
      } catch (error) {
        copy.fill(0);
        this.#pending.delete(task.id);
        reject(new KeyStoreError('KEY_STORE_FAILED', `no signing thread: ${(error as Error).message}`));
      }
    });
  }

  #worker(): Worker {
    if (this.#workers.length < this.#size) {
      const worker = startWorkerThread(import.meta.url, 'signing-worker');
      worker.on('message', (result: SigningTaskResult) => {
        this.#settle(result);
      });
      worker.on('error', (error) => {
        this.#fail(worker, error);
      });
      worker.on('exit', (code) => {
        this.#fail(worker, new Error(`signing thread exited with ${code}`));
      });
      this.#workers.push(worker);
      return worker;
    }
    this.#next = (this.#next + 1) % this.#workers.length;
    return this.#workers[this.#next]!;
  }

  #settle(result: SigningTaskResult): void {
    const pending = this.#pending.get(result.id);
    if (!pending) return;
    this.#pending.delete(result.id);
    if (![...this.#pending.values()].some((other) => other.worker === pending.worker)) pending.worker.unref();
    if ('error' in result) {
      pending.reject(new KeyStoreError('KEY_STORE_FAILED', `a signing thread failed: ${result.error}`));
    } else {
      pending.resolve(result.signatures);
    }
  }

  /** A thread that died takes its batches with it (they fail); a new thread starts next time. */
  #fail(worker: Worker, error: Error): void {
    const index = this.#workers.indexOf(worker);
    if (index >= 0) this.#workers.splice(index, 1);
    for (const [id, pending] of this.#pending) {
      if (pending.worker !== worker) continue;
      this.#pending.delete(id);
      pending.reject(new KeyStoreError('KEY_STORE_FAILED', `a signing thread failed: ${error.message}`));
    }
  }
}

let shared: SigningPool | undefined;

/** The process's pool, made on first use. */
export function signingPool(): SigningPool {
  shared ??= new SigningPool();
  return shared;
}
