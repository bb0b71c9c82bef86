import { DomainError } from '../core/domain-error.js';

/**
 * Why an account is locked, as its owner may be told: `failed-logins` (too
 * many wrong passwords or codes: the lock ends by itself or an operator
 * lifts it), `operator` (an operator locked it), `disabled` (it was closed).
 */
export type AccountLockReason = 'failed-logins' | 'operator' | 'disabled';

/**
 * 423 ACCOUNT_LOCKED, with `details.reason` only when the caller has shown
 * they own the account (the right password, or the wrong one that locked it
 * just now): a stranger guessing passwords learns no more than "locked".
 */
export const accountLocked = (reason?: AccountLockReason, lockedUntil?: Date | null): DomainError =>
  new DomainError(
    'ACCOUNT_LOCKED',
    reason === 'operator'
      ? 'an operator locked the account; ask an operator to unlock it'
      : reason === 'disabled'
        ? 'the account is disabled; ask an operator'
        : 'the account is locked; wait for the lock to expire or ask an operator to unlock it',
    reason === undefined
      ? undefined
      : { reason, ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}) },
  );
