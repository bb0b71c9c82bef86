import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../auth/principal.js';
import type { Db } from '../../db/db.js';
import {
  createOAuthClient,
  deleteOAuthClient,
  getOAuthClient,
  listOAuthClients,
  rotateOAuthClientSecret,
  updateOAuthClient,
  type ClientActor,
  type ClientDependents,
} from '../../oauth/clients.js';
import { OAUTH_SCOPES } from '../../oauth/scopes.js';
import { stopClientSubscriptions } from '../../webhooks/subscriptions.js';
import { principalOf, requireRole } from '../auth-plugin.js';
import { problems } from './users-schemas.js';

export interface OAuthClientRoutesOptions {
  db: Db;
}

const tags = ['oauth-clients'];
const GrantType = Type.Union([
  Type.Literal('authorization_code'),
  Type.Literal('refresh_token'),
  Type.Literal('client_credentials'),
]);
const Scope = Type.Union(OAUTH_SCOPES.map((scope) => Type.Literal(scope)));
const RedirectUris = Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 20 });
const Jwks = Type.Object(
  { keys: Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1, maxItems: 10 }) },
  { description: 'Public keys of a private_key_jwt client (ES256, PS256, RS256 or EdDSA)' },
);

const OAuthClientSchema = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  authMethod: Type.Union([
    Type.Literal('client_secret_basic'),
    Type.Literal('client_secret_post'),
    Type.Literal('private_key_jwt'),
  ]),
  redirectUris: Type.Array(Type.String()),
  grantTypes: Type.Array(GrantType),
  scopes: Type.Array(Type.String()),
  jwks: Type.Optional(Jwks),
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const ClientIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

function by(request: FastifyRequest): ClientActor {
  return { actor: actorOf(principalOf(request)), requestId: request.id };
}

/** A client's webhook subscriptions stop with it: disabled with it, deleted with it, audited as the administrator's. */
function webhooksOf(request: FastifyRequest & { params: { id: string } }): ClientDependents {
  return (tx, how) => stopClientSubscriptions(tx, request.params.id, how, by(request));
}

/**
 * OAuth 2.0 clients, registered by administrators (client certificate):
 * a secret is shown once, at creation or rotation; only its hash is kept.
 */
export const oauthClientRoutes: FastifyPluginAsyncTypebox<OAuthClientRoutesOptions> = async (app, { db }) => {
  app.get(
    '/oauth-clients',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'The registered OAuth clients',
        response: { 200: Type.Array(OAuthClientSchema), ...problems(401, 403) },
      },
    },
    async () => listOAuthClients(db),
  );

  app.post(
    '/oauth-clients',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Register an OAuth client; its secret is in this answer only',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            authMethod: Type.Optional(OAuthClientSchema.properties.authMethod),
            jwks: Type.Optional(Jwks),
            redirectUris: Type.Optional(RedirectUris),
            grantTypes: Type.Array(GrantType, { minItems: 1, maxItems: 3 }),
            scopes: Type.Array(Scope, { maxItems: 20 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            client: OAuthClientSchema,
            clientSecret: Type.Optional(
              Type.String({ description: 'Shown only now; store it in the client' }),
            ),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const created = await createOAuthClient(db, request.body, by(request));
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/oauth-clients/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'One OAuth client',
        params: ClientIdParams,
        response: { 200: OAuthClientSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => getOAuthClient(db, request.params.id),
  );

  app.patch(
    '/oauth-clients/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Change an OAuth client; disabling it or narrowing its grants or scopes revokes its tokens',
        params: ClientIdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            redirectUris: Type.Optional(RedirectUris),
            grantTypes: Type.Optional(Type.Array(GrantType, { minItems: 1, maxItems: 3 })),
            scopes: Type.Optional(Type.Array(Scope, { maxItems: 20 })),
            jwks: Type.Optional(Jwks),
            disabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: OAuthClientSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      updateOAuthClient(db, request.params.id, request.body, by(request), webhooksOf(request)),
  );

  app.delete(
    '/oauth-clients/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Delete an OAuth client and its grants, tokens and webhook subscriptions',
        params: ClientIdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteOAuthClient(db, request.params.id, by(request), webhooksOf(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/oauth-clients/:id/secret',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'A new client secret (the old one stops working now); shown in this answer only',
        params: ClientIdParams,
        response: { 200: Type.Object({ clientSecret: Type.String() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const clientSecret = await rotateOAuthClientSecret(db, request.params.id, by(request));
      reply.header('cache-control', 'no-store');
      return { clientSecret };
    },
  );
};
