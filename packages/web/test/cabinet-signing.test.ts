import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gostOpensslConfig, tempDir } from '@podpis/testkit';
import { samplePdf } from '../../pki/test/support/pdf.js';
import { IVANOV_PERSON, PRIMER_LEGAL_ENTITY } from '../../pki/test/support/subjects.js';
import { opensslVerifyCmsFiles } from '../../server/test/support/signing.js';
import {
  apiContext,
  expectAccessible,
  launchBrowser,
  newProfile,
  screenshot,
  STEP_TIMEOUT_MS,
  startOffice,
  type ClientCertificate,
  type Office,
} from './support/office.js';

const KEY_PIN = '12345678';
const USER_PASSWORD = 'Moscow2026';
const TEXT = 'Акт сверки № 7\nСумма: 1 000 руб.\n';
/** A 1 × 1 PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** The bytes and name of what the page handed to the browser as a download after `click`. */
async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/**
 * The holder's cabinet in a real Chromium: a PDF and a text signed at once
 * (the preview shows what is signed), a wrong PIN that signs nothing, a
 * PAdES signature with a stamp, and the verification of what was signed
 * and of a tampered copy. The holder's certificate is issued through the
 * API (the operator's pages have their own test); an ECDSA key, so that
 * poppler's pdfsig can check the PAdES signature too.
 */
