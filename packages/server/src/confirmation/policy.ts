import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import type { ChangeContext } from '../people/accounts.js';

/** Operations a device may be asked to approve. */
export const DEVICE_OPERATIONS = ['sign', 'decrypt'] as const;
export type DeviceOperation = (typeof DEVICE_OPERATIONS)[number];

/**
 * When a user's operations need a device approval. `off`: never (the PIN
 * alone). `when-enrolled`: when the user has an active device. `required`:
 * always; a user without a device cannot sign (DEVICE_REQUIRED). A key's
 * PIN is its cryptographic protection, which no policy waives; a key
 * issued for device confirmation has no PIN and always needs the device.
 */
export interface ConfirmationPolicy {
  device: 'off' | 'when-enrolled' | 'required';
  operations: DeviceOperation[];
  /** How long an online approval stands while the browser asks the PIN. */
  approvalSeconds: number;
  /** The most documents one approval may cover. */
  maxDocuments: number;
}

export const DEFAULT_CONFIRMATION_POLICY: ConfirmationPolicy = {
  device: 'when-enrolled',
  operations: ['sign', 'decrypt'],
  approvalSeconds: 300,
  maxDocuments: 100,
};

const USERS = 'role:user';
const accountScope = (accountId: string): string => `account:${accountId}`;

/** The policy checked field by field (CONFIRMATION_POLICY_INVALID with the fields at fault). */
export function checkPolicy(policy: ConfirmationPolicy): ConfirmationPolicy {
  const errors: { field: string; message: string }[] = [];
  if (!['off', 'when-enrolled', 'required'].includes(policy.device)) {
    errors.push({ field: 'device', message: 'off, when-enrolled or required' });
  }
  if (
    !Array.isArray(policy.operations) ||
    policy.operations.some((op) => !DEVICE_OPERATIONS.includes(op)) ||
    new Set(policy.operations).size !== policy.operations.length
  ) {
    errors.push({ field: 'operations', message: 'each of sign, decrypt at most once' });
  }
  if (
    !Number.isInteger(policy.approvalSeconds) ||
    policy.approvalSeconds < 30 ||
    policy.approvalSeconds > 3600
  ) {
    errors.push({ field: 'approvalSeconds', message: '30 to 3600 seconds' });
  }
  if (!Number.isInteger(policy.maxDocuments) || policy.maxDocuments < 1 || policy.maxDocuments > 1000) {
    errors.push({ field: 'maxDocuments', message: '1 to 1000 documents' });
  }
  if (errors.length > 0) {
    throw new DomainError('CONFIRMATION_POLICY_INVALID', 'the confirmation policy is not valid', { errors });
  }
  return {
    device: policy.device,
    operations: [...policy.operations],
    approvalSeconds: policy.approvalSeconds,
    maxDocuments: policy.maxDocuments,
  };
}

async function read(db: Queryable, scope: string): Promise<ConfirmationPolicy | undefined> {
  const { rows } = await db.query<{ policy: ConfirmationPolicy }>(
    'SELECT policy FROM confirmation_policies WHERE scope = $1',
    [scope],
  );
  return rows[0]?.policy;
}

/** The users' policy (the default, until an administrator sets one). */
export async function usersPolicy(db: Queryable): Promise<ConfirmationPolicy> {
  return (await read(db, USERS)) ?? DEFAULT_CONFIRMATION_POLICY;
}

/** A user's own policy, if an administrator set one, and the one in force. */
export async function accountPolicy(
  db: Queryable,
  accountId: string,
): Promise<{ override: ConfirmationPolicy | null; effective: ConfirmationPolicy }> {
  const override = (await read(db, accountScope(accountId))) ?? null;
  return { override, effective: override ?? (await usersPolicy(db)) };
}

async function write(db: Db, scope: string, policy: ConfirmationPolicy | null, context: ChangeContext) {
  const checked = policy === null ? null : checkPolicy(policy);
  await db.transaction(async (tx) => {
    if (checked === null) await tx.query('DELETE FROM confirmation_policies WHERE scope = $1', [scope]);
    else {
      await tx.query(
        `INSERT INTO confirmation_policies (scope, policy, updated_at, updated_by) VALUES ($1, $2::jsonb, now(), $3)
         ON CONFLICT (scope) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
        [scope, JSON.stringify(checked), context.actor],
      );
    }
    await appendAudit(tx, {
      ...context,
      action: checked === null ? 'confirmation_policy.clear' : 'confirmation_policy.update',
      target: scope,
      details: checked === null ? {} : { ...checked },
    });
  });
  return checked;
}

export async function setUsersPolicy(db: Db, policy: ConfirmationPolicy, context: ChangeContext) {
  return (await write(db, USERS, policy, context))!;
}

/** Sets (or, with null, removes) a user's own policy. */
export async function setAccountPolicy(
  db: Db,
  accountId: string,
  policy: ConfirmationPolicy | null,
  context: ChangeContext,
): Promise<void> {
  await write(db, accountScope(accountId), policy, context);
}
