import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@podpis/testkit';
import { parseCertificate, toDer } from '@podpis/pki';
import type { AuthorityContext } from '../src/ca/authorities.js';
import { setUpAuthorities } from '../src/ca/setup.js';
import { loadConfig } from '../src/config/config.js';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { createLogger } from '../src/logger.js';
import { authorityContext, startServer } from '../src/server.js';
import { TestApi, type IssuedSummary } from './support/api.js';
import { opensslEncryptTo } from './support/cms.js';
import { expectKeySignsFor } from './support/keys.js';
import { inspectPrivateKey, SOFTHSM_MODULE, softHsmToken } from './support/softhsm.js';
import { openTestPglite } from './support/backends.js';

const TOKEN = 'podpis-api';
const TOKEN_PIN = '24681357';
const PIN = { pin: '12345678', pinConfirmation: '12345678' };

/** The environment an operator sets for a token, with the token PIN in a file. */
function pkcs11Environment(dir: string, tokenLabel = TOKEN): Record<string, string> {
  const pinFile = join(dir, 'token.pin');
  writeFileSync(pinFile, `${TOKEN_PIN}\n`, { mode: 0o600 });
  return {
    PODPIS_DATA_DIR: join(dir, 'data'),
    PODPIS_MASTER_KEY: randomBytes(32).toString('base64'),
    PODPIS_PKCS11_MODULE: SOFTHSM_MODULE,
    PODPIS_PKCS11_TOKEN_LABEL: tokenLabel,
    PODPIS_PKCS11_PIN_FILE: pinFile,
  };
}

async function keyRow(db: Db, serial: string): Promise<{ id: string; backend: string; spki: Uint8Array }> {
  const { rows } = await db.query<{ id: string; backend: string; public_key_info: Uint8Array }>(
    `SELECT k.id, k.backend, k.public_key_info FROM certificates c JOIN stored_keys k ON k.id = c.key_id
     WHERE c.serial = $1`,
    [serial],
  );
  const row = rows[0]!;
  return { id: row.id, backend: row.backend, spki: new Uint8Array(row.public_key_info) };
}

