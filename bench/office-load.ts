/**
 * Cold loads of the web office in Chromium: the sign-in page (a user's
 * browser), the operators list (an administrator's, with the client
 * certificate) and the users list (an operator's, 30 users), each in a
 * fresh browser profile (empty cache), once with
 * the compression the browser asks for and once forcing `identity` — the
 * reference, as the office was served before it was precompressed. Prints
 * the median of Chromium's own timing (when the main control was shown, DOMContentLoaded), the bytes that crossed the
 * wire, and the ratios between the two.
 *
 *   npm run bench:office-load [-- --runs 7]
 */
import { readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { chromium, request, type Browser, type Page } from 'playwright-core';
import { ensureSystemTools, tempDir } from '@podpis/testkit';
import { loadConfig, startServer } from '@podpis/server';

interface Load {
  /** From `page.goto` to Playwright seeing the page's main control, ms: what a script waiting for it sees. */
  readyMs: number;
  /**
   * Chromium's own clock (`performance.now()`, from navigation start) when
   * the main control was first in the page and laid out, ms: what a person
   * sees, without the test driver's round trips.
   */
  shownMs: number;
  /** Navigation Timing `domContentLoadedEventEnd`, ms. */
  domContentLoadedMs: number;
  /** Bytes received for the document and every resource (`transferSize`). */
  transferredBytes: number;
  /** Bytes of JavaScript received, compressed as sent. */
  scriptBytes: number;
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Number(values.runs);

const median = (numbers: number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * Notes in the page when an element matching `selector` is first there with
 * a size, on Chromium's clock. A string, not a function: the browser gets
 * it as written (tsx would add helpers of its own to a function's source).
 */
const shownWatcher = (selector: string) => `
  new MutationObserver((_changes, observer) => {
    const element = document.querySelector(${JSON.stringify(selector)});
    if (element && element.getBoundingClientRect().height > 0) {
      window.__shownMs = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
`;

async function measure(page: Page, url: string, readySelector: string): Promise<Load> {
  await page.addInitScript({ content: shownWatcher(readySelector) });
  const started = Date.now();
  await page.goto(url);
  await page.locator(readySelector).first().waitFor({ state: 'visible', timeout: 60_000 });
  const readyMs = Date.now() - started;
  const shownMs = await page.evaluate(
    () => (window as unknown as { __shownMs?: number }).__shownMs ?? Number.NaN,
  );
  const timing = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return {
      domContentLoadedMs: navigation?.domContentLoadedEventEnd ?? Number.NaN,
      transferredBytes:
        (navigation?.transferSize ?? 0) + resources.reduce((sum, entry) => sum + entry.transferSize, 0),
      scriptBytes: resources
        .filter((entry) => entry.initiatorType === 'script' || /\.m?js$/.test(entry.name))
        .reduce((sum, entry) => sum + entry.transferSize, 0),
    };
  });
  return { readyMs, shownMs, ...timing };
}

async function coldLoads(
  browser: Browser,
  url: string,
  readySelector: string,
  encoding: 'browser' | 'gzip' | 'identity',
  certificate?: { pfx: Buffer; passphrase: string },
): Promise<Load> {
  const loads: Load[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      locale: 'ru-RU',
      ...(encoding === 'browser' ? {} : { extraHTTPHeaders: { 'accept-encoding': encoding } }),
      ...(certificate ? { clientCertificates: [{ origin: new URL(url).origin, ...certificate }] } : {}),
    });
    try {
      loads.push(await measure(await context.newPage(), url, readySelector));
    } finally {
      await context.close();
    }
  }
  return {
    readyMs: median(loads.map((load) => load.readyMs)),
    shownMs: median(loads.map((load) => load.shownMs)),
    domContentLoadedMs: median(loads.map((load) => load.domContentLoadedMs)),
    transferredBytes: median(loads.map((load) => load.transferredBytes)),
    scriptBytes: median(loads.map((load) => load.scriptBytes)),
  };
}

