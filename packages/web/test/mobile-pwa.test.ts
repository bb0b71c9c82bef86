import { createHash } from 'node:crypto';
import { connect } from 'node:tls';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, startOffice, type Office } from './support/office.js';

/** SHA-256 of the server certificate's public key, base64: what Chromium's SPKI allow-list takes. */
function serverSpkiHash(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: hostname, port: Number(port), servername: hostname, rejectUnauthorized: false },
      () => {
        const spki = socket.getPeerX509Certificate()?.publicKey.export({ type: 'spki', format: 'der' });
        socket.end();
        if (!spki) reject(new Error('no server certificate'));
        else resolve(createHash('sha256').update(spki).digest('base64'));
      },
    );
    socket.on('error', reject);
  });
}

/**
 * A phone's browser: Chrome's virtual platform authenticator (user
 * verification always succeeds) over the DevTools protocol. The server's
 * certificate is trusted by its key rather than ignored, because Chrome
 * refuses WebAuthn on a page with certificate errors.
 */
async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'ru-RU',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return { context, page };
}

describe('the Podpis mobile PWA in Chromium', () => {
  let office: Office | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    office = await startOffice();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', `--ignore-certificate-errors-spki-list=${await serverSpkiHash(office.url)}`],
    });
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
