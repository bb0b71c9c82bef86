import { appendAudit, appendAuditBatch } from '../audit/audit-log.js';
import { randomUUID } from 'node:crypto';
import type { AuthConfig } from '../config/config.js';
import type { Db, Queryable } from '../db/db.js';
import { DomainError } from '../core/domain-error.js';
import { generateTemporaryPassword, hashPassword } from '../auth/password.js';
import {
  ACCOUNT_COLUMNS,
  ACCOUNTS_FROM,
  accountFromRow,
  insertAccount,
  lockedAccount,
  type AccountRow,
  type AccountStatus,
  type AccountView,
  type ChangeContext,
} from './accounts.js';
import { actorNameOf, joinActorAccount } from './actor-names.js';
import { accountOfIdentity, insertIdentity } from './identities.js';
import { isUniqueViolation } from '../db/errors.js';
import {
  assertValidProfile,
  normalizeProfile,
  PROFILE_FIELD_NAMES,
  PROFILE_FIELDS,
  profileDiff,
  profileFromRow,
  type Profile,
  type ProfilePatch,
  type ProfileRow,
} from './profile.js';

/** A user: the account and the registration data, with the version an edit must quote. */
export interface UserView extends AccountView {
  profile: Profile;
  version: number;
}

const PROFILE_COLUMNS = ['kind', ...Object.values(PROFILE_FIELDS)].map((c) => `p.${c}`).join(', ');
const USER_SELECT = `SELECT ${ACCOUNT_COLUMNS}, ${PROFILE_COLUMNS}, p.version
  FROM ${ACCOUNTS_FROM} JOIN user_profiles p ON p.account_id = a.id`;

type UserRow = AccountRow & ProfileRow & { version: number };

function userFromRow(row: UserRow): UserView {
  return { ...accountFromRow(row), profile: profileFromRow(row), version: row.version };
}

/**
 * Registers a user from the registration form (the operator, with the
 * applicant's documents at hand). Every profile problem is reported at once
 * (422 PROFILE_INVALID); the temporary password is returned here and never
 * again — only its hash is kept, and the user must change it at first login.
 */
export async function registerUser(
  db: Db,
  settings: Pick<AuthConfig, 'scryptLogN' | 'passwordMinLength'>,
  input: {
    login: string;
    profile: ProfilePatch & { kind: Profile['kind'] };
    /** The entry of a company source (a directory) the data came from: linked in the same transaction. */
    identity?: { source: string; externalId: string };
  },
  context: ChangeContext,
): Promise<{ user: UserView; temporaryPassword: string }> {
  const profile = normalizeProfile(input.profile);
  assertValidProfile(profile);
  const temporaryPassword = generateTemporaryPassword(settings.passwordMinLength);
  const passwordHash = await hashPassword(temporaryPassword, settings.scryptLogN);
  const user = await db
    .transaction(async (tx) => {
      const created = await insertUser(
        tx,
        { login: input.login, profile, passwordHash, mustChangePassword: true },
        context,
      );
      if (input.identity) await insertIdentity(tx, { accountId: created.id, ...input.identity }, context);
      return created;
    })
    .catch(async (error: unknown) => {
      // The login is checked first (LOGIN_TAKEN); a unique violation left is the identity's.
      if (input.identity && isUniqueViolation(error)) {
        const holder = await accountOfIdentity(db, input.identity.source, input.identity.externalId);
        if (holder) {
          throw new DomainError(
            'IDENTITY_ALREADY_LINKED',
            `${input.identity.source} identity ${input.identity.externalId} is already linked to account ${holder}`,
            { accountId: holder },
          );
        }
      }
      throw error;
    });
  return { user, temporaryPassword };
}

/**
 * Inserts a user with a valid, normalised profile inside the caller's
 * transaction, audited as `user.create` (an HR import registers many in one
 * batch). Without a password hash the user cannot sign in until one is set.
 */
