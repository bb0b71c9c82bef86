import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { streebog256 } from '@podpis/gost';
import { createDatabase, openssl, tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { openPostgres } from '../src/db/postgres.js';
import { samplePdf } from '../../pki/test/support/pdf.js';
import { TEST_PIN, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { TestDevice } from './support/device.js';
import { opensslVerifyCms, pem } from './support/signing.js';
import { openTestPglite } from './support/backends.js';

/**
 * Issue #18: a document uploaded with `keep=digests` streams through the
 * same hashing as any upload but leaves no chunk behind; a detached
 * signature over it is the one a kept document gets, and whatever needs its
 * bytes is refused before anything is written.
 */
const DOCUMENTS = '/api/v1/documents';
const OPERATIONS = '/api/v1/signing-operations';
const MIB = 1024 * 1024;

interface Document {
  id: string;
  name: string;
  size: number;
  digests: Record<string, string>;
  contentKept: boolean;
}

interface Operation {
  id: string;
  toBeSigned: string[];
  results: string[];
  documents: { name: string; size: number; digest: string }[];
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const databases: Record<string, () => Promise<Db>> = {
  PGlite: () => openTestPglite(),
  PostgreSQL: async () => openPostgres(await createDatabase(inject('postgresUrl'))),
};

describe.each(Object.keys(databases))(
  'documents kept for their digests alone (keep=digests) on %s: hashed as they stream in, no chunk stored; signed detached like kept ones; refused where the content is needed',
  (database) => {
    let db: Db;
    let ctx: AuthorityContext;
    let api: TestApi;
    let dir: string;
    let caFile: string;

    beforeAll(async () => {
      db = await databases[database]!();
      let cas;
      ({ ctx, cas } = await setUpTestAuthorities(db));
      api = await TestApi.start(ctx, { documents: { limit: 64 * MIB, retentionSeconds: 3600 } });
      dir = tempDir('podpis-digests-only-');
      caFile = join(dir, 'ca.pem');
      writeFileSync(caFile, pem(cas.root.certificate) + pem(cas.issuing.certificate));
    }, 120_000);
    afterAll(async () => {
      await api.close();
      await db.close();
    });

    async function holder(login: string) {
      const user = await api.registerUser(login);
      const issued = await api.issue(user.id, TEST_PIN);
      return { serial: issued.serial, session: await api.userSession(user) };
    }

    const upload = (headers: Record<string, string>, body: Buffer, query: Record<string, string>) =>
      api.app.inject({
        method: 'POST',
        url: `${DOCUMENTS}?${new URLSearchParams(query).toString()}`,
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        payload: body,
      });

    /** Rows that a refused operation must leave as they were. */
    async function written() {
      const { rows } = await db.query<{
        operations: number;
        documents: number;
        chunks: number;
        audit: number;
      }>(
        `SELECT (SELECT count(*)::int FROM signing_operations) AS operations,
                (SELECT count(*)::int FROM signing_documents) AS documents,
                (SELECT count(*)::int FROM signing_document_chunks) AS chunks,
                (SELECT count(*)::int FROM audit_log) AS audit`,
      );
      return rows[0]!;
    }

    const chunksOf = async (id: string) =>
      (
        await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM signing_document_chunks WHERE document_id = $1',
          [id],
        )
      ).rows[0]!.n;

    async function signed(headers: Record<string, string>, payload: Record<string, unknown>) {
      const created = await api.app.inject({ method: 'POST', url: OPERATIONS, headers, payload });
      expect(created.statusCode, created.body).toBe(201);
      const confirmed = await api.app.inject({
        method: 'POST',
        url: `${OPERATIONS}/${created.json<{ id: string }>().id}/confirm`,
        headers,
        payload: { method: 'pin', pin: TEST_PIN.pin },
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      const operation = confirmed.json<Operation>();
      const result = await api.app.inject({ method: 'GET', url: operation.results[0]!, headers });
      expect(result.statusCode).toBe(200);
      return { operation, result: result.rawPayload };
    }

    it('5 MiB (on a hashing thread) and 3000 bytes (in place) upload with keep=digests: Streebog-256 as openssl dgst makes it, contentKept false in the answer, the metadata and the audit record; no chunk stored; the content is 409 DOCUMENT_CONTENT_NOT_KEPT', async () => {
      const { session } = await holder('digests-upload');
      for (const size of [5 * MIB + 7, 3000]) {
        const content = randomBytes(size);
        const file = join(dir, `upload-${size}.bin`);
        writeFileSync(file, content);
        const before = await written();
        const response = await upload(session, content, { name: 'Большой.bin', keep: 'digests' });
        expect(response.statusCode, response.body).toBe(201);
        const document = response.json<Document>();
        const opensslDigest = openssl(['dgst', '-md_gost12_256', '-r', file]).stdout.toString().split(' ')[0];
        expect(document).toMatchObject({
          size,
          contentKept: false,
          digests: { streebog256: opensslDigest },
        });
        expect(document.digests.streebog256).toBe(hex(streebog256(content)));
        expect(await chunksOf(document.id)).toBe(0);
        expect(await written()).toMatchObject({ documents: before.documents + 1, chunks: before.chunks });
        const { rows } = await db.query<{ details: { contentKept: boolean; size: number } }>(
          `SELECT details FROM audit_log WHERE action = 'document.upload' AND target = $1`,
          [`document:${document.id}`],
        );
        expect(rows.map((r) => r.details)).toMatchObject([{ contentKept: false, size }]);

        const metadata = await api.app.inject({
          method: 'GET',
          url: `${DOCUMENTS}/${document.id}`,
          headers: session,
        });
        expect(metadata.json<Document>()).toMatchObject({ id: document.id, contentKept: false });
        const download = await api.app.inject({
          method: 'GET',
          url: `${DOCUMENTS}/${document.id}/content`,
          headers: session,
        });
        expect(download.statusCode).toBe(409);
        expect(download.json()).toMatchObject({
          code: 'DOCUMENT_CONTENT_NOT_KEPT',
          detail: expect.stringMatching(/digests alone .*download of its content/) as unknown,
        });
      }
      const kept = await upload(session, randomBytes(1000), { name: 'kept.bin' });
      expect(kept.json<Document>().contentKept).toBe(true);
      const invalid = await upload(session, randomBytes(10), { name: 'x', keep: 'nothing' });
      expect(invalid.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('signs by its id as CAdES detached and raw like a kept copy of the same bytes: the same digest and raw signing input; openssl cms -verify -binary -content FILE accepts the CAdES', async () => {
      const { session, serial } = await holder('digests-sign');
      const content = randomBytes(5 * MIB + 3);
      const file = join(dir, 'signed.bin');
      writeFileSync(file, content);
      const digestsOnly = (
        await upload(session, content, { name: 'a.bin', keep: 'digests' })
      ).json<Document>();
      const kept = (await upload(session, content, { name: 'a.bin' })).json<Document>();
      expect(digestsOnly.digests).toEqual(kept.digests);

      const overDigests = await signed(session, {
        certificate: serial,
        format: 'cades',
        documents: [{ name: 'a.bin', document: digestsOnly.id }],
      });
      const overKept = await signed(session, {
        certificate: serial,
        format: 'cades',
        documents: [{ name: 'a.bin', document: kept.id }],
      });
      expect(overDigests.operation.documents[0]).toEqual(overKept.operation.documents[0]);
      expect(overDigests.operation.documents[0]).toMatchObject({
        size: content.length,
        digest: hex(streebog256(content)),
      });
      expect(overDigests.result.length).toBeGreaterThan(500);
      expect(opensslVerifyCms(caFile, overDigests.result, content).verified.equals(content)).toBe(true);
      expect(() => opensslVerifyCms(caFile, overDigests.result, randomBytes(100))).toThrow();

      const raw = await signed(session, {
        certificate: serial,
        format: 'raw',
        documents: [{ name: 'a.bin', document: digestsOnly.id }],
      });
      const rawKept = await signed(session, {
        certificate: serial,
        format: 'raw',
        documents: [{ name: 'a.bin', document: kept.id }],
      });
      expect(raw.operation.toBeSigned).toEqual(rawKept.operation.toBeSigned);
      expect(raw.result.length).toBe(64);
      expect(await chunksOf(digestsOnly.id)).toBe(0);
    });

    it('what needs the content — CAdES attached, XAdES, PAdES — and a digest not made at upload are 409 DOCUMENT_CONTENT_NOT_KEPT with a sentence, and nothing is written', async () => {
      const { session, serial } = await holder('digests-refused');
      const pdf = (
        await upload(session, Buffer.from(await samplePdf()), { name: 'offer.pdf', keep: 'digests' })
      ).json<Document>();
      const sha256Only = (
        await upload(session, randomBytes(4000), { name: 'b.bin', keep: 'digests', digests: 'sha256' })
      ).json<Document>();
      const refusals: [string, Record<string, unknown>, RegExp][] = [
        ['cades', { detached: false }, /cades signature that carries it/],
        ['cades', { detached: false, level: 'T' }, /cades signature that carries it/],
        ['xades', {}, /xades signature that carries it/],
        ['pades', {}, /pades signature that carries it/],
      ];
      const cases = [
        ...refusals.map(([format, parameters, detail]) => ({ format, parameters, document: pdf.id, detail })),
        { format: 'cades', parameters: {}, document: sha256Only.id, detail: /sha256.*streebog256/ },
      ];
      for (const { format, parameters, document, detail } of cases) {
        const before = await written();
        const refused = await api.app.inject({
          method: 'POST',
          url: OPERATIONS,
          headers: session,
          payload: { certificate: serial, format, parameters, documents: [{ name: 'x', document }] },
        });
        expect(refused.statusCode, `${format} ${JSON.stringify(parameters)}: ${refused.body}`).toBe(409);
        expect(refused.json()).toMatchObject({
          code: 'DOCUMENT_CONTENT_NOT_KEPT',
          detail: expect.stringMatching(detail) as unknown,
        });
        expect(await written()).toEqual(before);
      }
    });

    it('with a device to approve on, the device is shown the name, size and digest and no preview (asking for one is 404, not a failure); approved and PIN-confirmed, it signs', async () => {
      const { session, serial } = await holder('digests-device');
      const device = await TestDevice.enrol(api, session);
      const content = randomBytes(20_000);
      const document = (
        await upload(session, content, { name: 'Договор.pdf', keep: 'digests' })
      ).json<Document>();
      const created = await api.app.inject({
        method: 'POST',
        url: OPERATIONS,
        headers: session,
        payload: {
          certificate: serial,
          format: 'cades',
          documents: [{ name: 'Договор.pdf', document: document.id }],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const operation = created.json<Operation & { confirmationMethods: string[] }>();
      expect(operation.confirmationMethods).toEqual(['device+pin']);
      const [pending] = await device.pending();
      expect(pending?.documents).toEqual([
        {
          name: 'Договор.pdf',
          size: content.length,
          digest: hex(streebog256(content)),
          digestAlgorithm: '1.2.643.7.1.1.2.2',
          preview: false,
        },
      ]);
      const preview = await device.send({ type: 'preview', operation: operation.id, document: 0 });
      expect(preview.response.json()).toMatchObject({ status: 404, code: 'SIGNING_DOCUMENT_NOT_FOUND' });
      await device.decide(device.approvalOf(pending!));
      const confirmed = await api.app.inject({
        method: 'POST',
        url: `${OPERATIONS}/${operation.id}/confirm`,
        headers: session,
        payload: { method: 'device+pin', pin: TEST_PIN.pin },
      });
      expect(confirmed.json()).toMatchObject({ status: 'completed' });
      const result = await api.app.inject({
        method: 'GET',
        url: confirmed.json<Operation>().results[0]!,
        headers: session,
      });
      expect(opensslVerifyCms(caFile, result.rawPayload, content).verified.equals(content)).toBe(true);
    });
  },
);
