import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, startOffice, type Office } from './support/office.js';
import { launchPhoneBrowser, phone } from './support/phone.js';

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

  it('opens at /mobile/ with its manifest and worker, asks the activation code, and can make a WebAuthn credential', async () => {
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
    const manifest = await page.evaluate(async () => {
      const answer = await fetch('/mobile/manifest.webmanifest');
      return { type: answer.headers.get('content-type'), body: (await answer.json()) as { name: string } };
    });
    expect(manifest.type).toContain('application/manifest+json');
    expect(manifest.body.name).toBe('Подпись');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Activation code').waitFor();
  });
});
