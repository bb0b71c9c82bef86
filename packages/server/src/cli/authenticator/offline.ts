import jsQR from 'jsqr';
import PNG from 'png-js';
import {
  ConfirmError,
  fromBase64url,
  offlineCode,
  parseOfflineRequest,
  verificationCode,
  type OfflineRequest,
} from '@podpis/confirm';
import { CliFailure } from '../commands/failures.js';
import { formatBytes } from '../commands/progress.js';
import { readInput } from '../commands/failures.js';

/** The text of the QR code in a PNG image: QR_NOT_FOUND when none is readable, IMAGE_INVALID when it is no PNG. */
export async function qrTextOfPng(file: string): Promise<string> {
  const bytes = await readInput(file);
  let png: PNG;
  try {
    png = new PNG(bytes);
  } catch {
    throw new CliFailure('IMAGE_INVALID', `${file} is not a PNG image this command reads`);
  }
  if (!(png.width > 0 && png.height > 0))
    throw new CliFailure('IMAGE_INVALID', `${file} is not a PNG image this command reads`);
  const rgba = await new Promise<Uint8Array>((resolve, reject) => {
    try {
      png.decode(resolve);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  }).catch(() => {
    throw new CliFailure('IMAGE_INVALID', `${file} is not a PNG image this command reads`);
  });
  // jsqr is CommonJS whose types declare an ES default export: from ESM the function is under `.default`.
  const code = jsQR.default(
    new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength),
    png.width,
    png.height,
  );
  if (!code) throw new CliFailure('QR_NOT_FOUND', `no QR code could be read in ${file}`);
  return code.data;
}

/** The offline request of a QR code's text; OFFLINE_CODE_INVALID for any other text. */
export function offlineRequestOf(text: string): OfflineRequest {
  try {
    return parseOfflineRequest(text.trim());
  } catch (error) {
    if (error instanceof ConfirmError)
      throw new CliFailure(
        'OFFLINE_REQUEST_INVALID',
        `not the QR code of a Podpis offline confirmation (PODPIS-OFFLINE-1:…): ${error.message}`,
      );
    throw error;
  }
}

export interface OfflineAnswer {
  request: OfflineRequest;
  /** The four digits the browser shows too. */
  verificationCode: string;
  /** The eight digits to type into the browser. */
  code: string;
}

/** The offline code of `request` with the channel's OCRA key at `now`; OFFLINE_REQUEST_EXPIRED after its expiry. */
export async function answerOffline(
  ocraKey: Uint8Array<ArrayBuffer>,
  request: OfflineRequest,
  now: Date,
): Promise<OfflineAnswer> {
  if (Date.parse(request.expiresAt) <= now.getTime())
    throw new CliFailure(
      'OFFLINE_REQUEST_EXPIRED',
      `operation ${request.operation} expired at ${request.expiresAt}: start it again in the browser`,
    );
  const digest = fromBase64url(request.digest);
  return {
    request,
    verificationCode: await verificationCode(digest),
    code: await offlineCode(ocraKey, digest, fromBase64url(request.challenge), now),
  };
}

export function describeOffline(answer: OfflineAnswer): string {
  const { request } = answer;
  const more = request.documentCount - request.documents.length;
  return [
    `operation ${request.operation}`,
    `  code:         ${answer.verificationCode}   (compare with the browser / сравните с кодом в браузере)`,
    `  action:       ${request.kind === 'sign' ? 'sign (подписать)' : 'decrypt (расшифровать)'}`,
    `  certificate:  ${request.holder} (serial ${request.certificate})`,
    `  expires:      ${request.expiresAt}`,
    `  documents:    ${request.documentCount}`,
    ...request.documents.map(
      (document, i) =>
        `    ${String(i + 1).padStart(2)}. ${document.name}${document.size !== undefined ? `  ${formatBytes(document.size)}` : ''}`,
    ),
    ...(more > 0 ? [`    … and ${more} more`] : []),
    '',
    `Confirmation code (код подтверждения): ${answer.code}`,
    '',
  ].join('\n');
}