export async function insertUser(
  tx: Queryable,
  input: { login: string; profile: Profile; passwordHash?: string; mustChangePassword: boolean },
  context: ChangeContext & { details?: Record<string, unknown> },
): Promise<UserView> {
  const { profile } = input;
  const account = await insertAccount(
    tx,
    {
      role: 'user',
      login: input.login,
      ...(input.passwordHash !== undefined ? { passwordHash: input.passwordHash } : {}),
      mustChangePassword: input.mustChangePassword,
    },
    context,
  );
  const columns = ['account_id', 'kind', ...PROFILE_FIELD_NAMES.map((f) => PROFILE_FIELDS[f])];
  const values = [account.id, profile.kind, ...PROFILE_FIELD_NAMES.map((f) => profile[f] ?? null)];
  await tx.query(
    `INSERT INTO user_profiles (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
    values,
  );
  await appendAudit(tx, {
    actor: context.actor,
    ...(context.requestId ? { requestId: context.requestId } : {}),
    action: 'user.create',
    target: `account:${account.id}`,
    details: { login: account.login, kind: profile.kind, ...context.details },
  });
  return { ...accountFromRow(account), profile, version: 1 };
}

export async function getUser(db: Db, id: string): Promise<UserView> {
  const { rows } = await db.query<UserRow>(`${USER_SELECT} WHERE a.id = $1 AND a.role = 'user'`, [id]);
  const row = rows[0];
  if (!row) throw new DomainError('USER_NOT_FOUND', `no such user: ${id}`);
  return userFromRow(row);
}

export interface UserQuery {
  /** Part of the login, surname, name or patronymic; or a whole SNILS or INN. */
  search?: string;
  status?: AccountStatus;
  sort?: 'login' | 'surname' | 'createdAt';
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const SORT_COLUMNS: Readonly<Record<NonNullable<UserQuery['sort']>, string>> = {
  login: 'lower(a.login)',
  surname: 'lower(p.surname)',
  createdAt: 'a.created_at',
};

/** The WHERE clause and its parameters of a user search. */
function userFilter(query: Pick<UserQuery, 'search' | 'status'>): { filter: string; params: unknown[] } {
  const where = ["a.role = 'user'"];
  const params: unknown[] = [];
  if (query.status) {
    params.push(query.status);
    where.push(`a.status = $${params.length}`);
  }
  const search = query.search?.trim();
  if (search) {
    params.push(`%${search.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`);
    const like = `$${params.length}`;
    params.push(search.replace(/[-\s]/g, ''));
    const exact = `$${params.length}`;
    where.push(
      `(lower(a.login) LIKE ${like} OR lower(p.surname) LIKE ${like} OR lower(p.name) LIKE ${like}
        OR lower(p.patronymic) LIKE ${like} OR p.snils = ${exact} OR p.inn = ${exact} OR p.innle = ${exact})`,
    );
  }
  return { filter: where.join(' AND '), params };
}

/** One page of users matching the search and filters, with the total count for the pager. */
export async function listUsers(db: Db, query: UserQuery): Promise<{ items: UserView[]; total: number }> {
  const { filter, params } = userFilter(query);
  const direction = query.order === 'desc' ? 'DESC' : 'ASC';
  const sort = SORT_COLUMNS[query.sort ?? 'login'];
  const count = await db.query<{ total: string | number }>(
    `SELECT count(*) AS total FROM accounts a JOIN user_profiles p ON p.account_id = a.id WHERE ${filter}`,
    params,
  );
  const { rows } = await db.query<UserRow>(
    `${USER_SELECT} WHERE ${filter} ORDER BY ${sort} ${direction} NULLS LAST, a.id
     LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, query.limit, query.offset],
  );
  return { items: rows.map(userFromRow), total: Number(count.rows[0]?.total ?? 0) };
}

/** A user a bulk action names: who, for its report. */
export interface SelectedUser {
  id: string;
  login: string;
}

/** At most this many users in one selection. */
export const MAX_SELECTED_USERS = 100_000;

/**
 * The users of a bulk action: the given ids, in their order (404
 * USER_NOT_FOUND naming those that are not users' ids), or every user
 * matching a search as the users list filters it, by login.
 */
