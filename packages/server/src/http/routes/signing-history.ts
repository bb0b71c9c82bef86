import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf, requireRole } from '../auth-plugin.js';
import { scopeNote } from '../../auth/scopes.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import { getUser } from '../../people/users.js';
import { signingHistory, type SigningHistoryFilter } from '../../signing/history.js';
import { FormatSchema, OperationSchema, operationView } from './signing.js';
import { problems } from './users-schemas.js';

export interface SigningHistoryRoutesOptions {
  ca: AuthorityContext;
}

const HistoryQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([
        Type.Literal('awaiting_confirmation'),
        Type.Literal('completed'),
        Type.Literal('failed'),
        Type.Literal('cancelled'),
        Type.Literal('expired'),
      ]),
    ),
    format: Type.Optional(FormatSchema),
    certificate: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{1,64}$', description: 'Serial (hex)' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Created at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Created before' })),
    // Query strings are text (the API does not coerce types): numbers are checked by pattern.
    limit: Type.Optional(
      Type.String({ pattern: '^([1-9]\\d?|1\\d\\d|200)$', description: '1..200, default 50' }),
    ),
    offset: Type.Optional(Type.String({ pattern: '^\\d{1,9}$', description: 'default 0' })),
  },
  { additionalProperties: false },
);

const HistorySchema = Type.Object({
  total: Type.Integer({ description: 'How many operations match in all' }),
  operations: Type.Array(OperationSchema, { description: 'Newest first, one page' }),
});

type Query = typeof HistoryQuery.static;

function filterOf(accountId: string, query: Query): SigningHistoryFilter {
  return {
    accountId,
    limit: Number(query.limit ?? 50),
    offset: Number(query.offset ?? 0),
    ...(query.status !== undefined ? { status: query.status } : {}),
    ...(query.format !== undefined ? { format: query.format } : {}),
    ...(query.certificate !== undefined ? { certificate: query.certificate } : {}),
    ...(query.from !== undefined ? { from: new Date(query.from) } : {}),
    ...(query.to !== undefined ? { to: new Date(query.to) } : {}),
  };
}

/**
 * Signing history: a user's own operations (with links to their results),
 * and any user's for operators, read-only and without the results.
 */
export const signingHistoryRoutes: FastifyPluginAsyncTypebox<SigningHistoryRoutesOptions> = async (
  app,
  { ca },
) => {
  const prefix = app.prefix;
  app.get(
    '/signing-operations',
    {
      preHandler: requireRole('user', { scope: 'signing' }),
      schema: {
        tags: ['signing'],
        summary: 'My signing operations, newest first, filtered by status, format, certificate and time',
        description: scopeNote('signing'),
        querystring: HistoryQuery,
        response: { 200: HistorySchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const history = await signingHistory(ca, filterOf(principalOf(request).accountId, request.query));
      return { total: history.total, operations: history.operations.map((o) => operationView(o, prefix)) };
    },
  );

  app.get(
    '/users/:id/signing-operations',
    {
      preHandler: requireRole('operator'),
      schema: {
        tags: ['signing', 'users'],
        summary:
          "A user's signing operations, read-only: what was signed with which certificate, when and how it was confirmed (no signatures)",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: HistoryQuery,
        response: { 200: HistorySchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = await getUser(ca.db, request.params.id);
      const history = await signingHistory(ca, filterOf(user.id, request.query));
      return {
        total: history.total,
        operations: history.operations.map((o) => operationView(o, prefix, false)),
      };
    },
  );
};
