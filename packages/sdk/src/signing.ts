import { toBase64, toHex } from './bytes.js';
import type { PodpisClient } from './client.js';
import {
  digestForKey,
  digestSource,
  DIGESTS,
  type ByteSource,
  type DigestName,
  type KeyDigestName,
  type SourceDigest,
} from './digest.js';
import type {
  Confirmation,
  CreateSigningOperation,
  MyCertificate,
  SignatureFormat,
  SigningOperation,
  SigningParameters,
  UploadedDocument,
} from './types.js';
import { deadlineOf, endedError, waitWhileAwaiting, type WaitOptions } from './wait.js';

/** A document to sign, as the SDK takes it: its bytes, its digest, or an uploaded document's id. */
export type SignDocument = {
  /** The document as people know it (shown on the holder's device and in the evidence). */
  name: string;
  size?: number;
  /** CAdES co-/counter-signing: the existing SignedData (DER) to add to. */
  signature?: Uint8Array;
} & (
  | { content: Uint8Array }
  | { digest: Uint8Array | string; digestAlgorithm?: string }
  | { document: string }
  | { signature: Uint8Array }
);

export interface SignRequest {
  /** Serial (hex) of one of my certificates. */
  certificate: string;
  format: SignatureFormat;
  parameters?: SigningParameters;
  documents: readonly SignDocument[];
  /** Seconds the operation waits for its confirmation (30-3600; the server's 600 unless told). */
  expiresIn?: number;
}

export interface SignAndWaitOptions extends WaitOptions {
  /**
   * Confirms at once, e.g. `{ method: 'pin', pin }`. Without it the operation
   * waits for the holder (their device, or the office); `onCreated` can show
   * them the verification code meanwhile.
   */
  confirm?: Confirmation;
  /** Told of the operation as soon as it is created (its id, device verification code …). */
  onCreated?: (operation: SigningOperation) => void;
  /** Leave the signatures on the server (read them later with signingResult): `results` is empty. */
  download?: false;
}

export interface SignAndWaitResult {
  operation: SigningOperation;
  /** Each document's signature (or signed document), in order. */
  results: Uint8Array[];
}

type DocumentBody = CreateSigningOperation['documents'][number];

function documentBody(document: SignDocument): DocumentBody {
  const body: DocumentBody = { name: document.name };
  if (document.size !== undefined) body.size = document.size;
  if (document.signature !== undefined) body.signature = toBase64(document.signature);
  if ('content' in document) body.content = toBase64(document.content);
  if ('document' in document) body.document = document.document;
  if ('digest' in document) {
    body.digest = typeof document.digest === 'string' ? document.digest : toHex(document.digest);
    if (document.digestAlgorithm !== undefined) body.digestAlgorithm = document.digestAlgorithm;
  }
  return body;
}

const operationPath = (id: string): string => `/signing-operations/${encodeURIComponent(id)}`;

/** Creates a signing operation; nothing is signed until it is confirmed. */
export function createSigningOperation(
  client: PodpisClient,
  request: SignRequest,
  signal?: AbortSignal,
): Promise<SigningOperation> {
  const body: CreateSigningOperation = {
    certificate: request.certificate,
    format: request.format,
    documents: request.documents.map(documentBody),
    ...(request.parameters !== undefined ? { parameters: request.parameters } : {}),
    ...(request.expiresIn !== undefined ? { expiresIn: request.expiresIn } : {}),
  };
  return client.json<SigningOperation>('POST', '/signing-operations', body, signal);
}

export function getSigningOperation(
  client: PodpisClient,
  id: string,
  signal?: AbortSignal,
): Promise<SigningOperation> {
  return client.json<SigningOperation>('GET', operationPath(id), undefined, signal);
}

export function confirmSigningOperation(
  client: PodpisClient,
  id: string,
  confirmation: Confirmation,
  signal?: AbortSignal,
): Promise<SigningOperation> {
  return client.json<SigningOperation>('POST', `${operationPath(id)}/confirm`, confirmation, signal);
}

export async function cancelSigningOperation(client: PodpisClient, id: string): Promise<void> {
  await client.json<undefined>('DELETE', operationPath(id));
}

/** The signature of one document of a completed operation, streamed (a large attached CAdES). */
export async function signingResultStream(
  client: PodpisClient,
  id: string,
  index: number,
  signal?: AbortSignal,
): Promise<{ body: ReadableStream<Uint8Array>; size?: number; mediaType: string }> {
  const response = await client.send('GET', `${operationPath(id)}/results/${index}`, {
    ...(signal !== undefined ? { signal } : {}),
  });
  const size = Number(response.headers.get('content-length'));
  return {
    body:
      response.body ??
      new ReadableStream({
        start: (controller) => {
          controller.close();
        },
      }),
    ...(Number.isSafeInteger(size) && response.headers.has('content-length') ? { size } : {}),
    mediaType: response.headers.get('content-type') ?? 'application/octet-stream',
  };
}

/** The signature of one document of a completed operation, as bytes. */
export function signingResult(
  client: PodpisClient,
  id: string,
  index: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  return client.bytes('GET', `${operationPath(id)}/results/${index}`, undefined, signal);
}

