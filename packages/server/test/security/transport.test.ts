import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import { migrate, readMigrations } from '../../src/db/migrate.js';
import { buildApp, type PodpisApp } from '../../src/http/app.js';
import { createSelfSignedCertificate } from '../../src/http/tls.js';
import { createLogger } from '../../src/logger.js';
import { TEST_AUTH } from '../support/api.js';
import { openTestPglite } from '../support/backends.js';

const migrations = readMigrations();
let db: Db;
let app: PodpisApp;
let port: number;
beforeAll(async () => {
  db = await openTestPglite();
  await migrate(db, migrations);
  const tls = await createSelfSignedCertificate(['localhost', '127.0.0.1']);
  app = await buildApp({
    config: { bodyLimit: 65536, publicUrl: 'https://podpis.test', auth: TEST_AUTH },
    db,
    migrations,
    logger: createLogger('silent'),
    tls: { ...tls, source: 'test' },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('security headers on every HTTPS answer', () => {
  it.each([
    ['an API answer', '/api/v1/session', 401],
    ['a problem for an unknown route', '/api/v1/no-such-thing', 404],
    ['the OpenAPI document', '/api/openapi.json', 200],
    ['the health check', '/health', 200],
  ])('%s: HSTS, nosniff, a CSP that allows nothing and no framing', async (_what, url, status) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(status);
    expect(response.headers).toMatchObject({
      'strict-transport-security': 'max-age=31536000',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    });
  });

  it('the API docs page keeps its own policy but may not be framed', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("frame-ancestors 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
  });
});

/** What the server agreed to, or the handshake's error. */
function handshake(options: {
  ciphers?: string;
  minVersion?: 'TLSv1' | 'TLSv1.2';
  maxVersion: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...options }, () => {
      const agreed = `${socket.getProtocol() ?? ''} ${socket.getCipher().standardName}`;
      socket.end();
      resolve(agreed);
    });
    socket.on('error', (error: Error) => {
      resolve(`refused: ${error.message}`);
    });
  });
}

describe('TLS: Mozilla intermediate, ECDHE with AEAD only', () => {
  it('refuses CBC-SHA1 and anything below TLS 1.2; accepts ECDHE-GCM on 1.2 and TLS 1.3', async () => {
    expect(await handshake({ ciphers: 'AES128-SHA', maxVersion: 'TLSv1.2' })).toMatch(/^refused/);
    expect(await handshake({ ciphers: 'ECDHE-ECDSA-AES128-SHA', maxVersion: 'TLSv1.2' })).toMatch(/^refused/);
    expect(
      await handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }),
    ).toMatch(/^refused/);
    expect(await handshake({ ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256', maxVersion: 'TLSv1.2' })).toBe(
      'TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    );
    expect(await handshake({ maxVersion: 'TLSv1.3' })).toMatch(/^TLSv1\.3 TLS_/);
  });
});
