import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth-plugin.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import { startCertificateCampaign } from '../../campaigns/campaign.js';
import { DomainError } from '../../core/domain-error.js';
import { MAX_SELECTED_USERS } from '../../people/users.js';
import {
  CertificateProfileIdSchema,
  KeySpecSchema,
  PinSchema,
  ValidityDaysSchema,
} from './certificates-schemas.js';
import { JobSchema, jobView } from './hr.js';
import { changeContext } from './users.js';
import { problems } from './users-schemas.js';

export interface CampaignRoutesOptions {
  ca: AuthorityContext;
  /** Told when a campaign is queued, so this node's runner starts it without waiting for its next poll. */
  onJobQueued?: () => void;
}

const AccountStatusSchema = Type.Union([
  Type.Literal('active'),
  Type.Literal('locked'),
  Type.Literal('disabled'),
]);

/**
 * Certificate campaigns (issue #16): one key and certificate for each of
 * many users, as a bulk job; its progress, pause/resume/cancel and report
 * are the bulk-job endpoints'.
 */
export const campaignRoutes: FastifyPluginAsyncTypebox<CampaignRoutesOptions> = async (
  app,
  { ca, onJobQueued },
) => {
  app.post(
    '/certificate-campaigns',
    {
      preHandler: requireRole('operator'),
      schema: {
        tags: ['certificates'],
        summary:
          'Start a certificate campaign: a key and a certificate for each selected user, as a bulk job (follow it at GET /api/v1/bulk-jobs/{id}; the report at /api/v1/bulk-jobs/{id}/report.csv)',
        body: Type.Object(
          {
            accountIds: Type.Optional(
              Type.Array(Type.String({ format: 'uuid' }), {
                minItems: 1,
                maxItems: MAX_SELECTED_USERS,
                description: "The users, by id (the users list's selection)",
              }),
            ),
            filter: Type.Optional(
              Type.Object(
                {
                  search: Type.Optional(Type.String({ maxLength: 128 })),
                  status: Type.Optional(AccountStatusSchema),
                },
                {
                  additionalProperties: false,
                  description:
                    'Instead of accountIds: every user the users list shows for this search, resolved now',
                },
              ),
            ),
            certificateProfile: CertificateProfileIdSchema,
            keySpec: Type.Optional(KeySpecSchema),
            keyStore: Type.Optional(
              Type.String({ maxLength: 32, description: "'software' (default) or 'pkcs11'" }),
            ),
            confirmation: Type.Optional(
              Type.Union([Type.Literal('pin'), Type.Literal('device'), Type.Literal('none')], {
                description:
                  "pin (default): every key gets the campaign's temporary PIN (typed twice), which each holder changes; device: no PIN, every use approved on the holder's device; none: a legal entity's key for automatic signing (any other holder fails with KEY_CONFIRMATION_NOT_ALLOWED)",
              }),
            ),
            pin: Type.Optional(PinSchema),
            pinConfirmation: Type.Optional(PinSchema),
            validityDays: Type.Optional(ValidityDaysSchema),
            skipExisting: Type.Optional(
              Type.Boolean({
                description: 'Users who already hold a valid certificate of the profile are skipped',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 202: JobSchema, ...problems(400, 404, 422) },
      },
    },
    async (request, reply) => {
      const { accountIds, filter, ...terms } = request.body;
      // Never "everybody" by omission: a search for all users is asked for as `filter: {}`.
      const selection =
        accountIds !== undefined ? { accountIds } : filter !== undefined ? { filter } : undefined;
      if (selection === undefined) {
        throw new DomainError('CAMPAIGN_SELECTION_INVALID', 'name the users: accountIds or filter');
      }
      const job = await startCertificateCampaign(ca, { ...terms, selection }, changeContext(request));
      onJobQueued?.();
      return reply.code(202).send(jobView(job));
    },
  );
};
