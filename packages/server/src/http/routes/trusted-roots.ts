import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth-plugin.js';
import { certificatesFromPem } from '../../ca/pem.js';
import type { Db } from '../../db/db.js';
import {
  importTrustedRoot,
  listTrustedRoots,
  removeTrustedRoot,
  type TrustedRoot,
} from '../../signing/verification/trusted-roots.js';
import { changeContext } from './users.js';
import { problems } from './users-schemas.js';

export interface TrustedRootRoutesOptions {
  db: Db;
  now: () => Date;
}

const TrustedRootSchema = Type.Object({
  fingerprint: Type.String({ description: 'SHA-256 of the certificate (hex)' }),
  subject: Type.String(),
  notAfter: Type.String({ format: 'date-time' }),
  note: Type.Union([Type.String(), Type.Null()]),
  importedAt: Type.String({ format: 'date-time' }),
  importedBy: Type.String(),
  certificate: Type.String({ description: 'DER, base64' }),
});

function rootView(root: TrustedRoot): Static<typeof TrustedRootSchema> {
  return {
    fingerprint: root.fingerprint,
    subject: root.subject,
    notAfter: root.notAfter.toISOString(),
    note: root.note,
    importedAt: root.importedAt.toISOString(),
    importedBy: root.importedBy,
    certificate: Buffer.from(root.der).toString('base64'),
  };
}

/** Other CAs' roots the signature verifier trusts besides ours: administrators keep the list. */
export const trustedRootRoutes: FastifyPluginAsyncTypebox<TrustedRootRoutesOptions> = async (
  app,
  { db, now },
) => {
  const tags = ['signing'];
  app.get(
    '/trusted-roots',
    {
      preHandler: requireRole(['admin', 'operator']),
      schema: {
        tags,
        summary: 'The root certificates of other CAs that verification trusts besides our own root CAs',
        response: { 200: Type.Array(TrustedRootSchema), ...problems(401, 403) },
      },
    },
    async () => (await listTrustedRoots(db)).map(rootView),
  );

  app.post(
    '/trusted-roots',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary:
          "Trust another CA's root certificate in verification (a self-issued CA certificate, PEM or DER base64)",
        body: Type.Object(
          {
            certificate: Type.String({ maxLength: 64 * 1024, description: 'PEM, or DER in base64' }),
            note: Type.Optional(
              Type.String({ maxLength: 500, description: 'Why it is trusted, where it came from' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: TrustedRootSchema, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const text = request.body.certificate;
      const bytes = text.includes('-----BEGIN') ? Buffer.from(text, 'latin1') : Buffer.from(text, 'base64');
      const [der] = certificatesFromPem(new Uint8Array(bytes));
      const root = await importTrustedRoot(
        db,
        der ?? new Uint8Array(),
        request.body.note,
        changeContext(request),
        now(),
      );
      return reply.code(201).send(rootView(root));
    },
  );

  app.delete(
    '/trusted-roots/:fingerprint',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Stop trusting an imported root',
        params: Type.Object({ fingerprint: Type.String({ pattern: '^[0-9a-fA-F]{64}$' }) }),
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeTrustedRoot(db, request.params.fingerprint, changeContext(request));
      return reply.code(204).send(null);
    },
  );
};
