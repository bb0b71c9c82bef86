import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import {
  bulkJobItems,
  bulkJobSecret,
  createBulkJob,
  getBulkJob,
  recordItemOutcome,
  type BulkItemHandler,
  type BulkJob,
  type ItemResult,
} from '../bulk/jobs.js';
import type { AuthorityContext } from '../ca/authorities.js';
import { issueUserCertificate, listCertificates } from '../ca/certificates.js';
import {
  chooseKeyStore,
  DEFAULT_KEY_STORE,
  defaultUserKeySpec,
  newKeyPin,
  profileSubject,
  USER_KEY_SPECS,
  type KeyConfirmationPolicy,
  type UserKeySpecName,
} from '../ca/certificate-lifecycle.js';
import { checkKeyAlgorithm, isUserProfile, profilesOf, validityDaysOf } from '../ca/profiles.js';
import { spreadsheetCsv } from '../core/csv.js';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';
import { KeyStores } from '../keystore/key-stores.js';
import type { AccountStatus, ChangeContext } from '../people/accounts.js';
import { getUser, MAX_SELECTED_USERS, selectUsers } from '../people/users.js';

/** Which users a campaign is for: named ones, or all the users list shows for a search (resolved when it starts). */
export type CampaignSelection =
  { accountIds: readonly string[] } | { filter: { search?: string; status?: AccountStatus } };

/** What the operator asks of a campaign: the terms of the operator's own certificate request, for many users. */
export interface CampaignOrder {
  selection: CampaignSelection;
  /** The certificate profile every certificate is issued under. */
  certificateProfile: string;
  /** The profile's first algorithm an operator can choose when absent. */
  keySpec?: UserKeySpecName;
  /** 'software' (default) or 'pkcs11'. */
  keyStore?: string;
  /** `pin` (default): one temporary PIN for the campaign's keys, each holder changes theirs; `device`: no PIN. */
  confirmation?: KeyConfirmationPolicy;
  pin?: string;
  pinConfirmation?: string;
  validityDays?: number;
  /** Users who already hold a valid certificate of the profile get none (`skipped`). */
  skipExisting?: boolean;
}

/** A campaign's parameters as its job keeps them: never the PIN. */
export interface CampaignParams extends Record<string, unknown> {
  certificateProfile: string;
  keySpec: UserKeySpecName;
  keyStore: string;
  confirmation: KeyConfirmationPolicy;
  validityDays: number;
  skipExisting: boolean;
  /** How the users were chosen: by the operator one by one, or by a search at the start. */
  selection: 'accounts' | { search?: string; status?: AccountStatus };
}

/** An item: the user, and their login as it was at the start (for the report). */
type CampaignItem = { accountId: string; login: string };

/** The key store's sealing purpose of a campaign's temporary PIN. */
const PIN_PURPOSE = 'certificate-campaign-pin';

function auditContext(context: ChangeContext): Pick<ChangeContext, 'requestId'> {
  return context.requestId ? { requestId: context.requestId } : {};
}

/**
 * Starts a certificate campaign: checks its terms as the operator's own
 * request would be checked (profile for users, key algorithm, key store,
 * validity, the PIN typed twice) before any key exists, resolves the
 * selection to users, and queues the bulk job (`bulk_job.create` and
 * `certificate_campaign.start` with it). The temporary PIN is sealed under
 * the master key, bound to the job, kept apart from its parameters and
 * erased when the job completes or is cancelled.
 */
export async function startCertificateCampaign(
  ctx: AuthorityContext,
  order: CampaignOrder,
  context: ChangeContext,
): Promise<BulkJob> {
  const profile = profilesOf(ctx).get(order.certificateProfile);
  if (!isUserProfile(profile)) {
    throw new DomainError('PROFILE_NOT_APPLICABLE', `profile ${profile.id} is not for users' certificates`, {
      profile: profile.id,
    });
  }
  const keySpec = order.keySpec ?? defaultUserKeySpec(profile);
  checkKeyAlgorithm(profile, keySpec);
  const keyStore = chooseKeyStore(ctx, order.keyStore ?? DEFAULT_KEY_STORE, keySpec).backend;
  const validityDays = validityDaysOf(profile, order.validityDays);
  const confirmation = order.confirmation ?? 'pin';
  const pin = newKeyPin(order, confirmation !== 'pin');
  const users = await selectUsers(
    ctx.db,
    'accountIds' in order.selection ? { ids: order.selection.accountIds } : order.selection.filter,
  );
  if (users.length === 0 || users.length > MAX_SELECTED_USERS) {
    throw new DomainError(
      'CAMPAIGN_SELECTION_INVALID',
      `a campaign is for 1 to ${MAX_SELECTED_USERS} users; the selection has ${users.length > MAX_SELECTED_USERS ? 'more' : 'none'}`,
      { maxUsers: MAX_SELECTED_USERS },
    );
  }
  const params: CampaignParams = {
    certificateProfile: profile.id,
    keySpec,
    keyStore,
    confirmation,
    validityDays,
    skipExisting: order.skipExisting ?? false,
    selection: 'accountIds' in order.selection ? 'accounts' : order.selection.filter,
  };
  const items: CampaignItem[] = users.map((u) => ({ accountId: u.id, login: u.login }));
  const id = randomUUID();
  const sealedSecret =
    pin !== undefined ? ctx.keyStore.sealSecret(PIN_PURPOSE, id, Buffer.from(pin, 'utf8')) : undefined;
  await ctx.db.transaction(async (tx) => {
    await createBulkJob(
      tx,
      { id, kind: 'certificate.campaign', params, items, ...(sealedSecret ? { sealedSecret } : {}) },
      context,
    );
    await appendAudit(tx, {
      actor: context.actor,
      ...auditContext(context),
      action: 'certificate_campaign.start',
      target: `bulk_job:${id}`,
      details: { ...params, users: items.length },
    });
  });
  return getBulkJob(ctx.db, id);
}

