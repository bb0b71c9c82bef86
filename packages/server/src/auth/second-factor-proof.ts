import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Queryable } from '../db/db.js';
import {
  recoveryCodeHash,
  sealerOf,
  TOTP_PURPOSE,
  type SecondFactorContext,
  type SignInDevices,
} from './second-factor.js';
import { checkTotpCode } from './totp.js';
import { verifyWebAuthnAssertion } from './webauthn.js';

/** What the user sent as the second factor: exactly one of these. */
export type SecondFactorProof =
  | { method: 'totp'; code: string }
  | { method: 'recovery-code'; code: string }
  | { method: 'webauthn'; response: AuthenticationResponseJSON; origin: string }
  | { method: 'device' };

/**
 * `pending`: the device has not decided yet (or was not asked), which is
 * no failure; `declined`: the user refused the sign-in on the device.
 */
export type SecondFactorVerdict = 'right' | 'wrong' | 'pending' | 'declined';

/** The pending sign-in the proof is for. */
export interface PendingSignIn {
  /** The WebAuthn challenge it was given, if any. */
  webauthnChallenge: string | null;
  /** Its non-secret id, which a device approval names. */
  signInId: string;
}

/**
 * Whether the proof is right for the account, in the caller's transaction
 * (the pending sign-in's row is locked by it): a right TOTP code's step, a
 * recovery code, a security key's counter and a device approval are used
 * up on the spot.
 */
export async function verifySecondFactor(
  ctx: SecondFactorContext,
  tx: Queryable,
  accountId: string,
  proof: SecondFactorProof,
  pending: PendingSignIn,
): Promise<SecondFactorVerdict> {
  if (proof.method === 'device')
    return ctx.devices ? deviceVerdict(ctx.devices, tx, pending.signInId) : 'wrong';
  return (await verifyCode(ctx, tx, accountId, proof, pending.webauthnChallenge)) ? 'right' : 'wrong';
}

/** An approval of this very sign-in, by a device still active, used once. */
async function deviceVerdict(
  devices: SignInDevices,
  tx: Queryable,
  signInId: string,
): Promise<SecondFactorVerdict> {
  const approval = await devices.approval(tx, signInId, true);
  if (approval === undefined || approval.status === 'pending') return 'pending';
  if (approval.status === 'declined') return 'declined';
  if (approval.status !== 'approved' || !approval.deviceActive) return 'wrong';
  await devices.markUsed(tx, approval.id);
  return 'right';
}

async function verifyCode(
  ctx: SecondFactorContext,
  tx: Queryable,
  accountId: string,
  proof: Exclude<SecondFactorProof, { method: 'device' }>,
  webauthnChallenge: string | null,
): Promise<boolean> {
  switch (proof.method) {
    case 'totp': {
      const { rows } = await tx.query<{ sealed_secret: Uint8Array; last_used_step: string | number | null }>(
        `SELECT sealed_secret, last_used_step FROM second_factor_totp
         WHERE account_id = $1 AND enabled_at IS NOT NULL FOR UPDATE`,
        [accountId],
      );
      const row = rows[0];
      if (!row) return false;
      const secret = sealerOf(ctx).openSecret(TOTP_PURPOSE, accountId, row.sealed_secret);
      const last = row.last_used_step === null ? null : Number(row.last_used_step);
      const step = checkTotpCode(secret, proof.code.trim(), ctx.now(), last);
      if (step === undefined) return false;
      await tx.query('UPDATE second_factor_totp SET last_used_step = $2 WHERE account_id = $1', [
        accountId,
        step,
      ]);
      return true;
    }
    case 'recovery-code': {
      const used = await tx.query(
        `UPDATE second_factor_recovery_codes SET used_at = now()
         WHERE code_hash = $1 AND account_id = $2 AND used_at IS NULL`,
        [recoveryCodeHash(proof.code), accountId],
      );
      return used.rowCount === 1;
    }
    case 'webauthn':
      return verifyWebAuthnAssertion(tx, accountId, proof.response, proof.origin, webauthnChallenge);
  }
}
