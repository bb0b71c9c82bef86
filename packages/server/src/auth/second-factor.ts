import { randomInt } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import type { AuthConfig } from '../config/config.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import { countWrongPasswordInSession, findLoginAccountById, passwordHashOf } from '../people/credentials.js';
import { accountLocked } from './account-lock.js';
import { verifyPassword } from './password.js';
import { actorOf, secretHash, type Principal, type Role } from './principal.js';
import { checkTotpCode, newTotpSecret, totpSecretText, totpUri } from './totp.js';

/**
 * The part of the key store this service needs: sealing its secrets under
 * the master key. Named here rather than imported, so authentication
 * depends on the capability and not on the key store's module.
 */
export interface SecretSealer {
  sealSecret(purpose: string, id: string, secret: Uint8Array): Uint8Array;
  openSecret(purpose: string, id: string, sealed: Uint8Array): Uint8Array;
}

/** A sign-in as the user's devices are asked to approve it. */
export interface SignInDeviceRequest {
  /** The pending sign-in's non-secret id. */
  id: string;
  accountId: string;
  /** The login, which the device shows. */
  account: string;
  ip: string;
  userAgent: string;
  /** ISO 8601, UTC. */
  time: string;
  expiresAt: Date;
  now: Date;
}

/** How a sign-in's device approval stands. */
export interface SignInDeviceApproval {
  id: string;
  status: 'pending' | 'approved' | 'declined' | 'used' | 'refused';
  verificationCode: string;
  expiresAt: Date;
  /** The deciding device is still active. */
  deviceActive: boolean;
}

/**
 * The part of mobile confirmation the sign-in uses, given by the
 * composition root: `confirmation/` builds on `auth/`, not the reverse, so
 * authentication names the capability, as it does the sealer.
 */
export interface SignInDevices {
  hasActiveDevice(db: Queryable, accountId: string): Promise<boolean>;
  /** In the caller's transaction; the devices are told at commit. */
  requestApproval(tx: Queryable, signIn: SignInDeviceRequest): Promise<void>;
  approval(tx: Queryable, signInId: string, lock: boolean): Promise<SignInDeviceApproval | undefined>;
  markUsed(tx: Queryable, approvalId: string): Promise<void>;
}

/** What the second-factor service works with. */
export interface SecondFactorContext {
  db: Db;
  settings: AuthConfig;
  /** Absent when the installation has no key store yet: TOTP cannot be enrolled or checked then. */
  sealer?: SecretSealer;
  /** The name authenticator apps show above the codes. */
  issuer: string;
  now: () => Date;
  /** Absent when the installation has no mobile confirmation: no sign-in is approved on a device then. */
  devices?: SignInDevices;
}

/**
 * How a user can prove the second factor. `device`: an approval on a
 * device enrolled for mobile confirmation (`confirmation/`), which is
 * enrolled there, not here: having an active one is having the factor.
 */
export type SecondFactorMethod = 'totp' | 'webauthn' | 'recovery-code' | 'device';

/** The TOTP secret is sealed for this purpose and the account's id, so a sealed value moved to another account does not open. */
export const TOTP_PURPOSE = 'totp';
export const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: recovery codes are printed and typed back from paper. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function sealerOf(ctx: SecondFactorContext): SecretSealer {
  if (!ctx.sealer) {
    throw new DomainError(
      'KEY_STORE_UNAVAILABLE',
      'the installation has no key store to seal second-factor secrets with yet',
    );
  }
  return ctx.sealer;
}

const auditOf = (principal: Principal, requestId?: string) => ({
  actor: actorOf(principal),
  target: `account:${principal.accountId}`,
  ...(requestId ? { requestId } : {}),
});

/** What an account has enrolled, for the sign-in decision and the cabinet. */
export interface SecondFactorState {
  totp: boolean;
  webauthn: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[];
  recoveryCodesLeft: number;
  /** An active device enrolled for mobile confirmation, which can approve sign-ins too. */
  device: boolean;
  /** The account's role must use a second factor (the administrators' policy). */
  required: boolean;
}

