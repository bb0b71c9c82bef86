import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { parseCertificate } from '@podpis/pki';
import type { AuthorityContext } from '../../ca/authorities.js';
import type { CertificateSummary } from '../../ca/certificates.js';
import { certificateFile, contentDisposition } from '../../ca/download.js';
import { renderCertificatePrintForm } from '../../ca/print-form.js';
import { Binary, FormatQuery, SerialParams } from './certificates-schemas.js';
import { problems } from './users-schemas.js';

const PrintFormQuery = Type.Object({
  lang: Type.Optional(Type.Union([Type.Literal('ru'), Type.Literal('en')])),
});

export interface CertificateFileRoutes {
  /** The certificate's path, ending in `/:serial`; `/download` and `/print-form` are added. */
  path: string;
  preHandler: preHandlerAsyncHookHandler;
  /** The certificate the caller may have, or CERT_NOT_FOUND. */
  find: (
    request: FastifyRequest,
    serial: string,
  ) => Promise<CertificateSummary & { der: Uint8Array; keyId: string | null }>;
  ca: AuthorityContext;
  summaries: { download: string; printForm: string };
  description?: string;
}

/**
 * A certificate's files, the same for the operator and for the holder:
 * the certificate as DER, PEM or PKCS#7 with its chain, and the printable
 * form (PDF) shown inline.
 */
export function registerCertificateFileRoutes(
  parent: FastifyInstance,
  { path, preHandler, find, ca, summaries, description }: CertificateFileRoutes,
): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['certificates'], params: SerialParams, ...(description ? { description } : {}) };

  app.get(
    `${path}/download`,
    {
      preHandler,
      schema: {
        ...common,
        summary: summaries.download,
        querystring: FormatQuery,
        response: { 200: Binary('The certificate file'), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const found = await find(request, request.params.serial);
      const file = await certificateFile(ca.db, found, request.query.format ?? 'der');
      return reply
        .type(file.contentType)
        .header('content-disposition', contentDisposition('attachment', file))
        .send(file.body);
    },
  );

  app.get(
    `${path}/print-form`,
    {
      preHandler,
      schema: {
        ...common,
        summary: summaries.printForm,
        querystring: PrintFormQuery,
        response: { 200: Binary('PDF'), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const certificate = await find(request, request.params.serial);
      const pdf = await renderCertificatePrintForm(parseCertificate(certificate.der), {
        language: request.query.lang ?? 'ru',
        generatedAt: ca.now(),
        keyHeld: certificate.keyId !== null,
      });
      const fileName = `certificate-${certificate.serial}.pdf`;
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition('inline', { fileName, displayName: fileName }))
        .send(pdf);
    },
  );
}
