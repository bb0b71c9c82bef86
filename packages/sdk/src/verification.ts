import { toBase64 } from './bytes.js';
import type { PodpisClient } from './client.js';
import type { VerificationReport } from './types.js';

export interface VerifyRequest {
  /** CMS SignedData (DER): a CAdES signature, attached or detached. */
  signature?: Uint8Array;
  /** A signed PDF, or the content a detached signature signs. */
  document?: Uint8Array;
}

/**
 * Verifies signatures with the service: a report per signature in ETSI EN
 * 319 102-1 terms (indication TOTAL_PASSED / INDETERMINATE / TOTAL_FAILED).
 * A signature that fails is a report, not an error.
 */
export function verify(
  client: PodpisClient,
  request: VerifyRequest,
  options: { lang?: 'ru' | 'en'; signal?: AbortSignal } = {},
): Promise<VerificationReport> {
  return client.json<VerificationReport>(
    'POST',
    `/verifications?output=json&lang=${options.lang ?? 'ru'}`,
    bodyOf(request),
    options.signal,
  );
}

/** The same report for people: HTML or PDF bytes. */
export function verificationReport(
  client: PodpisClient,
  request: VerifyRequest,
  output: 'html' | 'pdf',
  options: { lang?: 'ru' | 'en'; signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  return client.bytes(
    'POST',
    `/verifications?output=${output}&lang=${options.lang ?? 'ru'}`,
    bodyOf(request),
    options.signal,
  );
}

function bodyOf(request: VerifyRequest): { signature?: string; document?: string } {
  return {
    ...(request.signature !== undefined ? { signature: toBase64(request.signature) } : {}),
    ...(request.document !== undefined ? { document: toBase64(request.document) } : {}),
  };
}