export async function secondFactorState(
  db: Queryable,
  accountId: string,
  role: Role,
  devices?: SignInDevices,
): Promise<SecondFactorState> {
  const { rows } = await db.query<{ totp: boolean; codes: number | string }>(
    `SELECT EXISTS (SELECT 1 FROM second_factor_totp WHERE account_id = $1 AND enabled_at IS NOT NULL) AS totp,
            (SELECT count(*) FROM second_factor_recovery_codes WHERE account_id = $1 AND used_at IS NULL) AS codes`,
    [accountId],
  );
  const keys = await db.query<{ id: string; name: string; created_at: Date; last_used_at: Date | null }>(
    'SELECT id, name, created_at, last_used_at FROM webauthn_credentials WHERE account_id = $1 ORDER BY created_at',
    [accountId],
  );
  return {
    totp: rows[0]!.totp,
    webauthn: keys.rows.map((key) => ({
      id: key.id,
      name: key.name,
      createdAt: key.created_at,
      lastUsedAt: key.last_used_at,
    })),
    recoveryCodesLeft: Number(rows[0]!.codes),
    device: devices ? await devices.hasActiveDevice(db, accountId) : false,
    required: await secondFactorRequired(db, role),
  };
}

/** The methods a sign-in may use, in the order the office offers them; empty when none is enrolled. */
export function methodsOf(state: SecondFactorState): SecondFactorMethod[] {
  const methods: SecondFactorMethod[] = [];
  if (state.totp) methods.push('totp');
  if (state.webauthn.length > 0) methods.push('webauthn');
  if (state.device) methods.push('device');
  if (methods.length > 0 && state.recoveryCodesLeft > 0) methods.push('recovery-code');
  return methods;
}

// ---- policy ----

export interface SecondFactorPolicyEntry {
  role: Role;
  required: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** Roles whose members sign in with a password, the only ones a second factor applies to (staff use client certificates). */
export const POLICY_ROLES = ['user'] as const satisfies readonly Role[];

export async function secondFactorRequired(db: Queryable, role: Role): Promise<boolean> {
  const { rows } = await db.query<{ required: boolean }>(
    'SELECT required FROM second_factor_policy WHERE role = $1',
    [role],
  );
  return rows[0]?.required === true;
}

export async function secondFactorPolicy(db: Queryable): Promise<SecondFactorPolicyEntry[]> {
  const { rows } = await db.query<{ role: Role; required: boolean; updated_at: Date; updated_by: string }>(
    'SELECT role, required, updated_at, updated_by FROM second_factor_policy',
  );
  return POLICY_ROLES.map((role) => {
    const row = rows.find((candidate) => candidate.role === role);
    return {
      role,
      required: row?.required === true,
      updatedAt: row?.updated_at ?? null,
      updatedBy: row?.updated_by ?? null,
    };
  });
}

/**
 * An administrator requires (or stops requiring) a second factor of a role.
 * Sessions already open keep their state; the rule applies from the next sign-in.
 */
export async function setSecondFactorPolicy(
  db: Db,
  administrator: Principal,
  role: (typeof POLICY_ROLES)[number],
  required: boolean,
  requestId?: string,
): Promise<SecondFactorPolicyEntry> {
  const actor = actorOf(administrator);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ updated_at: Date }>(
      `INSERT INTO second_factor_policy (role, required, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (role) DO UPDATE SET required = $2, updated_at = now(), updated_by = $3
       RETURNING updated_at`,
      [role, required, actor],
    );
    await appendAudit(tx, {
      actor,
      action: 'auth.second_factor.policy_changed',
      target: `role:${role}`,
      details: { required },
      ...(requestId ? { requestId } : {}),
    });
    return { role, required, updatedAt: rows[0]!.updated_at, updatedBy: actor };
  });
}

// ---- TOTP enrolment ----

export interface TotpEnrolment {
  /** base32, for typing into an app by hand; returned only here, once. */
  secret: string;
  /** otpauth:// URI for the QR code. */
  uri: string;
}

/**
 * Starts (or restarts) TOTP enrolment: a new secret, sealed, not yet in use
 * until a code from it is confirmed. Refused while TOTP is enabled, so a
 * stolen session cannot silently replace the user's authenticator.
 */
