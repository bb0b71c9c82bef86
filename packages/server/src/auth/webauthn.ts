import { randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';
import { actorOf, secretHash, type Principal } from './principal.js';
import {
  confirmPassword,
  firstFactorEnrolled,
  secondFactorState,
  type SecondFactorContext,
} from './second-factor.js';

/**
 * The relying party a WebAuthn ceremony is for: the host the office is
 * served from and its https origin. Browsers bind every credential to the
 * RP id and sign the origin into each answer, so a look-alike site's
 * answers do not verify here.
 */
export interface RelyingParty {
  id: string;
  origin: string;
}

/** Long enough to find the key and touch it; a challenge is used once. */
const CHALLENGE_MINUTES = 5;
const CEREMONY_TIMEOUT_MS = CHALLENGE_MINUTES * 60_000;

interface CredentialRow extends Record<string, unknown> {
  id: string;
  credential_id: string;
  public_key: Uint8Array;
  sign_count: string | number;
  transports: string[];
  rp_id: string;
}

/**
 * Options for `navigator.credentials.create`: a new challenge (kept for
 * one answer, five minutes), attestation 'none' (we trust the key by its
 * registration in a signed-in session, not by its maker), user
 * verification preferred, the account's keys excluded so one key is not
 * registered twice.
 */
export async function startWebAuthnRegistration(
  ctx: SecondFactorContext,
  principal: Principal,
  rp: RelyingParty,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await ctx.db.query<{ credential_id: string; transports: string[] }>(
    'SELECT credential_id, transports FROM webauthn_credentials WHERE account_id = $1',
    [principal.accountId],
  );
  const options = await generateRegistrationOptions({
    rpName: ctx.issuer,
    rpID: rp.id,
    userName: principal.login,
    userID: new TextEncoder().encode(principal.accountId),
    attestationType: 'none',
    timeout: CEREMONY_TIMEOUT_MS,
    excludeCredentials: existing.rows.map((row) => ({ id: row.credential_id, transports: row.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await ctx.db.query(
    `INSERT INTO webauthn_challenges (challenge, account_id, rp_id, expires_at)
     VALUES ($1, $2, $3, now() + $4::int * interval '1 minute')`,
    [options.challenge, principal.accountId, rp.id, CHALLENGE_MINUTES],
  );
  return options;
}

/** The challenge a WebAuthn answer signed, read from its client data (verified against ours afterwards). */
function challengeOf(clientDataJSON: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'challenge' in parsed &&
      typeof parsed.challenge === 'string'
    ) {
      return parsed.challenge;
    }
  } catch {
    // Malformed client data is refused below like any other mismatch.
  }
  return '';
}

/**
 * Checks the browser's answer to `startWebAuthnRegistration` and keeps the
 * key under the given name. The challenge is used up whatever the outcome.
 * 422 WEBAUTHN_VERIFICATION_FAILED when the answer does not verify (unknown
 * or expired challenge, another origin or RP id, a bad attestation).
 */
export async function finishWebAuthnRegistration(
  ctx: SecondFactorContext,
  principal: Principal,
  rp: RelyingParty,
  name: string,
  response: RegistrationResponseJSON,
  requestId?: string,
): Promise<{ id: string; recoveryCodes?: string[] }> {
  const challenge = challengeOf(response.response.clientDataJSON);
  const claimed = await ctx.db.query<{ rp_id: string }>(
    `DELETE FROM webauthn_challenges WHERE challenge = $1 AND account_id = $2 AND expires_at > now()
     RETURNING rp_id`,
    [challenge, principal.accountId],
  );
  const rpId = claimed.rows[0]?.rp_id;
  const failed = (reason: string) =>
    new DomainError('WEBAUTHN_VERIFICATION_FAILED', `the security key's answer was not accepted: ${reason}`);
  if (rpId === undefined) throw failed('the challenge is unknown, used or expired');
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rpId,
      requireUserVerification: false,
    });
  } catch (error) {
    throw failed(error instanceof Error ? error.message : 'malformed answer');
  }
  if (!verification.verified) throw failed('the attestation does not verify');
  const { credential } = verification.registrationInfo;
  const id = randomUUID();
  return ctx.db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO webauthn_credentials (id, account_id, credential_id, public_key, sign_count, transports, rp_id, name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (credential_id) DO NOTHING`,
      [
        id,
        principal.accountId,
        credential.id,
        credential.publicKey,
        credential.counter,
        credential.transports ?? [],
        rpId,
        name,
      ],
    );
    if (inserted.rowCount !== 1) throw failed('this security key is registered already');
    await appendAudit(tx, {
      actor: actorOf(principal),
      action: 'auth.second_factor.webauthn_registered',
      target: `account:${principal.accountId}`,
      details: { credential: id, name },
      ...(requestId ? { requestId } : {}),
    });
    return { id, ...(await firstFactorEnrolled(tx, principal, requestId)) };
  });
}

/**
 * Removes one of the user's security keys, after the password again; refused
 * when it is the last factor and the role requires one.
 */
export async function removeWebAuthnCredential(
  ctx: SecondFactorContext,
  principal: Principal,
  id: string,
  password: string,
  requestId?: string,
): Promise<void> {
  await confirmPassword(ctx, principal, password, 'webauthn', requestId);
  await ctx.db.transaction(async (tx) => {
    const state = await secondFactorState(tx, principal.accountId, principal.role, ctx.devices);
    const key = state.webauthn.find((candidate) => candidate.id === id);
    if (!key) throw new DomainError('WEBAUTHN_CREDENTIAL_NOT_FOUND', 'you have no security key with this id');
    const last = !state.totp && !state.device && state.webauthn.length === 1;
    if (last && state.required) {
      throw new DomainError(
        'SECOND_FACTOR_STILL_REQUIRED',
        'a second factor is required for your account; this is the last one',
      );
    }
    await tx.query('DELETE FROM webauthn_credentials WHERE id = $1', [id]);
    // Recovery codes stand in for a factor; without one they would be a second password.
    if (last)
      await tx.query('DELETE FROM second_factor_recovery_codes WHERE account_id = $1', [principal.accountId]);
    await appendAudit(tx, {
      actor: actorOf(principal),
      action: 'auth.second_factor.webauthn_removed',
      target: `account:${principal.accountId}`,
      details: { credential: id, name: key.name },
      ...(requestId ? { requestId } : {}),
    });
  });
}

/**
 * Options for `navigator.credentials.get` in a pending sign-in: the
 * account's keys and a new challenge kept with the pending sign-in (a new
 * request replaces it). PENDING_LOGIN_INVALID when the sign-in is gone.
 */
export async function webAuthnSignInOptions(
  ctx: SecondFactorContext,
  pendingToken: string,
  rp: RelyingParty,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const pendingId = secretHash(pendingToken);
  const { rows } = await ctx.db.query<{ credential_id: string; transports: string[] }>(
    `SELECT c.credential_id, c.transports FROM pending_logins p
     JOIN webauthn_credentials c ON c.account_id = p.account_id
     WHERE p.id = $1 AND p.expires_at > now() AND c.rp_id = $2`,
    [pendingId, rp.id],
  );
  if (rows.length === 0) {
    throw new DomainError(
      'PENDING_LOGIN_INVALID',
      'the sign-in has expired, was completed, or has no security key for this site; log in again',
    );
  }
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: 'preferred',
    allowCredentials: rows.map((row) => ({ id: row.credential_id, transports: row.transports })),
  });
  await ctx.db.query('UPDATE pending_logins SET webauthn_challenge = $2 WHERE id = $1', [
    pendingId,
    options.challenge,
  ]);
  return options;
}

/**
 * Whether a security key's assertion is right for the account and the
 * pending sign-in's challenge, in the caller's transaction: a registered
 * key of the account, our origin and the key's RP id, a valid signature,
 * and a signature counter that grew (a cloned key falls behind; keys that
 * keep no counter send 0 every time). The key's counter and last use are
 * updated on success.
 */
export async function verifyWebAuthnAssertion(
  tx: Queryable,
  accountId: string,
  response: AuthenticationResponseJSON,
  origin: string,
  challenge: string | null,
): Promise<boolean> {
  if (challenge === null) return false;
  const { rows } = await tx.query<CredentialRow>(
    `SELECT id, credential_id, public_key, sign_count, transports, rp_id FROM webauthn_credentials
     WHERE account_id = $1 AND credential_id = $2 FOR UPDATE`,
    [accountId, response.id],
  );
  const row = rows[0];
  if (!row) return false;
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: row.rp_id,
      requireUserVerification: false,
      credential: {
        id: row.credential_id,
        publicKey: new Uint8Array(row.public_key),
        counter: Number(row.sign_count),
        transports: row.transports,
      },
    });
  } catch {
    // A wrong signature, origin, challenge or a counter that did not grow: a failed factor like a wrong code.
    return false;
  }
  if (!verification.verified) return false;
  await tx.query('UPDATE webauthn_credentials SET sign_count = $2, last_used_at = now() WHERE id = $1', [
    row.id,
    verification.authenticationInfo.newCounter,
  ]);
  return true;
}
