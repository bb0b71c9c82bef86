import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf, requireRole } from '../auth-plugin.js';
import { DomainError } from '../../core/domain-error.js';
import { HTTP_STATUS_OF } from '../error-status.js';
import type { Db } from '../../db/db.js';
import { accountDisplayName } from '../../people/accounts.js';
import { sessionCsrfToken } from '../../auth/sessions.js';
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

export const WhoAmISchema = Type.Object({
  signedIn: Type.Boolean(),
  me: Type.Optional(MeSchema),
  csrfToken: Type.Optional(
    Type.String({
      description:
        'Signed in with the session cookie: the token to send in X-CSRF-Token, so a second tab of the same browser works as the first (the same one the login answered)',
    }),
  ),
  reason: Type.Optional(
    Type.String({
      description:
        'When not signed in: the code GET /me would have answered (AUTHENTICATION_REQUIRED, SESSION_EXPIRED, …)',
    }),
  ),
});

const anyone = requireRole(['admin', 'operator', 'user'], {
  allowPasswordChange: true,
  allowSecondFactorEnrolment: true,
});

/** The principal `GET /me` would find, or the code of the 401/403/423 it would answer. */
async function signedInOrWhyNot(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<{ signedIn: true } | { signedIn: false; reason: string }> {
  try {
    await anyone.call(request.server, request, reply);
    return { signedIn: true };
  } catch (error) {
    const status = error instanceof DomainError ? HTTP_STATUS_OF[error.code] : undefined;
    // 423: a locked operator's certificate, which the sign-in page names.
    if (error instanceof DomainError && (status === 401 || status === 403 || status === 423)) {
      return { signedIn: false, reason: error.code };
    }
    throw error;
  }
}

/**
 * Who is calling, whichever way they signed in: the web office asks this
 * first to choose the operator's, administrator's or user's cabinet.
 */
export const meRoutes: FastifyPluginAsyncTypebox<MeRoutesOptions> = async (app, { db }) => {
  app.get(
    '/me',
    {
      preHandler: anyone,
      schema: {
        tags: ['session'],
        summary:
          'The signed-in account: a user by session or bearer token, an operator or administrator by client certificate',
        response: { 200: MeSchema, ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return me(db, request);
    },
  );

  app.get(
    '/whoami',
    {
      schema: {
        tags: ['session'],
        summary: 'Who is calling, or that nobody is: 200 either way',
        description:
          'The same answer as GET /me when signed in; otherwise `signedIn: false` and the code GET /me would have refused with. The office asks this on a fresh page, where nobody signed in is the usual case and not an error.',
        response: { 200: WhoAmISchema, ...problems(400) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const state = await signedInOrWhyNot(request, reply);
      if (!state.signedIn) return state;
      const { method, sessionId } = principalOf(request);
      const csrfToken =
        method === 'session' && sessionId !== undefined ? await sessionCsrfToken(db, sessionId) : undefined;
      return { signedIn: true, me: await me(db, request), ...(csrfToken !== undefined ? { csrfToken } : {}) };
    },
  );
};

async function me(db: Db, request: FastifyRequest) {
  const { accountId, login, role, method, mustChangePassword, secondFactorEnrolmentRequired } =
    principalOf(request);
  const displayName = await accountDisplayName(db, accountId);
  return {
    accountId,
    login,
    role,
    displayName,
    method,
    mustChangePassword,
    secondFactorEnrolmentRequired: secondFactorEnrolmentRequired === true,
  };
}
