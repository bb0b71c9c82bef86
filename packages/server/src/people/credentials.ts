import type { Role } from '../auth/principal.js';
import type { Queryable } from '../db/db.js';
import type { AccountStatus } from './accounts.js';

/**
 * The accounts table as authentication sees it. Authentication (auth/)
 * decides who may sign in; the people service owns the account rows, so
 * every read and write of their credentials and login state is here.
 */

/** An account found by its login, with what a password login decides on. */
export interface LoginAccount {
  id: string;
  role: Role;
  login: string;
  status: AccountStatus;
  /** PHC-like scrypt string; null for certificate-only accounts. */
  passwordHash: string | null;
  mustChangePassword: boolean;
  /** Locked for a while after too many wrong passwords. */
  temporarilyLocked: boolean;
  /** When that lock ends (null when there is none). */
  lockedUntil: Date | null;
  /** The temporary password (still to be changed) is past its expiry: it no longer signs in. */
  temporaryPasswordExpired: boolean;
}

interface LoginRow extends Record<string, unknown> {
  id: string;
  role: Role;
  login: string;
  status: AccountStatus;
  password_hash: string | null;
  must_change_password: boolean;
  temporarily_locked: boolean;
  locked_until: Date | null;
  temporary_password_expired: boolean;
}

const LOGIN_COLUMNS = `id, role, login, status, password_hash, must_change_password, locked_until,
            coalesce(locked_until > now(), false) AS temporarily_locked,
            coalesce(must_change_password AND password_expires_at <= now(), false) AS temporary_password_expired`;

/** The account of a (case-insensitive) login. */
export async function findLoginAccount(db: Queryable, login: string): Promise<LoginAccount | undefined> {
  const { rows } = await db.query<LoginRow>(
    `SELECT ${LOGIN_COLUMNS} FROM accounts WHERE lower(login) = lower($1)`,
    [login],
  );
  return loginAccountOf(rows[0]);
}

/** The same for an account already identified (the second step of a sign-in). */
export async function findLoginAccountById(db: Queryable, id: string): Promise<LoginAccount | undefined> {
  const { rows } = await db.query<LoginRow>(`SELECT ${LOGIN_COLUMNS} FROM accounts WHERE id = $1`, [id]);
  return loginAccountOf(rows[0]);
}

function loginAccountOf(row: LoginRow | undefined): LoginAccount | undefined {
  return row
    ? {
        id: row.id,
        role: row.role,
        login: row.login,
        status: row.status,
        passwordHash: row.password_hash,
        mustChangePassword: row.must_change_password,
        temporarilyLocked: row.temporarily_locked,
        lockedUntil: row.locked_until,
        temporaryPasswordExpired: row.temporary_password_expired,
      }
    : undefined;
}

/**
 * How long a run of wrong passwords is remembered without another one:
 * the same for accounts and for login names without one
 * (`countFailedLoginName`), so the two cannot be told apart by probing
 * slowly.
 */
export const FAILED_LOGIN_MEMORY_MINUTES = 60;

/**
 * Counts a wrong password in the caller's transaction; the `maxFailed`-th in
 * a row (none more than FAILED_LOGIN_MEMORY_MINUTES apart) locks the account
 * for `lockoutMinutes` and starts the count again. Returns whether the
 * account is locked now.
 */
export async function countFailedLogin(
  tx: Queryable,
  accountId: string,
  maxFailed: number,
  lockoutMinutes: number,
): Promise<boolean> {
  const { rows } = await tx.query<{ locked: boolean }>(
    `WITH run AS (
       SELECT id, CASE WHEN last_failed_login_at > now() - $4::int * interval '1 minute'
                       THEN failed_logins ELSE 0 END AS before
       FROM accounts WHERE id = $1
     )
     UPDATE accounts a SET
       failed_logins = CASE WHEN run.before + 1 >= $2 THEN 0 ELSE run.before + 1 END,
       locked_until = CASE WHEN run.before + 1 >= $2 THEN now() + $3::int * interval '1 minute' ELSE a.locked_until END,
       last_failed_login_at = now()
     FROM run WHERE a.id = run.id
     RETURNING a.locked_until IS NOT NULL AND a.locked_until > now() AS locked`,
    [accountId, maxFailed, lockoutMinutes, FAILED_LOGIN_MEMORY_MINUTES],
  );
  return rows[0]?.locked === true;
}

/**
 * Counts a wrong password typed inside a session (to change the password or
 * remove a second factor) as a wrong one at login, in the caller's
 * transaction, so a stolen session cannot guess the password indefinitely.
 * The lock ends that session too. Returns whether the account is locked now.
 */
export async function countWrongPasswordInSession(
  tx: Queryable,
  session: { accountId: string; sessionId?: string | undefined },
  settings: { maxFailedLogins: number; lockoutMinutes: number },
): Promise<boolean> {
  const locked = await countFailedLogin(
    tx,
    session.accountId,
    settings.maxFailedLogins,
    settings.lockoutMinutes,
  );
  if (locked) await tx.query('DELETE FROM sessions WHERE id = $1', [session.sessionId ?? '']);
  return locked;
}

/** A successful login forgets the wrong passwords before it. */
export async function clearFailedLogins(tx: Queryable, accountId: string): Promise<void> {
  await tx.query('UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1', [accountId]);
}

export async function passwordHashOf(db: Queryable, accountId: string): Promise<string | null> {
  const { rows } = await db.query<{ password_hash: string | null }>(
    'SELECT password_hash FROM accounts WHERE id = $1',
    [accountId],
  );
  return rows[0]?.password_hash ?? null;
}

/** The holder's own new password, which ends the duty to change a temporary one. */
export async function setOwnPassword(tx: Queryable, accountId: string, passwordHash: string): Promise<void> {
  await tx.query(
    'UPDATE accounts SET password_hash = $2, must_change_password = false, password_expires_at = NULL WHERE id = $1',
    [accountId, passwordHash],
  );
}

/**
 * A user whose company directory checks the password (LDAP bind) has no
 * temporary Podpis password to replace: the duty to change one ends.
 */
export async function endPasswordChangeDuty(tx: Queryable, accountId: string): Promise<void> {
  await tx.query('UPDATE accounts SET must_change_password = false WHERE id = $1 AND must_change_password', [
    accountId,
  ]);
}

/**
 * SQL for the per-request lookups (session, token, client certificate),
 * which join the credential's row to its account in one query on the hot
 * path: the account's columns a principal needs, as `account_id`, `role`,
 * `login`, `must_change_password`, `account_status`…
 */
export function principalColumns(alias: string): string {
  return `${alias}.id AS account_id, ${alias}.role, ${alias}.login, ${alias}.must_change_password, ${alias}.status AS account_status`;
}

/** SQL: JOIN the account that `accountIdColumn` names, as `alias`. */
export function joinAccount(accountIdColumn: string, alias: string): string {
  return `JOIN accounts ${alias} ON ${alias}.id = ${accountIdColumn}`;
}

/** SQL condition: the joined account may act now (active, not locked for a while). */
export function accountUsable(alias: string): string {
  return `${alias}.status = 'active' AND (${alias}.locked_until IS NULL OR ${alias}.locked_until <= now())`;
}
