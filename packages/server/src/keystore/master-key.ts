import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyStoreError } from './key-store.js';

export const MASTER_KEY_BYTES = 32;

export function masterKeyFile(dataDir: string): string {
  return join(dataDir, 'keys', 'master.key');
}

/**
 * The software store's master key: the configured one (PODPIS_MASTER_KEY),
 * else `<dataDir>/keys/master.key`, created with mode 0600 at first start.
 * Creation is atomic (written aside, then hard-linked into place), so two
 * processes starting together end up with the same key.
 */
export function loadMasterKey(options: { dataDir: string; masterKey: Uint8Array | undefined }): Uint8Array {
  if (options.masterKey !== undefined) {
    if (options.masterKey.length !== MASTER_KEY_BYTES) {
      throw new KeyStoreError('KEY_MASTER_KEY_INVALID', `the master key must be ${MASTER_KEY_BYTES} bytes`);
    }
    return options.masterKey;
  }
  const file = masterKeyFile(options.dataDir);
  mkdirSync(join(options.dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const aside = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  writeFileSync(aside, randomBytes(MASTER_KEY_BYTES), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(aside);
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    throw new KeyStoreError(
      'KEY_MASTER_KEY_INVALID',
      `${file} is readable by other users; make it private (chmod 600) and consider the keys it protects exposed`,
    );
  }
  const key = readFileSync(file);
  if (key.length !== MASTER_KEY_BYTES) {
    throw new KeyStoreError('KEY_MASTER_KEY_INVALID', `${file} must hold exactly ${MASTER_KEY_BYTES} bytes`);
  }
  return new Uint8Array(key);
}
