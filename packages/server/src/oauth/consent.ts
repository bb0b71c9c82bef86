import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Db } from '../db/db.js';
import { API_SCOPES } from '../auth/scopes.js';
import {
  credentialDetailsOf,
  credentialScopeDetail,
  type CredentialAuthorizationDetail,
} from './authorization-details.js';
import { apiResourceOf } from './provider.js';
import { RESOURCE_SCOPES } from './scopes.js';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** What the consent page shows: who asks, for what, and (CSC) which documents' hashes it would sign. */
export interface ConsentRequest {
  uid: string;
  client: { id: string; name: string };
  scopes: { scope: string; description: string }[];
  authorizationDetails: CredentialAuthorizationDetail[];
  /**
   * The user's credentials the details name (their certificates), with the
   * confirmation approving needs: the key PIN, a device approval (or its
   * offline code), or both. A credential that is not the user's is absent.
   */
  credentials: ConsentCredential[];
}

export interface ConsentCredential {
  credentialID: string;
  subject: string;
  issuer: string;
  validTo: string;
  confirmation: 'none' | 'pin' | 'device' | 'device+pin';
}

/**
 * What consent to a CSC `credential` request needs of the signing service
 * (given by the composition root, so this service does not reach into
 * signing/): the user's credential to show, the authorisation of exactly
 * the detail's digests with the confirmation the page collected (its
 * refusals are the signing service's: KEY_PIN_WRONG, DEVICE_APPROVAL_REQUIRED,
 * CERT_NOT_FOUND…), and the link of that authorisation to the saved grant.
 */
export interface ConsentSigning {
  credential(accountId: string, credentialID: string): Promise<ConsentCredential | undefined>;
  authorize(
    accountId: string,
    request: {
      clientName: string;
      detail: CredentialAuthorizationDetail;
      pin?: string;
      otp?: string;
      context: { actor: string; requestId?: string };
    },
  ): Promise<string>;
  bind(
    accountId: string,
    authorization: string,
    grant: { grantId: string; clientId: string },
    context: { actor: string; requestId?: string },
  ): Promise<void>;
}

const SCOPE_DESCRIPTIONS: Record<string, string> = {
  openid: 'know who you are (your account id)',
  profile: 'see your login name',
  offline_access: 'keep this access after you leave (refresh tokens)',
  service: 'list your signing credentials (CSC API)',
  credential: 'sign with one of your credentials (CSC API), each signature confirmed by you',
  ...API_SCOPES,
};

function requestedScopes(interaction: Interaction): string[] {
  const scope = interaction.params.scope;
  return typeof scope === 'string' ? [...new Set(scope.split(' ').filter((s) => s !== ''))] : [];
}

/** The request's authorisation details: given as such, or CSC's scope form of one credential detail. */
function requestedDetails(interaction: Interaction): unknown[] | undefined {
  const raw = interaction.params.authorization_details;
  if (typeof raw !== 'string') {
    const scopeForm = credentialScopeDetail(interaction.params);
    return scopeForm ? [scopeForm] : undefined;
  }
  const parsed: unknown = JSON.parse(raw);
  return Array.isArray(parsed) ? parsed : undefined;
}

/** The interaction the browser's cookie names, if it is the one on the page → what to show. */
export async function describeInteraction(
  provider: Provider,
  interaction: Interaction,
  uid: string,
  holder?: { signing: ConsentSigning; accountId: string },
): Promise<ConsentRequest> {
  if (interaction.uid !== uid)
    throw new DomainError(
      'OAUTH_INTERACTION_NOT_FOUND',
      'this authorisation request is not open in this browser',
    );
  const clientId = String(interaction.params.client_id);
  const client = await provider.Client.find(clientId);
  const details = credentialDetailsOf(requestedDetails(interaction));
  if (!client)
    throw new DomainError('OAUTH_CLIENT_NOT_FOUND', 'the client of this request is no longer registered');
  return {
    uid,
    client: { id: clientId, name: client.clientName ?? clientId },
    scopes: requestedScopes(interaction).map((scope) => ({
      scope,
      description: SCOPE_DESCRIPTIONS[scope] ?? scope,
    })),
    authorizationDetails: details,
    credentials: holder ? await credentialsOf(holder.signing, holder.accountId, details) : [],
  };
}

