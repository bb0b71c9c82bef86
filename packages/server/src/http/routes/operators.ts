import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/db.js';
import { requireRole } from '../auth-plugin.js';
import {
  disableAccount,
  enableAccount,
  listOperators,
  lockAccount,
  registerOperator,
  renameStaffAccount,
  unlockAccount,
} from '../../people/accounts.js';
import { changeContext } from './users.js';
import {
  AccountSchema,
  IdParams,
  LoginSchema,
  ProfileProblemSchema,
  ReasonBody,
  bodyMayBeOmitted,
  problems,
} from './users-schemas.js';

export interface OperatorRoutesOptions {
  db: Db;
}

const staff = ['operator', 'admin'] as const;

/**
 * The administrator's registry of operators and administrators; their
 * client certificates come from the CA. A locked or disabled account's
 * certificate is refused at its next request (each request is checked).
 */
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

  app.patch(
    '/operators/:id',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: "Rename an operator or administrator (null or '' removes the name)",
        params: IdParams,
        body: Type.Object(
          {
            displayName: Type.Union([Type.String({ maxLength: 128 }), Type.Null()]),
            expectedDisplayName: Type.Optional(
              Type.Union([Type.String({ maxLength: 128 }), Type.Null()], {
                description:
                  'The name the editor read (null: none); if another administrator renamed the account since → 409 CONCURRENT_EDIT',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccountSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      renameStaffAccount(
        db,
        request.params.id,
        request.body.displayName,
        changeContext(request),
        request.body.expectedDisplayName,
      ),
  );

  app.post(
    '/operators/:id/lock',
    {
      preHandler: admin,
      preValidation: bodyMayBeOmitted,
      schema: {
        tags,
        summary: 'Lock an operator or administrator: the client certificate is refused until unlocked',
        params: IdParams,
        body: ReasonBody,
        response: { 200: AccountSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => lockAccount(db, request.params.id, staff, changeContext(request), request.body.reason),
  );

  app.post(
    '/operators/:id/unlock',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Unlock an operator or administrator (a disabled account stays disabled)',
        params: IdParams,
        response: { 200: AccountSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => unlockAccount(db, request.params.id, staff, changeContext(request)),
  );

  app.post(
    '/operators/:id/disable',
    {
      preHandler: admin,
      preValidation: bodyMayBeOmitted,
      schema: {
        tags,
        summary: 'Disable an operator or administrator (one who left): refused until enabled again',
        params: IdParams,
        body: ReasonBody,
        response: { 200: AccountSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      disableAccount(db, request.params.id, staff, changeContext(request), request.body.reason),
  );

  app.post(
    '/operators/:id/enable',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Enable a disabled operator or administrator again',
        params: IdParams,
        response: { 200: AccountSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => enableAccount(db, request.params.id, staff, changeContext(request)),
  );
};
