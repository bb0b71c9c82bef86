/**
 * Readable names of actors. The audit log, the profile history, account
 * rows and renewal decisions record who acted as `role:<account id>`
 * (`operator:…`, `admin:…`, `user:…`), or as `system` / `cli:<user>`; the
 * API shows the account's name next to it, joined in the same query.
 */

/** SQL: LEFT JOIN the account that `actorColumn` names, as `alias`; nothing joins for `system` or `cli:*`. */
export function joinActorAccount(actorColumn: string, alias: string): string {
  return `LEFT JOIN accounts ${alias} ON ${actorColumn} = ${alias}.role || ':' || ${alias}.id`;
}

/** SQL: the joined actor account's display name, else its login; NULL when no account joined. */
export function actorNameOf(alias: string): string {
  return `coalesce(nullif(${alias}.display_name, ''), ${alias}.login)`;
}
