import { createHash } from 'node:crypto';
import { createStreebog256, createStreebog512 } from '@podpis/gost';

/** The digests a document may be kept with: the digest algorithms of the keys the service holds, by name and OID. */
export const DOCUMENT_DIGESTS = {
  streebog256: '1.2.643.7.1.1.2.2',
  streebog512: '1.2.643.7.1.1.2.3',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;
export type DocumentDigestName = keyof typeof DOCUMENT_DIGESTS;
export const DOCUMENT_DIGEST_NAMES = Object.keys(DOCUMENT_DIGESTS) as DocumentDigestName[];

/** The name of a digest algorithm by its OID; undefined for one documents are not kept with. */
export function documentDigestName(oid: string): DocumentDigestName | undefined {
  return DOCUMENT_DIGEST_NAMES.find((name) => DOCUMENT_DIGESTS[name] === oid);
}

/** Hex digests of a document by algorithm name. */
export type DocumentDigestValues = Partial<Record<DocumentDigestName, string>>;

export interface IncrementalHash {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}

/**
 * A fresh hash of `name`. Streebog (@podpis/gost's WebAssembly path, about
 * 0.7× of OpenSSL's GOST engine) costs about ten times SHA-256 (OpenSSL):
 * each is made only when asked.
 */
export function incrementalHash(name: DocumentDigestName): IncrementalHash {
  switch (name) {
    case 'streebog256':
      return createStreebog256();
    case 'streebog512':
      return createStreebog512();
    case 'sha256':
      return createHash('sha256');
  }
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