/**
 * Signs and waits: creates the operation, confirms it when told how, waits
 * (polling with back-off, or the caller's webhook promise) until it is
 * completed, and downloads the results. An operation that ends otherwise is
 * OPERATION_FAILED / OPERATION_CANCELLED / OPERATION_EXPIRED; a refused
 * confirmation (KEY_PIN_WRONG …) cancels the operation rather than leave it
 * waiting.
 */
export async function signAndWait(
  client: PodpisClient,
  request: SignRequest,
  options: SignAndWaitOptions = {},
): Promise<SignAndWaitResult> {
  const signal = deadlineOf(options);
  let operation = await createSigningOperation(client, request, signal);
  options.onCreated?.(operation);
  if (options.confirm !== undefined && operation.status === 'awaiting_confirmation') {
    try {
      operation = await confirmSigningOperation(client, operation.id, options.confirm, signal);
    } catch (error) {
      await cancelSigningOperation(client, operation.id).catch(() => undefined);
      throw error;
    }
  }
  operation = await waitWhileAwaiting(
    operation,
    (s) => getSigningOperation(client, operation.id, s),
    options,
    signal,
  );
  if (operation.status !== 'completed') throw endedError('signing', operation);
  const results: Uint8Array[] = [];
  if (options.download !== false)
    for (let i = 0; i < operation.documents.length; i++)
      results.push(await signingResult(client, operation.id, i, signal));
  return { operation, results };
}

/** One of my certificates (its key algorithm tells which digest its key signs). */
export function myCertificate(client: PodpisClient, serial: string): Promise<MyCertificate> {
  return client.json<MyCertificate>('GET', `/me/certificates/${encodeURIComponent(serial)}`);
}

/** The digest a certificate's key signs, asked of the API (the token needs the scope certificates:read). */
export async function keyDigest(client: PodpisClient, serial: string): Promise<KeyDigestName> {
  const certificate = await myCertificate(client, serial);
  return digestForKey(certificate.details.publicKeyAlgorithm.oid);
}

/** A large document to sign by its digest: its bytes are hashed here and never sent. */
export interface LocalDocument {
  name: string;
  source: ByteSource;
}

export interface HashThenSignRequest extends Omit<SignRequest, 'documents'> {
  documents: readonly LocalDocument[];
  /** The key's digest, when known; else asked of the API from the certificate. */
  digest?: DigestName;
}

export interface HashThenSignOptions extends SignAndWaitOptions {
  /** Told how many more bytes were hashed (progress). */
  onBytes?: (bytes: number) => void;
}

/**
 * Hash-then-sign: streams each document through the key's digest here
 * (Streebog-256/512 for GOST keys, SHA-256 otherwise), holding one chunk at
 * a time, then signs the digests (raw or detached CAdES). The documents
 * never leave the caller, whatever their size.
 */
export async function hashThenSign(
  client: PodpisClient,
  request: HashThenSignRequest,
  options: HashThenSignOptions = {},
): Promise<SignAndWaitResult & { digests: SourceDigest[] }> {
  const name = request.digest ?? (await keyDigest(client, request.certificate));
  const digests: SourceDigest[] = [];
  for (const document of request.documents)
    digests.push(
      await digestSource(document.source, name, {
        ...(options.onBytes !== undefined ? { onBytes: options.onBytes } : {}),
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
      }),
    );
  const { documents: _local, digest: _digest, ...rest } = request;
  const signed = await signAndWait(
    client,
    {
      ...rest,
      documents: request.documents.map((document, i) => ({
        name: document.name,
        size: digests[i]!.size,
        digest: digests[i]!.digest,
        digestAlgorithm: DIGESTS[name],
      })),
    },
    options,
  );
  return { ...signed, digests };
}

/**
 * Uploads a document to sign later by its id (streamed; the server keeps it
 * until it expires or is deleted). Give `size` with a stream: the server
 * refuses one larger than its limit before it is sent. `keep: 'digests'`
 * has the server keep only its digests, not its bytes: enough for a
 * detached signature (CAdES detached, raw) and much cheaper for a large
 * file; anything that needs the content is then refused with
 * DOCUMENT_CONTENT_NOT_KEPT (`contentKept` of the answer says which it is).
 */
export async function uploadDocument(
  client: PodpisClient,
  name: string,
  source: Uint8Array | Blob | ReadableStream<Uint8Array>,
  options: {
    size?: number;
    digests?: readonly DigestName[];
    keep?: 'content' | 'digests';
    signal?: AbortSignal;
  } = {},
): Promise<UploadedDocument> {
  const query = new URLSearchParams({ name });
  if (options.digests !== undefined) query.set('digests', options.digests.join(','));
  if (options.keep !== undefined) query.set('keep', options.keep);
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (options.size !== undefined) headers['content-length'] = String(options.size);
  const response = await client.send('POST', `/documents?${query.toString()}`, {
    body: source as BodyInit,
    headers,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  return (await response.json()) as UploadedDocument;
}

export async function deleteDocument(client: PodpisClient, id: string): Promise<void> {
  await client.json<undefined>('DELETE', `/documents/${encodeURIComponent(id)}`);
}
