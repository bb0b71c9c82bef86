import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { openssl, tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodpisClient, PodpisError } from '@podpis/sdk';

/**
 * A server that asks for a client certificate (mutual TLS, as operators
 * authenticate) and answers what it saw of each request.
 */
describe('the transport: CA and client certificate, headers, answers that are no API problem', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const pem = (name: string): string => readFileSync(join(dir, name), 'utf8');

  beforeAll(async () => {
    dir = tempDir('podpis-sdk-tls-');
    const at = (name: string): string => join(dir, name);
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    openssl([
      'req',
      '-x509',
      ...ec,
      '-keyout',
      at('ca.key'),
      '-out',
      at('ca.pem'),
      '-subj',
      '/CN=Test CA',
      '-days',
      '2',
    ]);
    const issue = (name: string, subject: string, extensions: string): void => {
      writeFileSync(at(`${name}.ext`), extensions);
      openssl(['req', ...ec, '-keyout', at(`${name}.key`), '-out', at(`${name}.csr`), '-subj', subject]);
      openssl([
        'x509',
        '-req',
        '-in',
        at(`${name}.csr`),
        '-CA',
        at('ca.pem'),
        '-CAkey',
        at('ca.key'),
        '-CAcreateserial',
        '-out',
        at(`${name}.pem`),
        '-days',
        '2',
        '-extfile',
        at(`${name}.ext`),
      ]);
    };
    issue('server', '/CN=localhost', 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n');
    issue('client', '/CN=Operator Petrov', 'extendedKeyUsage=clientAuth\n');

    server = createServer(
      {
        key: pem('server.key'),
        cert: pem('server.pem'),
        ca: pem('ca.pem'),
        requestCert: true,
        rejectUnauthorized: false,
      },
      (request, response) => {
        // An https server's requests come over TLS sockets.
        // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
        const socket = request.socket as TLSSocket;
        // Empty ({}) when the client presented none.
        const peer = socket.getPeerCertificate() as { subject?: { CN?: unknown } };
        if (request.url === '/api/v1/proxy') {
          response.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
          return;
        }
        if (request.url === '/api/v1/refused') {
          response.writeHead(409, { 'content-type': 'application/problem+json' }).end(
            JSON.stringify({
              type: 'urn:podpis:problem:CERT_ALREADY_REVOKED',
              title: 'Conflict',
              status: 409,
              code: 'CERT_ALREADY_REVOKED',
              detail: 'already revoked',
              requestId: 'req-7',
              instance: '/api/v1/refused',
            }),
          );
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            method: request.method,
            path: request.url,
            authorized: socket.authorized,
            client: typeof peer.subject?.CN === 'string' ? peer.subject.CN : null,
            authorization: request.headers.authorization ?? null,
            requestedWith: request.headers['x-requested-with'] ?? null,
          }),
        );
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://localhost:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  interface Seen {
    method: string;
    path: string;
    authorized: boolean;
    client: string | null;
    authorization: string | null;
    requestedWith: string | null;
  }

  it('presents the client certificate and trusts the given CA; the token (asked afresh each time) as bearer; X-Requested-With only on state-changing calls', async () => {
    let n = 0;
    const client = new PodpisClient({
      baseUrl: base,
      token: () => `oauth-access-${++n}`,
      tls: { ca: pem('ca.pem'), cert: pem('client.pem'), key: pem('client.key') },
    });
    const read = await client.json<Seen>('GET', '/whoami');
    expect(read).toEqual({
      method: 'GET',
      path: '/api/v1/whoami',
      authorized: true,
      client: 'Operator Petrov',
      authorization: 'Bearer oauth-access-1',
      requestedWith: null,
    });
    const changed = await client.json<Seen>('POST', '/whoami', {});
    expect(changed.requestedWith).toBe('podpis-sdk');
    expect(changed.authorization).toBe('Bearer oauth-access-2');

    const anonymous = new PodpisClient({ baseUrl: base, tls: { ca: pem('ca.pem') } });
    const seen = await anonymous.json<Seen>('DELETE', '/whoami');
    expect(seen).toMatchObject({
      authorized: false,
      client: null,
      authorization: null,
      requestedWith: 'podpis-sdk',
    });
  });

  it('a problem+json is a PodpisError with its code; an answer without one is HTTP_<status>', async () => {
    const client = new PodpisClient({ baseUrl: base, tls: { ca: pem('ca.pem') } });
    const refused = await client.json('POST', '/refused', {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PodpisError);
    expect(refused).toMatchObject({
      status: 409,
      code: 'CERT_ALREADY_REVOKED',
      detail: 'already revoked',
      requestId: 'req-7',
    });
    const proxy = await client.json('GET', '/proxy').catch((e: unknown) => e);
    expect(proxy).toMatchObject({ status: 502, code: 'HTTP_502' });
    expect((proxy as PodpisError).problem).toBeUndefined();
  });

  it('without the CA the server’s certificate is TLS_UNTRUSTED, through Node’s TLS settings and through plain fetch alike', async () => {
    for (const client of [
      new PodpisClient({ baseUrl: base, tls: {} }),
      new PodpisClient({ baseUrl: base }),
    ]) {
      const error = await client.json('GET', '/whoami').catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 0, code: 'TLS_UNTRUSTED' });
    }
  });
});
