import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { gostImplementations } from '@podpis/gost';
import { startWorkerThread } from '../core/worker-thread.js';
import {
  hex,
  incrementalHash,
  type DocumentDigestName,
  type DocumentDigestValues,
} from './document-digests.js';

/** What the main thread sends a hashing thread; `id` names one upload. */
export type HashThreadRequest =
  | { kind: 'start'; id: number; names: readonly DocumentDigestName[] }
  | { kind: 'update'; id: number; bytes: Uint8Array }
  | { kind: 'finish'; id: number }
  | { kind: 'abort'; id: number };

/** What a hashing thread answers. */
export type HashThreadAnswer =
  | { kind: 'hashed'; id: number }
  | { kind: 'digests'; id: number; digests: DocumentDigestValues; streebog: 'wasm' | 'pure' }
  | { kind: 'failed'; id: number; error: string };

/** The digests of a document as it streams in. */
export interface DocumentHashing {
  /**
   * Hashes `bytes`; resolves once they are no longer needed (hashed, or
   * copied), when the caller may overwrite them. Bytes in a
   * SharedArrayBuffer go to a hashing thread without a copy: the caller
   * keeps them until then; others are copied as they are sent.
   */
  update(bytes: Uint8Array): Promise<void>;
  /** The digests of everything given, once it is hashed; the hashing is over. */
  digests(): Promise<{ digests: DocumentDigestValues; streebog: 'wasm' | 'pure' }>;
  /** Drops the hashing (the upload failed). */
  abort(): void;
}

/**
 * Documents of at least this size are hashed on a thread of their own: below
 * it a thread's round trips cost more than they free the event loop.
 */
export const THREADED_HASHING_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Hashes a document with `names` as it streams in: on a hashing thread when
 * it is large (or of unknown size), so that Streebog — the slowest part of
 * an upload — runs on another core while this thread reads the request and
 * stores the chunks; in place otherwise.
 */
export function startDocumentHashing(
  names: readonly DocumentDigestName[],
  expectedSize: number | undefined,
): DocumentHashing {
  if (expectedSize !== undefined && expectedSize < THREADED_HASHING_MIN_BYTES) return hashingInPlace(names);
  return documentHashThreads().start(names);
}

function hashingInPlace(names: readonly DocumentDigestName[]): DocumentHashing {
  const hashes = names.map((name) => ({ name, hash: incrementalHash(name) }));
  return {
    update(bytes) {
      for (const { hash } of hashes) hash.update(bytes);
      return Promise.resolve();
    },
    digests() {
      return Promise.resolve({
        digests: Object.fromEntries(hashes.map(({ name, hash }) => [name, hex(hash.digest())])),
        streebog: gostImplementations().streebog ?? 'pure',
      });
    },
    abort() {
      hashes.length = 0;
    },
  };
}

/** One upload's hashing on a thread. */
class ThreadedHashing implements DocumentHashing {
  /** The updates sent and not yet hashed, in order (the thread hashes in order). */
  readonly #unhashed: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #failure: Error | undefined;
  #result:
    | {
        resolve: (result: { digests: DocumentDigestValues; streebog: 'wasm' | 'pure' }) => void;
        reject: (error: Error) => void;
      }
    | undefined;

  constructor(
    readonly id: number,
    private readonly thread: HashThread,
  ) {}

  update(bytes: Uint8Array): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#unhashed.push({ resolve, reject });
      // Shared memory is shared; other bytes are copied (structured clone).
      this.thread.send({ kind: 'update', id: this.id, bytes });
    });
  }

  digests(): Promise<{ digests: DocumentDigestValues; streebog: 'wasm' | 'pure' }> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#result = { resolve, reject };
      this.thread.send({ kind: 'finish', id: this.id });
    });
  }

  abort(): void {
    if (this.thread.end(this)) this.thread.send({ kind: 'abort', id: this.id });
    // Whoever waits for an update hears that it is over (the thread answers an aborted upload no more).
    this.fail(new Error('document hashing aborted'));
  }

  /** The thread's answer about this upload. */
  settle(answer: HashThreadAnswer): void {
    switch (answer.kind) {
      case 'hashed':
        this.#unhashed.shift()?.resolve();
        return;
      case 'digests':
        this.thread.end(this);
        this.#result?.resolve({ digests: answer.digests, streebog: answer.streebog });
        return;
      case 'failed':
        this.fail(new Error(`document hashing failed: ${answer.error}`));
        return;
    }
  }

  fail(error: Error): void {
    this.thread.end(this);
    this.#failure = error;
    for (const waiting of this.#unhashed.splice(0)) waiting.reject(error);
    this.#result?.reject(error);
    this.#result = undefined;
  }
}

/** A hashing thread and the uploads it hashes now. */
class HashThread {
  readonly uploads = new Map<number, ThreadedHashing>();

  constructor(
    private readonly worker: Worker,
    private readonly onExit: (thread: HashThread) => void,
  ) {
    worker.on('message', (answer: HashThreadAnswer) => {
      this.uploads.get(answer.id)?.settle(answer);
    });
    worker.on('error', (error) => {
      this.#die(error);
    });
    worker.on('exit', (code) => {
      this.#die(new Error(`document hashing thread exited with ${code}`));
    });
    // Idle threads do not keep the process alive.
    worker.unref();
  }

  start(id: number, names: readonly DocumentDigestName[]): ThreadedHashing {
    const upload = new ThreadedHashing(id, this);
    if (this.uploads.size === 0) this.worker.ref();
    this.uploads.set(id, upload);
    this.send({ kind: 'start', id, names });
    return upload;
  }

  send(request: HashThreadRequest): void {
    this.worker.postMessage(request);
  }

  /** The upload is over here; false when it already was. */
  end(upload: ThreadedHashing): boolean {
    if (!this.uploads.delete(upload.id)) return false;
    if (this.uploads.size === 0) this.worker.unref();
    return true;
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  /** A thread that dies takes its uploads with it (they fail); a new thread starts next time. */
  #die(error: Error): void {
    this.onExit(this);
    for (const upload of [...this.uploads.values()]) upload.fail(error);
  }
}

/**
 * The process's hashing threads, started on first use, one per core (at
 * most 4); an upload goes to the thread with the fewest uploads under way,
 * so concurrent uploads hash on different cores.
 */
export class DocumentHashThreads {
  readonly #threads: HashThread[] = [];
  readonly #size: number;
  #nextId = 0;

  constructor(size = Math.min(Math.max(availableParallelism(), 1), 4)) {
    this.#size = size;
  }

  start(names: readonly DocumentDigestName[]): DocumentHashing {
    return this.#thread().start(++this.#nextId, names);
  }

  /** Stops the threads; hashing under way fails. */
  async close(): Promise<void> {
    await Promise.all(this.#threads.splice(0).map((thread) => thread.terminate()));
  }

  #thread(): HashThread {
    const idlest = this.#threads.reduce<HashThread | undefined>(
      (best, thread) => (best && best.uploads.size <= thread.uploads.size ? best : thread),
      undefined,
    );
    if (idlest && (idlest.uploads.size === 0 || this.#threads.length >= this.#size)) return idlest;
    const thread = new HashThread(startWorkerThread(import.meta.url, 'document-hash-worker'), (gone) => {
      const index = this.#threads.indexOf(gone);
      if (index >= 0) this.#threads.splice(index, 1);
    });
    this.#threads.push(thread);
    return thread;
  }
}

let shared: DocumentHashThreads | undefined;

/** The process's hashing threads, made on first use. */
export function documentHashThreads(): DocumentHashThreads {
  shared ??= new DocumentHashThreads();
  return shared;
}
