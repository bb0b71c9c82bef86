import { bytesOf, toBase64 } from './bytes.js';
import type { PodpisClient } from './client.js';
import type { Confirmation, ContentEncryption, DecryptionOperation, Recipient } from './types.js';
import { deadlineOf, endedError, waitWhileAwaiting, type WaitOptions } from './wait.js';

export interface EncryptRequest {
  content: Uint8Array | string;
  /** Certificates of this service by serial, or brought as PEM (or DER in base64). */
  recipients: readonly Recipient[];
  /** kuznyechik / magma for GOST recipients, aes256-gcm / aes256-cbc otherwise (the server picks when absent). */
  contentEncryption?: ContentEncryption;
}

/** Encrypts content to certificates: the CMS EnvelopedData (or AuthEnvelopedData), DER. Nothing is kept on the server. */
export function encrypt(
  client: PodpisClient,
  request: EncryptRequest,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  return client.bytes(
    'POST',
    '/encryptions',
    {
      content: toBase64(bytesOf(request.content)),
      recipients: request.recipients,
      ...(request.contentEncryption !== undefined ? { contentEncryption: request.contentEncryption } : {}),
    },
    signal,
  );
}

export interface DecryptRequest {
  /** Serial (hex) of my certificate the message is encrypted to. */
  certificate: string;
  /** The CMS message (ContentInfo with EnvelopedData or AuthEnvelopedData), DER. */
  message: Uint8Array;
  expiresIn?: number;
}

export interface DecryptOptions extends WaitOptions {
  /** Confirms at once, e.g. `{ method: 'pin', pin }`; else the holder confirms on their device. */
  confirm?: Confirmation;
  onCreated?: (operation: DecryptionOperation) => void;
}

const operationPath = (id: string): string => `/decryption-operations/${encodeURIComponent(id)}`;

/**
 * Decrypts with one of my keys: creates the decryption operation, confirms
 * it when told how, waits until it is done and takes the content (which the
 * server gives once). A refused confirmation cancels the operation.
 */
export async function decrypt(
  client: PodpisClient,
  request: DecryptRequest,
  options: DecryptOptions = {},
): Promise<{ operation: DecryptionOperation; content: Uint8Array }> {
  const signal = deadlineOf(options);
  let operation = await client.json<DecryptionOperation>(
    'POST',
    '/decryption-operations',
    {
      certificate: request.certificate,
      message: toBase64(request.message),
      ...(request.expiresIn !== undefined ? { expiresIn: request.expiresIn } : {}),
    },
    signal,
  );
  options.onCreated?.(operation);
  const id = operation.id;
  if (options.confirm !== undefined && operation.status === 'awaiting_confirmation') {
    try {
      operation = await client.json<DecryptionOperation>(
        'POST',
        `${operationPath(id)}/confirm`,
        options.confirm,
        signal,
      );
    } catch (error) {
      await client.json('DELETE', operationPath(id)).catch(() => undefined);
      throw error;
    }
  }
  operation = await waitWhileAwaiting(
    operation,
    (s) => client.json<DecryptionOperation>('GET', operationPath(id), undefined, s),
    options,
    signal,
  );
  if (operation.status !== 'completed') throw endedError('decryption', operation);
  const content = await client.bytes('GET', `${operationPath(id)}/result`, undefined, signal);
  return { operation, content };
}
