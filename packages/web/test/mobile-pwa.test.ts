import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, startOffice, type Office } from './support/office.js';
import { launchPhoneBrowser, phone } from './support/phone.js';
import { ContractServer } from './support/device-server.js';
import {
  encodeOfflineRequest,
  fromBase64url,
  offlineCodeMatches,
  type OfflineRequest,
} from '@podpis/confirm';

describe('the Podpis mobile PWA in Chromium', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    office = await startOffice();
    browser = await launchPhoneBrowser(office.url);
  });
  afterAll(async () => {
    await browser?.close();
    await office?.close();
  });

  it('opens at /mobile/ with its manifest and worker, asks the activation code, can make a WebAuthn credential, and its worker handles a push', async () => {
    if (!office || !browser) throw new Error('not started');
    const { page } = await phone(browser);
    await page.goto(`${office.url}/mobile/`);
    await page.getByLabel('Код активации').waitFor();
    await expectAccessible(page, 'mobile enrolment');
    const created = await page.evaluate(async () => {
      const credential = await navigator.credentials.create({
        publicKey: {
          rp: { id: 'localhost', name: 'Podpis' },
          user: { id: new Uint8Array([1]), name: 'u', displayName: 'u' },
          challenge: new Uint8Array(32),
          pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          authenticatorSelection: { authenticatorAttachment: 'platform', userVerification: 'required' },
        },
      });
      return credential?.type;
    });
    expect(created).toBe('public-key');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${office.url}/mobile/`);

    // A push, as Chromium's push service would deliver it: the worker tells the open app to ask its list, and notifies.
    await page.context().grantPermissions(['notifications'], { origin: office.url });
    await page.evaluate(() => {
      const messages: unknown[] = [];
      (globalThis as unknown as { workerMessages: unknown[] }).workerMessages = messages;
      navigator.serviceWorker.addEventListener('message', (event) => messages.push(event.data));
    });
    const cdp = await page.context().newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => registrations.some((r) => r.scopeURL === scope)).toBe(true);
    const registrationId = registrations.find((r) => r.scopeURL === scope)?.registrationId ?? '';
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: office.url,
      registrationId,
      data: 'sealed hint',
    });
    await expect
      .poll(() =>
        page.evaluate(() => (globalThis as unknown as { workerMessages: unknown[] }).workerMessages),
      )
      .toEqual([{ type: 'pending' }]);
    // The worker posts to the app before it shows the notification, so the notification may come a moment later.
    await expect
      .poll(() =>
        page.evaluate(async () =>
          (await (await navigator.serviceWorker.ready).getNotifications()).map(({ title, body }) => ({
            title,
            body,
          })),
        ),
      )
      .toEqual([{ title: 'Подпись', body: 'Новая операция на подтверждение' }]);
    await cdp.detach();
    const manifest = await page.evaluate(async () => {
      const answer = await fetch('/mobile/manifest.webmanifest');
      return { type: answer.headers.get('content-type'), body: (await answer.json()) as { name: string } };
    });
    expect(manifest.type).toContain('application/manifest+json');
    expect(manifest.body.name).toBe('Подпись');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Activation code').waitFor();
  });

  it('enrols, shows the operation with its code and preview, approves it with a WebAuthn assertion over the approval, and makes offline codes: against the device contract', async () => {
    if (!office || !browser) throw new Error('not started');
    const server = new ContractServer();
    const { page } = await phone(browser);
    await server.attach(page);
    await page.goto(`${office.url}/mobile/#enrol=${server.activationCode}`);
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await page.getByText('Иванов Иван Иванович').waitFor();
    await page.getByLabel('Название устройства').fill('Мой телефон');
    await page.getByRole('button', { name: 'Подключить' }).click();
    await page.getByRole('heading', { name: 'Операции на подтверждение' }).waitFor();
    expect(server.registration?.name).toBe('Мой телефон');
    expect(server.registration?.kind).toBe('webauthn');

    const operation = await server.operation;
    expect(await page.getByTestId('verification-code').innerText()).toBe(operation.verificationCode);
    await page.getByRole('button', { name: 'Показать «act.txt»' }).click();
    await page.getByText('Акт сверки № 7').waitFor();
    // XML reads as an outline of its elements; markup in its text stays text.
    await page.getByRole('button', { name: 'Показать «act.xml»' }).click();
    const outline = page.getByTestId('xml-outline');
    expect(await outline.innerText()).toContain('Сумма валюта="RUB": 1000');
    await outline.getByText('Примечание: <img src=x onerror=alert(1)>').waitFor();
    expect(await outline.locator('img').count()).toBe(0);
    await expectAccessible(page, 'mobile pending operation');
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByText('Подтверждено: операция выполнена.').waitFor();
    expect(server.decisions).toEqual([{ decision: 'approve', challengeMatches: true, userVerified: true }]);
    await page.getByText('Нет операций, ожидающих подтверждения.').waitFor();

    const request: OfflineRequest = {
      operation: operation.operation,
      kind: 'sign',
      holder: 'Иванов Иван Иванович',
      certificate: 'ab12',
      documents: [{ name: 'act.txt', size: 14 }],
      documentCount: 1,
      digest: operation.digest,
      challenge: operation.challenge,
      expiresAt: operation.expiresAt,
    };
    await page.getByRole('button', { name: 'Без сети' }).click();
    await page.getByLabel('Текст QR-кода').fill(encodeOfflineRequest(request));
    await page.getByRole('button', { name: 'Показать код' }).click();
    const code = (await page.getByTestId('offline-code').innerText()).replace(/\s/g, '');
    expect(
      await offlineCodeMatches(
        server.channel().ocra,
        fromBase64url(operation.digest),
        fromBase64url(operation.challenge),
        code,
        new Date(),
      ),
    ).toBe(true);
    await expectAccessible(page, 'mobile offline code');

    await page.getByRole('button', { name: 'Устройство' }).click();
    await page.getByText('Мой телефон').waitFor();
    await expectAccessible(page, 'mobile device information');
  });
});
