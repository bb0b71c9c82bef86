import type { Queryable } from '../db/db.js';
import type { Role } from '../auth/principal.js';
import { accountUsable, joinAccount, principalColumns } from '../people/credentials.js';
import { credentialDetailsOf, type CredentialAuthorizationDetail } from './authorization-details.js';

/** Who an OAuth access token acts for, and what it may do. */
export interface OAuthTokenPrincipal {
  accountId: string;
  role: Role;
  login: string;
  mustChangePassword: boolean;
  clientId: string;
  /** The client's name, which devices show as the system that asks. */
  clientName: string;
  scopes: string[];
  grantId?: string;
  /** The CSC `credential` details the user approved: the signature is bound to these hashes. */
  credentialDetails: CredentialAuthorizationDetail[];
}

type TokenRow = {
  account_id: string;
  role: Role;
  login: string;
  must_change_password: boolean;
  payload: { clientId: string; scope?: string; grantId?: string; rar?: unknown };
  client_name: string;
};

/**
 * The principal of an oidc-provider access token (opaque, issued to act for
 * a user): undefined when the token is unknown, expired, revoked (its row
 * is gone), its client disabled or deleted, or its account not usable.
 * Client-credentials tokens are another model and never act for a user.
 */
export async function oauthPrincipal(db: Queryable, token: string): Promise<OAuthTokenPrincipal | undefined> {
  // Opaque tokens are 43 base64url characters; anything else is not worth a query.
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const { rows } = await db.query<TokenRow>(
    `SELECT ${principalColumns('a')}, m.payload, c.name AS client_name
     FROM oauth_models m
     JOIN oauth_clients c ON c.client_id = m.payload->>'clientId' AND NOT c.disabled
     ${joinAccount("(m.payload->>'accountId')::uuid", 'a')}
     WHERE m.model = 'AccessToken' AND m.id = $1 AND m.expires_at > now() AND m.consumed_at IS NULL
       AND ${accountUsable('a')}`,
    [token],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    accountId: row.account_id,
    role: row.role,
    login: row.login,
    mustChangePassword: row.must_change_password,
    clientId: row.payload.clientId,
    clientName: row.client_name,
    scopes: (row.payload.scope ?? '').split(' ').filter((scope) => scope !== ''),
    ...(row.payload.grantId ? { grantId: row.payload.grantId } : {}),
    credentialDetails: credentialDetailsOf(row.payload.rar),
  };
}

/** An OAuth client calling for itself with a client-credentials token: no user behind it. */
export interface OAuthClientPrincipal {
  clientId: string;
  clientName: string;
  scopes: string[];
}

/**
 * The client of an oidc-provider client-credentials token: undefined when
 * the token is unknown, expired, revoked or its client disabled or deleted.
 * Only routes that say so accept it (webhooks); everything acting for a
 * user refuses it.
 */
export async function oauthClientPrincipal(
  db: Queryable,
  token: string,
): Promise<OAuthClientPrincipal | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const { rows } = await db.query<{ client_id: string; name: string; scope: string | null }>(
    `SELECT c.client_id, c.name, m.payload->>'scope' AS scope
     FROM oauth_models m
     JOIN oauth_clients c ON c.client_id = m.payload->>'clientId' AND NOT c.disabled
     WHERE m.model = 'ClientCredentials' AND m.id = $1 AND m.expires_at > now() AND m.consumed_at IS NULL`,
    [token],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    clientId: row.client_id,
    clientName: row.name,
    scopes: (row.scope ?? '').split(' ').filter((scope) => scope !== ''),
  };
}
