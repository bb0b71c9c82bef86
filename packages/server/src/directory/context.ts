import type { Db } from '../db/db.js';
import type { KeyStore } from '../keystore/index.js';

/** What the directory service works with. */
export interface DirectoryContext {
  db: Db;
  /** Seals and opens the service accounts' DN and password under the master key. */
  sealer: Pick<KeyStore, 'sealSecret' | 'openSecret'>;
}

/** The `source` of an account identity that links a user to an entry of directory `id`. */
export const identitySource = (directoryId: string): string => `ldap:${directoryId}`;

/** The directory id of an identity source, or undefined for a source that is not a directory's. */
export function directoryOfSource(source: string): string | undefined {
  return source.startsWith('ldap:') ? source.slice('ldap:'.length) : undefined;
}
