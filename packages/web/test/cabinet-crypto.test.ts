import { request } from 'node:https';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openssl, opensslGostKey, opensslGostSelfSigned, tempDir } from '@podpis/testkit';
import { IVANOV, IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import {
  expectAccessible,
  launchBrowser,
  newProfile,
  screenshot,
  startOffice,
  type ClientCertificate,
  type Office,
} from './support/office.js';

const KEY_PIN = '12345678';
const USER_PASSWORD = 'Moscow2026';
const CONTENT = Buffer.from('Коммерческое предложение: 1 000 000 ₽, срок до 31.12.2026\n');

/** Smirnova, Ivanov's colleague at the same company: the one he finds by name. */
const SMIRNOVA = { ...IVANOV, surname: 'Смирнова', name: 'Анна', patronymic: 'Сергеевна' };

interface Answer {
  status: number;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

/** Who calls the API in the setup: a staff member by client certificate, or a user by session cookie. */
type Caller = { certificate: ClientCertificate } | { cookie: string; csrf: string };

/** One HTTPS request to the office's API (the setup's shortcuts; the browser does what the test is about). */
function call(office: Office, caller: Caller | undefined, method: string, path: string, body?: unknown) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise<Answer>((resolve, reject) => {
    const outgoing = request(
      new URL(path, office.url),
      {
        method,
        // The installation's own infrastructure CA signs the server's certificate.
        rejectUnauthorized: false,
        headers: {
          'x-requested-with': 'podpis-test',
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(caller && 'cookie' in caller ? { cookie: caller.cookie, 'x-csrf-token': caller.csrf } : {}),
        },
        ...(caller && 'certificate' in caller
          ? { pfx: caller.certificate.pfx, passphrase: caller.certificate.passphrase }
          : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks),
            headers: response.headers,
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

async function json<T>(answer: Promise<Answer>, status: number): Promise<T> {
  const { status: got, body } = await answer;
  expect(got, body.toString()).toBe(status);
  return JSON.parse(body.toString()) as T;
}

async function downloaded(download: Download): Promise<Buffer> {
  return readFileSync(await download.path());
}

/**
 * The cabinet's encryption, decryption and history in a real Chromium:
 * Ivanov encrypts to his colleague Smirnova, found by name, and to a
 * partner's certificate file; Smirnova decrypts it with her key PIN; Ivanov's
 * history shows his signing operations with their evidence; the operator
 * sees the same history read-only. The accounts, certificates and signing
 * operations are made through the API, so the browser's time goes to what
 * is tested.
 */
describe('the cabinet: encryption, decryption and history in Chromium', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  const profiles: BrowserContext[] = [];
  const dir = tempDir('podpis-cabinet-crypto-');
  let operator: ClientCertificate | undefined;
  const users: Record<'ivanov' | 'smirnova', { id: string; serial: string }> = {
    ivanov: { id: '', serial: '' },
    smirnova: { id: '', serial: '' },
  };
  const partner = { key: join(dir, 'partner.key'), certificate: join(dir, 'partner.pem') };
  let encrypted = '';
  let ivanovPage: Page | undefined;

  function started(): { office: Office; browser: Browser } {
    if (!office || !browser) throw new Error('the office did not start');
    return { office, browser };
  }

  /** The operator registers a user and makes a certificate on a key held here; the user replaces the temporary password. */
  async function user(
    login: string,
    profile: object,
  ): Promise<{ id: string; serial: string; session: Caller }> {
    const { office } = started();
    if (!operator) throw new Error('no operator');
    const staff = { certificate: operator };
    const { user: account, temporaryPassword } = await json<{
      user: { id: string };
      temporaryPassword: string;
    }>(call(office, staff, 'POST', '/api/v1/users', { login, profile }), 201);
    const { serial } = await json<{ serial: string }>(
      call(office, staff, 'POST', `/api/v1/users/${account.id}/certificates`, {
        pin: KEY_PIN,
        pinConfirmation: KEY_PIN,
      }),
      201,
    );
    const login1 = await call(office, undefined, 'POST', '/api/v1/session', {
      login,
      password: temporaryPassword,
    });
    const session = {
      cookie: String(login1.headers['set-cookie']).split(';')[0] ?? '',
      csrf: (JSON.parse(login1.body.toString()) as { csrfToken: string }).csrfToken,
    };
    const changed = await call(office, session, 'POST', '/api/v1/session/password', {
      password: temporaryPassword,
      newPassword: USER_PASSWORD,
    });
    expect(changed.status, changed.body.toString()).toBe(204);
    return { id: account.id, serial, session };
  }

  beforeAll(async () => {
    [office, browser] = await Promise.all([startOffice(), launchBrowser()]);
    const admin = { certificate: office.admin };
    const account = await json<{ id: string }>(
      call(office, admin, 'POST', '/api/v1/operators', {
        login: 'operator1',
        displayName: 'Петров Пётр Петрович',
      }),
      201,
    );
    const issued = await json<{ pkcs12: string; password: string }>(
      call(office, admin, 'POST', `/api/v1/operators/${account.id}/client-certificate`),
      201,
    );
    operator = { pfx: Buffer.from(issued.pkcs12, 'base64'), passphrase: issued.password };

    const ivanov = await user('ivanov', IVANOV_PERSON);
    users.ivanov = ivanov;
    users.smirnova = await user('smirnova', SMIRNOVA);

    // Two signing operations of Ivanov's for his history: one signed, one left awaiting his PIN.
    const document = { name: 'contract.txt', content: CONTENT.toString('base64') };
    const signed = await json<{ id: string }>(
      call(office, ivanov.session, 'POST', '/api/v1/signing-operations', {
        certificate: ivanov.serial,
        format: 'cades',
        documents: [document],
      }),
      201,
    );
    await json(
      call(office, ivanov.session, 'POST', `/api/v1/signing-operations/${signed.id}/confirm`, {
        method: 'pin',
        pin: KEY_PIN,
      }),
      200,
    );
    await json(
      call(office, ivanov.session, 'POST', '/api/v1/signing-operations', {
        certificate: ivanov.serial,
        format: 'raw',
        documents: [{ ...document, name: 'draft.txt' }],
      }),
      201,
    );

    // A partner outside the service, with a GOST key and a certificate OpenSSL made.
    opensslGostKey(partner.key);
    opensslGostSelfSigned(partner.key, '/C=RU/CN=Партнёр', partner.certificate, ['keyUsage=keyEncipherment']);
  });
  afterAll(async () => {
    for (const profile of profiles) await profile.close();
    await browser?.close();
    await office?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(certificate?: ClientCertificate): Promise<Page> {
    const { office, browser } = started();
    const profile = await newProfile(browser, office, certificate);
    profiles.push(profile);
    return profile.newPage();
  }

  /** A user's browser, signed in with the login and password. */
  async function signedIn(login: string): Promise<Page> {
    const page = await open();
    await page.goto(started().office.url);
    await page.getByLabel('Логин').fill(login);
    await page.getByLabel('Пароль').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.waitForURL('**/my/certificates');
    return page;
  }

  it('Ivanov encrypts a file to Smirnova, found by name, and to a partner’s certificate file; the partner opens it with openssl cms -decrypt', async () => {
    const page = await signedIn('ivanov');
    ivanovPage = page;
    await page.getByRole('menuitem', { name: /(^|\s)Шифрование$/ }).click();
    await page.waitForURL('**/my/encrypt');
    const files = page.locator('input[type=file]');
    await files.nth(0).setInputFiles({ name: 'contract.txt', mimeType: 'text/plain', buffer: CONTENT });
    await page.getByTestId('encrypt-file-chosen').waitFor();
    await page.getByRole('combobox', { name: 'Получатели' }).fill('смирн');
    await page.locator('.ant-select-item-option').filter({ hasText: 'Смирнова Анна Сергеевна' }).click();
    await page.keyboard.press('Escape');
    await files.nth(1).setInputFiles(partner.certificate);
    await page.getByText('partner.pem').waitFor();
    await expectAccessible(page, 'encrypt page');
    await screenshot(page, 'user-encrypt');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('encrypt-submit').click(),
    ]);
    expect(download.suggestedFilename()).toBe('contract.txt.p7m');
    await page.getByTestId('encrypt-done').waitFor();
    const message = await downloaded(download);
    encrypted = join(dir, 'contract.txt.p7m');
    writeFileSync(encrypted, message);
    // Both GOST recipients, so the server chose Kuznyechik; the partner's OpenSSL reads it with the GOST engine.
    const opened = openssl([
      'cms',
      '-decrypt',
      '-binary',
      '-inform',
      'DER',
      '-in',
      encrypted,
      '-recip',
      partner.certificate,
      '-inkey',
      partner.key,
    ]).stdout;
    expect(Buffer.from(opened)).toEqual(CONTENT);
  });

  it('Smirnova decrypts it in her cabinet: a wrong PIN is refused with the stable message, the right one downloads the original under its name', async () => {
    expect(encrypted, 'the encryption step ran first').not.toBe('');
    const page = await signedIn('smirnova');
    await page.goto(`${started().office.url}/my/decrypt`);
    await page.locator('input[type=file]').first().setInputFiles(encrypted);
    await page.getByTestId('decrypt-file-chosen').waitFor();
    // Her one certificate is chosen for her.
    await expect.poll(() => page.getByTestId('decrypt-certificate').innerText()).toContain('Смирнова');
    await page.getByTestId('decrypt-submit').click();

    await page.getByTestId('key-pin').fill('00000000');
    await page.getByTestId('key-pin-submit').click();
    await page.getByRole('dialog').getByText('Неверный ПИН-код ключа.').waitFor();
    expect(await page.getByTestId('key-pin-attempts-left').innerText()).toContain('4');
    await expectAccessible(page, 'decrypt PIN dialog');
    await screenshot(page, 'user-decrypt-pin');

    await page.getByTestId('key-pin').fill(KEY_PIN);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('key-pin-submit').click(),
    ]);
    expect(download.suggestedFilename()).toBe('contract.txt');
    expect(await downloaded(download)).toEqual(CONTENT);
    await page.getByTestId('decrypt-done').waitFor();
    await expectAccessible(page, 'decrypt page');
  });

  it('Ivanov’s history shows his operations with their badges, filters by status, lists the documents and downloads the evidence and its PDF', async () => {
    const page = ivanovPage;
    if (!page) throw new Error('Ivanov did not sign in');
    await page.getByRole('menuitem', { name: 'История операций' }).click();
    await page.waitForURL('**/my/history');
    const history = page.getByTestId('signing-history');
    await history.locator('[data-status="completed"]').waitFor();
    await history.locator('[data-status="awaiting_confirmation"]').waitFor();
    expect(await history.locator('tr.ant-table-row').count()).toBe(2);
    await expectAccessible(page, 'history');
    await screenshot(page, 'user-history');

    await page.getByTestId('history-status').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Выполнена' }).click();
    await page.getByTestId('history-apply').click();
    await expect.poll(() => history.locator('[data-status="awaiting_confirmation"]').count()).toBe(0);
    expect(await history.locator('tr.ant-table-row').count()).toBe(1);

    await history.getByTestId('operation-details').click();
    const drawer = page.getByTestId('operation-drawer');
    const documents = page.getByTestId('operation-documents');
    await documents.getByText('contract.txt').waitFor();
    expect(await documents.innerText()).toContain(`${CONTENT.length} Б`);
    // Parameters, the digest algorithm and the confirmation are named in words, not codes or OIDs.
    const parameters = await page.getByTestId('operation-parameters').innerText();
    expect(parameters).toMatch(/Уровень\s+CAdES-BES/);
    expect(parameters).toMatch(/Отсоединённая\s+да/);
    expect(parameters).toMatch(/Режим\s+Новая подпись/);
    expect(await documents.innerText()).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
    expect(await drawer.innerText()).toContain('ПИН-код');
    await expectAccessible(page, 'operation details');
    const [evidence] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('evidence-json').click(),
    ]);
    const evidencePackage = JSON.parse((await downloaded(evidence)).toString()) as {
      format: string;
      evidence: { documents: { name: string }[] };
    };
    expect(evidencePackage.format).toBe('podpis-evidence/1');
    expect(evidencePackage.evidence.documents[0]?.name).toBe('contract.txt');
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('evidence-pdf').click(),
    ]);
    expect((await downloaded(pdf)).subarray(0, 4).toString()).toBe('%PDF');
    expect(await drawer.isVisible()).toBe(true);
  });

  it('the operator sees Ivanov’s signing history read-only: the operations and their documents, no evidence or actions', async () => {
    const page = await open(operator);
    await page.goto(`${started().office.url}/users/${users.ivanov.id}?tab=signing`);
    const history = page.getByTestId('signing-history');
    await history.locator('[data-status="completed"]').waitFor();
    expect(await history.locator('tr.ant-table-row').count()).toBe(2);
    // Viewing only: each row offers its details and nothing else.
    expect(await history.locator('tbody button').count()).toBe(
      await history.getByTestId('operation-details').count(),
    );
    await expectAccessible(page, 'operator: signing history');
    await screenshot(page, 'operator-signing-history');
    await history.getByTestId('operation-details').first().click();
    await page
      .getByTestId('operation-documents')
      .getByText(/contract\.txt|draft\.txt/)
      .waitFor();
    expect(await page.getByTestId('evidence-json').count()).toBe(0);
    expect(await page.getByTestId('evidence-pdf').count()).toBe(0);

    // A fourth tab on the user's page still fits a tablet.
    const { office, browser } = started();
    const tablet = await newProfile(browser, office, operator, { viewport: { width: 768, height: 1024 } });
    profiles.push(tablet);
    const narrow = await tablet.newPage();
    await narrow.goto(`${office.url}/users/${users.ivanov.id}?tab=signing`);
    await narrow.getByTestId('signing-history').locator('[data-status="completed"]').waitFor();
    await expectAccessible(narrow, 'operator: signing history on a tablet');
  });
});
