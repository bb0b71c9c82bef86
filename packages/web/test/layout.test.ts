import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import {
  apiContext,
  launchBrowser,
  newProfile,
  SCREENSHOT_DIR,
  startOffice,
  type ClientCertificate,
  type Office,
} from './support/office.js';

const KEY_PIN = '12345678';
const USER_PASSWORD = 'Moscow2026';

/** The widths the office is laid out for: a large monitor, a laptop, a small laptop, a tablet upright. */
const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
] as const;

/** What the geometry check found wrong on one page; empty when the layout is right. */
interface LayoutFaults {
  /** The page is wider than the window (a sideways scrollbar on the whole page). */
  horizontalOverflow: number;
  /** Height beyond what the page's content needs (the browser's body margin once added 16 px). */
  extraHeight: number;
  /** Where the office's frame starts: (0, 0) unless something frames it (the 8 px white border). */
  frameOffset: { top: number; left: number };
  /** Column titles, menu items and the logo whose text does not fit (cut off or ended in «…»). */
  clipped: string[];
  /** The logo's text wraps onto a second line. */
  logoWraps: boolean;
  /** Tables wider than their place, which scroll sideways (a fixed column then covers others): allowed below 1440 px only. */
  scrollingTables: number;
}

/** Measures the page in the browser. Elements scrolled out of a scrolling table still count as not clipped. */
function measure(page: Page): Promise<LayoutFaults> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const frame = document.querySelector('#root > *');
    const frameRect = frame?.getBoundingClientRect() ?? { top: 0, left: 0, height: 0 };
    const contentHeight = Math.max(window.innerHeight, Math.ceil(frameRect.height));
    const describe = (element: Element): string =>
      `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')} «${element.textContent.trim().slice(0, 40)}»`;
    const clipped = Array.from(
      document.querySelectorAll(
        '.ant-table-thead th, .ant-table-thead .ant-table-column-title, .ant-menu-item, .ant-menu-title-content, .office-logo, [data-testid="signed-in-as"]',
      ),
    )
      .filter((element) => {
        const box = element as HTMLElement;
        // Hidden (a folded menu's labels) or empty: nothing to read, nothing clipped.
        if (box.clientWidth === 0 || box.textContent.trim() === '') return false;
        return box.scrollWidth > box.clientWidth + 1;
      })
      .map(describe);
    const logo = document.querySelector('.office-logo, .sign-in-logo');
    const logoLines = logo ? logo.getClientRects().length : 0;
    const logoHeight = logo?.getBoundingClientRect().height ?? 0;
    const lineHeight = logo ? parseFloat(getComputedStyle(logo).lineHeight) || 0 : 0;
    return {
      horizontalOverflow: Math.max(0, root.scrollWidth - window.innerWidth),
      extraHeight: Math.max(0, root.scrollHeight - contentHeight),
      frameOffset: { top: Math.round(frameRect.top), left: Math.round(frameRect.left) },
      clipped,
      logoWraps: logoLines > 1 || (lineHeight > 0 && logoHeight > lineHeight * 1.6 + 32),
      scrollingTables: Array.from(document.querySelectorAll('.ant-table-content, .ant-table-body')).filter(
        (element) => element.scrollWidth > element.clientWidth + 1,
      ).length,
    };
  });
}

const NO_FAULTS: LayoutFaults = {
  horizontalOverflow: 0,
  extraHeight: 0,
  frameOffset: { top: 0, left: 0 },
  clipped: [],
  logoWraps: false,
  scrollingTables: 0,
};

/**
 * The office's main pages at four widths: the geometry is asserted (no page
 * wider or taller than it needs, no white frame, no clipped column titles or
 * menu items, a logo on one line) and each page is saved as a screenshot in
 * test-artifacts/screenshots/layout/ for people to compare. Pixels are not
 * compared: fonts and anti-aliasing differ between machines.
 */
