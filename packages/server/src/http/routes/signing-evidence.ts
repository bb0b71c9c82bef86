import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf, requireRole } from '../auth-plugin.js';
import { scopeNote } from '../../auth/scopes.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import { operationEvidence, signedEvidence } from '../../signing/evidence.js';
import { renderEvidenceSummary } from '../../signing/evidence-pdf.js';
import type { FormatServices } from '../../signing/formats/index.js';
import { problems } from './users-schemas.js';

export interface SigningEvidenceRoutesOptions {
  ca: AuthorityContext;
  services: FormatServices;
}

const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** A signing operation's evidence (M9.2): the signed package, and its printable summary. */
export const signingEvidenceRoutes: FastifyPluginAsyncTypebox<SigningEvidenceRoutesOptions> = async (
  app,
  { ca, services },
) => {
  const signer = requireRole('user', { scope: 'signing' });
  app.get(
    '/signing-operations/:id/evidence',
    {
      preHandler: signer,
      schema: {
        tags: ['signing'],
        summary:
          'The evidence package of one of my operations: who signed what (names, sizes, digests), when, with which key and certificate, how it was confirmed, with its audit records; signed by the audit key and time-stamped. Check it offline with `podpis evidence verify`',
        description: scopeNote('signing'),
        params: Params,
        response: {
          200: Type.Unsafe<Record<string, unknown>>({
            type: 'object',
            additionalProperties: true,
            description: 'format podpis-evidence/1: { format, evidence, signature (CMS, base64), chain }',
          }),
          ...problems(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const evidence = await signedEvidence(ca, principalOf(request).accountId, request.params.id, services);
      return reply
        .header('content-disposition', `attachment; filename="evidence-${request.params.id}.json"`)
        .send(evidence);
    },
  );

  app.get(
    '/signing-operations/:id/evidence.pdf',
    {
      preHandler: signer,
      schema: {
        tags: ['signing'],
        summary: 'A printable summary of the evidence of one of my operations (PDF, Russian or English)',
        description: scopeNote('signing'),
        params: Params,
        querystring: Type.Object({
          lang: Type.Optional(Type.Union([Type.Literal('ru'), Type.Literal('en')], { default: 'ru' })),
        }),
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const evidence = await operationEvidence(ca, principalOf(request).accountId, request.params.id);
      const pdf = await renderEvidenceSummary(evidence, request.query.lang ?? 'ru');
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="evidence-${request.params.id}.pdf"`)
        .send(pdf);
    },
  );
};
