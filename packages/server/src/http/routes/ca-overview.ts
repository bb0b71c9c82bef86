import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseCertificate } from '@podpis/pki';
import { requireRole } from '../auth-plugin.js';
import { listAuthorities, type AuthorityContext } from '../../ca/authorities.js';
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
          entries: Type.Integer({ description: 'Revoked and suspended certificates it lists' }),
        }),
        Type.Null(),
      ]),
    }),
  ),
  ocspUrl: Type.String(),
  tsaUrl: Type.String(),
});

interface CountRow extends Record<string, unknown> {
  ca_id: string;
  status: 'valid' | 'suspended' | 'revoked' | 'expired';
  count: string | number;
}

interface CrlRow extends Record<string, unknown> {
  ca_id: string;
  number: string | number;
  this_update: Date;
  next_update: Date;
}

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
      const now = ca.now();
      const counts = await ca.db.query<CountRow>(
        `SELECT ca_id,
                CASE WHEN status <> 'revoked' AND not_after <= $1 THEN 'expired' ELSE status END AS status,
                count(*) AS count
           FROM certificates WHERE deleted_at IS NULL AND purpose <> 'ca'
          GROUP BY 1, 2`,
        [now],
      );
      const crls = await ca.db.query<CrlRow>(
        `SELECT DISTINCT ON (ca_id) ca_id, number, this_update, next_update
           FROM crls WHERE delta_base IS NULL ORDER BY ca_id, number DESC`,
      );
      const listed = await ca.db.query<{ ca_id: string; count: string | number }>(
        `SELECT ca_id, count(*) AS count FROM certificates
          WHERE status IN ('revoked', 'suspended') AND not_after > $1 GROUP BY ca_id`,
        [now],
      );
      return {
        authorities: (await listAuthorities(ca.db)).map((authority) => {
          const certificates = { valid: 0, suspended: 0, revoked: 0, expired: 0 };
          for (const row of counts.rows) {
            if (row.ca_id === authority.id) certificates[row.status] = Number(row.count);
          }
          const crl = crls.rows.find((row) => row.ca_id === authority.id);
          const { notBefore, notAfter } = parseCertificate(authority.certificate);
          return {
            ...authorityView(ca, authority),
            notBefore: notBefore.toISOString(),
            notAfter: notAfter.toISOString(),
            certificates,
            crl: crl
              ? {
                  number: String(crl.number),
                  thisUpdate: crl.this_update.toISOString(),
                  nextUpdate: crl.next_update.toISOString(),
                  entries: Number(listed.rows.find((row) => row.ca_id === authority.id)?.count ?? 0),
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
