import { appendAudit } from '../audit/audit-log.js';
import type { AuthConfig } from '../config/config.js';
import type { Db, Queryable } from '../db/db.js';
import { DomainError } from '../core/domain-error.js';
import {
  accountUsable,
  clearFailedLogins,
  countFailedLogin,
  countWrongPasswordInSession,
  endPasswordChangeDuty,
  findLoginAccount,
  findLoginAccountById,
  joinAccount,
  passwordHashOf,
  principalColumns,
  setOwnPassword,
} from '../people/credentials.js';
import { accountLocked } from './account-lock.js';
import {
  checkPasswordPolicy,
  hashPassword,
  verifyDummyPassword,
  verifyPassword,
  verifyPasswordAtCost,
} from './password.js';
import { actorOf, randomSecret, secretHash, type Principal, type Role } from './principal.js';
import { countFailedLoginName, hitRateLimit } from './rate-limit.js';
import {
  methodsOf,
  secondFactorState,
  type SecondFactorContext,
  type SecondFactorMethod,
  type SignInDevices,
} from './second-factor.js';
import { verifySecondFactor, type SecondFactorProof } from './second-factor-proof.js';

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
  account: {
    id: string;
    login: string;
    role: Role;
    mustChangePassword: boolean;
    /** The role requires a second factor the account has not enrolled: only enrolment is allowed. */
    secondFactorEnrolmentRequired: boolean;
  };
}

/** A right password for an account with a second factor: the sign-in continues with `completeSecondFactor`. */
export interface PendingLogin {
  /** Bearer token of the pending sign-in: shown once, only its hash is stored; used once. */
  pendingToken: string;
  expiresAt: Date;
  methods: SecondFactorMethod[];
}

export type LoginOutcome = ({ kind: 'session' } & LoginResult) | ({ kind: 'second-factor' } & PendingLogin);

/**
 * A password check by a company directory (an LDAP bind as the user's
 * entry) for accounts linked to a directory that allows it: true or false,
 * or undefined when the account signs in with its Podpis password. Given by
 * the composition root, so authentication does not depend on the directory
 * service.
 */
export type DirectoryPasswordCheck = (accountId: string, password: string) => Promise<boolean | undefined>;

/** Long enough to find the phone or the key, short enough that a stolen pending token is soon useless. */
const PENDING_LOGIN_MINUTES = 5;

const invalidCredentials = (): DomainError =>
  new DomainError('INVALID_CREDENTIALS', 'wrong login or password');

/**
 * A user's password login (M3.2, M3.4), every outcome audited:
 * rate limit per IP and per login (429 RATE_LIMITED), an unknown login and a
 * wrong password answer alike and take as long (401 INVALID_CREDENTIALS),
 * `maxFailedLogins` wrong passwords in a row lock the account for
 * `lockoutMinutes` (423 ACCOUNT_LOCKED), as does an operator's lock.
 * An account with a second factor gets a pending sign-in instead of a
 * session (`completeSecondFactor` finishes it); one whose role requires a
 * factor it lacks gets a session limited to enrolling one.
 */
