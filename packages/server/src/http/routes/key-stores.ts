import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth-plugin.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import { DEFAULT_KEY_STORE, userKeySpecsOf } from '../../ca/certificate-lifecycle.js';
import { KeySpecSchema } from './certificates-schemas.js';
import { problems } from './users-schemas.js';

export interface KeyStoreRoutesOptions {
  ca: AuthorityContext;
}

const KeyStoreSchema = Type.Object({
  id: Type.Union([Type.Literal('software'), Type.Literal('pkcs11')], {
    description: 'What to send as `keyStore` when creating a certificate request',
  }),
  label: Type.String({ description: "For people: 'server (software)' or the PKCS#11 token's label" }),
  default: Type.Boolean({ description: 'Where keys go when the request names no store' }),
  keySpecs: Type.Array(KeySpecSchema, {
    description: 'The `keySpec` values this store can generate',
  }),
});

/** The key stores this server offers for users' keys, so the operator's form can offer the choice. */
export const keyStoreRoutes: FastifyPluginAsyncTypebox<KeyStoreRoutesOptions> = async (app, { ca }) => {
  app.get(
    '/key-stores',
    {
      preHandler: requireRole(['operator', 'admin']),
      schema: {
        tags: ['certificates'],
        summary: "The key stores users' keys can be generated in, with the algorithms each makes",
        response: { 200: Type.Array(KeyStoreSchema), ...problems(401, 403) },
      },
    },
    async () =>
      ca.keyStore.stores().map((store) => ({
        id: store.backend,
        label: store.label,
        default: store.backend === DEFAULT_KEY_STORE,
        keySpecs: userKeySpecsOf(store),
      })),
  );
};
