import { randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Queryable } from '../db/db.js';
import { KeyStoreError } from './key-store.js';
import { masterKeyId } from './seal.js';

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

/**
 * Checks that `masterKey` is the one the database's keys are sealed with:
 * its fingerprint (`masterKeyId`, a keyed hash that reveals nothing of the
 * key) against the one in `key_store_master`. The first start records it —
 * for an installation from before the table, the fingerprint its sealed
 * keys already carry, so a wrong key is caught then too. Throws
 * KEY_MASTER_KEY_MISMATCH on another key: every node must be given the same.
 */
export async function checkMasterKeyFingerprint(db: Queryable, masterKey: Uint8Array): Promise<void> {
  const mine = masterKeyId(masterKey);
  await db.query(
    `INSERT INTO key_store_master (id, master_key_id, recorded_at)
     SELECT true, coalesce(
       (SELECT wrap->>'masterKeyId' FROM stored_keys
        WHERE backend = 'software' AND wrap ? 'masterKeyId' ORDER BY created_at LIMIT 1),
       $1), now()
     ON CONFLICT (id) DO NOTHING`,
    [mine],
  );
  const { rows } = await db.query<{ master_key_id: string }>('SELECT master_key_id FROM key_store_master');
  const recorded = rows[0]?.master_key_id ?? '';
  const same = recorded.length === mine.length && timingSafeEqual(Buffer.from(recorded), Buffer.from(mine));
  if (!same) {
    throw new KeyStoreError(
      'KEY_MASTER_KEY_MISMATCH',
      `this node's master key (fingerprint ${mine}) is not the one the database's keys are sealed with (fingerprint ${recorded}): give every node the same PODPIS_MASTER_KEY or keys/master.key`,
    );
  }
}
