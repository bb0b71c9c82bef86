import { createHash, randomBytes } from 'node:crypto';
import type { APIRequestContext, Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import {
  apiContext,
  expectAccessible,
  launchBrowser,
  newProfile,
  screenshot,
  startOffice,
  type Office,
} from './support/office.js';

const USER_PASSWORD = 'Moscow2026';
const REDIRECT_URI = 'https://rp.example/callback';

/**
 * An application's OAuth 2.0 request in a real Chromium against a real
 * server: the user, not yet signed in, is brought to the office, signs in
 * on the same page, sees who asks and for what, allows it, and the browser
 * returns to the application with a code the application exchanges (PKCE)
 * for a token that reads the user's certificates.
 */
describe('OAuth consent in the web office', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  const contexts: APIRequestContext[] = [];

  beforeAll(async () => {
    [office, browser] = await Promise.all([startOffice(), launchBrowser()]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.dispose();
    await browser?.close();
    await office?.close();
  });

  async function api(certificate?: Office['admin']): Promise<APIRequestContext> {
    const context = await apiContext(office!, certificate);
    contexts.push(context);
    return context;
  }

  it('the user signs in on the consent page, allows the application, and it gets a working token', async () => {
    if (!office || !browser) throw new Error('the office did not start');
    const admin = await api(office.admin);
    const created = await admin.post('/api/v1/oauth-clients', {
      data: {
        name: 'ЭДО «Ромашка»',
        redirectUris: [REDIRECT_URI],
        grantTypes: ['authorization_code'],
        scopes: ['openid', 'certificates:read'],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { client, clientSecret } = (await created.json()) as {
      client: { clientId: string };
      clientSecret: string;
    };

    const registered = await admin.post('/api/v1/operators', { data: { login: 'operator-oauth' } });
    const { id: operatorId } = (await registered.json()) as { id: string };
    const bundle = (await (
      await admin.post(`/api/v1/operators/${operatorId}/client-certificate`)
    ).json()) as {
      pkcs12: string;
      password: string;
    };
    const operator = await api({ pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password });
    const user = await operator.post('/api/v1/users', {
      data: { login: 'oauth-user', profile: IVANOV_PERSON },
    });
    const { temporaryPassword } = (await user.json()) as { temporaryPassword: string };
    const session = await api();
    const signedIn = await session.post('/api/v1/session', {
      data: { login: 'oauth-user', password: temporaryPassword },
    });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    await session.post('/api/v1/session/password', {
      headers: { 'x-csrf-token': csrfToken },
      data: { password: temporaryPassword, newPassword: USER_PASSWORD },
    });

    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(16).toString('base64url');
    const authorize = new URL(`${office.url}/oauth2/auth`);
    authorize.search = new URLSearchParams({
      client_id: client.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid certificates:read',
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();

    const page = await (await newProfile(browser, office)).newPage();
    await page.goto(authorize.href);
    await page.getByLabel('Логин').fill('oauth-user');
    await page.getByLabel('Пароль').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    const consent = page.getByTestId('oauth-consent');
    await consent.getByText('«ЭДО «Ромашка»»').waitFor();
    await expect(consent.textContent()).resolves.toContain('просматривать и скачивать ваши сертификаты');
    await screenshot(page, 'oauth-consent');
    // The application's host does not exist here: the browser's request to it (after the server's redirects) is
    // what counts. It fails, and Chromium then shows its error page: that navigation must be over before the
    // test's next one, which it once cut into.
    const returning = page.waitForEvent('requestfailed', (request) => request.url().startsWith(REDIRECT_URI));
    await consent.getByRole('button', { name: 'Разрешить' }).click();
    const callback = new URL((await returning).url());
    await expect.poll(() => page.url()).toBe('chrome-error://chromewebdata/');
    await page.waitForLoadState('load');

    expect(callback.searchParams.get('state')).toBe(state);
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();
    const application = await api();
    const token = await application.post('/oauth2/token', {
      headers: {
        authorization: `Basic ${Buffer.from(`${client.clientId}:${clientSecret}`).toString('base64')}`,
      },
      form: {
        grant_type: 'authorization_code',
        code: code!,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      },
    });
    expect(token.status(), await token.text()).toBe(200);
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const certificates = await application.get('/api/v1/me/certificates', {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(certificates.status(), await certificates.text()).toBe(200);

    // «Разрешённые приложения»: the user sees the application and takes the permission back; the token stops at once.
    await page.goto(`${office.url}/my/apps`);
    const apps = page.getByTestId('allowed-apps');
    const row = apps.getByRole('row', { name: /ЭДО «Ромашка»/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('certificates:read');
    await expectAccessible(page, 'allowed-apps');
    await screenshot(page, 'allowed-apps');
    await row.getByRole('button', { name: 'Отозвать' }).click();
    const confirm = page.getByRole('tooltip').filter({ hasText: 'Отозвать доступ «ЭДО «Ромашка»»?' });
    await confirm.getByRole('button', { name: 'Отозвать' }).click();
    await apps.getByText('Вы не разрешали доступ ни одному приложению.').waitFor();
    const revoked = await application.get('/api/v1/me/certificates', {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(revoked.status()).toBe(401);
  });

  it('an administrator registers an application, copies its secret once, edits it, disables and deletes it', async () => {
    if (!office || !browser) throw new Error('the office did not start');
    const profile = await newProfile(browser, office, office.admin);
    await profile.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: office.url });
    const page = await profile.newPage();
    await page.goto(`${office.url}/oauth-clients`);
    await page.getByRole('heading', { name: 'Приложения OAuth 2.0' }).waitFor();
    await page.getByTestId('oauth-client-register').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Название').fill('Учётная система');
    await dialog.getByLabel('Адреса возврата (redirect URI)').fill('https://erp.example/callback');
    // The browser asks for less motion (support/office.ts): the dialog does not zoom in.
    expect(await page.getByRole('dialog').getAttribute('class')).not.toMatch(/ant-zoom/);
    await page.getByTestId('oauth-client-submit').click();
    const secret = page.getByTestId('oauth-client-secret');
    await secret.waitFor();
    const shown = (await secret.textContent()) ?? '';
    expect(shown).toMatch(/^pdpcs_/);
    await secret.getByRole('button').click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(shown);
    await expectAccessible(page, 'oauth-client-secret');
    await page.getByTestId('oauth-client-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    const clients = page.getByTestId('oauth-clients');
    const row = clients.getByRole('row', { name: /Учётная система/ });
    await row.waitFor();
    // Never shown again.
    await expect(page.content()).resolves.not.toContain(shown);
    await expectAccessible(page, 'oauth-clients');

    await row.getByRole('button', { name: 'Изменить' }).click();
    await dialog.getByLabel('Адреса возврата (redirect URI)').fill('https://erp.example/return');
    await page.getByTestId('oauth-client-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    const admin = await api(office.admin);
    const listed = (await (await admin.get('/api/v1/oauth-clients')).json()) as {
      name: string;
      redirectUris: string[];
      disabled: boolean;
    }[];
    expect(listed.find((client) => client.name === 'Учётная система')?.redirectUris).toEqual([
      'https://erp.example/return',
    ]);

    await row.getByRole('button', { name: 'Отключить' }).click();
    await row.getByText('Отключено').waitFor();
    await row.getByRole('button', { name: 'Удалить' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Удалить' }).click();
    await row.waitFor({ state: 'detached' });
    const after = (await (await admin.get('/api/v1/oauth-clients')).json()) as { name: string }[];
    expect(after.map((client) => client.name)).not.toContain('Учётная система');
    await profile.close();
  });
});
