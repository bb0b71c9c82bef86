import { createHash } from 'node:crypto';
import { connect } from 'node:tls';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { patient } from './office.js';

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
export async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = patient(
    await browser.newContext({
      locale: 'ru-RU',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    }),
  );
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

/**
 * Chromium trusting the office's server certificate by its key: a page
 * with certificate errors (ignoreHTTPSErrors) gets no WebAuthn at all.
 */
export async function launchPhoneBrowser(officeUrl: string): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', `--ignore-certificate-errors-spki-list=${await serverSpkiHash(officeUrl)}`],
  });
}