export async function logIn(
  db: Db,
  settings: AuthConfig,
  attempt: LoginAttempt,
  devices?: SignInDevices,
  directoryPassword?: DirectoryPasswordCheck,
): Promise<LoginOutcome> {
  const login = attempt.login.trim().toLowerCase();
  await limitLoginAttempts(db, settings, attempt.ip, login);

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

  // A name without a password sign-in answers as an account with a wrong password would — same
  // scrypt cost, 401 and then 423 after maxFailedLogins — so neither the answer nor its time tells
  // which logins exist.
  const failByName = async (
    actor: string,
    reason: string,
    target?: string,
    passwordChecked = false,
  ): Promise<never> => {
    if (!passwordChecked) await verifyDummyPassword(attempt.password, settings.scryptLogN);
    const locked = await db.transaction(async (tx) => {
      const lockedNow = await countFailedLoginName(
        tx,
        login,
        settings.maxFailedLogins,
        settings.lockoutMinutes,
      );
      await appendAudit(tx, {
        actor,
        action: 'session.login_failed',
        ...(target ? { target } : {}),
        details: { ...attemptDetails, reason: lockedNow ? `${reason}; name locked` : reason },
        ...(attempt.requestId ? { requestId: attempt.requestId } : {}),
      });
      return lockedNow;
    });
    // The wrong password that locked the name is the one the caller just gave: they may know why.
    throw locked ? accountLocked('failed-logins') : invalidCredentials();
  };

  const account = await findLoginAccount(db, login);
  // Operators and administrators log in with their client certificate, never with a password.
  if (!account || account.role !== 'user' || account.passwordHash === null) {
    return failByName('anonymous', 'unknown login');
  }
  const actor = actorOf({ role: account.role, accountId: account.id });
  const target = `account:${account.id}`;
  const localHash = account.passwordHash;
  // The directory decides for its users (a bind as their entry); the rate limit, the failure count
  // and the lockout below apply to its answer as to a Podpis password's.
  const checked = { byDirectory: false };
  const passwordRight = async (): Promise<boolean> => {
    const byDirectory = directoryPassword ? await directoryPassword(account.id, attempt.password) : undefined;
    checked.byDirectory = byDirectory !== undefined;
    return byDirectory ?? verifyPasswordAtCost(attempt.password, localHash, settings.scryptLogN);
  };
  // The real password is checked (as long as the dummy one takes) so that its owner, and only they,
  // learn why they cannot sign in; anyone else sees what an unknown login or a plain lock shows.
  if (account.status === 'disabled') {
    if (!(await passwordRight())) {
      return failByName(actor, 'account disabled', target, true);
    }
    await fail(actor, 'account disabled', target);
    throw accountLocked('disabled');
  }
  if (account.status === 'locked' || account.temporarilyLocked) {
    const owner = await passwordRight();
    await fail(actor, owner ? 'account locked' : 'account locked; wrong password', target);
    if (account.status === 'locked') throw owner ? accountLocked('operator') : accountLocked();
    // Wrong passwords lock unknown names alike, so "too many wrong passwords" tells a stranger nothing;
    // when it ends, only the owner learns.
    throw accountLocked('failed-logins', owner ? account.lockedUntil : undefined);
  }

  if (!(await passwordRight())) {
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
    throw lockedNow ? accountLocked('failed-logins') : invalidCredentials();
  }

  // Only the owner, who typed it right, learns that their temporary password has expired.
  if (!checked.byDirectory && account.temporaryPasswordExpired) {
    await fail(actor, 'temporary password expired', target);
    throw new DomainError(
      'TEMPORARY_PASSWORD_EXPIRED',
      'the temporary password has expired; ask the operator for a new one',
    );
  }

  // A right password alone does not reset the failure count when a second factor follows:
  // otherwise someone who knows the password could guess codes forever, a few at a time.
  const state = await secondFactorState(db, account.id, account.role, devices);
  const methods = methodsOf(state);
  if (methods.length > 0) {
    const pendingToken = randomSecret();
    return db.transaction(async (tx) => {
      const { rows } = await tx.query<{ expires_at: Date }>(
        `INSERT INTO pending_logins (id, account_id, expires_at, ip, user_agent)
         VALUES ($1, $2, now() + $3::int * interval '1 minute', $4, $5) RETURNING expires_at`,
        [secretHash(pendingToken), account.id, PENDING_LOGIN_MINUTES, attempt.ip, attempt.userAgent ?? null],
      );
      await appendAudit(tx, {
        actor,
        action: 'auth.second_factor.requested',
        target,
        details: { ...attemptDetails, methods },
        ...(attempt.requestId ? { requestId: attempt.requestId } : {}),
      });
      return { kind: 'second-factor' as const, pendingToken, expiresAt: rows[0]!.expires_at, methods };
    });
  }
  // A directory's user has no Podpis password to change: the temporary one is never used.
  const signedIn = checked.byDirectory ? { ...account, mustChangePassword: false } : account;
  return db.transaction(async (tx) => {
    if (checked.byDirectory) await endPasswordChangeDuty(tx, account.id);
    return {
      kind: 'session' as const,
      ...(await openSession(tx, settings, signedIn, attempt, {
        method: 'password',
        enrolmentRequired: state.required,
      })),
    };
  });
}

