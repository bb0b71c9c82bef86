import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employeesLdif, slapdTestTls, startSlapd, SLAPD_PEOPLE_DN, type SlapdServer } from '@podpis/testkit';
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

const YOLKINA_DN = `uid=a.yolkina,${SLAPD_PEOPLE_DN}`;
const YOLKINA = [
  `dn: ${YOLKINA_DN}`,
  'objectClass: inetOrgPerson',
  'objectClass: adLikeUser',
  'uid: a.yolkina',
  'cn: Ёлкина Алёна Сергеевна',
  'sn: Ёлкина',
  'givenName: Алёна',
  'middleName: Сергеевна',
  'sAMAccountName: a.yolkina',
  'employeeID: E77777',
  'mail: a.yolkina@corp.example',
  'title: Главный бухгалтер',
  'department: Бухгалтерия',
  'l: Москва',
  'c: RU',
  'extensionAttribute1: 500100732259',
  'extensionAttribute2: 112-233-445 95',
  '',
].join('\n');

/**
 * The company directory in Chromium against a real Podpis and a real slapd
 * (LDAPS, the test CA): the administrator tests the connection; the
 * operator searches the directory from the registration form in Cyrillic,
 * the form fills itself, the user keeps the link, and a later change in
 * the directory shows as «Каталог изменился» with a re-sync.
 */
describe('company directory in the web office', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  let slapd: SlapdServer | undefined;
  let operator: ClientCertificate | undefined;
  const profiles: BrowserContext[] = [];
  const contexts: APIRequestContext[] = [];

  beforeAll(async () => {
    const tls = slapdTestTls();
    [office, browser, slapd] = await Promise.all([
      startOffice(),
      launchBrowser(),
      startSlapd({ entries: `${employeesLdif(200)}\n${YOLKINA}`, tls }),
    ]);
    const admin = await apiContext(office, office.admin);
    contexts.push(admin);
    const created = await admin.post('/api/v1/directories', {
      data: {
        name: 'Corp AD',
        url: slapd.ldapsUrl,
        caCertificate: tls.ca,
        bindDn: slapd.serviceDn,
        bindPassword: slapd.servicePassword,
        baseDn: SLAPD_PEOPLE_DN,
        userFilter: '(objectClass=inetOrgPerson)',
        attributeMap: {
          login: 'sAMAccountName',
          employeeId: 'employeeID',
          surname: 'sn',
          name: 'givenName',
          patronymic: 'middleName',
          department: 'department',
          email: 'mail',
          locality: 'l',
          country: 'c',
          inn: 'extensionAttribute1',
          snils: 'extensionAttribute2',
        },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const registered = await admin.post('/api/v1/operators', { data: { login: 'operator-directory' } });
    const { id } = (await registered.json()) as { id: string };
    const issued = await admin.post(`/api/v1/operators/${id}/client-certificate`);
    const bundle = (await issued.json()) as { pkcs12: string; password: string };
    operator = { pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password };
  }, 180_000);
  afterAll(async () => {
    for (const profile of profiles) await profile.close();
    for (const context of contexts) await context.dispose();
    await browser?.close();
    await office?.close();
    await slapd?.stop();
  });

  it('the administrator tests the connection and sees the first entries', async () => {
    if (!office || !browser) throw new Error('the office did not start');
    const profile = await newProfile(browser, office, office.admin);
    profiles.push(profile);
    const page = await profile.newPage();
    await page.goto(`${office.url}/directories`);
    const row = page.getByRole('row', { name: /Corp AD/ });
    await row.getByRole('button', { name: 'Проверить подключение' }).click();
    await expect
      .poll(() => page.getByTestId('directory-test-result').innerText(), { timeout: 30_000 })
      .toMatch(/Подключение за \d+ мс/);
    await expectAccessible(page, 'directory test');
    await screenshot(page, 'admin-directory-test');
  });

  it('the operator finds an employee in the directory, the form fills itself, and the user keeps the link', async () => {
    if (!office || !browser || !operator || !slapd) throw new Error('the office did not start');
    const profile = await newProfile(browser, office, operator);
    profiles.push(profile);
    const page = await profile.newPage();
    await page.goto(`${office.url}/users/new`);
    const search = page.getByRole('searchbox', { name: 'Найти в каталоге компании' });
    await search.fill('ёлкина');
    await search.press('Enter');
    await page.getByRole('button', { name: 'Заполнить форму: Ёлкина Алёна Сергеевна' }).click();
    await page.getByTestId('directory-linked').waitFor();
    expect(await page.getByTestId('user-login').inputValue()).toBe('a.yolkina');
    expect(await page.getByTestId('profile-surname').inputValue()).toBe('Ёлкина');
    expect(await page.getByTestId('profile-patronymic').inputValue()).toBe('Сергеевна');
    expect(await page.getByTestId('profile-inn').inputValue()).toBe('500100732259');
    await expectAccessible(page, 'registration filled from the directory');
    await screenshot(page, 'operator-directory-fill');
    await page.getByTestId('create-user-submit').click();
    await page.getByTestId('temporary-password').waitFor();
    await page.getByTestId('temporary-password-done').click();
    await page.waitForURL(/\/users\/[0-9a-f-]{36}$/);
    await page.getByTestId('directory-in-step').waitFor({ timeout: 30_000 });

    // HR moves her to another department in the directory: the user page shows it and takes it over on demand.
    const writer = new Client({ url: slapd.url });
    await writer.bind(slapd.rootDn, slapd.rootPassword);
    await writer.modify(
      YOLKINA_DN,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'department', values: ['Казначейство'] }),
      }),
    );
    await writer.unbind();
    await page.getByRole('button', { name: 'Проверить снова' }).click();
    await page.getByTestId('directory-changed').waitFor({ timeout: 30_000 });
    const differences = await page.getByTestId('directory-differences').innerText();
    expect(differences).toContain('Казначейство');
    expect(differences).toContain('Бухгалтерия');
    await expectAccessible(page, 'directory changed');
    await screenshot(page, 'operator-directory-changed');
    await page.getByTestId('directory-sync').click();
    await page.getByTestId('directory-in-step').waitFor({ timeout: 30_000 });
    expect(await page.getByText('Казначейство').count()).toBeGreaterThan(0);
  });
});
