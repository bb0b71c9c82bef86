import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiContext,
  expectAccessible,
  launchBrowser,
  newProfile,
  pdfText,
  screenshot,
  startOffice,
  type ClientCertificate,
  type Office,
} from './support/office.js';
import { HR_MAPPING } from '../../server/test/support/hr-export.js';

/** A SNILS with correct check digits for the nine-digit number `n`. */
function snilsFor(n: number): string {
  const number = String(n).padStart(9, '0');
  const sum = Array.from(number).reduce((acc, d, i) => acc + Number(d) * (9 - i), 0);
  const control = sum < 100 ? sum : sum <= 101 ? 0 : sum % 101 === 100 ? 0 : sum % 101;
  return `${number}${String(control).padStart(2, '0')}`;
}

const HEADER = [
  'Табельный номер',
  'Фамилия',
  'Имя',
  'Отчество',
  'СНИЛС',
  'Должность',
  'Подразделение',
  'E-mail',
];
const EMPLOYEES = 300;
/** Rows whose SNILS check digits are wrong, and rows without a surname: skipped with the reason. */
const WRONG_SNILS = [7, 57, 107, 157, 207, 257];
const NO_SURNAME = [33, 133, 233];

function employeeRow(i: number): string[] {
  const number = `T${String(i).padStart(6, '0')}`;
  const snils = snilsFor(200_000_000 + i);
  const wrong = `${snils.slice(0, 9)}${String((Number(snils.slice(9)) + 1) % 100).padStart(2, '0')}`;
  return [
    number,
    NO_SURNAME.includes(i) ? '' : ['Иванов', 'Петрова', 'Сидоров', 'Кузнецова'][i % 4]!,
    ['Иван', 'Анна', 'Сергей', 'Мария'][i % 4]!,
    ['Иванович', 'Петровна', 'Сергеевич', 'Алексеевна'][i % 4]!,
    WRONG_SNILS.includes(i) ? wrong : snils,
    'Бухгалтер',
    `Отдел ${String((i % 12) + 1)}`,
    `e${number.toLowerCase()}@primer.example`,
  ];
}

/**
 * A 1C-style export (;-separated, CRLF): 300 employees with the broken rows
 * an HR system really sends, then a repeated personnel number and a row
 * without one — 302 rows, 291 of them good.
 */
function exportCsv(): Buffer {
  const rows = [HEADER, ...Array.from({ length: EMPLOYEES }, (_, i) => employeeRow(i + 1))];
  rows.push([...employeeRow(1).slice(0, 5), 'Повтор', 'Отдел 1', 'povtor@primer.example']);
  rows.push(['', 'Безномерной', 'Пётр', 'Петрович', snilsFor(299_999_999), 'Юрист', 'Отдел 2', '']);
  return Buffer.from(`${rows.map((row) => row.join(';')).join('\r\n')}\r\n`);
}

async function progressValue(page: Page): Promise<number> {
  return Number(await page.getByRole('progressbar', { name: 'Ход операции' }).getAttribute('aria-valuenow'));
}

async function countOf(page: Page, outcome: string): Promise<number> {
  const text = await page.getByTestId(`job-count-${outcome}`).locator('.ant-statistic-content').innerText();
  return Number(text.replace(/\D/g, ''));
}

/** qpdf's exit code (0 fine, 2 an error such as a wrong password) and message for a file. */
function qpdf(args: readonly string[], file: string): { code: number; output: string } {
  const run = spawnSync('qpdf', [...args, file], { encoding: 'utf8' });
  return { code: run.status ?? -1, output: run.stdout + run.stderr };
}

/** A small export of employees `numbers` for the source `small` (numbers apart from the big export's). */
function smallExport(numbers: readonly number[]): Buffer {
  const rows = numbers.map((i) => [
    `P${String(i).padStart(6, '0')}`,
    ['Орлов', 'Белова', 'Зайцев', 'Волкова'][i % 4]!,
    ['Олег', 'Ольга', 'Борис', 'Вера'][i % 4]!,
    ['Олегович', 'Борисовна', 'Петрович', 'Ивановна'][i % 4]!,
    snilsFor(210_000_000 + i),
    'Инженер',
    'Отдел 1',
    `p${String(i).padStart(6, '0')}@primer.example`,
  ]);
  return Buffer.from(`${[HEADER, ...rows].map((row) => row.join(';')).join('\r\n')}\r\n`);
}

