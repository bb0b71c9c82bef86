import { createHash, randomBytes } from 'node:crypto';
import { streebog256, streebog512 } from '@podpis/gost';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DocumentHashThreads,
  startDocumentHashing,
  THREADED_HASHING_MIN_BYTES,
} from '../src/signing/document-hashing.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** `data` in pieces of random sizes up to `max` bytes. */
function* pieces(data: Uint8Array, max: number): Generator<Uint8Array> {
  for (let at = 0; at < data.length;) {
    const take = 1 + Math.floor(Math.random() * max);
    yield data.subarray(at, at + take);
    at += take;
  }
}

describe('an upload is hashed as it streams in: on a hashing thread when large or of unknown size, in place when small', () => {
  const threads = new DocumentHashThreads(2);
  afterAll(() => threads.close());

  it('a thread makes the same Streebog-256, Streebog-512 and SHA-256 as hashing the whole, with WebAssembly, whatever the pieces; the caller may overwrite a piece once given', async () => {
    const data = randomBytes(6 * 1024 * 1024 + 77);
    const hashing = threads.start(['streebog256', 'streebog512', 'sha256']);
    const scratch = Buffer.alloc(1024 * 1024);
    for (const piece of pieces(data, 1024 * 1024)) {
      scratch.set(piece);
      await hashing.update(scratch.subarray(0, piece.length));
      scratch.fill(0xa5);
    }
    const { digests, streebog } = await hashing.digests();
    expect(streebog).toBe('wasm');
    expect(digests).toEqual({
      streebog256: hex(streebog256(data)),
      streebog512: hex(streebog512(data)),
      sha256: createHash('sha256').update(data).digest('hex'),
    });
  });

  it('uploads at once on the threads stay apart; an aborted one is forgotten; an empty one has the empty digests', async () => {
    const documents = [randomBytes(3 * 1024 * 1024), randomBytes(5 * 1024 * 1024 + 1), new Uint8Array()];
    const aborted = threads.start(['streebog256']);
    await aborted.update(randomBytes(1000));
    const hashings = documents.map(() => threads.start(['streebog256']));
    for (let round = 0; round < 6; round++)
      await Promise.all(
        documents.map((document, i) =>
          hashings[i]!.update(document.subarray(round * 1024 * 1024, (round + 1) * 1024 * 1024)),
        ),
      );
    aborted.abort();
    const results = await Promise.all(hashings.map((hashing) => hashing.digests()));
    expect(results.map(({ digests }) => digests.streebog256)).toEqual(
      documents.map((document) => hex(streebog256(document))),
    );
  });

  it(`the size decides: below ${THREADED_HASHING_MIN_BYTES} bytes in place (the update is done when it returns), else on a thread`, async () => {
    const small = randomBytes(1000);
    const inPlace = startDocumentHashing(['sha256', 'streebog256'], small.length);
    await inPlace.update(small);
    expect((await inPlace.digests()).digests).toEqual({
      sha256: createHash('sha256').update(small).digest('hex'),
      streebog256: hex(streebog256(small)),
    });
    for (const size of [THREADED_HASHING_MIN_BYTES, undefined]) {
      const threaded = startDocumentHashing(['streebog256'], size);
      await threaded.update(small);
      expect((await threaded.digests()).digests.streebog256).toBe(hex(streebog256(small)));
    }
  });
});
