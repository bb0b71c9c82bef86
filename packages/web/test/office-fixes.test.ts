import { parseCrl } from '@podpis/pki';
import { type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import {
  apiContext,
  expectAccessible,
  launchBrowser,
  newProfile,
  startOffice,
  type ClientCertificate,
  type Office,
} from './support/office.js';

const USER_PASSWORD = 'Moscow2026';
const KEY_PIN = 'Pin-2026-key';

/**
 * The office as operators and users live in it (issue #15, "broken or
 * misleading"): a second tab of a signed-in user works; a locked account
 * says who locked it; a key locked by wrong PINs says so and who unlocks it;
 * a renewal shows the registration data edited since the old certificate;
 * the CA page shows the CRL as published; issuing an operator's client
 * certificate asks first.
 */
describe('office fixes in Chromium', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  const contexts: APIRequestContext[] = [];
  const profiles: BrowserContext[] = [];
  let operator: APIRequestContext | undefined;
  let operatorCertificate: ClientCertificate | undefined;

  function started(): { office: Office; browser: Browser; operator: APIRequestContext } {
    if (!office || !browser || !operator) throw new Error('the office did not start');
    return { office, browser, operator };
  }

  async function api(certificate?: ClientCertificate): Promise<APIRequestContext> {
    const context = await apiContext(started().office, certificate);
    contexts.push(context);
    return context;
  }

  async function profile(certificate?: ClientCertificate): Promise<BrowserContext> {
    const { office, browser } = started();
    const context = await newProfile(browser, office, certificate);
    profiles.push(context);
    return context;
  }

  /** An operator registers the user (password changed through the API) and, if asked, issues a certificate under KEY_PIN. */
  async function user(login: string, withCertificate: boolean): Promise<{ id: string; serial?: string }> {
    const { operator } = started();
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
    if (!withCertificate) return { id: account.id };
    const issued = await operator.post(`/api/v1/users/${account.id}/certificates`, {
      data: { pin: KEY_PIN, pinConfirmation: KEY_PIN, keySpec: 'ecdsa-p256' },
    });
    expect(issued.status(), await issued.text()).toBe(201);
    return { id: account.id, serial: ((await issued.json()) as { serial: string }).serial };
  }

  async function signIn(page: Page, login: string): Promise<void> {
    await page.goto(started().office.url);
    await page.getByLabel('Логин').fill(login);
    await page.getByLabel('Пароль').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
  }

  beforeAll(async () => {
    // Two wrong PINs lock a key here, so the locking one comes soon.
    [office, browser] = await Promise.all([startOffice({ PODPIS_KEY_PIN_ATTEMPTS: '2' }), launchBrowser()]);
    const admin = await apiContext(office, office.admin);
    contexts.push(admin);
    const registered = await admin.post('/api/v1/operators', { data: { login: 'operator-fixes' } });
    expect(registered.status(), await registered.text()).toBe(201);
    const { id } = (await registered.json()) as { id: string };
    const issued = await admin.post(`/api/v1/operators/${id}/client-certificate`);
    const bundle = (await issued.json()) as { pkcs12: string; password: string };
    operatorCertificate = { pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password };
    operator = await apiContext(office, operatorCertificate);
    contexts.push(operator);
  });
  afterAll(async () => {
    for (const context of profiles) await context.close();
    for (const context of contexts) await context.dispose();
    await browser?.close();
    await office?.close();
  });

  it('a user opens the office in a second tab: both tabs act in one session; the key locked by wrong PINs says so and who unlocks it', async () => {
    const { serial } = await user('twotabs', true);
    const context = await profile();
    const first = await context.newPage();
    await signIn(first, 'twotabs');
    await first.waitForURL('**/my/certificates');

    // The second tab opens after the sign-in: it takes the session's CSRF token from /whoami.
    const second = await context.newPage();
    await second.goto(`${started().office.url}/my/certificates/${serial ?? ''}`);
    await second.getByTestId('change-pin').click();
    await second.getByTestId('pin-current').fill('00000000');
    await second.getByTestId('pin-new').fill('Pin-2026-new');
    await second.getByTestId('pin-repeat').fill('Pin-2026-new');
    await second.getByTestId('change-pin-submit').click();
    // A wrong PIN, not «Сеанс устарел»: the request was accepted as the session's own.
    await second.getByRole('dialog').getByText('Неверный ПИН-код ключа.').waitFor();
    expect(await second.getByTestId('pin-attempts-left').innerText()).toContain('1');

    // The first tab acts too; its wrong PIN is the last one allowed.
    await first.bringToFront();
    await first.getByTestId('my-certificate-link').first().click();
    await first.getByTestId('change-pin').click();
    await first.getByTestId('pin-current').fill('11111111');
    await first.getByTestId('pin-new').fill('Pin-2026-new');
    await first.getByTestId('pin-repeat').fill('Pin-2026-new');
    await first.getByTestId('change-pin-submit').click();
    const locked = first.getByTestId('pin-attempts-left');
    await locked.getByText('Ключ заблокирован').waitFor();
    expect(await locked.innerText()).toContain('оператор удостоверяющего центра');
    expect(await locked.innerText()).not.toContain('Осталось попыток');
    // A tab in the background would never finish its dialog's animation.
    await first.bringToFront();
    await expectAccessible(first, 'key locked by wrong PINs');

    // After a reload the second tab still works as one session: it shows the key locked and asks for a renewal.
    await second.bringToFront();
    await second.reload();
    await second.getByTestId('key-locked').waitFor();
    expect(await second.getByTestId('change-pin').isDisabled()).toBe(true);
    await second.getByTestId('request-renewal').click();
    await second.getByTestId('renewal-comment').fill('Ключ заблокирован');
    await second.getByTestId('request-renewal-submit').click();
    await second.getByTestId('renewal-status').waitFor();
  });

  it('a user locked by an operator is told an operator locked the account, not that passwords were wrong', async () => {
    const { operator } = started();
    const { id } = await user('lockedbyoperator', false);
    const locked = await operator.post(`/api/v1/users/${id}/lock`);
    expect(locked.status()).toBe(200);
    const page = await (await profile()).newPage();
    await signIn(page, 'lockedbyoperator');
    await page.getByText('Учётную запись заблокировал сотрудник удостоверяющего центра').waitFor();
    expect(await page.getByRole('alert').first().innerText()).not.toContain('неверных паролей');
    // A wrong password learns only that the account is locked.
    await page.getByLabel('Пароль').fill('not-the-password-1');
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.getByText('Учётная запись заблокирована. Обратитесь к оператору УЦ.').waitFor();
  });

  it('«Обновить» lists the registration data edited since the certificate, old → new, and issues the new certificate with it', async () => {
    const { operator } = started();
    const { id, serial } = await user('renewedit', true);
    const edited = await operator.patch(`/api/v1/users/${id}`, {
      data: { version: 1, profile: { surname: 'Петрова' } },
    });
    expect(edited.status(), await edited.text()).toBe(200);
    const page = await (await profile(operatorCertificate)).newPage();
    await page.goto(`${started().office.url}/certificates/${serial ?? ''}`);
    await page.getByTestId('action-renew').click();
    const dialog = page.getByRole('dialog');
    const changes = dialog.getByTestId('renew-changes');
    await changes.waitFor();
    const surname = changes.getByRole('row').filter({ hasText: 'Фамилия' });
    expect(await surname.innerText()).toMatch(/Иванов\s+Петрова/);
    await expectAccessible(page, 'renewal with changed registration data');
    await dialog.getByTestId('key-pin').fill(KEY_PIN);
    await dialog.getByTestId('key-pin-confirmation').fill(KEY_PIN);
    await page.getByTestId('renew-confirm').click();
    await page.waitForURL(
      (url) => url.pathname.startsWith('/certificates/') && !url.pathname.endsWith(serial ?? ''),
    );
    await page.getByText('Петрова Иван Иванович').first().waitFor();
  });

  it('the CA page shows the CRL as published, with its entries, and issuing a client certificate asks first and issues once', async () => {
    const { office } = started();
    const admin = await (await profile(office.admin)).newPage();
    await admin.goto(`${office.url}/operators`);
    const row = admin.getByTestId('operator-row-operator-fixes');
    await row.waitFor();
    const posts: string[] = [];
    admin.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/client-certificate'))
        posts.push(request.url());
    });
    await row.getByTestId('issue-client-certificate').click();
    const question = admin.getByRole('dialog');
    await question
      .getByText('Действующие сертификаты, выданные раньше (сейчас их 1), останутся в силе')
      .waitFor();
    expect(await row.getByTestId('issue-client-certificate').isDisabled()).toBe(true);
    await expectAccessible(admin, 'confirm issuing a client certificate');
    await admin.getByTestId('confirm-issue-client-certificate').dblclick();
    await admin.getByTestId('client-certificate-password').waitFor();
    expect(posts).toHaveLength(1);
    await admin.getByTestId('client-certificate-done').click();

    // Revoke the operator's first certificate: the infrastructure CA's published CRL lists it, and the page says what that CRL says.
    const adminApi = await api(office.admin);
    const listed = (await (await adminApi.get('/api/v1/client-certificates')).json()) as {
      serial: string;
      accountId: string;
      revokedAt: string | null;
    }[];
    const operators = (await (await adminApi.get('/api/v1/operators')).json()) as {
      id: string;
      login: string;
    }[];
    const operatorId = operators.find((account) => account.login === 'operator-fixes')?.id ?? '';
    const oldest = listed.filter((certificate) => certificate.accountId === operatorId).at(-1);
    const revoked = await adminApi.post(
      `/api/v1/operators/${operatorId}/client-certificate/${oldest?.serial ?? ''}/revoke`,
      { data: {} },
    );
    expect(revoked.status(), await revoked.text()).toBe(200);
    const overview = (await (await adminApi.get('/api/v1/ca')).json()) as {
      authorities: { id: string; crl: { number: string; entries: number } | null }[];
    };
    const published = overview.authorities.filter((authority) => authority.crl !== null);
    for (const authority of published) {
      const crl = parseCrl(await (await adminApi.get(`/pki/crl/${authority.id}.crl`)).body());
      expect(authority.crl?.number).toBe(String(crl.crlNumber));
      expect(authority.crl?.entries).toBe(crl.entries.length);
    }
    expect(Math.max(...published.map((authority) => authority.crl?.entries ?? 0))).toBeGreaterThanOrEqual(1);
    await admin.goto(`${office.url}/ca`);
    await admin.getByTestId('crl-summary').first().waitFor();
    const summaries = await admin.getByTestId('crl-summary').allInnerTexts();
    expect(summaries.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual(
      published.map(
        (authority) => `№ ${authority.crl?.number ?? ''} · записей: ${authority.crl?.entries ?? ''}`,
      ),
    );
  });
});
