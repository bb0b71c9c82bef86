import { createStreebog256, createStreebog512 } from '@podpis/gost';
import { sha256, sha384 } from '@noble/hashes/sha2.js';

/** The digests a signing key of the service signs, by the names the API and CLI use, and their OIDs. */
export const DIGESTS = {
  streebog256: '1.2.643.7.1.1.2.2',
  streebog512: '1.2.643.7.1.1.2.3',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
} as const;
export type DigestName = keyof typeof DIGESTS;
export const DIGEST_NAMES = Object.keys(DIGESTS) as DigestName[];

/** The digests the service's keys sign: SHA-384 is for hashing others' documents only. */
export type KeyDigestName = Exclude<DigestName, 'sha384'>;

/** GOST R 34.10-2012 public key OIDs → the Streebog their signatures hash with. */
const GOST_KEY_DIGESTS: Readonly<Record<string, KeyDigestName>> = {
  '1.2.643.7.1.1.1.1': 'streebog256',
  '1.2.643.7.1.1.1.2': 'streebog512',
};

/**
 * The digest a certificate's key signs, by the public key algorithm OID the
 * API reports (`details.publicKeyAlgorithm.oid`): Streebog of the GOST key's
 * size; SHA-256 for RSA and ECDSA keys, as the service signs them.
 */
export function digestForKey(publicKeyAlgorithm: string): KeyDigestName {
  return GOST_KEY_DIGESTS[publicKeyAlgorithm] ?? 'sha256';
}

/** An incremental hash: fed chunk by chunk, finished once. */
export interface IncrementalHash {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}

/** Bytes as they come: a whole array, a Blob (a browser's File), a WHATWG stream, or any async iterable (a Node stream). */
export type ByteSource = Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Node's own SHA-2 (several times faster than a script's), found without
 * importing node:crypto, so the module still loads in browsers.
 */
function nodeSha2(algorithm: 'sha256' | 'sha384'): IncrementalHash | undefined {
  // Typed as what a browser may lack: @types/node declares process everywhere.
  const host = globalThis as unknown as {
    process?: { getBuiltinModule?: (id: 'node:crypto') => typeof import('node:crypto') | undefined };
  };
  const nodeCrypto = host.process?.getBuiltinModule?.('node:crypto');
  if (nodeCrypto === undefined) return undefined;
  const hash = nodeCrypto.createHash(algorithm);
  return { update: (data) => hash.update(data), digest: () => new Uint8Array(hash.digest()) };
}

/**
 * A fresh hash of `name`. Streebog from @podpis/gost; SHA-2 from Node's
 * crypto, else from @noble/hashes, which unlike WebCrypto hashes
 * incrementally: a 2 GB file never has to be in memory, in Node and in
 * browsers alike.
 */
export function createDigest(name: DigestName): IncrementalHash {
  switch (name) {
    case 'streebog256':
      return createStreebog256();
    case 'streebog512':
      return createStreebog512();
    case 'sha256':
      return nodeSha2('sha256') ?? sha256.create();
    case 'sha384':
      return nodeSha2('sha384') ?? sha384.create();
  }
}

/** The chunks of a source, one at a time. */
export async function* chunksOf(source: ByteSource): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    yield* chunksOf(source.stream());
    return;
  }
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  yield* source as AsyncIterable<Uint8Array>;
}

/** What hashing a source gave: the digest, its algorithm's OID, and how many bytes were hashed. */
export interface SourceDigest {
  digest: Uint8Array;
  digestAlgorithm: string;
  size: number;
}

/**
 * Hashes a source as it streams, holding one chunk at a time: hash-then-sign
 * of a file of any size, which never leaves the caller. `onBytes` is told
 * each chunk's length (progress); `signal` stops between chunks.
 */
export async function digestSource(
  source: ByteSource,
  name: DigestName,
  options: { onBytes?: (bytes: number) => void; signal?: AbortSignal } = {},
): Promise<SourceDigest> {
  const hash = createDigest(name);
  let size = 0;
  for await (const chunk of chunksOf(source)) {
    options.signal?.throwIfAborted();
    hash.update(chunk);
    size += chunk.length;
    options.onBytes?.(chunk.length);
  }
  return { digest: hash.digest(), digestAlgorithm: DIGESTS[name], size };
}
