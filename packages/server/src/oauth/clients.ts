import { randomBytes } from 'node:crypto';
import type { AdapterPayload } from 'oidc-provider';
import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import { randomSecret, secretHash } from '../auth/principal.js';
import { OAUTH_GRANT_TYPES, OAUTH_SCOPES, type OAuthGrantType } from './scopes.js';

/** Client secrets start with this, so a leaked one is recognisable by secret scanners. */
const CLIENT_SECRET_PREFIX = 'pdpcs_';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/** A public JSON Web Key Set (private_key_jwt clients); checked for shape only, the provider uses it. */
export interface PublicJwks {
  keys: Record<string, unknown>[];
}

export interface OAuthClientView {
  clientId: string;
  name: string;
  authMethod: ClientAuthMethod;
  redirectUris: string[];
  grantTypes: OAuthGrantType[];
  scopes: string[];
  jwks?: PublicJwks;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface OAuthClientInput {
  name: string;
  authMethod?: ClientAuthMethod;
  jwks?: PublicJwks;
  redirectUris?: string[];
  grantTypes: OAuthGrantType[];
  scopes: string[];
}

export interface OAuthClientChange {
  name?: string;
  redirectUris?: string[];
  grantTypes?: OAuthGrantType[];
  scopes?: string[];
  jwks?: PublicJwks;
  disabled?: boolean;
}

/** Who changes clients (an administrator) and the request, for the audit log. */
export interface ClientActor {
  actor: string;
  requestId?: string;
}

type ClientRow = {
  client_id: string;
  name: string;
  secret_hash: string | null;
  jwks: PublicJwks | null;
  auth_method: ClientAuthMethod;
  redirect_uris: string[];
  grant_types: OAuthGrantType[];
  scopes: string[];
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
};

function viewOf(row: ClientRow): OAuthClientView {
  return {
    clientId: row.client_id,
    name: row.name,
    authMethod: row.auth_method,
    redirectUris: row.redirect_uris,
    grantTypes: row.grant_types,
    scopes: row.scopes,
    ...(row.jwks ? { jwks: row.jwks } : {}),
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * A redirect URI is compared exactly by the provider; here it must be an
 * absolute https URI without a fragment (RFC 6749 §3.1.2), or http to a
 * loopback address for native apps (RFC 8252 §7.3).
 */
function checkRedirectUri(uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new DomainError(
      'OAUTH_CLIENT_INVALID',
      `the redirect URI is not an absolute URI: ${uri.slice(0, 200)}`,
    );
  }
  const loopback = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopback) {
    throw new DomainError(
      'OAUTH_CLIENT_INVALID',
      `a redirect URI must be https (http only to a loopback address): ${uri.slice(0, 200)}`,
    );
  }
  if (url.hash !== '' || uri.includes('#')) {
    throw new DomainError(
      'OAUTH_CLIENT_INVALID',
      `a redirect URI must not have a fragment: ${uri.slice(0, 200)}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new DomainError('OAUTH_CLIENT_INVALID', 'a redirect URI must not carry credentials');
  }
}

function checkClient(input: {
  grantTypes: readonly string[];
  scopes: readonly string[];
  redirectUris: readonly string[];
  authMethod: ClientAuthMethod;
  jwks: PublicJwks | undefined;
}): void {
  for (const grant of input.grantTypes) {
    if (!(OAUTH_GRANT_TYPES as readonly string[]).includes(grant)) {
      throw new DomainError('OAUTH_CLIENT_INVALID', `unknown grant type ${grant}`);
    }
  }
  if (input.grantTypes.length === 0)
    throw new DomainError('OAUTH_CLIENT_INVALID', 'allow at least one grant type');
  // A client without scopes would be offered every scope by the provider: at least one is named.
  if (input.scopes.length === 0) throw new DomainError('OAUTH_CLIENT_INVALID', 'allow at least one scope');
  for (const scope of input.scopes) {
    if (!OAUTH_SCOPES.includes(scope))
      throw new DomainError('OAUTH_CLIENT_INVALID', `unknown scope ${scope}`);
  }
  input.redirectUris.forEach(checkRedirectUri);
  if (input.grantTypes.includes('authorization_code') && input.redirectUris.length === 0) {
    throw new DomainError(
      'OAUTH_CLIENT_INVALID',
      'the authorization_code grant needs at least one redirect URI',
    );
  }
  if (input.grantTypes.includes('refresh_token') && !input.grantTypes.includes('authorization_code')) {
    throw new DomainError('OAUTH_CLIENT_INVALID', 'refresh_token comes only with authorization_code');
  }
  if ((input.authMethod === 'private_key_jwt') !== (input.jwks !== undefined)) {
    throw new DomainError('OAUTH_CLIENT_INVALID', 'a JWKS is given exactly for private_key_jwt clients');
  }
  if (input.jwks && (!Array.isArray(input.jwks.keys) || input.jwks.keys.length === 0)) {
    throw new DomainError('OAUTH_CLIENT_INVALID', 'the JWKS must have at least one key');
  }
  if (input.jwks?.keys.some((key) => 'd' in key || 'k' in key)) {
    throw new DomainError('OAUTH_CLIENT_INVALID', 'the JWKS must hold public keys only');
  }
}

const CLIENT_COLUMNS =
  'client_id, name, secret_hash, jwks, auth_method, redirect_uris, grant_types, scopes, disabled, created_at, updated_at';

/** Registers a client → its view and, unless it authenticates with private_key_jwt, its secret (shown only now). */
export async function createOAuthClient(
  db: Db,
  input: OAuthClientInput,
  by: ClientActor,
): Promise<{ client: OAuthClientView; clientSecret?: string }> {
  const authMethod = input.authMethod ?? 'client_secret_basic';
  const redirectUris = [...new Set(input.redirectUris ?? [])];
  const grantTypes = [...new Set(input.grantTypes)];
  const scopes = [...new Set(input.scopes)].sort();
  checkClient({ grantTypes, scopes, redirectUris, authMethod, jwks: input.jwks });
  const clientId = `pdpc_${randomBytes(12).toString('base64url')}`;
  const clientSecret = authMethod === 'private_key_jwt' ? undefined : randomSecret(CLIENT_SECRET_PREFIX);
  const row = await db.transaction(async (tx) => {
    const { rows } = await tx.query<ClientRow>(
      `INSERT INTO oauth_clients (client_id, name, secret_hash, jwks, auth_method, redirect_uris, grant_types, scopes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${CLIENT_COLUMNS}`,
      [
        clientId,
        input.name,
        clientSecret ? secretHash(clientSecret) : null,
        input.jwks ? JSON.stringify(input.jwks) : null,
        authMethod,
        redirectUris,
        grantTypes,
        scopes,
      ],
    );
    await appendAudit(tx, {
      actor: by.actor,
      action: 'oauth-client.create',
      target: `oauth-client:${clientId}`,
      details: { name: input.name, authMethod, redirectUris, grantTypes, scopes },
      ...(by.requestId ? { requestId: by.requestId } : {}),
    });
    return rows[0]!;
  });
  return { client: viewOf(row), ...(clientSecret ? { clientSecret } : {}) };
}

export async function listOAuthClients(db: Queryable): Promise<OAuthClientView[]> {
  const { rows } = await db.query<ClientRow>(
    `SELECT ${CLIENT_COLUMNS} FROM oauth_clients ORDER BY created_at, client_id`,
  );
  return rows.map(viewOf);
}

async function clientRow(db: Queryable, clientId: string, lock = false): Promise<ClientRow> {
  const { rows } = await db.query<ClientRow>(
    `SELECT ${CLIENT_COLUMNS} FROM oauth_clients WHERE client_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [clientId],
  );
  const row = rows[0];
  if (!row)
    throw new DomainError('OAUTH_CLIENT_NOT_FOUND', `no such OAuth client: ${clientId.slice(0, 100)}`);
  return row;
}

export async function getOAuthClient(db: Queryable, clientId: string): Promise<OAuthClientView> {
  return viewOf(await clientRow(db, clientId));
}

/**
 * What else stops with a client, in the transaction that disables or
 * deletes it: the webhook subscriptions it made (webhooks/ depends on
 * oauth/, not the reverse, so the caller hands this in).
 */
export type ClientDependents = (tx: Queryable, how: 'disable' | 'delete') => Promise<unknown>;

/**
 * Changes a client. Disabling it, or taking a grant type or scope away,
 * revokes every token and grant it holds, so what it was allowed before
 * does not outlive the change; disabling also disables its webhook
 * subscriptions.
 */
export async function updateOAuthClient(
  db: Db,
  clientId: string,
  change: OAuthClientChange,
  by: ClientActor,
  dependents: ClientDependents,
): Promise<OAuthClientView> {
  return db.transaction(async (tx) => {
    const before = await clientRow(tx, clientId, true);
    const next = {
      name: change.name ?? before.name,
      redirectUris: change.redirectUris ? [...new Set(change.redirectUris)] : before.redirect_uris,
      grantTypes: change.grantTypes ? [...new Set(change.grantTypes)] : before.grant_types,
      scopes: change.scopes ? [...new Set(change.scopes)].sort() : before.scopes,
      jwks: change.jwks ?? before.jwks ?? undefined,
      disabled: change.disabled ?? before.disabled,
    };
    checkClient({ ...next, authMethod: before.auth_method });
    const { rows } = await tx.query<ClientRow>(
      `UPDATE oauth_clients SET name = $2, redirect_uris = $3, grant_types = $4, scopes = $5, jwks = $6,
         disabled = $7, updated_at = now() WHERE client_id = $1 RETURNING ${CLIENT_COLUMNS}`,
      [
        clientId,
        next.name,
        next.redirectUris,
        next.grantTypes,
        next.scopes,
        next.jwks ? JSON.stringify(next.jwks) : null,
        next.disabled,
      ],
    );
    const narrowed =
      next.disabled ||
      before.scopes.some((scope) => !next.scopes.includes(scope)) ||
      before.grant_types.some((grant) => !next.grantTypes.includes(grant));
    if (narrowed) await forgetClientTokens(tx, clientId);
    if (next.disabled && !before.disabled) await dependents(tx, 'disable');
    await appendAudit(tx, {
      actor: by.actor,
      action: 'oauth-client.update',
      target: `oauth-client:${clientId}`,
      details: {
        ...(change.name !== undefined ? { name: next.name } : {}),
        ...(change.redirectUris ? { redirectUris: next.redirectUris } : {}),
        ...(change.grantTypes ? { grantTypes: next.grantTypes } : {}),
        ...(change.scopes ? { scopes: next.scopes } : {}),
        ...(change.jwks ? { jwksChanged: true } : {}),
        ...(change.disabled !== undefined ? { disabled: next.disabled } : {}),
        tokensRevoked: narrowed,
      },
      ...(by.requestId ? { requestId: by.requestId } : {}),
    });
    return viewOf(rows[0]!);
  });
}

/** Deletes a client and everything the provider keeps for it (grants, tokens, codes), and its webhook subscriptions. */
export async function deleteOAuthClient(
  db: Db,
  clientId: string,
  by: ClientActor,
  dependents: ClientDependents,
): Promise<void> {
  await db.transaction(async (tx) => {
    await clientRow(tx, clientId, true);
    await forgetClientTokens(tx, clientId);
    await dependents(tx, 'delete');
    await tx.query('DELETE FROM oauth_clients WHERE client_id = $1', [clientId]);
    await appendAudit(tx, {
      actor: by.actor,
      action: 'oauth-client.delete',
      target: `oauth-client:${clientId}`,
      ...(by.requestId ? { requestId: by.requestId } : {}),
    });
  });
}

/** A new secret for a client (the old one stops working at once) → the secret, shown only now. */
export async function rotateOAuthClientSecret(db: Db, clientId: string, by: ClientActor): Promise<string> {
  const clientSecret = randomSecret(CLIENT_SECRET_PREFIX);
  await db.transaction(async (tx) => {
    const row = await clientRow(tx, clientId, true);
    if (row.auth_method === 'private_key_jwt') {
      throw new DomainError(
        'OAUTH_CLIENT_INVALID',
        'this client authenticates with private_key_jwt and has no secret',
      );
    }
    await tx.query('UPDATE oauth_clients SET secret_hash = $2, updated_at = now() WHERE client_id = $1', [
      clientId,
      secretHash(clientSecret),
    ]);
    await appendAudit(tx, {
      actor: by.actor,
      action: 'oauth-client.rotate-secret',
      target: `oauth-client:${clientId}`,
      ...(by.requestId ? { requestId: by.requestId } : {}),
    });
  });
  return clientSecret;
}

/** Removes the provider's grants, tokens and codes of one client (payload.clientId; a grant's tokens carry its grant id too). */
async function forgetClientTokens(tx: Queryable, clientId: string): Promise<void> {
  await tx.query(
    `DELETE FROM oauth_models WHERE model NOT IN ('Session', 'Interaction') AND payload->>'clientId' = $1`,
    [clientId],
  );
}

/**
 * The client's metadata as oidc-provider reads it (its `Client` model):
 * the secret field holds the secret's SHA-256, which the provider never
 * sends anywhere; `compareClientSecret` is replaced to hash what the
 * client presents (see provider.ts). Disabled clients are unknown.
 */
export async function providerClientMetadata(
  db: Queryable,
  clientId: string,
): Promise<AdapterPayload | undefined> {
  const { rows } = await db.query<ClientRow>(
    `SELECT ${CLIENT_COLUMNS} FROM oauth_clients WHERE client_id = $1`,
    [clientId],
  );
  const row = rows[0];
  if (!row || row.disabled) return undefined;
  const grantTypes = row.grant_types;
  return {
    client_id: row.client_id,
    client_name: row.name,
    ...(row.secret_hash ? { client_secret: row.secret_hash } : {}),
    ...(row.jwks ? { jwks: row.jwks } : {}),
    token_endpoint_auth_method: row.auth_method,
    ...(row.auth_method === 'private_key_jwt' ? { token_endpoint_auth_signing_alg: 'ES256' } : {}),
    redirect_uris: row.redirect_uris,
    grant_types: grantTypes,
    response_types: grantTypes.includes('authorization_code') ? ['code'] : [],
    scope: row.scopes.join(' '),
    // CSC's signature authorisation: credential details (RFC 9396) come with the credential scope.
    authorization_details_types: row.scopes.includes('credential') ? ['credential'] : [],
  };
}
