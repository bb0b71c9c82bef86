import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import type { Db, Queryable } from '../db/db.js';
import { DomainError } from '../core/domain-error.js';
import { accountUsable, joinAccount, principalColumns } from '../people/credentials.js';
import { actorOf, randomSecret, secretHash, type Principal, type Role } from './principal.js';

/** Tokens start with this, so a leaked one is recognisable by secret scanners. */
const TOKEN_PREFIX = 'pdp_';

export interface ApiTokenView {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
}

/** A bearer token for an integration; the token itself is returned here once, only its SHA-256 is stored. */
export async function createApiToken(
  db: Db,
  principal: Principal,
  /** Its lifetime in days (tokens made in the office), or in seconds (CSC auth/login's short-lived ones). */
  input: { name: string; scopes: string[] } & ({ expiresInDays: number } | { lifetimeSeconds: number }),
  requestId?: string,
): Promise<ApiTokenView & { token: string }> {
  const lifetime = 'lifetimeSeconds' in input ? input.lifetimeSeconds : input.expiresInDays * 86_400;
  const token = randomSecret(TOKEN_PREFIX);
  const id = randomUUID();
  const scopes = [...new Set(input.scopes)].sort();
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ created_at: Date; expires_at: Date }>(
      `INSERT INTO api_tokens (id, token_hash, account_id, name, scopes, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + $6::int * interval '1 second') RETURNING created_at, expires_at`,
      [id, secretHash(token), principal.accountId, input.name, scopes, lifetime],
    );
    await appendAudit(tx, {
      actor: actorOf(principal),
      action: 'api_token.create',
      target: `api_token:${id}`,
      details: {
        name: input.name,
        scopes,
        ...('lifetimeSeconds' in input
          ? { lifetimeSeconds: input.lifetimeSeconds }
          : { expiresInDays: input.expiresInDays }),
      },
      ...(requestId ? { requestId } : {}),
    });
    const row = rows[0]!;
    return {
      id,
      token,
      name: input.name,
      scopes,
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
    };
  });
}

/** Revokes one of the principal's own tokens → 404 TOKEN_NOT_FOUND when it has no such (unrevoked) token. */
export async function revokeApiToken(
  db: Db,
  principal: Principal,
  id: string,
  requestId?: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      'UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL',
      [id, principal.accountId],
    );
    if (rowCount === 0) throw new DomainError('TOKEN_NOT_FOUND', `no such API token: ${id}`);
    await appendAudit(tx, {
      actor: actorOf(principal),
      action: 'api_token.revoke',
      target: `api_token:${id}`,
      ...(requestId ? { requestId } : {}),
    });
  });
}

/**
 * Revokes one of the principal's own tokens named by its value (the CSC
 * API's auth/revoke) → TOKEN_NOT_FOUND for another's, an unknown or an
 * already revoked one; `api_token.revoke`.
 */
export async function revokeApiTokenByValue(
  db: Db,
  principal: Principal,
  token: string,
  requestId?: string,
): Promise<void> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM api_tokens WHERE token_hash = $1 AND account_id = $2 AND revoked_at IS NULL',
    [secretHash(token), principal.accountId],
  );
  if (!rows[0]) throw new DomainError('TOKEN_NOT_FOUND', 'no such API token of yours');
  await revokeApiToken(db, principal, rows[0].id, requestId);
}

/** The principal of a bearer token; undefined when unknown, revoked, expired or the account is not usable. */
export async function tokenPrincipal(db: Db, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const { rows } = await db.query<{
    account_id: string;
    role: Role;
    login: string;
    scopes: string[];
    name: string;
    must_change_password: boolean;
  }>(
    `SELECT ${principalColumns('a')}, t.scopes, t.name
     FROM api_tokens t ${joinAccount('t.account_id', 'a')}
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND ${accountUsable('a')}`,
    [secretHash(token)],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    accountId: row.account_id,
    role: row.role,
    login: row.login,
    method: 'token',
    scopes: row.scopes,
    tokenName: row.name,
    mustChangePassword: row.must_change_password,
  };
}

/** Removes tokens that ended (revoked or expired, whichever first) more than `retentionDays` ago. */
export async function deleteEndedApiTokens(db: Queryable, retentionDays: number): Promise<number> {
  // least() skips NULL: a token ended when it was revoked or expired, whichever came first.
  return (
    await db.query(
      "DELETE FROM api_tokens WHERE least(revoked_at, expires_at) < now() - $1::int * interval '1 day'",
      [retentionDays],
    )
  ).rowCount;
}
