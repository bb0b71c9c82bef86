import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createStreebog256, createStreebog512 } from '@podpis/gost';
import type { OnBytes } from './api-client.js';

/** The digests the service's keys sign, by the names `POST /documents?digests=` uses, and their OIDs. */
export const DIGESTS = {
  streebog256: '1.2.643.7.1.1.2.2',
  streebog512: '1.2.643.7.1.1.2.3',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;
export type DigestName = keyof typeof DIGESTS;
export const DIGEST_NAMES = Object.keys(DIGESTS) as DigestName[];

/** GOST R 34.10-2012 public key OIDs → the Streebog their signatures hash with; any other key signs SHA-256. */
const GOST_KEY_DIGESTS: Readonly<Record<string, DigestName>> = {
  '1.2.643.7.1.1.1.1': 'streebog256',
  '1.2.643.7.1.1.1.2': 'streebog512',
};

/** The digest a certificate's key signs, by its public key algorithm OID. */
export function digestForKey(publicKeyAlgorithm: string): DigestName {
  return GOST_KEY_DIGESTS[publicKeyAlgorithm] ?? 'sha256';
}

function hashOf(name: DigestName): { update(data: Uint8Array): unknown; digest(): Uint8Array } {
  switch (name) {
    case 'streebog256':
      return createStreebog256();
    case 'streebog512':
      return createStreebog512();
    case 'sha256':
      return createHash('sha256');
  }
}

/**
 * Hashes a file as it streams from disk, so hash signing of a 1 GiB file
 * holds one read buffer at a time and the document never leaves the machine.
 */
export async function digestFile(
  path: string,
  name: DigestName,
  onBytes?: OnBytes,
): Promise<{ digest: string; digestAlgorithm: string }> {
  const hash = hashOf(name);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    onBytes?.((chunk as Buffer).length);
  }
  return { digest: Buffer.from(hash.digest()).toString('hex'), digestAlgorithm: DIGESTS[name] };
}
