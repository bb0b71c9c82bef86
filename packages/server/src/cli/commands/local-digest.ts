import { createReadStream } from 'node:fs';
import { DIGESTS as SDK_DIGESTS, digestForKey, digestSource, toHex } from '@podpis/sdk';
import type { OnBytes } from './api-client.js';

export { digestForKey };

/** The digests `sign --hash --digest` offers: those the service's keys sign (the SDK's, less SHA-384). */
export const DIGESTS = {
  streebog256: SDK_DIGESTS.streebog256,
  streebog512: SDK_DIGESTS.streebog512,
  sha256: SDK_DIGESTS.sha256,
} as const;
export type DigestName = keyof typeof DIGESTS;
export const DIGEST_NAMES = Object.keys(DIGESTS) as DigestName[];

/**
 * Hashes a file as it streams from disk (the SDK's hash-then-sign digest),
 * so hash signing of a 1 GiB file holds one read buffer at a time and the
 * document never leaves the machine.
 */
export async function digestFile(
  path: string,
  name: DigestName,
  onBytes?: OnBytes,
): Promise<{ digest: string; digestAlgorithm: string }> {
  const { digest, digestAlgorithm } = await digestSource(
    createReadStream(path, { highWaterMark: 1024 * 1024 }),
    name,
    onBytes !== undefined ? { onBytes } : {},
  );
  return { digest: toHex(digest), digestAlgorithm };
}