function row(name: string, ours: Load, reference: Load): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  return [
    name.padEnd(22),
    `shown ${ms(ours.shownMs)} vs ${ms(reference.shownMs)} (${(ours.shownMs / reference.shownMs).toFixed(2)}×)`,
    `ready ${ms(ours.readyMs)} vs ${ms(reference.readyMs)}`,
    `DOMContentLoaded ${ms(ours.domContentLoadedMs)} vs ${ms(reference.domContentLoadedMs)}`,
    `received ${kib(ours.transferredBytes)} vs ${kib(reference.transferredBytes)} (${(ours.transferredBytes / reference.transferredBytes).toFixed(2)}×)`,
    `scripts ${kib(ours.scriptBytes)}`,
  ].join(' · ');
}

/** An operator with a client certificate, and 30 registered users for the list to show. */
async function registerOperator(
  url: string,
  admin: { pfx: Buffer; passphrase: string },
): Promise<{ pfx: Buffer; passphrase: string }> {
  const api = (certificate: { pfx: Buffer; passphrase: string }) =>
    request.newContext({
      baseURL: url,
      ignoreHTTPSErrors: true,
      extraHTTPHeaders: { 'x-requested-with': 'podpis-bench' },
      clientCertificates: [{ origin: url, ...certificate }],
    });
  const asAdmin = await api(admin);
  const registered = await asAdmin.post('/api/v1/operators', { data: { login: 'bench-operator' } });
  const { id } = (await registered.json()) as { id: string };
  const issued = await asAdmin.post(`/api/v1/operators/${id}/client-certificate`);
  const bundle = (await issued.json()) as { pkcs12: string; password: string };
  const operator = { pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password };
  const asOperator = await api(operator);
  for (let index = 0; index < 30; index++) {
    const created = await asOperator.post('/api/v1/users', {
      data: {
        login: `bench-user-${index}`,
        profile: {
          kind: 'person',
          surname: 'Иванов',
          name: `Пётр ${index}`,
          country: 'RU',
          snils: '112-233-445 95',
          inn: '500100732259',
        },
      },
    });
    if (!created.ok()) throw new Error(`user ${index}: ${created.status()} ${await created.text()}`);
  }
  await asAdmin.dispose();
  await asOperator.dispose();
  return operator;
}

ensureSystemTools();
const dataDir = tempDir('podpis-office-load-');
const { config } = loadConfig({
  PODPIS_DATA_DIR: dataDir,
  PODPIS_HOST: 'localhost',
  PODPIS_PORT: '0',
  PODPIS_HTTP_PORT: '0',
});
const server = await startServer(config, pino({ level: 'silent' }), {
  initIfEmpty: { algorithm: 'gost256' },
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const first = server.firstAdministrator;
  if (!first) throw new Error('the installation was not new');
  const admin = { pfx: readFileSync(first.file), passphrase: first.password };
  const signIn = `${server.url}/`;
  const operators = `${server.url}/operators`;
  console.log(
    `${RUNS} cold loads each (fresh profile), median; ours (compressed as the browser accepts) vs identity`,
  );
  const signInOurs = await coldLoads(browser, signIn, 'input[type=password]', 'browser');
  const signInReference = await coldLoads(browser, signIn, 'input[type=password]', 'identity');
  console.log(row('sign-in page', signInOurs, signInReference));
  const signInGzip = await coldLoads(browser, signIn, 'input[type=password]', 'gzip');
  console.log(row('sign-in page, gzip', signInGzip, signInReference));
  const listOurs = await coldLoads(browser, operators, 'table', 'browser', admin);
  const listReference = await coldLoads(browser, operators, 'table', 'identity', admin);
  console.log(row('operators list (admin)', listOurs, listReference));
  const operator = await registerOperator(server.url, admin);
  const users = `${server.url}/users`;
  const rowSelector = 'table tbody tr[data-row-key]';
  const usersOurs = await coldLoads(browser, users, rowSelector, 'browser', operator);
  const usersReference = await coldLoads(browser, users, rowSelector, 'identity', operator);
  console.log(row('users list (operator)', usersOurs, usersReference));
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
