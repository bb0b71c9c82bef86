import { createHash, randomBytes } from 'node:crypto';
import {
  createCertId,
  createOcspRequest,
  createTimeStampRequest,
  OID,
  parseOcspResponse,
  parseTimeStampResponse,
} from '@podpis/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcspResponder } from '../../src/ca/ocsp-responder.js';
import { TimeStampAuthority } from '../../src/ca/tsa.js';
import { PublicSigningLimiter } from '../../src/core/signing-rate-limit.js';
import type { Db } from '../../src/db/db.js';
import { buildPkiHttpApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { setUpTestAuthorities } from '../support/authority.js';
import { openTestPglite } from '../support/backends.js';

describe('the public signing endpoints are rate-limited per client and per node (issue #14, 4)', () => {
  it('token buckets: a burst of twice the rate per client, refilled over time; the node limit binds every client', () => {
    let now = 0;
    const limiter = new PublicSigningLimiter({ perClient: 2, perNode: 3 }, () => now);
    const admitted = (client: string, times: number) =>
      Array.from({ length: times }, () => limiter.admit(client)).filter(Boolean).length;
    expect(admitted('a', 10)).toBe(3);
    // 'a' took the node's three: 'b' waits though its own bucket is full.
    expect(admitted('b', 1)).toBe(0);
    now += 1000;
    expect(admitted('b', 10)).toBe(3);
    now += 1000;
    // 'a' kept one of its burst of four and gained two: three, and the node has three again.
    expect(admitted('a', 10)).toBe(3);
    now += 10_000;
    // A client's burst is twice its rate, however long it was quiet.
    const quiet = new PublicSigningLimiter({ perClient: 2, perNode: 100 }, () => now);
    expect(Array.from({ length: 10 }, () => quiet.admit('c')).filter(Boolean).length).toBe(4);
  });

  let db: Db;
  let app: Awaited<ReturnType<typeof buildPkiHttpApp>>;
  let ocspRequest: () => Uint8Array;
  beforeAll(async () => {
    db = await openTestPglite();
    const { ctx, cas } = await setUpTestAuthorities(db);
    const signingLimiter = new PublicSigningLimiter({ perClient: 2, perNode: 1000 });
    app = await buildPkiHttpApp(createLogger('silent'), {
      ca: ctx,
      ocsp: new OcspResponder(ctx),
      tsa: new TimeStampAuthority(ctx),
      signingLimiter,
    });
    const certId = await createCertId(cas.issuing.certificate, '01');
    ocspRequest = () => createOcspRequest({ certIds: [certId], nonce: randomBytes(16) });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const post = (url: string, type: string, body: Uint8Array, ip = '192.0.2.1') =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': type },
      payload: Buffer.from(body),
      remoteAddress: ip,
    });

  it('a time-stamp flood from one address gets 429 with a TSP rejection; another address is still served', async () => {
    const query = () =>
      createTimeStampRequest({
        messageImprint: {
          hashAlgorithm: OID.sha256,
          digest: createHash('sha256').update(randomBytes(8)).digest(),
        },
        certReq: false,
      });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await post('/pki/tsp', 'application/timestamp-query', query()));
    const refused = answers.filter((a) => a.statusCode === 429);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(answers.filter((a) => a.statusCode === 200).length).toBeGreaterThanOrEqual(4);
    expect(refused[0]!.headers['retry-after']).toBe('1');
    expect(refused[0]!.headers['content-type']).toBe('application/timestamp-reply');
    expect(parseTimeStampResponse(refused[0]!.rawPayload)).toMatchObject({ status: 'rejection' });
    const other = await post('/pki/tsp', 'application/timestamp-query', query(), '192.0.2.2');
    expect(other.statusCode).toBe(200);
    expect(parseTimeStampResponse(other.rawPayload).status).toBe('granted');
  });

  it('OCSP requests with a nonce, each signed afresh, are limited too: tryLater with 429', async () => {
    const answers = [];
    for (let i = 0; i < 8; i++) {
      answers.push(await post('/pki/ocsp', 'application/ocsp-request', ocspRequest(), '192.0.2.3'));
    }
    const refused = answers.filter((a) => a.statusCode === 429);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(parseOcspResponse(refused[0]!.rawPayload).status).toBe('tryLater');
    expect(refused[0]!.headers['cache-control']).toBe('no-store');
    const served = answers.find((a) => a.statusCode === 200)!;
    expect(parseOcspResponse(served.rawPayload).status).toBe('successful');
  });
});