describe('the cabinet signs and verifies documents in Chromium', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const contexts: APIRequestContext[] = [];
  const dir = tempDir('podpis-cabinet-signing-');
  const caFile = join(dir, 'ca.pem');
  const files: { pdf: Buffer; signature?: Buffer; signedPdf?: Buffer } = { pdf: Buffer.alloc(0) };

  async function api(certificate?: Office['admin']): Promise<APIRequestContext> {
    if (!office) throw new Error('the office did not start');
    const context = await apiContext(office, certificate);
    contexts.push(context);
    return context;
  }

  function started(): { office: Office; browser: Browser; page: Page } {
    if (!office || !browser) throw new Error('the office did not start');
    if (!page) throw new Error('the holder did not sign in');
    return { office, browser, page };
  }

  /** Administrator → operator → holder with a certificate on an ECDSA key held here, as the manual has it. */
  let operatorCertificate: ClientCertificate | undefined;
  let signerId = '';

  async function holder(): Promise<{ login: string }> {
    const admin = await api(office?.admin);
    const registered = await admin.post('/api/v1/operators', { data: { login: 'operator-signing' } });
    expect(registered.status(), await registered.text()).toBe(201);
    const { id } = (await registered.json()) as { id: string };
    const issued = await admin.post(`/api/v1/operators/${id}/client-certificate`);
    expect(issued.status()).toBe(201);
    const bundle = (await issued.json()) as { pkcs12: string; password: string };
    operatorCertificate = { pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password };
    const operator = await api(operatorCertificate);
    const user = await operator.post('/api/v1/users', { data: { login: 'signer', profile: IVANOV_PERSON } });
    expect(user.status(), await user.text()).toBe(201);
    const created = (await user.json()) as { user: { id: string }; temporaryPassword: string };
    signerId = created.user.id;
    const certificate = await operator.post(`/api/v1/users/${created.user.id}/certificates`, {
      data: { pin: KEY_PIN, pinConfirmation: KEY_PIN, keySpec: 'ecdsa-p256' },
    });
    expect(certificate.status(), await certificate.text()).toBe(201);
    // The first sign-in's forced password change, through the API: the office's own test walks it.
    const session = await api();
    const signedIn = await session.post('/api/v1/session', {
      data: { login: 'signer', password: created.temporaryPassword },
    });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const changed = await session.post('/api/v1/session/password', {
      headers: { 'x-csrf-token': csrfToken },
      data: { password: created.temporaryPassword, newPassword: USER_PASSWORD },
    });
    expect(changed.status()).toBe(204);
    return { login: 'signer' };
  }

  beforeAll(async () => {
    files.pdf = Buffer.from(await samplePdf());
    [office, browser] = await Promise.all([startOffice(), launchBrowser()]);
    const cas = (await (await fetch(`${office.server.pkiUrl}/pki/cas`)).json()) as {
      certificatePem: string;
    }[];
    writeFileSync(caFile, cas.map((ca) => ca.certificatePem).join(''));
    const { login } = await holder();
    const profile = await newProfile(browser, office);
    page = await profile.newPage();
    await page.goto(office.url);
    await page.getByLabel('Логин').fill(login);
    await page.getByLabel('Пароль').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.waitForURL('**/my/certificates');
  });
  afterAll(async () => {
    for (const context of contexts) await context.dispose();
    await browser?.close();
    await office?.close();
    rmSync(dir, { recursive: true, force: true });
    // The GOST OpenSSL configuration testkit wrote for this file's openssl runs.
    rmSync(dirname(gostOpensslConfig()), { recursive: true, force: true });
  });

  /** Answers the PIN dialog of the operation awaiting confirmation. */
  async function confirm(pin: string): Promise<void> {
    const { page } = started();
    await page.getByTestId('key-pin').fill(pin);
    await page.getByTestId('key-pin-submit').click();
  }

  it('shows what is signed, refuses a wrong PIN without signing, then signs a PDF and a text at once (CAdES detached) that OpenSSL verifies', async () => {
    const { page, office } = started();
    await page.getByRole('menuitem', { name: 'Подписать документы' }).click();
    await page.waitForURL('**/my/sign');
    await page.getByTestId('sign-submit').waitFor();
    await page.locator('input[type=file]').setInputFiles([
      { name: 'contract.pdf', mimeType: 'application/pdf', buffer: files.pdf },
      { name: 'act.txt', mimeType: 'text/plain', buffer: Buffer.from(TEXT) },
    ]);
    // Both pages of the sample PDF, drawn one after the other (pdf.js and its worker load first: slow on a busy machine).
    await expect
      .poll(() => page.getByTestId('preview-pdf-page').count(), { timeout: STEP_TIMEOUT_MS })
      .toBe(2);
    expect(await page.getByTestId('preview-text').innerText()).toContain('Акт сверки № 7');
    // The certificate is chosen already (the only one); CAdES detached is the default format.
    await expect.poll(() => page.getByTestId('sign-certificate').innerText()).toContain('Иванов');
    await expectAccessible(page, 'sign page with previews');
    await screenshot(page, 'user-sign');

    await page.getByTestId('sign-submit').click();
    await confirm('00000000');
    await page.getByRole('dialog').getByText('Неверный ПИН-код ключа.').waitFor();
    await page.getByTestId('key-pin-attempts-left').waitFor();
    const history = await page.request.get(`${office.url}/api/v1/signing-operations?status=completed`);
    expect(((await history.json()) as { total: number }).total).toBe(0);

    await confirm(KEY_PIN);
    await page.getByTestId('sign-results').waitFor();
    await expectAccessible(page, 'signing results');
    await screenshot(page, 'user-sign-results');
    const contents = [files.pdf, Buffer.from(TEXT)];
    for (const [index, name] of ['contract.pdf.p7s', 'act.txt.p7s'].entries()) {
      const result = await downloadOf(page, () => page.getByTestId(`sign-download-${String(index)}`).click());
      expect(result.name).toBe(name);
      writeFileSync(join(dir, name), result.bytes);
      writeFileSync(join(dir, `${name}.content`), contents[index] ?? '');
      const stderr = opensslVerifyCmsFiles(caFile, {
        signature: join(dir, name),
        content: join(dir, `${name}.content`),
        out: join(dir, 'verified'),
      });
      expect(stderr).toMatch(/Verification successful/);
      if (index === 0) files.signature = result.bytes;
    }
  });

  it('signs the PDF in PAdES with a visible stamp, which pdfsig finds valid', async () => {
    const { page } = started();
    await page.getByRole('button', { name: 'Убрать act.txt' }).click();
    await page.getByText('PAdES (подпись внутри PDF)').click();
    await page.getByTestId('sign-stamp').click();
    await page.getByText('Внизу справа').click();
    await page.getByTestId('sign-submit').click();
    await confirm(KEY_PIN);
    await page.getByTestId('key-pin').waitFor({ state: 'detached' });
    await page.getByTestId('sign-results').waitFor();
    const result = await downloadOf(page, () => page.getByTestId('sign-download-0').click());
    expect(result.name).toBe('contract.signed.pdf');
    expect(result.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    files.signedPdf = result.bytes;
    const file = join(dir, 'contract.signed.pdf');
    writeFileSync(file, result.bytes);
    const pdfsig = spawnSync('pdfsig', ['-nocert', file], { encoding: 'utf8' });
    expect(pdfsig.stdout).toContain('Signature is Valid');
    const text = spawnSync('pdftotext', ['-l', '2', file, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ');
  });

  it('previews XML and images, then uploads a document too large to send inline first, showing its digest before and the progress while signing', async () => {
    const { page } = started();
    // Over the page's 1 MiB inline limit; random, so the preview can only show name, size and digest.
    const large = randomBytes(1536 * 1024);
    await page.getByRole('button', { name: 'Убрать contract.pdf' }).click();
    await page.getByText('CAdES (CMS, .p7s)').click();
    // XML is indented and shown as text (markup in it is never interpreted); an image is shown as it is.
    await page.locator('input[type=file]').setInputFiles([
      {
        name: 'invoice.xml',
        mimeType: 'application/xml',
        buffer: Buffer.from(
          '<?xml version="1.0"?><invoice><item n="1">&lt;b&gt;bold&lt;/b&gt;</item></invoice>',
        ),
      },
      { name: 'stamp.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') },
    ]);
    expect(await page.getByTestId('preview-xml').innerText()).toContain('  <item n="1"><b>bold</b></item>');
    expect(await page.getByTestId('preview-xml').locator('b').count()).toBe(0);
    await expect
      .poll(() =>
        page.getByAltText('stamp.png').evaluate((image) => (image as HTMLImageElement).naturalWidth),
      )
      .toBe(1);
    await page.getByRole('button', { name: 'Убрать invoice.xml' }).click();
    await page.getByRole('button', { name: 'Убрать stamp.png' }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: 'archive.bin',
      mimeType: 'application/octet-stream',
      buffer: large,
    });
    expect(await page.getByTestId('preview-sha256').innerText()).toContain(
      createHash('sha256').update(large).digest('hex'),
    );
    // The Streebog-256 digest a GOST key signs and the phone shows, hashed in the page by
    // @podpis/gost on its WebAssembly path: as OpenSSL's GOST engine hashes the same bytes.
    const opensslDigest = spawnSync('openssl', ['dgst', '-md_gost12_256', '-r'], {
      input: large,
      env: { ...process.env, OPENSSL_CONF: gostOpensslConfig() },
      encoding: 'utf8',
    });
    expect(opensslDigest.status, opensslDigest.stderr).toBe(0);
    const streebog = page.getByTestId('preview-streebog256');
    expect(await streebog.innerText()).toContain(opensslDigest.stdout.split(' ')[0]);
    expect(await streebog.getAttribute('data-implementation')).toBe('wasm');
    const uploads = page.waitForRequest((sent) => sent.url().includes('/api/v1/documents?name=archive.bin'));
    await page.getByTestId('sign-submit').click();
    await uploads;
    await confirm(KEY_PIN);
    await page.getByTestId('key-pin').waitFor({ state: 'detached' });
    expect(await page.getByTestId('sign-progress').getAttribute('data-stage')).toBe('done');
    const result = await downloadOf(page, () => page.getByTestId('sign-download-0').click());
    expect(result.name).toBe('archive.bin.p7s');
    writeFileSync(join(dir, 'archive.bin.p7s'), result.bytes);
    writeFileSync(join(dir, 'archive.bin'), large);
    const stderr = opensslVerifyCmsFiles(caFile, {
      signature: join(dir, 'archive.bin.p7s'),
      content: join(dir, 'archive.bin'),
      out: join(dir, 'verified'),
    });
    expect(stderr).toMatch(/Verification successful/);
  });

  it('verifies: TOTAL_PASSED for the signature just made and for the signed PDF, TOTAL_FAILED for a tampered document; the report downloads as a PDF', async () => {
    const { page } = started();
    expect(files.signature, 'the signing step ran first').toBeDefined();
    await page.getByRole('menuitem', { name: 'Проверить подпись' }).click();
    await page.waitForURL('**/my/verify');
    // The sign page's file input may still be there for a moment: the verify page's button says it has gone.
    await page.getByTestId('verify-submit').waitFor();
    const inputs = page.locator('input[type=file]');
    await inputs.nth(0).setInputFiles({
      name: 'contract.pdf.p7s',
      mimeType: 'application/pkcs7-signature',
      buffer: files.signature ?? Buffer.alloc(0),
    });
    await inputs
      .nth(1)
      .setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: files.pdf });
    await page.getByTestId('verify-submit').click();
    await expect
      .poll(() => page.getByTestId('verify-indication').getAttribute('data-indication'))
      .toBe('TOTAL_PASSED');
    expect(await page.getByTestId('verify-signature-0').innerText()).toContain('Иванов');
    await expectAccessible(page, 'verification report');
    await screenshot(page, 'user-verify');

    const tampered = Buffer.from(files.pdf);
    tampered[200] = (tampered[200] ?? 0) ^ 1;
    await inputs
      .nth(1)
      .setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: tampered });
    await page.getByTestId('verify-submit').click();
    await expect
      .poll(() => page.getByTestId('verify-indication').getAttribute('data-indication'))
      .toBe('TOTAL_FAILED');
    expect(await page.getByTestId('verify-signature-indication-0').innerText()).toContain('HASH_FAILURE');
    // In the office's language, Russian here.
    const asked = page.waitForRequest((sent) =>
      sent.url().includes('/api/v1/verifications?output=pdf&lang=ru'),
    );
    const report = await downloadOf(page, () => page.getByTestId('verify-pdf').click());
    await asked;
    expect(report.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');

    await page.getByRole('button', { name: 'Начать заново' }).click();
    await inputs.nth(0).setInputFiles({
      name: 'contract.signed.pdf',
      mimeType: 'application/pdf',
      buffer: files.signedPdf ?? Buffer.alloc(0),
    });
    await page.getByTestId('verify-submit').click();
    await expect
      .poll(() => page.getByTestId('verify-indication').getAttribute('data-indication'))
      .toBe('TOTAL_PASSED');
  });

  it('the operator issues an organisation a key for automatic signing: that choice appears for a legal entity only, and takes the PIN fields away', async () => {
    const { office, browser } = started();
    if (!operatorCertificate) throw new Error('no operator');
    const operator = await api(operatorCertificate);
    const registered = await operator.post('/api/v1/users', {
      data: { login: 'primer-edo', profile: PRIMER_LEGAL_ENTITY },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    const { user } = (await registered.json()) as { user: { id: string } };
    const profile = await newProfile(browser, office, operatorCertificate);
    const page = await profile.newPage();
    await page.goto(`${office.url}/users/${signerId}/certificates/new`);
    await page.getByTestId('key-pin').waitFor();
    // A person's key is used only as its holder confirms (PIN or device): automatic signing is not offered.
    await page.getByTestId('key-confirmation').click();
    expect(await page.locator('.ant-select-item-option').allInnerTexts()).not.toContain(
      'Без подтверждения: автоматическая подпись систем организации',
    );
    await page.keyboard.press('Escape');
    await page.goto(`${office.url}/users/${user.id}/certificates/new`);
    await page.getByTestId('key-confirmation').click();
    await page.getByText('Без подтверждения: автоматическая подпись систем организации').click();
    // The PIN fields go once the form has re-rendered for the choice (not necessarily by the next check).
    await page.getByTestId('key-pin').waitFor({ state: 'detached' });
    await page.getByTestId('create-certificate').click();
    await page.waitForURL(/\/certificates\/[0-9a-f]+$/i);
    const serial = page.url().split('/').at(-1)!.toLowerCase();
    const { rows } = await office.server.db.query<{ protection: string }>(
      'SELECT k.protection FROM certificates c JOIN stored_keys k ON k.id = c.key_id WHERE c.serial = $1',
      [serial],
    );
    expect(rows).toEqual([{ protection: 'none' }]);
    await profile.close();
  });
});