const loginOf = (i: number): string => `p${String(i).padStart(6, '0')}@primer.example`;

/**
 * The HR import in the operator's office, in Chromium against a real
 * Podpis: the operator sets up a source with its column mapping, uploads an
 * export of 302 rows with broken ones, watches the progress bar move, pauses
 * and resumes the import, and reads the per-row report on the page and as
 * the downloaded CSV. The runner does 10 rows a transaction and rests a second
 * between them (PODPIS_BULK_BATCH_SIZE, PODPIS_BULK_REST_MS), so the import
 * lasts seconds whatever the machine and the bar is seen part-way.
 */
describe('HR import in the web office', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  let operator: ClientCertificate | undefined;
  let operatorApi: APIRequestContext | undefined;
  const profiles: BrowserContext[] = [];

  beforeAll(async () => {
    [office, browser] = await Promise.all([
      startOffice({ PODPIS_BULK_BATCH_SIZE: '10', PODPIS_BULK_REST_MS: '1000' }),
      launchBrowser(),
    ]);
    const admin = await apiContext(office, office.admin);
    const registered = await admin.post('/api/v1/operators', { data: { login: 'operator-hr' } });
    const { id } = (await registered.json()) as { id: string };
    const issued = await admin.post(`/api/v1/operators/${id}/client-certificate`);
    const bundle = (await issued.json()) as { pkcs12: string; password: string };
    await admin.dispose();
    operator = { pfx: Buffer.from(bundle.pkcs12, 'base64'), passphrase: bundle.password };
    operatorApi = await apiContext(office, operator);
  }, 180_000);
  afterAll(async () => {
    for (const profile of profiles) await profile.close();
    await operatorApi?.dispose();
    await browser?.close();
    await office?.close();
  });

  it('the operator sets up a source, imports an export with progress, pauses and resumes it, and gets the report', async () => {
    if (!office || !browser || !operator || !operatorApi) throw new Error('the office did not start');
    const profile = await newProfile(browser, office, operator);
    profiles.push(profile);
    const page = await profile.newPage();
    await page.goto(`${office.url}/users`);
    await page.getByRole('menuitem', { name: 'Импорт из кадровой системы' }).click();
    await page.waitForURL(/\/hr-import$/);

    // The source: the 1C headers the form starts with, plus the employer's data every row shares.
    await page.getByTestId('hr-source-add').click();
    await page.getByTestId('hr-source-id').fill('1c');
    await page.getByTestId('hr-source-description').fill('1С:ЗУП, выгрузка отдела кадров');
    expect(await page.getByTestId('hr-column-externalId').inputValue()).toBe('Табельный номер');
    expect(await page.getByTestId('hr-column-snils').inputValue()).toBe('СНИЛС');
    await page.getByTestId('hr-default-organizationName').fill('ПАО «Пример»');
    await page.getByTestId('hr-default-innle').fill('7707083893');
    await page.getByTestId('hr-default-ogrn').fill('1027700132195');
    await page.getByTestId('hr-default-locality').fill('Москва');
    await expectAccessible(page, 'HR source form');
    await screenshot(page, 'operator-hr-source');
    await page.getByTestId('hr-source-save').click();
    const row = page.getByRole('row', { name: /1С:ЗУП/ });
    await row.waitFor();
    expect(await row.innerText()).toContain('Сотрудник организации');

    // The upload: a file of 302 rows; the dialog shows the limit and the chosen file.
    await row.getByTestId('hr-upload-1c').click();
    await page.getByText('не больше 32 МиБ').waitFor();
    await page
      .getByRole('dialog')
      .locator('input[type=file]')
      .setInputFiles({ name: 'zup.csv', mimeType: 'text/csv', buffer: exportCsv() });
    await page.getByTestId('hr-upload-chosen').waitFor();
    await page.getByTestId('hr-upload-start').click();
    await page.waitForURL(/\/bulk-jobs\/[0-9a-f-]{36}$/);
    const jobId = page.url().split('/').at(-1)!;

    // The bar moves: a value part-way is seen, then the operator pauses the import there.
    const seen: number[] = [];
    await expect
      .poll(
        async () => {
          const value = await progressValue(page);
          seen.push(value);
          return value > 0 && value < 100;
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBe(true);
    expect(await page.getByTestId('job-status').innerText()).toBe('Выполняется');
    await page.getByTestId('job-pause').click();
    await page.getByText('Приостановить операцию?').waitFor();
    await page.getByTestId('job-pause-confirm').click();
    await page
      .locator('[data-testid="job-status"][data-status="paused"]')
      .waitFor({ timeout: 20_000 })
      .catch(async (error: unknown) => {
        // What the page says instead (an answer of the server, the status it shows) tells why.
        const shown = await page.locator('main').innerText();
        throw new Error(`not paused: ${shown.slice(0, 600)}`, { cause: error });
      });
    const paused = (await (await operatorApi.get(`/api/v1/bulk-jobs/${jobId}`)).json()) as {
      processed: number;
      total: number;
      status: string;
    };
    expect(paused.status).toBe('paused');
    expect(paused.processed).toBeGreaterThan(0);
    expect(paused.processed).toBeLessThan(302);
    // A paused import stays where it is.
    await page.waitForTimeout(1500);
    const held = (await (await operatorApi.get(`/api/v1/bulk-jobs/${jobId}`)).json()) as {
      processed: number;
    };
    expect(held.processed).toBe(paused.processed);
    const pausedValue = await progressValue(page);
    expect(pausedValue).toBe(Math.floor((paused.processed * 100) / 302));
    expect(pausedValue).toBeLessThan(100);
    expect(await page.getByTestId('job-progress-text').innerText()).toContain(
      `${String(paused.processed)} из 302`,
    );
    await expectAccessible(page, 'paused import');
    await screenshot(page, 'operator-hr-progress');

    await page.getByTestId('job-resume').click();
    await page.getByText('Продолжить операцию с того места').waitFor();
    await page.getByTestId('job-resume-confirm').click();
    await page.locator('[data-testid="job-status"][data-status="completed"]').waitFor({ timeout: 60_000 });
    expect(await progressValue(page)).toBe(100);
    expect(seen.some((value) => value > 0 && value < 100)).toBe(true);

    // The counts: 291 employees registered, 11 rows skipped, each with its reason in words.
    expect(await countOf(page, 'created')).toBe(291);
    expect(await countOf(page, 'skipped')).toBe(11);
    expect(await countOf(page, 'updated')).toBe(0);
    await page.getByTestId('job-items-outcome').click();
    await page.locator('.ant-select-item-option', { hasText: /^Пропущены/ }).click();
    const items = page.getByTestId('job-items');
    await items.getByText('Повтор: этот табельный номер уже был в строке 1').waitFor();
    const table = await items.innerText();
    expect(table).toContain('СНИЛС: Неверное контрольное число СНИЛС');
    expect(table).toContain('Фамилия: Обязательное поле для этого типа владельца');
    expect(table).toContain('Нет табельного номера');
    expect(table).not.toMatch(/SNILS_CHECKSUM|REQUIRED|DUPLICATE/);
    await expectAccessible(page, 'import report');
    await screenshot(page, 'operator-hr-report');

    // The report as CSV: one line per row, the outcome and the reason's code for spreadsheets and scripts.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('job-report').click(),
    ]);
    const csv = readFileSync(await download.path()).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('row;externalId;outcome;reason;accountId');
    expect(lines).toHaveLength(1 + 302);
    expect(lines.filter((line) => line.split(';')[2] === 'created')).toHaveLength(291);
    expect(lines[7]).toMatch(/^7;T000007;skipped;snils:SNILS_CHECKSUM/);
    expect(lines[33]).toMatch(/^33;T000033;skipped;surname:REQUIRED/);
    expect(lines[301]).toMatch(/^301;T000001;skipped;DUPLICATE/);

    // The list of bulk jobs shows the import, finished, in words.
    await page.getByRole('menuitem', { name: 'Массовые операции' }).click();
    const listed = page.getByTestId('bulk-jobs').getByRole('row', { name: /zup\.csv/ });
    await listed.waitFor();
    expect(await listed.innerText()).toContain('Завершена');
    expect(await listed.innerText()).toContain('Импорт из кадровой системы');
    await expectAccessible(page, 'bulk jobs');
  }, 240_000);

  /** Imports employees `numbers` into the source `small` (made on first use) through the API; the job's id. */
  async function importSmall(numbers: readonly number[]): Promise<string> {
    if (!operatorApi) throw new Error('the office did not start');
    const source = await operatorApi.get('/api/v1/hr/sources/small');
    if (source.status() === 404) {
      const saved = await operatorApi.put('/api/v1/hr/sources/small', {
        data: {
          description: 'Небольшая выгрузка',
          mapping: HR_MAPPING,
        },
      });
      expect(saved.status(), await saved.text()).toBe(200);
    }
    const started = await operatorApi.post('/api/v1/hr/sources/small/imports?name=small.csv', {
      headers: { 'content-type': 'text/csv' },
      data: smallExport(numbers),
    });
    expect(started.status(), await started.text()).toBe(202);
    return ((await started.json()) as { id: string }).id;
  }

  it('the operator delivers the passwords of a finished import once: letters as a PDF, or a protected PDF that opens only with the password shown', async () => {
    if (!office || !browser || !operator) throw new Error('the office did not start');
    const profile = await newProfile(browser, office, operator);
    profiles.push(profile);
    const page = await profile.newPage();
    const card = page.getByTestId('temporary-passwords-delivery');

    // Letters: one page per employee with the login and the temporary password.
    const lettersJob = await importSmall([1, 2]);
    await page.goto(`${office.url}/bulk-jobs/${lettersJob}`);
    await page.locator('[data-testid="job-status"][data-status="completed"]').waitFor({ timeout: 60_000 });
    await card.getByText('Временных паролей ждут выдачи: 2.').waitFor();
    await card.getByTestId('format-letters').click();
    await card.getByTestId('deliver-passwords').click();
    const [letters] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Скачать', exact: true }).last().click(),
    ]);
    expect(letters.suggestedFilename()).toBe(`passwords-${lettersJob}-letters.pdf`);
    const lettersFile = await letters.path();
    expect(readFileSync(lettersFile).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(qpdf(['--check'], lettersFile).code).toBe(0);
    const text = pdfText(readFileSync(lettersFile));
    expect(text).toContain(loginOf(1));
    expect(text).toContain(loginOf(2));
    expect(text).toContain('Временный пароль');
    await card.getByText('Файл скачан, паролей в нём: 2.').waitFor();
    // Once only: the card now says when and how, and offers no second download.
    await page.reload();
    await card.getByTestId('temporary-passwords-delivered').waitFor();
    expect(await card.getByTestId('temporary-passwords-delivered').innerText()).toContain('письма');
    expect(await card.getByTestId('deliver-passwords').count()).toBe(0);

    // The protected file: Podpis makes up its password and shows it this once.
    const protectedJob = await importSmall([3, 4]);
    await page.goto(`${office.url}/bulk-jobs/${protectedJob}`);
    await page.locator('[data-testid="job-status"][data-status="completed"]').waitFor({ timeout: 60_000 });
    await card.getByTestId('format-protected-file').click();
    await card.getByTestId('file-password').waitFor();
    await expectAccessible(page, 'temporary passwords delivery');
    await screenshot(page, 'operator-temporary-passwords');
    await card.getByTestId('deliver-passwords').click();
    const [protectedDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Скачать', exact: true }).last().click(),
    ]);
    const protectedFile = await protectedDownload.path();
    const filePassword = (await card.getByTestId('generated-file-password').innerText()).trim();
    expect(filePassword).toMatch(/^\S{20}$/);
    expect(readFileSync(protectedFile).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const opened = qpdf([`--password=${filePassword}`, '--check'], protectedFile);
    expect(opened.code, opened.output).toBe(0);
    expect(qpdf([`--password=${filePassword}`, '--show-encryption'], protectedFile).output).toContain(
      'R = 6',
    );
    const shut = qpdf(['--check'], protectedFile);
    expect(shut.code).toBe(2);
    expect(shut.output).toMatch(/invalid password/i);
    expect(qpdf(['--password=not-the-password', '--check'], protectedFile).code).toBe(2);
  }, 240_000);

  it('the operator issues certificates to users chosen in the list: the dialog, the progress and each outcome in words', async () => {
    if (!office || !browser || !operator || !operatorApi) throw new Error('the office did not start');
    // Three imported employees: one will be issued, one is locked, one holds a certificate already.
    await importSmall([11, 12, 13]);
    const idOf = async (login: string): Promise<string> => {
      const found = await operatorApi!.get(`/api/v1/users?search=${encodeURIComponent(login)}`);
      const { items } = (await found.json()) as { items: { id: string; login: string }[] };
      const user = items.find((u) => u.login === login);
      if (!user) throw new Error(`${login} was not imported`);
      return user.id;
    };
    await expect.poll(async () => idOf(loginOf(13)).catch(() => ''), { timeout: 60_000 }).not.toBe('');
    const locked = await operatorApi.post(`/api/v1/users/${await idOf(loginOf(12))}/lock`);
    expect(locked.status(), await locked.text()).toBe(200);
    const earlier = await operatorApi.post(`/api/v1/users/${await idOf(loginOf(13))}/certificates`, {
      data: {
        certificateProfile: 'qualified-employee',
        keySpec: 'gost256',
        pin: '12345678',
        pinConfirmation: '12345678',
      },
    });
    expect(earlier.status(), await earlier.text()).toBe(201);
    const { serial } = (await earlier.json()) as { serial: string };

    const profile = await newProfile(browser, office, operator);
    profiles.push(profile);
    const page = await profile.newPage();
    await page.goto(`${office.url}/users`);
    await page.getByTestId('users-search').locator('input').fill('p0000');
    await page.getByTestId('users-search').locator('input').press('Enter');
    for (const i of [11, 12, 13]) {
      await page.getByRole('checkbox', { name: `Выбрать ${loginOf(i)}` }).check();
    }
    await page.getByTestId('issue-selected').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Выпуск сертификатов выбранным пользователям: 3').waitFor();
    await dialog.getByTestId('key-pin').fill('87654321');
    await dialog.getByTestId('key-pin-confirmation').fill('87654321');
    expect(await dialog.getByRole('checkbox', { name: /Пропустить тех, у кого уже есть/ }).isChecked()).toBe(
      true,
    );
    await expectAccessible(page, 'campaign dialog');
    await screenshot(page, 'operator-campaign-dialog');
    await dialog.getByTestId('campaign-start').click();
    await page.waitForURL(/\/bulk-jobs\/[0-9a-f-]{36}$/);

    await page.locator('[data-testid="job-status"][data-status="completed"]').waitFor({ timeout: 120_000 });
    expect(await progressValue(page)).toBe(100);
    expect(await page.getByTestId('job-progress-text').innerText()).toContain('3 из 3');
    expect(await countOf(page, 'issued')).toBe(1);
    expect(await countOf(page, 'skipped')).toBe(1);
    expect(await countOf(page, 'failed')).toBe(1);
    const items = page.getByTestId('job-items');
    await items.getByText('Учётная запись заблокирована').waitFor();
    const rowOf = (i: number) =>
      items.getByRole('row', { name: new RegExp(loginOf(i).replace(/\./g, '\\.')) });
    expect(await rowOf(11).innerText()).toContain('Выпущен');
    expect(await rowOf(12).innerText()).toContain('Не выпущен');
    expect(await rowOf(13).innerText()).toContain('Пропущен');
    expect(await rowOf(13).innerText()).toContain(
      `Уже есть действующий сертификат этого профиля (${serial})`,
    );
    expect(await items.innerText()).not.toMatch(/ACCOUNT_LOCKED|HAS_VALID_CERTIFICATE/);
    await expectAccessible(page, 'campaign report');
    await screenshot(page, 'operator-campaign-report');
  }, 300_000);
});
