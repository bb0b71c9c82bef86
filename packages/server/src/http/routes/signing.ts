import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf, requireRole } from '../auth-plugin.js';
import { scopeNote } from '../../auth/scopes.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import type { FormatServices } from '../../signing/formats/index.js';
import {
  cancelSigningOperation,
  confirmSigningOperation,
  createSigningOperation,
  getSigningOperation,
  MAX_DOCUMENTS_PER_OPERATION,
  signingResult,
  type Requester,
  type SigningOperation,
} from '../../signing/operations.js';
import {
  BinarySchema,
  ConfirmationMethodsSchema,
  ConfirmationSchema,
  DeviceApprovalSchema,
  deviceApprovalView,
  OperationParams,
  OperationStatusSchema,
} from './operation-schemas.js';
import { attachment } from './documents.js';
import { changeContext } from './users.js';
import { KeyPinProblemSchema, problems } from './users-schemas.js';

export interface SigningRoutesOptions {
  ca: AuthorityContext;
  /** Our TSA and revocation data, for CAdES-T and X Long Type 1. */
  services: FormatServices;
  /** Tells the holder's devices that an operation awaits their approval. */
  announce?: (accountId: string, operationId: string) => void;
}

/** Base64 of up to 6 MiB: documents and signatures sent inline, within the request body limit. */
const MAX_BASE64 = 8 * 1024 * 1024;

const DocumentSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255, description: 'The document as people know it' }),
    size: Type.Optional(Type.Integer({ minimum: 0, description: 'Its size in bytes, for the evidence' })),
    digest: Type.Optional(
      Type.String({
        pattern: '^[0-9a-fA-F]+$',
        maxLength: 128,
        description:
          "Hash signing: the document's digest (hex) made with the key's digest algorithm (Streebog-256/512 for GOST, SHA-256 for RSA and P-256); the document never reaches the server",
      }),
    ),
    digestAlgorithm: Type.Optional(
      Type.String({
        maxLength: 64,
        description: "OID of the digest algorithm; when given it must be the key's (422 otherwise)",
      }),
    ),
    content: Type.Optional(
      Type.String({
        contentEncoding: 'base64',
        maxLength: MAX_BASE64,
        description:
          'A small document itself (base64), instead of digest: hashed by the server, and kept until confirmation only when the signature carries it (attached CAdES)',
      }),
    ),
    document: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          'One of my uploaded documents (POST /api/v1/documents), instead of digest or content: its digest with the key’s algorithm is signed; an attached CAdES result carries it, streamed as it is downloaded',
      }),
    ),
    signature: Type.Optional(
      Type.String({
        contentEncoding: 'base64',
        maxLength: MAX_BASE64,
        description:
          'CAdES co-sign and counter-sign: the existing CMS SignedData (DER, base64) to add to. For an attached one the document needs no digest; for a detached co-signature give the digest or content of the document it signs',
      }),
    ),
  },
  { additionalProperties: false },
);

export const FormatSchema = Type.Union(
  [Type.Literal('raw'), Type.Literal('cades'), Type.Literal('xades'), Type.Literal('pades')],
  {
    description:
      "raw: the key's own signature of each digest (GOST R 34.10-2012, ECDSA DER, RSA PKCS#1 v1.5 or PSS as the key is made); cades: CMS SignedData per CAdES with signingTime and signingCertificateV2, the signer's certificate and CA chain included; xades: XMLDSig or XAdES (enveloped in the XML document given as content, enveloping, or detached); pades: the PDF (given as content) signed in an incremental update, PAdES baseline, optionally with a visible stamp (see parameters)",
  },
);

