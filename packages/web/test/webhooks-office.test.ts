import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  launchBrowser,
  newProfile,
  screenshot,
  startOffice,
  type Office,
} from './support/office.js';

/**
 * The administrator's webhook page in Chromium against a real server,
 * whose delivery job posts to a receiver on 127.0.0.1 (allow-listed).
 */
describe('webhooks in the web office', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;
  let profile: BrowserContext | undefined;
  let receiver: Server | undefined;
  const received: string[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      request.on('data', () => undefined);
      request.on('end', () => {
        received.push(String(request.headers['webhook-id']));
        response.statusCode = 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    // The delivery job every half second instead of every 5: the test waits for two deliveries.
    office = await startOffice(
      { PODPIS_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
      { webhookIntervalSeconds: 0.5 },
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await profile?.close();
    await browser?.close();
    await office?.close();
    receiver?.closeAllConnections();
    await new Promise<void>((resolve) => {
      if (receiver)
        receiver.close(() => {
          resolve();
        });
      else resolve();
    });
  });

  it('lets the administrator subscribe, see the secret once, send a test event and redeliver it from the log', async () => {
    if (!office || !browser || !receiver) throw new Error('the office did not start');
    profile = await newProfile(browser, office, office.admin);
    const page = await profile.newPage();
    await page.goto(`${office.url}/webhooks`);
    await page.getByRole('button', { name: 'Новая подписка' }).click();
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await page.getByLabel('Адрес (URL)').fill(url);
    await page.getByLabel('Описание').fill('ЭДО');
    await page.getByText('(certificate.revoked)').click();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    const secret = (await page.getByTestId('webhook-secret').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    await expectAccessible(page, 'webhook secret');
    await page.getByRole('button', { name: 'OK' }).click();

    const row = page.getByRole('row', { name: new RegExp(url.replaceAll('.', '\\.')) });
    await row.getByRole('button', { name: 'Отправить тестовое событие' }).click();
    // The server's delivery job runs every half second here.
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1);
    await row.locator('.ant-table-row-expand-icon').click();
    await page.locator('[data-status="delivered"]').first().waitFor();
    await page.getByRole('button', { name: 'Отправить повторно' }).click();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(2);
    expect(received[1]).toBe(received[0]);
    await expectAccessible(page, 'webhooks');
    await screenshot(page, 'admin-webhooks');
    expect(await page.content()).not.toContain(secret.slice('whsec_'.length));
  });
});
