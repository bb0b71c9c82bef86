import { api, call, csrf } from '../../api/client';
import { ApiProblem, toProblem } from '../../api/problem';
import type { paths } from '../../api/schema';
import type { ChosenFile } from './FilePreview';
import { extensionOf, toBase64 } from './files';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type CreateBody = NonNullable<
  paths['/api/v1/signing-operations']['post']['requestBody']
>['content']['application/json'];
export type SigningParameters = NonNullable<CreateBody['parameters']>;
export type SigningFormat = CreateBody['format'];
export type SigningOperation = Json<paths['/api/v1/signing-operations']['post']['responses'][201]>;
type DocumentInput = CreateBody['documents'][number];
type StoredDocument = Json<paths['/api/v1/documents']['post']['responses'][201]>;
export type VerificationReport = Exclude<
  Json<paths['/api/v1/verifications']['post']['responses'][200]>,
  string
>;
type PinProblem =
  paths['/api/v1/signing-operations/{id}/confirm']['post']['responses'][403]['content']['application/json'];

/**
 * Documents up to this size go inline as base64 (a third larger), so that a
 * batch of them stays well within the server's 10 MiB request body; larger
 * ones are uploaded first and named by their id.
 */
export const INLINE_LIMIT = 1024 * 1024;
const INLINE_TOTAL_LIMIT = 6 * 1024 * 1024;

/** Streams a file to POST /documents, reporting bytes sent: fetch cannot report upload progress, XHR can. */
export function uploadDocument(file: File, onProgress: (sent: number) => void): Promise<StoredDocument> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/documents?name=${encodeURIComponent(file.name)}`);
    request.setRequestHeader('content-type', 'application/octet-stream');
    const token = csrf.get();
    if (token !== null) request.setRequestHeader('x-csrf-token', token);
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      onProgress(event.loaded);
    };
    request.onload = () => {
      const body: unknown = request.response;
      if (request.status === 201) resolve(body as StoredDocument);
      else reject(toProblem(request.status, body));
    };
    request.onerror = () => {
      reject(new ApiProblem(0, 'NETWORK_ERROR', 'the server did not answer'));
    };
    request.send(file);
  });
}

/**
 * Each file as the operation takes it: small ones inline, the rest
 * uploaded first (one at a time, so the progress reads in order and the
 * server hashes one stream at a time).
 */
export async function documentInputs(
  files: readonly ChosenFile[],
  onProgress: (sent: number, total: number) => void,
): Promise<DocumentInput[]> {
  let inlineTotal = 0;
  const inline = files.map((chosen) => {
    const fits =
      chosen.whole &&
      chosen.file.size <= INLINE_LIMIT &&
      inlineTotal + chosen.file.size <= INLINE_TOTAL_LIMIT;
    if (fits) inlineTotal += chosen.file.size;
    return fits;
  });
  const total = files.reduce((sum, chosen, i) => sum + (inline[i] ? 0 : chosen.file.size), 0);
  let done = 0;
  const inputs: DocumentInput[] = [];
  for (const [i, chosen] of files.entries()) {
    const base = { name: chosen.file.name, size: chosen.file.size };
    if (inline[i]) {
      inputs.push({ ...base, content: toBase64(chosen.bytes) });
      continue;
    }
    const stored = await uploadDocument(chosen.file, (sent) => {
      onProgress(done + sent, total);
    });
    done += chosen.file.size;
    onProgress(done, total);
    inputs.push({ ...base, document: stored.id });
  }
  return inputs;
}

export function createSigningOperation(body: CreateBody): Promise<SigningOperation> {
  return call(api.POST('/api/v1/signing-operations', { body }));
}

/** Confirms with the PIN; a wrong one throws the problem with the attempts left (when the server says). */
export async function confirmWithPin(
  id: string,
  pin: string,
): Promise<{ operation?: SigningOperation; problem?: unknown; attemptsLeft?: number }> {
  const answer = api.POST('/api/v1/signing-operations/{id}/confirm', {
    params: { path: { id } },
    body: { method: 'pin', pin },
  });
  try {
    return { operation: await call(answer) };
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 403) {
      const { error } = await answer;
      const remaining = (error as PinProblem | undefined)?.remainingAttempts;
      return { problem, ...(remaining !== undefined ? { attemptsLeft: remaining } : {}) };
    }
    return { problem };
  }
}

/** Cancels an operation the holder walked away from, so nothing is left awaiting a PIN. */
export async function cancelSigningOperation(id: string): Promise<void> {
  await call(api.DELETE('/api/v1/signing-operations/{id}', { params: { path: { id } } }));
}

/** One document's signature, with the extension the format gives it. */
export async function signingResult(id: string, index: number): Promise<{ blob: Blob; extension: string }> {
  const answer = await api.GET('/api/v1/signing-operations/{id}/results/{index}', {
    params: { path: { id, index: String(index) } },
    parseAs: 'blob',
  });
  if (!answer.response.ok) throw toProblem(answer.response.status, answer.error);
  return {
    blob: answer.data as Blob,
    extension: extensionOf(answer.response.headers.get('content-disposition'), 'sig'),
  };
}

export interface VerificationInput {
  signature?: Uint8Array;
  document?: Uint8Array;
}

function verificationBody(input: VerificationInput) {
  return {
    ...(input.signature ? { signature: toBase64(input.signature) } : {}),
    ...(input.document ? { document: toBase64(input.document) } : {}),
  };
}

export function verify(input: VerificationInput): Promise<VerificationReport> {
  return call(
    api.POST('/api/v1/verifications', { body: verificationBody(input) }),
  ) as Promise<VerificationReport>;
}

/** The same report for people, as the PDF the server renders in the office's language. */
export async function verificationPdf(input: VerificationInput, lang: 'ru' | 'en'): Promise<Blob> {
  const answer = await api.POST('/api/v1/verifications', {
    params: { query: { output: 'pdf', lang } },
    body: verificationBody(input),
    parseAs: 'blob',
  });
  if (!answer.response.ok) throw toProblem(answer.response.status, answer.error);
  return answer.data as Blob;
}
