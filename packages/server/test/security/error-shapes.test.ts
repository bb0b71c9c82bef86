import { connect as tlsConnect } from 'node:tls';
import { connect as netConnect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcspResponder } from '../../src/ca/ocsp-responder.js';
import type { Db } from '../../src/db/db.js';
import { buildPkiHttpApp, type PodpisApp } from '../../src/http/app.js';
import { createSelfSignedCertificate } from '../../src/http/tls.js';
import { createLogger } from '../../src/logger.js';
import { TestApi } from '../support/api.js';
import { setUpTestAuthorities } from '../support/authority.js';
import { openTestPglite } from '../support/backends.js';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

function expectProblem(response: Answer, status: number, code: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toBe(PROBLEM_JSON);
  expect(JSON.parse(response.body)).toMatchObject({ status, code, type: `urn:podpis:problem:${code}` });
}

/** Writes a raw request on a socket and reads the whole answer until the server closes it. */
function exchange(socket: Socket, request: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => {
          const at = line.indexOf(':');
          return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
        }),
      );
      resolve({ statusCode: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.write(request);
  });
}

describe('every error the server can return is problem+json with our code', () => {
  let db: Db;
  let api: TestApi;
  let app: PodpisApp;
  let plain: Awaited<ReturnType<typeof buildPkiHttpApp>>;

  beforeAll(async () => {
    db = await openTestPglite();
    const { ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' });
    const server = await createSelfSignedCertificate(['localhost', '127.0.0.1']);
    api = await TestApi.start(ctx, { tls: { ...server, source: 'test' } });
    app = api.app;
    plain = await buildPkiHttpApp(createLogger('silent'), { ca: ctx, ocsp: new OcspResponder(ctx) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    await plain.listen({ host: '127.0.0.1', port: 0 });
  }, 120_000);
  afterAll(async () => {
    await plain.close();
    await api.close();
    await db.close();
  });

  it('a malformed percent-encoding → 400 MALFORMED_URL, on both listeners', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/%ff' }), 400, 'MALFORMED_URL');
    expectProblem(await app.inject({ method: 'GET', url: '/api/v1/users/%E0%A4%A' }), 400, 'MALFORMED_URL');
    expectProblem(await plain.inject({ method: 'GET', url: '/pki/crl/%ff' }), 400, 'MALFORMED_URL');
  });

  it('a path parameter longer than the router takes → 414 URL_TOO_LONG', async () => {
    const long = 'a'.repeat(300);
    // With the built office, the router falls back to its catch-all route, which knows no /api path: 404.
    const api414 = await app.inject({ method: 'GET', url: `/api/v1/users/${long}`, headers: api.operator });
    if (api414.statusCode === 404) expectProblem(api414, 404, 'NOT_FOUND');
    else expectProblem(api414, 414, 'URL_TOO_LONG');
    expectProblem(await plain.inject({ method: 'GET', url: `/pki/crl/${long}` }), 414, 'URL_TOO_LONG');
  });

  it('unknown route → 404 NOT_FOUND, a form body type → 415, an oversized body → 413', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/api/v1/nowhere' }), 404, 'NOT_FOUND');
    expectProblem(await plain.inject({ method: 'GET', url: '/nowhere' }), 404, 'NOT_FOUND');
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { 'content-type': 'application/xml' },
        payload: '<login/>',
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { login: 'x'.repeat(70_000), password: 'x' },
      }),
      413,
      'BODY_TOO_LARGE',
    );
  });

  it('a 200 KB URL → 431 HEADERS_TOO_LARGE as problem+json, over HTTPS and plain HTTP, then the connection closes', async () => {
    const url = `/pki/${'a'.repeat(200 * 1024)}`;
    const https = app.server.address();
    const httpsPort = typeof https === 'object' && https ? https.port : 0;
    const overTls = await exchange(
      tlsConnect({ host: '127.0.0.1', port: httpsPort, rejectUnauthorized: false }),
      `GET ${url} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    );
    expectProblem(overTls, 431, 'HEADERS_TOO_LARGE');
    const http = plain.server.address();
    const httpPort = typeof http === 'object' && http ? http.port : 0;
    const overHttp = await exchange(
      netConnect({ host: '127.0.0.1', port: httpPort }),
      `GET ${url} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    );
    expectProblem(overHttp, 431, 'HEADERS_TOO_LARGE');
  });

  it('a request that is not HTTP → 400 BAD_REQUEST as problem+json', async () => {
    const http = plain.server.address();
    const httpPort = typeof http === 'object' && http ? http.port : 0;
    expectProblem(
      await exchange(netConnect({ host: '127.0.0.1', port: httpPort }), 'HELLO\r\n\r\n'),
      400,
      'BAD_REQUEST',
    );
  });
});
