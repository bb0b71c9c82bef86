import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkMasterKeyFingerprint, SoftwareKeyStore } from '../src/keystore/index.js';
import { masterKeyId } from '../src/keystore/seal.js';
import { backends, migratedDatabases } from './support/backends.js';

describe.each(backends)('the master key fingerprint on $name', (backend) => {
  const freshDb = migratedDatabases(backend);

  it('the first node records its fingerprint; a node with another master key refuses, naming fingerprints only', async () => {
    const db = await freshDb();
    const first = randomBytes(32);
    await checkMasterKeyFingerprint(db, first);
    await checkMasterKeyFingerprint(db, first); // a second node with the same key
    const { rows } = await db.query<{ master_key_id: string }>('SELECT master_key_id FROM key_store_master');
    expect(rows).toEqual([{ master_key_id: masterKeyId(first) }]);

    const other = randomBytes(32);
    const refused = checkMasterKeyFingerprint(db, other);
    await expect(refused).rejects.toMatchObject({ code: 'KEY_MASTER_KEY_MISMATCH' });
    const message = await refused.catch((error: unknown) => (error as Error).message);
    expect(message).toContain(masterKeyId(first));
    expect(message).toContain(masterKeyId(other));
    expect(message).not.toContain(other.toString('base64'));
    expect(message).not.toContain(other.toString('hex'));
  });

  it('an installation from before the fingerprint is judged by the master key its keys were sealed with', async () => {
    const db = await freshDb();
    const sealing = randomBytes(32);
    await new SoftwareKeyStore({ db, masterKey: sealing }).generate(
      { type: 'ecdsa', curve: 'P-256' },
      { label: 'CA', owner: 'ca:root' },
    );
    await expect(checkMasterKeyFingerprint(db, randomBytes(32))).rejects.toMatchObject({
      code: 'KEY_MASTER_KEY_MISMATCH',
    });
    await checkMasterKeyFingerprint(db, sealing);
  });
});
