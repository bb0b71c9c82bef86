import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf, requireRole } from '../auth-plugin.js';
import { scopeNote } from '../../auth/scopes.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import {
  approveRenewal,
  listRenewalRequests,
  rejectRenewal,
  requestRenewal,
} from '../../ca/renewal-requests.js';
import {
  CertificateSchema,
  certificateView,
  RenewalTermsSchema,
  SerialParams,
} from './certificates-schemas.js';
import { changeContext } from './users.js';
import { ActorNameSchema, problems } from './users-schemas.js';

export interface RenewalRequestRoutesOptions {
  ca: AuthorityContext;
}

const dateTime = Type.String({ format: 'date-time' });
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const RequestStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
]);

export const RenewalRequestSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  serial: Type.String({ description: 'The certificate to renew' }),
  accountId: Type.String({ format: 'uuid' }),
  login: Type.String(),
  subject: Type.String(),
  comment: nullable(Type.String()),
  status: RequestStatusSchema,
  createdAt: dateTime,
  decidedAt: nullable(dateTime),
  decidedBy: nullable(Type.String()),
  decidedByName: ActorNameSchema,
  decisionComment: nullable(Type.String({ description: 'Why it was rejected' })),
  newSerial: nullable(Type.String({ description: 'The certificate issued on approval' })),
});

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Renewals the holder asks for and an operator approves or rejects (M8.3). */
export const renewalRequestRoutes: FastifyPluginAsyncTypebox<RenewalRequestRoutesOptions> = async (
  app,
  { ca },
) => {
  const operator = requireRole('operator');
  const tags = ['renewals'];

  app.post(
    '/me/certificates/:serial/renewal-request',
    {
      preHandler: requireRole('user', { scope: 'certificates:renew' }),
      schema: {
        tags,
        summary:
          'Ask an operator to renew my valid certificate; one request may wait per certificate (409 RENEWAL_ALREADY_REQUESTED)',
        description: scopeNote('certificates:renew'),
        params: SerialParams,
        body: Type.Object(
          { comment: Type.Optional(Type.String({ maxLength: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 201: RenewalRequestSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const created = await requestRenewal(
        ca,
        principalOf(request).accountId,
        request.params.serial,
        request.body.comment,
        changeContext(request),
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/me/renewal-requests',
    {
      preHandler: requireRole('user', { scope: 'certificates:read' }),
      schema: {
        tags,
        summary: 'My renewal requests, newest first',
        description: scopeNote('certificates:read'),
        response: { 200: Type.Array(RenewalRequestSchema), ...problems(401, 403) },
      },
    },
    async (request) => listRenewalRequests(ca.db, { accountId: principalOf(request).accountId }),
  );

  app.get(
    '/renewal-requests',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Renewal requests of all users, newest first (at most 500), by status',
        querystring: Type.Object(
          { status: Type.Optional(RequestStatusSchema) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(RenewalRequestSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) =>
      listRenewalRequests(ca.db, request.query.status ? { status: request.query.status } : {}),
  );

  app.post(
    '/renewal-requests/:id/approve',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          'Approve: renew the certificate (a new key under a temporary PIN for the holder to change); two approvals at once → one wins, the other 409 RENEWAL_ALREADY_DECIDED',
        params: IdParams,
        body: RenewalTermsSchema,
        response: {
          200: Type.Object({
            request: RenewalRequestSchema,
            certificate: CertificateSchema,
            revoked: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problems(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request) => {
      const context = changeContext(request);
      const { request: decided, result } = await approveRenewal(ca, request.params.id, request.body, context);
      return {
        request: decided,
        certificate: certificateView(result.certificate),
        revoked: result.revoked,
      };
    },
  );

  app.post(
    '/renewal-requests/:id/reject',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Reject with a reason the holder sees',
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 200: RenewalRequestSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => rejectRenewal(ca, request.params.id, request.body.reason, changeContext(request)),
  );
};