const StampSchema = Type.Object(
  {
    page: Type.Optional(
      Type.Integer({
        minimum: -10000,
        maximum: 10000,
        description: '0-based; negative from the end (-1, the default: the last page)',
      }),
    ),
    x: Type.Optional(
      Type.Number({ minimum: 0, description: 'Lower-left corner from the left edge, PDF points (36)' }),
    ),
    y: Type.Optional(
      Type.Number({ minimum: 0, description: 'Lower-left corner from the bottom edge, PDF points (36)' }),
    ),
    width: Type.Optional(Type.Number({ minimum: 120, maximum: 600, description: 'Points (270)' })),
    height: Type.Optional(Type.Number({ minimum: 50, maximum: 300, description: 'Points (80)' })),
    language: Type.Optional(
      Type.Union([Type.Literal('ru'), Type.Literal('en')], { description: 'ru (default) or en' }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'PAdES: a visible stamp "Документ подписан электронной подписью" with the certificate serial, owner and validity',
  },
);

const ParametersSchema = Type.Object(
  {
    level: Type.Optional(
      Type.Union(
        [
          Type.Literal('xmldsig'),
          Type.Literal('xades-bes'),
          Type.Literal('xades-t'),
          Type.Literal('BES'),
          Type.Literal('T'),
          Type.Literal('XLT1'),
          Type.Literal('B-B'),
          Type.Literal('B-T'),
        ],
        {
          description:
            "CAdES: BES (default); T adds our TSA's signature time stamp; XLT1 (X Long Type 1) adds complete certificate and revocation references, the CAdES-C time stamp, and the certificate and revocation values (OCSP for the signer, CRLs for the CAs). PAdES: B-B (default) or B-T (with our TSA's signature time stamp). XAdES: xmldsig, xades-bes (default) or xades-t",
        },
      ),
    ),
    canonicalization: Type.Optional(
      Type.Union([Type.Literal('exc-c14n'), Type.Literal('c14n')], {
        description: 'XAdES: exclusive C14N (default) or C14N 1.0',
      }),
    ),
    detached: Type.Optional(
      Type.Boolean({
        description:
          'CAdES: leave the content out (true, default) or carry it (false: the document must give its content)',
      }),
    ),
    mode: Type.Optional(
      Type.Union(
        [
          Type.Literal('sign'),
          Type.Literal('co-sign'),
          Type.Literal('counter-sign'),
          Type.Literal('enveloped'),
          Type.Literal('enveloping'),
          Type.Literal('detached'),
        ],
        {
          description:
            "CAdES: sign (default) makes a new SignedData; co-sign adds a parallel signer to each document's `signature`; counter-sign countersigns one of its signers (level BES). XAdES: enveloped (default; the document is XML), enveloping or detached",
        },
      ),
    ),
    signerIndex: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 63, description: 'counter-sign: which signer (0 = the first)' }),
    ),
    reason: Type.Optional(
      Type.String({ maxLength: 200, description: 'PAdES: the reason for signing (/Reason)' }),
    ),
    location: Type.Optional(
      Type.String({ maxLength: 200, description: 'PAdES: where it was signed (/Location)' }),
    ),
    stamp: Type.Optional(StampSchema),
  },
  { additionalProperties: false, description: "The format's parameters; its defaults when absent" },
);

const CreateSchema = Type.Object(
  {
    certificate: Type.String({ maxLength: 64, description: 'Serial (hex) of one of my certificates' }),
    format: FormatSchema,
    parameters: Type.Optional(ParametersSchema),
    documents: Type.Array(DocumentSchema, { minItems: 1, maxItems: MAX_DOCUMENTS_PER_OPERATION }),
    expiresIn: Type.Optional(
      Type.Integer({ minimum: 30, maximum: 3600, description: 'Seconds until it expires unconfirmed (600)' }),
    ),
  },
  { additionalProperties: false },
);

export const OperationSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    status: OperationStatusSchema,
    certificate: Type.String(),
    format: FormatSchema,
    parameters: Type.Record(Type.String(), Type.Unknown(), {
      description: 'The parameters in force, defaults filled in',
    }),
    documents: Type.Array(
      Type.Object({
        name: Type.String(),
        size: Type.Optional(Type.Integer()),
        digest: Type.String(),
        digestAlgorithm: Type.String(),
      }),
    ),
    confirmationMethods: ConfirmationMethodsSchema,
    device: Type.Optional(DeviceApprovalSchema),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    confirmedAt: Type.Optional(Type.String({ format: 'date-time' })),
    confirmationMethod: Type.Optional(Type.String()),
    results: Type.Optional(
      Type.Array(Type.String(), { description: "Completed: the URL of each document's signature, in order" }),
    ),
  },
  { additionalProperties: false },
);

