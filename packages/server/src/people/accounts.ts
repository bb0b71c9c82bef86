import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import { isUniqueViolation } from '../db/errors.js';
import type { AuthConfig } from '../config/config.js';
import type { Db, Queryable } from '../db/db.js';
import { DomainError, type DomainErrorCode } from '../core/domain-error.js';
import { generateTemporaryPassword, hashPassword } from '../auth/password.js';
import type { Role } from '../auth/principal.js';
import { endSessionsOf } from '../auth/sessions.js';
import { actorNameOf, joinActorAccount } from './actor-names.js';

/** Who makes a change, for the audit log and the history: `operator:<id>` etc., and the request it came with. */
export interface ChangeContext {
  actor: string;
  requestId?: string;
}

export type AccountStatus = 'active' | 'locked' | 'disabled';

/** An account as the API shows it: never its password hash. */
export interface AccountView {
  id: string;
  role: Role;
  login: string;
  displayName: string | null;
  status: AccountStatus;
  mustChangePassword: boolean;
  /** Set while the account is locked after too many wrong passwords. */
  lockedUntil: string | null;
  createdAt: string;
  createdBy: string;
  /** The display name or login of the account that created this one; null for `system` and the CLI. */
  createdByName: string | null;
}

export const ACCOUNT_COLUMNS = `a.id, a.role, a.login, a.display_name, a.status, a.must_change_password, a.locked_until,
  a.created_at, a.created_by, ${actorNameOf('creator')} AS created_by_name`;

/** Accounts as `a`, with the account that created each as `creator` (for ACCOUNT_COLUMNS). */
export const ACCOUNTS_FROM = `accounts a ${joinActorAccount('a.created_by', 'creator')}`;

export interface AccountRow extends Record<string, unknown> {
  id: string;
  role: Role;
  login: string;
  display_name: string | null;
  status: AccountStatus;
  must_change_password: boolean;
  locked_until: Date | null;
  created_at: Date;
  created_by: string;
  created_by_name: string | null;
}

export function accountFromRow(row: AccountRow): AccountView {
  return {
    id: row.id,
    role: row.role,
    login: row.login,
    displayName: row.display_name,
    status: row.status,
    mustChangePassword: row.must_change_password,
    lockedUntil:
      row.locked_until && row.locked_until.getTime() > Date.now() ? row.locked_until.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    createdByName: row.created_by_name,
  };
}

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/;

/** Whether a login has the allowed form (3–64 Latin letters, digits and . _ @ -). */
export const isValidLogin = (login: string): boolean => LOGIN.test(login);

/** Which of these logins an account already has, in lower case (logins are unique regardless of case). */
export async function takenLogins(tx: Queryable, logins: readonly string[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ login: string }>(
    'SELECT lower(login) AS login FROM accounts WHERE lower(login) = ANY($1::text[])',
    [logins.map((l) => l.toLowerCase())],
  );
  return new Set(rows.map((r) => r.login));
}

/**
 * Inserts an account row; a login already used by any account, in any
 * letter case → 409 LOGIN_TAKEN.
 */
