import { createReadStream, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decrypt,
  encrypt,
  getSigningOperation,
  confirmSigningOperation,
  hashThenSign,
  PodpisClient,
  PodpisError,
  signAndWait,
  unwrap,
  uploadDocument,
  verify,
  type SigningOperation,
} from '@podpis/sdk';
import { TEST_PIN, TestApi } from '../../server/test/support/api.js';
import {
  holderWithApiToken,
  opensslVerifyCmsFiles,
  startHttpsServer,
} from '../../server/test/support/signing.js';

describe('the SDK against a running Podpis server over HTTPS with an API token', () => {
  let started: Awaited<ReturnType<typeof startHttpsServer>>;
  let api: TestApi;
  let dir: string;
  let server: string;
  let tlsCa: string;
  let signingCaFile: string;
  let serial: string;
  let client: PodpisClient;

  const file = (name: string, content?: Uint8Array | string): string => {
    const path = join(dir, name);
    if (content !== undefined) writeFileSync(path, content);
    return path;
  };

  /** OpenSSL's verdict on a detached CMS signature over a file, against the installation's signing CAs. */
  const opensslVerify = (signature: Uint8Array, content: string): string =>
    opensslVerifyCmsFiles(signingCaFile, {
      signature: file(`${content.split('/').pop()!}.p7s`, signature),
      content,
      out: file('verified.out'),
    });

  beforeAll(async () => {
    dir = tempDir('podpis-sdk-');
    started = await startHttpsServer(dir);
    ({ api, server, tlsCa, signingCaFile } = started);
    const holder = await holderWithApiToken(api, 'sdk-alice', 'sdk');
    serial = holder.serial;
    client = new PodpisClient({ baseUrl: `${server}/api/v1/`, token: holder.token, tls: { ca: tlsCa } });
  }, 120_000);

  afterAll(async () => {
    await started.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs a document and waits, confirming with the PIN: OpenSSL verifies the detached CAdES, and so does the verification API', async () => {
    const contract = file('contract.txt', 'Договор поставки № 7\n');
    let created: SigningOperation | undefined;
    const { operation, results } = await signAndWait(
      client,
      {
        certificate: serial,
        format: 'cades',
        documents: [{ name: 'contract.txt', content: new TextEncoder().encode('Договор поставки № 7\n') }],
      },
      { confirm: { method: 'pin', pin: TEST_PIN.pin }, onCreated: (o) => (created = o) },
    );
    expect(created?.status).toBe('awaiting_confirmation');
    expect(operation.status).toBe('completed');
    expect(results).toHaveLength(1);
    expect(opensslVerify(results[0]!, contract)).toMatch(/Verification successful/);

    const report = await verify(
      client,
      { signature: results[0]!, document: new TextEncoder().encode('Договор поставки № 7\n') },
      { lang: 'en' },
    );
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures[0]?.signer?.serial.toLowerCase()).toBe(serial.toLowerCase());
    const tampered = await verify(client, {
      signature: results[0]!,
      document: new TextEncoder().encode('Договор поставки № 8\n'),
    });
    expect(tampered.indication).not.toBe('TOTAL_PASSED');
  });

  it('hash-then-sign: a 6 MiB file streamed through Streebog here, only its digest sent; OpenSSL verifies the signature against the file', async () => {
    const big = file('archive.bin', randomBytes(6 * 1024 * 1024 + 123));
    let hashed = 0;
    const { digests, results, operation } = await hashThenSign(
      client,
      {
        certificate: serial,
        format: 'cades',
        documents: [{ name: 'archive.bin', source: createReadStream(big, { highWaterMark: 256 * 1024 }) }],
      },
      { confirm: { method: 'pin', pin: TEST_PIN.pin }, onBytes: (n) => (hashed += n) },
    );
    expect(hashed).toBe(6 * 1024 * 1024 + 123);
    // The test CAs issue GOST keys: the digest is asked of the certificate's key algorithm.
    expect(digests[0]?.digestAlgorithm).toMatch(/^1\.2\.643\.7\.1\.1\.2\.[23]$/);
    expect(operation.documents[0]?.size).toBe(6 * 1024 * 1024 + 123);
    expect(opensslVerify(results[0]!, big)).toMatch(/Verification successful/);
  });

  it('uploadDocument with keep: digests: the server keeps its digests alone (contentKept false); a detached CAdES by its id verifies with OpenSSL, an attached one is DOCUMENT_CONTENT_NOT_KEPT', async () => {
    const bytes = randomBytes(300_000);
    const path = file('digests-only.bin', bytes);
    const uploaded = await uploadDocument(client, 'digests-only.bin', bytes, { keep: 'digests' });
    expect(uploaded).toMatchObject({ size: bytes.length, contentKept: false });
    const { results } = await signAndWait(
      client,
      {
        certificate: serial,
        format: 'cades',
        documents: [{ name: 'digests-only.bin', document: uploaded.id }],
      },
      { confirm: { method: 'pin', pin: TEST_PIN.pin } },
    );
    expect(opensslVerify(results[0]!, path)).toMatch(/Verification successful/);
    const attached = await signAndWait(client, {
      certificate: serial,
      format: 'cades',
      parameters: { detached: false },
      documents: [{ name: 'digests-only.bin', document: uploaded.id }],
    }).catch((error: unknown) => error);
    expect(attached).toBeInstanceOf(PodpisError);
    expect(attached).toMatchObject({ status: 409, code: 'DOCUMENT_CONTENT_NOT_KEPT' });
    const kept = await uploadDocument(client, 'kept.bin', bytes);
    expect(kept.contentKept).toBe(true);
  });

  it('waits by polling with back-off while the holder confirms elsewhere, or on the caller’s webhook promise; gives up with TIMEOUT', async () => {
    const documents = [{ name: 'memo.txt', content: new TextEncoder().encode('memo') }];
    const polled = await signAndWait(
      client,
      { certificate: serial, format: 'raw', documents },
      {
        poll: { initialMs: 50, maxMs: 200 },
        onCreated: (operation) => {
          setTimeout(() => {
            void confirmSigningOperation(client, operation.id, { method: 'pin', pin: TEST_PIN.pin });
          }, 300);
        },
      },
    );
    expect(polled.operation.status).toBe('completed');
    expect(polled.results[0]!.length).toBeGreaterThan(0);

    const onWebhook = await signAndWait(
      client,
      { certificate: serial, format: 'raw', documents },
      {
        // Stands for a webhook receiver: resolves once the operation is done.
        webhook: async (id) => confirmSigningOperation(client, id, { method: 'pin', pin: TEST_PIN.pin }),
        poll: { initialMs: 60_000 },
      },
    );
    expect(onWebhook.operation.status).toBe('completed');

    let waiting = '';
    const timedOut = await signAndWait(
      client,
      { certificate: serial, format: 'raw', documents },
      // Long enough for the operation to be created on a busy machine: the wait, not the creation, must time out.
      { timeoutMs: 3000, poll: { initialMs: 50 }, onCreated: (o) => (waiting = o.id) },
    ).catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(PodpisError);
    expect((timedOut as PodpisError).code).toBe('TIMEOUT');
    expect((await getSigningOperation(client, waiting)).status).toBe('awaiting_confirmation');
  });

  it('a refusal is a PodpisError with the problem’s code, status and request id; a wrong PIN cancels the operation', async () => {
    let id = '';
    const wrongPin = await signAndWait(
      client,
      { certificate: serial, format: 'raw', documents: [{ name: 'a', digest: '00'.repeat(32) }] },
      { confirm: { method: 'pin', pin: '00000000' }, onCreated: (o) => (id = o.id) },
    ).catch((error: unknown) => error);
    expect(wrongPin).toBeInstanceOf(PodpisError);
    const problem = wrongPin as PodpisError;
    expect(problem.code).toBe('KEY_PIN_WRONG');
    expect(problem.status).toBe(403);
    expect(problem.requestId).toEqual(expect.any(String));
    expect(problem.message).toContain('[KEY_PIN_WRONG]');
    expect((await getSigningOperation(client, id)).status).toBe('cancelled');

    const invalid = await unwrap(
      client.api.POST('/api/v1/signing-operations', {
        // @ts-expect-error the typed client refuses an unknown format; the server must too
        body: { certificate: serial, format: 'docx', documents: [{ name: 'a', digest: '00' }] },
      }),
    ).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(PodpisError);
    expect((invalid as PodpisError).code).toBe('VALIDATION_FAILED');
    expect((invalid as PodpisError).status).toBe(400);
    expect((invalid as PodpisError).errors?.length).toBeGreaterThan(0);

    const me = await unwrap(
      client.api.GET('/api/v1/me/certificates/{serial}', { params: { path: { serial } } }),
    );
    expect(me.details.publicKeyAlgorithm.oid).toMatch(/^1\.2\.643\.7\.1\.1\.1\./);
  });

  it('encrypts to my certificate and decrypts with the PIN to the same bytes', async () => {
    const original = randomBytes(5000);
    const message = await encrypt(client, { content: original, recipients: [{ serial }] });
    expect(message[0]).toBe(0x30);
    const { content, operation } = await decrypt(
      client,
      { certificate: serial, message },
      { confirm: { method: 'pin', pin: TEST_PIN.pin } },
    );
    expect(operation.status).toBe('completed');
    expect(Buffer.from(content).equals(original)).toBe(true);
  });

  it('names connection failures: an untrusted TLS certificate is TLS_UNTRUSTED, nobody listening is NETWORK_ERROR', async () => {
    const untrusted = new PodpisClient({ baseUrl: server, token: 'pdp_x' });
    const error = await verify(untrusted, { signature: new Uint8Array([0x30, 0]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PodpisError);
    expect((error as PodpisError).code).toBe('TLS_UNTRUSTED');
    expect((error as PodpisError).status).toBe(0);

    const nobody = new PodpisClient({ baseUrl: 'https://127.0.0.1:1', tls: { ca: tlsCa } });
    const refused = await verify(nobody, { signature: new Uint8Array([0x30, 0]) }).catch((e: unknown) => e);
    expect((refused as PodpisError).code).toBe('NETWORK_ERROR');
  });
});
