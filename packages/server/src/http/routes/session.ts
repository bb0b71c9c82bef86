import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuthConfig } from '../../config/config.js';
import type { Db } from '../../db/db.js';
import { createApiToken, revokeApiToken } from '../../auth/api-tokens.js';
import { principalOf, requireRole, SESSION_COOKIE } from '../auth-plugin.js';
import { API_SCOPE_NAMES, describeScopes } from '../../auth/scopes.js';
import { changePassword, logIn, logOut } from '../../auth/sessions.js';
import { DomainError } from '../../core/domain-error.js';
import { IdParams, ProfileProblemSchema, problems } from './users-schemas.js';

export interface SessionRoutesOptions {
  db: Db;
  settings: AuthConfig;
}

const Password = Type.String({ minLength: 1, maxLength: 1024 });

function sessionCookie(value: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`;
}

/** A user's login session (M3.2, M3.4): log in, log out, change the password, create API tokens. */
export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRoutesOptions> = async (
  app,
  { db, settings },
) => {
  const tags = ['session'];
  const sessionOnly = { methods: ['session'] } as const;

  app.post(
    '/session',
    {
      schema: {
        tags,
        summary: 'Log in with login and password; sets the podpis_session cookie and returns the CSRF token',
        body: Type.Object(
          { login: Type.String({ minLength: 1, maxLength: 64 }), password: Password },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            csrfToken: Type.String({
              description: 'Send it in X-CSRF-Token with every state-changing request',
            }),
            expiresAt: Type.String({ format: 'date-time' }),
            mustChangePassword: Type.Boolean({
              description: 'If true, only POST /api/v1/session/password is allowed',
            }),
            account: Type.Object({ id: Type.String(), login: Type.String(), role: Type.String() }),
          }),
          ...problems(400, 401, 423, 429),
        },
      },
    },
    async (request, reply) => {
      let result;
      try {
        result = await logIn(db, settings, {
          login: request.body.login,
          password: request.body.password,
          ip: request.ip,
          requestId: request.id,
          ...(request.headers['user-agent'] !== undefined
            ? { userAgent: request.headers['user-agent'].slice(0, 512) }
            : {}),
        });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'RATE_LIMITED') {
          const retryAfter = error.details?.retryAfterSeconds;
          reply.header('retry-after', typeof retryAfter === 'number' ? String(retryAfter) : '60');
        }
        throw error;
      }
      const maxAge = Math.max(0, Math.floor((result.expiresAt.getTime() - Date.now()) / 1000));
      reply.header('set-cookie', sessionCookie(result.sessionToken, maxAge));
      reply.header('cache-control', 'no-store');
      return {
        csrfToken: result.csrfToken,
        expiresAt: result.expiresAt.toISOString(),
        mustChangePassword: result.account.mustChangePassword,
        account: { id: result.account.id, login: result.account.login, role: result.account.role },
      };
    },
  );

  app.get(
    '/session',
    {
      preHandler: requireRole('user', { allowPasswordChange: true }),
      schema: {
        tags,
        summary: 'Who is logged in',
        response: {
          200: Type.Object({
            accountId: Type.String(),
            login: Type.String(),
            role: Type.String(),
            method: Type.String({ description: 'session or token' }),
            mustChangePassword: Type.Boolean(),
            scopes: Type.Optional(Type.Array(Type.String())),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => {
      const { accountId, login, role, method, mustChangePassword, scopes } = principalOf(request);
      return {
        accountId,
        login,
        role,
        method,
        mustChangePassword,
        ...(scopes ? { scopes: [...scopes] } : {}),
      };
    },
  );

  app.delete(
    '/session',
    {
      preHandler: requireRole('user', { ...sessionOnly, allowPasswordChange: true }),
      schema: {
        tags,
        summary: 'Log out: ends the session',
        response: { 204: Type.Null(), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      await logOut(db, principalOf(request), request.id);
      reply.header('set-cookie', sessionCookie('', 0));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/session/password',
    {
      preHandler: requireRole('user', { ...sessionOnly, allowPasswordChange: true }),
      schema: {
        tags,
        summary: 'Change your password (required after a temporary one); other sessions end',
        body: Type.Object({ password: Password, newPassword: Password }, { additionalProperties: false }),
        response: { 204: Type.Null(), 422: ProfileProblemSchema, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await changePassword(db, settings, principalOf(request), request.body, request.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/session/tokens',
    {
      preHandler: requireRole('user', sessionOnly),
      schema: {
        tags,
        summary: 'Create a bearer API token (returned once) for an integration',
        description:
          'A route called with the token answers 403 INSUFFICIENT_SCOPE (with `requiredScope`) unless the token has the scope the route names.',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 128 }),
            scopes: Type.Array(Type.Union(API_SCOPE_NAMES.map((scope) => Type.Literal(scope))), {
              minItems: 1,
              maxItems: 32,
              description: `What the token may do: ${describeScopes()}`,
            }),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 90 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            token: Type.String({ description: 'Shown once: send it as `Authorization: Bearer <token>`' }),
            name: Type.String(),
            scopes: Type.Array(Type.String()),
            createdAt: Type.String({ format: 'date-time' }),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const { name, scopes, expiresInDays } = request.body;
      const token = await createApiToken(
        db,
        principalOf(request),
        { name, scopes, expiresInDays: expiresInDays ?? 90 },
        request.id,
      );
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(token);
    },
  );

  app.delete(
    '/session/tokens/:id',
    {
      preHandler: requireRole('user', sessionOnly),
      schema: {
        tags,
        summary: 'Revoke one of your API tokens',
        params: IdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await revokeApiToken(db, principalOf(request), request.params.id, request.id);
      return reply.code(204).send(null);
    },
  );
};
