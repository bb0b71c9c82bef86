import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { OCSPRequest } from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Extension } from '@peculiar/asn1-x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certIdOf, createOcspRequest, OID, parseCertificate, parseOcspResponse } from '@podpis/pki';
import type { Authorities } from '../../src/ca/setup.js';
import type { AuthorityContext } from '../../src/ca/authorities.js';
import { OcspResponder } from '../../src/ca/ocsp-responder.js';
import type { Db } from '../../src/db/db.js';
import { buildPkiHttpApp, type PodpisApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { staffWithCertificate, TestApi } from '../support/api.js';
import { setUpTestAuthorities } from '../support/authority.js';
import { openTestPglite } from '../support/backends.js';

const NUL = 'ivanov\u0000';
const LONE_SURROGATE = 'ivanov\uD800';

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): unknown;
}

function expectTextRefused(response: Answer, what: string, field: string): void {
  expect(response.statusCode, `${what}: ${response.body}`).toBe(400);
  expect(response.headers['content-type'], what).toBe('application/problem+json; charset=utf-8');
  const problem = response.json() as { code: string; errors: { path: string }[] };
  expect(problem.code, what).toBe('VALIDATION_FAILED');
  expect(problem.errors.map((e) => e.path)).toContain(field);
}

describe('text input is validated once for every route: no NUL, no unpaired surrogate, bounded length', () => {
  let db: Db;
  let cas: Authorities;
  let ctx: AuthorityContext;
  let api: TestApi;
  let app: PodpisApp;
  let admin: Record<string, string>;
  let user: Record<string, string>;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger('info', sink);

  beforeAll(async () => {
    db = await openTestPglite();
    const authorities = await setUpTestAuthorities(db, { algorithm: 'ecdsa' });
    cas = authorities.cas;
    ctx = authorities.ctx;
    api = await TestApi.start(authorities.ctx, { logger });
    app = api.app;
    const { der } = await staffWithCertificate(db, 'admin');
    admin = { 'x-test-client-certificate': Buffer.from(der).toString('base64'), 'x-requested-with': 'test' };
    user = await api.userSession(await api.registerUser('text-user'));
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  function errorsLogged(): string[] {
    return logs.filter((line) => /"level":(50|60)/.test(line));
  }

  it('anonymous login with a NUL or a lone surrogate → 400 VALIDATION_FAILED, nothing logged as an error', async () => {
    for (const login of [NUL, LONE_SURROGATE, '\uDC00x']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { login, password: 'whatever1' },
      });
      expectTextRefused(response, JSON.stringify(login), 'body.login');
    }
    const password = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login: 'text-user', password: `pass\u0000word` },
    });
    expectTextRefused(password, 'password', 'body.password');
    expect(errorsLogged()).toEqual([]);
  });

  it('authenticated routes: API-token name, operator displayName, users?search=, audit?actor=', async () => {
    expectTextRefused(
      await app.inject({
        method: 'POST',
        url: '/api/v1/session/tokens',
        headers: user,
        payload: { name: `token${NUL}`, scopes: ['certificates:read'] },
      }),
      'token name',
      'body.name',
    );
    expectTextRefused(
      await app.inject({
        method: 'POST',
        url: '/api/v1/operators',
        headers: admin,
        payload: { login: 'petrov', displayName: `Петров${LONE_SURROGATE}` },
      }),
      'displayName',
      'body.displayName',
    );
    // A URL cannot carry a lone surrogate (percent-decoding is UTF-8), but it can carry a NUL.
    expectTextRefused(
      await app.inject({ method: 'GET', url: '/api/v1/users?search=iv%00', headers: api.operator }),
      'search',
      'querystring.search',
    );
    expectTextRefused(
      await app.inject({ method: 'GET', url: '/api/v1/audit?actor=operator%00', headers: admin }),
      'actor',
      'querystring.actor',
    );
    expectTextRefused(
      await app.inject({ method: 'GET', url: `/api/v1/users/x%00y`, headers: api.operator }),
      'path',
      'params.id',
    );
    expectTextRefused(
      await app.inject({
        method: 'GET',
        url: `/api/v1/users?search=${'a'.repeat(5000)}`,
        headers: api.operator,
      }),
      'long search',
      'querystring.search',
    );
    expect(errorsLogged()).toEqual([]);
  });

  it('what is not malformed still passes: Cyrillic, a 4-byte emoji, an RTL mark', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/users?search=${encodeURIComponent('Иван😀\u202e')}`,
      headers: api.operator,
    });
    expect(response.statusCode, response.body).toBe(200);
  });

  describe('OCSP requests with a nonce over 32 octets (RFC 8954 §2.1) → malformedRequest, on both listeners, by POST and GET', () => {
    async function requestWithNonce(length: number): Promise<Buffer> {
      const certId = {
        ...(await certIdOf(
          parseCertificate(cas.issuing.certificate),
          parseCertificate(cas.root.certificate),
        )),
        serialNumberHex: '0badc0de',
      };
      const request = AsnConvert.parse(createOcspRequest({ certIds: [certId] }), OCSPRequest);
      request.tbsRequest.requestExtensions = [
        new Extension({
          extnID: OID.ocspNonce,
          critical: false,
          extnValue: new OctetString(AsnConvert.serialize(new OctetString(randomBytes(length)))),
        }),
      ];
      return Buffer.from(AsnConvert.serialize(request));
    }

    it.each([33, 64, 1024])('%i octets', async (length) => {
      const der = await requestWithNonce(length);
      const plain = await buildPkiHttpApp(logger, { ca: ctx, ocsp: new OcspResponder(ctx) });
      try {
        for (const [listener, target] of [
          ['https', app],
          ['http', plain],
        ] as const) {
          for (const response of [
            await target.inject({
              method: 'POST',
              url: '/pki/ocsp',
              headers: { 'content-type': 'application/ocsp-request' },
              payload: der,
            }),
            await target.inject({
              method: 'GET',
              url: `/pki/ocsp/${encodeURIComponent(der.toString('base64'))}`,
            }),
          ]) {
            expect(response.statusCode, `${listener}: ${response.body}`).toBe(200);
            expect(parseOcspResponse(response.rawPayload).status).toBe('malformedRequest');
          }
        }
      } finally {
        await plain.close();
      }
      expect(errorsLogged()).toEqual([]);
    });

    it('a nonce of 32 octets is still echoed', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/pki/ocsp',
        headers: { 'content-type': 'application/ocsp-request' },
        payload: await requestWithNonce(32),
      });
      const answer = parseOcspResponse(response.rawPayload);
      expect(answer.status).toBe('successful');
    });
  });
});
