import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { tempDir, waitFor } from '@podpis/testkit';
import { streebog256, streebog512 } from '@podpis/gost';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { Housekeeping } from '../src/jobs/housekeeping.js';
import { TEST_PIN, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { opensslVerifyCms, pem } from './support/signing.js';
import { openTestPglite } from './support/backends.js';

const DOCUMENTS = '/api/v1/documents';
const LIMIT = 3 * 1024 * 1024;
const RETENTION = 3600;

interface Document {
  id: string;
  name: string;
  size: number;
  digests: Record<string, string>;
  expiresAt: string;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('documents: a user uploads a document as a stream → it is kept in chunks with its digests → downloaded, deleted, or gone after its retention', () => {
  let db: Db;
  let ctx: AuthorityContext;
  let api: TestApi;
  let caFile: string;

  beforeAll(async () => {
    db = await openTestPglite();
    let cas;
    ({ ctx, cas } = await setUpTestAuthorities(db));
    api = await TestApi.start(ctx, { documents: { limit: LIMIT, retentionSeconds: RETENTION } });
    caFile = join(tempDir('podpis-documents-'), 'ca.pem');
    writeFileSync(caFile, pem(cas.root.certificate) + pem(cas.issuing.certificate));
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  async function holder(login: string, keySpec?: string) {
    const user = await api.registerUser(login);
    const issued = await api.issue(user.id, { ...TEST_PIN, ...(keySpec ? { keySpec } : {}) });
    return { serial: issued.serial, session: await api.userSession(user) };
  }

  const upload = (
    headers: Record<string, string>,
    body: Buffer | Readable,
    query: Record<string, string> = { name: 'document.bin' },
  ) =>
    api.app.inject({
      method: 'POST',
      url: `${DOCUMENTS}?${new URLSearchParams(query).toString()}`,
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      payload: body,
    });

  async function kept(): Promise<{ documents: number; chunks: number }> {
    const { rows } = await db.query<{ documents: number; chunks: number }>(
      `SELECT (SELECT count(*)::int FROM signing_documents) AS documents,
              (SELECT count(*)::int FROM signing_document_chunks) AS chunks`,
    );
    return rows[0]!;
  }

  async function audited(action: string, target: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND target = $2',
      [action, target],
    );
    return rows[0]!.n;
  }

  it('a GOST holder uploads 2.5 MiB under a Cyrillic name: 201 with its size and Streebog-256 digest (the key’s), kept in 5 chunks of 512 KiB; metadata and the streamed content come back as uploaded, and still do from the 1 MiB chunks of earlier versions', async () => {
    const { session } = await holder('docs-upload');
    const content = randomBytes(2.5 * 1024 * 1024);
    const name = 'Договор № 7 (финал).pdf';
    const response = await upload(session, content, { name });
    expect(response.statusCode, response.body).toBe(201);
    const document = response.json<Document>();
    expect(document).toMatchObject({
      name,
      size: content.length,
      digests: { streebog256: hex(streebog256(content)) },
    });
    expect(Object.keys(document.digests)).toEqual(['streebog256']);
    expect(new Date(document.expiresAt).getTime() - Date.now()).toBeGreaterThan((RETENTION - 60) * 1000);
    expect(await audited('document.upload', `document:${document.id}`)).toBe(1);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM signing_document_chunks WHERE document_id = $1',
      [document.id],
    );
    expect(rows[0]!.n).toBe(5);

    const metadata = await api.app.inject({
      method: 'GET',
      url: `${DOCUMENTS}/${document.id}`,
      headers: session,
    });
    expect(metadata.json()).toEqual(document);
    const download = await api.app.inject({
      method: 'GET',
      url: `${DOCUMENTS}/${document.id}/content`,
      headers: session,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-length']).toBe(String(content.length));
    expect(download.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(download.rawPayload.equals(content)).toBe(true);

    // Kept before chunks were 512 KiB: 1 MiB, 1 MiB, 0.5 MiB. Read by size, not by today's chunk size.
    await db.query('DELETE FROM signing_document_chunks WHERE document_id = $1', [document.id]);
    for (let seq = 0; seq < 3; seq++)
      await db.query('INSERT INTO signing_document_chunks (document_id, seq, bytes) VALUES ($1, $2, $3)', [
        document.id,
        seq,
        content.subarray(seq * 1024 * 1024, (seq + 1) * 1024 * 1024),
      ]);
    const earlier = await api.app.inject({
      method: 'GET',
      url: `${DOCUMENTS}/${document.id}/content`,
      headers: session,
    });
    expect(earlier.statusCode).toBe(200);
    expect(earlier.rawPayload.equals(content)).toBe(true);
  });

  it('the digests asked for are the ones made, from a stream without Content-Length; an empty document is a document too', async () => {
    const { session } = await holder('docs-digests');
    const content = randomBytes(1024 * 1024 + 17);
    const response = await upload(
      session,
      Readable.from([content.subarray(0, 1000), content.subarray(1000)]),
      {
        name: 'a.bin',
        digests: 'sha256,streebog512',
      },
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<Document>().digests).toEqual({
      sha256: createHash('sha256').update(content).digest('hex'),
      streebog512: hex(streebog512(content)),
    });
    const empty = await upload(session, Buffer.alloc(0), { name: 'empty', digests: 'sha256' });
    expect(empty.json<Document>()).toMatchObject({
      size: 0,
      digests: { sha256: createHash('sha256').digest('hex') },
    });
    expect((await upload(session, content, { name: 'x', digests: 'md5' })).json()).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('over the limit: 413 DOCUMENT_TOO_LARGE from Content-Length before a byte is read, and from the stream as soon as it passes the limit; nothing is kept either way', async () => {
    const { session } = await holder('docs-limit');
    const before = await kept();
    const declared = await upload(session, randomBytes(LIMIT + 1));
    expect(declared.statusCode).toBe(413);
    expect(declared.json()).toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    let produced = 0;
    const endless = Readable.from(
      (function* () {
        while (produced < 4 * LIMIT) {
          produced += 256 * 1024;
          yield randomBytes(256 * 1024);
        }
      })(),
    );
    const streamed = await upload(session, endless);
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json()).toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    expect(produced).toBeLessThan(2 * LIMIT);
    expect(await kept()).toEqual(before);
  });

  it('over real HTTP, a 2 GiB upload over the limit is answered 413 DOCUMENT_TOO_LARGE at once (Content-Length) and the connection closed; a chunked one when it passes the limit; an upload cut off midway leaves nothing', async () => {
    const { session } = await holder('docs-limit-http');
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (api.app.server.address() as AddressInfo).port;
    const before = await kept();
    const post = (headers: Record<string, string>) =>
      new Promise<{ status: number; code: string; sent: number }>((resolve, reject) => {
        let sent = 0;
        let answered = false;
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            agent: false,
            path: `${DOCUMENTS}?name=big`,
            headers: { ...session, 'content-type': 'application/octet-stream', ...headers },
          },
          (response) => {
            answered = true;
            const parts: Buffer[] = [];
            response.on('data', (part: Buffer) => parts.push(part));
            response.on('end', () => {
              resolve({
                status: response.statusCode ?? 0,
                code: (JSON.parse(Buffer.concat(parts).toString('utf8')) as { code: string }).code,
                sent,
              });
              req.destroy();
            });
          },
        );
        // A reset after the answer is the server closing; before it, the answer was lost.
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (!answered || (error.code !== 'ECONNRESET' && error.code !== 'EPIPE')) reject(error);
        });
        const block = randomBytes(256 * 1024);
        const write = (): void => {
          while (sent < 2 * 1024 ** 3 && !answered && !req.destroyed) {
            sent += block.length;
            if (!req.write(block)) {
              req.once('drain', write);
              return;
            }
          }
        };
        write();
      });
    const declared = await post({ 'content-length': String(2 * 1024 ** 3) });
    expect(declared).toMatchObject({ status: 413, code: 'DOCUMENT_TOO_LARGE' });
    expect(declared.sent).toBeLessThan(64 * 1024 * 1024);
    const chunked = await post({ 'transfer-encoding': 'chunked' });
    expect(chunked).toMatchObject({ status: 413, code: 'DOCUMENT_TOO_LARGE' });
    expect(chunked.sent).toBeLessThan(64 * 1024 * 1024);
    expect(await kept()).toEqual(before);

    const cut = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      agent: false,
      path: `${DOCUMENTS}?name=cut`,
      headers: { ...session, 'content-type': 'application/octet-stream', 'content-length': String(LIMIT) },
    });
    cut.on('error', () => undefined);
    cut.write(randomBytes(2 * 1024 * 1024));
    await waitFor(async () => (await kept()).chunks > before.chunks, { what: 'the first chunk stored' });
    cut.destroy();
    await waitFor(
      async () => {
        const now = await kept();
        return now.documents === before.documents && now.chunks === before.chunks;
      },
      { what: 'the cut-off upload deleted' },
    );
  });

  it('somebody else’s document is 404 SIGNING_DOCUMENT_NOT_FOUND for metadata, content and delete; its owner deletes it at once (204, audited), chunks and all', async () => {
    const owner = await holder('docs-owner');
    const other = await holder('docs-other');
    const document = (await upload(owner.session, randomBytes(5000))).json<Document>();
    for (const [method, suffix] of [
      ['GET', ''],
      ['GET', '/content'],
      ['DELETE', ''],
    ] as const) {
      const response = await api.app.inject({
        method,
        url: `${DOCUMENTS}/${document.id}${suffix}`,
        headers: other.session,
      });
      expect(response.json()).toMatchObject({ status: 404, code: 'SIGNING_DOCUMENT_NOT_FOUND' });
    }
    const deleted = await api.app.inject({
      method: 'DELETE',
      url: `${DOCUMENTS}/${document.id}`,
      headers: owner.session,
    });
    expect(deleted.statusCode).toBe(204);
    expect(await audited('document.delete', `document:${document.id}`)).toBe(1);
    const gone = await api.app.inject({
      method: 'GET',
      url: `${DOCUMENTS}/${document.id}`,
      headers: owner.session,
    });
    expect(gone.json()).toMatchObject({ status: 404, code: 'SIGNING_DOCUMENT_NOT_FOUND' });
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM signing_document_chunks WHERE document_id = $1',
      [document.id],
    );
    expect(rows[0]!.n).toBe(0);
  });

  /** Creates and confirms an operation over documents; returns the operation and each result's response. */
  async function signed(headers: Record<string, string>, payload: Record<string, unknown>) {
    const created = await api.app.inject({
      method: 'POST',
      url: '/api/v1/signing-operations',
      headers,
      payload,
    });
    expect(created.statusCode, created.body).toBe(201);
    const confirmed = await api.app.inject({
      method: 'POST',
      url: `/api/v1/signing-operations/${created.json<{ id: string }>().id}/confirm`,
      headers,
      payload: { method: 'pin', pin: TEST_PIN.pin },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const operation = confirmed.json<{
      id: string;
      results: string[];
      documents: { digest: string; size: number }[];
    }>();
    const results = [];
    for (const url of operation.results) results.push(await api.app.inject({ method: 'GET', url, headers }));
    return { operation, results };
  }

  it('an uploaded document signs by its id with a GOST key as CAdES detached and attached (T): the attached result streams the document framed in; openssl cms -verify accepts both', async () => {
    const { session, serial } = await holder('docs-sign');
    const content = randomBytes(2 * 1024 * 1024 + 5);
    const document = (await upload(session, content, { name: 'Отчёт.bin' })).json<Document>();
    const { operation, results } = await signed(session, {
      certificate: serial,
      format: 'cades',
      documents: [
        { name: 'detached', document: document.id },
        { name: 'detached again', document: document.id },
      ],
    });
    expect(operation.documents[0]).toMatchObject({
      digest: document.digests.streebog256,
      size: content.length,
    });
    expect(opensslVerifyCms(caFile, results[0]!.rawPayload, content).verified.equals(content)).toBe(true);

    const attached = await signed(session, {
      certificate: serial,
      format: 'cades',
      parameters: { detached: false, level: 'T' },
      documents: [{ name: 'attached', document: document.id }],
    });
    const result = attached.results[0]!;
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('application/pkcs7-mime');
    expect(Number(result.headers['content-length'])).toBe(result.rawPayload.length);
    expect(result.rawPayload.length).toBeGreaterThan(content.length);
    expect(opensslVerifyCms(caFile, result.rawPayload).verified.equals(content)).toBe(true);
    // Only the detached form is stored: the document is not copied.
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM signing_documents WHERE size = $1',
      [content.length],
    );
    expect(rows[0]!.n).toBe(1);

    await api.app.inject({ method: 'DELETE', url: `${DOCUMENTS}/${document.id}`, headers: session });
    expect(
      (await api.app.inject({ method: 'GET', url: attached.operation.results[0]!, headers: session })).json(),
    ).toMatchObject({
      status: 404,
      code: 'SIGNING_DOCUMENT_NOT_FOUND',
    });
  });

  it('an ECDSA holder signs a document uploaded with Streebog only: its SHA-256 is made from the chunks and kept; a document with a digest as well, or another’s, is refused', async () => {
    const { session, serial } = await holder('docs-ecdsa', 'ecdsa-p256');
    const content = randomBytes(1024 * 1024 + 3);
    const document = (await upload(session, content, { name: 'a', digests: 'streebog256' })).json<Document>();
    const { operation, results } = await signed(session, {
      certificate: serial,
      format: 'cades',
      parameters: { detached: false },
      documents: [{ name: 'a', document: document.id }],
    });
    expect(operation.documents[0]!.digest).toBe(createHash('sha256').update(content).digest('hex'));
    expect(opensslVerifyCms(caFile, results[0]!.rawPayload).verified.equals(content)).toBe(true);
    const again = await api.app.inject({
      method: 'GET',
      url: `${DOCUMENTS}/${document.id}`,
      headers: session,
    });
    expect(Object.keys(again.json<Document>().digests).sort()).toEqual(['sha256', 'streebog256']);

    const both = await api.app.inject({
      method: 'POST',
      url: '/api/v1/signing-operations',
      headers: session,
      payload: {
        certificate: serial,
        format: 'cades',
        documents: [{ name: 'a', document: document.id, digest: 'ab'.repeat(32) }],
      },
    });
    expect(both.json()).toMatchObject({ status: 422, code: 'SIGNING_DOCUMENT_INVALID' });
    const other = await holder('docs-ecdsa-other', 'ecdsa-p256');
    const foreign = await api.app.inject({
      method: 'POST',
      url: '/api/v1/signing-operations',
      headers: other.session,
      payload: {
        certificate: other.serial,
        format: 'cades',
        documents: [{ name: 'a', document: document.id }],
      },
    });
    expect(foreign.json()).toMatchObject({ status: 404, code: 'SIGNING_DOCUMENT_NOT_FOUND' });
  });

  it('after the retention, housekeeping deletes the document, the finished signing operation and its results, and the used key activations; what is younger stays', async () => {
    const { session, serial } = await holder('docs-retention');
    const old = (await upload(session, randomBytes(3000), { name: 'old' })).json<Document>();
    const young = (await upload(session, randomBytes(3000), { name: 'young' })).json<Document>();
    const operation = (
      await signed(session, {
        certificate: serial,
        format: 'cades',
        documents: [{ name: 'old', document: old.id }],
      })
    ).operation.id;
    const aged = new Date(Date.now() - (RETENTION + 60) * 1000);
    await db.query('UPDATE signing_documents SET expires_at = now() WHERE id = $1', [old.id]);
    await db.query('UPDATE signing_operations SET created_at = $2 WHERE id = $1', [operation, aged]);

    const report = await new Housekeeping(db, {
      logger: { info: vi.fn(), error: vi.fn() },
      retentionSeconds: RETENTION,
    }).runOnce();
    expect(report.deleted).toMatchObject({ documents: 1, signingOperations: 1 });
    expect(report.deleted.keyActivations).toBeGreaterThanOrEqual(2);
    const { rows } = await db.query<{ documents: string[]; results: number; activations: number }>(
      `SELECT (SELECT array_agg(name ORDER BY name) FROM signing_documents WHERE account_id = (
                 SELECT account_id FROM signing_documents WHERE id = $1)) AS documents,
              (SELECT count(*)::int FROM signing_results WHERE operation_id = $2) AS results,
              (SELECT count(*)::int FROM key_activations WHERE consumed_at IS NOT NULL OR expires_at <= now()) AS activations`,
      [young.id, operation],
    );
    expect(rows[0]).toEqual({ documents: ['young'], results: 0, activations: 0 });
  });
});
