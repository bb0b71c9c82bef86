import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
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
const KEY_PIN = 'мой-пин-2026';

/**
 * Self-service certificate requests in Chromium against a real server: the
 * administrator lets employees correct their e-mail; the employee corrects
 * it and requests a certificate on a server key under their own PIN; the
 * operator checks the passport and approves; the employee sees the
 * certificate in the cabinet.
 */
describe('self-service certificate requests in the web office', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  const contexts: APIRequestContext[] = [];
  const profiles: BrowserContext[] = [];
  let operatorCertificate: ClientCertificate | undefined;
  const login = 'petrova.self';

  beforeAll(async () => {
    [office, browser] = await Promise.all([startOffice(), launchBrowser()]);
    const admin = await apiContext(office, office.admin);
    contexts.push(admin);
    const registered = await admin.post('/api/v1/operators', { data: { login: 'operator-self' } });
    expect(registered.status(), await registered.text()).toBe(201);
    const { id } = (await registered.json()) as { id: string };
    const issued = await admin.post(`/api/v1/operators/${id}/client-certificate`);
    const bundle = (await issued.json()) as { pkcs12: string; password: string };
    operatorCertificate = { pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password };
    const operator = await apiContext(office, operatorCertificate);
    contexts.push(operator);
    const created = await operator.post('/api/v1/users', { data: { login, profile: IVANOV_PERSON } });
    expect(created.status(), await created.text()).toBe(201);
    const { temporaryPassword } = (await created.json()) as { temporaryPassword: string };
    const session = await apiContext(office);
    contexts.push(session);
    const signedIn = await session.post('/api/v1/session', { data: { login, password: temporaryPassword } });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const changed = await session.post('/api/v1/session/password', {
      headers: { 'x-csrf-token': csrfToken },
      data: { password: temporaryPassword, newPassword: USER_PASSWORD },
    });
    expect(changed.status()).toBe(204);
  });
  afterAll(async () => {
    for (const profile of profiles) await profile.close();
    for (const context of contexts) await context.dispose();
    await browser?.close();
    await office?.close();
  });

  async function open(certificate: ClientCertificate | undefined, path: string): Promise<Page> {
    if (!office || !browser) throw new Error('the office did not start');
    const profile = await newProfile(browser, office, certificate);
    profiles.push(profile);
    const page = await profile.newPage();
    await page.goto(office.url + path);
    return page;
  }

  it('the administrator lets employees correct their e-mail', async () => {
    if (!office) throw new Error('the office did not start');
    const page = await open(office.admin, '/self-service');
    await page.getByRole('heading', { name: 'Правила самообслуживания' }).waitFor();
    await page.getByTestId('policy-editable-fields').getByText('Электронная почта').click();
    await page.getByTestId('policy-save').click();
    await page.getByText('Правила сохранены').waitFor();
    await expectAccessible(page, 'self-service policy');
  });

  it('employee requests → operator checks the passport and approves → employee sees the certificate', async () => {
    // The employee signs in, sees the data the operator registered and corrects the e-mail.
    const employee = await open(undefined, '/');
    await employee.getByLabel('Логин').fill(login);
    await employee.getByLabel('Пароль').fill(USER_PASSWORD);
    await employee.getByRole('button', { name: 'Войти', exact: true }).click();
    await employee.getByRole('menuitem', { name: 'Заявка на сертификат' }).click();
    await employee.getByTestId('registration-surname').filter({ hasText: 'Иванов' }).waitFor();
    await employee.getByTestId('correct-registration').click();
    await employee.getByTestId('correct-email').fill('petrova@example.ru');
    await employee.getByTestId('correct-registration-submit').click();
    await employee.getByTestId('registration-email').filter({ hasText: 'petrova@example.ru' }).waitFor();

    await employee.getByTestId('request-pin').fill(KEY_PIN);
    await employee.getByTestId('request-pin-confirmation').fill(KEY_PIN);
    await employee.getByTestId('request-submit').click();
    await employee.getByTestId('request-pending').waitFor();
    await employee
      .getByTestId('my-certificate-requests')
      .locator('[data-request-status="pending"]')
      .waitFor();
    await expectAccessible(employee, 'certificate request (employee)');
    await screenshot(employee, 'cabinet-certificate-request');

    // The operator finds it in the queue, records the passport check and approves.
    const operator = await open(operatorCertificate, '/');
    await operator.getByRole('menuitem', { name: 'Заявки на сертификаты' }).click();
    const row = operator.getByRole('row', { name: new RegExp(login.replace('.', '\\.')) });
    await row.locator('[data-request-status="pending"]').waitFor();
    await expectAccessible(operator, 'certificate requests (operator)');
    await screenshot(operator, 'operator-certificate-requests');
    await row.getByTestId('approve-request').click();
    await operator.getByRole('combobox', { name: 'Документ' }).click();
    await operator.locator('.ant-select-item-option').filter({ hasText: 'Паспорт гражданина РФ' }).click();
    await operator.getByTestId('request-document-last4').fill('6789');
    await operator.getByTestId('approve-request-submit').click();
    await operator.getByTestId('issued-certificate-link').waitFor();
    await operator.getByTestId('approve-request-done').click();
    await operator.getByTestId('request-status-filter').getByText('Все').click();
    await operator.getByTestId('identity-check').filter({ hasText: 'Паспорт гражданина РФ …6789' }).waitFor();

    // The employee sees the request approved and opens the certificate.
    await employee.reload();
    await employee
      .getByTestId('my-certificate-requests')
      .locator('[data-request-status="approved"]')
      .waitFor();
    await employee.getByTestId('request-certificate-link').waitFor();
    // The cabinet's first page tells of the issued certificate too.
    await employee.getByRole('menuitem', { name: 'Мои сертификаты' }).click();
    const notice = employee.getByTestId('request-notice');
    await notice.filter({ hasText: 'Сертификат по вашей заявке выпущен' }).waitFor();
    await expectAccessible(employee, 'my certificates with the request notice');
    await notice.getByRole('link', { name: 'Открыть сертификат' }).click();
    await employee.waitForURL('**/my/certificates/*');
    await employee.locator('[data-status="valid"]').first().waitFor();
    expect(await employee.content()).toContain('Иванов Иван Иванович');
    expect(await employee.content()).not.toContain(KEY_PIN);
  });

  it('operator declines a request with a reason → the employee reads it', async () => {
    if (!office) throw new Error('the office did not start');
    // A second request, sent as a company system would, after the first was approved.
    const session = await apiContext(office);
    contexts.push(session);
    const signedIn = await session.post('/api/v1/session', { data: { login, password: USER_PASSWORD } });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const requested = await session.post('/api/v1/me/certificate-requests', {
      headers: { 'x-csrf-token': csrfToken },
      data: { key: { type: 'server', pin: KEY_PIN, pinConfirmation: KEY_PIN } },
    });
    expect(requested.status(), await requested.text()).toBe(201);

    const operator = await open(operatorCertificate, '/certificate-requests');
    const row = operator
      .getByRole('row', { name: new RegExp(login.replace('.', '\\.')) })
      .filter({ has: operator.locator('[data-request-status="pending"]') });
    await row.getByTestId('reject-request').click();
    // A reason is required: the dialog says so instead of sending an empty one.
    await operator.getByTestId('reject-request-submit').click();
    await operator.getByText('Укажите причину').waitFor();
    await operator
      .getByTestId('request-reject-reason')
      .fill('Паспорт не совпадает с данными кадровой службы');
    await operator.getByTestId('reject-request-submit').click();
    await operator.getByTestId('request-reject-reason').waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });

    const employee = await open(undefined, '/');
    await employee.getByLabel('Логин').fill(login);
    await employee.getByLabel('Пароль').fill(USER_PASSWORD);
    await employee.getByRole('button', { name: 'Войти', exact: true }).click();
    await employee.getByRole('menuitem', { name: 'Заявка на сертификат' }).click();
    await employee
      .getByTestId('request-rejection')
      .filter({ hasText: 'Паспорт не совпадает с данными кадровой службы' })
      .waitFor();
  });
});
