import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openssl } from '@podpis/testkit';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import {
  differingPixels,
  expectAccessible,
  launchBrowser,
  newProfile,
  pdfText,
  screenshot,
  startOffice,
  type ClientCertificate,
  type Office,
} from './support/office.js';

const KEY_PIN = '12345678';
const USER_PASSWORD = 'Moscow2026';

/** The status badge of the certificate page, once it shows `status`. */
async function expectStatus(page: Page, status: string): Promise<void> {
  await page.locator(`[data-status="${status}"]`).first().waitFor();
}

/** Confirms an antd Popconfirm opened by the last click. */
async function confirmPopup(page: Page): Promise<void> {
  await page.getByRole('tooltip').getByRole('button').last().click();
}

/**
 * The web office in a real Chromium against a real server: the
 * administrator registers an operator and hands over the client
 * certificate; the operator walks the manual's scenario; the user signs in
 * with the temporary password. One installation for the whole file, the
 * steps in order, as people would do them.
 */
describe('the web office in Chromium', () => {
  // Set by beforeAll; afterAll closes whatever it got to.
  let office: Office | undefined;
  let browser: Browser | undefined;
  const profiles: BrowserContext[] = [];
  let operator: ClientCertificate | undefined;
  const user = { id: '', login: 'ivanov', temporaryPassword: '' };

  beforeAll(async () => {
    office = await startOffice();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const profile of profiles) await profile.close();
    await browser?.close();
    await office?.close();
  });

  function started(): { office: Office; browser: Browser } {
    if (!office || !browser) throw new Error('the office did not start');
    return { office, browser };
  }

  async function open(certificate?: ClientCertificate, path = '/'): Promise<Page> {
    const { office, browser } = started();
    const profile = await newProfile(browser, office, certificate);
    profiles.push(profile);
    const page = await profile.newPage();
    await page.goto(office.url + path);
    return page;
  }

  it("loads the sign-in page without errors, compressed, and without the cabinets' code or styles", async () => {
    const { office, browser } = started();
    const profile = await newProfile(browser, office);
    profiles.push(profile);
    const page = await profile.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const scripts: Promise<{ url: string; encoding: string | undefined; bytes: number; size: number }>[] = [];
    page.on('response', (response) => {
      // Scripts and stylesheets: the sign-in page's bundle is both.
      if (!['script', 'stylesheet'].includes(response.request().resourceType())) return;
      scripts.push(
        Promise.all([response.request().sizes(), response.body()]).then(([sizes, body]) => ({
          url: response.url(),
          encoding: response.headers()['content-encoding'],
          // As received (over HTTP/2 with its frames), and the file's own size.
          bytes: sizes.responseBodySize,
          size: body.length,
        })),
      );
    });
    await page.goto(office.url);
    await page.getByRole('button', { name: 'Войти', exact: true }).waitFor();
    // Nobody signed in is the usual first visit, not a failed request in the console.
    expect(consoleErrors).toEqual([]);
    const received = await Promise.all(scripts);
    expect(received.length).toBeGreaterThan(0);
    // The build compresses every script and stylesheet worth it (1 KiB and more).
    for (const script of received.filter(({ size }) => size >= 1024)) {
      expect(script.encoding, script.url).toBe('br');
    }
    // Ant Design's styles of the sign-in page's components only: the rest come with the pages behind it.
    expect(
      received
        .filter((file) => file.url.endsWith('.css'))
        .map((file) => /\/(\w+)-[\w-]+\.css$/.exec(file.url)?.[1]),
    ).toEqual(['office']);
    // Pages are loaded when shown: none of the cabinets' own pages, nor the libraries only they use, comes with sign-in.
    expect(
      received.filter((script) =>
        /\/((Users|Operators|Sign|MyCertificates)Page|cabinet-libraries)-/.test(script.url),
      ),
    ).toEqual([]);
    // Nor the English words or any cabinet's: those come when asked for (Russian common and errors are in the entry).
    expect(
      received.filter((script) =>
        /\/(words|common|errors|operator|admin|cabinet|crypto)-[\w-]+\.js$/.test(script.url),
      ),
    ).toEqual([]);
    const total = received.reduce((sum, script) => sum + script.bytes, 0);
    expect(total).toBeLessThan(300 * 1024);
    // The aim is for gzip, which every browser accepts: under 300 KB as well, scripts and styles together.
    let gzipped = 0;
    for (const { url } of received) {
      const response = await profile.request.get(url, { headers: { 'accept-encoding': 'gzip' } });
      const encoding = response.headers()['content-encoding'];
      const length = Number(response.headers()['content-length']);
      expect(Number.isFinite(length), url).toBe(true);
      if (length >= 1024) expect(encoding, url).toBe('gzip');
      gzipped += length;
    }
    expect(gzipped).toBeLessThan(300_000);
  });

  it('offers both ways to sign in, in Russian and in English', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'Войти', exact: true }).waitFor();
    await expect.poll(() => page.getByText('Вход по клиентскому сертификату').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await page.getByRole('radiogroup', { name: 'Язык' }).getByText('English').click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // A wrong password is a readable sentence, not a code.
    await page.getByLabel('Login').fill('nobody');
    await page.getByLabel('Password').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Wrong login or password.').waitFor();
  });

  it('lets the administrator register an operator and hand over a client certificate once', async () => {
    const page = await open(started().office.admin);
    await page.waitForURL('**/operators');
    await page.getByTestId('signed-in-as').waitFor();
    await page.getByTestId('register-operator').click();
    await page.getByTestId('operator-login').fill('operator1');
    await page.getByTestId('operator-display-name').fill('Петров Пётр Петрович');
    await page.getByTestId('register-operator-submit').click();
    const row = page.getByTestId('operator-row-operator1');
    await row.waitFor();
    await row.getByTestId('issue-client-certificate').click();
    await page.getByTestId('confirm-issue-client-certificate').click();
    const password = (await page.getByTestId('client-certificate-password').innerText()).trim();
    expect(password.length).toBeGreaterThanOrEqual(12);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('client-certificate-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('operator1.p12');
    operator = { pfx: readFileSync(await download.path()), passphrase: password };
    await expectAccessible(page, 'client certificate dialog');
    await screenshot(page, 'admin-client-certificate');
    await page.getByTestId('client-certificate-done').click();
    await page.getByTestId('client-certificate-password').waitFor({ state: 'hidden' });
    await expectAccessible(page, 'operators');
    await screenshot(page, 'admin-operators');

    await page.goto(`${started().office.url}/ca`);
    await page.getByTestId('ca-card-issuing').waitFor();
    await expectAccessible(page, 'CA overview');
    await screenshot(page, 'admin-ca');

    await page.goto(`${started().office.url}/profiles`);
    const qualified = page.getByTestId('profile-row-qualified-person');
    await qualified.waitFor();
    expect(await qualified.innerText()).toContain('Квалифицированный сертификат физического лица');
    expect(await qualified.innerText()).toContain('issuing');
    expect(await qualified.innerText()).toContain('ГОСТ Р 34.10-2012, 256 бит');
    await qualified.locator('.ant-table-row-expand-icon').click();
    await page.getByText('Квалифицированный: физическое лицо').waitFor();
    await expectAccessible(page, 'certificate profiles');
    await screenshot(page, 'admin-profiles');

    await page.goto(`${started().office.url}/audit`);
    await page.getByTestId('audit-table').waitFor();
    await page.getByTestId('verify-audit').click();
    await expect.poll(() => page.getByTestId('audit-verify-result').getAttribute('data-ok')).toBe('true');
    await expectAccessible(page, 'audit log');
    await screenshot(page, 'admin-audit');
  });

  it('walks the operator through the manual: user, request with a PIN, print, suspend, resume, revoke, delete', async () => {
    expect(operator, 'the administrator step ran first').toBeDefined();
    const page = await open(operator);
    await page.waitForURL('**/users');
    expect(await page.getByTestId('signed-in-as').innerText()).toContain('Петров Пётр Петрович');

    // «Создать нового пользователя»: the check digits are checked as the operator types.
    await page.getByTestId('create-user').click();
    await page.waitForURL('**/users/new');
    await page.getByTestId('user-login').fill(user.login);
    await page.getByTestId('profile-surname').fill(IVANOV_PERSON.surname);
    await page.getByTestId('profile-name').fill(IVANOV_PERSON.name);
    await page.getByTestId('profile-patronymic').fill(IVANOV_PERSON.patronymic);
    // His SNILS with the check digits one off.
    await page.getByTestId('profile-snils').fill('112-233-445 96');
    await page.getByTestId('profile-inn').fill(IVANOV_PERSON.inn);
    await page.getByTestId('profile-snils').blur();
    const snilsError = page
      .locator('.ant-form-item-has-error')
      .filter({ has: page.getByTestId('profile-snils') });
    await snilsError.waitFor();
    await expectAccessible(page, 'new user form with an error');
    await screenshot(page, 'operator-new-user');
    await page.getByTestId('profile-snils').fill(IVANOV_PERSON.snils);
    await snilsError.waitFor({ state: 'detached' });
    await page.getByTestId('create-user-submit').click();
    user.temporaryPassword = (await page.getByTestId('temporary-password').innerText()).trim();
    expect(user.temporaryPassword.length).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'operator-temporary-password');
    await page.getByTestId('temporary-password-done').click();
    await page.waitForURL(/\/users\/[0-9a-f-]{36}$/);
    user.id = page.url().split('/').pop() ?? '';
    await expectAccessible(page, 'user page');
    await screenshot(page, 'operator-user');

    // «Сертификаты» → «+ Создать запрос на сертификат»: key store, key PIN, issued at once.
    await page.getByRole('tab', { name: 'Сертификаты' }).click();
    await page.getByTestId('create-certificate-request').click();
    await page.waitForURL('**/certificates/new');
    // A person's key may be confirmed on the device instead of a PIN (no PIN asked then), never left without confirmation.
    await page.getByTestId('key-confirmation').click();
    expect(await page.locator('.ant-select-item-option').allInnerTexts()).toEqual([
      'ПИН-код владельца при каждом использовании',
      'Подтверждение на устройстве владельца, без ПИН-кода',
    ]);
    // Chosen by its text, once the dropdown has finished opening: a click during its animation can be lost under load.
    const onDevice = page.getByTitle('Подтверждение на устройстве владельца, без ПИН-кода');
    await onDevice.waitFor({ state: 'visible' });
    await onDevice.click();
    await page.getByTestId('key-pin').waitFor({ state: 'detached' });
    expect(await page.getByTestId('key-confirmation-hint').innerText()).toContain('подключённом устройстве');
    await page.getByTestId('key-confirmation').click();
    await page.locator('.ant-select-item-option').nth(0).click();
    await page.getByTestId('key-pin').fill(KEY_PIN);
    await page.getByTestId('key-pin-confirmation').fill(KEY_PIN);
    // The form says corrections are saved to the registration data: a locality corrected here must be.
    expect(await page.getByText('исправления сохраняются в регистрационных данных').count()).toBe(1);
    await page.getByTestId('profile-locality').fill('г. Тверь');
    await expectAccessible(page, 'certificate request form');
    await screenshot(page, 'operator-certificate-request');
    await page.getByTestId('create-certificate').click();
    await page.waitForURL(/\/certificates\/[0-9a-f]+$/);
    const serial = page.url().split('/').pop() ?? '';
    await expectStatus(page, 'valid');
    await expectAccessible(page, 'certificate page');
    await screenshot(page, 'operator-certificate');
    // …and it is: the user's data show it, and the edit history has the correction.
    await page.goto(`${started().office.url}/users/${user.id}?tab=history`);
    const history = page.getByTestId('profile-history');
    await history.getByText('г. Тверь').first().waitFor();
    await page.goto(`${started().office.url}/users/${user.id}`);
    await page.getByText('г. Тверь').first().waitFor();
    await page.goto(`${started().office.url}/certificates/${serial}`);
    await expectStatus(page, 'valid');

    // «Печать»: the PDF form names the holder in Cyrillic and carries the serial.
    const printHref = await page.getByTestId('print-form').getAttribute('href');
    expect(printHref).toContain(`/certificates/${serial}/print-form`);
    const pdf = await page.request.get(started().office.url + (printHref ?? ''));
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    const text = pdfText(await pdf.body()).replace(/\s+/g, ' ');
    expect(text).toContain(IVANOV_PERSON.surname);
    expect(text.replace(/ /g, '').toUpperCase()).toContain(serial.toUpperCase());

    // «Скачать»: PEM and PKCS#7 with the chain, as OpenSSL reads them.
    for (const format of ['pem', 'p7b'] as const) {
      await page.getByRole('button', { name: 'Скачать' }).hover();
      // The browser asks for less motion (support/office.ts): the menu is there at once, without sliding in.
      await page.getByTestId(`download-${format}`).waitFor();
      expect(
        await page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').first().getAttribute('class'),
      ).not.toMatch(/ant-slide/);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId(`download-${format}`).click(),
      ]);
      const file = await download.path();
      // openssl() throws with its stderr when OpenSSL cannot read the file.
      const parsed =
        format === 'pem'
          ? openssl(['x509', '-in', file, '-noout', '-serial'])
          : openssl(['pkcs7', '-inform', 'DER', '-in', file, '-print_certs', '-noout']);
      if (format === 'pem')
        expect(parsed.stdout.toString('utf8').toUpperCase()).toContain(serial.toUpperCase());
    }

    // «Приостановить» → «Возобновить» → «Отозвать» (reason, confirmation) → «Удалить».
    await page.getByTestId('action-suspend').click();
    await confirmPopup(page);
    await expectStatus(page, 'suspended');
    await page.getByTestId('action-resume').click();
    await confirmPopup(page);
    await expectStatus(page, 'valid');
    expect(await page.getByTestId('action-delete').isDisabled()).toBe(true);

    // «Обновить»: a new key under a new PIN; the old certificate revoked as superseded.
    await page.getByTestId('action-renew').click();
    const renewDialog = page.getByRole('dialog');
    await renewDialog.getByTestId('key-pin').fill(KEY_PIN);
    await renewDialog.getByTestId('key-pin-confirmation').fill(KEY_PIN);
    await renewDialog.getByTestId('renew-revoke-old').check();
    await page.getByTestId('renew-confirm').click();
    await page.waitForURL(
      (url) => url.pathname.startsWith('/certificates/') && !url.pathname.endsWith(serial),
    );
    await expectStatus(page, 'valid');
    const renewed = await started().office.server.db.query<{ status: string; revocation_reason: string }>(
      'SELECT status, revocation_reason FROM certificates WHERE serial = $1',
      [serial],
    );
    expect(renewed.rows[0]).toEqual({ status: 'revoked', revocation_reason: 'superseded' });

    await page.getByTestId('action-revoke').click();
    await page.getByTestId('revoke-reason').click();
    await page.getByTitle('Компрометация ключа').click();
    await page.getByTestId('revoke-confirm').click();
    await expectStatus(page, 'revoked');
    await screenshot(page, 'operator-certificate-revoked');
    await page.getByTestId('action-delete').click();
    await confirmPopup(page);
    await page.waitForURL((url) => url.pathname === `/users/${user.id}`);
    await page.getByText('Сертификат удалён').waitFor();

    // The users list finds the user by surname.
    await page.goto(`${started().office.url}/users`);
    await page.getByTestId('users-search').locator('input').fill(IVANOV_PERSON.surname);
    await page.getByTestId('users-table').getByText(user.login).waitFor();
    await expectAccessible(page, 'users list');
    await screenshot(page, 'operator-users');

    // A second certificate, for the user's own cabinet below.
    const issued = await page.request.post(`${started().office.url}/api/v1/users/${user.id}/certificates`, {
      data: { pin: KEY_PIN, pinConfirmation: KEY_PIN },
    });
    expect(issued.status()).toBe(201);
  });

  it("asks for the users list before the office's code has arrived, and asks again when that answer was not a 200", async () => {
    const { office, browser } = started();
    /** The list's requests of a cold load of /users; `failFirst` answers the first with a 500. */
    async function coldLoad(failFirst: boolean) {
      const profile = await newProfile(browser, office, operator);
      profiles.push(profile);
      const page = await profile.newPage();
      // The page as the server sends it when it does not render the list itself (its rendering
      // thread still loading or busy): the early script is then what asks first.
      await page.route(`${office.url}/users`, async (route) => {
        const response = await route.fetch();
        // What the server put before the office's root: the rendered list, its styles, its answers.
        const body = (await response.text()).replace(/(<body>)[\s\S]*?(<div id="root"><\/div>)/, '$1$2');
        expect(body).not.toContain('<div id="podpis-rendered-page"');
        await route.fulfill({ response, body });
      });
      const listRequests: string[] = [];
      let listAsked: () => void = () => undefined;
      const asked = new Promise<void>((resolve) => {
        listAsked = resolve;
      });
      await page.route(/\/api\/v1\/users\?/, async (route) => {
        listRequests.push(route.request().url());
        listAsked();
        if (failFirst && listRequests.length === 1) {
          await route.fulfill({
            status: 500,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'about:blank',
              title: 'Internal error',
              status: 500,
              code: 'INTERNAL',
            }),
          });
        } else {
          await route.continue();
        }
      });
      // The office's entry script is held back until the list was asked for (or 20 s have passed):
      // only the early script, which runs without it, can have asked.
      let askedBeforeOffice: boolean | undefined;
      await page.route(/\/assets\/office-[\w-]+\.js$/, async (route) => {
        askedBeforeOffice ??= await Promise.race([
          asked.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(resolve, 20_000, false)),
        ]);
        await route.continue();
      });
      await page.goto(`${office.url}/users`);
      await page.getByTestId('users-table').getByText(user.login).waitFor();
      return { askedBeforeOffice, listRequests };
    }

    const early = await coldLoad(false);
    expect(early.askedBeforeOffice).toBe(true);
    // The page took the early answer instead of asking again.
    expect(early.listRequests).toEqual([`${office.url}/api/v1/users?limit=20&offset=0`]);

    // An early answer that is not a 200 is not shown: the page asks for itself.
    const failed = await coldLoad(true);
    expect(failed.askedBeforeOffice).toBe(true);
    expect(failed.listRequests).toHaveLength(2);
  });

  it("shows the users list the server rendered before any of the office's code has run, and the office takes it over unchanged", async () => {
    const { office, browser } = started();
    // A zone far from the server's (UTC): the rendered page's times must be the reader's.
    const profile = await newProfile(browser, office, operator, { timezoneId: 'Asia/Vladivostok' });
    profiles.push(profile);
    const page = await profile.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const apiRequests: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/')) apiRequests.push(pathname);
    });
    // While held, every script waits until released: until then what shows is the server's alone.
    let held: { promise: Promise<void>; release: () => void } | undefined;
    const hold = () => {
      let release: () => void = () => undefined;
      const promise = new Promise<void>((resolve) => {
        release = resolve;
      });
      held = { promise, release };
    };
    const release = () => {
      held?.release();
      held = undefined;
    };
    await page.route(/\/assets\/[\w.-]+\.m?js$/, async (route) => {
      await held?.promise;
      await route.continue();
    });
    const rendered = page.locator('#podpis-rendered-page');
    // The registration times, which a browser's first visit gets unseen (its zone is not known yet).
    const times = page
      .getByTestId('users-table')
      .locator('td')
      .filter({ hasText: /^\d\d\.\d\d\.\d{4} \d\d:\d\d$/ });

    /** A visit with the scripts held: the server's picture, then the office's page once they are released. */
    async function visit(): Promise<{
      picture: Buffer;
      pendingTimes: boolean[];
      page: () => Promise<Buffer>;
    }> {
      apiRequests.length = 0;
      hold();
      const response = await page.goto(`${office.url}/users`, { waitUntil: 'commit' });
      expect(response?.headers()['cache-control']).toBe('private, no-store');
      await rendered.getByTestId('users-table').getByText(user.login).waitFor();
      // A picture: nothing on it takes a click or a key until the office has replaced it.
      expect(await rendered.evaluate((element) => (element as HTMLElement).inert)).toBe(true);
      const picture = await page.screenshot({ mask: [times] });
      const pending = rendered.locator('.podpis-time-pending');
      const pendingTimes = await Promise.all((await pending.all()).map((time) => time.isVisible()));
      release();
      await rendered.waitFor({ state: 'detached' });
      await page.getByTestId('users-table').getByText(user.login).waitFor();
      // It took the answers the page carried: it asked the API neither who is signed in nor for the list.
      expect(apiRequests.filter((path) => path === '/api/v1/whoami' || path === '/api/v1/users')).toEqual([]);
      return { picture, pendingTimes, page: () => page.screenshot({ mask: [times] }) };
    }

    // A browser's first visit: the list is rendered, its times unseen; the office shows them.
    const first = await visit();
    expect(first.pendingTimes.length).toBeGreaterThan(0);
    expect(first.pendingTimes.every((visible) => !visible)).toBe(true);
    await expect
      .poll(async () => differingPixels(first.picture, await first.page()), { timeout: 10_000 })
      .toBe(0);

    // The office has told the server the reader's zone and language (cookies): now the times are
    // rendered too, in the reader's zone, and the office settles on the very same pixels.
    hold();
    const response = page.goto(`${office.url}/users`, { waitUntil: 'commit' });
    await rendered.getByTestId('users-table').getByText(user.login).waitFor();
    expect(await times.count()).toBeGreaterThan(0);
    await expect.poll(() => times.first().isVisible()).toBe(true);
    // Below Ant Design's «lg» width the layout depends on the window, which the server does not know.
    await page.setViewportSize({ width: 768, height: 900 });
    await expect.poll(() => rendered.isVisible()).toBe(false);
    await page.setViewportSize({ width: 1366, height: 900 });
    await expect.poll(() => rendered.isVisible()).toBe(true);
    const picture = await page.screenshot();
    expect(await rendered.locator('.podpis-time-pending').count()).toBe(0);
    release();
    await response;
    await rendered.waitFor({ state: 'detached' });
    await expect
      .poll(async () => differingPixels(picture, await page.screenshot()), { timeout: 10_000 })
      .toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('makes the user change the temporary password, then shows their certificates and takes a renewal request', async () => {
    expect(user.temporaryPassword, 'the operator step ran first').not.toBe('');
    const page = await open();
    // By keyboard alone: the login field has the focus, Tab moves on, Enter submits.
    await page.getByLabel('Логин').waitFor();
    await page.keyboard.type(user.login);
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.temporaryPassword);
    await page.keyboard.press('Enter');
    await page.getByLabel('Текущий пароль').fill(user.temporaryPassword);
    await page.getByLabel('Новый пароль', { exact: true }).fill(USER_PASSWORD);
    await page.getByLabel('Повторите новый пароль').fill(USER_PASSWORD);
    await expectAccessible(page, 'forced password change');
    await screenshot(page, 'user-forced-password-change');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.waitForURL('**/my/certificates');
    await page.getByTestId('my-certificate-link').first().waitFor();
    await expectAccessible(page, 'my certificates');
    await screenshot(page, 'user-certificates');
    await page.getByTestId('my-certificate-link').first().click();
    await expectStatus(page, 'valid');
    // «Сменить ПИН-код»: a wrong current PIN is counted and said so; the right one changes it.
    await page.getByTestId('change-pin').click();
    await page.getByTestId('pin-current').fill('87654321');
    await page.getByTestId('pin-new').fill('Pin-2026-new');
    await page.getByTestId('pin-repeat').fill('Pin-2026-new');
    await page.getByTestId('change-pin-submit').click();
    await page.getByTestId('pin-attempts-left').waitFor();
    await page.getByTestId('pin-current').fill(KEY_PIN);
    await page.getByTestId('change-pin-submit').click();
    await page.getByTestId('change-pin-done').waitFor();
    await page.keyboard.press('Escape');

    await page.getByTestId('request-renewal').click();
    await page.getByTestId('renewal-comment').fill('Смена должности');
    await page.getByTestId('request-renewal-submit').click();
    await page.getByTestId('renewal-status').waitFor();
    expect(await page.getByTestId('renewal-status').getAttribute('data-renewal-status')).toBe('pending');
    await expectAccessible(page, 'my certificate');
    await screenshot(page, 'user-certificate');

    // The operator approves the renewal with a temporary PIN for the new key.
    const operatorPage = await open(operator, '/renewals');
    await operatorPage.getByTestId('approve-renewal').first().click();
    await operatorPage.getByTestId('renewal-pin').fill(KEY_PIN);
    await operatorPage.getByTestId('renewal-pin-confirmation').fill(KEY_PIN);
    await operatorPage.getByTestId('approve-renewal-submit').click();
    await operatorPage.getByTestId('approve-renewal-done').waitFor();
    await expectAccessible(operatorPage, 'renewal approved');

    await page.reload();
    await expect
      .poll(() => page.getByTestId('renewal-status').getAttribute('data-renewal-status'))
      .toBe('approved');

    // When the session ends on the server, the next step returns to the sign-in page with the reason.
    await started().office.server.db.query('DELETE FROM sessions');
    await page.goto(`${started().office.url}/my/certificates`);
    await page.getByText('Сеанс завершён. Войдите снова.').first().waitFor();
  });

  it('fits a tablet screen', async () => {
    const { office, browser } = started();
    const profile = await newProfile(browser, office, operator, { viewport: { width: 768, height: 1024 } });
    profiles.push(profile);
    const page = await profile.newPage();
    await page.goto(`${office.url}/users/${user.id}`);
    await page.getByTestId('profile-descriptions').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'user page on a tablet');
    await screenshot(page, 'tablet-user');
  });
});
