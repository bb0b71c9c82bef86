import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf, requireRole } from '../auth-plugin.js';
import type { Db } from '../../db/db.js';
import { accountDisplayName } from '../../people/accounts.js';
import { problems } from './users-schemas.js';

export interface MeRoutesOptions {
  db: Db;
}

export const MeSchema = Type.Object({
  accountId: Type.String({ format: 'uuid' }),
  login: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('operator'), Type.Literal('user')]),
  displayName: Type.Union([Type.String(), Type.Null()]),
  method: Type.Union([
    Type.Literal('session'),
    Type.Literal('token'),
    Type.Literal('certificate'),
    Type.Literal('oauth'),
  ]),
  mustChangePassword: Type.Boolean(),
  secondFactorEnrolmentRequired: Type.Boolean({
    description: 'The role requires a second factor this account has not enrolled: only enrolment is open',
  }),
});

/**
 * Who is calling, whichever way they signed in: the web office asks this
 * first to choose the operator's, administrator's or user's cabinet.
 */
export const meRoutes: FastifyPluginAsyncTypebox<MeRoutesOptions> = async (app, { db }) => {
  app.get(
    '/me',
    {
      preHandler: requireRole(['admin', 'operator', 'user'], {
        allowPasswordChange: true,
        allowSecondFactorEnrolment: true,
      }),
      schema: {
        tags: ['session'],
        summary:
          'The signed-in account: a user by session or bearer token, an operator or administrator by client certificate',
        response: { 200: MeSchema, ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      const { accountId, login, role, method, mustChangePassword, secondFactorEnrolmentRequired } =
        principalOf(request);
      const displayName = await accountDisplayName(db, accountId);
      reply.header('cache-control', 'no-store');
      return {
        accountId,
        login,
        role,
        displayName,
        method,
        mustChangePassword,
        secondFactorEnrolmentRequired: secondFactorEnrolmentRequired === true,
      };
    },
  );
};
