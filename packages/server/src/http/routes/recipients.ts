import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth-plugin.js';
import { scopeNote } from '../../auth/scopes.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import {
  MAX_RECIPIENT_RESULTS,
  MIN_RECIPIENT_SEARCH,
  findEncryptionRecipients,
} from '../../ca/recipients.js';
import { KeyAlgorithmSchema } from './profiles.js';
import { problems } from './users-schemas.js';

export interface RecipientRoutesOptions {
  ca: AuthorityContext;
}

const RecipientsQuery = Type.Object(
  {
    search: Type.String({
      minLength: MIN_RECIPIENT_SEARCH,
      maxLength: 200,
      description:
        "A part of the holder's name or organisation as the certificate states it, or a serial (hex)",
    }),
    // Query strings are text (the API does not coerce types): the number is checked by pattern.
    limit: Type.Optional(
      Type.String({
        pattern: '^([1-9]|1\\d|20)$',
        description: `1..${MAX_RECIPIENT_RESULTS}, default 10`,
      }),
    ),
  },
  { additionalProperties: false },
);

const RecipientSchema = Type.Object(
  {
    serial: Type.String({ description: 'What POST /encryptions takes as a recipient `serial`' }),
    name: Type.String({ description: "The holder's name (the certificate's commonName)" }),
    organization: Type.Union([Type.String(), Type.Null()]),
    subject: Type.String(),
    algorithm: Type.Union([KeyAlgorithmSchema, Type.Null()]),
    notBefore: Type.String({ format: 'date-time' }),
    notAfter: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

/** Finding a colleague's certificate to encrypt to (the cabinet's recipient picker). */
export const recipientRoutes: FastifyPluginAsyncTypebox<RecipientRoutesOptions> = async (app, { ca }) => {
  app.get(
    '/recipients',
    {
      preHandler: requireRole('user', { scope: 'encryption' }),
      schema: {
        tags: ['encryption'],
        summary: `Users' certificates to encrypt to, by a part of the holder's name or organisation, or a serial: valid now, not revoked or suspended, fit for encryption (keyEncipherment or keyAgreement). At least ${MIN_RECIPIENT_SEARCH} characters; at most ${MAX_RECIPIENT_RESULTS} answers, ordered by subject`,
        description: scopeNote('encryption'),
        querystring: RecipientsQuery,
        response: { 200: Type.Array(RecipientSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const found = await findEncryptionRecipients(
        ca.db,
        { search: request.query.search, limit: Number(request.query.limit ?? 10) },
        ca.now(),
      );
      return found.map((recipient) => ({
        ...recipient,
        notBefore: recipient.notBefore.toISOString(),
        notAfter: recipient.notAfter.toISOString(),
      }));
    },
  );
};
