import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Confirms an antd Popconfirm opened by the last click. */
async function confirmPopup(page: Page): Promise<void> {
  await page.getByRole('tooltip').getByRole('button').last().click();
}

/**
 * Operators and administrators in the office: signing out with a client
 * certificate (the browser still presents it, the office does not sign back
 * in by itself), the administrator locking and disabling an operator, and a
 * revoked operator certificate named on the sign-in page.
 */
describe('staff accounts in the office', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  const contexts: APIRequestContext[] = [];
  const operator = { id: '', serial: '', certificate: undefined as ClientCertificate | undefined };

  beforeAll(async () => {
    [office, browser] = await Promise.all([startOffice(), launchBrowser()]);
    const admin = await apiContext(office, office.admin);
    contexts.push(admin);
    const registered = await admin.post('/api/v1/operators', {
      data: { login: 'operator-staff', displayName: 'Сидорова Елена Викторовна' },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    operator.id = ((await registered.json()) as { id: string }).id;
    const issued = await admin.post(`/api/v1/operators/${operator.id}/client-certificate`);
    const bundle = (await issued.json()) as { pkcs12: string; password: string; serial: string };
    operator.serial = bundle.serial;
    operator.certificate = { pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password };
  });
  afterAll(async () => {
    for (const context of contexts) await context.dispose();
    await browser?.close();
    await office?.close();
  });

  async function open(certificate: ClientCertificate | undefined): Promise<Page> {
    if (!office || !browser) throw new Error('the office did not start');
    const profile = await newProfile(browser, office, certificate);
    const page = await profile.newPage();
    await page.goto(office.url);
    return page;
  }

  it('the administrator signs out: the certificate no longer opens the office until «Войти по сертификату»', async () => {
    if (!office) throw new Error('the office did not start');
    const page = await open(office.admin);
    await page.waitForURL('**/operators');
    // The header names the person only (the first administrator is called «Администратор УЦ»), not login · role.
    expect((await page.getByTestId('signed-in-as').innerText()).trim()).toBe('Администратор УЦ');
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signed-out').waitFor();
    expect(await page.getByTestId('signed-out').innerText()).toContain('закройте браузер');
    await expectAccessible(page, 'signed out');
    await screenshot(page, 'signed-out');
    // The browser still presents the certificate: a reload stays on the sign-in page and says why.
    await page.reload();
    await page.getByTestId('signed-out').waitFor();
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
    await page.getByTestId('certificate-sign-in').click();
    await page.getByTestId('signed-in-as').waitFor();
    await page.getByTestId(`operator-row-operator-staff`).waitFor();
  });

  it('the administrator renames, locks, unlocks, disables and enables an operator', async () => {
    if (!office || !operator.certificate) throw new Error('the office was not populated');
    const page = await open(office.admin);
    const row = page.getByTestId('operator-row-operator-staff');
    await row.waitFor();
    // The own account offers no lock or disable.
    const own = page.locator('[data-testid^="operator-row-admin"]');
    expect(await own.getByTestId('lock-operator').count()).toBe(0);

    await row.getByTestId('edit-operator').click();
    await page.getByTestId('edit-operator-name').fill('Сидорова Е. В.');
    await page.getByTestId('edit-operator-submit').click();
    await row.getByText('Сидорова Е. В.').waitFor();

    await row.getByTestId('lock-operator').click();
    await page.getByTestId('operator-reason').fill('отпуск');
    await confirmPopup(page);
    await row.locator('[data-status="locked"]').waitFor();
    const locked = await open(operator.certificate);
    await locked.getByText('Учётная запись заблокирована').first().waitFor();
    await locked.context().close();

    await row.getByTestId('unlock-operator').click();
    await confirmPopup(page);
    await row.locator('[data-status="active"]').waitFor();

    await row.getByTestId('disable-operator').click();
    await confirmPopup(page);
    await row.locator('[data-status="disabled"]').waitFor();
    await expectAccessible(page, 'operators with a disabled account');
    await row.getByTestId('enable-operator').click();
    await confirmPopup(page);
    await row.locator('[data-status="active"]').waitFor();
  });

  it('an operator whose certificate was revoked is told so on the sign-in page', async () => {
    if (!office || !operator.certificate) throw new Error('the office was not populated');
    const admin = await apiContext(office, office.admin);
    contexts.push(admin);
    const revoked = await admin.post(
      `/api/v1/operators/${operator.id}/client-certificate/${operator.serial}/revoke`,
    );
    expect(revoked.status(), await revoked.text()).toBe(200);
    const page = await open(operator.certificate);
    await page.getByTestId('certificate-revoked').waitFor();
    expect(await page.getByTestId('certificate-revoked').innerText()).toContain('отозван');
    await expectAccessible(page, 'revoked certificate');
  });
});
