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
