import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseCertificate } from '@podpis/pki';
import { requireRole } from '../auth-plugin.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import { caOverview } from '../../ca/overview.js';
import { authorityFields, authorityView } from './authority-schemas.js';
import { problems } from './users-schemas.js';

export interface CaOverviewRoutesOptions {
  ca: AuthorityContext;
}

const dateTime = Type.String({ format: 'date-time' });

const CountsSchema = Type.Object({
  valid: Type.Integer(),
  suspended: Type.Integer(),
  revoked: Type.Integer(),
  expired: Type.Integer(),
});

export const CaOverviewSchema = Type.Object({
  authorities: Type.Array(
    Type.Object({
      ...authorityFields,
      notBefore: dateTime,
      notAfter: dateTime,
      certificates: CountsSchema,
      crl: Type.Union([
        Type.Object({
          number: Type.String({ description: 'cRLNumber, decimal' }),
          thisUpdate: dateTime,
          nextUpdate: dateTime,
          entries: Type.Integer({
            description: 'Revoked and suspended certificates it lists, read from the published CRL',
          }),
          publicationPending: Type.Boolean({
            description:
              'A revocation, suspension or resumption waits for a newer CRL (its publication failed so far and is retried)',
          }),
        }),
        Type.Null(),
      ]),
    }),
  ),
  ocspUrl: Type.String(),
  tsaUrl: Type.String(),
});

/** The administrator's and operator's view of the CAs: what each has issued, its latest CRL, the service URLs. */
export const caOverviewRoutes: FastifyPluginAsyncTypebox<CaOverviewRoutesOptions> = async (app, { ca }) => {
  app.get(
    '/ca',
    {
      preHandler: requireRole(['admin', 'operator']),
      schema: {
        tags: ['certificates'],
        summary:
          'Certification authorities: certificates issued by status, the latest CRL, OCSP and TSA URLs',
        response: { 200: CaOverviewSchema, ...problems(401, 403) },
      },
    },
    async () => {
      const overview = await caOverview(ca);
      return {
        authorities: overview.map(({ authority, certificates, crl }) => {
          const { notBefore, notAfter } = parseCertificate(authority.certificate);
          return {
            ...authorityView(ca, authority),
            notBefore: notBefore.toISOString(),
            notAfter: notAfter.toISOString(),
            certificates,
            crl: crl
              ? {
                  number: crl.number.toString(),
                  thisUpdate: crl.thisUpdate.toISOString(),
                  nextUpdate: crl.nextUpdate.toISOString(),
                  entries: crl.entries,
                  publicationPending: crl.publicationPending,
                }
              : null,
          };
        }),
        ocspUrl: ca.urls.ocsp(),
        tsaUrl: ca.urls.tsa(),
      };
    },
  );
};
