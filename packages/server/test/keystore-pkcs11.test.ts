import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { opensslVerifyDigest } from '@podpis/testkit';
import { ecdsaRawToDer, encryptCms, OID, verifySignature, type KeySpec } from '@podpis/pki';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { decryptionInputDigest } from '../src/keystore/activations.js';
import { KeyStoreError, type DecryptionInput } from '../src/keystore/key-store.js';
import { Pkcs11KeyStore } from '../src/keystore/pkcs11.js';
import { keyStoreSigner, serviceSigner } from '../src/keystore/signer.js';
import { backends } from './support/backends.js';
import { opensslEncryptTo } from './support/cms.js';
import {
  certificateForKey,
  decryptWithStore,
  digestFor,
  expectVerifiableSignature,
  keyStoreFailure,
  MESSAGE as message,
  verifies,
} from './support/keys.js';
import { inspectPrivateKey, SOFTHSM_MODULE as MODULE, softHsmToken } from './support/softhsm.js';

const TOKEN = 'podpis-test';
const TOKEN_PIN = '87654321';

// The mapping rows use the same repository code as the software store, tested there on both backends.
describe.each(backends.filter((b) => b.name === 'postgres'))(
  'PKCS#11 key store (SoftHSM2) on $name',
  (backend) => {
    let db: Db;
    let store: Pkcs11KeyStore;

    beforeAll(() => {
      softHsmToken(TOKEN, TOKEN_PIN);
    });

    beforeEach(async () => {
      db = await backend.open();
      await migrate(db);
      store = Pkcs11KeyStore.open({ db, module: MODULE, tokenLabel: TOKEN, tokenPin: TOKEN_PIN });
    });

    afterEach(async () => {
      await store.close().catch(() => undefined);
      await db.close();
    });

    const cases: { spec: KeySpec; dgst: string }[] = [
      { spec: { type: 'ecdsa', curve: 'P-256' }, dgst: '-sha256' },
      { spec: { type: 'rsa', modulusLength: 2048 }, dgst: '-sha256' },
    ];

    it.each(cases)(
      'a non-extractable $spec.type key signs; @podpis/pki and OpenSSL verify',
      async ({ spec, dgst }) => {
        const handle = await store.generate(spec, { label: `CA ${spec.type}`, owner: 'ca:infra' });
        expect(handle).toMatchObject({ backend: 'pkcs11', algorithm: spec, protection: 'none' });
        await expectVerifiableSignature(store, handle, dgst);
        await store.close();
        expect(inspectPrivateKey(TOKEN, TOKEN_PIN, handle)).toEqual({
          extractable: false,
          sensitive: true,
          valueError: 'CKR_ATTRIBUTE_SENSITIVE',
        });
      },
    );

    it('a user key needs its PIN, counts wrong ones and locks; the PIN cannot be reset', async () => {
      const user = await store.generate(
        { type: 'ecdsa', curve: 'P-256' },
        { label: 'Ivanov', owner: 'user:1', pin: '135790' },
      );
      const digest = await digestFor(user);
      const activateWith = (pin: string) =>
        store.activate(user, { digests: [digest], confirmation: { method: 'pin', pin } });
      expect((await keyStoreFailure(store.serviceActivation(user))).code).toBe('KEY_PIN_REQUIRED');
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => activateWith('000000')));
      const codes = results.map((r) =>
        r.status === 'rejected' && r.reason instanceof KeyStoreError ? r.reason.code : 'ok',
      );
      expect(codes.filter((c) => c === 'KEY_PIN_WRONG')).toHaveLength(5);
      expect(codes.filter((c) => c === 'KEY_LOCKED')).toHaveLength(5);
      await store.unlock(user);
      await store.changePin(user, '135790', '246802');
      const signer = await keyStoreSigner(store, user, await activateWith('246802'));
      expect(
        await verifySignature(
          signer.publicKeyInfo,
          signer.signatureAlgorithm,
          message,
          await signer.sign(message),
        ),
      ).toBe(true);
      expect((await keyStoreFailure(store.resetPin(user, '111111'))).code).toBe('KEY_PIN_RESET_IMPOSSIBLE');
    });

    it.each(cases)(
      'a user $spec.type key on the token signs exactly the confirmed digests, once, audited; OpenSSL verifies',
      async ({ spec, dgst }) => {
        const user = await store.generate(spec, { label: 'Petrova', owner: 'user:2', pin: '135790' });
        const other = new TextEncoder().encode('Доверенность № 3');
        const digests = [await digestFor(user), await digestFor(user, other)];
        const activation = await store.activate(user, {
          digests,
          confirmation: { method: 'pin', pin: '135790' },
        });
        const results = await Promise.allSettled([
          store.signDigests(user, digests, activation),
          store.signDigests(user, digests, activation),
        ]);
        const signed = results.find((r) => r.status === 'fulfilled');
        expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({
          code: 'ACTIVATION_USED',
        });
        const [first, second] = signed?.value ?? [];
        expect(await verifies(user, message, first!)).toBe(true);
        expect(await verifies(user, other, second!)).toBe(true);
        expect(opensslVerifyDigest(user.publicKeyInfo, other, second!, [dgst])).toContain('Verified OK');
        const refused = [
          await keyStoreFailure(store.signDigests(user, digests, activation)),
          await keyStoreFailure(store.signDigests(user, digests.slice(1), activation)),
        ].map((e) => e.code);
        expect(refused).toEqual(['ACTIVATION_USED', 'ACTIVATION_USED']);
        const audit = await db.query<{ action: string; details: unknown }>(
          'SELECT action, details FROM audit_log WHERE target = $1',
          [`key:${user.id}`],
        );
        expect(audit.rows).toEqual([
          {
            action: 'key.sign',
            details: {
              activation: activation.id,
              digests: 2,
              digestAlgorithm: OID.sha256,
              confirmation: 'pin',
            },
          },
        ]);
      },
    );

    it.each([...cases, { spec: { type: 'ecdsa', curve: 'P-384' } as KeySpec }])(
      'a user $spec.type key on the token decrypts a message once its holder confirms (RSA-OAEP by C_Decrypt, ECDH by C_DeriveKey), audited',
      async ({ spec }) => {
        const user = await store.generate(spec, { label: 'Sidorova', owner: 'user:3', pin: '135790' });
        const certificate = await certificateForKey(user);
        const content = new TextEncoder().encode('Зарплатная ведомость за ноябрь');
        const message = await encryptCms({
          content,
          recipients: [{ certificate }],
          contentEncryption: 'aes256-cbc',
        });
        expect(await decryptWithStore(store, user, certificate, message, '135790')).toEqual(content);
        const wrong = await keyStoreFailure(decryptWithStore(store, user, certificate, message, '000000'));
        expect(wrong).toMatchObject({ code: 'KEY_PIN_WRONG', details: { remainingAttempts: 4 } });
        const audit = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE target = $1', [
          `key:${user.id}`,
        ]);
        expect(audit.rows.map((r) => r.action)).toEqual(['key.decrypt']);
      },
    );

    it('an RSA key on the token decrypts what OpenSSL encrypts (OAEP with SHA-1, the token’s own mechanism); a garbled key transport is KEY_DECRYPTION_FAILED', async () => {
      const user = await store.generate(
        { type: 'rsa', modulusLength: 2048 },
        { label: 'Orlova', owner: 'user:4', pin: '135790' },
      );
      const certificate = await certificateForKey(user);
      const content = new TextEncoder().encode('Приказ № 7');
      const message = opensslEncryptTo(certificate, content, ['-aes256', '-keyopt', 'rsa_padding_mode:oaep']);
      expect(await decryptWithStore(store, user, certificate, message, '135790')).toEqual(content);
      const garbled: DecryptionInput = {
        operation: 'key-transport',
        encryptedKey: randomBytes(256),
        hash: 'SHA-256',
      };
      const activation = await store.activate(user, {
        purpose: 'decrypt',
        inputs: [decryptionInputDigest(garbled)],
        confirmation: { method: 'pin', pin: '135790' },
      });
      expect((await keyStoreFailure(store.decrypt(user, [garbled], activation))).code).toBe(
        'KEY_DECRYPTION_FAILED',
      );
    });

    it('a CA key on the token signs many times under one standing activation', async () => {
      const ca = await store.generate(
        { type: 'ecdsa', curve: 'P-256' },
        { label: 'infra', owner: 'ca:infra' },
      );
      const signer = await serviceSigner(store, ca);
      for (let i = 0; i < 10; i++) {
        const data = new TextEncoder().encode(`CRL ${i}`);
        expect(await verifies(ca, data, await signer.sign(data))).toBe(true);
      }
      const { rows } = await db.query('SELECT kind FROM key_activations WHERE key_id = $1', [ca.id]);
      expect(rows).toEqual([{ kind: 'service' }]);
    });

    it('GOST keys are refused with KEY_ALGORITHM_UNSUPPORTED; a destroyed key is gone from the token', async () => {
      const gost = await keyStoreFailure(
        store.generate({ type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' }, { label: 'x', owner: 'ca:x' }),
      );
      expect(gost.code).toBe('KEY_ALGORITHM_UNSUPPORTED');
      const key = await store.generate({ type: 'ecdsa', curve: 'P-256' }, { label: 'old', owner: 'ca:old' });
      // A signer taken before, whose activation this process holds after its first signature.
      const signer = await keyStoreSigner(store, key, await store.serviceActivation(key));
      await signer.sign(message);
      await store.destroy(key);
      expect((await keyStoreFailure(store.serviceActivation(key))).code).toBe('KEY_DESTROYED');
      expect((await keyStoreFailure(signer.sign(message))).code).toBe('KEY_STORE_FAILED');
    });
  },
);

describe('ECDSA signature encoding', () => {
  it('turns r ‖ s into DER INTEGERs, padding high bits and trimming leading zeros', () => {
    const raw = Buffer.concat([
      Buffer.alloc(32, 0x80),
      Buffer.concat([Buffer.alloc(31, 0), Buffer.from([0x05])]),
    ]);
    const der = Buffer.from(ecdsaRawToDer(raw));
    expect(der.toString('hex')).toBe(`3026022100${'80'.repeat(32)}020105`);
  });
});