async function limitLoginAttempts(db: Db, settings: AuthConfig, ip: string, login: string): Promise<void> {
  const limited = await db.transaction(async (tx) => {
    const byIp = await hitRateLimit(tx, `login-ip:${ip}`, settings.loginRateLimitPerMinute, 60);
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
}

/** A new session for an account whose sign-in succeeded, in the caller's transaction; audited as `session.login`. */
async function openSession(
  tx: Queryable,
  settings: AuthConfig,
  account: { id: string; login: string; role: Role; mustChangePassword: boolean },
  attempt: Pick<LoginAttempt, 'ip' | 'userAgent' | 'requestId'>,
  how: { method: string; enrolmentRequired: boolean },
): Promise<LoginResult> {
  const sessionToken = randomSecret();
  const csrfToken = randomSecret();
  await clearFailedLogins(tx, account.id);
  const { rows: created } = await tx.query<{ expires_at: Date }>(
    `INSERT INTO sessions (id, account_id, csrf_secret, expires_at, ip, user_agent, second_factor_enrolment_required)
     VALUES ($1, $2, $3, now() + $4::int * interval '1 minute', $5, $6, $7) RETURNING expires_at`,
    [
      secretHash(sessionToken),
      account.id,
      csrfToken,
      settings.sessionTtlMinutes,
      attempt.ip,
      attempt.userAgent ?? null,
      how.enrolmentRequired,
    ],
  );
  await appendAudit(tx, {
    actor: actorOf({ role: account.role, accountId: account.id }),
    action: 'session.login',
    target: `account:${account.id}`,
    details: {
      login: account.login.toLowerCase(),
      ip: attempt.ip,
      method: how.method,
      ...(how.enrolmentRequired ? { secondFactorEnrolmentRequired: true } : {}),
    },
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
      secondFactorEnrolmentRequired: how.enrolmentRequired,
    },
  };
}

export interface SecondFactorAttempt {
  pendingToken: string;
  proof: SecondFactorProof;
  ip: string;
  userAgent?: string;
  requestId?: string;
}

/**
 * The second step of a sign-in: the pending token from `logIn` and one
 * proof. Limited like password attempts (per IP and per login); a wrong
 * proof counts as a wrong password does, so guessing codes locks the
 * account (423 ACCOUNT_LOCKED) and ends its pending sign-ins. The token is
 * used up only by success, so a mistyped code can be typed again.
 */
export async function completeSecondFactor(
  ctx: SecondFactorContext,
  attempt: SecondFactorAttempt,
): Promise<LoginResult> {
  const { db, settings } = ctx;
  const pendingId = secretHash(attempt.pendingToken);
  const account = await pendingAccount(db, pendingId);
  const login = account.login.toLowerCase();
  await limitLoginAttempts(db, settings, attempt.ip, login);
  const audit = await refuseUnusable(db, account, attempt);

  const outcome = await db.transaction(async (tx) => {
    const { rows: claimed } = await tx.query<{ webauthn_challenge: string | null; sign_in_id: string }>(
      'SELECT webauthn_challenge, sign_in_id FROM pending_logins WHERE id = $1 AND expires_at > now() FOR UPDATE',
      [pendingId],
    );
    if (!claimed[0]) return { kind: 'gone' as const };
    // A WebAuthn challenge answers one attempt: another try asks for new options.
    if (claimed[0].webauthn_challenge !== null) {
      await tx.query('UPDATE pending_logins SET webauthn_challenge = NULL WHERE id = $1', [pendingId]);
    }
    const verdict = await verifySecondFactor(ctx, tx, account.id, attempt.proof, {
      webauthnChallenge: claimed[0].webauthn_challenge,
      signInId: claimed[0].sign_in_id,
    });
    if (verdict === 'pending') return { kind: 'pending' as const };
    if (verdict !== 'right') {
      const kind = await failSecondFactor(tx, settings, account, audit, {
        pendingId,
        method: attempt.proof.method,
        ip: attempt.ip,
        declined: verdict === 'declined',
      });
      return { kind };
    }
    await tx.query('DELETE FROM pending_logins WHERE id = $1', [pendingId]);
    if (attempt.proof.method === 'recovery-code') {
      await appendAudit(tx, {
        ...audit,
        action: 'auth.second_factor.recovery_code_used',
        details: { login },
      });
    }
    const result = await openSession(tx, settings, account, attempt, {
      method: `password+${attempt.proof.method}`,
      enrolmentRequired: false,
    });
    return { kind: 'session' as const, result };
  });
  if (outcome.kind === 'session') return outcome.result;
  throw secondFactorRefusal(outcome.kind);
}

type PendingAccount = NonNullable<Awaited<ReturnType<typeof findLoginAccountById>>>;
type AuditBase = { actor: string; target: string; requestId?: string };

/** The account of a pending sign-in still running, or PENDING_LOGIN_INVALID. */
async function pendingAccount(db: Db, pendingId: string): Promise<PendingAccount> {
  const { rows } = await db.query<{ account_id: string }>(
    'SELECT account_id FROM pending_logins WHERE id = $1 AND expires_at > now()',
    [pendingId],
  );
  const accountId = rows[0]?.account_id;
  const account = accountId === undefined ? undefined : await findLoginAccountById(db, accountId);
  if (!account) throw secondFactorRefusal('gone');
  return account;
}

/** A locked or disabled account's sign-in goes no further (audited, ACCOUNT_LOCKED); else the audit fields of the steps to come. */
async function refuseUnusable(
  db: Db,
  account: PendingAccount,
  attempt: { ip: string; requestId?: string },
): Promise<AuditBase> {
  const audit = {
    actor: actorOf({ role: account.role, accountId: account.id }),
    target: `account:${account.id}`,
    ...(attempt.requestId ? { requestId: attempt.requestId } : {}),
  };
  if (account.status === 'active' && !account.temporarilyLocked) return audit;
  await db.transaction((tx) =>
    appendAudit(tx, {
      ...audit,
      action: 'session.login_failed',
      details: {
        login: account.login.toLowerCase(),
        ip: attempt.ip,
        reason: `account ${account.status === 'active' ? 'locked' : account.status}`,
      },
    }),
  );
  // This sign-in's password was right: its owner may know why.
  throw account.status === 'active'
    ? accountLocked('failed-logins', account.lockedUntil)
    : accountLocked(account.status === 'locked' ? 'operator' : 'disabled');
}

/**
 * A wrong or declined second factor, in the caller's transaction: counted
 * as a wrong password (the last allowed locks the account and ends its
 * sign-ins) and audited. A decline also ends this sign-in: the user said
 * it is not theirs.
 */
async function failSecondFactor(
  tx: Queryable,
  settings: AuthConfig,
  account: PendingAccount,
  audit: AuditBase,
  failure: { pendingId: string; method: SecondFactorMethod; ip: string; declined: boolean },
): Promise<'locked' | 'wrong' | 'declined'> {
  const locked = await countFailedLogin(tx, account.id, settings.maxFailedLogins, settings.lockoutMinutes);
  if (locked) await tx.query('DELETE FROM pending_logins WHERE account_id = $1', [account.id]);
  else if (failure.declined) await tx.query('DELETE FROM pending_logins WHERE id = $1', [failure.pendingId]);
  const reason = failure.declined ? 'declined on the device' : 'wrong second factor';
  await appendAudit(tx, {
    ...audit,
    action: 'auth.second_factor.failed',
    details: {
      login: account.login.toLowerCase(),
      ip: failure.ip,
      method: failure.method,
      reason: locked ? `${reason}; account locked` : reason,
    },
  });
  return locked ? 'locked' : failure.declined ? 'declined' : 'wrong';
}

function secondFactorRefusal(kind: 'gone' | 'locked' | 'wrong' | 'declined' | 'pending'): DomainError {
  switch (kind) {
    case 'gone':
      return new DomainError(
        'PENDING_LOGIN_INVALID',
        'the sign-in has expired or was already completed; log in again',
      );
    case 'locked':
      return accountLocked('failed-logins');
    case 'wrong':
      return new DomainError('SECOND_FACTOR_INVALID', 'the code or security key was not accepted');
    case 'declined':
      return new DomainError(
        'SECOND_FACTOR_DECLINED',
        'the sign-in was declined on the device; log in again',
      );
    case 'pending':
      return new DomainError(
        'SECOND_FACTOR_PENDING',
        'the sign-in awaits the approval on the device: ask for it, then wait for the decision',
      );
  }
}

/** A sign-in sent to the user's devices, as the browser waiting for it shows it. */
export interface DeviceSignIn {
  /** `approved`: complete it with the `device` proof. */
  status: 'pending' | 'approved';
  /** The four digits the device shows too. */
  verificationCode: string;
  expiresAt: Date;
  /** Its id, which the device approval names. */
  signInId: string;
  accountId: string;
  /** This call asked the devices (the first one for the sign-in): the caller notifies them. */
  created: boolean;
}

/**
 * Sends a pending sign-in to the user's devices, or tells how its approval
 * stands: the first call makes the approval (one per sign-in, so a
 * declined one cannot be asked again until the password is typed again),
 * later ones report it, so the browser polls here without spending login
 * attempts (the pending token, a secret, is the bearer). A decline ends the
 * sign-in as a failed second factor (SECOND_FACTOR_DECLINED); without an
 * active device, DEVICE_REQUIRED.
 */
export async function requestDeviceSignIn(
  ctx: SecondFactorContext,
  attempt: Omit<SecondFactorAttempt, 'proof'>,
): Promise<DeviceSignIn> {
  const { db, settings, devices } = ctx;
  if (!devices) throw new DomainError('DEVICE_REQUIRED', 'this installation has no mobile confirmation');
  const pendingId = secretHash(attempt.pendingToken);
  const account = await pendingAccount(db, pendingId);
  const audit = await refuseUnusable(db, account, attempt);
  const login = account.login.toLowerCase();
  const outcome = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{
      sign_in_id: string;
      expires_at: Date;
      ip: string | null;
      user_agent: string | null;
    }>(
      'SELECT sign_in_id, expires_at, ip, user_agent FROM pending_logins WHERE id = $1 AND expires_at > now() FOR UPDATE',
      [pendingId],
    );
    const pending = rows[0];
    if (!pending) return { kind: 'gone' as const };
    const existing = await devices.approval(tx, pending.sign_in_id, true);
    if (existing?.status === 'declined') {
      const kind = await failSecondFactor(tx, settings, account, audit, {
        pendingId,
        method: 'device',
        ip: attempt.ip,
        declined: true,
      });
      return { kind };
    }
    let approval = existing;
    if (!approval) {
      if (!(await devices.hasActiveDevice(tx, account.id))) {
        throw new DomainError('DEVICE_REQUIRED', 'no active device can approve this sign-in');
      }
      await devices.requestApproval(tx, {
        id: pending.sign_in_id,
        account: login,
        ip: pending.ip ?? '',
        userAgent: pending.user_agent ?? '',
        time: ctx.now().toISOString(),
        accountId: account.id,
        expiresAt: pending.expires_at,
        now: ctx.now(),
      });
      await appendAudit(tx, {
        ...audit,
        action: 'auth.second_factor.device_requested',
        details: { login, ip: attempt.ip, signIn: pending.sign_in_id },
      });
      approval = await devices.approval(tx, pending.sign_in_id, false);
      if (!approval) throw new Error('the sign-in approval just made is missing');
    }
    return {
      kind: 'waiting' as const,
      signIn: {
        status: approval.status === 'approved' ? ('approved' as const) : ('pending' as const),
        verificationCode: approval.verificationCode,
        expiresAt: approval.expiresAt,
        signInId: pending.sign_in_id,
        accountId: account.id,
        created: existing === undefined,
      },
    };
  });
  if (outcome.kind === 'waiting') return outcome.signIn;
  throw secondFactorRefusal(outcome.kind);
}

