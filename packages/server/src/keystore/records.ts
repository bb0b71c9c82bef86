import type { KeySpec } from '@podpis/pki';
import type { Logger } from 'pino';
import type { Db, Queryable } from '../db/db.js';
import {
  KeyStoreError,
  type KeyBackend,
  type KeyChangeRecording,
  type KeyHandle,
  type KeyProtection,
  type KeyRef,
  type KeyState,
} from './key-store.js';

/** One row of `stored_keys`, as the stores read it. */
export interface KeyRecord {
  id: string;
  backend: KeyBackend;
  label: string;
  owner: string;
  algorithm: KeySpec;
  protection: KeyProtection;
  publicKeyInfo: Uint8Array;
  sealed: Uint8Array | undefined;
  wrappedKey: Uint8Array | undefined;
  wrap: Record<string, unknown>;
  failedAttempts: number;
  lockedAt: Date | undefined;
  createdAt: Date;
  destroyedAt: Date | undefined;
}

interface KeyRow extends Record<string, unknown> {
  id: string;
  backend: KeyBackend;
  label: string;
  owner: string;
  algorithm: KeySpec;
  protection: KeyProtection;
  public_key_info: Uint8Array;
  sealed: Uint8Array | null;
  wrapped_key: Uint8Array | null;
  wrap: Record<string, unknown>;
  failed_attempts: number;
  locked_at: Date | null;
  created_at: Date;
  destroyed_at: Date | null;
}

const COLUMNS =
  'id, backend, label, owner, algorithm, protection, public_key_info, sealed, wrapped_key, wrap, failed_attempts, locked_at, created_at, destroyed_at';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be a key's or an activation's id (PostgreSQL refuses anything else as a uuid). */
export const isUuid = (id: string): boolean => UUID.test(id);

/** PGlite returns bytea as Uint8Array, pg as Buffer; both become plain Uint8Array. */
function bytes(value: Uint8Array | null): Uint8Array | undefined {
  return value === null ? undefined : new Uint8Array(value);
}

function fromRow(row: KeyRow): KeyRecord {
  return {
    id: row.id,
    backend: row.backend,
    label: row.label,
    owner: row.owner,
    algorithm: row.algorithm,
    protection: row.protection,
    publicKeyInfo: new Uint8Array(row.public_key_info),
    sealed: bytes(row.sealed),
    wrappedKey: bytes(row.wrapped_key),
    wrap: row.wrap,
    failedAttempts: row.failed_attempts,
    lockedAt: row.locked_at ?? undefined,
    createdAt: row.created_at,
    destroyedAt: row.destroyed_at ?? undefined,
  };
}

export function toHandle(record: KeyRecord): KeyHandle {
  return {
    id: record.id,
    backend: record.backend,
    algorithm: record.algorithm,
    label: record.label,
    owner: record.owner,
    protection: record.protection,
    publicKeyInfo: record.publicKeyInfo,
    createdAt: record.createdAt,
  };
}

/** A key's row as a store writes it; the PIN guard and the dates start with their defaults. */
export type NewKeyRecord = Omit<KeyRecord, 'failedAttempts' | 'lockedAt' | 'createdAt' | 'destroyedAt'>;

export async function insertKey(db: Queryable, key: NewKeyRecord): Promise<KeyRecord> {
  const { rows } = await db.query<KeyRow>(
    `INSERT INTO stored_keys (id, backend, label, owner, algorithm, protection, public_key_info, sealed, wrapped_key, wrap)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10::jsonb) RETURNING ${COLUMNS}`,
    [
      key.id,
      key.backend,
      key.label,
      key.owner,
      JSON.stringify(key.algorithm),
      key.protection,
      Buffer.from(key.publicKeyInfo),
      key.sealed ? Buffer.from(key.sealed) : null,
      key.wrappedKey ? Buffer.from(key.wrappedKey) : null,
      JSON.stringify(key.wrap),
    ],
  );
  return fromRow(rows[0]!);
}

/** A live key of `backend`, optionally row-locked for the rest of the transaction. */
export async function findKey(
  db: Queryable,
  backend: KeyBackend,
  key: KeyRef,
  options: { forUpdate?: boolean } = {},
): Promise<KeyRecord> {
  // Made only when thrown: an error records its stack when made, a cost on every key lookup.
  const notFound = (): KeyStoreError =>
    new KeyStoreError('KEY_NOT_FOUND', `no key ${key.id} in the ${backend} key store`);
  if (!isUuid(key.id)) throw notFound();
  const { rows } = await db.query<KeyRow>(
    `SELECT ${COLUMNS} FROM stored_keys WHERE id = $1 AND backend = $2${options.forUpdate === true ? ' FOR UPDATE' : ''}`,
    [key.id, backend],
  );
  const row = rows[0];
  if (!row) throw notFound();
  if (row.destroyed_at !== null) throw new KeyStoreError('KEY_DESTROYED', `key ${key.id} was destroyed`);
  return fromRow(row);
}

/** A key's PIN guard as its record says; `maxAttempts` unknown (its store not open) leaves the count out. */
export function keyState(record: KeyRecord, maxAttempts: number | undefined): KeyState {
  const locked =
    record.lockedAt !== undefined || (maxAttempts !== undefined && record.failedAttempts >= maxAttempts);
  return {
    backend: record.backend,
    protection: record.protection,
    locked,
    ...(record.protection === 'pin' && maxAttempts !== undefined
      ? { remainingAttempts: locked ? 0 : maxAttempts - record.failedAttempts }
      : {}),
  };
}

