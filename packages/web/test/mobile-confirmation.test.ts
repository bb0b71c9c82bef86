import { readFileSync } from 'node:fs';
import { type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf } from '../../pki/test/support/pdf.js';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import { launchPhoneBrowser, phone } from './support/phone.js';
import {
  apiContext,
  expectAccessible,
  newProfile,
  screenshot,
  startOffice,
  type Office,
} from './support/office.js';
import { qrCodeOn } from './support/qr.js';

const KEY_PIN = '12345678';
const USER_PASSWORD = 'Moscow2026';

/**
 * Mobile confirmation as the manual has it, in two browsers: the holder's
 * computer (the cabinet) and phone (Podpis mobile with Chrome's virtual
 * platform authenticator). The phone enrols from the QR code on the
 * computer's screen; signing a PDF then waits for the phone, where the
 * same verification code shows; approving there (and the key's PIN on the
 * computer) signs it. A declined operation signs nothing; without network
 * the phone reads the computer's QR code and answers with eight digits.
 */
describe('mobile confirmation in Chromium: the cabinet and the phone', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  let desktop: Page | undefined;
  let mobile: { context: BrowserContext; page: Page } | undefined;
  const contexts: APIRequestContext[] = [];
  let pdf = Buffer.alloc(0);
  /** The operator and the holder's session through the API, for the set-up of a test's certificate and message. */
  let staff:
    { operator: APIRequestContext; user: string; session: APIRequestContext; csrf: string } | undefined;

  function started() {
    if (!office || !browser || !desktop || !mobile) throw new Error('the office did not start');
    return { office, browser, desktop, phone: mobile.page };
  }

  async function api(certificate?: Office['admin']): Promise<APIRequestContext> {
    if (!office) throw new Error('the office did not start');
    const context = await apiContext(office, certificate);
    contexts.push(context);
    return context;
  }

  /** Administrator → operator → holder with a certificate whose key has a PIN (so confirmation is device+pin). */
  async function holder(): Promise<string> {
    const admin = await api(office?.admin);
    const registered = await admin.post('/api/v1/operators', { data: { login: 'operator-mobile' } });
    const { id } = (await registered.json()) as { id: string };
    const issued = await admin.post(`/api/v1/operators/${id}/client-certificate`);
    const bundle = (await issued.json()) as { pkcs12: string; password: string };
    const operator = await api({ pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password });
    const user = await operator.post('/api/v1/users', { data: { login: 'mobile', profile: IVANOV_PERSON } });
    expect(user.status(), await user.text()).toBe(201);
    const created = (await user.json()) as { user: { id: string }; temporaryPassword: string };
    const certificate = await operator.post(`/api/v1/users/${created.user.id}/certificates`, {
      data: { pin: KEY_PIN, pinConfirmation: KEY_PIN, keySpec: 'ecdsa-p256' },
    });
    expect(certificate.status(), await certificate.text()).toBe(201);
    const session = await api();
    const signedIn = await session.post('/api/v1/session', {
      data: { login: 'mobile', password: created.temporaryPassword },
    });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    await session.post('/api/v1/session/password', {
      headers: { 'x-csrf-token': csrfToken },
      data: { password: created.temporaryPassword, newPassword: USER_PASSWORD },
    });
    staff = { operator, user: created.user.id, session, csrf: csrfToken };
    return 'mobile';
  }

  beforeAll(async () => {
    pdf = Buffer.from(await samplePdf());
    office = await startOffice();
    browser = await launchPhoneBrowser(office.url);
    const login = await holder();
    const profile = await newProfile(browser, office);
    desktop = await profile.newPage();
    await desktop.goto(office.url);
    await desktop.getByLabel('Логин').fill(login);
    await desktop.getByLabel('Пароль').fill(USER_PASSWORD);
    await desktop.getByRole('button', { name: 'Войти', exact: true }).click();
    await desktop.waitForURL('**/my/certificates');
    mobile = await phone(browser);
  });
  afterAll(async () => {
    for (const context of contexts) await context.dispose();
    await browser?.close();
    await office?.close();
  });

  /** Drops the sample PDF on the sign page and asks to sign it. */
  async function signPdf(page: Page): Promise<void> {
    await page.getByRole('menuitem', { name: 'Подписать документы' }).click();
    await page.waitForURL('**/my/sign');
    await page.getByTestId('sign-submit').waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: 'contract.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await page.getByTestId('sign-file').waitFor();
    await page.getByTestId('sign-submit').click();
  }

  /** The verification codes both screens show, once the phone lists the operation. */
  async function codes(desktop: Page, phone: Page): Promise<[string, string]> {
    const onDesktop = await desktop.getByTestId('device-verification-code').innerText();
    await phone.getByRole('button', { name: 'Операции' }).click();
    const card = phone.getByTestId('verification-code');
    await card.waitFor({ timeout: 15_000 });
    return [onDesktop, await card.innerText()];
  }

  it('enrols the phone from the QR code on the «Мои устройства» page', async () => {
    const { office, desktop, phone } = started();
    await desktop.getByRole('menuitem', { name: 'Мои устройства' }).click();
    await desktop.waitForURL('**/my/devices');
    await desktop.getByTestId('enrol-device').click();
    await desktop.getByTestId('enrolment-qr').waitFor();
    const link = await qrCodeOn(desktop, 'enrolment-qr');
    expect(link).toMatch(new RegExp(`^${office.url}/mobile/#enrol=[0-9A-Z]+$`));
    await expectAccessible(desktop, 'device enrolment dialog');
    await screenshot(desktop, 'user-device-enrolment');

    await phone.goto(link);
    await phone.getByRole('button', { name: 'Продолжить' }).click();
    await phone.getByLabel('Название устройства').fill('Мой телефон');
    await expectAccessible(phone, 'mobile enrolment: naming the device');
    await phone.getByRole('button', { name: 'Подключить' }).click();
    await phone.getByRole('heading', { name: 'Операции на подтверждение' }).waitFor();
    expect(new URL(phone.url()).hash).toBe('');

    await desktop.getByTestId('enrolment-completed').waitFor();
    await desktop.getByTestId('enrolment-close').click();
    await desktop.getByTestId('device-list').getByText('Мой телефон').waitFor();
    await expectAccessible(desktop, 'my devices');
    await screenshot(desktop, 'user-devices');
  });

  it('signs a PDF after the phone approves it: the same verification code on both screens, then the key PIN', async () => {
    const { desktop, phone } = started();
    await signPdf(desktop);
    const [onDesktop, onPhone] = await codes(desktop, phone);
    expect(onDesktop).toMatch(/^\d{4}$/);
    expect(onPhone).toBe(onDesktop);
    await phone.getByText('contract.pdf').first().waitFor();
    await expectAccessible(phone, 'mobile pending operation');
    await screenshot(phone, 'mobile-pending');
    await phone.getByRole('button', { name: 'Подтвердить' }).click();
    await phone.getByText('Подтверждено: введите ПИН-код в кабинете.').waitFor();

    await desktop.getByTestId('key-pin').fill(KEY_PIN);
    await desktop.getByTestId('key-pin-submit').click();
    await desktop.getByTestId('sign-results').waitFor();
    const [download] = await Promise.all([
      desktop.waitForEvent('download'),
      desktop.getByTestId('sign-download-0').click(),
    ]);
    expect(download.suggestedFilename()).toBe('contract.pdf.p7s');
    expect(readFileSync(await download.path()).length).toBeGreaterThan(500);
  });

  it('signs nothing when the phone declines', async () => {
    const { desktop, phone } = started();
    await desktop.getByRole('button', { name: 'Начать заново' }).click();
    await signPdf(desktop);
    await codes(desktop, phone);
    await phone.getByRole('button', { name: 'Отклонить' }).click();
    await phone.getByText('Операция отклонена.').waitFor();
    await desktop.locator('[data-testid="device-confirm-status"][data-status="declined"]').waitFor();
    await desktop.getByTestId('device-confirm-cancel').click();
  });

  it('confirms without network: the phone reads the QR code on the screen and answers with eight digits', async () => {
    const { desktop, phone } = started();
    await desktop.getByRole('button', { name: 'Начать заново' }).click();
    await signPdf(desktop);
    await desktop.getByTestId('device-offline-open').click();
    await desktop.getByTestId('device-offline-qr').waitFor();
    const text = await qrCodeOn(desktop, 'device-offline-qr');
    expect(text.startsWith('PODPIS-OFFLINE-1:')).toBe(true);

    await phone.getByRole('button', { name: 'Без сети' }).click();
    await phone.getByLabel('Текст QR-кода').fill(text);
    await phone.getByRole('button', { name: 'Показать код' }).click();
    const code = (await phone.getByTestId('offline-code').innerText()).replace(/\s/g, '');
    expect(code).toMatch(/^\d{8}$/);
    await expectAccessible(phone, 'mobile offline code');

    await desktop.getByTestId('device-offline-code').fill(code);
    await desktop.getByTestId('device-offline-pin').fill(KEY_PIN);
    await desktop.getByTestId('device-offline-submit').click();
    await desktop.getByTestId('sign-results').waitFor();
  });

  it('approves a sign-in to the cabinet on the phone: who, from where, the same code', async () => {
    const { office, browser, phone } = started();
    const computer = await (await newProfile(browser, office)).newPage();
    await computer.goto(office.url);
    await computer.getByLabel('Логин').fill('mobile');
    await computer.getByLabel('Пароль').fill(USER_PASSWORD);
    await computer.getByRole('button', { name: 'Войти', exact: true }).click();
    await computer.getByTestId('second-factor-device').click();
    const onComputer = await computer.getByTestId('device-code').innerText();

    await phone.getByRole('button', { name: 'Операции' }).click();
    const request = phone.getByTestId('sign-in-request');
    await request.waitFor({ timeout: 15_000 });
    expect(await request.getByTestId('verification-code').innerText()).toBe(onComputer);
    await request.getByRole('heading', { name: 'Вход в личный кабинет' }).waitFor();
    expect(await request.innerText()).toContain('IP-адрес');
    await expectAccessible(phone, 'mobile sign-in request');
    await screenshot(phone, 'mobile-sign-in');
    await request.getByRole('button', { name: 'Подтвердить' }).click();
    await phone.getByText('Вход подтверждён.').waitFor();
    await computer.waitForURL('**/my/certificates');
  });

  it('decrypts a message to a key confirmed on the device alone: the same code on both screens, no PIN, the content downloads', async () => {
    const { desktop, phone } = started();
    if (!staff) throw new Error('no holder');
    const issued = await staff.operator.post(`/api/v1/users/${staff.user}/certificates`, {
      data: { confirmation: 'device' },
    });
    expect(issued.status(), await issued.text()).toBe(201);
    const { serial } = (await issued.json()) as { serial: string };
    const content = Buffer.from('Письмо партнёру: цена 1 000 000 ₽\n');
    const encrypted = await staff.session.post('/api/v1/encryptions', {
      headers: { 'x-csrf-token': staff.csrf },
      data: { content: content.toString('base64'), recipients: [{ serial }] },
    });
    expect(encrypted.status(), await encrypted.text()).toBe(200);

    await desktop.getByRole('menuitem', { name: 'Расшифрование' }).click();
    await desktop.waitForURL('**/my/decrypt');
    // The sign page's own file input may linger until the decrypt page's code has loaded.
    await desktop.getByTestId('decrypt-submit').waitFor();
    await desktop
      .locator('input[type=file]')
      .first()
      .setInputFiles({
        name: 'letter.txt.p7m',
        mimeType: 'application/pkcs7-mime',
        buffer: await encrypted.body(),
      });
    await desktop.getByTestId('decrypt-file-chosen').waitFor();
    // The phone's list is open and listening to the server's event stream before the operation exists.
    await phone.getByRole('button', { name: 'Операции' }).click();
    await phone.locator('section[data-live="stream"]').waitFor();
    await phone.getByText('Нет операций, ожидающих подтверждения.').waitFor();
    // The new certificate is the newest, so it is the one chosen.
    await desktop.getByTestId('decrypt-submit').click();
    const onDesktop = await desktop.getByTestId('device-verification-code').innerText();
    // The stream's hint brings it: with the stream up, the phone polls only once a minute.
    const onPhone = phone.getByTestId('verification-code');
    await onPhone.waitFor({ timeout: 10_000 });
    expect(await onPhone.innerText()).toBe(onDesktop);
    await expectAccessible(desktop, 'decrypt: waiting for the device');
    await screenshot(desktop, 'user-device-waiting');
    await desktop.getByTestId('device-offline-open').click();
    await desktop.getByTestId('device-offline-qr').waitFor();
    await screenshot(desktop, 'user-device-offline');

    const [download] = await Promise.all([
      desktop.waitForEvent('download'),
      phone.getByRole('button', { name: 'Подтвердить' }).click(),
    ]);
    await phone.getByText('Подтверждено: операция выполнена.').waitFor();
    expect(download.suggestedFilename()).toBe('letter.txt');
    expect(readFileSync(await download.path())).toEqual(content);
    await desktop.getByTestId('decrypt-done').waitFor();
  });

  it('shows the device on the phone and blocks it from the cabinet', async () => {
    const { desktop, phone } = started();
    await phone.getByRole('button', { name: 'Устройство' }).click();
    await phone.getByText('Мой телефон').waitFor();
    await expectAccessible(phone, 'mobile device information');
    await desktop.getByRole('menuitem', { name: 'Мои устройства' }).click();
    await desktop.getByTestId('device-block').click();
    await desktop.locator('[data-status="blocked"]').waitFor();
    await phone.getByRole('button', { name: 'Операции' }).click();
    await phone.getByText('Устройство заблокировано. Разблокируйте его в кабинете.').waitFor();
  });

  it('lets the administrator require a device for everyone, in the confirmation policy', async () => {
    const { office, browser } = started();
    const profile = await newProfile(browser, office, office.admin);
    const page = await profile.newPage();
    await page.goto(office.url);
    await page.getByRole('menuitem', { name: 'Подтверждение операций' }).click();
    await page.waitForURL('**/confirmation-policy');
    const form = page.getByTestId('confirmation-policy');
    await form.getByText('Обязательно').click();
    await form.getByLabel('Срок действия подтверждения, с').fill('600');
    await expectAccessible(page, 'confirmation policy');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Политика сохранена').waitFor();
    const admin = await api(office.admin);
    const policy = (await (await admin.get('/api/v1/confirmation-policy')).json()) as {
      device: string;
      approvalSeconds: number;
    };
    expect(policy).toMatchObject({ device: 'required', approvalSeconds: 600 });
    await profile.close();
  });
});
