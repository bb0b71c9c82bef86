import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, gostOpensslConfig, tempDir } from '@podpis/testkit';
import { registerClient, startEdo, type EdoConfig, type RunningEdo } from '@podpis/example-edo';
import { samplePdf, pdfsig } from '../../../packages/pki/test/support/pdf.js';
import { IVANOV_PERSON } from '../../../packages/pki/test/support/subjects.js';
import { TestDevice } from '../../../packages/server/test/support/device.js';
import { opensslVerifyCmsFiles } from '../../../packages/server/test/support/signing.js';
import {
  apiContext,
  launchBrowser,
  newProfile,
  screenshot,
  startOffice,
  type Office,
} from '../../../packages/web/test/support/office.js';

const PASSWORD = 'Moscow2026';
const KEY_PIN = '12345678';
const ACT = 'Акт сверки № 7\nСумма: 1 000 руб.\n';

interface Employee {
  login: string;
  /** The enrolled phone; an employee without one confirms with the key's PIN. */
  device: TestDevice | undefined;
  page: Page;
}

/**
 * The EDO example end to end, as its README walks it: a real Podpis
 * (HTTPS, the built office) with two employees who hold certificates on
 * keys confirmed on their phones; the EDO registered as Podpis's OAuth
 * client by the administrator's certificate; in Chromium, employee 1 signs
 * in through Podpis's own sign-in and consent pages, uploads a contract,
 * signs it and approves on the phone (the device protocol, as other tests
 * speak it); the EDO keeps the PAdES signature and shows Podpis's
 * verification; employee 2 declines once, then countersigns. pdfsig and
 * OpenSSL judge what the EDO stored.
 */
