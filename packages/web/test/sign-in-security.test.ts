import { Secret, TOTP } from 'otpauth';
import { type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import { TestDevice } from '../../server/test/support/device.js';
import {
  apiContext,
  expectAccessible,
  launchBrowser,
  newProfile,
  screenshot,
  startOffice,
  type ClientCertificate,
  type Office,
} from './support/office.js';

const USER_PASSWORD = 'Moscow2026';

/** The code an authenticator app shows for `secret` at `time`: what the user would read off the phone. */
function codeAt(secret: string, time: number): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: time,
  });
}

/**
 * Sign-in security in a real Chromium: a user sets up an authenticator app
 * from the cabinet (QR code, key as text, recovery codes shown once), signs
 * out and back in with the password and a code; another adds a security
 * key (Chrome's virtual authenticator) and signs in with it; one with an
 * enrolled device approves the sign-in there; an administrator then
 * requires a second factor of users, and a user without one may only set it up.
 */
describe('sign-in security in Chromium', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  const contexts: APIRequestContext[] = [];

  function started(): { office: Office; browser: Browser } {
    if (!office || !browser) throw new Error('the office did not start');
    return { office, browser };
  }

  async function api(certificate?: Office['admin']): Promise<APIRequestContext> {
    const { office } = started();
    const context = await apiContext(office, certificate);
    contexts.push(context);
    return context;
  }

  /** An operator registers the user; the forced password change goes through the API (the office's own test walks it). */
  async function user(operator: APIRequestContext, login: string): Promise<string> {
    const created = await operator.post('/api/v1/users', { data: { login, profile: IVANOV_PERSON } });
    expect(created.status(), await created.text()).toBe(201);
    const { temporaryPassword, user: account } = (await created.json()) as {
      temporaryPassword: string;
      user: { id: string };
    };
    const session = await api();
    const signedIn = await session.post('/api/v1/session', { data: { login, password: temporaryPassword } });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const changed = await session.post('/api/v1/session/password', {
      headers: { 'x-csrf-token': csrfToken },
      data: { password: temporaryPassword, newPassword: USER_PASSWORD },
    });
    expect(changed.status()).toBe(204);
    return account.id;
  }

  async function signInWithPassword(page: Page, login: string): Promise<void> {
    await page.goto(started().office.url);
    await page.getByLabel('Логин').fill(login);
    await page.getByLabel('Пароль').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
  }

  let operator: APIRequestContext | undefined;
  let operatorCertificate: ClientCertificate | undefined;
  let petrova = '';

  beforeAll(async () => {
    [office, browser] = await Promise.all([startOffice(), launchBrowser()]);
    const admin = await api(office.admin);
    const registered = await admin.post('/api/v1/operators', { data: { login: 'operator-security' } });
    expect(registered.status(), await registered.text()).toBe(201);
    const { id } = (await registered.json()) as { id: string };
    const issued = await admin.post(`/api/v1/operators/${id}/client-certificate`);
    const bundle = (await issued.json()) as { pkcs12: string; password: string };
    operatorCertificate = { pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password };
    operator = await api(operatorCertificate);
    petrova = await user(operator, 'petrova');
  });
  afterAll(async () => {
    for (const context of contexts) await context.dispose();
    await browser?.close();
    await office?.close();
  });

  it('user sets up an authenticator app → signs out → signs in with password and a code from the app', async () => {
    const { browser, office } = started();
    const page = await (await newProfile(browser, office)).newPage();
    await signInWithPassword(page, 'petrova');
    await page.waitForURL('**/my/certificates');

    await page.getByRole('menuitem', { name: 'Безопасность входа' }).click();
    await page.waitForURL('**/my/security');
    await expect.poll(() => page.getByTestId('totp-status').innerText()).toBe('Не подключено');
    await page.getByTestId('totp-enable').click();
    await page.getByTestId('totp-qr').waitFor();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectAccessible(page, 'authenticator app set-up');
    await screenshot(page, 'user-sign-in-security-totp');

    await page.getByLabel('Код из приложения').fill('000000');
    await page.getByTestId('totp-confirm').click();
    await page.getByText('Код не подошёл', { exact: false }).waitFor();
    await page.getByLabel('Код из приложения').fill(codeAt(secret, Date.now()));
    await page.getByTestId('totp-confirm').click();
    await expect.poll(() => page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await expectAccessible(page, 'recovery codes');
    await page.getByTestId('recovery-codes-saved').click();
    await expect.poll(() => page.getByTestId('totp-status').innerText()).toBe('Подключено');
    await expect.poll(() => page.getByTestId('recovery-codes-left').innerText()).toContain('10');

    await page.getByRole('button', { name: 'Выйти' }).click();
    await signInWithPassword(page, 'petrova');
    await page.getByTestId('second-factor').waitFor();
    await expectAccessible(page, 'second step of the sign-in');
    await screenshot(page, 'user-sign-in-second-factor');
    // The code of the enrolment's step is spent; the app's next one (still in the window) is not.
    await page.getByLabel('Код', { exact: true }).fill(codeAt(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.waitForURL('**/my/certificates');
    await page.getByTestId('signed-in-as').waitFor();
  });

  it("user adds a security key (Chrome's virtual authenticator) → signs in with password and the key", async () => {
    const { browser, office } = started();
    if (!operator) throw new Error('no operator');
    await user(operator, 'orlova');
    const page = await (await newProfile(browser, office)).newPage();
    // A CTAP2 key with user verification, answering without a touch: what a YubiKey with a PIN does for the page.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await signInWithPassword(page, 'orlova');
    await page.waitForURL('**/my/certificates');
    await page.getByRole('menuitem', { name: 'Безопасность входа' }).click();
    await page.getByLabel('Название ключа').fill('YubiKey 5');
    await page.getByTestId('security-key-add').click();
    await expect.poll(() => page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await page.getByTestId('recovery-codes-saved').click();
    await expect.poll(() => page.getByTestId('security-keys').innerText()).toContain('YubiKey 5');
    expect(await page.getByTestId('security-keys').innerText()).toContain('не использовался');
    await expectAccessible(page, 'sign-in security with a security key');
    await screenshot(page, 'user-sign-in-security');

    await page.getByRole('button', { name: 'Выйти' }).click();
    await signInWithPassword(page, 'orlova');
    await page.getByTestId('second-factor').waitFor();
    await page.getByTestId('second-factor-key').click();
    await page.waitForURL('**/my/certificates');
    await page.getByRole('menuitem', { name: 'Безопасность входа' }).click();
    await expect.poll(() => page.getByTestId('security-keys').innerText()).not.toContain('не использовался');
  });

  it('user with an enrolled device → password → «Подтвердить на моём устройстве» → the device shows the same code and approves → the cabinet', async () => {
    const { browser, office } = started();
    if (!operator) throw new Error('no operator');
    await user(operator, 'belova');
    const session = await api();
    const signedIn = await session.post('/api/v1/session', {
      data: { login: 'belova', password: USER_PASSWORD },
    });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const enrolment = await session.post('/api/v1/me/devices/enrolments', {
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(enrolment.status(), await enrolment.text()).toBe(201);
    const { activationCode } = (await enrolment.json()) as { activationCode: string };
    // podpis-authenticator's protocol, spoken in-process to the office's server.
    const device = await TestDevice.enrolWithCode({ app: office.server.app }, activationCode, 'Телефон');

    const page = await (await newProfile(browser, office)).newPage();
    await signInWithPassword(page, 'belova');
    await page.getByTestId('second-factor').waitFor();
    await page.getByTestId('second-factor-device').click();
    const code = page.getByTestId('device-code');
    await code.waitFor();
    await page.getByText('Подтвердите вход на своём устройстве').waitFor();
    await screenshot(page, 'user-sign-in-device');
    const [signIn] = (await device.pending()).filter((operation) => operation.kind === 'sign-in');
    expect(signIn?.verificationCode).toBe(await code.innerText());
    expect(signIn?.signIn?.userAgent).toContain('Chrome');
    const decided = await device.decide(device.approvalOf(signIn!));
    expect(decided.reply).toMatchObject({ outcome: 'approved' });
    await page.waitForURL('**/my/certificates');
    await page.getByRole('menuitem', { name: 'Безопасность входа' }).click();
    await expect.poll(() => page.getByTestId('device-factor-status').innerText()).toBe('Есть устройство');
  });

  it('administrator requires a second factor of users → a user without one sees only the set-up page', async () => {
    const { browser, office } = started();
    const adminPage = await (await newProfile(browser, office, office.admin)).newPage();
    await adminPage.goto(`${office.url}/operators`);
    const toggle = adminPage.getByTestId('second-factor-required');
    await toggle.waitFor();
    await expectAccessible(adminPage, 'operators page with the second-factor policy');
    await toggle.click();
    await adminPage.getByText('Требование сохранено').waitFor();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');

    if (!operator) throw new Error('no operator');
    await user(operator, 'sokolov');
    const page = await (await newProfile(browser, office)).newPage();
    await signInWithPassword(page, 'sokolov');
    await page.getByText('Администратор требует второй фактор для входа', { exact: false }).waitFor();
    await page.goto(`${office.url}/my/certificates`);
    // Every address shows the set-up page until a factor is enabled.
    await page.getByTestId('totp-enable').waitFor();
    await expectAccessible(page, 'sign-in security required');
  });

  it('operator removes the second factor of a user who lost it → the password alone signs in again', async () => {
    const { browser, office } = started();
    if (!operatorCertificate) throw new Error('no operator');
    const page = await (await newProfile(browser, office, operatorCertificate)).newPage();
    await page.goto(`${office.url}/users/${petrova}`);
    await page.getByTestId('reset-second-factor').click();
    await page.getByRole('tooltip').getByRole('button').last().click();
    await page.getByText('Второй фактор сброшен').waitFor();
    const signIn = await (
      await api()
    ).post('/api/v1/session', { data: { login: 'petrova', password: USER_PASSWORD } });
    expect(await signIn.json()).toMatchObject({ secondFactorRequired: false });
  });
});
