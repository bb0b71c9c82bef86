import { randomBytes } from 'node:crypto';
import { chmodSync, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '@podpis/testkit';
import type { KeySpec } from '@podpis/pki';
import { ConfigError, loadConfig } from '../src/config/config.js';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { HTTP_STATUS_OF } from '../src/http/error-status.js';
import { KeyStoreError } from '../src/keystore/key-store.js';
import { loadMasterKey, masterKeyFile } from '../src/keystore/master-key.js';
import { derivePinKey, open, wrappingKey, type ScryptParams } from '../src/keystore/seal.js';
import { SoftwareKeyStore } from '../src/keystore/software.js';
import { backends } from './support/backends.js';
import { expectVerifiableSignature, keyStoreFailure } from './support/keys.js';

const PIN = '482913-тест';

describe.each(backends)('software key store on $name', (backend) => {
  let db: Db;
  let store: SoftwareKeyStore;
  let logs: string;
  const masterKey = randomBytes(32);

  beforeEach(async () => {
    db = await backend.open();
    await migrate(db);
    logs = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString('utf8');
        done();
      },
    });
    store = new SoftwareKeyStore({
      db,
      masterKey,
      maxPinAttempts: 5,
      logger: pino({ level: 'debug' }, sink),
    });
  });

  afterEach(async () => {
    await db.close();
  });

  it('a CA key (GOST, ECDSA, RSA) and a user key sign; @podpis/pki and OpenSSL verify', async () => {
    const cases: { spec: KeySpec; dgst: string }[] = [
      { spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' }, dgst: '-md_gost12_256' },
      { spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.2.1' }, dgst: '-md_gost12_512' },
      { spec: { type: 'ecdsa', curve: 'P-256' }, dgst: '-sha256' },
      { spec: { type: 'rsa', modulusLength: 2048 }, dgst: '-sha256' },
    ];
    for (const { spec, dgst } of cases) {
      const handle = await store.generate(spec, { label: `CA ${spec.type}`, owner: 'ca:root' });
      expect(handle).toMatchObject({
        backend: 'software',
        algorithm: spec,
        protection: 'none',
        owner: 'ca:root',
      });
      expect(await store.get({ id: handle.id })).toEqual(handle);
      await expectVerifiableSignature(store, handle, dgst);
    }
    const user = await store.generate(
      { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' },
      { label: 'Ivanov I.I.', owner: 'user:1', pin: PIN },
    );
    expect(user.protection).toBe('pin');
    await expectVerifiableSignature(store, user, '-md_gost12_256', PIN);
    expect((await keyStoreFailure(store.signer(user))).code).toBe('KEY_PIN_REQUIRED');
  });

  it('wrong PINs are counted, the key locks after 5, an operator unlocks it, and the PIN never shows', async () => {
    const user = await store.generate(
      { type: 'ecdsa', curve: 'P-256' },
      { label: 'Petrov', owner: 'user:2', pin: PIN },
    );
    const errors: KeyStoreError[] = [];
    for (let i = 0; i < 4; i++) errors.push(await keyStoreFailure(store.signer(user, `wrong-${PIN}`)));
    expect(errors.map((e) => [e.code, e.details?.remainingAttempts])).toEqual([
      ['KEY_PIN_WRONG', 4],
      ['KEY_PIN_WRONG', 3],
      ['KEY_PIN_WRONG', 2],
      ['KEY_PIN_WRONG', 1],
    ]);
    await store.signer(user, PIN);
    for (let i = 0; i < 5; i++) errors.push(await keyStoreFailure(store.signer(user, `${PIN}!`)));
    expect(errors.at(-1)).toMatchObject({ code: 'KEY_PIN_WRONG', details: { remainingAttempts: 0 } });
    const locked = await keyStoreFailure(store.signer(user, PIN));
    expect(locked.code).toBe('KEY_LOCKED');
    expect(HTTP_STATUS_OF[locked.code]).toBe(423);
    errors.push(locked, await keyStoreFailure(store.changePin(user, PIN, '999999')));
    await store.unlock(user);
    await store.signer(user, PIN);
    const shown = [
      logs,
      ...errors.map((e) => `${e.message} ${JSON.stringify(e.details)} ${e.stack ?? ''}`),
    ].join('\n');
    expect(shown).toContain('key PIN refused');
    expect(shown).not.toContain(PIN);
  });

  it('ten parallel wrong PINs count exactly to the limit, never past it', async () => {
    const user = await store.generate(
      { type: 'ecdsa', curve: 'P-256' },
      { label: 'Sidorov', owner: 'user:3', pin: PIN },
    );
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => store.signer(user, 'not-the-pin')),
    );
    const codes = results.map((r) =>
      r.status === 'rejected' && r.reason instanceof KeyStoreError ? r.reason.code : 'ok',
    );
    expect(codes.filter((c) => c === 'KEY_PIN_WRONG')).toHaveLength(5);
    expect(codes.filter((c) => c === 'KEY_LOCKED')).toHaveLength(5);
    const { rows } = await db.query<{ failed_attempts: number; locked: boolean }>(
      'SELECT failed_attempts, locked_at IS NOT NULL AS locked FROM stored_keys WHERE id = $1',
      [user.id],
    );
    expect(rows).toEqual([{ failed_attempts: 5, locked: true }]);
  });

  it('a stolen row and the master key do not open a user key; the row never holds the private key in clear', async () => {
    const user = await store.generate(
      { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' },
      { label: 'Kuznetsova', owner: 'user:4', pin: PIN },
    );
    const { rows } = await db.query<{
      sealed: Uint8Array;
      wrapped_key: Uint8Array;
      wrap: { kdf: ScryptParams };
      whole: string;
    }>('SELECT sealed, wrapped_key, wrap, k::text AS whole FROM stored_keys k WHERE id = $1', [user.id]);
    const row = rows[0]!;
    expect(row.wrap.kdf).toMatchObject({ name: 'scrypt', N: 2 ** 15, r: 8, p: 1 });
    const aad = (part: string): string => `podpis/key-store/v1/${part}/${user.id}`;
    // The attacker has the row and the master key but not the PIN.
    expect(open(wrappingKey(masterKey, user.id), row.wrapped_key, aad('data-key'))).toBeUndefined();
    const guessed = await derivePinKey('000000', row.wrap.kdf);
    expect(open(wrappingKey(masterKey, user.id, guessed), row.wrapped_key, aad('data-key'))).toBeUndefined();
    expect(open(masterKey, row.wrapped_key, aad('data-key'))).toBeUndefined();
    // With the PIN the key opens — which also gives the test the private key to look for.
    const dataKey = open(
      wrappingKey(masterKey, user.id, await derivePinKey(PIN, row.wrap.kdf)),
      row.wrapped_key,
      aad('data-key'),
    );
    const pkcs8 = open(dataKey!, row.sealed, aad('pkcs8'))!;
    const scalar = pkcs8.subarray(pkcs8.length - 32);
    for (const column of [row.sealed, row.wrapped_key, Buffer.from(row.whole)]) {
      const bytes = Buffer.from(column);
      expect(bytes.indexOf(pkcs8)).toBe(-1);
      expect(bytes.indexOf(scalar)).toBe(-1);
    }
    expect(row.whole).not.toContain(pkcs8.toString('hex'));
    expect(row.whole).not.toContain(scalar.toString('hex'));
    expect(row.whole).not.toContain(dataKey!.toString('hex'));
  });

  it('the holder changes the PIN; an operator cannot reset it', async () => {
    const user = await store.generate(
      { type: 'ecdsa', curve: 'P-256' },
      { label: 'Smirnov', owner: 'user:5', pin: '111111' },
    );
    expect((await keyStoreFailure(store.changePin(user, '111111', '12'))).code).toBe('KEY_PIN_INVALID');
    await store.changePin(user, '111111', PIN);
    expect((await keyStoreFailure(store.signer(user, '111111'))).code).toBe('KEY_PIN_WRONG');
    await expectVerifiableSignature(store, user, '-sha256', PIN);
    const reset = await keyStoreFailure(store.resetPin(user, '222222'));
    expect(reset.code).toBe('KEY_PIN_RESET_IMPOSSIBLE');
    const ca = await store.generate(
      { type: 'ecdsa', curve: 'P-256' },
      { label: 'OCSP', owner: 'service:ocsp' },
    );
    expect((await keyStoreFailure(store.resetPin(ca, '222222'))).code).toBe('KEY_PIN_NOT_APPLICABLE');
    expect((await keyStoreFailure(store.changePin(ca, '111111', '222222'))).code).toBe(
      'KEY_PIN_NOT_APPLICABLE',
    );
  });

  it('a destroyed key cannot be used and its sealed material is gone', async () => {
    const ca = await store.generate({ type: 'ecdsa', curve: 'P-256' }, { label: 'old CA', owner: 'ca:old' });
    await store.destroy(ca);
    const uses = [
      () => store.signer(ca),
      () => store.get(ca),
      () => store.publicKey(ca),
      () => store.destroy(ca),
      () => store.unlock(ca),
    ];
    for (const use of uses) {
      expect((await keyStoreFailure(use())).code).toBe('KEY_DESTROYED');
    }
    const { rows } = await db.query('SELECT sealed, wrapped_key FROM stored_keys WHERE id = $1', [ca.id]);
    expect(rows).toEqual([{ sealed: null, wrapped_key: null }]);
    expect((await keyStoreFailure(store.get({ id: 'not-a-uuid' }))).code).toBe('KEY_NOT_FOUND');
    expect((await keyStoreFailure(store.get({ id: crypto.randomUUID() }))).code).toBe('KEY_NOT_FOUND');
  });

  it('another master key is named as a mismatch and costs no PIN attempt', async () => {
    const user = await store.generate(
      { type: 'ecdsa', curve: 'P-256' },
      { label: 'Orlov', owner: 'user:6', pin: PIN },
    );
    const other = new SoftwareKeyStore({ db, masterKey: randomBytes(32) });
    expect((await keyStoreFailure(other.signer(user, PIN))).code).toBe('KEY_MASTER_KEY_MISMATCH');
    const { rows } = await db.query('SELECT failed_attempts FROM stored_keys WHERE id = $1', [user.id]);
    expect(rows).toEqual([{ failed_attempts: 0 }]);
  });

  it('refuses what it cannot do: unknown parameter sets, PINs too short', async () => {
    expect(
      (
        await keyStoreFailure(
          store.generate({ type: 'gost', paramSet: '1.2.3' }, { label: 'x', owner: 'ca:x' }),
        )
      ).code,
    ).toBe('KEY_ALGORITHM_UNSUPPORTED');
    expect(
      (
        await keyStoreFailure(
          store.generate({ type: 'ed25519' }, { label: 'x', owner: 'user:x', pin: '123' }),
        )
      ).code,
    ).toBe('KEY_PIN_INVALID');
  });
});

