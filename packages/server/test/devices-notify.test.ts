import { createECDH, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Agent, createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { openssl, tempDir } from '@podpis/testkit';
import type { AddressInfo } from 'node:net';
import { openEnvelope, sealEnvelope, type Envelope } from '@podpis/confirm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushPending } from '../src/confirmation/push.js';
import { TEST_PIN } from './support/api.js';
import { TestDevice } from './support/device.js';
import { SigningFixture } from './support/signing.js';

/**
 * A push service on loopback (HTTPS, the only scheme web-push speaks, with a
 * certificate OpenSSL makes here): it keeps what it is sent.
 */
function pushService(): Promise<{
  server: Server;
  url: string;
  agent: Agent;
  received: { headers: IncomingMessage['headers']; body: Buffer }[];
}> {
  const dir = tempDir('podpis-push-');
  const [key, certificate] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  openssl(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'].concat([
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      certificate,
    ]),
  );
  const cert = readFileSync(certificate);
  const agent = new Agent({ ca: cert });
  const received: { headers: IncomingMessage['headers']; body: Buffer }[] = [];
  const server = createServer({ cert, key: readFileSync(key) }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(201).end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        server,
        agent,
        url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/push/1`,
        received,
      });
    });
  });
}

/** RFC 8291/8188: what a browser does with an aes128gcm push message, by hand. */
function decryptPush(body: Buffer, browser: ReturnType<typeof createECDH>, auth: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const idLength = body[20]!;
  const serverKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = browser.computeSecret(serverKey);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), browser.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, auth, info, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  return padded.subarray(0, padded.lastIndexOf(2));
}

describe('devices hear of new operations: Web Push (sealed hints, replay refused) and an event stream', () => {
  let f: SigningFixture;
  let push: Awaited<ReturnType<typeof pushService>>;
  beforeAll(async () => {
    push = await pushService();
    f = await SigningFixture.start({ pushAgent: push.agent, pushServices: ['127.0.0.1'] });
  }, 120_000);
  afterAll(async () => {
    push.server.close();
    push.agent.destroy();
    await f.close();
  });

  it('a new operation is pushed, VAPID-signed and encrypted for the subscription; the hint opens once on the device', async () => {
    const user = await f.api.registerUser('push-user');
    const serial = (await f.api.issue(user.id, TEST_PIN)).serial;
    const session = await f.api.userSession(user);
    const device = await TestDevice.enrol(f.api, session);
    const id0 = '00000000-0000-4000-8000-000000000000';
    const browser = createECDH('prime256v1');
    browser.generateKeys();
    const auth = randomBytes(16);
    const subscribed = await device.send({
      type: 'push',
      subscription: {
        endpoint: push.url,
        keys: { p256dh: browser.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
      },
    });
    expect(subscribed.reply).toEqual({ type: 'ok' });
    // The server posts to the endpoint a device names: only the allowed push services' https hosts.
    for (const endpoint of [
      'http://127.0.0.1/1',
      'https://169.254.169.254/latest/meta-data',
      'https://127.0.0.1.evil.example/1',
      'https://user:pw@127.0.0.1/1',
      'not a url',
    ]) {
      const refused = await device.send({
        type: 'push',
        subscription: { endpoint, keys: { p256dh: 'a', auth: 'b' } },
      });
      expect(refused.response.json(), endpoint).toMatchObject({
        status: 400,
        code: 'DEVICE_PUSH_SERVICE_NOT_ALLOWED',
      });
    }
    for (const request of [
      { type: 'push', subscription: { endpoint: 5 } },
      { type: 'preview', operation: 5, document: 0 },
      { type: 'preview', operation: id0, document: -1 },
      { type: 'decide' },
      { type: 'unheard-of' },
    ]) {
      const refused = await device.send(request);
      expect(refused.response.json(), JSON.stringify(request)).toMatchObject({
        status: 400,
        code: 'DEVICE_REQUEST_INVALID',
      });
    }

    const created = await f.create(session, {
      certificate: serial,
      format: 'raw',
      documents: [{ name: 'a.txt', content: Buffer.from('push me').toString('base64') }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    await expect.poll(() => push.received.length, { timeout: 10_000 }).toBe(1);
    const message = push.received[0]!;
    expect(message.headers['content-encoding']).toBe('aes128gcm');
    expect(message.headers.authorization).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
    expect(Number(message.headers.ttl)).toBeGreaterThan(0);
    const envelope = JSON.parse(decryptPush(message.body, browser, auth).toString('utf8')) as Envelope;
    expect(envelope.device).toBe(device.id);
    const hint = await openEnvelope(device.keys, 'server-to-device', envelope, device.received);
    expect(hint).toEqual({ type: 'pending', operation: id });
    device.received = envelope.counter;
    // The same push delivered again (a replay by the push service, or anyone who kept it) does not open.
    await expect(
      openEnvelope(device.keys, 'server-to-device', envelope, device.received),
    ).rejects.toMatchObject({ code: 'REPLAYED' });
    // The hint carries nothing of the operation: the device asks for it over its channel.
    expect(JSON.stringify(hint)).not.toContain('push me');

    // Once the service is no longer allowed, the kept subscription is dropped instead of posted to.
    expect(await pushPending(f.ctx, user.id, id, { subject: 'https://podpis.test', services: [] })).toBe(0);
    expect(push.received).toHaveLength(1);
    const { rows } = await f.db.query<{ push_subscription: unknown }>(
      'SELECT push_subscription FROM devices WHERE id = $1',
      [device.id],
    );
    expect(rows[0]!.push_subscription).toBeNull();
  });

  it('the event stream answers a sealed listen and tells of each new operation of its user', async () => {
    const user = await f.api.registerUser('sse-user');
    const serial = (await f.api.issue(user.id, TEST_PIN)).serial;
    const session = await f.api.userSession(user);
    const device = await TestDevice.enrol(f.api, session);
    await f.api.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(f.api.app.server.address() as AddressInfo).port}`;
    const listen = await sealEnvelope(device.keys, 'device-to-server', device.id, ++device.sent, {
      type: 'listen',
    });
    const controller = new AbortController();
    const response = await fetch(`${base}/api/v1/device/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ envelope: listen }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    const events = () => text.split('\n').filter((line) => line === 'event: pending').length;
    const read = async (count: number) => {
      while (events() < count) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
    };
    await read(1);
    await f.create(session, {
      certificate: serial,
      format: 'raw',
      documents: [{ name: 'b.txt', content: 'YQ==' }],
    });
    await read(2);
    expect(events()).toBe(2);
    controller.abort();
    // A replayed listen is refused like any replayed message.
    const again = await fetch(`${base}/api/v1/device/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ envelope: listen }),
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('DEVICE_MESSAGE_REPLAYED');
  });
});
