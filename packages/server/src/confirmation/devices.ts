import { channelKeys, type ChannelKeys } from '@podpis/confirm';
import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import type { KeyStore } from '../keystore/index.js';
import type { ChangeContext } from '../people/accounts.js';

export type DeviceKind = 'webauthn' | 'authenticator';
export type DeviceStatus = 'active' | 'blocked';

/** An enrolled device as people see it: never its channel or key material. */
export interface Device {
  id: string;
  accountId: string;
  name: string;
  kind: DeviceKind;
  platform: string | null;
  status: DeviceStatus;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Whether the device takes Web Push notifications. */
  push: boolean;
}

export type DeviceRow = {
  id: string;
  account_id: string;
  name: string;
  kind: DeviceKind;
  platform: string | null;
  status: DeviceStatus | 'removed';
  public_key: Buffer;
  credential_id: string | null;
  sign_count: string | number;
  channel: Buffer | null;
  counter_in: string | number;
  counter_out: string | number;
  push_subscription: { endpoint: string; keys: { p256dh: string; auth: string } } | null;
  created_at: Date;
  last_used_at: Date | null;
};

/** The purpose channel secrets are sealed for under the master key. */
export const CHANNEL_SECRET = 'device-channel';
export const MAX_DEVICE_NAME = 64;

export function deviceOf(row: DeviceRow): Device {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    kind: row.kind,
    platform: row.platform,
    status: row.status === 'removed' ? 'blocked' : row.status,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    push: row.push_subscription !== null,
  };
}

/** A device name as typed: trimmed, 1–64 characters without control characters (DEVICE_NAME_INVALID). */
export function deviceName(name: string): string {
  const trimmed = name.normalize('NFC').trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (trimmed.length === 0 || trimmed.length > MAX_DEVICE_NAME || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new DomainError(
      'DEVICE_NAME_INVALID',
      `a device name has 1 to ${MAX_DEVICE_NAME} printable characters`,
    );
  }
  return trimmed;
}

/** The channel keys of a device (its sealed channel secret opened with the master key). */
export async function deviceChannel(keyStore: KeyStore, row: DeviceRow): Promise<ChannelKeys> {
  if (!row.channel) throw new DomainError('DEVICE_NOT_FOUND', `device ${row.id} was removed`);
  const secret = keyStore.openSecret(CHANNEL_SECRET, row.id, row.channel);
  try {
    return await channelKeys(new Uint8Array(secret));
  } finally {
    secret.fill(0);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A device's row, or undefined for an unknown or removed one. */
export async function findDevice(
  db: Queryable,
  id: string,
  forUpdate = false,
): Promise<DeviceRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<DeviceRow>(
    `SELECT * FROM devices WHERE id = $1 AND status <> 'removed'${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

/** The user's devices (not removed), newest first. */
export async function listDevices(db: Queryable, accountId: string): Promise<Device[]> {
  const { rows } = await db.query<DeviceRow>(
    "SELECT * FROM devices WHERE account_id = $1 AND status <> 'removed' ORDER BY created_at DESC",
    [accountId],
  );
  return rows.map(deviceOf);
}

/** Whether the user has a device that can approve now. */
export async function hasActiveDevice(db: Queryable, accountId: string): Promise<boolean> {
  const { rows } = await db.query(
    "SELECT 1 FROM devices WHERE account_id = $1 AND status = 'active' LIMIT 1",
    [accountId],
  );
  return rows.length > 0;
}

/**
 * One device for a change: the user's own (`accountId`), or any user's for
 * an operator (`accountId` undefined). Another user's device is
 * DEVICE_NOT_FOUND, as an unknown one is.
 */
async function ownDevice(tx: Queryable, id: string, accountId: string | undefined): Promise<DeviceRow> {
  const row = await findDevice(tx, id, true);
  if (!row || (accountId !== undefined && row.account_id !== accountId)) {
    throw new DomainError('DEVICE_NOT_FOUND', `no device ${id}`);
  }
  return row;
}

export async function getDevice(db: Queryable, id: string, accountId?: string): Promise<Device> {
  const row = await findDevice(db, id);
  if (!row || (accountId !== undefined && row.account_id !== accountId)) {
    throw new DomainError('DEVICE_NOT_FOUND', `no device ${id}`);
  }
  return deviceOf(row);
}

export async function renameDevice(
  db: Db,
  id: string,
  name: string,
  accountId: string | undefined,
  context: ChangeContext,
): Promise<Device> {
  const newName = deviceName(name);
  return db.transaction(async (tx) => {
    const row = await ownDevice(tx, id, accountId);
    const { rows } = await tx.query<DeviceRow>('UPDATE devices SET name = $2 WHERE id = $1 RETURNING *', [
      id,
      newName,
    ]);
    await appendAudit(tx, {
      ...context,
      action: 'device.rename',
      target: `device:${id}`,
      details: { account: row.account_id, from: row.name, to: newName },
    });
    return deviceOf(rows[0]!);
  });
}

/** Blocks (approvals refused) or unblocks a device; the same state again changes nothing and writes nothing. */
export async function setDeviceBlocked(
  db: Db,
  id: string,
  blocked: boolean,
  accountId: string | undefined,
  context: ChangeContext,
): Promise<Device> {
  return db.transaction(async (tx) => {
    const row = await ownDevice(tx, id, accountId);
    const status: DeviceStatus = blocked ? 'blocked' : 'active';
    if (row.status === status) return deviceOf(row);
    const { rows } = await tx.query<DeviceRow>(
      'UPDATE devices SET status = $2, status_changed_at = now() WHERE id = $1 RETURNING *',
      [id, status],
    );
    await appendAudit(tx, {
      ...context,
      action: blocked ? 'device.block' : 'device.unblock',
      target: `device:${id}`,
      details: { account: row.account_id, name: row.name },
    });
    return deviceOf(rows[0]!);
  });
}

/**
 * Removes a device for good: its channel secret and push subscription are
 * erased (it can neither read nor send another message); the row stays
 * with its public key, so past approvals can still be verified.
 */
export async function removeDevice(
  db: Db,
  id: string,
  accountId: string | undefined,
  context: ChangeContext,
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await ownDevice(tx, id, accountId);
    await tx.query(
      "UPDATE devices SET status = 'removed', channel = NULL, push_subscription = NULL, status_changed_at = now() WHERE id = $1",
      [id],
    );
    await appendAudit(tx, {
      ...context,
      action: 'device.remove',
      target: `device:${id}`,
      details: { account: row.account_id, name: row.name },
    });
  });
}