export async function selectUsers(
  db: Queryable,
  selection: { ids: readonly string[] } | Pick<UserQuery, 'search' | 'status'>,
): Promise<SelectedUser[]> {
  if ('ids' in selection) {
    const ids = [...new Set(selection.ids)];
    const { rows } = await db.query<{ id: string; login: string }>(
      `SELECT a.id, a.login FROM accounts a WHERE a.role = 'user' AND a.id = ANY($1::uuid[])`,
      [ids],
    );
    const found = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new DomainError('USER_NOT_FOUND', `no such users: ${missing.slice(0, 5).join(', ')}`, {
        missing: missing.slice(0, 100),
      });
    }
    return ids.map((id) => found.get(id)!);
  }
  const { filter, params } = userFilter(selection);
  const { rows } = await db.query<{ id: string; login: string }>(
    `SELECT a.id, a.login FROM accounts a JOIN user_profiles p ON p.account_id = a.id WHERE ${filter}
      ORDER BY lower(a.login), a.id LIMIT ${MAX_SELECTED_USERS + 1}`,
    params,
  );
  return rows;
}

/**
 * Edits the registration data. The caller quotes the version it read; if
 * someone saved in between → 409 CONCURRENT_EDIT (reload and redo). The
 * merged profile must still be valid; the field-level diff goes to the
 * history, the changed field names (not their values) to the audit log.
 */
export async function updateUserProfile(
  db: Db,
  id: string,
  input: { version: number; profile: ProfilePatch },
  context: ChangeContext,
  /** `user.self_update` when the holder corrects their own data in the cabinet. */
  action: 'user.update' | 'user.self_update' = 'user.update',
  /** Where the new values came from (a directory re-sync), kept with the change in the audit log. */
  origin?: { source: string; externalId: string },
): Promise<UserView> {
  return db.transaction(async (tx) => {
    await lockedAccount(tx, id, ['user'], 'USER_NOT_FOUND');
    const { rows } = await tx.query<UserRow>(`${USER_SELECT} WHERE a.id = $1 FOR UPDATE OF p`, [id]);
    const current = rows[0]!;
    if (current.version !== input.version) {
      throw new DomainError(
        'CONCURRENT_EDIT',
        `the registration data was changed by someone else (version ${current.version}, yours ${input.version}); reload and repeat the edit`,
        { currentVersion: current.version },
      );
    }
    const before = profileFromRow(current);
    const after = normalizeProfile({ ...before, ...input.profile, kind: input.profile.kind ?? before.kind });
    assertValidProfile(after);
    return saveProfile(
      tx,
      current,
      after,
      { ...context, ...(origin ? { details: { origin } } : {}) },
      action,
    );
  });
}

/**
 * Replaces a user's registration data with `after` (valid, normalised)
 * inside the caller's transaction: the field-level diff goes to the history,
 * the changed field names to the audit log; no difference, no change.
 */
async function saveProfile(
  tx: Queryable,
  current: UserRow,
  after: Profile,
  context: ChangeContext & { details?: Record<string, unknown> },
  action: 'user.update' | 'user.self_update' = 'user.update',
): Promise<UserView> {
  const id = current.id;
  const before = profileFromRow(current);
  const diff = profileDiff(before, after);
  if (Object.keys(diff).length === 0) return userFromRow(current);
  const version = current.version + 1;
  const assignments = PROFILE_FIELD_NAMES.map((f, i) => `${PROFILE_FIELDS[f]} = $${i + 4}`);
  await tx.query(
    `UPDATE user_profiles SET kind = $2, version = $3, updated_at = now(), ${assignments.join(', ')} WHERE account_id = $1`,
    [id, after.kind, version, ...PROFILE_FIELD_NAMES.map((f) => after[f] ?? null)],
  );
  await tx.query(
    'INSERT INTO profile_history (account_id, changed_by, version, changes) VALUES ($1, $2, $3, $4)',
    [id, context.actor, version, JSON.stringify(diff)],
  );
  await appendAudit(tx, {
    actor: context.actor,
    ...(context.requestId ? { requestId: context.requestId } : {}),
    action,
    target: `account:${id}`,
    details: { fields: Object.keys(diff), version, ...context.details },
  });
  return { ...accountFromRow(current), profile: after, version };
}

/**
 * Sets a user's registration data from a company source (an HR export)
 * inside the caller's transaction, whatever version it has: the source is
 * the authority for the fields it maps. Returns whether anything changed.
 */
