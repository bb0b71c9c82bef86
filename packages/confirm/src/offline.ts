import { ConfirmError, concat, fromBase64url, toHex, utf8 } from './bytes.js';
import { ocra, ocraTimeStep, parseOcraSuite } from './ocra.js';

/**
 * Offline confirmation: the browser shows a QR code with the operation's
 * summary and challenge; the device (without network) shows the summary
 * and an OCRA code computed with its channel's OCRA key over a question
 * bound to the operation's digest and challenge; the user types the code
 * into the browser. The time step (one minute) bounds how long a code
 * lives; the server accepts the last few steps only.
 */
export const OFFLINE_SUITE = 'OCRA-1:HOTP-SHA256-8:QH40-T1M';
const suite = parseOcraSuite(OFFLINE_SUITE);

/** The question: 40 hex digits of SHA-256 over the operation's digest and challenge. */
export async function offlineQuestion(
  digest: Uint8Array<ArrayBuffer>,
  challenge: Uint8Array<ArrayBuffer>,
): Promise<string> {
  const hash = await globalThis.crypto.subtle.digest(
    'SHA-256',
    concat(utf8('podpis/offline/v1'), digest, challenge),
  );
  return toHex(new Uint8Array(hash).subarray(0, 20)).toUpperCase();
}

export async function offlineCode(
  ocraKey: Uint8Array<ArrayBuffer>,
  digest: Uint8Array<ArrayBuffer>,
  challenge: Uint8Array<ArrayBuffer>,
  at: Date,
): Promise<string> {
  return ocra(suite, ocraKey, {
    question: await offlineQuestion(digest, challenge),
    timeStep: ocraTimeStep(suite, at),
  });
}

/**
 * Whether `code` is the device's code for this operation at `now` or in the
 * `pastSteps` minutes before it (the user reads and types it), or the next
 * minute (clocks a little apart).
 */
export async function offlineCodeMatches(
  ocraKey: Uint8Array<ArrayBuffer>,
  digest: Uint8Array<ArrayBuffer>,
  challenge: Uint8Array<ArrayBuffer>,
  code: string,
  now: Date,
  pastSteps = 3,
): Promise<boolean> {
  if (!/^\d{8}$/.test(code)) return false;
  const question = await offlineQuestion(digest, challenge);
  const current = ocraTimeStep(suite, now);
  let matched = false;
  // Every step is computed, so the time taken does not tell which matched.
  for (let step = current - BigInt(pastSteps); step <= current + 1n; step++) {
    const expected = await ocra(suite, ocraKey, { question, timeStep: step });
    let diff = 0;
    for (let i = 0; i < 8; i++) diff |= expected.charCodeAt(i) ^ code.charCodeAt(i);
    matched ||= diff === 0;
  }
  return matched;
}

/** What the offline QR code carries: enough for the device to show and compute, no secrets. */
export interface OfflineRequest {
  operation: string;
  kind: 'sign' | 'decrypt';
  /** The certificate holder's name, as the device shows it. */
  holder: string;
  certificate: string;
  /** The first documents (name, size in bytes when known). */
  documents: { name: string; size?: number }[];
  /** How many documents in all. */
  documentCount: number;
  /** base64url, 32 bytes. */
  digest: string;
  /** base64url. */
  challenge: string;
  expiresAt: string;
}

const PREFIX = 'PODPIS-OFFLINE-1:';
/** Documents named in the code; the count says how many more. */
export const OFFLINE_DOCUMENTS_SHOWN = 5;

export function encodeOfflineRequest(request: OfflineRequest): string {
  return (
    PREFIX + JSON.stringify({ ...request, documents: request.documents.slice(0, OFFLINE_DOCUMENTS_SHOWN) })
  );
}

/** The request in a scanned QR code's text; MALFORMED if it is not one. */
export function parseOfflineRequest(text: string): OfflineRequest {
  if (!text.startsWith(PREFIX)) throw new ConfirmError('MALFORMED', 'not a Podpis offline confirmation code');
  let value: unknown;
  try {
    value = JSON.parse(text.slice(PREFIX.length));
  } catch {
    throw new ConfirmError('MALFORMED', 'the offline confirmation code is not JSON');
  }
  const v = value as Partial<OfflineRequest> | null;
  const ok =
    typeof v === 'object' &&
    v !== null &&
    typeof v.operation === 'string' &&
    (v.kind === 'sign' || v.kind === 'decrypt') &&
    typeof v.holder === 'string' &&
    typeof v.certificate === 'string' &&
    Array.isArray(v.documents) &&
    v.documents.every((d: unknown) => typeof (d as { name?: unknown } | null)?.name === 'string') &&
    typeof v.documentCount === 'number' &&
    typeof v.digest === 'string' &&
    typeof v.challenge === 'string' &&
    typeof v.expiresAt === 'string';
  if (!ok) throw new ConfirmError('MALFORMED', 'the offline confirmation code misses fields');
  if (fromBase64url(v.digest!).length !== 32) throw new ConfirmError('MALFORMED', 'the digest is 32 bytes');
  fromBase64url(v.challenge!);
  return v as OfflineRequest;
}
