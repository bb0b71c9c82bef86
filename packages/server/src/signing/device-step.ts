import type { OperationKind } from '@podpis/confirm';
import type { AuthorityContext } from '../ca/authorities.js';
import { awaitedApproval, isDeviceMethod, type RequiredConfirmation } from '../confirmation/approvals.js';
import { DomainError } from '../core/domain-error.js';
import type { Confirmation } from '../keystore/index.js';
import type { ChangeContext } from '../people/accounts.js';
import {
  failAwaiting,
  operationStatus,
  type ClaimableRow,
  type ConfirmedOperations,
} from './confirmation-claim.js';

/** How a holder may confirm an operation: its PIN, an approval on their device, or both. */
export const CONFIRMATION_METHODS = ['pin', 'device', 'device+pin'] as const;
export type ConfirmationMethod = (typeof CONFIRMATION_METHODS)[number];

/** What the holder gives to confirm: the PIN, and/or the offline code a device showed. */
export interface OperationConfirmation {
  method: ConfirmationMethod;
  pin?: string;
  /** The eight-digit offline code of the holder's device (instead of an online approval). */
  code?: string;
}

/**
 * The first step of confirming a signing or decryption operation, alike
 * for both: the confirmation must be the one the operation needs
 * (CONFIRMATION_METHOD_MISMATCH), and a device approval must stand for
 * exactly what the key will do (`awaitedApproval`: online, or the offline
 * code checked now; too many wrong codes fail the operation). Returns the
 * key store's confirmation.
 */
export async function deviceStep(
  ctx: AuthorityContext,
  kind: ConfirmedOperations,
  operation: ClaimableRow & {
    kind: OperationKind;
    accountId: string;
    certificate: string;
    items: readonly string[];
    required: RequiredConfirmation;
  },
  given: OperationConfirmation,
  context: ChangeContext,
): Promise<{ confirmation: Confirmation; approval?: string }> {
  const { required } = operation;
  const awaiting = operationStatus(operation, ctx.now()) === 'awaiting_confirmation';
  if (awaiting && given.method !== required) {
    throw new DomainError(
      'CONFIRMATION_METHOD_MISMATCH',
      `this operation is confirmed by ${required}, not ${given.method}`,
      {
        required,
      },
    );
  }
  let approval: string | undefined;
  if (awaiting && isDeviceMethod(required)) {
    try {
      approval = await awaitedApproval(
        ctx,
        { ...operation, method: required },
        { code: given.code, context },
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'DEVICE_CODE_ATTEMPTS_EXCEEDED') {
        await failAwaiting(ctx.db, kind, operation.id, error);
      }
      throw error;
    }
  }
  const pin = given.pin ?? '';
  const confirmation: Confirmation =
    required === 'device'
      ? { method: 'device', approval: approval ?? '' }
      : required === 'device+pin'
        ? { method: 'device+pin', pin, approval: approval ?? '' }
        : { method: 'pin', pin };
  return { confirmation, ...(approval ? { approval } : {}) };
}
