import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gostImplementations } from '@podpis/gost';
import { openssl, opensslGostKey, opensslGostSelfSigned, tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { eraseEndedDecryptions } from '../src/signing/encryption.js';
import { PRIMER_LEGAL_ENTITY } from '../../pki/test/support/subjects.js';
import { TEST_PIN, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { opensslDecrypt, opensslEncryptTo } from './support/cms.js';
import { openTestPglite } from './support/backends.js';

const ENCRYPTIONS = '/api/v1/encryptions';
const OPERATIONS = '/api/v1/decryption-operations';
const SECRET = Buffer.from('Коммерческое предложение: 1 000 000 ₽, срок до 31.12.2026');

interface Operation {
  id: string;
  status: string;
  confirmationMethods: string[];
  messageDigest: string;
  result?: { url: string; size: number; expiresAt: string };
}

/** A key pair and self-signed certificate OpenSSL makes: a recipient outside this service. */
function outsider(kind: 'gost' | 'rsa', keyUsage = 'keyEncipherment') {
  const dir = tempDir('podpis-outsider-');
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  if (kind === 'gost') {
    opensslGostKey(keyFile);
    opensslGostSelfSigned(keyFile, '/C=RU/CN=Контрагент', certFile, [`keyUsage=${keyUsage}`]);
  } else {
    openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=Counterparty',
      '-addext',
      `keyUsage=${keyUsage}`,
    ]);
  }
  const pem = readFileSync(certFile, 'utf8');
  const der = new Uint8Array(openssl(['x509', '-in', certFile, '-outform', 'DER']).stdout);
  return { keyFile, pem, der };
}

