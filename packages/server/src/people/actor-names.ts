import type { Queryable } from '../db/db.js';

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

/** The readable names of the accounts among `actors` (by `role:<id>`); `system`, `cli:*` and unknown ones have none. */
export async function actorDisplayNames(
  db: Queryable,
  actors: readonly string[],
): Promise<Map<string, string>> {
  const distinct = [...new Set(actors)];
  if (distinct.length === 0) return new Map();
  const { rows } = await db.query<{ actor: string; name: string }>(
    `SELECT a.role || ':' || a.id AS actor, ${actorNameOf('a')} AS name
       FROM accounts a WHERE a.role || ':' || a.id = ANY($1::text[])`,
    [distinct],
  );
  return new Map(rows.map((row) => [row.actor, row.name]));
}

/** The account an audit record is about (`account:<id>`), readable: its name and role, for a link to its page. */
export interface TargetAccount {
  id: string;
  name: string;
  role: string;
}

/** The accounts among audit `targets` (`account:<id>`); other targets and unknown ids have none. */
export async function targetAccounts(
  db: Queryable,
  targets: readonly (string | null)[],
): Promise<Map<string, TargetAccount>> {
  const ids = [
    ...new Set(
      targets.flatMap((target) => (target?.startsWith('account:') ? [target.slice('account:'.length)] : [])),
    ),
  ];
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string; role: string }>(
    `SELECT a.id::text AS id, ${actorNameOf('a')} AS name, a.role FROM accounts a WHERE a.id::text = ANY($1::text[])`,
    [ids],
  );
  return new Map(rows.map((row) => [`account:${row.id}`, row]));
}
