import { Writable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.js';
import { migrate, readMigrations } from '../src/db/migrate.js';
import { buildApp, type PodpisApp } from '../src/http/app.js';
import { DomainError } from '../src/core/domain-error.js';
import { createLogger } from '../src/logger.js';
import { openEmptyTestPglite, openTestPglite } from './support/backends.js';

interface Harness {
  app: PodpisApp;
  db: Db;
  logs: string[];
}

const migrations = readMigrations();
/** Most tests only read; they share one migrated database, since creating one costs about a second. */
let sharedDb: Db;
beforeAll(async () => {
  sharedDb = await openTestPglite();
  await migrate(sharedDb, migrations);
});
afterAll(async () => {
  await sharedDb.close();
});

const open: Harness[] = [];
afterEach(async () => {
  for (const { app, db } of open.splice(0)) {
    await app.close();
    if (db !== sharedDb) await db.close();
  }
});

/** The application in-process (no socket), with a few routes that exercise error paths. */
async function harness({
  ownDb = false,
  migrated = true,
  draining = (): boolean => false,
} = {}): Promise<Harness> {
  const db = ownDb ? await (migrated ? openTestPglite() : openEmptyTestPglite()) : sharedDb;
  if (ownDb && migrated) await migrate(db, migrations);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const app = await buildApp({
    config: { bodyLimit: 2048, publicUrl: 'https://podpis.test' },
    draining,
    db,
    migrations,
    logger: createLogger('info', sink),
  });
  app.post(
    '/test/echo',
    {
      schema: {
        body: Type.Object({ name: Type.String({ minLength: 1 }), count: Type.Integer({ minimum: 0 }) }),
      },
    },
    async (request) => request.body,
  );
  app.get('/test/conflict', async () => {
    throw new DomainError('CERT_ALREADY_REVOKED', 'the certificate is already revoked');
  });
  app.get('/test/bug', async () => {
    throw new Error('secret internal detail at /srv/podpis/src/ca.ts:42');
  });
  const h = { app, db, logs };
  open.push(h);
  return h;
}

function problemOf(response: { headers: Record<string, unknown>; json(): unknown }): Record<string, unknown> {
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  return response.json() as Record<string, unknown>;
}

describe('service endpoints', () => {
  it('/health answers with the version', async () => {
    const { app } = await harness();
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', version: '0.1.0' });
  });

  it('/ready says ready once migrations are applied', async () => {
    const { app } = await harness();
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', database: 'pglite', migrations: migrations.length });
  });

  it('/ready says not ready while migrations are pending, and when the database is gone', async () => {
    const pending = await harness({ ownDb: true, migrated: false });
    const response = await pending.app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(problemOf(response)).toMatchObject({ code: 'NOT_READY', status: 503 });

    const gone = await harness({ ownDb: true });
    await gone.db.close();
    const closed = await gone.app.inject({ method: 'GET', url: '/ready' });
    expect(closed.statusCode).toBe(503);
    expect(problemOf(closed)).toMatchObject({ code: 'NOT_READY' });
    gone.db = await openTestPglite(); // afterEach closes this one instead
  });

  it('/ready says not ready while the node drains before a shutdown, and everything else still answers', async () => {
    let draining = false;
    const { app } = await harness({ draining: () => draining });
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    draining = true;
    const drained = await app.inject({ method: 'GET', url: '/ready' });
    expect(drained.statusCode).toBe(503);
    expect(problemOf(drained)).toMatchObject({ code: 'NOT_READY' });
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('serves the OpenAPI document and the docs UI', async () => {
    const { app } = await harness();
    const spec = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
    const document = spec.json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/ready']));
    expect(document.components.schemas).toHaveProperty('Problem');
    const ui = await app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(ui.statusCode);
    const page = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.body).toContain('swagger');
  });
});

describe('request ids', () => {
  it('are generated, returned in X-Request-Id and put into problems', async () => {
    const { app } = await harness();
    const response = await app.inject({ method: 'GET', url: '/nowhere' });
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(problemOf(response).requestId).toBe(id);
  });

  it("keep a caller's safe id and replace an unsafe one", async () => {
    const { app } = await harness();
    const kept = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'edo-42.7:abc' },
    });
    expect(kept.headers['x-request-id']).toBe('edo-42.7:abc');
    const replaced = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'bad id\u0000<script>' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('errors are RFC 9457 problem details with a stable code', () => {
  it('unknown route → 404 NOT_FOUND', async () => {
    const { app } = await harness();
    const response = await app.inject({ method: 'DELETE', url: '/api/v1/nothing?x=1' });
    expect(response.statusCode).toBe(404);
    expect(problemOf(response)).toMatchObject({
      type: 'urn:podpis:problem:NOT_FOUND',
      title: 'Not Found',
      status: 404,
      code: 'NOT_FOUND',
      instance: '/api/v1/nothing',
      detail: 'no route DELETE /api/v1/nothing',
    });
  });

  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const { app } = await harness();
    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Иванов", ',
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response)).toMatchObject({ code: 'MALFORMED_JSON' });
  });

  it('empty JSON body → 400 MALFORMED_JSON', async () => {
    const { app } = await harness();
    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': 'application/json' },
    });
    expect(problemOf(response)).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
  });

  it('wrong content type → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const { app } = await harness();
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
      const response = await app.inject({
        method: 'POST',
        url: '/test/echo',
        headers: { 'content-type': type },
        payload: 'x',
      });
      expect(response.statusCode).toBe(415);
      expect(problemOf(response)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
  });

  it('oversized body → 413 BODY_TOO_LARGE', async () => {
    const { app } = await harness();
    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(4096), count: 1 }),
    });
    expect(response.statusCode).toBe(413);
    expect(problemOf(response)).toMatchObject({ code: 'BODY_TOO_LARGE', title: 'Content Too Large' });
  });

  it('schema violation → 400 VALIDATION_FAILED listing each field', async () => {
    const { app } = await harness();
    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      payload: { name: '', count: -1 },
    });
    expect(response.statusCode).toBe(400);
    const body = problemOf(response);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.name' }),
        expect.objectContaining({ path: 'body.count' }),
      ]),
    );
  });

  it('a valid request passes', async () => {
    const { app } = await harness();
    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      payload: { name: 'Иванов', count: 2 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ name: 'Иванов', count: 2 });
  });

  it('a domain error keeps its status and code', async () => {
    const { app } = await harness();
    const response = await app.inject({ method: 'GET', url: '/test/conflict' });
    expect(response.statusCode).toBe(409);
    expect(problemOf(response)).toMatchObject({
      code: 'CERT_ALREADY_REVOKED',
      detail: 'the certificate is already revoked',
    });
  });

  it('an unexpected error → 500 INTERNAL_ERROR without internals; the log has them', async () => {
    const { app, logs } = await harness();
    const response = await app.inject({ method: 'GET', url: '/test/bug' });
    expect(response.statusCode).toBe(500);
    const body = problemOf(response);
    expect(body.code).toBe('INTERNAL_ERROR');
    expect(response.body).not.toContain('secret internal detail');
    expect(response.body).not.toContain('.ts:');
    expect(logs.join('')).toContain('secret internal detail');
  });
});

describe('logs', () => {
  it('censor passwords, PINs, keys, tokens and credential headers', async () => {
    const { app, logs } = await harness();
    app.log.info(
      {
        password: 'hunter2',
        user: { pin: '1234', keyPin: '5678' },
        request: { body: { privateKey: 'MIIEv' } },
        token: 'tok',
      },
      'registration',
    );
    await app.inject({
      method: 'GET',
      url: '/health',
      headers: { authorization: 'Bearer very-secret-token', cookie: 'session=s3cr3t' },
    });
    const text = logs.join('');
    for (const secret of ['hunter2', '1234', '5678', 'MIIEv', 'tok"', 'very-secret-token', 's3cr3t']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[REDACTED]');
  });
});