export async function updateWrap(
  db: Queryable,
  id: string,
  wrap: Record<string, unknown>,
  wrappedKey: Uint8Array | undefined,
): Promise<void> {
  await db.query('UPDATE stored_keys SET wrap = $2::jsonb, wrapped_key = $3 WHERE id = $1', [
    id,
    JSON.stringify(wrap),
    wrappedKey ? Buffer.from(wrappedKey) : null,
  ]);
}

/** Marks a key destroyed and erases its sealed material (crypto-shredding). */
export async function markDestroyed(db: Queryable, backend: KeyBackend, key: KeyRef): Promise<void> {
  await findKey(db, backend, key);
  await db.query(
    'UPDATE stored_keys SET destroyed_at = now(), sealed = NULL, wrapped_key = NULL WHERE id = $1 AND destroyed_at IS NULL',
    [key.id],
  );
}

/**
 * Refuses an operator's PIN reset, which no key allows: a key without a
 * PIN → KEY_PIN_NOT_APPLICABLE, a user key → KEY_PIN_RESET_IMPOSSIBLE
 * (`why`: what makes the holder's PIN irreplaceable in this store).
 */
export async function refusePinReset(
  db: Queryable,
  backend: KeyBackend,
  key: KeyRef,
  why: string,
): Promise<never> {
  const record = await findKey(db, backend, key);
  if (record.protection !== 'pin')
    throw new KeyStoreError('KEY_PIN_NOT_APPLICABLE', `key ${key.id} has no PIN`);
  throw new KeyStoreError(
    'KEY_PIN_RESET_IMPOSSIBLE',
    `the PIN of key ${key.id} cannot be reset: ${why}; issue a new key and certificate instead`,
  );
}

/** Logs a refused PIN (wrong, or the key locked) without the PIN; other errors are not logged here. */
export function logPinRefusal(logger: Pick<Logger, 'warn'> | undefined, key: KeyRef, error: unknown): void {
  if (error instanceof KeyStoreError && (error.code === 'KEY_PIN_WRONG' || error.code === 'KEY_LOCKED')) {
    logger?.warn({ keyId: key.id, code: error.code, ...error.details }, 'key PIN refused');
  }
}

/** Clears a key's failed-PIN counter; `recording.changed` (the audit record) commits with it. */
export async function unlockKey(
  db: Db,
  backend: KeyBackend,
  key: KeyRef,
  recording: KeyChangeRecording = {},
): Promise<void> {
  await db.transaction(async (tx) => {
    await findKey(tx, backend, key, { forUpdate: true });
    await tx.query('UPDATE stored_keys SET failed_attempts = 0, locked_at = NULL WHERE id = $1', [key.id]);
    await recording.changed?.(tx);
  });
}

/**
 * Runs one PIN-checked use of a key: `attempt` returns its result, or
 * undefined when the PIN was wrong. The row is locked for the whole check,
 * so parallel attempts are counted one after another and can never exceed
 * `maxAttempts`; a wrong PIN's count is committed before the error is thrown.
 * The N-th wrong PIN answers KEY_PIN_WRONG with no attempts left, every
 * later attempt KEY_LOCKED until an operator unlocks the key.
 * `recording.wrongPin` runs in the transaction that counts a wrong PIN.
 */
export async function withPinAttempt<T>(
  db: Db,
  backend: KeyBackend,
  key: KeyRef,
  maxAttempts: number,
  attempt: (record: KeyRecord, tx: Queryable) => Promise<T | undefined>,
  recording: Pick<KeyChangeRecording, 'wrongPin'> = {},
): Promise<T> {
  const outcome = await db.transaction(async (tx) => {
    const record = await findKey(tx, backend, key, { forUpdate: true });
    if (record.protection !== 'pin') {
      throw new KeyStoreError('KEY_PIN_NOT_APPLICABLE', `key ${key.id} has no PIN`);
    }
    if (record.lockedAt !== undefined || record.failedAttempts >= maxAttempts) {
      throw new KeyStoreError(
        'KEY_LOCKED',
        `key ${key.id} is locked after ${record.failedAttempts} wrong PINs; an operator must unlock it`,
      );
    }
    const value = await attempt(record, tx);
    if (value === undefined) {
      const failed = record.failedAttempts + 1;
      await tx.query(
        'UPDATE stored_keys SET failed_attempts = $2, locked_at = CASE WHEN $2::int >= $3::int THEN now() END WHERE id = $1',
        [key.id, failed, maxAttempts],
      );
      const remaining = Math.max(0, maxAttempts - failed);
      await recording.wrongPin?.(tx, remaining);
      return { wrong: true, remaining } as const;
    }
    if (record.failedAttempts > 0) {
      await tx.query('UPDATE stored_keys SET failed_attempts = 0 WHERE id = $1', [key.id]);
    }
    return { wrong: false, value } as const;
  });
  if (outcome.wrong) {
    const left = outcome.remaining === 0 ? 'the key is now locked' : `${outcome.remaining} attempts left`;
    throw new KeyStoreError('KEY_PIN_WRONG', `wrong PIN for key ${key.id}; ${left}`, {
      remainingAttempts: outcome.remaining,
    });
  }
  return outcome.value;
}
