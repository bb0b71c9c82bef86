import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import staticFiles from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cookie, SESSION_COOKIE } from './auth-plugin.js';
import { readTlsClientCertificate, type ClientCertificateReader } from './client-certificate-reader.js';
import { firstPageThread, renderedFirstPage } from './first-page.js';
import { ApiError } from './problem.js';

/** Where `npm run build` puts the web office (packages/web/dist), seen from src/http and dist/http alike. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * Ant Design writes its styles into <style> elements at run time, hence
 * 'unsafe-inline' for styles only; scripts come from our origin alone.
 * 'wasm-unsafe-eval' lets the page compile WebAssembly (@podpis/gost's
 * Streebog, which the signing page hashes files with) and nothing else: it
 * allows no eval() or Function() of JavaScript.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Podpis</title>
<p>The web office is not built. Run <code>npm run build</code> (or <code>npm start</code>) and reload.</p>
<p>The API is at <a href="/api/docs">/api/docs</a>.</p></html>`;

/** Paths that belong to the API and services: an unknown one there is a 404 problem, not the office's page. */
const NOT_OFFICE = /^\/(api|pki|assets|health|ready)(\/|$|\?)/;

/** The PWA's own files (packages/web/public/mobile), at fixed names: a manifest and a worker are found by URL. */
const MOBILE_FILES: Record<string, string> = {
  'manifest.webmanifest': 'application/manifest+json',
  'sw.js': 'text/javascript; charset=utf-8',
  'icon.svg': 'image/svg+xml',
  'icon-192.png': 'image/png',
  'icon-512.png': 'image/png',
};

/**
 * What the web build lists for a signed-in first load (packages/web's
 * build/first-pages.ts writes first-pages.json): the assets every page
 * behind the sign-in needs, and each landing page's own, by path.
 */
interface FirstPages {
  signedIn: string[];
  pages: Record<string, string[]>;
}

/** An asset the build lists: a hashed file under /assets/, nothing that could break out of an attribute. */
const ASSET_PATH = /^\/assets\/[\w.~-]+\.(js|css)$/;

function readFirstPages(webDir: string): FirstPages | undefined {
  const file = join(webDir, 'first-pages.json');
  if (!existsSync(file)) return undefined;
  const list = JSON.parse(readFileSync(file, 'utf8')) as FirstPages;
  const checked = (files: readonly string[]) => files.filter((path) => ASSET_PATH.test(path));
  return {
    signedIn: checked(list.signedIn),
    pages: Object.fromEntries(Object.entries(list.pages).map(([path, files]) => [path, checked(files)])),
  };
}

/** Preload links for the assets, in the same CORS mode as the office's own (Vite's `crossorigin`). */
function preloadLinks(files: readonly string[]): string {
  return files
    .map((file) =>
      file.endsWith('.css')
        ? `<link rel="preload" as="style" crossorigin href="${file}">`
        : `<link rel="modulepreload" crossorigin href="${file}">`,
    )
    .join('');
}

/**
 * index.html for this request. One that carries a session cookie or a
 * client certificate is most likely from someone signed in, whose page is
 * not the sign-in page: it gets the signed-in pages' assets (and those of
 * the page at its path) as preload links, so the browser fetches them
 * alongside the sign-in page's code instead of after that code has run and
 * asked who is signed in. Anyone else gets the page as built, no heavier
 * than the sign-in page needs; a stale cookie costs only the preload.
 */
function pageFor(
  request: FastifyRequest,
  indexHtml: string,
  firstPages: FirstPages | undefined,
  readClientCertificate: ClientCertificateReader,
): string {
  if (firstPages === undefined || !likelySignedIn(request, readClientCertificate)) return indexHtml;
  const path = request.url.split('?')[0] ?? '';
  const links = preloadLinks([...firstPages.signedIn, ...(firstPages.pages[path] ?? [])]);
  return indexHtml.replace('</head>', `${links}</head>`);
}

function likelySignedIn(request: FastifyRequest, readClientCertificate: ClientCertificateReader): boolean {
  return cookie(request, SESSION_COOKIE) !== undefined || readClientCertificate(request) !== undefined;
}

/** The browser's own early request for /whoami, of no use on a page that carries the answer (first-page.ts). */
const WHOAMI_PRELOAD = /<link rel="preload" href="\/api\/v1\/whoami"[^>]*>/;

/**
 * The page with a first page rendered into it: the rendering before the
 * office's root element, and the signed-in pages' stylesheets applied (not
 * only preloaded), so the browser paints it styled as soon as it is there.
 */
