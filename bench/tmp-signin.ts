/**
 * Cold loads of the web office in Chromium: the sign-in page (a user's
 * browser), the operators list (an administrator's, with the client
 * certificate) and the users list (an operator's, 30 users), each in a
 * fresh browser profile (empty cache). The sign-in page loads once with the
 * compression the browser asks for and once forcing `identity` — the
 * reference, as the office was served before it was precompressed. The
 * pages behind a client certificate load as a real browser presents one:
 * from the profile's NSS store (`$HOME/.pki/nssdb`, filled with pk12util),
 * chosen without a prompt by the per-profile «auto-select certificate»
 * setting; and, for comparison, through Playwright's `clientCertificates`,
 * which relays the connection through a TLS proxy in the driver process.
 * The lists load as a returning person's browser loads them, with an empty
 * cache but the cookies in which the office keeps the reader's language and
 * time zone: with them the server renders the list into the page itself.
 * The users list loads once more as a browser's very first visit, without
 * them (the office alone renders it, as before the server did).
 * Prints the median of Chromium's own timing (when the main control was
 * shown, DOMContentLoaded), the bytes that crossed the wire, and the ratios;
 * `--timeline` also prints, for each page's median run, when each request
 * started and ended.
 *
 *   npm run bench:office-load [-- --runs 7 --timeline]
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { chromium, request, type Browser, type BrowserContext, type Page } from 'playwright-core';
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
  /** Every request of the load: when it started and ended on Chromium's clock, ms. */
  timeline: readonly { name: string; startMs: number; endMs: number }[];
}

interface Certificate {
  pfx: Buffer;
  passphrase: string;
}

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, timeline: { type: 'boolean', default: false } },
});
const RUNS = Number(values.runs);
/** Directories to remove when done. */
const scratch: string[] = [];

