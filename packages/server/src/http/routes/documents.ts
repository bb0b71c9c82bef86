import type { IncomingMessage } from 'node:http';
import { constants, type Http2ServerRequest } from 'node:http2';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf, requireRole } from '../auth-plugin.js';
import { scopeNote } from '../../auth/scopes.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import type { DocumentsConfig } from '../../config/config.js';
import {
  deleteDocument,
  documentChunks,
  DOCUMENT_DIGEST_NAMES,
  getDocument,
  requireContent,
  uploadDocument,
  type DocumentDigestName,
  type StoredDocument,
} from '../../signing/document-store.js';
import { holderDocumentDigests } from '../../signing/documents.js';
import { ApiError } from '../problem.js';
import { changeContext } from './users.js';
import { problems } from './users-schemas.js';

/**
 * How long a connection whose upload was refused midway stays open: what
 * the client still sends is read and dropped meanwhile, so closing does not
 * reset the connection before the client has read the answer (a reset
 * discards it), and a client that does not stop is cut off then.
 */
const LINGER_MS = 5000;

function lingerThenClose(request: IncomingMessage): void {
  if (request.httpVersionMajor >= 2) {
    // HTTP/2: the session carries other requests; only this stream is drained, then cancelled.
    const { stream } = request as unknown as Http2ServerRequest;
    request.resume();
    const timer = setTimeout(() => {
      stream.close(constants.NGHTTP2_CANCEL);
    }, LINGER_MS);
    timer.unref();
    stream.once('close', () => {
      clearTimeout(timer);
    });
    return;
  }
  const socket = request.socket as Socket | null;
  // In-process requests (inject) have no socket to close.
  if (typeof socket?.destroy !== 'function') return;
  request.resume();
  // Node closes a `Connection: close` socket as soon as the answer is written; with the
  // client's bytes still arriving that is a reset, which a busy client sees before the
  // answer (EPIPE). Only our side is shut now; the timer closes the rest.
  socket.destroySoon = function endOnly(this: Socket): void {
    this.end();
  };
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => {
    clearTimeout(timer);
  });
}

export interface DocumentRoutesOptions {
  ca: AuthorityContext;
  documents: DocumentsConfig;
}

const DigestsSchema = Type.Object(
  Object.fromEntries(DOCUMENT_DIGEST_NAMES.map((name) => [name, Type.Optional(Type.String())])),
  {
    additionalProperties: false,
    description:
      'Hex digests made while it was uploaded: streebog256 (1.2.643.7.1.1.2.2), streebog512 (1.2.643.7.1.1.2.3), sha256 (2.16.840.1.101.3.4.2.1)',
  },
);

export const DocumentSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Give it as `document` of a signing operation' }),
    name: Type.String(),
    size: Type.Integer({ minimum: 0 }),
    digests: DigestsSchema,
    contentKept: Type.Boolean({
      description:
        'false when uploaded with keep=digests: only its digests are kept, so it signs only detached (CAdES detached, raw); its content, a preview and the formats that embed it are refused with 409 DOCUMENT_CONTENT_NOT_KEPT',
    }),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time', description: 'When it is deleted unless deleted sooner' }),
  },
  { additionalProperties: false },
);

const DocumentParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const UploadQuery = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'The document as people know it (UTF-8, percent-encoded in the URL)',
    }),
    digests: Type.Optional(
      Type.String({
        pattern: `^(${DOCUMENT_DIGEST_NAMES.join('|')})(,(${DOCUMENT_DIGEST_NAMES.join('|')}))*$`,
        description:
          'Comma-separated digests to make while it streams in; default: those of the keys of my valid certificates. Streebog runs at ~130 MB/s (on a hashing thread of its own for a large document), SHA-256 at ~1 GB/s; a digest not made now is made from the stored chunks when an operation needs it (not with keep=digests: there are none)',
      }),
    ),
    keep: Type.Optional(
      Type.Union([Type.Literal('content'), Type.Literal('digests')], {
        default: 'content',
        description:
          'content (default): the document is stored in chunks with its digests. digests: it streams through the same hashing but only its name, size, digests and expiry are kept, no byte of it — for a detached signature of a large document, which needs nothing more (storing costs the database 12-16 s of CPU per GiB, hashing ~5 s). Such a document signs as CAdES detached or raw exactly as a kept one; an attached CAdES, XAdES, PAdES, a device preview or a download of its content is refused with 409 DOCUMENT_CONTENT_NOT_KEPT before anything is written',
      }),
    ),
  },
  { additionalProperties: false },
);