export async function insertAccount(
  tx: Queryable,
  account: {
    role: Role;
    login: string;
    displayName?: string;
    passwordHash?: string;
    mustChangePassword: boolean;
  },
  context: ChangeContext,
): Promise<AccountRow> {
  const login = account.login.trim();
  if (!LOGIN.test(login)) {
    throw new DomainError(
      'LOGIN_INVALID',
      'a login is 3–64 Latin letters, digits and . _ @ -, starting with a letter or digit',
    );
  }
  const taken = await tx.query('SELECT 1 FROM accounts WHERE lower(login) = lower($1)', [login]);
  if (taken.rowCount > 0) throw new DomainError('LOGIN_TAKEN', `the login ${login} is already taken`);
  const id = randomUUID();
  try {
    await tx.query(
      `INSERT INTO accounts (id, role, login, display_name, password_hash, must_change_password, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        account.role,
        login,
        account.displayName ?? null,
        account.passwordHash ?? null,
        account.mustChangePassword,
        context.actor,
      ],
    );
  } catch (error) {
    // Two registrations of the same login at once: the unique index decides.
    if (isUniqueViolation(error)) throw new DomainError('LOGIN_TAKEN', `the login ${login} is already taken`);
    throw error;
  }
  return accountRow(tx, id);
}

/** An account's row as ACCOUNT_COLUMNS reads it (after a change in the same transaction). */
async function accountRow(tx: Queryable, id: string): Promise<AccountRow> {
  const { rows } = await tx.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM ${ACCOUNTS_FROM} WHERE a.id = $1`,
    [id],
  );
  return rows[0]!;
}

/** The account's row, locked for the rest of the transaction; → 404 `<notFound>` when absent or of another role. */
export async function lockedAccount(
  tx: Queryable,
  id: string,
  roles: readonly Role[],
  notFound: DomainErrorCode,
): Promise<AccountRow> {
  const { rows } = await tx.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM ${ACCOUNTS_FROM} WHERE a.id = $1 AND a.role = ANY($2::text[]) FOR UPDATE OF a`,
    [id, roles],
  );
  const row = rows[0];
  if (!row) throw new DomainError(notFound, `no such account: ${id}`);
  return row;
}

/**
 * A new temporary password for a user (shown once to the operator, who
 * hands it over): the user must change it at the next login; every open
 * session ends.
 */
export async function resetPassword(
  db: Db,
  settings: Pick<AuthConfig, 'scryptLogN' | 'passwordMinLength'>,
  id: string,
  context: ChangeContext,
): Promise<{ account: AccountView; temporaryPassword: string }> {
  const temporaryPassword = generateTemporaryPassword(settings.passwordMinLength);
  const passwordHash = await hashPassword(temporaryPassword, settings.scryptLogN);
  return db.transaction(async (tx) => {
    await lockedAccount(tx, id, ['user'], 'USER_NOT_FOUND');
    await tx.query(
      `UPDATE accounts SET password_hash = $2, must_change_password = true, password_expires_at = NULL,
              failed_logins = 0, locked_until = NULL
       WHERE id = $1`,
      [id, passwordHash],
    );
    await endSessionsOf(tx, id);
    await appendAudit(tx, { ...context, action: 'user.password_reset', target: `account:${id}` });
    return { account: accountFromRow(await accountRow(tx, id)), temporaryPassword };
  });
}

/** An administrator may not lock or disable the account they are using: the CA would lose its last way in. */
function refuseOwnAccount(context: ChangeContext, id: string): void {
  if (context.actor.endsWith(`:${id}`)) {
    throw new DomainError('OWN_ACCOUNT_CHANGE_REFUSED', 'you cannot lock or disable your own account');
  }
}

/** The code for an account that is not there: a user's or a staff account's. */
const notFoundFor = (roles: readonly Role[]): DomainErrorCode =>
  roles.includes('user') ? 'USER_NOT_FOUND' : 'OPERATOR_NOT_FOUND';

/**
 * Locks an account (no logins, open sessions end; an operator's client
 * certificate is refused at its next request) until it is unlocked;
 * repeating it changes nothing but is recorded, with the reason if given.
 */
export async function lockAccount(
  db: Db,
  id: string,
  roles: readonly Role[],
  context: ChangeContext,
  reason?: string,
): Promise<AccountView> {
  return closeAccount(db, id, roles, context, 'locked', reason);
}

/**
 * Disables an account for good (an employee who left): no logins, open
 * sessions end, an unlock does not bring it back — only {@link enableAccount}.
 */
export async function disableAccount(
  db: Db,
  id: string,
  roles: readonly Role[],
  context: ChangeContext,
  reason?: string,
): Promise<AccountView> {
  return closeAccount(db, id, roles, context, 'disabled', reason);
}

/** Locks or disables: the status set, the sessions ended and the record written in one transaction. */
async function closeAccount(
  db: Db,
  id: string,
  roles: readonly Role[],
  context: ChangeContext,
  status: 'locked' | 'disabled',
  reason?: string,
): Promise<AccountView> {
  refuseOwnAccount(context, id);
  return db.transaction(async (tx) => {
    await lockedAccount(tx, id, roles, notFoundFor(roles));
    await tx.query('UPDATE accounts SET status = $2 WHERE id = $1', [id, status]);
    await endSessionsOf(tx, id);
    await appendAudit(tx, {
      ...context,
      action: status === 'locked' ? 'account.lock' : 'account.disable',
      target: `account:${id}`,
      ...(reason !== undefined ? { details: { reason } } : {}),
    });
    return accountFromRow(await accountRow(tx, id));
  });
}

/** Enables a disabled account again (active, no failed logins counted); one that is not disabled is left as it is. */
export async function enableAccount(
  db: Db,
  id: string,
  roles: readonly Role[],
  context: ChangeContext,
): Promise<AccountView> {
  return db.transaction(async (tx) => {
    const before = await lockedAccount(tx, id, roles, notFoundFor(roles));
    if (before.status === 'disabled') {
      await tx.query(
        "UPDATE accounts SET status = 'active', failed_logins = 0, locked_until = NULL WHERE id = $1",
        [id],
      );
      await appendAudit(tx, { ...context, action: 'account.enable', target: `account:${id}` });
    }
    return accountFromRow(await accountRow(tx, id));
  });
}

/** Renames an operator or administrator (the name the office and the audit log show); audited with the old and new name. */
export async function renameStaffAccount(
  db: Db,
  id: string,
  displayName: string | null,
  context: ChangeContext,
  /** The name the editor read (null: none): when given and another administrator has renamed the account since → CONCURRENT_EDIT. */
  expectedDisplayName?: string | null,
): Promise<AccountView> {
  return db.transaction(async (tx) => {
    const before = await lockedAccount(tx, id, ['operator', 'admin'], 'OPERATOR_NOT_FOUND');
    if (expectedDisplayName !== undefined && expectedDisplayName !== before.display_name) {
      throw new DomainError(
        'CONCURRENT_EDIT',
        'the account was renamed since it was read: reload and try again',
        { displayName: before.display_name },
      );
    }
    const name = displayName?.trim() === '' ? null : (displayName?.trim() ?? null);
    if (name !== before.display_name) {
      await tx.query('UPDATE accounts SET display_name = $2 WHERE id = $1', [id, name]);
      await appendAudit(tx, {
        ...context,
        action: `${before.role}.update`,
        target: `account:${id}`,
        details: { displayName: { from: before.display_name, to: name } },
      });
    }
    return accountFromRow(await accountRow(tx, id));
  });
}

/** Unlocks an account: both an operator's lock and the lock after too many wrong passwords. */
export async function unlockAccount(
  db: Db,
  id: string,
  roles: readonly Role[],
  context: ChangeContext,
): Promise<AccountView> {
  return db.transaction(async (tx) => {
    const before = await lockedAccount(tx, id, roles, notFoundFor(roles));
    if (before.status === 'disabled')
      throw new DomainError('ACCOUNT_DISABLED', 'a disabled account cannot be unlocked');
    await tx.query(
      "UPDATE accounts SET status = 'active', failed_logins = 0, locked_until = NULL WHERE id = $1",
      [id],
    );
    await appendAudit(tx, { ...context, action: 'account.unlock', target: `account:${id}` });
    return accountFromRow(await accountRow(tx, id));
  });
}

/** Registers an operator or administrator: the account only; the CA issue gives it a client certificate. */
export async function registerOperator(
  db: Db,
  input: { login: string; role: 'operator' | 'admin'; displayName?: string },
  context: ChangeContext,
): Promise<AccountView> {
  return db.transaction(async (tx) => {
    const row = await insertAccount(
      tx,
      {
        role: input.role,
        login: input.login,
        mustChangePassword: false,
        ...(input.displayName ? { displayName: input.displayName } : {}),
      },
      context,
    );
    await appendAudit(tx, {
      ...context,
      action: `${input.role}.create`,
      target: `account:${row.id}`,
      details: { login: row.login, role: input.role },
    });
    return accountFromRow(row);
  });
}

/** Operators and administrators, by login. */
export async function listOperators(db: Db): Promise<AccountView[]> {
  const { rows } = await db.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM ${ACCOUNTS_FROM} WHERE a.role IN ('operator', 'admin') ORDER BY lower(a.login)`,
  );
  return rows.map(accountFromRow);
}

