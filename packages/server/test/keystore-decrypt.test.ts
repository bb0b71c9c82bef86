import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptCms, encryptCms, type KeySpec } from '@podpis/pki';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { HTTP_STATUS_OF } from '../src/http/error-status.js';
import {
  decryptionInputDigest,
  decryptionInputsOf,
  keyStoreRecipientKey,
  type DecryptionInput,
  type KeyHandle,
} from '../src/keystore/index.js';
import { oaepDecode } from '../src/keystore/oaep.js';
import { SoftwareKeyStore } from '../src/keystore/software.js';
import { backends } from './support/backends.js';
import { certificateForKey, decryptWithStore, digestFor, keyStoreFailure } from './support/keys.js';

const PIN = '482913-тест';
const SECRET = new TextEncoder().encode('Коммерческая тайна: цена 1 000 000 ₽');

const SPECS: { name: string; spec: KeySpec }[] = [
  { name: 'GOST 256 (KExp15)', spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' } },
  { name: 'GOST 512 (KExp15)', spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.2.1' } },
  { name: 'ECDH P-256', spec: { type: 'ecdsa', curve: 'P-256' } },
  { name: 'ECDH P-384', spec: { type: 'ecdsa', curve: 'P-384' } },
  { name: 'RSA-OAEP', spec: { type: 'rsa', modulusLength: 2048 } },
];

describe.each(backends)('decryption by stored keys on $name', (backend) => {
  let db: Db;
  let store: SoftwareKeyStore;
  let clock: Date;
  const masterKey = randomBytes(32);
  const pin = { method: 'pin', pin: PIN } as const;

  beforeEach(async () => {
    db = await backend.open();
    await migrate(db);
    clock = new Date();
    store = new SoftwareKeyStore({ db, masterKey, now: () => clock });
  });

  afterEach(async () => {
    await db.close();
  });

  const userKey = (spec: KeySpec, owner = 'user:7'): Promise<KeyHandle> =>
    store.generate(spec, { label: 'Ivanova', owner, pin: PIN });

  async function keyAudit(): Promise<{ actor: string; action: string; details: unknown }[]> {
    const { rows } = await db.query<{ actor: string; action: string; details: unknown }>(
      "SELECT actor, action, details FROM audit_log WHERE action LIKE 'key.%' ORDER BY seq",
    );
    return rows;
  }

  /** A message encrypted to the key's certificate, and the inputs its decryption asks the key for. */
  async function messageFor(user: KeyHandle, content = SECRET) {
    const certificate = await certificateForKey(user);
    const message = await encryptCms({ content, recipients: [{ certificate }] });
    const inputs = await decryptionInputsOf(user.publicKeyInfo, (key) =>
      decryptCms(message, { recipientCertificate: certificate, decrypt: key }),
    );
    return { certificate, message, inputs };
  }

  it.each(SPECS)(
    'the holder confirms with the PIN → a $name key opens the message once → key.decrypt is audited',
    async ({ spec }) => {
      const user = await userKey(spec);
      const { certificate, message, inputs } = await messageFor(user);
      expect(inputs).toHaveLength(1);
      expect(await decryptWithStore(store, user, certificate, message, PIN)).toEqual(SECRET);
      expect(await keyAudit()).toEqual([
        {
          actor: 'user:7',
          action: 'key.decrypt',
          details: {
            activation: expect.any(String) as string,
            inputs: [inputs[0]!.operation],
            confirmation: 'pin',
          },
        },
      ]);
    },
  );

  it('an activation is used up: the same input again is ACTIVATION_USED, and nothing of the input is kept', async () => {
    const user = await userKey({ type: 'ecdsa', curve: 'P-256' });
    const { inputs } = await messageFor(user);
    const activation = await store.activate(user, {
      purpose: 'decrypt',
      inputs: inputs.map(decryptionInputDigest),
      confirmation: pin,
    });
    const [secret] = await store.decrypt(user, inputs, activation);
    expect(secret).toHaveLength(32);
    expect((await keyStoreFailure(store.decrypt(user, inputs, activation))).code).toBe('ACTIVATION_USED');
    const { rows } = await db.query<{ whole: string }>('SELECT a::text AS whole FROM key_activations a');
    const kept = [rows[0]?.whole ?? '', JSON.stringify(await keyAudit())].join('\n');
    expect(kept).not.toContain(PIN);
    expect(kept).not.toContain(Buffer.from(secret!).toString('hex'));
  });

  it('an activation to sign never decrypts, one to decrypt never signs, and another input is refused', async () => {
    const user = await userKey({ type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' });
    const { inputs } = await messageFor(user);
    const other = (await messageFor(user, new TextEncoder().encode('другое'))).inputs;
    const digest = await digestFor(user);
    const toSign = await store.activate(user, { digests: [digest], confirmation: pin });
    const toDecrypt = await store.activate(user, {
      purpose: 'decrypt',
      inputs: inputs.map(decryptionInputDigest),
      confirmation: pin,
    });
    const refusals = [
      (await keyStoreFailure(store.decrypt(user, inputs, toSign))).code,
      (await keyStoreFailure(store.signDigests(user, [digest], toDecrypt))).code,
      (await keyStoreFailure(store.decrypt(user, other, toDecrypt))).code,
      (await keyStoreFailure(store.decrypt(user, [...inputs, ...inputs], toDecrypt))).code,
    ];
    expect(refusals).toEqual([
      'ACTIVATION_PURPOSE_MISMATCH',
      'ACTIVATION_PURPOSE_MISMATCH',
      'ACTIVATION_DIGEST_MISMATCH',
      'ACTIVATION_DIGEST_MISMATCH',
    ]);
    expect(HTTP_STATUS_OF.ACTIVATION_PURPOSE_MISMATCH).toBe(403);
    expect(await keyAudit()).toEqual([]);
    expect(await store.decrypt(user, inputs, toDecrypt)).toHaveLength(1);
    expect(await store.signDigests(user, [digest], toSign)).toHaveLength(1);
    expect((await keyAudit()).map((r) => r.action)).toEqual(['key.decrypt', 'key.sign']);
  });

  it('a wrong PIN counts as for signing; a malformed request costs none; an expired activation decrypts nothing', async () => {
    const user = await userKey({ type: 'rsa', modulusLength: 2048 });
    const { inputs } = await messageFor(user);
    const named = inputs.map(decryptionInputDigest);
    const wrong = await keyStoreFailure(
      store.activate(user, {
        purpose: 'decrypt',
        inputs: named,
        confirmation: { method: 'pin', pin: '000000' },
      }),
    );
    expect(wrong).toMatchObject({ code: 'KEY_PIN_WRONG', details: { remainingAttempts: 4 } });
    const malformed = [
      await keyStoreFailure(store.activate(user, { purpose: 'decrypt', inputs: [], confirmation: pin })),
      await keyStoreFailure(
        store.activate(user, { purpose: 'decrypt', inputs: [named[0]!.subarray(1)], confirmation: pin }),
      ),
      await keyStoreFailure(
        store.activate(user, { purpose: 'decrypt', inputs: named, confirmation: { method: 'service' } }),
      ),
    ];
    expect(malformed.map((e) => e.code)).toEqual([
      'ACTIVATION_INVALID',
      'ACTIVATION_INVALID',
      'KEY_PIN_REQUIRED',
    ]);
    const { rows } = await db.query('SELECT failed_attempts FROM stored_keys WHERE id = $1', [user.id]);
    expect(rows).toEqual([{ failed_attempts: 1 }]);
    const activation = await store.activate(user, { purpose: 'decrypt', inputs: named, confirmation: pin });
    clock = new Date(activation.expiresAt.getTime());
    expect((await keyStoreFailure(store.decrypt(user, inputs, activation))).code).toBe('ACTIVATION_EXPIRED');
  });

  it('an input the key cannot process fails as KEY_DECRYPTION_FAILED and uses the activation up', async () => {
    const user = await userKey({ type: 'rsa', modulusLength: 2048 });
    const garbled: DecryptionInput = {
      operation: 'key-transport',
      encryptedKey: randomBytes(256),
      hash: 'SHA-256',
    };
    const wrongKind: DecryptionInput = { operation: 'key-agreement', peer: user.publicKeyInfo };
    for (const input of [garbled, wrongKind]) {
      const activation = await store.activate(user, {
        purpose: 'decrypt',
        inputs: [decryptionInputDigest(input)],
        confirmation: pin,
      });
      const failure = await keyStoreFailure(store.decrypt(user, [input], activation));
      expect(failure.code).toBe('KEY_DECRYPTION_FAILED');
      expect(HTTP_STATUS_OF[failure.code]).toBe(422);
      expect((await keyStoreFailure(store.decrypt(user, [input], activation))).code).toBe('ACTIVATION_USED');
    }
    expect((await keyAudit()).map((r) => r.action)).toEqual(['key.decrypt', 'key.decrypt']);
  });

  it('a service key decrypts under a decrypt activation of its own, unaudited; its RecipientKey asks nothing else', async () => {
    const service = await store.generate(
      { type: 'ecdsa', curve: 'P-384' },
      { label: 'svc', owner: 'service:x' },
    );
    const { certificate, message, inputs } = await messageFor(service);
    const activation = await store.activate(service, {
      purpose: 'decrypt',
      inputs: inputs.map(decryptionInputDigest),
      confirmation: { method: 'service' },
    });
    const key = await keyStoreRecipientKey(store, service, activation);
    expect(await decryptCms(message, { recipientCertificate: certificate, decrypt: key })).toEqual(SECRET);
    expect(await keyAudit()).toEqual([]);
  });
});

describe('EME-OAEP decoding of a raw RSA decryption (the PKCS#11 store’s CKM_RSA_X_509 path)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const contentKey = randomBytes(32);

  it.each(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as const)(
    'opens what Node encrypts with OAEP and %s, and refuses any altered byte alike',
    (hash) => {
      const encrypted = publicEncrypt(
        {
          key: publicKey,
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: hash.replace('-', '').toLowerCase(),
        },
        contentKey,
      );
      const block = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, encrypted);
      expect(Buffer.from(oaepDecode(block, hash)!)).toEqual(contentKey);
      for (const at of [0, 1, 40, 150, block.length - contentKey.length - 1, block.length - 1]) {
        const altered = Buffer.from(block);
        altered[at]! ^= 0x01;
        expect(oaepDecode(altered, hash), `byte ${at} altered`).toBeUndefined();
      }
      expect(oaepDecode(block.subarray(0, 60), hash)).toBeUndefined();
    },
  );
});
