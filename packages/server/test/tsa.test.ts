import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openssl, tempDir } from '@podpis/testkit';
import {
  createTimeStampRequest,
  OID,
  parseCertificate,
  parseTimeStampResponse,
  parseTimeStampToken,
  verifyTimeStampToken,
} from '@podpis/pki';
import type { AuthorityContext } from '../src/ca/authorities.js';
import { OcspResponder } from '../src/ca/ocsp-responder.js';
import { pkiUrls } from '../src/ca/pki-urls.js';
import { setUpAuthorities, type Authorities, type CaAlgorithm } from '../src/ca/setup.js';
import { DEFAULT_TSA_POLICY, TimeStampAuthority } from '../src/ca/tsa.js';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { buildPkiHttpApp } from '../src/http/app.js';
import { SoftwareKeyStore } from '../src/keystore/index.js';
import { createLogger } from '../src/logger.js';
import { backends } from './support/backends.js';
import { toPem as pem } from '../src/ca/pem.js';

const DATA = 'Договор поставки № 17 от 28 ноября 2026 г.\n';

const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

async function install(algorithm: CaAlgorithm): Promise<{ ctx: AuthorityContext; cas: Authorities }> {
  const db = await backends[0]!.open();
  opened.push(db);
  await migrate(db);
  const keyStore = new SoftwareKeyStore({ db, masterKey: randomBytes(32) });
  const ctx: AuthorityContext = {
    db,
    keyStore,
    urls: pkiUrls('http://localhost:8080'),
    now: () => new Date(),
  };
  return { ctx, cas: await setUpAuthorities(ctx, algorithm, 'system') };
}

/** A directory with the data, the CA certificates and an `openssl ts -query` for them. */
function query(cas: Authorities, digest: string): { dir: string; der: Uint8Array } {
  const dir = tempDir();
  writeFileSync(join(dir, 'data.txt'), DATA);
  writeFileSync(join(dir, 'root.pem'), pem('CERTIFICATE', cas.root.certificate));
  writeFileSync(join(dir, 'issuing.pem'), pem('CERTIFICATE', cas.issuing.certificate));
  const der = new Uint8Array(
    openssl(['ts', '-query', '-data', join(dir, 'data.txt'), `-${digest}`, '-cert']).stdout,
  );
  writeFileSync(join(dir, 'q.tsq'), der);
  return { dir, der };
}

describe.each([
  { algorithm: 'gost256' as const, digests: ['sha256', 'md_gost12_256', 'md_gost12_512'] },
  { algorithm: 'ecdsa' as const, digests: ['sha256', 'sha384', 'sha512'] },
])('time-stamp authority of a $algorithm installation', ({ algorithm, digests }) => {
  it.each(digests)(
    'client sends `openssl ts -query -%s -cert` → granted token → `openssl ts -verify` says OK',
    async (digest) => {
      const { ctx, cas } = await install(algorithm);
      const { dir, der } = query(cas, digest);
      const response = await new TimeStampAuthority(ctx).respond(der);
      writeFileSync(join(dir, 'reply.tsr'), response);
      const verdict = openssl([
        'ts',
        '-verify',
        '-in',
        join(dir, 'reply.tsr'),
        '-queryfile',
        join(dir, 'q.tsq'),
        '-CAfile',
        join(dir, 'root.pem'),
        '-untrusted',
        join(dir, 'issuing.pem'),
      ]);
      expect(verdict.stdout.toString()).toContain('Verification: OK');

      const parsed = parseTimeStampResponse(response);
      expect(parsed.status).toBe('granted');
      const token = parsed.token ?? new Uint8Array();
      const verified = await verifyTimeStampToken(token, { data: new TextEncoder().encode(DATA) });
      expect(verified.ok).toBe(true);
      expect(verified.tstInfo).toMatchObject({ policy: DEFAULT_TSA_POLICY, accuracy: { seconds: 1 } });
      expect(verified.tstInfo.nonce).toBeTypeOf('bigint');
      const tsaCertificate = parseCertificate(verified.certificate ?? new Uint8Array());
      expect(
        tsaCertificate.asn1.tbsCertificate.extensions?.find((e) => e.extnID === OID.extKeyUsage)?.critical,
      ).toBe(true);
    },
  );
});