describe('master key', () => {
  it('is created once in <dataDir>/keys/master.key with mode 0600 and read back', () => {
    const dataDir = tempDir('podpis-master-');
    const first = loadMasterKey({ dataDir, masterKey: undefined });
    expect(first).toHaveLength(32);
    expect(statSync(masterKeyFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(loadMasterKey({ dataDir, masterKey: undefined }))).toEqual(Buffer.from(first));
    chmodSync(masterKeyFile(dataDir), 0o644);
    expect(() => loadMasterKey({ dataDir, masterKey: undefined })).toThrow(/chmod 600/);
  });

  it('comes from PODPIS_MASTER_KEY when set, validated without echoing it', () => {
    const key = randomBytes(32);
    const { config } = loadConfig(
      { PODPIS_MASTER_KEY: key.toString('base64'), PODPIS_KEY_PIN_ATTEMPTS: '3' },
      '/srv',
    );
    expect(config.keyStore).toEqual({ masterKey: new Uint8Array(key), maxPinAttempts: 3 });
    expect(
      Buffer.from(loadMasterKey({ dataDir: '/nonexistent', masterKey: config.keyStore.masterKey })),
    ).toEqual(key);
    const short = randomBytes(16).toString('base64');
    const error = (() => {
      try {
        loadConfig({ PODPIS_MASTER_KEY: short }, '/srv');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('PODPIS_MASTER_KEY');
    expect((error as ConfigError).message).not.toContain(short);
    expect(() => loadConfig({ PODPIS_KEY_PIN_ATTEMPTS: '0' }, '/srv')).toThrow(/PODPIS_KEY_PIN_ATTEMPTS/);
  });
});