describe('users’ keys on a PKCS#11 token (SoftHSM2), over the HTTP API', () => {
  let db: Db;
  let ctx: AuthorityContext;
  let api: TestApi;
  const dir = tempDir('podpis-pkcs11-api-');

  beforeAll(async () => {
    softHsmToken(TOKEN, TOKEN_PIN);
    db = await openTestPglite();
    await migrate(db);
    const { config } = loadConfig(pkcs11Environment(dir), dir);
    ctx = authorityContext(config, db, createLogger('silent'), () => 'http://localhost:8080');
    await setUpAuthorities(ctx, 'gost256', 'system');
    api = await TestApi.start(ctx);
  }, 120_000);

  afterAll(async () => {
    await api.close();
    await ctx.keyStore.close().catch(() => undefined);
    await db.close();
  });

  it('the operator sees both key stores and what each can make', async () => {
    const listed = await api.app.inject({ method: 'GET', url: '/api/v1/key-stores', headers: api.operator });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toEqual([
      {
        id: 'software',
        label: 'server (software)',
        default: true,
        keySpecs: ['gost256', 'gost512', 'ecdsa-p256', 'rsa2048'],
      },
      { id: 'pkcs11', label: TOKEN, default: false, keySpecs: ['ecdsa-p256', 'rsa2048'] },
    ]);
    const anonymous = await api.app.inject({ method: 'GET', url: '/api/v1/key-stores' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('GOST on the token → 422 KEY_ALGORITHM_UNSUPPORTED naming what it offers; nothing is generated', async () => {
    const user = await api.registerUser('gostov');
    const refused = await api.operatorPost(`/api/v1/users/${user.id}/certificates`, {
      ...PIN,
      keyStore: 'pkcs11',
      keySpec: 'gost256',
    });
    expect(refused.json()).toMatchObject({
      status: 422,
      code: 'KEY_ALGORITHM_UNSUPPORTED',
      keyStore: 'pkcs11',
      supportedKeySpecs: ['ecdsa-p256', 'rsa2048'],
    });
    const keys = await db.query('SELECT 1 FROM stored_keys WHERE owner = $1', [`user:${user.id}`]);
    expect(keys.rows).toEqual([]);
  });

  it.each(['ecdsa-p256', 'rsa2048'])(
    'operator issues a %s certificate with the key generated on the token; the certificate carries that key',
    async (keySpec) => {
      const user = await api.registerUser(`holder-${keySpec}`);
      const issued = await api.issue(user.id, { ...PIN, keyStore: 'pkcs11', keySpec });
      expect(issued.status).toBe('valid');
      const key = await keyRow(db, issued.serial);
      expect(key.backend).toBe('pkcs11');
      const download = await api.app.inject({
        method: 'GET',
        url: `/api/v1/certificates/${issued.serial}/download`,
        headers: api.operator,
      });
      const certificate = parseCertificate(new Uint8Array(download.rawPayload));
      expect(Buffer.from(toDer(certificate.asn1.tbsCertificate.subjectPublicKeyInfo))).toEqual(
        Buffer.from(key.spki),
      );
      // The holder's PIN opens the token key; it signs, and the certificate's key verifies it.
      await expectKeySignsFor(ctx, issued.serial, PIN.pin);
    },
  );

  it('the key PIN guards a token key as it does a software key: wrong PINs counted and audited, lock, unlock, change; renewal stays on the token', async () => {
    const user = await api.registerUser('tokenov');
    const issued = await api.issue(user.id, { ...PIN, keyStore: 'pkcs11', keySpec: 'ecdsa-p256' });
    const headers = await api.userSession(user);
    const pinUrl = `/api/v1/me/certificates/${issued.serial}/pin`;
    const changePin = (oldPin: string, newPin = 'token-pin-2') =>
      api.app.inject({ method: 'POST', url: pinUrl, headers, payload: { oldPin, newPin } });

    const answers = [];
    for (let attempt = 0; attempt < 6; attempt += 1) answers.push((await changePin('00000000')).json());
    expect(answers.map((a: { code: string }) => a.code)).toEqual([
      'KEY_PIN_WRONG',
      'KEY_PIN_WRONG',
      'KEY_PIN_WRONG',
      'KEY_PIN_WRONG',
      'KEY_PIN_WRONG',
      'KEY_LOCKED',
    ]);
    expect(answers[4]).toMatchObject({ status: 403, remainingAttempts: 0 });
    expect((await changePin(PIN.pin)).json()).toMatchObject({ status: 423, code: 'KEY_LOCKED' });

    const unlocked = await api.operatorPost(`/api/v1/certificates/${issued.serial}/unlock-key`);
    expect(unlocked.statusCode, unlocked.body).toBe(204);
    expect((await changePin(PIN.pin)).statusCode).toBe(204);
    const key = await keyRow(db, issued.serial);
    await expectKeySignsFor(ctx, issued.serial, 'token-pin-2');

    const audit = await db.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE target = $1 ORDER BY seq',
      [`key:${key.id}`],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      ...Array<string>(7).fill('key.pin_change_failed'),
      'key.unlock',
      'key.pin_change',
      'key.sign',
    ]);

    const renewed = await api.operatorPost(`/api/v1/certificates/${issued.serial}/renew`, {
      ...PIN,
      revokeOld: true,
    });
    expect(renewed.statusCode, renewed.body).toBe(201);
    const { certificate } = renewed.json<{ certificate: IssuedSummary }>();
    expect((await keyRow(db, certificate.serial)).backend).toBe('pkcs11');
  });

  it.each([
    ['rsa2048', ['-aes256', '-keyopt', 'rsa_padding_mode:oaep']],
    ['ecdsa-p256', ['-aes256']],
  ])(
    'a %s key on the token decrypts over the API, once its holder confirms, what OpenSSL encrypts',
    async (keySpec, args) => {
      const user = await api.registerUser(`decrypt-${keySpec}`);
      const issued = await api.issue(user.id, { ...PIN, keyStore: 'pkcs11', keySpec });
      expect((await keyRow(db, issued.serial)).backend).toBe('pkcs11');
      const session = await api.userSession(user);
      const content = Buffer.from('Протокол заседания совета директоров');
      const { rows } = await db.query<{ der: Uint8Array }>('SELECT der FROM certificates WHERE serial = $1', [
        issued.serial,
      ]);
      const message = opensslEncryptTo(new Uint8Array(rows[0]!.der), content, args);
      const created = await api.app.inject({
        method: 'POST',
        url: '/api/v1/decryption-operations',
        headers: session,
        payload: { certificate: issued.serial, message: Buffer.from(message).toString('base64') },
      });
      expect(created.statusCode, created.body).toBe(201);
      const confirmed = await api.app.inject({
        method: 'POST',
        url: `/api/v1/decryption-operations/${created.json<{ id: string }>().id}/confirm`,
        headers: session,
        payload: { method: 'pin', pin: PIN.pin },
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      const result = await api.app.inject({
        method: 'GET',
        url: confirmed.json<{ result: { url: string } }>().result.url,
        headers: session,
      });
      expect(result.rawPayload).toEqual(content);
    },
  );

  it('the token holds the private keys as sensitive and non-extractable', async () => {
    const user = await api.registerUser('sensitive');
    const issued = await api.issue(user.id, { ...PIN, keyStore: 'pkcs11', keySpec: 'rsa2048' });
    const key = await keyRow(db, issued.serial);
    // Inspecting needs the module to itself: the store is closed first.
    await ctx.keyStore.close();
    expect(
      inspectPrivateKey(TOKEN, TOKEN_PIN, { id: key.id, algorithm: { type: 'rsa', modulusLength: 2048 } }),
    ).toEqual({
      extractable: false,
      sensitive: true,
      valueError: 'CKR_ATTRIBUTE_SENSITIVE',
    });
  });
});

describe('opening the token at server start', () => {
  it('a token that is not there stops the start with KEY_STORE_FAILED naming it', async () => {
    const dir = tempDir('podpis-pkcs11-start-');
    const { config } = loadConfig(
      { ...pkcs11Environment(dir, 'no-such-token'), PODPIS_PORT: '0', PODPIS_HTTP_PORT: '0' },
      dir,
    );
    await expect(startServer(config, createLogger('silent'))).rejects.toMatchObject({
      code: 'KEY_STORE_FAILED',
      message: 'no PKCS#11 token labelled "no-such-token"',
    });
  }, 60_000);
});