describe('encryption and decryption: encrypt to certificates → OpenSSL opens it; OpenSSL encrypts to my certificate → I decrypt it with my PIN', () => {
  let db: Db;
  let ctx: AuthorityContext;
  let api: TestApi;
  let clockOffset = 0;

  beforeAll(async () => {
    db = await openTestPglite();
    ({ ctx } = await setUpTestAuthorities(db, { now: () => new Date(Date.now() + clockOffset) }));
    api = await TestApi.start(ctx);
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  /** A registered user with a certificate on a key held here (GOST-256 unless asked), signed in. */
  async function holder(login: string, keySpec?: string) {
    const user = await api.registerUser(login);
    const issued = await api.issue(user.id, { ...TEST_PIN, ...(keySpec ? { keySpec } : {}) });
    const session = await api.userSession(user);
    const { rows } = await db.query<{ der: Uint8Array }>('SELECT der FROM certificates WHERE serial = $1', [
      issued.serial,
    ]);
    return { user, serial: issued.serial, session, certificate: new Uint8Array(rows[0]!.der) };
  }

  const post = (url: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    api.app.inject({ method: 'POST', url, headers, payload });
  const encrypt = (headers: Record<string, string>, payload: Record<string, unknown>) =>
    post(ENCRYPTIONS, headers, payload);
  const create = (headers: Record<string, string>, serial: string, message: Uint8Array) =>
    post(OPERATIONS, headers, { certificate: serial, message: Buffer.from(message).toString('base64') });
  const confirm = (headers: Record<string, string>, id: string, pin = TEST_PIN.pin) =>
    post(`${OPERATIONS}/${id}/confirm`, headers, { method: 'pin', pin });
  const get = (headers: Record<string, string>, url: string) =>
    api.app.inject({ method: 'GET', url, headers });

  async function audited(action: string): Promise<unknown[]> {
    const { rows } = await db.query<{ details: unknown }>(
      'SELECT details FROM audit_log WHERE action = $1 ORDER BY seq',
      [action],
    );
    return rows.map((r) => r.details);
  }

  /** create → confirm with the PIN → download once: what the holder reads. */
  async function decryptWithApi(session: Record<string, string>, serial: string, message: Uint8Array) {
    const created = await create(session, serial, message);
    expect(created.statusCode, created.body).toBe(201);
    const operation = created.json<Operation>();
    expect(operation).toMatchObject({ status: 'awaiting_confirmation', confirmationMethods: ['pin'] });
    const confirmed = await confirm(session, operation.id);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const done = confirmed.json<Operation>();
    expect(done).toMatchObject({ status: 'completed', confirmationMethods: [] });
    const content = await get(session, done.result!.url);
    expect(content.statusCode, content.body).toBe(200);
    expect(content.headers['content-type']).toBe('application/octet-stream');
    expect((await get(session, `${OPERATIONS}/${done.id}`)).json<Operation>().result).toBeUndefined();
    return { operation: done, content: content.rawPayload };
  }

  const cases: [string, string, string[]][] = [
    ['GOST 256', 'gost256', ['-kuznyechik-ctr-acpkm-omac']],
    ['GOST 512', 'gost512', ['-magma-ctr-acpkm-omac']],
    ['ECDSA P-256 (ECDH)', 'ecdsa-p256', ['-aes256']],
    ['RSA-2048 (OAEP)', 'rsa2048', ['-aes256', '-keyopt', 'rsa_padding_mode:oaep']],
  ];

  it.each(cases)(
    '%s: openssl cms -encrypt to my certificate → I decrypt it with my PIN; the API’s encryption to my serial too',
    async (_name, keySpec, args) => {
      const { session, serial, certificate } = await holder(`decrypt-${keySpec}`, keySpec);
      const theirs = opensslEncryptTo(certificate, SECRET, args);
      const first = await decryptWithApi(session, serial, theirs);
      expect(first.content).toEqual(SECRET);
      expect(first.operation.result).toMatchObject({ size: SECRET.length });

      const ours = await encrypt(session, {
        content: SECRET.toString('base64'),
        recipients: [{ serial }],
      });
      expect(ours.statusCode, ours.body).toBe(200);
      expect(ours.headers['content-type']).toBe('application/pkcs7-mime; smime-type=enveloped-data');
      expect((await decryptWithApi(session, serial, ours.rawPayload)).content).toEqual(SECRET);
    },
  );

  it('the API encrypts to outside certificates (OpenSSL GOST and RSA keys, PEM or DER) and my serial in one message → openssl cms -decrypt opens it for each; the audit names recipients, size and digest, never the content', async () => {
    const encryptions = (await audited('encryption.create')).length;
    const gostHolder = await holder('mixed-gost');
    const gost = outsider('gost');
    const gostMessage = await encrypt(gostHolder.session, {
      content: SECRET.toString('base64'),
      recipients: [{ certificate: gost.pem }, { serial: gostHolder.serial }],
    });
    expect(gostMessage.statusCode, gostMessage.body).toBe(200);
    // Kuznyechik CTR-ACPKM and OMAC ran on the WebAssembly SIMD path: the server's default
    expect(gostImplementations()).toMatchObject({ kuznyechik: 'wasm' });
    expect(Buffer.from(opensslDecrypt(gostMessage.rawPayload, gost.der, gost.keyFile))).toEqual(SECRET);
    expect(
      (await decryptWithApi(gostHolder.session, gostHolder.serial, gostMessage.rawPayload)).content,
    ).toEqual(SECRET);

    const rsaHolder = await holder('mixed-rsa', 'rsa2048');
    const rsa = outsider('rsa', 'keyEncipherment,dataEncipherment');
    for (const contentEncryption of ['aes256-gcm', 'aes256-cbc']) {
      const message = await encrypt(rsaHolder.session, {
        content: SECRET.toString('base64'),
        recipients: [{ certificate: Buffer.from(rsa.der).toString('base64') }, { serial: rsaHolder.serial }],
        contentEncryption,
      });
      expect(message.statusCode, message.body).toBe(200);
      expect(Buffer.from(opensslDecrypt(message.rawPayload, rsa.der, rsa.keyFile))).toEqual(SECRET);
    }
    const records = JSON.stringify((await audited('encryption.create')).slice(encryptions));
    expect(records).toContain(gostHolder.serial);
    expect(records).toContain(`"size":${SECRET.length}`);
    expect(records).not.toContain(SECRET.toString('base64'));
    expect(records).not.toContain(SECRET.toString('hex'));
    expect(await audited('encryption.create')).toHaveLength(encryptions + 3);
  });

  it('refused at encryption: an unknown serial (404), a revoked certificate (409), a certificate not for encryption, not a certificate, a GOST recipient with AES (422)', async () => {
    const { session, serial } = await holder('encrypt-refusals');
    const encryptions = (await audited('encryption.create')).length;
    const content = SECRET.toString('base64');
    const signOnly = outsider('rsa', 'digitalSignature');
    const refusals = [
      await encrypt(session, { content, recipients: [{ serial: '0badc0de' }] }),
      await encrypt(session, { content, recipients: [{ certificate: signOnly.pem }] }),
      await encrypt(session, { content, recipients: [{ certificate: randomBytes(200).toString('base64') }] }),
      await encrypt(session, { content, recipients: [{ serial }], contentEncryption: 'aes256-gcm' }),
    ];
    expect(refusals.map((r) => r.json<{ status: number; code: string }>())).toMatchObject([
      { status: 404, code: 'CERT_NOT_FOUND' },
      { status: 422, code: 'CERT_NOT_FOR_ENCRYPTION' },
      { status: 422, code: 'ENCRYPTION_RECIPIENT_INVALID' },
      { status: 422, code: 'ENCRYPTION_CIPHER_MISMATCH' },
    ]);
    const revoked = await api.operatorPost(`/api/v1/certificates/${serial}/revoke`, {
      reason: 'keyCompromise',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await encrypt(session, { content, recipients: [{ serial }] })).json()).toMatchObject({
      status: 409,
      code: 'CERT_NOT_VALID',
    });
    expect(await audited('encryption.create')).toHaveLength(encryptions);
  });

  it('a legal entity’s key for automatic use (confirmation none) decrypts at creation: completed, confirmation none, the content downloads once; key.decrypt audited', async () => {
    const user = await api.registerUser('robot-decrypt', PRIMER_LEGAL_ENTITY);
    const issued = await api.issue(user.id, { confirmation: 'none', keySpec: 'ecdsa-p256' });
    const session = await api.userSession(user);
    const { rows } = await db.query<{ der: Uint8Array }>('SELECT der FROM certificates WHERE serial = $1', [
      issued.serial,
    ]);
    const message = opensslEncryptTo(new Uint8Array(rows[0]!.der), SECRET, ['-aes256']);
    const decryptions = (await audited('key.decrypt')).length;
    const created = await create(session, issued.serial, message);
    expect(created.statusCode, created.body).toBe(201);
    const operation = created.json<Operation>();
    expect(operation).toMatchObject({ status: 'completed', confirmationMethods: [] });
    expect((await get(session, operation.result!.url)).rawPayload).toEqual(SECRET);
    expect(await audited('key.decrypt')).toHaveLength(decryptions + 1);
    expect((await audited('decryption.complete')).at(-1)).toMatchObject({ confirmation: 'none' });
  });

  it('a wrong PIN → 403 KEY_PIN_WRONG, nothing decrypted, the operation still awaits; the right PIN decrypts; a replayed confirmation → 409; the content downloads once', async () => {
    const { session, serial, certificate } = await holder('wrong-pin', 'ecdsa-p256');
    const message = opensslEncryptTo(certificate, SECRET, ['-aes256']);
    const operation = (await create(session, serial, message)).json<Operation>();
    const wrong = await confirm(session, operation.id, '00000000');
    expect(wrong.json()).toMatchObject({ status: 403, code: 'KEY_PIN_WRONG', remainingAttempts: 4 });
    expect((await get(session, `${OPERATIONS}/${operation.id}`)).json()).toMatchObject({
      status: 'awaiting_confirmation',
      confirmationMethods: ['pin'],
    });
    expect((await get(session, `${OPERATIONS}/${operation.id}/result`)).json()).toMatchObject({
      status: 404,
      code: 'DECRYPTION_RESULT_NOT_FOUND',
    });
    const decryptions = (await audited('key.decrypt')).length;

    const right = await confirm(session, operation.id);
    expect(right.statusCode, right.body).toBe(200);
    expect((await confirm(session, operation.id)).json()).toMatchObject({
      status: 409,
      code: 'DECRYPTION_OPERATION_COMPLETED',
    });
    const url = right.json<Operation>().result!.url;
    expect((await get(session, url)).rawPayload).toEqual(SECRET);
    expect((await get(session, url)).json()).toMatchObject({
      status: 404,
      code: 'DECRYPTION_RESULT_NOT_FOUND',
    });
    expect((await get(session, `${OPERATIONS}/${operation.id}`)).json<Operation>().result).toBeUndefined();
    const { rows } = await db.query<{ message: Uint8Array | null; result: Uint8Array | null }>(
      'SELECT message, result FROM decryption_operations WHERE id = $1',
      [operation.id],
    );
    expect(rows).toEqual([{ message: null, result: null }]);
    expect(await audited('key.decrypt')).toHaveLength(decryptions + 1);
    expect((await audited('decryption.complete')).at(-1)).toMatchObject({
      certificate: serial,
      messageDigest: operation.messageDigest,
      contentSize: SECRET.length,
      confirmation: 'pin',
    });
  });

  it('expired → 410 and shown as expired; cancelled → 204 then 409; somebody else’s operation → 404; nothing decrypted', async () => {
    const { session, serial, certificate } = await holder('lifecycle');
    const decryptions = (await audited('key.decrypt')).length;
    const message = opensslEncryptTo(certificate, SECRET, ['-kuznyechik-ctr-acpkm-omac']);
    const expiring = (await create(session, serial, message)).json<Operation>();
    clockOffset = 11 * 60_000;
    try {
      expect((await confirm(session, expiring.id)).json()).toMatchObject({
        status: 410,
        code: 'DECRYPTION_OPERATION_EXPIRED',
      });
      expect((await get(session, `${OPERATIONS}/${expiring.id}`)).json()).toMatchObject({
        status: 'expired',
      });
    } finally {
      clockOffset = 0;
    }

    const cancelled = (await create(session, serial, message)).json<Operation>();
    const cancel = await api.app.inject({
      method: 'DELETE',
      url: `${OPERATIONS}/${cancelled.id}`,
      headers: session,
    });
    expect(cancel.statusCode, cancel.body).toBe(204);
    expect((await confirm(session, cancelled.id)).json()).toMatchObject({
      status: 409,
      code: 'DECRYPTION_OPERATION_CANCELLED',
    });

    const theirs = (await create(session, serial, message)).json<Operation>();
    const other = await holder('other-user');
    for (const response of [
      await get(other.session, `${OPERATIONS}/${theirs.id}`),
      await confirm(other.session, theirs.id),
      await get(other.session, `${OPERATIONS}/${theirs.id}/result`),
      await get(other.session, `${OPERATIONS}/not-a-uuid`),
    ]) {
      expect(response.json()).toMatchObject({ status: 404, code: 'DECRYPTION_OPERATION_NOT_FOUND' });
    }
    expect((await create(other.session, serial, message)).json()).toMatchObject({
      status: 404,
      code: 'CERT_NOT_FOUND',
    });
    expect(await audited('key.decrypt')).toHaveLength(decryptions);
    expect(await audited('decryption.cancel')).toHaveLength(1);
  });

  it('housekeeping erases the message of an operation that expired unconfirmed and a content not downloaded in time; the rows and digests stay', async () => {
    const { session, serial, certificate } = await holder('housekeeping', 'ecdsa-p256');
    const message = opensslEncryptTo(certificate, SECRET, ['-aes256']);
    const unconfirmed = (await create(session, serial, message)).json<Operation>();
    const confirmed = (
      await confirm(session, (await create(session, serial, message)).json<Operation>().id)
    ).json<Operation>();
    expect(confirmed.result).toBeDefined();
    const held = () =>
      db.query<{ id: string; message: boolean; result: boolean; message_digest: string }>(
        `SELECT id, message IS NOT NULL AS message, result IS NOT NULL AS result, message_digest
         FROM decryption_operations WHERE id = ANY($1::uuid[]) ORDER BY created_at`,
        [[unconfirmed.id, confirmed.id]],
      );
    await eraseEndedDecryptions(db, ctx.now());
    expect((await held()).rows.map((r) => [r.message, r.result])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(await eraseEndedDecryptions(db, new Date(Date.now() + 11 * 60_000))).toBeGreaterThanOrEqual(2);
    expect((await held()).rows).toEqual([
      { id: unconfirmed.id, message: false, result: false, message_digest: unconfirmed.messageDigest },
      { id: confirmed.id, message: false, result: false, message_digest: confirmed.messageDigest },
    ]);
  });

  it('refused: a garbage message, a message to another certificate (422 at creation); an altered one fails at confirmation with DECRYPTION_FAILED; a token without the decryption scope (403)', async () => {
    const { session, serial, certificate } = await holder('bad-messages', 'rsa2048');
    const other = await holder('someone-else', 'rsa2048');
    const args = ['-aes256', '-keyopt', 'rsa_padding_mode:oaep'];
    expect((await create(session, serial, randomBytes(300))).json()).toMatchObject({
      status: 422,
      code: 'DECRYPTION_MESSAGE_INVALID',
    });
    expect(
      (await create(session, serial, opensslEncryptTo(other.certificate, SECRET, args))).json(),
    ).toMatchObject({
      status: 422,
      code: 'DECRYPTION_NOT_A_RECIPIENT',
    });

    // AES-GCM: the message ends with its tag, so an altered byte there never decrypts by chance.
    const altered = opensslEncryptTo(certificate, SECRET, [
      '-aes-256-gcm',
      '-keyopt',
      'rsa_padding_mode:oaep',
    ]);
    altered[altered.length - 5]! ^= 0xff;
    const operation = (await create(session, serial, altered)).json<Operation>();
    expect((await confirm(session, operation.id)).json()).toMatchObject({
      status: 422,
      code: 'DECRYPTION_FAILED',
    });
    expect((await get(session, `${OPERATIONS}/${operation.id}`)).json()).toMatchObject({ status: 'failed' });
    expect((await confirm(session, operation.id)).json()).toMatchObject({
      status: 409,
      code: 'DECRYPTION_OPERATION_FAILED',
    });

    const token = await post('/api/v1/session/tokens', session, {
      name: 'encrypter',
      scopes: ['encryption'],
    });
    const encrypter = { authorization: `Bearer ${token.json<{ token: string }>().token}` };
    expect((await create(encrypter, serial, altered)).json()).toMatchObject({
      status: 403,
      code: 'INSUFFICIENT_SCOPE',
      requiredScope: 'decryption',
    });
    const encrypted = await encrypt(encrypter, {
      content: SECRET.toString('base64'),
      recipients: [{ serial }],
    });
    expect(encrypted.statusCode, encrypted.body).toBe(200);
  });
});