export async function startTotpEnrolment(
  ctx: SecondFactorContext,
  principal: Principal,
): Promise<TotpEnrolment> {
  const sealer = sealerOf(ctx);
  const secret = newTotpSecret();
  const sealed = sealer.sealSecret(TOTP_PURPOSE, principal.accountId, secret);
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ enabled: boolean }>(
      'SELECT enabled_at IS NOT NULL AS enabled FROM second_factor_totp WHERE account_id = $1 FOR UPDATE',
      [principal.accountId],
    );
    if (rows[0]?.enabled) {
      throw new DomainError(
        'SECOND_FACTOR_ALREADY_ENABLED',
        'an authenticator app is already enabled; disable it first',
      );
    }
    await tx.query(
      `INSERT INTO second_factor_totp (account_id, sealed_secret) VALUES ($1, $2)
       ON CONFLICT (account_id) DO UPDATE SET sealed_secret = $2, created_at = now(), last_used_step = NULL`,
      [principal.accountId, sealed],
    );
  });
  return { secret: totpSecretText(secret), uri: totpUri(secret, ctx.issuer, principal.login) };
}

/**
 * Confirms enrolment with a current code (proof the app holds the secret):
 * TOTP is enabled, a limited session becomes a full one, and the first
 * factor brings a set of recovery codes (returned once).
 */
export async function confirmTotpEnrolment(
  ctx: SecondFactorContext,
  principal: Principal,
  code: string,
  requestId?: string,
): Promise<{ recoveryCodes?: string[] }> {
  const sealer = sealerOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ sealed_secret: Uint8Array; enabled: boolean }>(
      `SELECT sealed_secret, enabled_at IS NOT NULL AS enabled FROM second_factor_totp
       WHERE account_id = $1 FOR UPDATE`,
      [principal.accountId],
    );
    const row = rows[0];
    if (!row) {
      throw new DomainError(
        'SECOND_FACTOR_NOT_ENROLLED',
        'start the enrolment of an authenticator app first',
      );
    }
    if (row.enabled) {
      throw new DomainError('SECOND_FACTOR_ALREADY_ENABLED', 'the authenticator app is already enabled');
    }
    const secret = sealer.openSecret(TOTP_PURPOSE, principal.accountId, row.sealed_secret);
    const step = checkTotpCode(secret, code, ctx.now(), null);
    if (step === undefined) {
      throw new DomainError('SECOND_FACTOR_INVALID', 'the code is wrong or has expired');
    }
    await tx.query(
      'UPDATE second_factor_totp SET enabled_at = now(), last_used_step = $2 WHERE account_id = $1',
      [principal.accountId, step],
    );
    await appendAudit(tx, {
      ...auditOf(principal, requestId),
      action: 'auth.second_factor.enabled',
      details: { method: 'totp' },
    });
    return firstFactorEnrolled(tx, principal, requestId);
  });
}

/**
 * After a factor is added: limited sessions of the account become full ones,
 * and an account without recovery codes gets its first set.
 */
export async function firstFactorEnrolled(
  tx: Queryable,
  principal: Principal,
  requestId?: string,
): Promise<{ recoveryCodes?: string[] }> {
  await tx.query('UPDATE sessions SET second_factor_enrolment_required = false WHERE account_id = $1', [
    principal.accountId,
  ]);
  const { rows } = await tx.query<{ any: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM second_factor_recovery_codes WHERE account_id = $1) AS any',
    [principal.accountId],
  );
  if (rows[0]!.any) return {};
  return { recoveryCodes: await replaceRecoveryCodes(tx, principal, requestId) };
}

/**
 * Turns TOTP off. The password is asked again, so a session left open on
 * someone else's computer cannot remove the factor. Refused when it is the
 * last factor and the role requires one.
 */
export async function disableTotp(
  ctx: SecondFactorContext,
  principal: Principal,
  password: string,
  requestId?: string,
): Promise<void> {
  await confirmPassword(ctx, principal, password, 'totp', requestId);
  await ctx.db.transaction(async (tx) => {
    const state = await secondFactorState(tx, principal.accountId, principal.role, ctx.devices);
    if (!state.totp) throw new DomainError('SECOND_FACTOR_NOT_ENROLLED', 'no authenticator app is enabled');
    const last = state.webauthn.length === 0 && !state.device;
    if (last && state.required) {
      throw new DomainError(
        'SECOND_FACTOR_STILL_REQUIRED',
        'a second factor is required for your account; add a security key before disabling the app',
      );
    }
    await tx.query('DELETE FROM second_factor_totp WHERE account_id = $1', [principal.accountId]);
    // Recovery codes stand in for a factor; without one they would be a second password.
    if (last) {
      await tx.query('DELETE FROM second_factor_recovery_codes WHERE account_id = $1', [principal.accountId]);
    }
    await appendAudit(tx, {
      ...auditOf(principal, requestId),
      action: 'auth.second_factor.disabled',
      details: { method: 'totp' },
    });
  });
}