function documentView(document: StoredDocument): Static<typeof DocumentSchema> {
  return {
    id: document.id,
    name: document.name,
    size: document.size,
    digests: document.digests,
    contentKept: document.contentKept,
    createdAt: document.createdAt.toISOString(),
    expiresAt: document.expiresAt.toISOString(),
  };
}

/** `attachment` with the name in RFC 6266 / 5987 form, so a Cyrillic name survives. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Documents uploaded for signing (issue #11, "Large documents"): streamed
 * in and out in chunks, never whole in memory; kept for the retention and
 * deleted on request.
 */
export const documentRoutes: FastifyPluginAsyncTypebox<DocumentRoutesOptions> = async (
  app,
  { ca, documents },
) => {
  const signer = requireRole('user', { scope: 'signing' });
  const tags = ['signing'];
  const description = scopeNote('signing');

  // The body is handed over as the request stream itself: the handler reads it a chunk at a time.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => {
    done(null, payload);
  });

  app.post(
    '/documents',
    {
      preHandler: signer,
      schema: {
        tags,
        summary: `Upload a document to sign (application/octet-stream, streamed; at most PODPIS_DOCUMENT_LIMIT, 1 GiB by default → 413 DOCUMENT_TOO_LARGE): it is stored in chunks with its digests (or, with keep=digests, its digests alone) and kept until it expires or I delete it`,
        description,
        querystring: UploadQuery,
        consumes: ['application/octet-stream'],
        // No type: the body is the request stream itself, which any value passes.
        body: Type.Unsafe<Readable>({ description: 'The document’s bytes, as application/octet-stream' }),
        response: { 201: DocumentSchema, ...problems(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const content: unknown = request.body;
      if (!(content instanceof Readable)) {
        throw new ApiError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'a document is uploaded as application/octet-stream',
        );
      }
      const accountId = principalOf(request).accountId;
      const length = request.headers['content-length'];
      try {
        const stored = await uploadDocument(
          ca.db,
          {
            accountId,
            name: request.query.name,
            content,
            ...(length !== undefined ? { declaredSize: Number(length) } : {}),
            limit: documents.limit,
            digests: request.query.digests
              ? [...new Set(request.query.digests.split(',') as DocumentDigestName[])]
              : await holderDocumentDigests(ca, accountId),
            keepContent: request.query.keep !== 'digests',
            retentionSeconds: documents.retentionSeconds,
            now: ca.now(),
          },
          changeContext(request),
        );
        return await reply.code(201).send(documentView(stored));
      } catch (error) {
        if (!request.raw.complete) lingerThenClose(request.raw);
        throw error;
      }
    },
  );

  app.get(
    '/documents/:id',
    {
      preHandler: signer,
      schema: {
        tags,
        summary: 'One of my uploaded documents: name, size, digests, whether its content is kept, expiry',
        description,
        params: DocumentParams,
        response: { 200: DocumentSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      documentView(await getDocument(ca.db, principalOf(request).accountId, request.params.id)),
  );

  app.get(
    '/documents/:id/content',
    {
      preHandler: signer,
      schema: {
        tags,
        summary:
          'The bytes of one of my uploaded documents, streamed (409 DOCUMENT_CONTENT_NOT_KEPT for one uploaded with keep=digests)',
        description,
        params: DocumentParams,
        response: {
          200: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const document = await getDocument(ca.db, principalOf(request).accountId, request.params.id);
      // Before the headers go out: the stream below would fail only once the answer had begun.
      requireContent(document, 'a download of its content');
      return reply
        .type('application/octet-stream')
        .header('content-length', document.size)
        .header('content-disposition', attachment(document.name))
        .send(Readable.from(documentChunks(ca.db, document), { objectMode: false }));
    },
  );

  app.delete(
    '/documents/:id',
    {
      preHandler: signer,
      schema: {
        tags,
        summary: 'Delete one of my uploaded documents now, with all its chunks',
        description,
        params: DocumentParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteDocument(ca.db, principalOf(request).accountId, request.params.id, changeContext(request));
      return reply.code(204).send(null);
    },
  );
};
