import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pino } from 'pino';
import { PNG } from 'pngjs';
import {
  chromium,
  request,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from 'playwright-core';
import { expect } from 'vitest';
import { ensureSystemTools, tempDir } from '@podpis/testkit';
import { loadConfig, startServer, type RunningServer, type StartOptions } from '@podpis/server';

/** Where screenshots of the main screens go (a CI artifact; a few are copied into docs/images). */
export const SCREENSHOT_DIR = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'test-artifacts',
  'screenshots',
);

export interface ClientCertificate {
  pfx: Buffer;
  passphrase: string;
}

/** A real `podpis serve` (in process): HTTPS with client certificates, the built office, PGlite in a temp dir. */
export interface Office {
  server: RunningServer;
  url: string;
  admin: ClientCertificate;
  dataDir: string;
  close(): Promise<void>;
}

export async function startOffice(
  env: Readonly<Record<string, string>> = {},
  options: Pick<StartOptions, 'webhookIntervalSeconds'> = {},
): Promise<Office> {
  ensureSystemTools();
  const dataDir = tempDir('podpis-office-');
  const { config } = loadConfig({
    PODPIS_DATA_DIR: dataDir,
    PODPIS_HOST: 'localhost',
    PODPIS_PORT: '0',
    PODPIS_HTTP_PORT: '0',
    PODPIS_SCRYPT_COST: '14',
    ...env,
  });
  const server = await startServer(config, pino({ level: 'silent' }), {
    initIfEmpty: { algorithm: 'gost256' },
    ...options,
  });
  const first = server.firstAdministrator;
  if (!first) throw new Error('the installation was not new');
  return {
    server,
    url: server.url,
    admin: { pfx: readFileSync(first.file), passphrase: first.password },
    dataDir,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
}

/**
 * A browser profile: with a client certificate it is an operator's or
 * administrator's browser (Playwright answers the TLS certificate request
 * for the office's origin), without one a user's. The server's certificate
 * comes from the installation's own infrastructure CA, which this throwaway
 * browser does not trust, hence ignoreHTTPSErrors.
 */
export function newProfile(
  browser: Browser,
  office: Office,
  certificate?: ClientCertificate,
  options: {
    viewport?: { width: number; height: number };
    reducedMotion?: 'reduce' | 'no-preference';
    /** The browser's time zone (default: the machine's). */
    timezoneId?: string;
  } = {},
): Promise<BrowserContext> {
  return browser
    .newContext({
      ignoreHTTPSErrors: true,
      acceptDownloads: true,
      locale: 'ru-RU',
      // The office turns Ant Design's animations off for people who ask for less motion; a
      // click during a dialog's zoom or a menu's slide was lost on a loaded machine.
      reducedMotion: options.reducedMotion ?? 'reduce',
      viewport: options.viewport ?? { width: 1366, height: 900 },
      ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
      ...(certificate ? { clientCertificates: [{ origin: office.url, ...certificate }] } : {}),
    })
    .then(patient);
}

/**
 * How long a step may wait for the page. Test files run two at a time on a
 * two-core machine, so a server-side step (a CRL signed in GOST after a
 * suspension) can take several times what it takes alone; Playwright's 30 s
 * default then fails a test that is merely slow.
 */
export const STEP_TIMEOUT_MS = 90_000;

export function patient(context: BrowserContext): BrowserContext {
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  return context;
}

/** A script's HTTP client for the office, as a user (no certificate) or an operator or administrator. */
export function apiContext(office: Office, certificate?: ClientCertificate): Promise<APIRequestContext> {
  return request.newContext({
    // A script's requests, not a cross-site form's: bodiless POSTs need the header.
    extraHTTPHeaders: { 'x-requested-with': 'podpis-test' },
    baseURL: office.url,
    ignoreHTTPSErrors: true,
    ...(certificate ? { clientCertificates: [{ origin: office.url, ...certificate }] } : {}),
  });
}

/** Saves a full-page screenshot of a main screen. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Short-lived success messages would cover the screen's content in the picture: it is taken without them,
  // hidden for the screenshot alone, rather than after they go by themselves (3 s each, at 50-odd pictures).
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
    style: '.ant-message { display: none !important; }',
  });
}

/** How many pixels of two screenshots of one size differ (in colour or transparency). */
export function differingPixels(one: Buffer, other: Buffer): number {
  const [a, b] = [PNG.sync.read(one), PNG.sync.read(other)];
  if (a.width !== b.width || a.height !== b.height) return Math.max(a.width * a.height, b.width * b.height);
  let differing = 0;
  for (let index = 0; index < a.data.length; index += 4) {
    if (a.data.readUInt32BE(index) !== b.data.readUInt32BE(index)) differing++;
  }
  return differing;
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core (WCAG 2.x A and AA rules) on the page and expects no violation. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  // A dialog still fading in or out would be judged on its half-transparent colours.
  // One that never ends (a spinner, a blinking caret) is not a fade and would be waited for in vain.
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every(
            (animation) =>
              animation.playState !== 'running' ||
              animation.effect?.getComputedTiming().iterations === Infinity,
          ),
      undefined,
      // Fades last a fraction of a second; a page that still animates after this is judged as it is.
      { timeout: 15_000 },
    )
    .catch(() => undefined);
  // Evaluated through the DevTools protocol: the office's CSP (script-src 'self') rightly refuses an injected <script>.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  });
  const readable = (violations as AxeViolation[]).map(
    (violation) =>
      `${violation.id} (${violation.impact ?? '?'}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')} — ${violation.nodes[0]?.failureSummary ?? ''}`,
  );
  expect(readable, `axe-core on ${name}`).toEqual([]);
}

/** The text of a PDF, through poppler's pdftotext (the printable form's check). */
export function pdfText(pdf: Buffer): string {
  const dir = tempDir('podpis-pdf-');
  try {
    const file = join(dir, 'form.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
