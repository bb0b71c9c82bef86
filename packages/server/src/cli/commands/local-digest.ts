import { createReadStream } from 'node:fs';
import { DOCUMENT_DIGESTS, incrementalHash, type DocumentDigestName } from '../../signing/document-store.js';
import type { OnBytes } from './api-client.js';

/** GOST R 34.10-2012 public key OIDs → the Streebog their signatures hash with; any other key signs SHA-256. */
const GOST_KEY_DIGESTS: Readonly<Record<string, DocumentDigestName>> = {
  '1.2.643.7.1.1.1.1': 'streebog256',
  '1.2.643.7.1.1.1.2': 'streebog512',
};

/** The digest a certificate's key signs, by its public key algorithm OID. */
export function digestForKey(publicKeyAlgorithm: string): DocumentDigestName {
  return GOST_KEY_DIGESTS[publicKeyAlgorithm] ?? 'sha256';
}

/**
 * Hashes a file as it streams from disk, so hash signing of a 1 GiB file
 * holds one read buffer at a time and the document never leaves the machine.
 */
export async function digestFile(
  path: string,
  name: DocumentDigestName,
  onBytes?: OnBytes,
): Promise<{ digest: string; digestAlgorithm: string }> {
  const hash = incrementalHash(name);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    onBytes?.((chunk as Buffer).length);
  }
  return { digest: Buffer.from(hash.digest()).toString('hex'), digestAlgorithm: DOCUMENT_DIGESTS[name] };
}
