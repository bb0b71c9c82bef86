import { createHash, randomBytes } from 'node:crypto';
import type { APIRequestContext, Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import {
  apiContext,
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
    // The application's host does not exist here: the browser's request to it (after the server's redirects) is what counts.
    const returning = page.waitForRequest((request) => request.url().startsWith(REDIRECT_URI));
    await consent.getByRole('button', { name: 'Разрешить' }).click();
    const callback = new URL((await returning).url());

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
  });
});
