import type { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { PkiError } from '../errors.js';
import { hashForSigner, type Signer } from './signer.js';

/** A signature waiting for a key that signs only digests it was shown first. */
export interface DeferredSignature<T> {
  /** The digest the key signs: the signer's hash of what `build` asked to sign. */
  digest: Uint8Array;
  /** Runs `build` again with the signature in place; the bytes it signs must hash to `digest`. */
  complete(signature: Uint8Array): Promise<T>;
}

const equal = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * Splits any one-signer builder (`signCms`, `addCounterSignature`, …) into
 * the two steps of a key held elsewhere: `build` runs once with a signer
 * that only records the digest of what it is given, and again in `complete`
 * with the real signature. `build` must be deterministic (fixed signing
 * time, no randomness) and sign exactly once; a second run that signs other
 * bytes is INVALID_ARGUMENT rather than a signature over something else.
 */
export async function deferSignature<T>(
  key: { signatureAlgorithm: AlgorithmIdentifier; publicKeyInfo: SubjectPublicKeyInfo },
  build: (signer: Signer) => Promise<T>,
): Promise<DeferredSignature<T>> {
  const recorder = (onDigest: (digest: Uint8Array) => Uint8Array): Signer => {
    let calls = 0;
    const once = (digest: Uint8Array): Uint8Array => {
      calls += 1;
      if (calls > 1) throw new PkiError('INVALID_ARGUMENT', 'the builder signed more than once', 'build');
      return onDigest(digest);
    };
    return {
      signatureAlgorithm: key.signatureAlgorithm,
      publicKeyInfo: key.publicKeyInfo,
      sign: async (data) => once(await hashForSigner(key, data)),
      signDigest: (digest) => Promise.resolve(once(digest)),
    };
  };
  let recorded: Uint8Array | undefined;
  await build(
    recorder((digest) => {
      recorded = digest.slice();
      return new Uint8Array(0);
    }),
  );
  if (!recorded) throw new PkiError('INVALID_ARGUMENT', 'the builder did not sign', 'build');
  const digest = recorded;
  return {
    digest,
    complete: (signature) =>
      build(
        recorder((again) => {
          if (!equal(again, digest)) {
            throw new PkiError('INVALID_ARGUMENT', 'the builder signed other bytes the second time', 'build');
          }
          return signature;
        }),
      ),
  };
}
