import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { connect as connectHttp2, type ClientHttp2Session, type OutgoingHttpHeaders } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { pino } from 'pino';
import { tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import type { Db } from '../src/db/db.js';
import { createSelfSignedCertificate } from '../src/http/tls.js';
import { startServer, type RunningServer } from '../src/server.js';
import { TEST_PIN, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { openTestPglite } from './support/backends.js';

/**
 * The TLS listener speaks HTTP/2 to clients that offer it (browsers do) and
 * HTTP/1.1 to the rest: the office's first visit fetches some twenty
 * modules over one connection instead of six, each with a handshake.
 */

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** One request on an HTTP/2 session; `body` is written in parts, so no length is declared. */
function http2Request(
  session: ClientHttp2Session,
  headers: OutgoingHttpHeaders,
  body?: { part: Buffer; parts: number },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers, { endStream: body === undefined });
    let answer: Omit<Answer, 'body'> | undefined;
    const parts: Buffer[] = [];
    stream.on('response', (received) => {
      answer = { status: Number(received[':status']), headers: { ...received } };
    });
    stream.on('data', (part: Buffer) => parts.push(part));
    stream.on('end', () => {
      if (answer) resolve({ ...answer, body: Buffer.concat(parts).toString('utf8') });
      else reject(new Error('the stream ended without an answer'));
    });
    // Cancelled by the server after it answered: the answer is what counts.
    stream.on('error', (error: Error) => {
      if (!answer) reject(error);
    });
    if (body) {
      let written = 0;
      const write = (): void => {
        while (written < body.parts && answer === undefined && !stream.destroyed) {
          written++;
          if (!stream.write(body.part)) {
            stream.once('drain', write);
            return;
          }
        }
        if (answer === undefined && !stream.destroyed) stream.end();
      };
      write();
    }
  });
}

/** What ALPN agreed on when the client offers `protocols`. */
function negotiated(port: number, protocols: string[]): Promise<string | false> {
  return new Promise((resolve, reject) => {
    const socket = connectTls(
      { host: '127.0.0.1', port, rejectUnauthorized: false, ALPNProtocols: protocols },
      () => {
        resolve(socket.alpnProtocol ?? false);
        socket.end();
      },
    );
    socket.on('error', reject);
  });
}

describe('HTTP/2 beside HTTP/1.1 on the HTTPS listener', () => {
  const LIMIT = 1024 * 1024;
  let db: Db;
  let api: TestApi;
  let port: number;
  let session: ClientHttp2Session;

  beforeAll(async () => {
    db = await openTestPglite();
    const { ctx } = await setUpTestAuthorities(db);
    const tls = await createSelfSignedCertificate(['localhost', '127.0.0.1']);
    api = await TestApi.start(ctx, {
      tls: { ...tls, source: 'test' },
      documents: { limit: LIMIT, retentionSeconds: 3600 },
    });
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    port = (api.app.server.address() as AddressInfo).port;
    session = connectHttp2(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
  }, 120_000);
  afterAll(async () => {
    session.close();
    await api.close();
    await db.close();
  });

  it('ALPN: h2 to a client that offers it, http/1.1 to one that does not', async () => {
    expect(await negotiated(port, ['h2', 'http/1.1'])).toBe('h2');
    expect(await negotiated(port, ['http/1.1'])).toBe('http/1.1');
  });

  it('an HTTP/2 answer carries the same security headers and no connection-specific ones', async () => {
    const answer = await http2Request(session, { ':path': '/api/v1/whoami' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ signedIn: false });
    expect(answer.headers).toMatchObject({
      'strict-transport-security': 'max-age=31536000',
      'x-content-type-options': 'nosniff',
    });
    expect(answer.headers).not.toHaveProperty('connection');
  });

  it('an upload over the limit on an HTTP/2 stream: 413 DOCUMENT_TOO_LARGE, only that stream is cut, the session goes on', async () => {
    const user = await api.registerUser('h2-uploader');
    await api.issue(user.id, TEST_PIN);
    const headers = await api.userSession(user);
    const before = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM signing_documents');
    const refused = await http2Request(
      session,
      {
        ':method': 'POST',
        ':path': '/api/v1/documents?name=big.bin',
        'content-type': 'application/octet-stream',
        ...headers,
      },
      { part: randomBytes(256 * 1024), parts: 64 },
    );
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    // The same session, and so the same TLS connection, still answers.
    const next = await http2Request(session, { ':path': '/api/v1/whoami', ...headers });
    expect(next.status).toBe(200);
    expect(JSON.parse(next.body)).toMatchObject({ signedIn: true });
    const after = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM signing_documents');
    expect(after.rows[0]!.count).toBe(before.rows[0]!.count);
  });
});

describe('an administrator signs in with the client certificate over HTTP/2 and over HTTP/1.1', () => {
  let dataDir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dataDir = tempDir('podpis-http2-');
    const { config } = loadConfig({
      PODPIS_DATA_DIR: dataDir,
      PODPIS_HOST: 'localhost',
      PODPIS_PORT: '0',
      PODPIS_HTTP_PORT: '0',
    });
    server = await startServer(config, pino({ level: 'silent' }), { initIfEmpty: { algorithm: 'ecdsa' } });
  }, 180_000);
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const credentials = () => {
    const first = server.firstAdministrator!;
    return {
      ca: readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8'),
      pfx: readFileSync(first.file),
      passphrase: first.password,
    };
  };

  it('HTTP/2: the TLS peer certificate is read through the stream, as over HTTP/1.1', async () => {
    const h2 = connectHttp2(server.url, credentials());
    try {
      const answer = await http2Request(h2, { ':path': '/api/v1/whoami' });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ signedIn: true, me: { role: 'admin' } });
      const operators = await http2Request(h2, { ':path': '/api/v1/operators' });
      expect(operators.status).toBe(200);
    } finally {
      h2.close();
    }
  });

  it('HTTP/1.1: the same', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const request = httpsRequest(
        `${server.url}/api/v1/whoami`,
        { ...credentials(), agent: false },
        (response) => {
          let body = '';
          response.on('data', (part: Buffer) => (body += part.toString('utf8')));
          response.on('end', () => {
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
          });
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ signedIn: true, me: { role: 'admin' } });
  });
});