const median = (numbers: number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * Notes in the page when an element matching `selector` is first there with
 * a size, on Chromium's clock, and the main thread's long tasks. A string, not a function: the browser gets
 * it as written (tsx would add helpers of its own to a function's source).
 */
const shownWatcher = (selector: string) => `
  window.__longTasks = [];
  new PerformanceObserver((list) => { window.__longTasks.push(...list.getEntries()); })
    .observe({ type: 'longtask', buffered: true });
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
      timeline: [
        ...[...(navigation ? [navigation] : []), ...resources].map((entry) => ({
          name: new URL(entry.name).pathname + new URL(entry.name).search,
          startMs: entry.startTime,
          endMs: entry.responseEnd,
        })),
        // The main thread's busy stretches (scripts compiled and run, layout): where the time goes between requests.
        ...((window as unknown as { __longTasks?: PerformanceEntry[] }).__longTasks ?? []).map((entry) => ({
          name: '(main thread busy)',
          startMs: entry.startTime,
          endMs: entry.startTime + entry.duration,
        })),
      ],
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

/** The loads' medians; the timeline is the run whose «shown» is the median. */
function medianLoad(loads: readonly Load[]): Load {
  const shownMs = median(loads.map((load) => load.shownMs));
  return {
    readyMs: median(loads.map((load) => load.readyMs)),
    shownMs,
    domContentLoadedMs: median(loads.map((load) => load.domContentLoadedMs)),
    transferredBytes: median(loads.map((load) => load.transferredBytes)),
    scriptBytes: median(loads.map((load) => load.scriptBytes)),
    timeline: loads.find((load) => load.shownMs === shownMs)?.timeline ?? [],
  };
}

/** The cookies an earlier visit left: the office's reader settings (packages/web's readerCookie.ts). */
function readerCookies(url: string) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return [
    { name: 'podpis_language', value: 'ru', url },
    { name: 'podpis_time_zone', value: encodeURIComponent(zone), url },
  ];
}

/** Cold loads in new contexts of a running browser; a certificate goes through Playwright's relay. */
async function coldLoads(
  browser: Browser,
  url: string,
  readySelector: string,
  encoding: 'browser' | 'gzip' | 'identity',
  certificate?: Certificate,
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
      if (certificate) await context.addCookies(readerCookies(url));
      loads.push(await measure(await context.newPage(), url, readySelector));
    } finally {
      await context.close();
    }
  }
  return medianLoad(loads);
}

/**
 * An NSS store (what Chromium on Linux reads at `$HOME/.pki/nssdb`) holding
 * the certificate and its key, made once and copied into each run's home.
 */
function nssStore(certificate: Certificate): string {
  const dir = tempDir('podpis-office-load-nss-');
  scratch.push(dir);
  const store = join(dir, 'nssdb');
  mkdirSync(store);
  execFileSync('certutil', ['-N', '-d', `sql:${store}`, '--empty-password']);
  const pfx = join(store, '..', 'client.p12');
  writeFileSync(pfx, certificate.pfx);
  execFileSync('pk12util', ['-d', `sql:${store}`, '-i', pfx, '-W', certificate.passphrase], {
    stdio: 'ignore',
  });
  rmSync(pfx);
  return store;
}

/**
 * Cold loads as a person's browser makes them: a new Chromium with a fresh
 * profile per run, the client certificate in its NSS store, and the
 * profile's «auto-select certificate» setting for the office's origin —
 * what the AutoSelectCertificateForUrls policy sets, kept in this profile
 * instead of machine-wide — so no certificate prompt waits for a click.
 */
async function coldLoadsWithNss(
  url: string,
  readySelector: string,
  store: string,
  visit: 'returning' | 'first' = 'returning',
): Promise<Load> {
  const loads: Load[] = [];
  for (let run = 0; run < RUNS; run++) {
    const home = tempDir('podpis-office-load-home-');
    cpSync(store, join(home, '.pki', 'nssdb'), { recursive: true });
    const profile = join(home, 'profile');
    mkdirSync(join(profile, 'Default'), { recursive: true });
    const autoSelect = { [`${new URL(url).origin},*`]: { setting: { filters: [{}] } } };
    writeFileSync(
      join(profile, 'Default', 'Preferences'),
      JSON.stringify({
        profile: { content_settings: { exceptions: { auto_select_certificate: autoSelect } } },
      }),
    );
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox'],
        env: { ...process.env, HOME: home },
        ignoreHTTPSErrors: true,
        locale: 'ru-RU',
      });
      if (visit === 'returning') await context.addCookies(readerCookies(url));
      loads.push(await measure(context.pages()[0] ?? (await context.newPage()), url, readySelector));
    } finally {
      await context?.close();
      rmSync(home, { recursive: true, force: true });
    }
  }
  return medianLoad(loads);
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

function row(name: string, ours: Load, reference: Load): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  return [
    name.padEnd(34),
    `shown ${ms(ours.shownMs)} vs ${ms(reference.shownMs)} (${(ours.shownMs / reference.shownMs).toFixed(2)}×)`,
    `ready ${ms(ours.readyMs)} vs ${ms(reference.readyMs)}`,
    `DOMContentLoaded ${ms(ours.domContentLoadedMs)} vs ${ms(reference.domContentLoadedMs)}`,
    `received ${kib(ours.transferredBytes)} vs ${kib(reference.transferredBytes)} (${(ours.transferredBytes / reference.transferredBytes).toFixed(2)}×)`,
    `scripts ${kib(ours.scriptBytes)}`,
  ].join(' · ');
}

/** When each request of a load started and ended, in the order they started. */
function timeline(name: string, load: Load): string {
  const lines = [...load.timeline]
    .sort((a, b) => a.startMs - b.startMs)
    .map((entry) => `  ${ms(entry.startMs).padStart(8)} → ${ms(entry.endMs).padStart(8)}  ${entry.name}`);
  return [`${name}: shown at ${ms(load.shownMs)}`, ...lines].join('\n');
}

/** An operator with a client certificate, and 30 registered users for the list to show. */
async function registerOperator(url: string, admin: Certificate): Promise<Certificate> {
  const api = (certificate: Certificate) =>
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
  const admin: Certificate = { pfx: readFileSync(first.file), passphrase: first.password };
  const signIn = `${server.url}/`;
  const operators = `${server.url}/operators`;
  const timelines: string[] = [];
  const report = (name: string, ours: Load, reference: Load) => {
    console.log(row(name, ours, reference));
    timelines.push(timeline(name, ours));
  };
  console.log(`${RUNS} cold loads each (fresh profile), median`);
  console.log('sign-in: compressed as the browser accepts vs identity');
  const signInOurs = await coldLoads(browser, signIn, 'input[type=password]', 'browser');
  const signInReference = await coldLoads(browser, signIn, 'input[type=password]', 'identity');
  report('sign-in page', signInOurs, signInReference);
  if (values.timeline) console.log(`\n${timelines.join('\n\n')}`);
} finally {
  await browser.close();
  await server.close();
  for (const dir of [dataDir, ...scratch]) rmSync(dir, { recursive: true, force: true });
}
