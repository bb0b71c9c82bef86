import {
  confirmSigningOperation,
  PodpisError,
  signAndWait,
  unwrap,
  verify,
  type PodpisClient,
  type SignRequest,
  type VerificationReport,
} from '@podpis/sdk';
import type { DocumentRow, SignatureRow, Store } from './store.js';

/** A refusal the EDO shows the employee, with a stable code. */
export class EdoError extends Error {
  constructor(
    readonly code:
      'NO_CERTIFICATE' | 'SIGNING_IN_PROGRESS' | 'SESSION_EXPIRED' | 'PODPIS_REFUSED' | 'PODPIS_UNREACHABLE',
    message: string,
    readonly detail?: string,
    /** Podpis's problem's extra members (remainingAttempts …). */
    readonly problem?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/** How long Podpis waits for the phone (seconds); the access token lives ten minutes. */
const OPERATION_SECONDS = 300;

export const isPdf = (document: Pick<DocumentRow, 'content'>): boolean =>
  Buffer.from(document.content.subarray(0, 5)).toString('latin1') === '%PDF-';

/**
 * A Podpis failure as the EDO handles it: 401 (an expired or revoked token)
 * sends the employee to sign in again; no answer is "Podpis unreachable";
 * anything else is shown with Podpis's own code.
 */
export function edoErrorOf(error: unknown): EdoError {
  if (error instanceof EdoError) return error;
  if (error instanceof PodpisError) {
    if (error.status === 401)
      return new EdoError('SESSION_EXPIRED', 'the Podpis access token is no longer valid', error.code);
    if (error.status === 0) return new EdoError('PODPIS_UNREACHABLE', error.detail, error.code);
    return new EdoError('PODPIS_REFUSED', error.detail, error.code, error.problem);
  }
  throw error;
}

/** The employee's certificate to sign with: their first valid one. */
async function signingCertificate(api: PodpisClient): Promise<string> {
  const certificates = await unwrap(api.api.GET('/api/v1/me/certificates'));
  const valid = certificates.find((certificate) => certificate.status === 'valid');
  if (valid === undefined)
    throw new EdoError('NO_CERTIFICATE', 'the employee has no valid certificate in Podpis');
  return valid.serial;
}

/**
 * What Podpis is asked to sign: a PDF in PAdES, a new incremental update
 * over the latest signed version (so earlier signatures stay valid), with a
 * visible stamp placed beside the earlier ones; any other file in detached
 * CAdES, the first signer making the SignedData and each next one adding a
 * parallel signer to it (co-signature).
 */
export function signRequest(
  certificate: string,
  document: DocumentRow,
  latest: SignatureRow | undefined,
  signaturesSoFar: number,
): SignRequest {
  if (isPdf(document)) {
    const place = signaturesSoFar % 4;
    return {
      certificate,
      format: 'pades',
      parameters: {
        level: 'B-T',
        reason: 'Согласовано в ЭДО',
        stamp: { page: -1, x: 36 + (place % 2) * 270, y: 36 + Math.floor(place / 2) * 110, language: 'ru' },
      },
      documents: [{ name: document.name, content: latest?.result ?? document.content }],
      expiresIn: OPERATION_SECONDS,
    };
  }
  return {
    certificate,
    format: 'cades',
    parameters:
      latest?.result != null
        ? { level: 'T', detached: true, mode: 'co-sign' }
        : { level: 'T', detached: true, mode: 'sign' },
    documents: [
      {
        name: document.name,
        content: document.content,
        ...(latest?.result != null ? { signature: latest.result } : {}),
      },
    ],
    expiresIn: OPERATION_SECONDS,
  };
}

/** Podpis's verification of a document's signed state: the PDF itself, or the SignedData with its content. */
export function verifySigned(
  api: PodpisClient,
  document: DocumentRow,
  signed: Uint8Array,
): Promise<VerificationReport> {
  return isPdf(document)
    ? verify(api, { document: signed }, { lang: 'ru' })
    : verify(api, { signature: signed, document: document.content }, { lang: 'ru' });
}

/** The signature row's end for an operation that did not complete. */
function endOf(error: unknown): { status: 'declined' | 'expired' | 'failed'; problem: string } {
  if (error instanceof PodpisError) {
    if (error.code === 'OPERATION_CANCELLED') return { status: 'declined', problem: error.code };
    if (error.code === 'OPERATION_EXPIRED' || error.code === 'TIMEOUT')
      return { status: 'expired', problem: error.code };
    return { status: 'failed', problem: error.status === 401 ? 'SESSION_EXPIRED' : error.code };
  }
  return { status: 'failed', problem: 'EDO_ERROR' };
}

/**
 * "Подписать": a signing operation in Podpis for the employee's
 * certificate, which Podpis sends to their phone. Resolves as soon as the
 * operation exists (its verification code is stored, for the page to show);
 * the rest — waiting for the phone, downloading the signature, verifying
 * it — goes on in the background and ends in the store (`done`).
 */
export async function startSigning(
  store: Store,
  api: PodpisClient,
  employee: { account: string; name: string },
  document: DocumentRow,
  log: { warn: (details: object, message: string) => void },
): Promise<{ id: string; done: Promise<void> }> {
  const certificate = await signingCertificate(api).catch((error: unknown) => {
    throw edoErrorOf(error);
  });
  const signatures = await store.signatures(document.id);
  const completed = signatures.filter((s) => s.status === 'completed');
  const format = isPdf(document) ? 'pades' : 'cades';
  const id = await store.startSignature({
    documentId: document.id,
    signer: employee.account,
    signerName: employee.name,
    format,
  });
  if (id === undefined)
    throw new EdoError('SIGNING_IN_PROGRESS', 'another signature of this document awaits confirmation');
  const request = signRequest(certificate, document, completed.at(-1), completed.length);

  let created!: () => void;
  const operationCreated = new Promise<void>((resolve) => {
    created = resolve;
  });
  const signing = signAndWait(api, request, {
    onCreated: (operation) => {
      void store
        .operationCreated(id, operation.id, operation.device?.verificationCode)
        .then(created, created);
    },
    timeoutMs: (OPERATION_SECONDS + 30) * 1000,
    poll: { initialMs: 500, maxMs: 2000 },
  }).then(
    async ({ results }) => {
      const signed = results[0]!;
      const report = await verifySigned(api, document, signed).catch((error: unknown) => {
        log.warn({ code: error instanceof PodpisError ? error.code : 'EDO_ERROR' }, 'verification failed');
        return null;
      });
      await store.completed(id, signed, report);
    },
    async (error: unknown) => {
      const end = endOf(error);
      await store.ended(id, end.status, end.problem);
      throw error;
    },
  );
  // The request waits for the operation to exist, or for its refusal (no device enrolled, key not held …).
  const refused = signing.then(
    () => undefined,
    (error: unknown) => error,
  );
  const first = await Promise.race([operationCreated.then(() => undefined), refused]);
  if (first !== undefined) throw edoErrorOf(first);
  return { id, done: signing.catch(() => undefined) };
}

/**
 * The key's PIN, for a key under a PIN (alone, or after the phone's
 * approval): Podpis checks it and signs; the signing followed in the
 * background then sees the operation completed. A wrong PIN leaves the
 * operation waiting (Podpis counts the attempts).
 */
export async function confirmWithPin(api: PodpisClient, signature: SignatureRow, pin: string): Promise<void> {
  const method = signature.confirmation_method;
  if (signature.operation_id === null || (method !== 'pin' && method !== 'device+pin'))
    throw new EdoError(
      'PODPIS_REFUSED',
      'this signing is confirmed on the phone alone',
      'CONFIRMATION_METHOD_MISMATCH',
    );
  try {
    await confirmSigningOperation(api, signature.operation_id, { method, pin });
  } catch (error) {
    throw edoErrorOf(error);
  }
}
