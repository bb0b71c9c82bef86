import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { errors, Provider } from './oidc-provider.js';
import type { Logger } from 'pino';
import { appendAudit, type AuditEvent } from '../audit/audit-log.js';
import { sameSecret, secretHash } from '../auth/principal.js';
import type { SecretSealer } from '../auth/second-factor.js';
import type { Db } from '../db/db.js';
import { findLoginAccountById } from '../people/credentials.js';
import { DbAdapter } from './adapter.js';
import {
  CREDENTIAL_SCOPE_PARAMETERS,
  credentialScopeDetail,
  validateCredentialDetail,
} from './authorization-details.js';
import { OAUTH_SCOPES, RESOURCE_SCOPES } from './scopes.js';
import { loadProviderSecrets } from './secrets.js';

/** Where the provider lives below the public URL; its issuer is `${publicUrl}${OAUTH_MOUNT_PATH}`. */
export const OAUTH_MOUNT_PATH = '/oauth2';
/** The office page that signs the user in and asks for consent: `${CONSENT_PAGE_PATH}/<uid>`. */
export const CONSENT_PAGE_PATH = '/oauth/consent';

/** The REST API as an OAuth resource: access tokens carry its scopes. */
export function apiResourceOf(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/v1`;
}

export interface OAuthProviderOptions {
  db: Db;
  /** Seals the signing key and cookie keys under the master key. */
  sealer: SecretSealer;
  publicUrl: string;
  logger: Pick<Logger, 'error'>;
}

/** Access tokens live ten minutes; a client refreshes (rotating refresh tokens) for longer. */
const ACCESS_TOKEN_TTL_SECONDS = 600;

function auditActorOf(ctx: KoaContextWithOIDC): string {
  const accountId = ctx.oidc.entities.Grant?.accountId ?? ctx.oidc.entities.AccessToken?.accountId;
  return accountId ? `user:${accountId}` : `oauth-client:${ctx.oidc.client?.clientId ?? 'unknown'}`;
}

/**
 * Builds oidc-provider over our database: clients from `oauth_clients`,
 * tokens and the rest in `oauth_models`, one signing key and cookie keys
 * shared by all nodes, users' consent in the office (interactions at
 * `/oauth/consent/<uid>`), the REST API as the only resource server
 * (opaque access tokens with its scopes), PKCE S256 always, PAR, rich
 * authorisation requests of the CSC type `credential`, client credentials,
 * introspection and revocation. Grants and revocations are audited.
 */
export async function createOAuthProvider(options: OAuthProviderOptions): Promise<Provider> {
  const { db, publicUrl } = options;
  const secrets = await loadProviderSecrets(db, options.sealer);
  const resource = apiResourceOf(publicUrl);
  const configuration: Configuration = {
    adapter: (name: string) => new DbAdapter(db, name),
    clients: [],
    jwks: { keys: [secrets.signingKey] },
    cookies: {
      keys: secrets.cookieKeys,
      // The interaction cookie must reach the office's API (/api/v1/oauth/interactions/…), not only the consent page's path.
      short: { path: '/', httpOnly: true, sameSite: 'lax' },
      long: { httpOnly: true, sameSite: 'lax' },
    },
    async findAccount(_ctx, sub) {
      const account = await findLoginAccountById(db, sub);
      if (!account || account.status !== 'active') return undefined;
      return {
        accountId: account.id,
        claims: () => ({ sub: account.id, preferred_username: account.login }),
      };
    },
    claims: { openid: ['sub'], profile: ['preferred_username'] },
    scopes: [...OAUTH_SCOPES],
    // CSC v2's scope form of a credential authorisation (scope=credential&credentialID=…&hashes=…):
    // checked whole when the request is made, and turned into a credential detail on the consent page.
    extraParams: {
      ...Object.fromEntries(CREDENTIAL_SCOPE_PARAMETERS.map((name) => [name, null])),
      credentialID: (ctx) => {
        credentialScopeDetail(ctx.oidc.params ?? {});
      },
    },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    },
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256'],
      clientAuthSigningAlgValues: ['ES256', 'PS256', 'RS256', 'EdDSA'],
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `${CONSENT_PAGE_PATH}/${interaction.uid}` },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      ClientCredentials: ACCESS_TOKEN_TTL_SECONDS,
      Grant: 30 * 24 * 3600,
      IdToken: 3600,
      Interaction: 3600,
      PushedAuthorizationRequest: 60,
      RefreshToken: 30 * 24 * 3600,
      Session: 24 * 3600,
    },
    rotateRefreshToken: true,
    issueRefreshToken: (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // A client learns about, and ends, only the tokens issued to it: tokens of one
      // client's users are nobody else's business (a resource server of ours reads them directly).
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      pushedAuthorizationRequests: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, indicator, client) {
          if (indicator !== resource)
            throw new errors.InvalidTarget(`unknown resource ${indicator.slice(0, 200)}`);
          const allowed = (client.scope ?? '').split(' ');
          return {
            scope: RESOURCE_SCOPES.filter((scope) => allowed.includes(scope)).join(' '),
            accessTokenFormat: 'opaque',
            accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
          };
        },
      },
      richAuthorizationRequests: {
        enabled: true,
        types: {
          credential: {
            validate: (ctx, detail) => {
              validateCredentialDetail(ctx, detail);
            },
          },
        },
        // What the user approved on the consent page is stored in the grant; codes carry exactly that.
        authorizationDetailsForGrantSource: (ctx) => ctx.oidc.grant?.rar,
        authorizationDetailsForAccessToken: (_ctx, _token, source) => {
          if (source === undefined) {
            throw new errors.InvalidAuthorizationDetails(
              'authorization details need a user’s consent, not client credentials',
            );
          }
          return source.rar;
        },
        authorizationDetailsForIntrospection: (_ctx, token) => token.rar,
      },
    },
    renderError(ctx, out) {
      ctx.type = 'application/json';
      ctx.body = out;
    },
  };
  const provider = new Provider(`${publicUrl.replace(/\/+$/, '')}${OAUTH_MOUNT_PATH}`, configuration);
  // Only the SHA-256 of a client secret is stored (see clients.ts): hash what the client presents, compare in constant time.
  provider.Client.prototype.compareClientSecret = function compareHashedSecret(
    this: { clientSecret?: string },
    actual: string,
  ) {
    return Promise.resolve(
      this.clientSecret !== undefined && sameSecret(secretHash(actual), this.clientSecret),
    );
  };
  auditProviderEvents(provider, db, options.logger);
  return provider;
}

/** Writes the provider's grants and revocations to the audit log (after the provider's own write: it has no transaction of ours). */
function auditProviderEvents(provider: Provider, db: Db, logger: Pick<Logger, 'error'>): void {
  const write = (event: AuditEvent) => {
    db.transaction((tx) => appendAudit(tx, event)).catch((error: unknown) => {
      logger.error({ err: error, action: event.action }, 'could not audit an OAuth event');
    });
  };
  provider.on('grant.success', (ctx) => {
    const token = ctx.oidc.entities.AccessToken ?? ctx.oidc.entities.ClientCredentials;
    write({
      actor: auditActorOf(ctx),
      action: 'oauth.grant',
      target: `oauth-client:${ctx.oidc.client?.clientId ?? 'unknown'}`,
      details: {
        grantType:
          typeof ctx.oidc.params?.grant_type === 'string' ? ctx.oidc.params.grant_type : 'authorization_code',
        scope: token?.scope ?? '',
        ...(token && 'grantId' in token && token.grantId ? { grantId: token.grantId } : {}),
        ...(token?.rar ? { authorizationDetails: token.rar.length } : {}),
      },
    });
  });
  provider.on('grant.revoked', (ctx, grantId) => {
    write({
      actor: auditActorOf(ctx),
      action: 'oauth.grant.revoke',
      target: `oauth-grant:${grantId}`,
      details: { clientId: ctx.oidc.client?.clientId ?? '' },
    });
  });
  provider.on('access_token.destroyed', (token) => {
    write({
      actor: token.accountId ? `user:${token.accountId}` : `oauth-client:${token.clientId}`,
      action: 'oauth.token.revoke',
      target: `oauth-client:${token.clientId}`,
      details: { kind: 'access_token', ...(token.grantId ? { grantId: token.grantId } : {}) },
    });
  });
  provider.on('server_error', (_ctx, error) => {
    logger.error({ err: error }, 'oidc-provider server error');
  });
}
