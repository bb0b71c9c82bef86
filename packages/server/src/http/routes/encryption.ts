import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf, requireRole } from '../auth-plugin.js';
import { scopeNote } from '../../auth/scopes.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import {
  MAX_ENCRYPTION_BYTES,
  MAX_RECIPIENTS,
  cancelDecryptionOperation,
  confirmDecryptionOperation,
  createDecryptionOperation,
  encryptToCertificates,
  getDecryptionOperation,
  takeDecryptionResult,
  type DecryptionOperation,
} from '../../signing/encryption.js';
import {
  BinarySchema,
  OperationParams,
  OperationStatusSchema,
  PinConfirmationSchema,
} from './operation-schemas.js';
import { changeContext } from './users.js';
import { KeyPinProblemSchema, problems } from './users-schemas.js';

export interface EncryptionRoutesOptions {
  ca: AuthorityContext;
}

/** Base64 of at most MAX_ENCRYPTION_BYTES, and the JSON around it. */
const BASE64_LIMIT = Math.ceil(MAX_ENCRYPTION_BYTES / 3) * 4;
const BODY_LIMIT = BASE64_LIMIT + 256 * 1024;

const bytes = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, 'base64'));

const RecipientSchema = Type.Union([
  Type.Object(
    {
      serial: Type.String({
        maxLength: 64,
        description: 'Serial (hex) of a user certificate of this service',
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      certificate: Type.String({
        maxLength: 64 * 1024,
        description:
          'A certificate the caller brings: PEM, or DER in base64. Its validity period and key usage are checked, not its chain or revocation',
      }),
    },
    { additionalProperties: false },
  ),
]);

const EncryptSchema = Type.Object(
  {
    content: Type.String({
      contentEncoding: 'base64',
      maxLength: BASE64_LIMIT,
      description: `What to encrypt (base64, at most ${MAX_ENCRYPTION_BYTES} bytes); it is not kept`,
    }),
    recipients: Type.Array(RecipientSchema, { minItems: 1, maxItems: MAX_RECIPIENTS }),
    contentEncryption: Type.Optional(
      Type.Union(
        [
          Type.Literal('kuznyechik'),
          Type.Literal('magma'),
          Type.Literal('aes256-gcm'),
          Type.Literal('aes256-cbc'),
        ],
        {
          description:
            'kuznyechik / magma: CTR-ACPKM with OMAC (GOST R 34.13-2015, RFC 9337 CMS as the GOST engine writes it); aes256-gcm: AuthEnvelopedData; aes256-cbc. Default: kuznyechik when every recipient has a GOST key, else aes256-gcm. GOST recipients need kuznyechik or magma (422 ENCRYPTION_CIPHER_MISMATCH)',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const CreateSchema = Type.Object(
  {
    certificate: Type.String({
      maxLength: 64,
      description: 'Serial (hex) of one of my certificates: the one the message is encrypted to',
    }),
    message: Type.String({
      contentEncoding: 'base64',
      maxLength: BASE64_LIMIT,
      description: 'The CMS message (ContentInfo with EnvelopedData or AuthEnvelopedData), DER in base64',
    }),
    expiresIn: Type.Optional(
      Type.Integer({ minimum: 30, maximum: 3600, description: 'Seconds until it expires unconfirmed (600)' }),
    ),
  },
  { additionalProperties: false },
);

const OperationSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    status: OperationStatusSchema,
    certificate: Type.String(),
    messageDigest: Type.String({ description: 'SHA-256 (hex) of the message' }),
    messageSize: Type.Integer(),
    confirmationMethods: Type.Array(Type.Literal('pin'), {
      description: 'How the operation may be confirmed now (empty once it is not awaiting confirmation)',
    }),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    confirmedAt: Type.Optional(Type.String({ format: 'date-time' })),
    confirmationMethod: Type.Optional(Type.String()),
    result: Type.Optional(
      Type.Object({
        url: Type.String({ description: 'Where the decrypted content is downloaded, once' }),
        size: Type.Integer(),
        expiresAt: Type.String({ format: 'date-time', description: 'Until when it waits to be downloaded' }),
      }),
    ),
  },
  { additionalProperties: false },
);

function operationView(operation: DecryptionOperation, prefix: string): Static<typeof OperationSchema> {
  return {
    id: operation.id,
    status: operation.status,
    certificate: operation.certificate,
    messageDigest: operation.messageDigest,
    messageSize: operation.messageSize,
    confirmationMethods: operation.confirmationMethods,
    createdAt: operation.createdAt.toISOString(),
    expiresAt: operation.expiresAt.toISOString(),
    ...(operation.confirmedAt ? { confirmedAt: operation.confirmedAt.toISOString() } : {}),
    ...(operation.confirmationMethod ? { confirmationMethod: operation.confirmationMethod } : {}),
    ...(operation.result
      ? {
          result: {
            url: `${prefix}/decryption-operations/${operation.id}/result`,
            size: operation.result.size,
            expiresAt: operation.result.expiresAt.toISOString(),
          },
        }
      : {}),
  };
}

/**
 * Encryption to certificates and decryption with my key (issue #11, point
 * 6): encrypt content to recipients' certificates; create a decryption
 * operation over a message, confirm it with the key PIN, download the
 * content once.
 */
export const encryptionRoutes: FastifyPluginAsyncTypebox<EncryptionRoutesOptions> = async (app, { ca }) => {
  const encrypter = requireRole('user', { scope: 'encryption' });
  const decrypter = requireRole('user', { scope: 'decryption' });
  const tags = ['encryption'];
  const prefix = app.prefix;

  app.post(
    '/encryptions',
    {
      preHandler: encrypter,
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Encrypt content to one or more certificates (of this service by serial, or brought as PEM/DER): the answer is the CMS EnvelopedData (AuthEnvelopedData for aes256-gcm), DER, application/pkcs7-mime',
        description: scopeNote('encryption'),
        body: EncryptSchema,
        response: { 200: BinarySchema, ...problems(400, 401, 403, 404, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const { content, recipients, contentEncryption } = request.body;
      const encryption = await encryptToCertificates(
        ca,
        {
          content: bytes(content),
          recipients: recipients.map((r) =>
            'serial' in r ? r : { certificate: certificateBytes(r.certificate) },
          ),
          ...(contentEncryption ? { contentEncryption } : {}),
        },
        changeContext(request),
      );
      return reply
        .type('application/pkcs7-mime; smime-type=enveloped-data')
        .header('content-disposition', 'attachment; filename="message.p7m"')
        .header('x-message-digest', encryption.messageDigest)
        .send(Buffer.from(encryption.der));
    },
  );

  app.post(
    '/decryption-operations',
    {
      preHandler: decrypter,
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Create a decryption operation: a CMS message encrypted to one of my certificates; nothing is decrypted until I confirm it',
        description: scopeNote('decryption'),
        body: CreateSchema,
        response: { 201: OperationSchema, ...problems(400, 401, 403, 404, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const { message, ...rest } = request.body;
      const operation = await createDecryptionOperation(
        ca,
        principalOf(request).accountId,
        { ...rest, message: bytes(message) },
        changeContext(request),
      );
      return reply.code(201).send(operationView(operation, prefix));
    },
  );

  app.get(
    '/decryption-operations/:id',
    {
      preHandler: decrypter,
      schema: {
        tags,
        summary: 'One of my decryption operations: its status and, once completed, where its content waits',
        description: scopeNote('decryption'),
        params: OperationParams,
        response: { 200: OperationSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      operationView(
        await getDecryptionOperation(ca, principalOf(request).accountId, request.params.id),
        prefix,
      ),
  );

  app.post(
    '/decryption-operations/:id/confirm',
    {
      preHandler: decrypter,
      schema: {
        tags,
        summary:
          'Confirm a decryption operation with the key PIN: the key performs exactly the steps fixed at creation. A wrong PIN → 403 KEY_PIN_WRONG (the operation still awaits), then 423 KEY_LOCKED; 409 when completed or cancelled, 410 when expired; 422 DECRYPTION_FAILED when the message was altered (the operation then failed)',
        description: scopeNote('decryption'),
        params: OperationParams,
        body: PinConfirmationSchema,
        response: {
          200: OperationSchema,
          403: KeyPinProblemSchema,
          ...problems(400, 401, 404, 409, 410, 422, 423),
        },
      },
    },
    async (request) =>
      operationView(
        await confirmDecryptionOperation(
          ca,
          principalOf(request).accountId,
          request.params.id,
          request.body,
          changeContext(request),
        ),
        prefix,
      ),
  );

  app.delete(
    '/decryption-operations/:id',
    {
      preHandler: decrypter,
      schema: {
        tags,
        summary: 'Cancel a decryption operation awaiting confirmation; the message is erased',
        description: scopeNote('decryption'),
        params: OperationParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409, 410) },
      },
    },
    async (request, reply) => {
      await cancelDecryptionOperation(
        ca,
        principalOf(request).accountId,
        request.params.id,
        changeContext(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/decryption-operations/:id/result',
    {
      preHandler: decrypter,
      schema: {
        tags,
        summary:
          'The decrypted content of a completed operation, application/octet-stream: once, and only until result.expiresAt (404 DECRYPTION_RESULT_NOT_FOUND after)',
        description: scopeNote('decryption'),
        params: OperationParams,
        response: { 200: BinarySchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const content = await takeDecryptionResult(ca, principalOf(request).accountId, request.params.id);
      return reply
        .type('application/octet-stream')
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="decrypted.bin"')
        .send(Buffer.from(content));
    },
  );
};

/** A PEM certificate as its text, or base64 DER as its bytes: the service tells them apart. */
function certificateBytes(text: string): Uint8Array {
  return text.includes('-----BEGIN') ? new TextEncoder().encode(text) : bytes(text);
}