interface SessionRow extends Record<string, unknown> {
  id: string;
  csrf_secret: string;
  stale: boolean;
  account_id: string;
  role: Role;
  login: string;
  must_change_password: boolean;
  second_factor_enrolment_required: boolean;
}

/** The principal of a session cookie, with the session's CSRF secret; undefined when unknown, expired or the account is locked. */
export async function sessionPrincipal(
  db: Db,
  sessionToken: string,
): Promise<{ principal: Principal; csrfSecret: string } | undefined> {
  const { rows } = await db.query<SessionRow>(
    `SELECT s.id, s.csrf_secret, s.second_factor_enrolment_required, s.last_seen_at < now() - interval '1 minute' AS stale, ${principalColumns('a')}
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
      secondFactorEnrolmentRequired: row.second_factor_enrolment_required,
    },
    csrfSecret: row.csrf_secret,
  };
}

/**
 * The CSRF token of a live session, for another tab of the same browser: the
 * office asks `GET /whoami` (same origin, SameSite=Strict cookie, no CORS),
 * so only its own pages can read it, as they read it from the login answer.
 */
export async function sessionCsrfToken(db: Db, sessionId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ csrf_secret: string }>(
    'SELECT csrf_secret FROM sessions WHERE id = $1 AND expires_at > now()',
    [sessionId],
  );
  return rows[0]?.csrf_secret;
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
 * satisfy the policy and differ (422 PASSWORD_POLICY). Other sessions end,
 * and so do the user's API tokens unless `keepApiTokens` is set: a password
 * change is how a user answers a suspected compromise, and a token made
 * with a stolen session would outlive it otherwise.
 *
 * Wrong current passwords count towards the lock as at login, so a stolen
 * session cannot guess the password indefinitely; the guessing session ends
 * when the account locks (423 ACCOUNT_LOCKED).
 */
export async function changePassword(
  db: Db,
  settings: AuthConfig,
  principal: Principal,
  passwords: { password: string; newPassword: string; keepApiTokens?: boolean },
  requestId?: string,
): Promise<void> {
  const audit = {
    actor: actorOf(principal),
    target: `account:${principal.accountId}`,
    ...(requestId ? { requestId } : {}),
  };
  const hash = await passwordHashOf(db, principal.accountId);
  if (hash === null || !(await verifyPassword(passwords.password, hash))) {
    const locked = await db.transaction(async (tx) => {
      const lockedNow = await countWrongPasswordInSession(tx, principal, settings);
      await appendAudit(tx, {
        ...audit,
        action: 'account.password_change_failed',
        details: { reason: lockedNow ? 'wrong current password; account locked' : 'wrong current password' },
      });
      return lockedNow;
    });
    throw locked ? accountLocked('failed-logins') : invalidCredentials();
  }
  checkPasswordPolicy(passwords.newPassword, settings.passwordMinLength);
  if (passwords.newPassword === passwords.password) {
    throw new DomainError('PASSWORD_POLICY', 'the new password must differ from the current one');
  }
  const newHash = await hashPassword(passwords.newPassword, settings.scryptLogN);
  await db.transaction(async (tx) => {
    await setOwnPassword(tx, principal.accountId, newHash);
    await clearFailedLogins(tx, principal.accountId);
    await tx.query('DELETE FROM sessions WHERE account_id = $1 AND id <> $2', [
      principal.accountId,
      principal.sessionId ?? '',
    ]);
    // Sign-ins the old password began end too; the second factor alone must not finish them.
    await tx.query('DELETE FROM pending_logins WHERE account_id = $1', [principal.accountId]);
    const revoked = passwords.keepApiTokens
      ? []
      : (
          await tx.query<{ id: string }>(
            'UPDATE api_tokens SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL RETURNING id',
            [principal.accountId],
          )
        ).rows.map((row) => row.id);
    await appendAudit(tx, {
      ...audit,
      action: 'account.password_change',
      details: passwords.keepApiTokens
        ? { apiTokens: 'kept' }
        : { apiTokens: 'revoked', revokedApiTokens: revoked },
    });
  });
}

/**
 * Removes sessions past their end (a cookie for one is refused anyway) and
 * pending sign-ins past theirs (their second step is refused too); returns how many.
 */
export async function deleteExpiredSessions(db: Queryable): Promise<number> {
  const sessions = (await db.query('DELETE FROM sessions WHERE expires_at <= now()')).rowCount;
  return sessions + (await db.query('DELETE FROM pending_logins WHERE expires_at <= now()')).rowCount;
}

/**
 * Ends every session of an account (it was locked, disabled or its password
 * reset), and its sign-ins waiting for the second factor, which the old
 * password began, in the caller's transaction.
 */
export async function endSessionsOf(tx: Queryable, accountId: string): Promise<void> {
  await tx.query('DELETE FROM sessions WHERE account_id = $1', [accountId]);
  await tx.query('DELETE FROM pending_logins WHERE account_id = $1', [accountId]);
}
