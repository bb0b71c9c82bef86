import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import type { PodpisApp } from '../../src/http/app.js';
import { TestApi } from '../support/api.js';
import { setUpTestAuthorities } from '../support/authority.js';
import { stateChangingRoutes, type OpenApiRoute } from './openapi.js';
import { openTestPglite } from '../support/backends.js';

const ELSEWHERE = 'https://evil.example';

/** A concrete URL for a route of the OpenAPI document: each path parameter gets a value of its usual form. */
function urlOf(route: OpenApiRoute): string {
  return route.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
}

describe('cross-site request forgery: every state-changing route refuses what a cross-site page can send', () => {
  let db: Db;
  let api: TestApi;
  let app: PodpisApp;
  let routes: OpenApiRoute[];
  let user: Record<string, string>;

  beforeAll(async () => {
    db = await openTestPglite();
    const { ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' });
    api = await TestApi.start(ctx);
    app = api.app;
    routes = stateChangingRoutes(await app.inject({ method: 'GET', url: '/api/openapi.json' }));
    user = await api.userSession(await api.registerUser('csrf-user'));
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  function expectRefused(response: Awaited<ReturnType<PodpisApp['inject']>>, what: string): void {
    expect(response.statusCode, `${what}: ${response.body}`).toBe(403);
    if (what.includes(' /csc/')) {
      // The CSC API answers in its own error format.
      expect(response.json<{ error: string }>().error, what).toBe('access_denied');
      return;
    }
    expect(response.headers['content-type'], what).toBe('application/problem+json; charset=utf-8');
    expect(response.json<{ code: string }>().code, what).toBe('CROSS_SITE_REQUEST_REFUSED');
  }

  it('the OpenAPI document lists the routes the probe found forgeable', () => {
    const names = routes.map((route) => `${route.method} ${route.path}`);
    expect(names.length).toBeGreaterThan(40);
    for (const name of [
      'POST /api/v1/users/{id}/lock',
      'POST /api/v1/users/{id}/unlock',
      'POST /api/v1/users/{id}/reset-password',
      'POST /api/v1/certificates/{serial}/suspend',
      'POST /api/v1/certificates/{serial}/resume',
      'POST /api/v1/operators/{id}/client-certificate',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('with the operator’s client certificate: no body type, Sec-Fetch-Site cross-site, a foreign Origin → 403 CROSS_SITE_REQUEST_REFUSED', async () => {
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      const url = urlOf(route);
      // What the browser attaches on its own: the certificate, no header a form cannot set.
      const certificate = { 'x-test-client-certificate': api.operator['x-test-client-certificate']! };
      expectRefused(await app.inject({ method: route.method, url, headers: certificate }), `${name} bare`);
      // A form's type is refused too; on a JSON route the media type is refused first (415).
      const form = await app.inject({
        method: route.method,
        url,
        headers: { ...certificate, 'content-type': 'text/plain' },
        payload: '{}',
      });
      if (form.statusCode === 415) {
        const refusal = form.json<{ code?: string; error?: string }>();
        expect(refusal.code ?? refusal.error).toBe(
          route.path.startsWith('/csc/') ? 'invalid_request' : 'UNSUPPORTED_MEDIA_TYPE',
        );
      } else {
        expectRefused(form, `${name} text/plain`);
      }
      expectRefused(
        await app.inject({
          method: route.method,
          url,
          headers: { ...certificate, 'sec-fetch-site': 'cross-site' },
          payload: {},
        }),
        `${name} Sec-Fetch-Site`,
      );
      expectRefused(
        await app.inject({
          method: route.method,
          url,
          headers: { ...certificate, origin: ELSEWHERE },
          payload: {},
        }),
        `${name} Origin`,
      );
    }
  });

  it('with a session cookie and its CSRF token, a foreign Origin is still refused', async () => {
    for (const route of routes) {
      expectRefused(
        await app.inject({
          method: route.method,
          url: urlOf(route),
          headers: { ...user, origin: 'null' },
          payload: {},
        }),
        `${route.method} ${route.path}`,
      );
    }
  });

  it("the office's own requests pass: JSON, X-Requested-With on a bodiless POST, our Origin, same-origin fetch metadata", async () => {
    const ivanov = await api.registerUser('csrf-ivanov');
    const lock = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${ivanov.id}/lock`,
      headers: {
        ...api.operator,
        'x-requested-with': 'podpis',
        origin: 'https://podpis.test',
        'sec-fetch-site': 'same-origin',
      },
    });
    expect(lock.statusCode, lock.body).toBeLessThan(300);
    const unlock = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${ivanov.id}/unlock`,
      headers: { ...api.operator, 'content-type': 'application/json', origin: 'http://localhost:80' },
      payload: '{}',
    });
    expect(unlock.statusCode, unlock.body).toBeLessThan(300);
    const logout = await app.inject({ method: 'DELETE', url: '/api/v1/session', headers: user });
    expect(logout.statusCode, logout.body).toBeLessThan(300);
  });

  it('OCSP and TSP clients, which send their own media types and no Origin, are answered', async () => {
    const ocsp = await app.inject({
      method: 'POST',
      url: '/pki/ocsp',
      headers: { 'content-type': 'application/ocsp-request' },
      payload: Buffer.from([0x30, 0x00]),
    });
    expect(ocsp.statusCode).toBe(200);
    expect(ocsp.headers['content-type']).toBe('application/ocsp-response');
    const tsp = await app.inject({
      method: 'POST',
      url: '/pki/tsp',
      headers: { 'content-type': 'application/timestamp-query' },
      payload: Buffer.from([0x30, 0x00]),
    });
    expect(tsp.statusCode).toBe(200);
  });
});
