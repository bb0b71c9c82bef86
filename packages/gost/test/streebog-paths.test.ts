import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  createHmacStreebog512,
  createStreebog256,
  createStreebog512,
  pbkdf2Streebog512,
  streebog256,
  streebog512,
  useGostImplementation,
  type GostImplementation,
  type StreebogHash,
} from '@podpis/gost';
import { streebogModule } from '../src/streebog.js';
import { seededBytes } from './support/helpers.js';

/** `fn`'s result computed on the given path. */
function on<T>(implementation: GostImplementation, fn: () => T): T {
  useGostImplementation(implementation);
  try {
    return fn();
  } finally {
    useGostImplementation('auto');
  }
}

/** Feeds `message` to `hash` in random pieces of 0..max bytes. */
function updateInPieces(
  hash: StreebogHash,
  message: Uint8Array,
  random: (n: number) => Uint8Array,
  max: number,
) {
  for (let pos = 0; pos < message.length;) {
    const [a, b] = random(2);
    const step = Math.min(message.length - pos, ((a! << 8) | b!) % (max + 1));
    hash.update(message.subarray(pos, pos + step));
    pos += step;
  }
  return hash;
}

describe('Streebog: the WebAssembly and pure paths agree (differential fuzzing)', () => {
  const random = seededBytes(0x57eeb06);

  it('on every length 0..300, both sizes', () => {
    for (let length = 0; length <= 300; length++) {
      const message = random(length);
      for (const hash of [streebog256, streebog512]) {
        const wasm = bytesToHex(on('wasm', () => hash(message)));
        expect(wasm, `${hash.name} length ${length}`).toBe(bytesToHex(on('pure', () => hash(message))));
      }
    }
  });

  it('on inputs larger than the module memory and around its 64 KiB input buffer', () => {
    for (const length of [65535, 65536, 65537, 131072 + 63, 3 * 1024 * 1024 + 17]) {
      const message = random(length);
      for (const hash of [streebog256, streebog512]) {
        const wasm = bytesToHex(on('wasm', () => hash(message)));
        expect(wasm, `${hash.name} length ${length}`).toBe(bytesToHex(on('pure', () => hash(message))));
      }
    }
  });

  it('on random chunkings of incremental updates, with several hashes under way at once', () => {
    for (let n = 0; n < 60; n++) {
      const [a, b] = random(2);
      const length = ((a! << 8) | b!) % 5000;
      const message = random(length);
      const expected = on('pure', () => bytesToHex(streebog512(message)));
      const hashes = on('wasm', () => [createStreebog512(), createStreebog512()]);
      // Interleave the two hashes' pieces, so each call moves another state through the module.
      updateInPieces(hashes[0]!, message.subarray(0, length >> 1), random, 200);
      updateInPieces(hashes[1]!, message, random, 200);
      updateInPieces(hashes[0]!, message.subarray(length >> 1), random, 200);
      expect(bytesToHex(hashes[0]!.digest()), `length ${length}`).toBe(expected);
      expect(bytesToHex(hashes[1]!.digest()), `length ${length}`).toBe(expected);
    }
  });

  it('hands a state over between paths (clone across them)', () => {
    const message = random(1000);
    const wasm = on('wasm', () => createStreebog256().update(message.subarray(0, 321)));
    const pure = on('pure', () => createStreebog256());
    wasm.cloneInto(pure).update(message.subarray(321));
    expect(pure.digest()).toEqual(on('pure', () => streebog256(message)));
  });

  it('leaves no trace of messages, HMAC keys or states in the module memory', () => {
    const memory = on('wasm', () => {
      streebog256(new Uint8Array(0));
      return new Uint8Array(streebogModule.exports()!.memory.buffer);
    });
    const baseline = memory.slice();
    on('wasm', () => {
      streebog512(random(200_000 + 7));
      // Shorter than the input buffer: the one-call path.
      streebog256(random(1000));
      streebog512(random(65535));
      const hmac = createHmacStreebog512(random(100));
      hmac.update(random(333));
      updateInPieces(createStreebog256(), random(5000), random, 300).digest();
      // PBKDF2 runs its iterations in the module, from the HMAC's keyed states.
      pbkdf2Streebog512(random(20), random(16), 50, 100);
      return hmac.digest();
    });
    const differing = memory.findIndex((byte, i) => byte !== baseline[i]);
    expect(differing, `first differing byte at ${differing}`).toBe(-1);
  });
});
