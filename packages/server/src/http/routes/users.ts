import type { DirectoryContext } from '../../directory/context.js';
import { registrationIdentity } from '../../directory/lookup.js';
import { DomainError } from '../../core/domain-error.js';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AuthConfig } from '../../config/config.js';
import type { Db } from '../../db/db.js';
import { principalOf, requireRole } from '../auth-plugin.js';
import { actorOf } from '../../auth/principal.js';
import {
  disableAccount,
  enableAccount,
  lockAccount,
  resetPassword,
  unlockAccount,
  type ChangeContext,
} from '../../people/accounts.js';
import { getUser, listUsers, profileHistory, registerUser, updateUserProfile } from '../../people/users.js';
import {
  AccountSchema,
  ActorNameSchema,
  IdParams,
  LoginSchema,
  ProfilePatchSchema,
  ProfileProblemSchema,
  ProfileSchema,
  problems,
  ReasonBody,
  bodyMayBeOmitted,
  StatusSchema,
  UserSchema,
} from './users-schemas.js';

export interface UserRoutesOptions {
  db: Db;
  settings: AuthConfig;
  /** The company directories a registration may link the new user to; absent before the key store exists. */
  directory?: DirectoryContext;
}

export function changeContext(request: FastifyRequest): ChangeContext {
  return { actor: actorOf(principalOf(request)), requestId: request.id };
}

const TemporaryPassword = Type.String({
  description: 'Shown once: hand it to the user, who must change it at first login',
});

/** The operator's user management (M2.2–M2.4): registration form, search, edit, password reset, lock. */
export const userRoutes: FastifyPluginAsyncTypebox<UserRoutesOptions> = async (
  app,
  { db, settings, directory },
) => {
  const operator = requireRole('operator');
  const tags = ['users'];

  app.post(
    '/users',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Register a user from the registration form; returns the temporary password once',
        body: Type.Object(
          {
            login: LoginSchema,
            profile: ProfileSchema,
            directoryLink: Type.Optional(
              Type.Object(
                {
                  directoryId: Type.String({ maxLength: 100 }),
                  externalId: Type.String({ minLength: 1, maxLength: 1000 }),
                },
                {
                  additionalProperties: false,
                  description:
                    'The directory entry the form was filled from (GET /api/v1/directory/search): the user keeps the link',
                },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ user: UserSchema, temporaryPassword: TemporaryPassword }),
          422: ProfileProblemSchema,
          ...problems(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const { directoryLink, ...form } = request.body;
      if (directoryLink && !directory) {
        throw new DomainError('DIRECTORY_NOT_FOUND', `no such directory: ${directoryLink.directoryId}`);
      }
      const identity =
        directoryLink && directory ? await registrationIdentity(directory, directoryLink) : undefined;
      const created = await registerUser(
        db,
        settings,
        { ...form, ...(identity ? { identity } : {}) },
        changeContext(request),
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/users',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Search users: by login, name, SNILS or INN; filter by status; sort and page',
        querystring: Type.Object(
          {
            search: Type.Optional(Type.String({ maxLength: 128 })),
            status: Type.Optional(StatusSchema),
            sort: Type.Optional(
              Type.Union([Type.Literal('login'), Type.Literal('surname'), Type.Literal('createdAt')]),
            ),
            order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
            limit: Type.Optional(
              Type.String({ pattern: '^([1-9]|[1-9][0-9]|100)$', description: '1..100, default 20' }),
            ),
            offset: Type.Optional(Type.String({ pattern: '^\\d{1,9}$', description: 'default 0' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(UserSchema),
            total: Type.Integer(),
            limit: Type.Integer(),
            offset: Type.Integer(),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { search, status, sort, order } = request.query;
      const limit = Number(request.query.limit ?? 20);
      const offset = Number(request.query.offset ?? 0);
      const page = await listUsers(db, {
        limit,
        offset,
        ...(search !== undefined ? { search } : {}),
        ...(status !== undefined ? { status } : {}),
        ...(sort !== undefined ? { sort } : {}),
        ...(order !== undefined ? { order } : {}),
      });
      return { ...page, limit, offset };
    },
  );

  app.get(
    '/users/:id',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'A user with the registration data',
        params: IdParams,
        response: { 200: UserSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getUser(db, request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Edit the registration data; quote the version you read',
        params: IdParams,
        body: Type.Object(
          { version: Type.Integer({ minimum: 1 }), profile: ProfilePatchSchema },
          { additionalProperties: false },
        ),
        response: { 200: UserSchema, 422: ProfileProblemSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updateUserProfile(db, request.params.id, request.body, changeContext(request)),
  );

  app.get(
    '/users/:id/history',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Who changed which registration field, newest first',
        params: IdParams,
        response: {
          200: Type.Array(
            Type.Object({
              version: Type.Integer(),
              changedBy: Type.String(),
              changedByName: ActorNameSchema,
              changedAt: Type.String({ format: 'date-time' }),
              changes: Type.Record(
                Type.String(),
                Type.Object({
                  from: Type.Union([Type.String(), Type.Null()]),
                  to: Type.Union([Type.String(), Type.Null()]),
                }),
              ),
            }),
          ),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => profileHistory(db, request.params.id),
  );

  app.post(
    '/users/:id/reset-password',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Issue a new temporary password (returned once); the user must change it at the next login',
        params: IdParams,
        response: {
          200: Type.Object({ user: AccountSchema, temporaryPassword: TemporaryPassword }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { account, temporaryPassword } = await resetPassword(
        db,
        settings,
        request.params.id,
        changeContext(request),
      );
      return { user: account, temporaryPassword };
    },
  );

  app.post(
    '/users/:id/lock',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Lock the account: no logins, open sessions end',
        params: IdParams,
        response: { 200: AccountSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => lockAccount(db, request.params.id, ['user'], changeContext(request)),
  );

  app.post(
    '/users/:id/unlock',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: "Unlock the account (an operator's lock or the lock after wrong passwords)",
        params: IdParams,
        response: { 200: AccountSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => unlockAccount(db, request.params.id, ['user'], changeContext(request)),
  );

  app.post(
    '/users/:id/disable',
    {
      preHandler: operator,
      preValidation: bodyMayBeOmitted,
      schema: {
        tags,
        summary:
          'Disable the account (status «Отключён»): no logins, open sessions end, unlock does not undo it',
        params: IdParams,
        body: ReasonBody,
        response: { 200: AccountSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      disableAccount(db, request.params.id, ['user'], changeContext(request), request.body.reason),
  );

  app.post(
    '/users/:id/enable',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Enable a disabled account again',
        params: IdParams,
        response: { 200: AccountSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => enableAccount(db, request.params.id, ['user'], changeContext(request)),
  );
};