/** The campaign's temporary PIN, opened from its sealed copy; absent for keys without a PIN. */
async function campaignPin(ctx: AuthorityContext, job: BulkJob): Promise<string | undefined> {
  if ((job.params as CampaignParams).confirmation !== 'pin') return undefined;
  const sealed = await bulkJobSecret(ctx.db, job.id);
  // Not an item's failure: without its PIN no item of the campaign can be done, so the job stops as failed.
  if (!sealed) throw new Error(`campaign ${job.id} has lost its sealed PIN`);
  return Buffer.from(ctx.keyStore.openSecret(PIN_PURPOSE, job.id, sealed)).toString('utf8');
}

/** Whether the user holds a valid certificate of the profile already. */
async function validCertificateOf(
  ctx: AuthorityContext,
  accountId: string,
  profile: string,
): Promise<string | undefined> {
  const certificates = await listCertificates(ctx.db, { accountId }, ctx.now());
  return certificates.find((c) => c.profile === profile && c.status === 'valid')?.serial;
}

/**
 * The `certificate.campaign` job: each item issues one user's key and
 * certificate, as the operator's own request does (`certificate.issue`
 * audited, with the campaign's id). The item's outcome is written in the
 * issuing transaction, refusing the certificate if the item is already done
 * — so a restart, or two nodes after a lost lease, never issue twice. A
 * user who cannot get one (locked or disabled, registration data the
 * profile refuses, …) is `failed` with the reason; the campaign goes on.
 */
export function certificateCampaignHandler(ctx: AuthorityContext): BulkItemHandler {
  return {
    kind: 'certificate.campaign',
    // About a second of work between cursor moves (a PIN key costs ~0.1 s of scrypt): pause answers quickly.
    batchSize: 10,

    async processItem(job, item): Promise<ItemResult> {
      const params = job.params as CampaignParams;
      const { accountId } = item.input as CampaignItem;
      const pin = await campaignPin(ctx, job);
      try {
        const user = await getUser(ctx.db, accountId);
        if (user.status !== 'active') {
          throw new DomainError(
            user.status === 'locked' ? 'ACCOUNT_LOCKED' : 'ACCOUNT_DISABLED',
            `the account ${user.login} is ${user.status}`,
          );
        }
        if (params.skipExisting) {
          const existing = await validCertificateOf(ctx, accountId, params.certificateProfile);
          if (existing !== undefined) {
            return {
              outcome: 'skipped',
              accountId,
              reason: `HAS_VALID_CERTIFICATE: certificate ${existing} of ${params.certificateProfile} is valid`,
            };
          }
        }
        const store = chooseKeyStore(ctx, params.keyStore, params.keySpec);
        const issued = await issueUserCertificate(
          { ...ctx, keyStore: KeyStores.generatingIn(ctx.db, ctx.keyStore, store) },
          {
            profile: params.certificateProfile,
            accountId,
            subject: profileSubject(user.profile),
            keySpec: USER_KEY_SPECS[params.keySpec],
            ...(pin !== undefined ? { pin } : {}),
            ...(params.confirmation === 'device' ? { protection: 'device' as const } : {}),
            validityDays: params.validityDays,
            actor: job.createdBy,
            auditDetails: { campaign: job.id },
            alsoInTransaction: async (tx: Queryable, certificate) => {
              const recorded = await recordItemOutcome(tx, job.id, item.position, {
                outcome: 'issued',
                accountId,
                certificateSerial: certificate.serial,
              });
              if (!recorded) {
                throw new DomainError('BULK_JOB_STATE', `item ${item.position} of ${job.id} is already done`);
              }
            },
          },
        );
        return { outcome: 'issued', accountId, certificateSerial: issued.serial };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return { outcome: 'failed', accountId, reason: `${error.code}: ${error.message}` };
      }
    },

    async finish(tx, job) {
      await appendAudit(tx, {
        actor: job.createdBy,
        action: 'certificate_campaign.finish',
        target: `bulk_job:${job.id}`,
        details: {
          total: job.total,
          issued: job.counts.issued,
          skipped: job.counts.skipped,
          failed: job.counts.failed,
        },
      });
    },
  };
}

/**
 * The per-user report of a campaign as CSV (UTF-8 with a BOM,
 * `;`-separated): row, login, account, outcome, certificate serial, reason.
 */
export async function campaignReportCsv(db: Queryable, jobId: string): Promise<string> {
  const items = await bulkJobItems(db, jobId);
  return spreadsheetCsv([
    ['row', 'login', 'accountId', 'outcome', 'certificateSerial', 'reason'],
    ...items.map((item) => {
      const input = item.input as Partial<CampaignItem>;
      return [
        String(item.position),
        input.login ?? '',
        input.accountId ?? '',
        item.outcome ?? 'pending',
        item.certificateSerial ?? '',
        item.reason ?? '',
      ];
    }),
  ]);
}
