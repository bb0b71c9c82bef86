import { appendAudit } from '../audit/audit-log.js';
import type { AuthConfig } from '../config/config.js';
import type { Db, Queryable } from '../db/db.js';
import { DomainError } from '../core/domain-error.js';
import {
  accountUsable,
  clearFailedLogins,
  countFailedLogin,
  findLoginAccount,
  joinAccount,
  passwordHashOf,
  principalColumns,
  setOwnPassword,
} from '../people/credentials.js';
import { checkPasswordPolicy, hashPassword, verifyDummyPassword, verifyPassword } from './password.js';
import { actorOf, randomSecret, secretHash, type Principal, type Role } from './principal.js';
import { hitRateLimit } from './rate-limit.js';

export interface LoginAttempt {
  login: string;
  password: string;
  ip: string;
  userAgent?: string;
  requestId?: string;
}

export interface LoginResult {
  /** The session cookie's value: shown to the browser once, only its hash is stored. */
  sessionToken: string;
  /** Must accompany every state-changing request made with the cookie, in `X-CSRF-Token`. */
  csrfToken: string;
  expiresAt: Date;
  account: { id: string; login: string; role: Role; mustChangePassword: boolean };
}

const invalidCredentials = (): DomainError =>
  new DomainError('INVALID_CREDENTIALS', 'wrong login or password');
const accountLocked = (): DomainError =>
  new DomainError(
    'ACCOUNT_LOCKED',
    'the account is locked; wait for the lock to expire or ask an operator to unlock it',
  );

/**
 * A user's password login (M3.2, M3.4), every outcome audited:
 * rate limit per IP and per login (429 RATE_LIMITED), an unknown login and a
 * wrong password answer alike and take as long (401 INVALID_CREDENTIALS),
 * `maxFailedLogins` wrong passwords in a row lock the account for
 * `lockoutMinutes` (423 ACCOUNT_LOCKED), as does an operator's lock.
 */
export async function logIn(db: Db, settings: AuthConfig, attempt: LoginAttempt): Promise<LoginResult> {
  const login = attempt.login.trim().toLowerCase();
  const limited = await db.transaction(async (tx) => {
    const byIp = await hitRateLimit(tx, `login-ip:${attempt.ip}`, settings.loginRateLimitPerMinute, 60);
    const byLogin = await hitRateLimit(tx, `login:${login}`, settings.loginRateLimitPerMinute, 60);
    return byIp.allowed && byLogin.allowed
      ? undefined
      : Math.max(byIp.retryAfterSeconds, byLogin.retryAfterSeconds);
  });
  if (limited !== undefined) {
    throw new DomainError('RATE_LIMITED', `too many login attempts; retry in ${limited} s`, {
      retryAfterSeconds: limited,
    });
  }

  const attemptDetails = { login, ip: attempt.ip };
  const fail = async (actor: string, reason: string, target?: string): Promise<void> => {
    await db.transaction((tx) =>
      appendAudit(tx, {
        actor,
        action: 'session.login_failed',
        ...(target ? { target } : {}),
        details: { ...attemptDetails, reason },
        ...(attempt.requestId ? { requestId: attempt.requestId } : {}),
      }),
    );
  };

  const account = await findLoginAccount(db, login);
  // Operators and administrators log in with their client certificate, never with a password.
  if (!account || account.role !== 'user' || account.passwordHash === null) {
    await verifyDummyPassword(attempt.password, settings.scryptLogN);
    await fail('anonymous', 'unknown login');
    throw invalidCredentials();
  }
  const actor = actorOf({ role: account.role, accountId: account.id });
  const target = `account:${account.id}`;
  if (account.status === 'disabled') {
    await verifyDummyPassword(attempt.password, settings.scryptLogN);
    await fail(actor, 'account disabled', target);
    throw invalidCredentials();
  }
  if (account.status === 'locked' || account.temporarilyLocked) {
    await fail(actor, 'account locked', target);
    throw accountLocked();
  }

  if (!(await verifyPassword(attempt.password, account.passwordHash))) {
    const lockedNow = await db.transaction(async (tx) => {
      const locked = await countFailedLogin(
        tx,
        account.id,
        settings.maxFailedLogins,
        settings.lockoutMinutes,
      );
      await appendAudit(tx, {
        actor,
        action: 'session.login_failed',
        target,
        details: { ...attemptDetails, reason: locked ? 'wrong password; account locked' : 'wrong password' },
        ...(attempt.requestId ? { requestId: attempt.requestId } : {}),
      });
      return locked;
    });
    throw lockedNow ? accountLocked() : invalidCredentials();
  }

  const sessionToken = randomSecret();
  const csrfToken = randomSecret();
  return db.transaction(async (tx) => {
    await clearFailedLogins(tx, account.id);
    const { rows: created } = await tx.query<{ expires_at: Date }>(
      `INSERT INTO sessions (id, account_id, csrf_secret, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, now() + $4::int * interval '1 minute', $5, $6) RETURNING expires_at`,
      [
        secretHash(sessionToken),
        account.id,
        csrfToken,
        settings.sessionTtlMinutes,
        attempt.ip,
        attempt.userAgent ?? null,
      ],
    );
    await appendAudit(tx, {
      actor,
      action: 'session.login',
      target,
      details: { ...attemptDetails, method: 'password' },
      ...(attempt.requestId ? { requestId: attempt.requestId } : {}),
    });
    return {
      sessionToken,
      csrfToken,
      expiresAt: created[0]!.expires_at,
      account: {
        id: account.id,
        login: account.login,
        role: account.role,
        mustChangePassword: account.mustChangePassword,
      },
    };
  });
}