describe('the office lays out at 1920, 1440, 1024 and 768 pixels', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  const contexts: APIRequestContext[] = [];
  let operator: ClientCertificate | undefined;
  const fixtures = { userId: '', serial: '' };
  const directory = join(SCREENSHOT_DIR, 'layout');

  async function api(certificate?: ClientCertificate): Promise<APIRequestContext> {
    if (!office) throw new Error('the office did not start');
    const context = await apiContext(office, certificate);
    contexts.push(context);
    return context;
  }

  /** An operator, a user with a certificate and a renewal request with a long comment, so every table has rows. */
  async function populate(): Promise<void> {
    const admin = await api(office?.admin);
    const client = await admin.post('/api/v1/oauth-clients', {
      data: {
        name: 'Система электронного документооборота «Документы и договоры»',
        redirectUris: ['https://edo.example.ru/callback'],
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: ['openid', 'profile', 'offline_access', 'certificates:read', 'signing'],
      },
    });
    expect(client.status(), await client.text()).toBe(201);
    const registered = await admin.post('/api/v1/operators', {
      data: { login: 'operator-layout', displayName: 'Константинопольская Александра Владимировна' },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    const { id } = (await registered.json()) as { id: string };
    const issued = await admin.post(`/api/v1/operators/${id}/client-certificate`);
    expect(issued.status(), await issued.text()).toBe(201);
    const bundle = (await issued.json()) as { pkcs12: string; password: string };
    operator = { pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password };
    const asOperator = await api(operator);
    const user = await asOperator.post('/api/v1/users', {
      data: { login: 'layout.holder', profile: IVANOV_PERSON },
    });
    expect(user.status(), await user.text()).toBe(201);
    const created = (await user.json()) as { user: { id: string }; temporaryPassword: string };
    fixtures.userId = created.user.id;
    const certificate = await asOperator.post(`/api/v1/users/${created.user.id}/certificates`, {
      data: { pin: KEY_PIN, pinConfirmation: KEY_PIN, keySpec: 'ecdsa-p256' },
    });
    expect(certificate.status(), await certificate.text()).toBe(201);
    fixtures.serial = ((await certificate.json()) as { serial: string }).serial;
    const session = await api();
    const signedIn = await session.post('/api/v1/session', {
      data: { login: 'layout.holder', password: created.temporaryPassword },
    });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const changed = await session.post('/api/v1/session/password', {
      headers: { 'x-csrf-token': csrfToken },
      data: { password: created.temporaryPassword, newPassword: USER_PASSWORD },
    });
    expect(changed.status()).toBe(204);
    const again = await session.post('/api/v1/session', {
      data: { login: 'layout.holder', password: USER_PASSWORD },
    });
    const fresh = (await again.json()) as { csrfToken: string };
    const renewal = await session.post(`/api/v1/me/certificates/${fixtures.serial}/renewal-request`, {
      headers: { 'x-csrf-token': fresh.csrfToken },
      data: {
        comment:
          'Прошу продлить сертификат: меняется должность, а срок действия текущего заканчивается до конца квартала.',
      },
    });
    expect(renewal.status(), await renewal.text()).toBe(201);
    // A signed operation with a long file name, for the history table and its drawer.
    const operation = await session.post('/api/v1/signing-operations', {
      headers: { 'x-csrf-token': fresh.csrfToken },
      data: {
        certificate: fixtures.serial,
        format: 'cades',
        documents: [
          {
            name: 'Договор поставки оборудования № 2026-12-0457 с приложениями и спецификацией.txt',
            content: Buffer.from('Договор поставки').toString('base64'),
          },
        ],
      },
    });
    expect(operation.status(), await operation.text()).toBe(201);
    const { id: operationId } = (await operation.json()) as { id: string };
    const confirmed = await session.post(`/api/v1/signing-operations/${operationId}/confirm`, {
      headers: { 'x-csrf-token': fresh.csrfToken },
      data: { method: 'pin', pin: KEY_PIN },
    });
    expect(confirmed.status(), await confirmed.text()).toBe(200);
  }

  beforeAll(async () => {
    [office, browser] = await Promise.all([startOffice(), launchBrowser()]);
    await populate();
    mkdirSync(directory, { recursive: true });
  });
  afterAll(async () => {
    for (const context of contexts) await context.dispose();
    for (const page of tabs.values()) await page.context().close();
    await browser?.close();
    await office?.close();
  });

  /**
   * One page per identity, kept for every width: a fresh browser profile per
   * page and width (48 of them, with 12 sign-ins) took minutes of the suite.
   * Each visit still loads its page from scratch at the width being tested.
   */
  const tabs = new Map<string, Page>();

  async function tabFor(
    identity: string,
    certificate?: ClientCertificate,
    signIn?: { login: string; password: string },
  ): Promise<Page> {
    if (!office || !browser) throw new Error('the office did not start');
    const open = tabs.get(identity);
    if (open) return open;
    const profile = await newProfile(browser, office, certificate, { viewport: VIEWPORTS[0] });
    const page = await profile.newPage();
    if (signIn) {
      await page.goto(office.url);
      await page.getByLabel('Логин').fill(signIn.login);
      await page.getByLabel('Пароль').fill(signIn.password);
      await page.getByRole('button', { name: 'Войти', exact: true }).click();
      await page.getByTestId('signed-in-as').waitFor();
    }
    tabs.set(identity, page);
    return page;
  }

  /** Opens `path` at the given width, waits for `ready`, and returns the page's faults; saves a screenshot. */
  async function visit(
    viewport: (typeof VIEWPORTS)[number],
    page: Page,
    path: string,
    ready: (page: Page) => Promise<unknown>,
    name: string,
  ): Promise<LayoutFaults> {
    if (!office) throw new Error('the office did not start');
    await page.setViewportSize(viewport);
    await page.goto(office.url + path);
    await ready(page);
    // Wait for fonts and the table's own measurement to settle before measuring.
    await page.evaluate(() => document.fonts.ready);
    await page.waitForFunction(() =>
      document.getAnimations().every((animation) => animation.playState !== 'running'),
    );
    await page.screenshot({ path: join(directory, `${name}-${viewport.width}.png`), fullPage: true });
    return await measure(page);
  }

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width} px every main page fits the window`, async () => {
      if (!office || !operator) throw new Error('the office was not populated');
      const admin = office.admin;
      const user = { login: 'layout.holder', password: USER_PASSWORD };
      const table = (testId: string) => (page: Page) =>
        page.getByTestId(testId).locator('.ant-table-row').first().waitFor();
      const pages: [
        string,
        ClientCertificate | undefined,
        string,
        (page: Page) => Promise<unknown>,
        typeof user | undefined,
      ][] = [
        [
          'sign-in',
          undefined,
          '/',
          (page) => page.getByRole('button', { name: 'Войти', exact: true }).waitFor(),
          undefined,
        ],
        [
          'operator-users',
          operator,
          '/users',
          (page) => page.getByText('layout.holder').first().waitFor(),
          undefined,
        ],
        [
          'operator-user',
          operator,
          `/users/${fixtures.userId}`,
          (page) => page.getByTestId('edit-profile').waitFor(),
          undefined,
        ],
        [
          'operator-user-certificates',
          operator,
          `/users/${fixtures.userId}?tab=certificates`,
          (page) => page.getByTestId(`view-certificate-${fixtures.serial}`).waitFor(),
          undefined,
        ],
        [
          'operator-certificate',
          operator,
          `/certificates/${fixtures.serial}`,
          (page) => page.locator('[data-status]').first().waitFor(),
          undefined,
        ],
        [
          'operator-renewals',
          operator,
          '/renewals',
          (page) => page.locator('.ant-table-row').first().waitFor(),
          undefined,
        ],
        ['admin-operators', admin, '/operators', table('operators-table'), undefined],
        ['admin-audit', admin, '/audit', table('audit-table'), undefined],
        ['admin-oauth-clients', admin, '/oauth-clients', table('oauth-clients'), undefined],
        [
          'user-certificates',
          undefined,
          '/my/certificates',
          (page) => page.locator('[data-status]').first().waitFor(),
          user,
        ],
        ['user-history', undefined, '/my/history', table('signing-history'), user],
        [
          'user-apps',
          undefined,
          '/my/apps',
          (page) => page.getByTestId('allowed-apps').locator('.ant-table-placeholder').waitFor(),
          user,
        ],
      ];
      const faults: Record<string, LayoutFaults> = {};
      for (const [name, certificate, path, ready, signIn] of pages) {
        const identity =
          signIn?.login ?? (certificate === admin ? 'admin' : certificate ? 'operator' : 'anonymous');
        const page = await tabFor(identity, certificate, signIn);
        faults[name] = await visit(viewport, page, path, ready, name);
      }
      // On a tablet or a small laptop wide tables scroll sideways (their actions column stays in view).
      const expected =
        viewport.width >= 1440 ? NO_FAULTS : { ...NO_FAULTS, scrollingTables: expect.any(Number) as number };
      expect(faults).toEqual(Object.fromEntries(pages.map(([name]) => [name, expected])));
    });
  }
});