/**
 * The password asked again before a factor is removed; a wrong one is
 * audited and 401 INVALID_CREDENTIALS, and counts towards the lock as at
 * login (423 ACCOUNT_LOCKED, the session ends).
 */
export async function confirmPassword(
  ctx: SecondFactorContext,
  principal: Principal,
  password: string,
  method: SecondFactorMethod,
  requestId?: string,
): Promise<void> {
  const hash = await passwordHashOf(ctx.db, principal.accountId);
  if (hash !== null && (await verifyPassword(password, hash))) return;
  const locked = await ctx.db.transaction(async (tx) => {
    const lockedNow = await countWrongPasswordInSession(tx, principal, ctx.settings);
    await appendAudit(tx, {
      ...auditOf(principal, requestId),
      action: 'auth.second_factor.disable_failed',
      details: { method, reason: lockedNow ? 'wrong password; account locked' : 'wrong password' },
    });
    return lockedNow;
  });
  if (locked) throw accountLocked('failed-logins');
  throw new DomainError('INVALID_CREDENTIALS', 'wrong password');
}

/**
 * An operator removes every second factor of a user who lost them (phone,
 * keys and recovery codes): the next sign-in takes the password alone, or
 * only allows enrolling again if the role requires a factor. Waiting
 * sign-ins end. 404 USER_NOT_FOUND for anything but a user account.
 */
export async function resetSecondFactor(
  db: Db,
  operator: Principal,
  accountId: string,
  requestId?: string,
): Promise<void> {
  const account = await findLoginAccountById(db, accountId);
  if (account?.role !== 'user') throw new DomainError('USER_NOT_FOUND', 'no such user');
  await db.transaction(async (tx) => {
    const state = await secondFactorState(tx, accountId, account.role);
    await tx.query('DELETE FROM second_factor_totp WHERE account_id = $1', [accountId]);
    await tx.query('DELETE FROM webauthn_credentials WHERE account_id = $1', [accountId]);
    await tx.query('DELETE FROM second_factor_recovery_codes WHERE account_id = $1', [accountId]);
    await tx.query('DELETE FROM pending_logins WHERE account_id = $1', [accountId]);
    await appendAudit(tx, {
      actor: actorOf(operator),
      action: 'auth.second_factor.reset',
      target: `account:${accountId}`,
      details: {
        totp: state.totp,
        webauthn: state.webauthn.length,
        recoveryCodesLeft: state.recoveryCodesLeft,
      },
      ...(requestId ? { requestId } : {}),
    });
  });
}

// ---- recovery codes ----

function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]!;
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What is hashed of a recovery code: case, spaces and dashes do not matter to the person typing it. */
export function recoveryCodeHash(code: string): string {
  return secretHash(code.toLowerCase().replace(/[\s-]/g, ''));
}

async function replaceRecoveryCodes(
  tx: Queryable,
  principal: Principal,
  requestId?: string,
): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.query('DELETE FROM second_factor_recovery_codes WHERE account_id = $1', [principal.accountId]);
  for (const code of codes) {
    await tx.query('INSERT INTO second_factor_recovery_codes (code_hash, account_id) VALUES ($1, $2)', [
      recoveryCodeHash(code),
      principal.accountId,
    ]);
  }
  await appendAudit(tx, {
    ...auditOf(principal, requestId),
    action: 'auth.second_factor.recovery_codes_generated',
    details: { count: codes.length },
  });
  return codes;
}

/** A new set of recovery codes (the old ones stop working), for an account with a second factor. */
export async function regenerateRecoveryCodes(
  ctx: SecondFactorContext,
  principal: Principal,
  requestId?: string,
): Promise<string[]> {
  return ctx.db.transaction(async (tx) => {
    const state = await secondFactorState(tx, principal.accountId, principal.role, ctx.devices);
    if (methodsOf(state).length === 0) {
      throw new DomainError('SECOND_FACTOR_NOT_ENROLLED', 'recovery codes need an enabled second factor');
    }
    return replaceRecoveryCodes(tx, principal, requestId);
  });
}
