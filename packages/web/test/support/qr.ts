import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';

// jsQR is a CommonJS bundle whose types declare an ES default export: under Node's interop that is `.default`.
const jsQR = jsQRModule.default;

/** The text of the QR code a page shows in the element with `testId`, read from a screenshot as a camera would. */
export async function qrCodeOn(page: Page, testId: string): Promise<string> {
  const image = PNG.sync.read(await page.getByTestId(testId).screenshot());
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error(`no QR code readable in ${testId}`);
  return code.data;
}