describe('the EDO example signs through Podpis in Chromium', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  let edo: RunningEdo | undefined;
  let clientId = '';
  const contexts: APIRequestContext[] = [];
  const dir = tempDir('podpis-edo-');
  const employees = new Map<string, Employee>();

  async function api(certificate?: Office['admin']): Promise<APIRequestContext> {
    const context = await apiContext(office!, certificate);
    contexts.push(context);
    return context;
  }

  /**
   * An operator registers the employee and issues a certificate on an ECDSA
   * key (pdfsig's NSS does not do GOST) confirmed on the phone, which the
   * employee enrols — or, `withPin`, on a key under a PIN, with no phone.
   */
  async function employee(
    operator: APIRequestContext,
    login: string,
    surname: string,
    withPin = false,
  ): Promise<Employee> {
    const created = await operator.post('/api/v1/users', {
      data: { login, profile: { ...IVANOV_PERSON, surname } },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { user, temporaryPassword } = (await created.json()) as {
      user: { id: string };
      temporaryPassword: string;
    };
    const issued = await operator.post(`/api/v1/users/${user.id}/certificates`, {
      data: withPin
        ? { pin: KEY_PIN, pinConfirmation: KEY_PIN, keySpec: 'ecdsa-p256' }
        : { confirmation: 'device', keySpec: 'ecdsa-p256' },
    });
    expect(issued.status(), await issued.text()).toBe(201);
    const session = await api();
    const signedIn = await session.post('/api/v1/session', { data: { login, password: temporaryPassword } });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const changed = await session.post('/api/v1/session/password', {
      headers: { 'x-csrf-token': csrfToken },
      data: { password: temporaryPassword, newPassword: PASSWORD },
    });
    expect(changed.status()).toBe(204);
    const page = await (await newProfile(browser!, office!)).newPage();
    if (withPin) return { login, device: undefined, page };
    const enrolment = await session.post('/api/v1/me/devices/enrolments', {
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(enrolment.status(), await enrolment.text()).toBe(201);
    const { activationCode } = (await enrolment.json()) as { activationCode: string };
    const device = await TestDevice.enrolWithCode({ app: office!.server.app }, activationCode, 'Телефон');
    return { login, device, page };
  }

  beforeAll(async () => {
    [office, browser] = await Promise.all([startOffice(), launchBrowser()]);
    const admin = await api(office.admin);
    const registered = await admin.post('/api/v1/operators', { data: { login: 'operator-edo' } });
    const { id } = (await registered.json()) as { id: string };
    const bundle = (await (await admin.post(`/api/v1/operators/${id}/client-certificate`)).json()) as {
      pkcs12: string;
      password: string;
    };
    const operator = await api({ pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password });
    employees.set('ivanov', await employee(operator, 'ivanov', 'Иванов'));
    employees.set('petrova', await employee(operator, 'petrova', 'Петрова'));
    employees.set('sidorov', await employee(operator, 'sidorov', 'Сидоров', true));

    // The EDO next to Podpis: its own port and store, trusting Podpis's TLS CA; registered by the administrator.
    const port = await freePort();
    const config: EdoConfig = {
      host: 'localhost',
      port,
      publicUrl: `http://localhost:${port}`,
      dataDir: join(dir, 'edo'),
      podpisUrl: office.url,
      podpisCa: readFileSync(join(office.dataDir, 'tls', 'ca.crt'), 'utf8'),
      client: undefined,
      maxUploadBytes: 1024 * 1024,
    };
    const client = await registerClient(config, office.admin);
    clientId = client.clientId;
    expect(readFileSync(join(config.dataDir, 'oauth-client.json'), 'utf8')).toContain(client.clientSecret);
    edo = await startEdo({ ...config, client }, { logLevel: 'silent' });
  });

  afterAll(async () => {
    for (const context of contexts) await context.dispose();
    await edo?.close();
    await browser?.close();
    await office?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirname(gostOpensslConfig()), { recursive: true, force: true });
  });

  /** "Войти через Podpis": Podpis's sign-in (password, then the sign-in approved on the phone) and its consent page. */
  async function signIn(who: Employee): Promise<void> {
    const { page, device } = who;
    await page.goto(edo!.url);
    await page.getByRole('link', { name: 'Войти через Podpis' }).click();
    await page.getByLabel('Логин').fill(who.login);
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    if (device) {
      // An employee with an enrolled phone approves the sign-in there too.
      await page.getByTestId('second-factor').waitFor();
      await page.getByTestId('second-factor-device').click();
      await page.getByTestId('device-code').waitFor();
      await expect.poll(async () => (await device.pending()).some((o) => o.kind === 'sign-in')).toBe(true);
      const [signInRequest] = (await device.pending()).filter((o) => o.kind === 'sign-in');
      await device.decide(device.approvalOf(signInRequest!));
    }
    const consent = page.getByTestId('oauth-consent');
    await consent.getByText('ЭДО «Ромашка» (пример)', { exact: false }).waitFor();
    await consent.getByRole('button', { name: 'Разрешить' }).click();
    await page.getByTestId('signed-in-as').getByText(who.login).waitFor();
  }

  /** Approves (or declines) on the employee's phone the signing the EDO page shows, checking the code matches. */
  async function onPhone(who: Employee, decision: 'approve' | 'decline'): Promise<void> {
    const { page } = who;
    const device = who.device!;
    const code = await page.getByTestId('verification-code').innerText();
    await expect.poll(async () => (await device.pending()).some((o) => o.kind === 'sign')).toBe(true);
    const [operation] = (await device.pending()).filter((o) => o.kind === 'sign');
    expect(operation!.verificationCode).toBe(code);
    // The phone names the EDO as the system asking.
    expect(operation!.requester.name).toBe('ЭДО «Ромашка» (пример)');
    const decided = await device.decide(device.approvalOf(operation!, decision));
    expect(decided.reply).toMatchObject({ outcome: decision === 'approve' ? 'completed' : 'declined' });
  }

  async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
  }

  it('employee 1 signs a PDF confirmed on the phone, employee 2 declines once and then countersigns; pdfsig finds both signatures valid', async () => {
    const ivanov = employees.get('ivanov')!;
    const petrova = employees.get('petrova')!;
    await signIn(ivanov);
    const { page } = ivanov;

    // Too large a file is refused with a clear message, nothing stored.
    await page.locator('#file').setInputFiles({
      name: 'huge.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(1536 * 1024, 1),
    });
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await page.getByText('Файл больше 1 МБ').waitFor();
    await page.goto(edo!.url);
    await page.getByText('Документов пока нет.').waitFor();

    const pdf = Buffer.from(await samplePdf());
    await page
      .locator('#file')
      .setInputFiles({ name: 'Договор поставки.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await page.getByRole('heading', { name: 'Договор поставки.pdf' }).waitFor();
    const documentUrl = page.url();
    await page.getByTestId('sign').click();
    await page.getByText('Подтвердите подписание на телефоне').waitFor();
    await screenshot(page, 'edo-awaiting-confirmation');
    await onPhone(ivanov, 'approve');
    // The page follows the operation by itself (it refreshes while waiting).
    await page.getByTestId('verification-report').waitFor();
    expect(await page.getByTestId('verification-indication').innerText()).toBe('Подпись действительна');
    await expect.poll(() => page.getByTestId('verified-signature').count()).toBe(1);
    expect(await page.getByTestId('verified-signature').innerText()).toContain('Иванов');
    await screenshot(page, 'edo-signed');

    // Employee 2, in another browser, finds the document; declines on the phone first.
    await signIn(petrova);
    await petrova.page.getByRole('link', { name: 'Договор поставки.pdf' }).click();
    expect(petrova.page.url()).toBe(documentUrl);
    await petrova.page.getByTestId('sign').click();
    await petrova.page.getByTestId('awaiting-confirmation').waitFor();
    await onPhone(petrova, 'decline');
    await petrova.page.getByTestId('signature-declined').waitFor();
    expect(await petrova.page.getByTestId('signature-declined').innerText()).toContain(
      'Отклонено на телефоне',
    );
    // …then countersigns: a second PAdES signature in a new incremental update.
    await petrova.page.getByTestId('sign').click();
    await onPhone(petrova, 'approve');
    await expect
      .poll(() => petrova.page.getByTestId('verified-signature').count(), { timeout: 60_000 })
      .toBe(2);
    expect(await petrova.page.getByTestId('verification-indication').innerText()).toBe(
      'Подпись действительна',
    );
    expect(await petrova.page.getByTestId('signatures').innerText()).toMatch(/ivanov[\s\S]*petrova/);
    await screenshot(petrova.page, 'edo-countersigned');

    const signed = await download(petrova.page, 'download-signed');
    expect(signed.name).toBe('Договор поставки.signed.pdf');
    const checked = pdfsig(signed.bytes);
    expect(checked.signatures).toHaveLength(2);
    for (const signature of checked.signatures) expect(signature).toContain('Signature is Valid');
  });

  it('a text file is signed in CAdES and co-signed, the third time with a key under a PIN; OpenSSL verifies every signer of the stored .p7s', async () => {
    const ivanov = employees.get('ivanov')!;
    const petrova = employees.get('petrova')!;
    await ivanov.page.goto(edo!.url);
    await ivanov.page
      .locator('#file')
      .setInputFiles({ name: 'act.txt', mimeType: 'text/plain', buffer: Buffer.from(ACT) });
    await ivanov.page.getByRole('button', { name: 'Загрузить' }).click();
    await ivanov.page.getByRole('heading', { name: 'act.txt' }).waitFor();
    await ivanov.page.getByTestId('sign').click();
    await onPhone(ivanov, 'approve');
    await ivanov.page.getByTestId('verification-report').waitFor();

    await petrova.page.goto(ivanov.page.url());
    await petrova.page.getByTestId('sign').click();
    await onPhone(petrova, 'approve');
    await expect
      .poll(() => petrova.page.getByTestId('verified-signature').count(), { timeout: 60_000 })
      .toBe(2);
    expect(await petrova.page.getByTestId('verification-indication').innerText()).toBe(
      'Подпись действительна',
    );

    const p7s = await download(petrova.page, 'download-signed');
    expect(p7s.name).toBe('act.txt.p7s');
    const cas = (await (await fetch(`${office!.server.pkiUrl}/pki/cas`)).json()) as {
      certificatePem: string;
    }[];
    const files = {
      ca: join(dir, 'ca.pem'),
      signature: join(dir, 'act.txt.p7s'),
      content: join(dir, 'act.txt'),
      out: join(dir, 'verified'),
    };
    writeFileSync(files.ca, cas.map((ca) => ca.certificatePem).join(''));
    writeFileSync(files.signature, p7s.bytes);
    writeFileSync(files.content, ACT);
    expect(opensslVerifyCmsFiles(files.ca, files)).toMatch(/Verification successful/);
  });

  it('a token Podpis no longer honours sends the employee to sign in again; signing out ends the session', async () => {
    const ivanov = employees.get('ivanov')!;
    // The administrator disables the EDO's client: Podpis revokes every token it holds.
    const admin = await api(office!.admin);
    const disabled = await admin.patch(`/api/v1/oauth-clients/${clientId}`, { data: { disabled: true } });
    expect(disabled.status(), await disabled.text()).toBe(200);
    await ivanov.page.getByTestId('reverify').click();
    await ivanov.page.getByTestId('login-message').getByText('Сеанс Podpis истёк').waitFor();
    await admin.patch(`/api/v1/oauth-clients/${clientId}`, { data: { disabled: false } });

    const petrova = employees.get('petrova')!;
    await petrova.page.getByRole('button', { name: 'Выйти' }).click();
    await petrova.page.getByTestId('login-message').getByText('Вы вышли').waitFor();
    await petrova.page.goto(`${edo!.url}/`);
    await petrova.page.getByRole('link', { name: 'Войти через Podpis' }).waitFor();
  });
});