async function credentialsOf(
  signing: ConsentSigning,
  accountId: string,
  details: CredentialAuthorizationDetail[],
): Promise<ConsentCredential[]> {
  const found: ConsentCredential[] = [];
  for (const detail of details) {
    const credential = await signing.credential(accountId, detail.credentialID);
    if (credential) found.push(credential);
  }
  return found;
}

/**
 * CSC `oauth2code`: approving a request with a `credential` detail
 * authorises the signature of exactly its document digests now, confirmed
 * as the holder's policy asks (the key PIN; a device approval or its
 * offline code) — the same service call as credentials/authorize. Refusals
 * (a wrong PIN, a device approval still awaited) leave the request open
 * for another answer. One credential per request.
 */
async function authorizeCredential(
  signing: ConsentSigning,
  accountId: string,
  clientName: string,
  details: CredentialAuthorizationDetail[],
  confirmation: { pin?: string; otp?: string },
  context: { actor: string; requestId?: string },
): Promise<string | undefined> {
  if (details.length === 0) return undefined;
  if (details.length > 1) {
    throw new DomainError('ACTIVATION_INVALID', 'one signature request names one credential');
  }
  return signing.authorize(accountId, { clientName, detail: details[0]!, ...confirmation, context });
}

/**
 * The user's answer → the interaction's result: approval signs the user in
 * to the provider and grants exactly what was asked (scopes the provider
 * has already checked against the client's allowed ones, and the CSC
 * credential details); refusal ends the request with `access_denied`.
 * Either is audited.
 */
export async function answerInteraction(
  db: Db,
  provider: Provider,
  interaction: Interaction,
  input: {
    uid: string;
    accountId: string;
    approve: boolean;
    publicUrl: string;
    requestId?: string;
    pin?: string;
    otp?: string;
  },
  signing?: ConsentSigning,
): Promise<InteractionResults> {
  const consent = await describeInteraction(provider, interaction, input.uid);
  const context = {
    actor: `user:${input.accountId}`,
    ...(input.requestId ? { requestId: input.requestId } : {}),
  };
  let result: InteractionResults;
  if (input.approve) {
    let sad: string | undefined;
    if (consent.authorizationDetails.length > 0) {
      if (!signing) throw new DomainError('OAUTH_NOT_AVAILABLE', 'signing is not available on this server');
      sad = await authorizeCredential(
        signing,
        input.accountId,
        consent.client.name,
        consent.authorizationDetails,
        {
          ...(input.pin !== undefined ? { pin: input.pin } : {}),
          ...(input.otp !== undefined ? { otp: input.otp } : {}),
        },
        context,
      );
    }
    const scopes = requestedScopes(interaction);
    const grant = new provider.Grant({ accountId: input.accountId, clientId: consent.client.id });
    // Every offered scope is one of the provider's static scopes (so a client asking beyond its
    // allowed ones is refused with invalid_scope), which its consent check counts as OIDC scopes;
    // the API's scopes are also the resource's, which is where access tokens take theirs from.
    grant.addOIDCScope(scopes);
    const resourceScopes = scopes.filter((scope) => RESOURCE_SCOPES.includes(scope));
    if (resourceScopes.length > 0) grant.addResourceScope(apiResourceOf(input.publicUrl), resourceScopes);
    const details = requestedDetails(interaction);
    if (details) grant.rar = details as NonNullable<typeof grant.rar>;
    const grantId = await grant.save();
    if (sad !== undefined && signing) {
      await signing.bind(input.accountId, sad, { grantId, clientId: consent.client.id }, context);
    }
    result = { login: { accountId: input.accountId }, consent: { grantId } };
  } else {
    result = { error: 'access_denied', error_description: 'the user refused the request' };
  }
  await db.transaction((tx) =>
    appendAudit(tx, {
      actor: `user:${input.accountId}`,
      action: input.approve ? 'oauth.consent.approve' : 'oauth.consent.deny',
      target: `oauth-client:${consent.client.id}`,
      details: {
        scopes: consent.scopes.map((s) => s.scope),
        authorizationDetails: consent.authorizationDetails.length,
      },
      ...(input.requestId ? { requestId: input.requestId } : {}),
    }),
  );
  return result;
}
