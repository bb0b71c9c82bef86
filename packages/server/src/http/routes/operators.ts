import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/db.js';
import { requireRole } from '../auth-plugin.js';
import { listOperators, registerOperator } from '../../people/accounts.js';
import { changeContext } from './users.js';
import { AccountSchema, LoginSchema, ProfileProblemSchema, problems } from './users-schemas.js';

export interface OperatorRoutesOptions {
  db: Db;
}

/** The administrator's registry of operators and administrators; their client certificates come from the CA. */
export const operatorRoutes: FastifyPluginAsyncTypebox<OperatorRoutesOptions> = async (app, { db }) => {
  const admin = requireRole('admin');
  const tags = ['operators'];

  app.post(
    '/operators',
    {
      preHandler: admin,
      schema: {
        tags,
        summary:
          'Register an operator or administrator account (authenticates by a client certificate issued afterwards)',
        body: Type.Object(
          {
            login: LoginSchema,
            role: Type.Optional(
              Type.Union([Type.Literal('operator'), Type.Literal('admin')], { default: 'operator' }),
            ),
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: AccountSchema, 422: ProfileProblemSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { login, role, displayName } = request.body;
      const account = await registerOperator(
        db,
        { login, role: role ?? 'operator', ...(displayName !== undefined ? { displayName } : {}) },
        changeContext(request),
      );
      return reply.code(201).send(account);
    },
  );

  app.get(
    '/operators',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Operators and administrators',
        response: { 200: Type.Array(AccountSchema), ...problems(401, 403) },
      },
    },
    async () => listOperators(db),
  );
};
