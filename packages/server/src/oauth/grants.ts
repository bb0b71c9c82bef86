import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';

/**
 * SQL condition: the OAuth client in `clientColumn` is enabled and the
 * account `accountExpr` (a uuid expression; NULL matches nothing) holds a
 * live grant for it — the user approved it on the consent page and has not
 * revoked it. What a client may hear about a user without acting for them.
 */
export function clientGrantedBy(clientColumn: string, accountExpr: string): string {
  return `EXISTS (SELECT 1 FROM oauth_clients gc
    JOIN oauth_models g ON g.model = 'Grant' AND g.payload->>'clientId' = gc.client_id
    WHERE gc.client_id = ${clientColumn} AND NOT gc.disabled
      AND g.payload->>'accountId' = (${accountExpr})::text
      AND (g.expires_at IS NULL OR g.expires_at > now()))`;
}

/** An application a user allowed on the consent page, as the user sees it. */
export interface AllowedApplication {
  /** The grant's id: what `DELETE /me/oauth-grants/{id}` revokes. */
  id: string;
  clientId: string;
  clientName: string;
  /** Everything allowed: OpenID Connect's scopes and the API's. */
  scopes: string[];
  /** How many CSC `credential` authorisations (documents' hashes to sign) the grant carries. */
  authorizationDetails: number;
  grantedAt: Date;
  expiresAt: Date | null;
  /** When a token of the grant was last issued (a code exchanged or a refresh); null when none is left. */
  lastUsedAt: Date | null;
}

type GrantRow = {
  id: string;
  payload: {
    clientId: string;
    iat?: number;
    openid?: { scope?: string };
    resources?: Record<string, string>;
    rar?: unknown[];
  };
  expires_at: Date | null;
  client_name: string;
  last_used: number | string | null;
};

const seconds = (value: number) => new Date(value * 1000);

function applicationOf(row: GrantRow): AllowedApplication {
  const scopes = [
    ...(row.payload.openid?.scope ?? '').split(' '),
    ...Object.values(row.payload.resources ?? {}).flatMap((scope) => scope.split(' ')),
  ].filter((scope) => scope !== '');
  return {
    id: row.id,
    clientId: row.payload.clientId,
    clientName: row.client_name,
    scopes: [...new Set(scopes)],
    authorizationDetails: Array.isArray(row.payload.rar) ? row.payload.rar.length : 0,
    grantedAt: seconds(row.payload.iat ?? 0),
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used === null ? null : seconds(Number(row.last_used)),
  };
}

/** The live grants of an account (its allowed applications), newest first; a disabled client's too, a deleted one's are gone. */
export async function listAllowedApplications(
  db: Queryable,
  accountId: string,
): Promise<AllowedApplication[]> {
  const { rows } = await db.query<GrantRow>(
    `SELECT g.id, g.payload, g.expires_at, c.name AS client_name,
       (SELECT max((t.payload->>'iat')::bigint) FROM oauth_models t
        WHERE t.grant_id = g.id AND t.model IN ('AccessToken', 'RefreshToken')) AS last_used
     FROM oauth_models g JOIN oauth_clients c ON c.client_id = g.payload->>'clientId'
     WHERE g.model = 'Grant' AND g.payload->>'accountId' = $1::text
       AND (g.expires_at IS NULL OR g.expires_at > now())
     ORDER BY (g.payload->>'iat')::bigint DESC, g.id`,
    [accountId],
  );
  return rows.map(applicationOf);
}

/**
 * Revokes one of the account's grants: the grant and every token and code
 * of it go in one transaction with `oauth.grant.revoke`, so its access
 * tokens stop working at once (they are looked up on every request) and
 * its refresh tokens are refused. Another account's grant is
 * OAUTH_GRANT_NOT_FOUND, like a missing one.
 */
export async function revokeAllowedApplication(
  db: Db,
  accountId: string,
  grantId: string,
  context: { actor: string; requestId?: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ client_id: string }>(
      `DELETE FROM oauth_models WHERE model = 'Grant' AND id = $1 AND payload->>'accountId' = $2::text
       RETURNING payload->>'clientId' AS client_id`,
      [grantId, accountId],
    );
    const grant = rows[0];
    if (!grant) throw new DomainError('OAUTH_GRANT_NOT_FOUND', `no allowed application ${grantId}`);
    const { rowCount } = await tx.query('DELETE FROM oauth_models WHERE grant_id = $1', [grantId]);
    await appendAudit(tx, {
      actor: context.actor,
      action: 'oauth.grant.revoke',
      target: `oauth-grant:${grantId}`,
      details: { clientId: grant.client_id, tokensRevoked: rowCount, by: 'user' },
      ...(context.requestId !== undefined ? { requestId: context.requestId } : {}),
    });
  });
}