interface SessionRow extends Record<string, unknown> {
  id: string;
  csrf_secret: string;
  stale: boolean;
  account_id: string;
  role: Role;
  login: string;
  must_change_password: boolean;
}

/** The principal of a session cookie, with the session's CSRF secret; undefined when unknown, expired or the account is locked. */
export async function sessionPrincipal(
  db: Db,
  sessionToken: string,
): Promise<{ principal: Principal; csrfSecret: string } | undefined> {
  const { rows } = await db.query<SessionRow>(
    `SELECT s.id, s.csrf_secret, s.last_seen_at < now() - interval '1 minute' AS stale, ${principalColumns('a')}
     FROM sessions s ${joinAccount('s.account_id', 'a')}
     WHERE s.id = $1 AND s.expires_at > now() AND ${accountUsable('a')}`,
    [secretHash(sessionToken)],
  );
  const row = rows[0];
  if (!row) return undefined;
  // Written at most once a minute, so reading pages does not turn into a write per request.
  if (row.stale) await db.query('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [row.id]);
  return {
    principal: {
      accountId: row.account_id,
      role: row.role,
      login: row.login,
      method: 'session',
      sessionId: row.id,
      mustChangePassword: row.must_change_password,
    },
    csrfSecret: row.csrf_secret,
  };
}

export async function logOut(db: Db, principal: Principal, requestId?: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM sessions WHERE id = $1', [principal.sessionId]);
    await appendAudit(tx, {
      actor: actorOf(principal),
      action: 'session.logout',
      target: `account:${principal.accountId}`,
      ...(requestId ? { requestId } : {}),
    });
  });
}

/**
 * The user changes their own password (required after a temporary one):
 * the current one must be right (401 INVALID_CREDENTIALS), the new one must
 * satisfy the policy and differ (422 PASSWORD_POLICY). Other sessions end.
 */
export async function changePassword(
  db: Db,
  settings: AuthConfig,
  principal: Principal,
  passwords: { password: string; newPassword: string },
  requestId?: string,
): Promise<void> {
  const audit = {
    actor: actorOf(principal),
    target: `account:${principal.accountId}`,
    ...(requestId ? { requestId } : {}),
  };
  const hash = await passwordHashOf(db, principal.accountId);
  if (hash === null || !(await verifyPassword(passwords.password, hash))) {
    await db.transaction((tx) =>
      appendAudit(tx, {
        ...audit,
        action: 'account.password_change_failed',
        details: { reason: 'wrong current password' },
      }),
    );
    throw invalidCredentials();
  }
  checkPasswordPolicy(passwords.newPassword, settings.passwordMinLength);
  if (passwords.newPassword === passwords.password) {
    throw new DomainError('PASSWORD_POLICY', 'the new password must differ from the current one');
  }
  const newHash = await hashPassword(passwords.newPassword, settings.scryptLogN);
  await db.transaction(async (tx) => {
    await setOwnPassword(tx, principal.accountId, newHash);
    await tx.query('DELETE FROM sessions WHERE account_id = $1 AND id <> $2', [
      principal.accountId,
      principal.sessionId ?? '',
    ]);
    await appendAudit(tx, { ...audit, action: 'account.password_change' });
  });
}

/** Removes sessions past their end (a cookie for one is refused anyway); returns how many. */
export async function deleteExpiredSessions(db: Queryable): Promise<number> {
  return (await db.query('DELETE FROM sessions WHERE expires_at <= now()')).rowCount;
}

/** Ends every session of an account (it was locked, disabled or its password reset), in the caller's transaction. */
export async function endSessionsOf(tx: Queryable, accountId: string): Promise<void> {
  await tx.query('DELETE FROM sessions WHERE account_id = $1', [accountId]);
}
