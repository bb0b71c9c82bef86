import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/db.js';
import { listAllowedApplications, revokeAllowedApplication } from '../../oauth/grants.js';
import { principalOf, requireRole } from '../auth-plugin.js';
import { problems } from './users-schemas.js';
import { changeContext } from './users.js';

export interface OAuthGrantRoutesOptions {
  db: Db;
}

const tags = ['me'];
const Timestamp = Type.String({ format: 'date-time' });

const AllowedApplicationSchema = Type.Object(
  {
    id: Type.String({ description: 'The grant’s id' }),
    clientId: Type.String(),
    clientName: Type.String(),
    scopes: Type.Array(Type.String()),
    authorizationDetails: Type.Integer({
      description: 'How many CSC credential authorisations (hashes to sign) the grant carries',
    }),
    grantedAt: Timestamp,
    expiresAt: Type.Union([Timestamp, Type.Null()]),
    lastUsedAt: Type.Union([Timestamp, Type.Null()], {
      description: 'When a token of the grant was last issued; null when none is left',
    }),
  },
  { additionalProperties: false },
);

/**
 * The applications a user allowed on the consent page (OAuth grants), and
 * taking that back. Only with the office session: a token of an
 * application does not manage what applications may do.
 */
export const oauthGrantRoutes: FastifyPluginAsyncTypebox<OAuthGrantRoutesOptions> = async (app, { db }) => {
  const user = requireRole('user', { methods: ['session'] });

  app.get(
    '/me/oauth-grants',
    {
      preHandler: user,
      schema: {
        tags,
        summary: 'The applications I allowed (OAuth grants), newest first',
        response: { 200: Type.Array(AllowedApplicationSchema), ...problems(401, 403) },
      },
    },
    async (request) =>
      (await listAllowedApplications(db, principalOf(request).accountId)).map((application) => ({
        ...application,
        grantedAt: application.grantedAt.toISOString(),
        expiresAt: application.expiresAt?.toISOString() ?? null,
        lastUsedAt: application.lastUsedAt?.toISOString() ?? null,
      })),
  );

  app.delete(
    '/me/oauth-grants/:id',
    {
      preHandler: user,
      schema: {
        tags,
        summary:
          'Revoke an application’s access: the grant and all its tokens end at once (its access tokens are refused on the next request)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await revokeAllowedApplication(
        db,
        principalOf(request).accountId,
        request.params.id,
        changeContext(request),
      );
      return reply.code(204).send(null);
    },
  );
};
