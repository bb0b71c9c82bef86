import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IVANOV } from '../../pki/test/support/subjects.js';
import {
  apiContext,
  launchBrowser,
  newProfile,
  startOffice,
  type ClientCertificate,
  type Office,
} from './support/office.js';

const KEY_PIN = '12345678';

/** What a person must never have to read: technical names, raw distinguished names, audit codes. */
const RAW_CODES =
  /gost3410_|signWith|digitalSignature|nonRepudiation|keyEncipherment|clientAuth|emailProtection|policyKC|ecPublicKey|aACompromise|Компрометация АА|certificate\.issue|account:|SNILS=|CN=|Podpis \(cloud signature\)/;

async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

/**
 * The office in Chromium shows people words, not codes (issue #15): the
 * certificate page, a certificate list and the audit log, in Russian and
 * in English.
 */
describe('the office shows readable texts', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  const contexts: APIRequestContext[] = [];
  const profiles: BrowserContext[] = [];
  let operator: ClientCertificate | undefined;
  let userId = '';
  let serial = '';
  let revokedSerial = '';

  function started(): { office: Office; browser: Browser } {
    if (!office || !browser) throw new Error('the office did not start');
    return { office, browser };
  }

  async function api(certificate?: ClientCertificate): Promise<APIRequestContext> {
    const context = await apiContext(started().office, certificate);
    contexts.push(context);
    return context;
  }

  /** A page of an operator's or administrator's browser, in `language`. */
  async function pageOf(certificate: ClientCertificate, language: 'ru' | 'en' = 'ru'): Promise<Page> {
    const profile = await newProfile(started().browser, started().office, certificate);
    profiles.push(profile);
    await profile.addInitScript((lang) => {
      localStorage.setItem('podpis.language', lang);
    }, language);
    return profile.newPage();
  }

  beforeAll(async () => {
    [office, browser] = await Promise.all([startOffice(), launchBrowser()]);
    const admin = await api(office.admin);
    const registered = await admin.post('/api/v1/operators', { data: { login: 'operator-texts' } });
    expect(registered.status(), await registered.text()).toBe(201);
    const { id } = (await registered.json()) as { id: string };
    const issued = await admin.post(`/api/v1/operators/${id}/client-certificate`);
    const bundle = (await issued.json()) as { pkcs12: string; password: string };
    operator = { pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password };
    const operatorApi = await api(operator);
    // An employee with a street address: the raw DN would show `STREET=ул. Тверская\, д. 1`.
    const user = await operatorApi.post('/api/v1/users', {
      data: { login: 'ivanov', profile: { ...IVANOV, street: 'ул. Тверская, д. 1' } },
    });
    expect(user.status(), await user.text()).toBe(201);
    userId = ((await user.json()) as { user: { id: string } }).user.id;
    const order = { data: { pin: KEY_PIN, pinConfirmation: KEY_PIN } };
    const first = await operatorApi.post(`/api/v1/users/${userId}/certificates`, order);
    expect(first.status(), await first.text()).toBe(201);
    serial = ((await first.json()) as { serial: string }).serial;
    const second = await operatorApi.post(`/api/v1/users/${userId}/certificates`, order);
    revokedSerial = ((await second.json()) as { serial: string }).serial;
    const revoked = await operatorApi.post(`/api/v1/certificates/${revokedSerial}/revoke`, {
      data: { reason: 'aACompromise' },
    });
    expect(revoked.status(), await revoked.text()).toBe(200);
  });
  afterAll(async () => {
    for (const context of contexts) await context.dispose();
    for (const profile of profiles) await profile.close();
    await browser?.close();
    await office?.close();
  });

  it("the certificate page names algorithms, usages, policy and the holder's data in words; the SNILS reads 112-233-445 95", async () => {
    if (!operator) throw new Error('no operator');
    const page = await pageOf(operator);
    await page.goto(`${started().office.url}/certificates/${serial}`);
    await page.getByTestId('subject-table').waitFor();
    const text = await visibleText(page);
    expect(text).toContain('ГОСТ Р 34.10-2012, 256 бит');
    expect(text).toContain('Цифровая подпись');
    expect(text).toContain('Проверка подлинности клиента');
    expect(text).toContain('Защита электронной почты');
    expect(text).toContain('Класс средства ЭП КС1');
    expect(text).toContain('112-233-445 95');
    expect(text).toContain('ул. Тверская, д. 1');
    expect(text).toContain('Podpis (облачная электронная подпись)');
    expect(text).not.toMatch(RAW_CODES);

    // The confirmation says what it will do, not «OK».
    await page.getByTestId('action-suspend').click();
    const popup = page.getByRole('tooltip');
    await popup.getByRole('button', { name: 'Приостановить' }).waitFor();
    expect(await popup.getByRole('button', { name: 'OK' }).count()).toBe(0);
    await popup.getByRole('button', { name: 'Отмена' }).click();

    await page.goto(`${started().office.url}/certificates/${revokedSerial}`);
    await page.getByText('Компрометация атрибутного центра').waitFor();
    expect(await visibleText(page)).not.toMatch(RAW_CODES);
  });

  it('the certificate page in English', async () => {
    if (!operator) throw new Error('no operator');
    const page = await pageOf(operator, 'en');
    await page.goto(`${started().office.url}/certificates/${serial}`);
    await page.getByTestId('subject-table').waitFor();
    const text = await visibleText(page);
    expect(text).toContain('GOST R 34.10-2012, 256 bits');
    expect(text).toContain('Client authentication');
    expect(text).toContain('Signature tool class KC1');
    expect(text).not.toMatch(RAW_CODES);
  });

  it("a user's certificate list names the holder and the organisation, not the distinguished name", async () => {
    if (!operator) throw new Error('no operator');
    const page = await pageOf(operator);
    await page.goto(`${started().office.url}/users/${userId}`);
    await page.getByTestId('profile-descriptions').waitFor();
    expect(await page.getByTestId('profile-descriptions').innerText()).toContain('112-233-445 95');
    await page.goto(`${started().office.url}/users/${userId}?tab=certificates`);
    await page.getByText('Иванов Иван Иванович · ПАО «Пример»').first().waitFor();
    expect(await visibleText(page)).not.toMatch(RAW_CODES);
  });

  it("the CA page lists the authority's name attribute by attribute, not as a distinguished name", async () => {
    const page = await pageOf(started().office.admin);
    await page.goto(`${started().office.url}/ca`);
    const subject = page.getByTestId('readable-subject').first();
    await subject.waitFor();
    expect(await subject.innerText()).toMatch(/Общее имя\s+Podpis/);
    expect(await visibleText(page)).not.toMatch(RAW_CODES);
  });

  it("the audit log says what happened in words and links the person it was about to the person's history", async () => {
    const page = await pageOf(started().office.admin);
    await page.goto(`${started().office.url}/audit`);
    await page.getByTestId('audit-table').getByText('Выпуск сертификата').first().waitFor();
    const text = await visibleText(page);
    expect(text).toContain('Отзыв сертификата');
    expect(text).toContain('Регистрация пользователя');
    expect(text).not.toMatch(RAW_CODES);

    // A record's details in words: the holder by name, the revocation reason translated; the JSON stays folded.
    const issue = page
      .getByRole('row')
      .filter({ hasText: 'Выпуск сертификата' })
      .filter({ hasText: serial.toUpperCase() });
    await issue.getByRole('button').first().click();
    const details = page.getByTestId('audit-details').first();
    await details.waitFor();
    const detailsText = await details.innerText();
    expect(detailsText).toMatch(/Владелец\s+Иванов Иван Иванович/);
    expect(detailsText).toMatch(/Профиль\s+\S/);
    expect(detailsText).not.toMatch(RAW_CODES);
    await details.getByText('Как записано (JSON)').click();
    expect(await details.innerText()).toContain('"subject"');

    // The user's registration is about their account: shown by name, linked to everything about them.
    const registration = page.getByRole('row').filter({ hasText: 'Регистрация пользователя' });
    // The account's display name, else its login.
    await registration.getByRole('link', { name: /Иванов|ivanov/ }).click();
    await page.waitForURL(`**/audit?target=account%3A${userId}`);
    await expect.poll(async () => page.getByTestId('audit-target').inputValue()).toBe(`account:${userId}`);
    await page.getByTestId('audit-table').getByText('Регистрация пользователя').waitFor();
    // The unfiltered rows stay until the filtered page arrives, so wait for them to go.
    await expect
      .poll(async () => page.getByTestId('audit-table').getByText('Выпуск сертификата').count())
      .toBe(0);
  });
});