const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** An operation as the API shows it; `withResults: false` leaves out the result links (an operator's read-only view). */
export function operationView(
  operation: SigningOperation,
  prefix: string,
  withResults = true,
): Static<typeof OperationSchema> {
  return {
    id: operation.id,
    status: operation.status,
    certificate: operation.certificate,
    format: operation.format,
    parameters: operation.parameters,
    documents: operation.documents,
    confirmationMethods: operation.confirmationMethods,
    ...(operation.device ? { device: deviceApprovalView(operation.device) } : {}),
    createdAt: operation.createdAt.toISOString(),
    expiresAt: operation.expiresAt.toISOString(),
    ...(operation.confirmedAt ? { confirmedAt: operation.confirmedAt.toISOString() } : {}),
    ...(operation.confirmationMethod ? { confirmationMethod: operation.confirmationMethod } : {}),
    ...(operation.status === 'completed' && withResults
      ? {
          results: operation.documents.map(
            (_d, i) => `${prefix}/signing-operations/${operation.id}/results/${i}`,
          ),
        }
      : {}),
  };
}

/** Who asks, as the holder's device shows it: their own cabinet (a session), or a system with an API token. */
export function requesterOf(request: FastifyRequest): Requester {
  const principal = principalOf(request);
  return principal.method === 'token' || principal.method === 'oauth'
    ? { kind: 'api', name: principal.tokenName ?? 'API' }
    : { kind: 'cabinet' };
}

/**
 * The cloud signature service (issue #11): a user creates an operation
 * over documents' digests with one of their certificates, confirms it with
 * the key PIN, and downloads the signatures.
 */
export const signingRoutes: FastifyPluginAsyncTypebox<SigningRoutesOptions> = async (
  app,
  { ca, services, announce },
) => {
  const signer = requireRole('user', { scope: 'signing' });
  const tags = ['signing'];
  const description = scopeNote('signing');
  const prefix = app.prefix;

  app.post(
    '/signing-operations',
    {
      preHandler: signer,
      schema: {
        tags,
        summary:
          'Create a signing operation: documents (digests, or small documents), one of my certificates, the format; nothing is signed until I confirm it',
        description,
        body: CreateSchema,
        response: { 201: OperationSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { documents, ...rest } = request.body;
      const operation = await createSigningOperation(
        ca,
        principalOf(request).accountId,
        {
          ...rest,
          requester: requesterOf(request),
          documents: documents.map(({ content, signature, ...document }) => ({
            ...document,
            ...(content !== undefined ? { content: fromBase64(content) } : {}),
            ...(signature !== undefined ? { signature: fromBase64(signature) } : {}),
          })),
        },
        changeContext(request),
        services,
      );
      if (operation.device?.status === 'pending') announce?.(operation.accountId, operation.id);
      return reply.code(201).send(operationView(operation, prefix));
    },
  );

  app.get(
    '/signing-operations/:id',
    {
      preHandler: signer,
      schema: {
        tags,
        summary: 'One of my signing operations: its documents, status and, once completed, its results',
        description,
        params: OperationParams,
        response: { 200: OperationSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      operationView(await getSigningOperation(ca, principalOf(request).accountId, request.params.id), prefix),
  );

  app.post(
    '/signing-operations/:id/confirm',
    {
      preHandler: signer,
      schema: {
        tags,
        summary:
          'Confirm a signing operation with the key PIN: the key signs exactly the digests fixed at creation. A wrong PIN → 403 KEY_PIN_WRONG (the operation still awaits), then 423 KEY_LOCKED; 409 when completed or cancelled, 410 when expired',
        description,
        params: OperationParams,
        body: ConfirmationSchema,
        response: {
          200: OperationSchema,
          403: KeyPinProblemSchema,
          ...problems(400, 401, 404, 409, 410, 423),
        },
      },
    },
    async (request) =>
      operationView(
        await confirmSigningOperation(
          ca,
          principalOf(request).accountId,
          request.params.id,
          request.body,
          changeContext(request),
          services,
        ),
        prefix,
      ),
  );

  app.delete(
    '/signing-operations/:id',
    {
      preHandler: signer,
      schema: {
        tags,
        summary: 'Cancel a signing operation awaiting confirmation',
        description,
        params: OperationParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409, 410) },
      },
    },
    async (request, reply) => {
      await cancelSigningOperation(
        ca,
        principalOf(request).accountId,
        request.params.id,
        changeContext(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/signing-operations/:id/results/:index',
    {
      preHandler: signer,
      schema: {
        tags,
        summary:
          'The signature of one document of a completed operation, by its index: application/pkcs7-signature (detached CAdES, DER), application/pkcs7-mime (attached, co- or counter-signed CAdES) or application/octet-stream (raw)',
        description,
        params: Type.Object({
          id: Type.String({ maxLength: 64 }),
          index: Type.String({
            pattern: '^(0|[1-9][0-9]{0,3})$',
            description: 'From 0, in the order of the documents',
          }),
        }),
        response: {
          200: BinarySchema,
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { mediaType, extension, size, content } = await signingResult(
        ca,
        principalOf(request).accountId,
        request.params.id,
        Number(request.params.index),
      );
      return reply
        .type(mediaType)
        .header('content-length', size)
        .header('content-disposition', attachment(`signature-${request.params.index}.${extension}`))
        .send(Readable.from(content, { objectMode: false }));
    },
  );
};