/**
 * The name the office shows for an account: its display name, else (a user)
 * the person's name from the registration data — surname, name and
 * patronymic, or the common name; null when it has none (or no such account).
 */
export async function accountDisplayName(db: Queryable, id: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string | null }>(
    `SELECT coalesce(
       nullif(a.display_name, ''),
       nullif(concat_ws(' ', nullif(p.surname, ''), nullif(p.name, ''), nullif(p.patronymic, '')), ''),
       nullif(p.common_name, '')
     ) AS name
     FROM accounts a LEFT JOIN user_profiles p ON p.account_id = a.id WHERE a.id = $1`,
    [id],
  );
  return rows[0]?.name ?? null;
}

/** An operator or administrator: the holders of TLS client certificates; → OPERATOR_NOT_FOUND. */
export async function findStaffAccount(
  db: Queryable,
  id: string,
): Promise<{ id: string; login: string; displayName: string | null }> {
  const { rows } = await db.query<{ id: string; login: string; display_name: string | null }>(
    "SELECT id, login, display_name FROM accounts WHERE id = $1 AND role IN ('operator', 'admin')",
    [id],
  );
  const row = rows[0];
  if (!row) throw new DomainError('OPERATOR_NOT_FOUND', `no operator or administrator ${id}`);
  return { id: row.id, login: row.login, displayName: row.display_name };
}

/** The id of the user with this login (any letter case); → USER_NOT_FOUND. */
export async function userIdByLogin(db: Queryable, login: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM accounts WHERE lower(login) = lower($1) AND role = 'user'",
    [login.trim()],
  );
  const row = rows[0];
  if (!row) throw new DomainError('USER_NOT_FOUND', `no such user: ${login}`);
  return row.id;
}
