import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Queryable } from '../db/db.js';
import { recoveryCodeHash, sealerOf, TOTP_PURPOSE, type SecondFactorContext } from './second-factor.js';
import { checkTotpCode } from './totp.js';
import { verifyWebAuthnAssertion } from './webauthn.js';

/** What the user sent as the second factor: exactly one of these. */
export type SecondFactorProof =
  | { method: 'totp'; code: string }
  | { method: 'recovery-code'; code: string }
  | { method: 'webauthn'; response: AuthenticationResponseJSON; origin: string };

/**
 * Whether the proof is right for the account, in the caller's transaction
 * (the pending sign-in's row is locked by it): a right TOTP code's step, a
 * recovery code and a security key's counter are used up on the spot.
 * `webauthnChallenge` is the one the pending sign-in was given, if any.
 */
export async function verifySecondFactor(
  ctx: SecondFactorContext,
  tx: Queryable,
  accountId: string,
  proof: SecondFactorProof,
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
