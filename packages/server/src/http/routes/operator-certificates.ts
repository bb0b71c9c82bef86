import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth-plugin.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import { revokeClientCertificate } from '../../ca/certificate-lifecycle.js';
import { listCertificates } from '../../ca/certificates.js';
import { issueClientCertificate } from '../../ca/tls-certificates.js';
import { findStaffAccount } from '../../people/accounts.js';
import { CertificateSchema, certificateView } from './certificates-schemas.js';
import { changeContext } from './users.js';
import { problems } from './users-schemas.js';

export interface OperatorCertificateRoutesOptions {
  ca: AuthorityContext;
}

/**
 * The administrator issues and revokes operators' (and administrators')
 * TLS client certificates (M2.1, M3.1). The PKCS#12 with the key is in the
 * response of the issue and nowhere else: the server keeps no copy.
 */
export const operatorCertificateRoutes: FastifyPluginAsyncTypebox<OperatorCertificateRoutesOptions> = async (
  app,
  { ca },
) => {
  const admin = requireRole('admin');
  const tags = ['operators'];
  const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

  app.post(
    '/operators/:id/client-certificate',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: "Issue an operator's client certificate: the PKCS#12 and its password are returned once",
        params: Params,
        response: {
          201: Type.Object({
            serial: Type.String(),
            pkcs12: Type.String({
              description: 'PKCS#12 (base64) with the key, certificate and CA certificate',
            }),
            password: Type.String({ description: 'The PKCS#12 password, shown only now' }),
          }),
          ...problems(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const account = await findStaffAccount(ca.db, request.params.id);
      const bundle = await issueClientCertificate(
        ca,
        {
          id: account.id,
          login: account.login,
          ...(account.displayName ? { displayName: account.displayName } : {}),
        },
        changeContext(request).actor,
      );
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({
          serial: bundle.serial,
          pkcs12: Buffer.from(bundle.pkcs12).toString('base64'),
          password: bundle.password,
        });
    },
  );

  app.get(
    '/client-certificates',
    {
      preHandler: admin,
      schema: {
        tags,
        summary:
          "Operators' and administrators' client certificates with their status, newest first (optionally of one account)",
        querystring: Type.Object(
          { accountId: Type.Optional(Type.String({ format: 'uuid' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(CertificateSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const { accountId } = request.query;
      const found = await listCertificates(
        ca.db,
        { purpose: 'client', ...(accountId !== undefined ? { accountId } : {}) },
        ca.now(),
      );
      return found.map(certificateView);
    },
  );

  app.post(
    '/operators/:id/client-certificate/:serial/revoke',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: "Revoke an operator's client certificate: it stops working at once",
        params: Type.Object({
          id: Type.String({ format: 'uuid' }),
          serial: Type.String({ pattern: '^[0-9a-fA-F]{1,40}$' }),
        }),
        response: {
          200: Type.Object({ serial: Type.String(), status: Type.String() }),
          ...problems(401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const revoked = await revokeClientCertificate(
        ca,
        request.params.id,
        request.params.serial,
        changeContext(request),
      );
      return { serial: revoked.serial, status: revoked.status };
    },
  );
};
