import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '@podpis/testkit';
import { OID, type KeySpec } from '@podpis/pki';
import { ConfigError, loadConfig } from '../src/config/config.js';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { HTTP_STATUS_OF } from '../src/http/error-status.js';
import { KeyStoreError, type KeyHandle } from '../src/keystore/key-store.js';
import { loadMasterKey, masterKeyFile } from '../src/keystore/master-key.js';
import { activationKey, derivePinKey, open, wrappingKey, type ScryptParams } from '../src/keystore/seal.js';
import {
  DIGESTS_ACTIVATION_LIFETIME_MS,
  SERVICE_ACTIVATION_LIFETIME_MS,
} from '../src/keystore/activations.js';
import { keyStoreSigner, serviceSigner } from '../src/keystore/signer.js';
import { SoftwareKeyStore } from '../src/keystore/software.js';
import { backends } from './support/backends.js';
import {
  activateWithPin,
  digestFor,
  expectVerifiableSignature,
  keyStoreFailure,
  MESSAGE as message,
  verifies,
} from './support/keys.js';

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
    const withoutPin = { digests: [await digestFor(user)], confirmation: { method: 'service' } } as const;
    expect((await keyStoreFailure(store.activate(user, withoutPin))).code).toBe('KEY_PIN_REQUIRED');
    expect((await keyStoreFailure(store.serviceActivation(user))).code).toBe('KEY_PIN_REQUIRED');
  });

  it('wrong PINs are counted, the key locks after 5, an operator unlocks it, and the PIN never shows', async () => {
    const user = await store.generate(
      { type: 'ecdsa', curve: 'P-256' },
      { label: 'Petrov', owner: 'user:2', pin: PIN },
    );
    const errors: KeyStoreError[] = [];
    for (let i = 0; i < 4; i++)
      errors.push(await keyStoreFailure(activateWithPin(store, user, `wrong-${PIN}`)));
    expect(errors.map((e) => [e.code, e.details?.remainingAttempts])).toEqual([
      ['KEY_PIN_WRONG', 4],
      ['KEY_PIN_WRONG', 3],
      ['KEY_PIN_WRONG', 2],
      ['KEY_PIN_WRONG', 1],
    ]);
    await activateWithPin(store, user, PIN);
    for (let i = 0; i < 5; i++) errors.push(await keyStoreFailure(activateWithPin(store, user, `${PIN}!`)));
    expect(errors.at(-1)).toMatchObject({ code: 'KEY_PIN_WRONG', details: { remainingAttempts: 0 } });
    const locked = await keyStoreFailure(activateWithPin(store, user, PIN));
    expect(locked.code).toBe('KEY_LOCKED');
    expect(HTTP_STATUS_OF[locked.code]).toBe(423);
    errors.push(locked, await keyStoreFailure(store.changePin(user, PIN, '999999')));
    await store.unlock(user);
    await activateWithPin(store, user, PIN);
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
      Array.from({ length: 10 }, () => activateWithPin(store, user, 'not-the-pin')),
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
    expect((await keyStoreFailure(activateWithPin(store, user, '111111'))).code).toBe('KEY_PIN_WRONG');
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
      () => store.serviceActivation(ca),
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
    expect((await keyStoreFailure(activateWithPin(other, user, PIN))).code).toBe('KEY_MASTER_KEY_MISMATCH');
    const { rows } = await db.query('SELECT failed_attempts FROM stored_keys WHERE id = $1', [user.id]);
    expect(rows).toEqual([{ failed_attempts: 0 }]);
  });

  it("seals other services' secrets under the master key, bound to purpose and id", () => {
    const secret = randomBytes(32);
    const sealed = store.sealSecret('device-channel', 'device-1', secret);
    expect(Buffer.from(sealed).includes(secret)).toBe(false);
    expect(Buffer.from(store.openSecret('device-channel', 'device-1', sealed))).toEqual(secret);
    const refusals = [
      () => store.openSecret('device-channel', 'device-2', sealed),
      () => store.openSecret('totp', 'device-1', sealed),
      () =>
        new SoftwareKeyStore({ db, masterKey: randomBytes(32) }).openSecret(
          'device-channel',
          'device-1',
          sealed,
        ),
      () =>
        store.openSecret(
          'device-channel',
          'device-1',
          sealed.map((b, i) => (i === 20 ? b ^ 1 : b)),
        ),
    ];
    for (const refusal of refusals) {
      expect(refusal).toThrow(expect.objectContaining({ code: 'KEY_SEAL_INVALID' }));
    }
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

/** `db` with every call counted, to show what reaches the database. */
function counting(db: Db): { db: Db; calls: () => number } {
  let calls = 0;
  const counted: Db = {
    kind: db.kind,
    query: (sql, params) => {
      calls++;
      return db.query(sql, params);
    },
    exec: (sql) => {
      calls++;
      return db.exec(sql);
    },
    transaction: (work) => {
      calls++;
      return db.transaction(work);
    },
    listen: (channel, onMessage, onLost) => db.listen(channel, onMessage, onLost),
    close: () => db.close(),
  };
  return { db: counted, calls: () => calls };
}

async function code(promise: Promise<unknown>): Promise<string> {
  return (await keyStoreFailure(promise)).code;
}

describe.each(backends)('key activations on $name', (backend) => {
  let db: Db;
  let queries: () => number;
  let store: SoftwareKeyStore;
  let clock: Date;
  const masterKey = randomBytes(32);
  const pin = { method: 'pin', pin: PIN } as const;
  const gost256: KeySpec = { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' };

  beforeEach(async () => {
    db = await backend.open();
    await migrate(db);
    clock = new Date('2026-11-28T09:00:00.000Z');
    const counted = counting(db);
    queries = counted.calls;
    store = new SoftwareKeyStore({ db: counted.db, masterKey, now: () => clock });
  });

  afterEach(async () => {
    await db.close();
  });

  const userKey = (spec: KeySpec = gost256, owner = 'user:7'): Promise<KeyHandle> =>
    store.generate(spec, { label: 'Ivanova', owner, pin: PIN });

  async function keyAudit(): Promise<{ actor: string; action: string; target: string; details: unknown }[]> {
    const { rows } = await db.query<{ actor: string; action: string; target: string; details: unknown }>(
      "SELECT actor, action, target, details FROM audit_log WHERE action LIKE 'key.%' ORDER BY seq",
    );
    return rows;
  }

  it('the holder confirms two digests with the PIN → the key signs exactly those, once → the signature is audited', async () => {
    const user = await userKey();
    const invoice = new TextEncoder().encode('Счёт № 43 от 28.11.2026');
    const digests = [await digestFor(user), await digestFor(user, invoice)];
    const activation = await store.activate(user, { digests, confirmation: pin });
    expect(activation).toMatchObject({
      keyId: user.id,
      expiresAt: new Date(clock.getTime() + DIGESTS_ACTIVATION_LIFETIME_MS),
    });
    const signatures = await store.signDigests(user, digests, activation);
    expect(signatures).toHaveLength(2);
    expect(await verifies(user, message, signatures[0]!)).toBe(true);
    expect(await verifies(user, invoice, signatures[1]!)).toBe(true);
    expect(await code(store.signDigests(user, digests, activation))).toBe('ACTIVATION_USED');

    expect(await keyAudit()).toEqual([
      {
        actor: 'user:7',
        action: 'key.sign',
        target: `key:${user.id}`,
        details: {
          activation: activation.id,
          digests: 2,
          digestAlgorithm: OID.streebog256,
          confirmation: 'pin',
        },
      },
    ]);
    const { rows } = await db.query<{
      consumed_at: Date;
      sealed_key: Uint8Array | null;
      confirmation: unknown;
      whole: string;
    }>(
      'SELECT consumed_at, sealed_key, confirmation, a::text AS whole FROM key_activations a WHERE id = $1',
      [activation.id],
    );
    expect(rows[0]).toMatchObject({ consumed_at: clock, sealed_key: null, confirmation: { method: 'pin' } });
    const kept = [rows[0]?.whole ?? '', JSON.stringify(await keyAudit())].join('\n');
    expect(kept).not.toContain(PIN);
    expect(kept).not.toContain(activation.secret);
  });

  it('refuses and signs nothing: other digests, another key, a wrong secret or id, an expired activation; then it still signs once', async () => {
    const user = await userKey();
    const other = await userKey(gost256, 'user:8');
    const digest = await digestFor(user);
    const activation = await store.activate(user, { digests: [digest], confirmation: pin });
    const otherDigest = await digestFor(user, new TextEncoder().encode('другой документ'));
    const refusals = [
      await code(store.signDigests(user, [otherDigest], activation)),
      await code(store.signDigests(user, [digest, digest], activation)),
      await code(store.signDigests(other, [digest], activation)),
      await code(
        store.signDigests(user, [digest], { ...activation, secret: randomBytes(32).toString('base64url') }),
      ),
      await code(store.signDigests(user, [digest], { id: crypto.randomUUID(), secret: activation.secret })),
      await code(store.signDigests(user, [digest], { id: 'not-a-uuid', secret: activation.secret })),
    ];
    clock = new Date(activation.expiresAt.getTime());
    refusals.push(await code(store.signDigests(user, [digest], activation)));
    expect(refusals).toEqual([
      'ACTIVATION_DIGEST_MISMATCH',
      'ACTIVATION_DIGEST_MISMATCH',
      'ACTIVATION_KEY_MISMATCH',
      'ACTIVATION_NOT_FOUND',
      'ACTIVATION_NOT_FOUND',
      'ACTIVATION_NOT_FOUND',
      'ACTIVATION_EXPIRED',
    ]);
    expect(refusals.map((c) => HTTP_STATUS_OF[c as keyof typeof HTTP_STATUS_OF])).toEqual([
      403, 403, 403, 404, 404, 404, 410,
    ]);
    expect(HTTP_STATUS_OF.ACTIVATION_USED).toBe(409);
    expect(await keyAudit()).toEqual([]);
    clock = new Date(activation.expiresAt.getTime() - 1);
    const [signature] = await store.signDigests(user, [digest], activation);
    expect(await verifies(user, message, signature!)).toBe(true);
    expect((await keyAudit()).map((r) => r.action)).toEqual(['key.sign']);
  });

  it('asks for what fits the key: a PIN for a user key, none for a CA key, digests of the key’s length; a malformed request costs no attempt', async () => {
    const user = await userKey({ type: 'ecdsa', curve: 'P-256' });
    const ca = await store.generate(gost256, { label: 'CA', owner: 'ca:root' });
    const digest = await digestFor(user);
    const wrongPin = { method: 'pin', pin: '000000' } as const;
    expect(
      await Promise.all([
        code(store.activate(user, { digests: [], confirmation: wrongPin })),
        code(store.activate(user, { digests: [digest.subarray(1)], confirmation: wrongPin })),
        code(store.activate(user, { digests: [digest], confirmation: wrongPin, expiresAt: clock })),
        code(store.activate(user, { digests: [digest], confirmation: { method: 'service' } })),
        code(store.activate(ca, { digests: [await digestFor(ca)], confirmation: pin })),
        code(store.activate(ca, { service: true, confirmation: { method: 'service' }, signatures: 0 })),
      ]),
    ).toEqual([
      'ACTIVATION_INVALID',
      'ACTIVATION_INVALID',
      'ACTIVATION_INVALID',
      'KEY_PIN_REQUIRED',
      'KEY_PIN_NOT_APPLICABLE',
      'ACTIVATION_INVALID',
    ]);
    const attempts = async (): Promise<unknown> =>
      (await db.query('SELECT failed_attempts FROM stored_keys WHERE id = $1', [user.id])).rows;
    expect(await attempts()).toEqual([{ failed_attempts: 0 }]);
    const wrong = await keyStoreFailure(store.activate(user, { digests: [digest], confirmation: wrongPin }));
    expect(wrong).toMatchObject({ code: 'KEY_PIN_WRONG', details: { remainingAttempts: 4 } });
    expect(await attempts()).toEqual([{ failed_attempts: 1 }]);
    expect((await db.query('SELECT id FROM key_activations')).rows).toEqual([]);
    expect(
      (await keyStoreFailure(store.generate({ type: 'ed25519' }, { label: 'x', owner: 'ca:x' }))).code,
    ).toBe('KEY_ALGORITHM_UNSUPPORTED');
  });

  it('of two signatures at once under one activation exactly one is made', async () => {
    const user = await userKey({ type: 'ecdsa', curve: 'P-256' });
    const digest = await digestFor(user);
    const activation = await store.activate(user, { digests: [digest], confirmation: pin });
    const results = await Promise.allSettled([
      store.signDigests(user, [digest], activation),
      store.signDigests(user, [digest], activation),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({ code: 'ACTIVATION_USED' });
    expect((await keyAudit()).map((r) => r.action)).toEqual(['key.sign']);
  });

  it('a CA key signs many times under its standing activation, from memory, unaudited', async () => {
    const ca = await store.generate(gost256, { label: 'CA', owner: 'ca:root' });
    const activation = await store.serviceActivation(ca);
    expect(await store.serviceActivation(ca)).toEqual(activation);
    expect(activation.expiresAt).toEqual(new Date(clock.getTime() + SERVICE_ACTIVATION_LIFETIME_MS));
    const signer = await keyStoreSigner(store, ca, activation);
    const before = queries();
    expect(await verifies(ca, message, await signer.sign(message))).toBe(true);
    const responses = Array.from({ length: 20 }, (_, i) => new TextEncoder().encode(`OCSP response ${i}`));
    const signatures: Uint8Array[] = [];
    for (const response of responses) signatures.push(await signer.sign(response));
    expect(queries()).toBe(before);
    for (const [i, response] of responses.entries()) {
      expect(await verifies(ca, response, signatures[i]!)).toBe(true);
    }
    const { rows } = await db.query(
      'SELECT kind, consumed_at, confirmation FROM key_activations WHERE key_id = $1',
      [ca.id],
    );
    expect(rows).toEqual([{ kind: 'service', consumed_at: null, confirmation: { method: 'service' } }]);
    expect(await keyAudit()).toEqual([]);

    // The store's own service signer hashes and signs natively, also without a query.
    const native = await serviceSigner(store, ca);
    const beforeNative = queries();
    expect(await verifies(ca, responses[0]!, await native.sign(responses[0]!))).toBe(true);
    expect(queries()).toBe(beforeNative);

    // Two hours before it ends the store makes the next one; the held one signs until its end, not after.
    clock = new Date(activation.expiresAt.getTime() - 2 * 3600_000);
    expect((await store.serviceActivation(ca)).id).not.toBe(activation.id);
    clock = activation.expiresAt;
    expect(await code(signer.sign(message))).toBe('ACTIVATION_EXPIRED');
    expect(await code(native.sign(message))).toBe('ACTIVATION_EXPIRED');
    const fresh = await serviceSigner(store, ca);
    expect(await verifies(ca, message, await fresh.sign(message))).toBe(true);

    await store.destroy(ca);
    expect(await code(fresh.sign(message))).toBe('KEY_DESTROYED');
  });

  it('a counted service activation signs that many digests, then ACTIVATION_USED', async () => {
    const ca = await store.generate({ type: 'rsa', modulusLength: 2048 }, { label: 'CA', owner: 'ca:rsa' });
    const activation = await store.activate(ca, {
      service: true,
      confirmation: { method: 'service' },
      signatures: 3,
    });
    const digest = await digestFor(ca);
    expect(await store.signDigests(ca, [digest, digest], activation)).toHaveLength(2);
    const exhausted = await keyStoreFailure(store.signDigests(ca, [digest, digest], activation));
    expect(exhausted).toMatchObject({ code: 'ACTIVATION_USED', details: { signaturesLeft: 1 } });
    const [last] = await store.signDigests(ca, [digest], activation);
    expect(await verifies(ca, message, last!)).toBe(true);
    expect(await code(store.signDigests(ca, [digest], activation))).toBe('ACTIVATION_USED');
  });

  it('an activation keeps neither the PIN nor anything that opens the key without its secret', async () => {
    const user = await userKey();
    const first = await activateWithPin(store, user, PIN);
    const { rows } = await db.query<{ sealed_key: Uint8Array; secret_hash: Uint8Array; whole: string }>(
      'SELECT sealed_key, secret_hash, a::text AS whole FROM key_activations a WHERE id = $1',
      [first.id],
    );
    const row = rows[0]!;
    expect(row.whole).not.toContain(PIN);
    expect(row.whole).not.toContain(Buffer.from(first.secret, 'base64url').toString('hex'));
    expect(Buffer.from(row.secret_hash)).toEqual(
      createHash('sha256').update(Buffer.from(first.secret, 'base64url')).digest(),
    );
    const aad = `podpis/key-store/v1/activation/${user.id}/${first.id}`;
    // The database and the master key open nothing; with the secret the data key comes out.
    expect(open(activationKey(masterKey, first.id, randomBytes(32)), row.sealed_key, aad)).toBeUndefined();
    expect(open(wrappingKey(masterKey, user.id), row.sealed_key, aad)).toBeUndefined();
    const secret = Buffer.from(first.secret, 'base64url');
    expect(open(activationKey(masterKey, first.id, secret), row.sealed_key, aad)).toHaveLength(32);
    // An activation that ended unused loses its sealed copy when the next one is made.
    clock = new Date(first.expiresAt.getTime() + 1);
    await activateWithPin(store, user, PIN);
    const erased = await db.query('SELECT sealed_key FROM key_activations WHERE id = $1', [first.id]);
    expect(erased.rows).toEqual([{ sealed_key: null }]);
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