describe('time-stamp requests the TSA refuses or adapts to', () => {
  it('no certReq → no certificate in the token; serial numbers differ; the nonce comes back', async () => {
    const { ctx } = await install('gost256');
    const tsa = new TimeStampAuthority(ctx);
    const imprint = { hashAlgorithm: OID.sha256, digest: createHash('sha256').update(DATA).digest() };
    const tokens = await Promise.all(
      [1n, 2n].map(async (nonce) => {
        const response = await tsa.respond(
          createTimeStampRequest({ messageImprint: imprint, nonce, certReq: false }),
        );
        return parseTimeStampToken(parseTimeStampResponse(response).token ?? new Uint8Array());
      }),
    );
    expect(tokens.map((t) => t.tstInfo.nonce)).toEqual([1n, 2n]);
    expect(tokens[0]?.cms.certificates).toEqual([]);
    expect(tokens[0]?.tstInfo.serialNumber).not.toBe(tokens[1]?.tstInfo.serialNumber);
  });

  it('SHA-1 or MD5 → rejection badAlg; garbage or a short digest → badDataFormat; another policy → unacceptedPolicy', async () => {
    const { ctx, cas } = await install('gost256');
    const tsa = new TimeStampAuthority(ctx);
    for (const weak of ['sha1', 'md5']) {
      const response = parseTimeStampResponse(await tsa.respond(query(cas, weak).der));
      expect(response).toMatchObject({ status: 'rejection', failInfo: ['badAlg'], token: undefined });
    }
    expect(parseTimeStampResponse(await tsa.respond(new Uint8Array(randomBytes(40))))).toMatchObject({
      status: 'rejection',
      failInfo: ['badDataFormat'],
    });
    const short = createTimeStampRequest({
      messageImprint: { hashAlgorithm: OID.streebog256, digest: new Uint8Array(20) },
      certReq: true,
    });
    expect(parseTimeStampResponse(await tsa.respond(short)).failInfo).toEqual(['badDataFormat']);
    const otherPolicy = createTimeStampRequest({
      messageImprint: { hashAlgorithm: OID.sha256, digest: new Uint8Array(32) },
      certReq: true,
      policy: '1.2.3.4',
    });
    expect(parseTimeStampResponse(await tsa.respond(otherPolicy)).failInfo).toEqual(['unacceptedPolicy']);
  });

  it('POST /pki/tsp on the plain-HTTP listener: timestamp-query in, timestamp-reply out; /pki/cas names the TSA', async () => {
    const { ctx, cas } = await install('gost256');
    const app = await buildPkiHttpApp(createLogger('silent'), { ca: ctx, ocsp: new OcspResponder(ctx) });
    try {
      const { der } = query(cas, 'md_gost12_256');
      const post = (contentType: string, payload: Buffer) =>
        app.inject({ method: 'POST', url: '/pki/tsp', headers: { 'content-type': contentType }, payload });
      const reply = await post('application/timestamp-query', Buffer.from(der));
      expect(reply.statusCode).toBe(200);
      expect(reply.headers['content-type']).toBe('application/timestamp-reply');
      expect(parseTimeStampResponse(new Uint8Array(reply.rawPayload)).status).toBe('granted');

      expect((await post('application/octet-stream', Buffer.from(der))).statusCode).toBe(415);
      expect((await post('application/timestamp-query', Buffer.alloc(64 * 1024 + 1))).statusCode).toBe(413);

      const listing = (await app.inject({ method: 'GET', url: '/pki/cas' })).json<
        { id: string; tsaUrl?: string }[]
      >();
      expect(listing.map((ca) => [ca.id, ca.tsaUrl])).toEqual([
        ['root', undefined],
        ['issuing', 'http://localhost:8080/pki/tsp'],
        ['infra-root', undefined],
      ]);
    } finally {
      await app.close();
    }
  });
});
