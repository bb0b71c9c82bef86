import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@podpis/testkit';
import {
  asSubrequestOf,
  withSubrequests,
  type ClientCertificateReader,
} from '../src/http/client-certificate-reader.js';
import { registerProblemHandlers } from '../src/http/problem.js';
import { registerWebOffice } from '../src/http/web-office.js';

/** Reads a test request's «client certificate» from a header, as the TLS socket would present one. */
const certificateHeader: ClientCertificateReader = (request) =>
  request.headers['x-test-certificate'] === undefined
    ? undefined
    : { der: new Uint8Array([0x30, 0x00]), authorized: true };

async function officeApp(webDir: string) {
  const app = Fastify();
  registerProblemHandlers(app);
  await registerWebOffice(app, webDir, certificateHeader);
  return app;
}

const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('the web office served by the server', () => {
  const built = tempDir('podpis-web-');
  mkdirSync(join(built, 'assets'));
  writeFileSync(join(built, 'index.html'), '<!doctype html><head></head><div id="root"></div>');
  writeFileSync(
    join(built, 'first-pages.json'),
    JSON.stringify({
      signedIn: [
        '/assets/AppLayout-a1.js',
        '/assets/otherStyles-b2.css',
        '/assets/x.js"><script src="/evil.js',
      ],
      pages: { '/users': ['/assets/UsersPage-c3.js'], '/operators': ['/assets/OperatorsPage-d4.js'] },
    }),
  );
  writeFileSync(join(built, 'assets', 'index-abc123.js'), 'console.log(1)');
  const script = 'console.log("Подпись");'.repeat(100);
  writeFileSync(join(built, 'assets', 'office-def456.js'), script);
  writeFileSync(join(built, 'assets', 'office-def456.js.br'), brotliCompressSync(script));
  writeFileSync(join(built, 'assets', 'office-def456.js.gz'), gzipSync(script));
  writeFileSync(join(built, 'mobile.html'), '<!doctype html><div id="root" class="mobile"></div>');
  mkdirSync(join(built, 'mobile'));
  writeFileSync(join(built, 'mobile', 'manifest.webmanifest'), '{"name":"Подпись"}');
  writeFileSync(join(built, 'mobile', 'sw.js'), 'self.skipWaiting()');

  it("answers the office's own routes with index.html under a strict CSP, so a reload keeps the page", async () => {
    const app = await officeApp(built);
    for (const url of ['/', '/users/7d1c/certificates/new', '/my/certificates']) {
      const page = await app.inject({ url, headers: HTML });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('<div id="root">');
      // Scripts from our origin only; WebAssembly may compile (GOST hashing in the page), JavaScript eval may not.
      expect(page.headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval';");
      expect(page.headers['content-security-policy']).not.toContain("'unsafe-eval'");
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.headers['cache-control']).toBe('no-cache');
    }
    await app.close();
  });

  it('serves the mobile app at /mobile/: its page for its routes, its manifest, and a service worker scoped to it', async () => {
    const app = await officeApp(built);
    for (const url of ['/mobile/', '/mobile/pending']) {
      const page = await app.inject({ url, headers: HTML });
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain('class="mobile"');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
    expect((await app.inject({ url: '/mobile' })).headers.location).toBe('/mobile/');
    const manifest = await app.inject({ url: '/mobile/manifest.webmanifest' });
    expect(manifest.headers['content-type']).toContain('application/manifest+json');
    expect(manifest.json<{ name: string }>().name).toBe('Подпись');
    const worker = await app.inject({ url: '/mobile/sw.js' });
    expect(worker.headers['content-type']).toContain('javascript');
    expect(worker.headers['service-worker-allowed']).toBe('/mobile/');
    expect(worker.headers['cache-control']).toBe('no-cache');
    await app.close();
  });

  it('serves hashed assets with a year of caching', async () => {
    const app = await officeApp(built);
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.body).toBe('console.log(1)');
    const missing = await app.inject({ url: '/assets/nope.js', headers: HTML });
    expect(missing.statusCode).toBe(404);
    await app.close();
  });

  it('sends the precompressed copy the browser accepts, Brotli first, and the plain file to others', async () => {
    const app = await officeApp(built);
    const url = '/assets/office-def456.js';
    const brotli = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toContain('javascript');
    expect(String(brotli.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(brotli.headers['cache-control']).toContain('immutable');
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(script);
    const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(script);
    const plain = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    await app.close();
  });

  it('keeps problem answers for API paths and for clients that do not ask for HTML', async () => {
    const app = await officeApp(built);
    for (const [url, headers] of [
      ['/api/v1/nowhere', HTML],
      ['/pki/nowhere', HTML],
      ['/users', { accept: 'application/json' }],
    ] as const) {
      const answer = await app.inject({ url, headers });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.headers['content-type'], url).toContain('application/problem+json');
      expect(answer.json<{ code: string }>().code).toBe('NOT_FOUND');
    }
    await app.close();
  });

  it('preloads the pages behind the sign-in only for a request with a session cookie or a client certificate', async () => {
    const app = await officeApp(built);
    const layout = '<link rel="modulepreload" crossorigin href="/assets/AppLayout-a1.js">';
    const styles = '<link rel="preload" as="style" crossorigin href="/assets/otherStyles-b2.css">';
    const usersPage = '<link rel="modulepreload" crossorigin href="/assets/UsersPage-c3.js">';
    // Someone not signed in gets the sign-in page as built, with nothing more to fetch.
    const anonymous = await app.inject({ url: '/users', headers: { ...HTML, cookie: 'other=1' } });
    expect(anonymous.body).not.toContain('modulepreload');
    // An operator's browser presenting its certificate: the layout, the styles and the users list's code.
    const operator = await app.inject({
      url: '/users?page=2',
      headers: { ...HTML, 'x-test-certificate': '1' },
    });
    expect(operator.body).toContain(`${layout}${styles}${usersPage}</head>`);
    expect(operator.body).not.toContain('OperatorsPage');
    // A user's session cookie at the root: what every signed-in page needs, no page of a role it may not have.
    const user = await app.inject({ url: '/', headers: { ...HTML, cookie: 'a=b; podpis_session=s1' } });
    expect(user.body).toContain(`${layout}${styles}</head>`);
    expect(user.body).not.toContain('UsersPage');
    // A listed path that is not a plain hashed asset never reaches the page.
    expect(user.body).not.toContain('evil');
    await app.close();
  });

  it('says how to build the office when it is not built', async () => {
    const app = await officeApp(tempDir('podpis-web-empty-'));
    const page = await app.inject({ url: '/', headers: HTML });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('npm run build');
    await app.close();
  });

  describe("a signed-in person's first page, rendered by the server", () => {
    /**
     * A web build whose server part (dist/server/firstPage.mjs) is a stand-in:
     * it renders the users list for an operator as a line naming what it was
     * given, and fails for a page named «/broken».
     */
    const rendering = tempDir('podpis-web-rendering-');
    mkdirSync(join(rendering, 'assets'));
    mkdirSync(join(rendering, 'server'));
    writeFileSync(
      join(rendering, 'index.html'),
      '<!doctype html><head><link rel="preload" href="/api/v1/whoami" as="fetch" crossorigin="anonymous" /></head><body><div id="root"></div></body>',
    );
    writeFileSync(
      join(rendering, 'first-pages.json'),
      JSON.stringify({ signedIn: ['/assets/AppLayout-a1.js', '/assets/otherStyles-b2.css'], pages: {} }),
    );
    writeFileSync(
      join(rendering, 'server', 'firstPage.mjs'),
      `export const RENDERED_PATHS = ['/users', '/broken'];
      export function firstPageRequests(url, whoAmI) {
        return whoAmI.signedIn && whoAmI.me.role === 'operator' ? ['/api/v1/users?limit=20&offset=0'] : undefined;
      }
      export function renderFirstPage(url, cookies, answers) {
        if (url.pathname === '/broken') throw new Error('the stand-in cannot render this');
        const users = answers.get('/api/v1/users?limit=20&offset=0');
        return '<p id="rendered">' + JSON.stringify({ path: url.pathname + url.search, cookies, users }) + '</p>';
      }`,
    );

    /** A login with what a replacement string would read as «the matched text» and «what follows it». */
    const USER_LOGIN = "ivanov$&$'";

    /** The office over two API routes that answer as the caller their client certificate names. */
    async function renderingApp() {
      const reader = withSubrequests(certificateHeader);
      const app = Fastify();
      registerProblemHandlers(app);
      app.get('/api/v1/whoami', async (request) =>
        reader(request) === undefined
          ? { signedIn: false }
          : { signedIn: true, me: { role: 'operator', login: 'operator-1' } },
      );
      app.get('/api/v1/users', async (request, reply) =>
        reader(request) === undefined
          ? reply.code(401).send({})
          : { items: [{ login: USER_LOGIN }], total: 1 },
      );
      await registerWebOffice(app, rendering, reader);
      return app;
    }

    /** Asks for `url` until the rendering thread (loaded on the first request) has rendered it. */
    async function whenRendered(
      app: Awaited<ReturnType<typeof renderingApp>>,
      url: string,
      headers: Record<string, string>,
    ) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const page = await app.inject({ url, headers });
        if (page.body.includes('id="rendered"') || Date.now() > deadline) return page;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    const OPERATOR = {
      ...HTML,
      'x-test-certificate': '1',
      cookie: 'podpis_session=s1; podpis_time_zone=Asia%2FVladivostok',
    };

    it("puts the page rendered with the API's answers to the caller before the office's root, uncached", async () => {
      const app = await renderingApp();
      const page = await whenRendered(app, '/users', OPERATOR);
      const rendered = /<p id="rendered">(.*?)<\/p>/.exec(page.body)?.[1];
      // The users list the API gave the operator (by the certificate the page's request presented).
      expect(JSON.parse(rendered ?? 'null')).toEqual({
        path: '/users',
        // The reader's settings reach the rendering; the session's secret does not.
        cookies: { podpis_time_zone: 'Asia%2FVladivostok' },
        users: { items: [{ login: USER_LOGIN }], total: 1 },
      });
      expect(page.body).toMatch(/<p id="rendered">.*<\/p><div id="root"><\/div>/);
      // The signed-in pages' styles apply before the first paint; the page carries /whoami's answer, so no preload of it.
      expect(page.body).toContain(
        '<link rel="stylesheet" crossorigin href="/assets/otherStyles-b2.css"></head>',
      );
      expect(page.body).not.toContain('href="/api/v1/whoami"');
      // A list of people: no cache may keep it.
      expect(page.headers['cache-control']).toBe('private, no-store');
      await app.close();
    });

    it('sends the page as built when nobody is signed in, another page is asked for, or the rendering fails', async () => {
      const app = await renderingApp();
      await whenRendered(app, '/users', OPERATOR);
      const pages = {
        anonymous: await app.inject({ url: '/users', headers: { ...HTML, cookie: 'podpis_session=gone' } }),
        anotherPage: await app.inject({ url: '/renewals', headers: OPERATOR }),
        failing: await app.inject({ url: '/broken', headers: OPERATOR }),
      };
      for (const [name, page] of Object.entries(pages)) {
        expect(page.statusCode, name).toBe(200);
        expect(page.body, name).not.toContain('id="rendered"');
        expect(page.body, name).toContain('href="/api/v1/whoami"');
        expect(page.headers['cache-control'], name).toBe('no-cache');
      }
      await app.close();
    });
  });

  it("lends the caller's certificate to the server's own requests only while they run, under a name nobody can guess", async () => {
    const certificate = { der: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x07]), authorized: true };
    const reader = withSubrequests(() => undefined);
    const app = Fastify();
    app.get('/caller', async (request) => ({ der: reader(request)?.der.length ?? 0 }));
    const lent = await asSubrequestOf(certificate, async (headers) => {
      const inside = await app.inject({ url: '/caller', headers });
      // A request from outside that names no lent certificate, or guesses a name, is read as its own.
      const guessed = await app.inject({ url: '/caller', headers: { 'x-podpis-subrequest': 'guess' } });
      return {
        inside: inside.json<{ der: number }>().der,
        guessed: guessed.json<{ der: number }>().der,
        headers,
      };
    });
    expect(lent.inside).toBe(5);
    expect(lent.guessed).toBe(0);
    const after = await app.inject({ url: '/caller', headers: lent.headers });
    expect(after.json<{ der: number }>().der).toBe(0);
    await app.close();
  });
});