export async function replaceUserProfile(
  tx: Queryable,
  id: string,
  after: Profile,
  context: ChangeContext & { details?: Record<string, unknown> },
): Promise<{ user: UserView; changed: boolean }> {
  await lockedAccount(tx, id, ['user'], 'USER_NOT_FOUND');
  const { rows } = await tx.query<UserRow>(`${USER_SELECT} WHERE a.id = $1 FOR UPDATE OF p`, [id]);
  const current = rows[0]!;
  const user = await saveProfile(tx, current, after, context);
  return { user, changed: user.version !== current.version };
}

export interface ProfileChange {
  version: number;
  changedBy: string;
  /** The display name or login of the account behind `changedBy`; null for `system` and the CLI. */
  changedByName: string | null;
  changedAt: string;
  changes: Record<string, { from: string | null; to: string | null }>;
}

/** Who changed what in a user's registration data, newest first. */
export async function profileHistory(db: Db, id: string): Promise<ProfileChange[]> {
  await getUser(db, id);
  const { rows } = await db.query<{
    version: number;
    changed_by: string;
    changed_by_name: string | null;
    changed_at: Date;
    changes: ProfileChange['changes'];
  }>(
    `SELECT h.version, h.changed_by, ${actorNameOf('changer')} AS changed_by_name, h.changed_at, h.changes
       FROM profile_history h ${joinActorAccount('h.changed_by', 'changer')}
      WHERE h.account_id = $1 ORDER BY h.id DESC`,
    [id],
  );
  return rows.map((r) => ({
    version: r.version,
    changedBy: r.changed_by,
    changedByName: r.changed_by_name,
    changedAt: r.changed_at.toISOString(),
    changes: r.changes,
  }));
}

/** A user a company source registers in bulk: a valid login and a valid, normalised profile. */
export interface NewUser {
  login: string;
  profile: Profile;
  /** Facts for this user's `user.create` audit record (the source, the job, the row). */
  details: Record<string, string | number>;
}

/**
 * Registers many users inside the caller's transaction with a few
 * statements, each audited as `user.create` like a registration. The caller
 * has checked the logins (form, and free with `takenLogins`); they have no
 * password until one is issued, and must change it at first sign-in.
 */
export async function insertUsers(
  tx: Queryable,
  users: readonly NewUser[],
  context: ChangeContext,
): Promise<string[]> {
  if (users.length === 0) return [];
  const ids = users.map(() => randomUUID());
  await tx.query(
    `INSERT INTO accounts (id, role, login, must_change_password, created_by)
     SELECT id, 'user', login, true, $3 FROM unnest($1::uuid[], $2::text[]) AS u(id, login)`,
    [ids, users.map((u) => u.login), context.actor],
  );
  const columns = PROFILE_FIELD_NAMES.map((f) => PROFILE_FIELDS[f]);
  const records = users.map((u, i) => {
    const record: Record<string, string | null> = { account_id: ids[i]!, kind: u.profile.kind };
    for (const f of PROFILE_FIELD_NAMES) record[PROFILE_FIELDS[f]] = u.profile[f] ?? null;
    return record;
  });
  await tx.query(
    `INSERT INTO user_profiles (account_id, kind, ${columns.join(', ')})
     SELECT account_id, kind, ${columns.join(', ')}
       FROM jsonb_to_recordset($1::jsonb) AS r(account_id uuid, kind text, ${columns.map((c) => `${c} text`).join(', ')})`,
    [JSON.stringify(records)],
  );
  await appendAuditBatch(
    tx,
    users.map((u, i) => ({
      actor: context.actor,
      ...(context.requestId ? { requestId: context.requestId } : {}),
      action: 'user.create' as const,
      target: `account:${ids[i]!}`,
      details: { login: u.login, kind: u.profile.kind, ...u.details },
    })),
  );
  return ids;
}

/** The users registered with these SNILS numbers: SNILS → account id (the oldest account when several). */
export async function usersBySnils(tx: Queryable, snils: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ snils: string; account_id: string }>(
    `SELECT DISTINCT ON (p.snils) p.snils, p.account_id FROM user_profiles p JOIN accounts a ON a.id = p.account_id
      WHERE p.snils = ANY($1::text[]) AND a.role = 'user' ORDER BY p.snils, a.created_at`,
    [snils],
  );
  return new Map(rows.map((r) => [r.snils, r.account_id]));
}
