/**
 * A document-hashing thread (see document-hashing.ts): it keeps the hashes
 * of the uploads it was given, each under its id, and answers every chunk
 * once hashed (the sender may then reuse its shared memory) and a finished
 * upload with its digests.
 */
import { parentPort } from 'node:worker_threads';
import { gostImplementations } from '@podpis/gost';
import { hex, incrementalHash, type IncrementalHash } from './document-digests.js';
import type { HashThreadAnswer, HashThreadRequest } from './document-hashing.js';

const port = parentPort;
if (!port) throw new Error('document-hash-worker runs as a worker thread');

const uploads = new Map<number, { name: string; hash: IncrementalHash }[]>();

const answer = (message: HashThreadAnswer): void => {
  port.postMessage(message);
};

port.on('message', (request: HashThreadRequest) => {
  const { id } = request;
  try {
    switch (request.kind) {
      case 'start':
        uploads.set(
          id,
          request.names.map((name) => ({ name, hash: incrementalHash(name) })),
        );
        return;
      case 'update':
        for (const { hash } of uploads.get(id) ?? []) hash.update(request.bytes);
        answer({ kind: 'hashed', id });
        return;
      case 'finish': {
        const hashes = uploads.get(id) ?? [];
        uploads.delete(id);
        answer({
          kind: 'digests',
          id,
          digests: Object.fromEntries(hashes.map(({ name, hash }) => [name, hex(hash.digest())])),
          streebog: gostImplementations().streebog ?? 'pure',
        });
        return;
      }
      case 'abort':
        uploads.delete(id);
        return;
    }
  } catch (error) {
    uploads.delete(id);
    answer({ kind: 'failed', id, error: error instanceof Error ? error.message : String(error) });
  }
});