function withRenderedPage(html: string, rendered: string, firstPages: FirstPages | undefined): string {
  const stylesheets = (firstPages?.signedIn ?? [])
    .filter((file) => file.endsWith('.css'))
    .map((file) => `<link rel="stylesheet" crossorigin href="${file}">`)
    .join('');
  // Replacer functions: in a replacement string, `$&` or `$'` in a rendered name would splice in the page.
  return html
    .replace(WHOAMI_PRELOAD, '')
    .replace('</head>', () => `${stylesheets}</head>`)
    .replace('<div id="root"></div>', () => `${rendered}<div id="root"></div>`);
}

function sendPage(reply: FastifyReply, html: string, personal = false) {
  return (
    reply
      .type('text/html; charset=utf-8')
      // A rendered first page holds the caller's data (a list of people): no cache may keep it.
      .header('cache-control', personal ? 'private, no-store' : 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(html)
  );
}

/**
 * Serves the web office: the built assets (content-hashed, so cached for a
 * year) and index.html for every other GET, so the office's own routes
 * (/users/…, /certificates/…) survive a reload.
 */
export async function registerWebOffice(
  app: FastifyInstance,
  webDir = DEFAULT_WEB_DIR,
  readClientCertificate: ClientCertificateReader = readTlsClientCertificate,
): Promise<void> {
  const indexFile = join(webDir, 'index.html');
  if (!existsSync(indexFile)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => sendPage(reply, NOT_BUILT_PAGE));
    return;
  }
  // Read once: the office is rebuilt only with a new release, which restarts the server.
  const indexHtml = readFileSync(indexFile, 'utf8');
  const firstPages = readFirstPages(webDir);
  await app.register(staticFiles, {
    root: join(webDir, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    wildcard: false,
    index: false,
    serve: true,
    // The build writes .br and .gz copies beside each asset; the browser gets the one it accepts.
    preCompressed: true,
    setHeaders: (res) => {
      res.header('cache-control', 'public, max-age=31536000, immutable');
      res.header('x-content-type-options', 'nosniff');
    },
  });
  const rendering = firstPageThread(webDir);
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const html = pageFor(request, indexHtml, firstPages, readClientCertificate);
    // Any visit to the office starts the thread: its first signed-in page is then rendered.
    rendering?.start();
    const rendered =
      rendering && likelySignedIn(request, readClientCertificate)
        ? await renderedFirstPage(app, request, rendering, readClientCertificate)
        : undefined;
    return rendered === undefined
      ? sendPage(reply, html)
      : sendPage(reply, withRenderedPage(html, rendered, firstPages), true);
  };
  app.get('/', { schema: { hide: true } }, page);
  await registerMobileApp(app, webDir);
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    // A browser navigating asks for HTML; an API client with a mistyped path gets the usual problem answer.
    if (NOT_OFFICE.test(request.url) || !(request.headers.accept ?? '').includes('text/html')) {
      throw new ApiError(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`);
    }
    return page(request, reply);
  });
}

/**
 * Serves the mobile PWA: mobile.html for /mobile/ and its routes, and its
 * fixed-name files. The service worker is never cached by HTTP (a new
 * release must reach phones at their next visit) and is allowed the
 * /mobile/ scope explicitly.
 */
async function registerMobileApp(app: FastifyInstance, webDir: string): Promise<void> {
  const mobileFile = join(webDir, 'mobile.html');
  if (!existsSync(mobileFile)) return;
  const mobileHtml = readFileSync(mobileFile, 'utf8');
  const files = new Map<string, { type: string; content: Buffer }>();
  for (const [name, type] of Object.entries(MOBILE_FILES)) {
    const file = join(webDir, 'mobile', name);
    if (existsSync(file)) files.set(name, { type, content: readFileSync(file) });
  }
  app.get('/mobile', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/mobile/', 301));
  app.get('/mobile/', { schema: { hide: true } }, async (_request, reply) => sendPage(reply, mobileHtml));
  app.get<{ Params: { '*': string } }>('/mobile/*', { schema: { hide: true } }, async (request, reply) => {
    const file = files.get(request.params['*']);
    if (!file) return sendPage(reply, mobileHtml);
    reply
      .type(file.type)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', request.params['*'] === 'sw.js' ? 'no-cache' : 'public, max-age=3600');
    // A worker's script carries the policy the worker runs under: the office's, not the API's.
    if (request.params['*'] === 'sw.js') {
      reply
        .header('service-worker-allowed', '/mobile/')
        .header('content-security-policy', CONTENT_SECURITY_POLICY);
    }
    return reply.send(file.content);
  });
}
