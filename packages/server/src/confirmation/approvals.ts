import { randomBytes, randomUUID } from 'node:crypto';
import {
  approvalBytes,
  approvalChallenge,
  encodeOfflineRequest,
  offlineCodeMatches,
  operationDigest,
  parseApproval,
  signInDescriptor,
  toBase64url,
  verificationCode,
  ConfirmError,
  type Approval,
  type OperationKind,
  type PendingDocument,
  type PendingOperation,
  type SignInRequest,
} from '@podpis/confirm';
import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';
import type { KeyProtection } from '../keystore/index.js';
import type { SignInDevices } from '../auth/second-factor.js';
import type { ChangeContext } from '../people/accounts.js';
import { spkiKey, verifyEcdsa } from './device-keys.js';
import { deviceChannel, hasActiveDevice, type DeviceRow } from './devices.js';
import type { ConfirmationContext } from './enrolment.js';
import { accountPolicy } from './policy.js';
import { enqueueOperationEvent } from '../webhooks/events.js';
import { verifyWebAuthnAssertion, type RelyingParty } from './webauthn.js';

/** What a key does under an approval (a sign-in uses none). */
export type KeyOperationKind = Exclude<OperationKind, 'sign-in'>;

/** How an operation is confirmed, fixed when it is created. */
export type RequiredConfirmation = 'none' | 'pin' | 'device' | 'device+pin';
export type DeviceMethod = Extract<RequiredConfirmation, 'device' | 'device+pin'>;

export const isDeviceMethod = (method: RequiredConfirmation): method is DeviceMethod =>
  method === 'device' || method === 'device+pin';

/** Wrong offline codes an operation takes before it is refused for good. */
export const MAX_OFFLINE_FAILURES = 5;
/** How far an approval's time may be from the server's clock. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** NOTIFY channel: an account's devices have something new to approve (payload: the account id). */
export const DEVICE_PENDING_CHANNEL = 'podpis_device_pending';

/**
 * The confirmation an operation on a key needs, from the key's protection
 * and the holder's policy: a key without a holder's confirmation signs at
 * once; a `device` key needs its device; a PIN key needs its PIN, and a
 * device approval too when the policy asks (`required`, or `when-enrolled`
 * and the user has an active device). DEVICE_REQUIRED when a device is
 * needed and the user has none; DEVICE_BATCH_TOO_LARGE past the policy's
 * batch limit.
 */
export async function requiredConfirmation(
  db: Queryable,
  input: { accountId: string; protection: KeyProtection; kind: KeyOperationKind; documents: number },
): Promise<RequiredConfirmation> {
  if (input.protection === 'none') return 'none';
  const { effective: policy } = await accountPolicy(db, input.accountId);
  const hasDevice = await hasActiveDevice(db, input.accountId);
  let method: RequiredConfirmation;
  if (input.protection === 'device') method = 'device';
  else if (policy.device === 'off' || !policy.operations.includes(input.kind)) method = 'pin';
  else if (policy.device === 'required' || hasDevice) method = 'device+pin';
  else method = 'pin';
  if (isDeviceMethod(method)) {
    if (!hasDevice) {
      throw new DomainError(
        'DEVICE_REQUIRED',
        'this operation needs an approval on an enrolled device, and none is active',
        {
          enrolAt: '/my/devices',
        },
      );
    }
    if (input.documents > policy.maxDocuments) {
      throw new DomainError(
        'DEVICE_BATCH_TOO_LARGE',
        `one approval covers at most ${policy.maxDocuments} documents`,
        {
          maxDocuments: policy.maxDocuments,
        },
      );
    }
  }
  return method;
}

/** What the device shows of an operation, fixed at its creation. */
export interface ApprovalSummary {
  requester: PendingOperation['requester'];
  certificate: PendingOperation['certificate'];
  format: string;
  documents: PendingDocument[];
  signIn?: PendingOperation['signIn'];
}

/** How the audit names what an approval is about. */
const operationTarget = (kind: OperationKind, id: string): string =>
  `${kind === 'sign' ? 'signing-operation' : kind === 'decrypt' ? 'decryption-operation' : 'sign-in'}:${id}`;

/** The operation as the approval digest names it. */
export interface ApprovedOperation {
  kind: OperationKind;
  id: string;
  accountId: string;
  certificate: string;
  /** The digests the key signs, or the inputs it decrypts (hex). */
  items: readonly string[];
}

type ApprovalRow = {
  id: string;
  operation_kind: OperationKind;
  operation_id: string;
  account_id: string;
  method: DeviceMethod;
  digest: Buffer;
  challenge: Buffer;
  summary: ApprovalSummary;
  status: 'pending' | 'approved' | 'declined' | 'used' | 'refused';
  created_at: Date;
  expires_at: Date;
  device_id: string | null;
  via: 'online' | 'offline' | null;
  decided_at: Date | null;
  approved_until: Date | null;
  offline_failures: number;
  device_name?: string | null;
};

/**
 * Announces a device's decision on a signing or decryption operation
 * (`operation.confirmed` / `operation.declined`) with the decision; a
 * sign-in's approval is no operation and is not announced.
 */
async function announceDecision(tx: Queryable, row: ApprovalRow, approved: boolean, at: Date): Promise<void> {
  if (row.operation_kind === 'sign-in') return;
  await enqueueOperationEvent(
    tx,
    approved ? 'operation.confirmed' : 'operation.declined',
    {
      id: row.operation_id,
      kind: row.operation_kind === 'sign' ? 'signing' : 'decryption',
      accountId: row.account_id,
      certificate: row.summary.certificate.serial,
      status: approved ? 'confirmed' : 'declined',
    },
    at,
  );
}

/**
 * In the transaction that creates the operation: the approval it awaits,
 * with a random challenge and the operation digest; the user's devices are
 * told when it commits (NOTIFY, for the event streams on every node).
 */
export async function requestApproval(
  tx: Queryable,
  operation: ApprovedOperation & {
    method: DeviceMethod;
    expiresAt: Date;
    summary: ApprovalSummary;
    now: Date;
  },
): Promise<void> {
  const digest = await operationDigest(operation);
  await tx.query(
    `INSERT INTO device_approvals (id, operation_kind, operation_id, account_id, method, digest, challenge, summary, status, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, 'pending', $9, $10)`,
    [
      randomUUID(),
      operation.kind,
      operation.id,
      operation.accountId,
      operation.method,
      Buffer.from(digest),
      randomBytes(32),
      JSON.stringify(operation.summary),
      operation.now,
      operation.expiresAt,
    ],
  );
  await tx.query('SELECT pg_notify($1, $2)', [DEVICE_PENDING_CHANNEL, operation.accountId]);
}

/** An operation's device confirmation as the browser shows it. */
export interface DeviceApprovalView {
  status: 'pending' | 'approved' | 'declined' | 'used' | 'refused';
  verificationCode: string;
  /** The offline QR code's text. */
  offline: string;
  device?: { id: string; name: string };
  via?: 'online' | 'offline';
  decidedAt?: Date;
  approvedUntil?: Date;
  remainingOfflineAttempts: number;
}

async function findApproval(
  db: Queryable,
  kind: OperationKind | undefined,
  operationId: string,
  lock = false,
) {
  const { rows } = await db.query<ApprovalRow>(
    `SELECT a.*, d.name AS device_name FROM device_approvals a LEFT JOIN devices d ON d.id = a.device_id
     WHERE a.operation_id::text = $1 AND ($2::text IS NULL OR a.operation_kind = $2)${lock ? ' FOR UPDATE OF a' : ''}`,
    [operationId, kind ?? null],
  );
  return rows[0];
}

export async function approvalView(
  db: Queryable,
  kind: KeyOperationKind,
  operationId: string,
): Promise<DeviceApprovalView | undefined> {
  const row = await findApproval(db, kind, operationId);
  if (!row) return undefined;
  return {
    status: row.status,
    verificationCode: await verificationCode(new Uint8Array(row.digest)),
    offline: encodeOfflineRequest({
      operation: row.operation_id,
      kind,
      holder: row.summary.certificate.holder,
      certificate: row.summary.certificate.serial,
      documents: row.summary.documents.map((d) => ({
        name: d.name,
        ...(d.size !== undefined ? { size: d.size } : {}),
      })),
      documentCount: row.summary.documents.length,
      digest: toBase64url(row.digest),
      challenge: toBase64url(row.challenge),
      expiresAt: row.expires_at.toISOString(),
    }),
    ...(row.device_id ? { device: { id: row.device_id, name: row.device_name ?? '' } } : {}),
    ...(row.via ? { via: row.via } : {}),
    ...(row.decided_at ? { decidedAt: row.decided_at } : {}),
    ...(row.approved_until ? { approvedUntil: row.approved_until } : {}),
    remainingOfflineAttempts: Math.max(0, MAX_OFFLINE_FAILURES - row.offline_failures),
  };
}

/** What awaits the device's decision: its user's pending approvals not yet expired, oldest first. */
export async function pendingOperations(
  db: Queryable,
  device: DeviceRow,
  now: Date,
): Promise<PendingOperation[]> {
  const { rows } = await db.query<ApprovalRow>(
    `SELECT * FROM device_approvals WHERE account_id = $1 AND status = 'pending' AND expires_at > $2 ORDER BY created_at`,
    [device.account_id, now],
  );
  return Promise.all(
    rows.map(async (row) => ({
      operation: row.operation_id,
      kind: row.operation_kind,
      requester: row.summary.requester,
      certificate: row.summary.certificate,
      format: row.summary.format,
      documents: row.summary.documents,
      ...(row.summary.signIn ? { signIn: row.summary.signIn } : {}),
      digest: toBase64url(row.digest),
      challenge: toBase64url(row.challenge),
      verificationCode: await verificationCode(new Uint8Array(row.digest)),
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      pinAfterApproval: row.method === 'device+pin',
    })),
  );
}

/** The pending approval a device may preview documents of (its user's, pending). */
export async function pendingApprovalFor(
  db: Queryable,
  device: DeviceRow,
  operationId: string,
  now: Date,
): Promise<{ kind: OperationKind; operationId: string; accountId: string }> {
  const { rows } = await db.query<ApprovalRow>(
    `SELECT * FROM device_approvals WHERE operation_id::text = $1 AND account_id = $2 AND status = 'pending' AND expires_at > $3`,
    [operationId, device.account_id, now],
  );
  const row = rows[0];
  if (!row)
    throw new DomainError('DEVICE_APPROVAL_INVALID', `no operation ${operationId} awaits this device`);
  return { kind: row.operation_kind, operationId: row.operation_id, accountId: row.account_id };
}

export interface DeviceDecision {
  approval: unknown;
  signature?: string;
  webauthn?: unknown;
}

export interface DecisionOutcome {
  kind: OperationKind;
  operationId: string;
  accountId: string;
  method: DeviceMethod;
  decision: Approval['decision'];
}

/** base64url bytes, or none for text that is not base64url (a signature that then verifies nothing). */
function fromBase64urlLoose(text: string): Uint8Array {
  return /^[A-Za-z0-9_-]*$/.test(text) ? Buffer.from(text, 'base64url') : new Uint8Array();
}

const refused = (why: string) =>
  new DomainError('DEVICE_APPROVAL_INVALID', `the approval is refused: ${why}`);

/**
 * A device's decision on an operation. The approval must name an operation
 * of the device's user still awaiting a decision, its digest and challenge,
 * a time within the operation's life, and be signed by this device's key
 * (ECDSA, or a WebAuthn assertion with user verification). It is recorded
 * with the signed approval as evidence (`device.approve` /
 * `device.decline`, whose details let anyone verify it again). A refusal
 * (another operation, another key, tampered, late, a decided operation) is
 * DEVICE_APPROVAL_INVALID (or _DECLINED / _EXPIRED), recorded as
 * `device.approval_refused`; nothing changes.
 */
export async function decideOnDevice(
  ctx: ConfirmationContext,
  device: DeviceRow,
  decision: DeviceDecision,
  rp: RelyingParty,
): Promise<DecisionOutcome> {
  let approval: Approval;
  try {
    approval = parseApproval(decision.approval);
  } catch (error) {
    if (error instanceof ConfirmError) throw refused(error.message);
    throw error;
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await findApproval(tx, undefined, approval.operation, true);
      if (!row || row.account_id !== device.account_id)
        throw refused("no such operation of this device's user");
      const now = ctx.now();
      if (row.status === 'declined')
        throw new DomainError('DEVICE_APPROVAL_DECLINED', 'the operation was declined');
      if (row.status !== 'pending') throw refused(`the operation is already ${row.status}`);
      if (row.expires_at.getTime() <= now.getTime()) {
        throw new DomainError('DEVICE_APPROVAL_EXPIRED', 'the operation expired before the decision');
      }
      if (approval.digest !== toBase64url(row.digest)) throw refused('it names other documents');
      if (approval.challenge !== toBase64url(row.challenge)) throw refused('it answers another challenge');
      const time = Date.parse(approval.time);
      if (
        Math.abs(time - now.getTime()) > CLOCK_SKEW_MS ||
        time < row.created_at.getTime() - CLOCK_SKEW_MS ||
        time > row.expires_at.getTime()
      ) {
        throw refused("its time is outside the operation's life");
      }
      const proof = await verifyDeviceSignature(tx, device, approval, decision, rp);
      const { effective: policy } = await accountPolicy(tx, row.account_id);
      const approved = approval.decision === 'approve';
      await tx.query(
        `UPDATE device_approvals SET status = $2, device_id = $3, via = 'online', decided_at = $4, approved_until = $5, evidence = $6::jsonb
         WHERE id = $1`,
        [
          row.id,
          approved ? 'approved' : 'declined',
          device.id,
          now,
          approved
            ? new Date(Math.min(now.getTime() + policy.approvalSeconds * 1000, row.expires_at.getTime()))
            : null,
          JSON.stringify(proof),
        ],
      );
      await appendAudit(tx, {
        actor: `user:${row.account_id}`,
        action: approved ? 'device.approve' : 'device.decline',
        target: operationTarget(row.operation_kind, row.operation_id),
        details: { ...proof, via: 'online', method: row.method },
      });
      await announceDecision(tx, row, approved, now);
      return {
        kind: row.operation_kind,
        operationId: row.operation_id,
        accountId: row.account_id,
        method: row.method,
        decision: approval.decision,
      };
    });
  } catch (error) {
    if (error instanceof DomainError && error.code.startsWith('DEVICE_APPROVAL_')) {
      await ctx.db.transaction((tx) =>
        appendAudit(tx, {
          actor: `user:${device.account_id}`,
          action: 'device.approval_refused',
          target: `device:${device.id}`,
          details: { operation: approval.operation, code: error.code, reason: error.message },
        }),
      );
    }
    throw error;
  }
}

/**
 * The approval's signature by the device's own key, and the evidence kept
 * of it: enough for anyone to verify it again (the approval's fields, the
 * signature or the WebAuthn assertion, the device's public key).
 */
async function verifyDeviceSignature(
  tx: Queryable,
  device: DeviceRow,
  approval: Approval,
  decision: DeviceDecision,
  rp: RelyingParty,
): Promise<Record<string, unknown>> {
  const base = {
    device: device.id,
    deviceName: device.name,
    deviceKind: device.kind,
    approval: { ...approval },
    signedText: Buffer.from(approvalBytes(approval)).toString('utf8'),
    devicePublicKey: Buffer.from(device.public_key).toString('base64url'),
  };
  if (device.kind === 'authenticator') {
    if (
      typeof decision.signature !== 'string' ||
      !verifyEcdsa(
        spkiKey(device.public_key),
        approvalBytes(approval),
        fromBase64urlLoose(decision.signature),
      )
    ) {
      throw refused("the signature is not this device's");
    }
    return { ...base, signature: decision.signature, algorithm: 'ECDSA P-256 SHA-256 (IEEE P1363)' };
  }
  const counter = await verifyWebAuthnAssertion(
    decision.webauthn,
    toBase64url(await approvalChallenge(approval)),
    {
      id: device.credential_id ?? '',
      publicKey: new Uint8Array(device.public_key),
      counter: Number(device.sign_count),
    },
    rp,
  );
  if (counter === undefined)
    throw refused("the WebAuthn assertion is not this device's, or lacks user verification");
  await tx.query('UPDATE devices SET sign_count = $2 WHERE id = $1', [device.id, counter]);
  return {
    ...base,
    webauthn: decision.webauthn,
    credentialId: device.credential_id,
    algorithm: 'WebAuthn (COSE key)',
  };
}

/**
 * At confirmation, the approval an operation waits for: approved online
 * (and, for `device+pin`, not past its validity), or now with an offline
 * code from one of the user's active devices. The operation's digest is
 * computed again from what it will sign: documents changed since the
 * approval do not match (DEVICE_APPROVAL_INVALID). A wrong offline code is
 * counted and commits (DEVICE_CODE_WRONG with `remainingAttempts`); the
 * fifth refuses the operation for good (DEVICE_CODE_ATTEMPTS_EXCEEDED).
 * Returns the approval's id, which the activation records.
 */
export async function awaitedApproval(
  ctx: ConfirmationContext,
  operation: ApprovedOperation & { method: DeviceMethod },
  input: { code?: string | undefined; context: ChangeContext },
): Promise<string> {
  const digest = await operationDigest(operation);
  const outcome = await ctx.db.transaction(async (tx) => {
    const row = await findApproval(tx, operation.kind, operation.id, true);
    if (!row || row.account_id !== operation.accountId) {
      throw new DomainError('DEVICE_APPROVAL_REQUIRED', 'this operation awaits an approval on a device');
    }
    if (row.status === 'declined')
      throw new DomainError('DEVICE_APPROVAL_DECLINED', 'the operation was declined on the device');
    if (row.status === 'refused') {
      throw new DomainError(
        'DEVICE_CODE_ATTEMPTS_EXCEEDED',
        'too many wrong confirmation codes: the operation is refused',
      );
    }
    if (!Buffer.from(digest).equals(row.digest)) {
      throw refused('what the operation signs is not what was approved');
    }
    const now = ctx.now();
    if (row.status === 'approved' || row.status === 'used') {
      const active = row.device_id !== null && (await hasActiveDeviceId(tx, row.device_id));
      if (!active) throw refused('the approving device is no longer active');
      if (row.approved_until && row.approved_until.getTime() <= now.getTime()) {
        throw new DomainError(
          'DEVICE_APPROVAL_EXPIRED',
          'the approval is no longer valid: start the operation again',
          {},
        );
      }
      return { id: row.id };
    }
    if (input.code === undefined) {
      throw new DomainError(
        'DEVICE_APPROVAL_REQUIRED',
        'approve the operation on your device, or enter its offline code',
      );
    }
    const device = await offlineCodeDevice(ctx, tx, row, input.code, now);
    if (!device) {
      const failures = row.offline_failures + 1;
      const exhausted = failures >= MAX_OFFLINE_FAILURES;
      await tx.query('UPDATE device_approvals SET offline_failures = $2, status = $3 WHERE id = $1', [
        row.id,
        failures,
        exhausted ? 'refused' : row.status,
      ]);
      await appendAudit(tx, {
        ...input.context,
        action: exhausted ? 'device.offline_code_locked' : 'device.offline_code_wrong',
        target: operationTarget(operation.kind, operation.id),
        details: { failures },
      });
      return { wrong: MAX_OFFLINE_FAILURES - failures };
    }
    const { effective: policy } = await accountPolicy(tx, row.account_id);
    await tx.query(
      `UPDATE device_approvals SET status = 'approved', device_id = $2, via = 'offline', decided_at = $3, approved_until = $4, evidence = $5::jsonb
       WHERE id = $1`,
      [
        row.id,
        device.id,
        now,
        new Date(Math.min(now.getTime() + policy.approvalSeconds * 1000, row.expires_at.getTime())),
        JSON.stringify({
          device: device.id,
          deviceName: device.name,
          suite: 'OCRA-1:HOTP-SHA256-8:QH40-T1M',
        }),
      ],
    );
    await appendAudit(tx, {
      ...input.context,
      action: 'device.approve',
      target: operationTarget(operation.kind, operation.id),
      details: { device: device.id, deviceName: device.name, via: 'offline', method: row.method },
    });
    await announceDecision(tx, row, true, now);
    return { id: row.id };
  });
  if ('wrong' in outcome) {
    if (outcome.wrong <= 0) {
      throw new DomainError(
        'DEVICE_CODE_ATTEMPTS_EXCEEDED',
        'too many wrong confirmation codes: the operation is refused',
      );
    }
    throw new DomainError('DEVICE_CODE_WRONG', 'the confirmation code is wrong', {
      remainingAttempts: outcome.wrong,
    });
  }
  return outcome.id;
}

async function hasActiveDeviceId(tx: Queryable, id: string): Promise<boolean> {
  const { rows } = await tx.query("SELECT 1 FROM devices WHERE id = $1 AND status = 'active'", [id]);
  return rows.length > 0;
}

/** The active device of the user whose offline code `code` is, if any (each device's OCRA key is tried). */
async function offlineCodeDevice(
  ctx: ConfirmationContext,
  tx: Queryable,
  row: ApprovalRow,
  code: string,
  now: Date,
): Promise<DeviceRow | undefined> {
  const { rows } = await tx.query<DeviceRow>(
    "SELECT * FROM devices WHERE account_id = $1 AND status = 'active'",
    [row.account_id],
  );
  const normalised = code.replace(/\s/g, '');
  for (const device of rows) {
    const keys = await deviceChannel(ctx.keyStore, device);
    if (
      await offlineCodeMatches(
        keys.ocra,
        new Uint8Array(row.digest),
        new Uint8Array(row.challenge),
        normalised,
        now,
      )
    ) {
      return device;
    }
  }
  return undefined;
}

/** In the transaction that completes the operation: its approval is used. */
export async function markApprovalUsed(tx: Queryable, approvalId: string): Promise<void> {
  await tx.query("UPDATE device_approvals SET status = 'used' WHERE id = $1", [approvalId]);
}

// ---- sign-in ----

/** A sign-in's approval as the browser waiting for it sees it. */
export interface SignInApproval {
  id: string;
  status: ApprovalRow['status'];
  verificationCode: string;
  expiresAt: Date;
  /** The approving (or declining) device is still active: a blocked or removed one's approval opens nothing. */
  deviceActive: boolean;
}

/**
 * In the caller's transaction: a device approval of a sign-in (method
 * `device`, living as long as the sign-in), told to the user's devices at
 * commit like an operation's. The digest binds what the devices show.
 */
export async function requestSignInApproval(
  tx: Queryable,
  signIn: SignInRequest & { accountId: string; expiresAt: Date; now: Date },
): Promise<void> {
  const descriptor = await signInDescriptor(signIn);
  await requestApproval(tx, {
    ...descriptor,
    accountId: signIn.accountId,
    method: 'device',
    expiresAt: signIn.expiresAt,
    now: signIn.now,
    summary: {
      requester: { kind: 'cabinet' },
      certificate: { serial: '', holder: signIn.account },
      format: 'sign-in',
      documents: [],
      signIn: { ip: signIn.ip, userAgent: signIn.userAgent, time: signIn.time },
    },
  });
}

/** The approval of sign-in `signInId`, if one was asked (locked for the caller's transaction when `lock`). */
export async function signInApproval(
  tx: Queryable,
  signInId: string,
  lock = false,
): Promise<SignInApproval | undefined> {
  const row = await findApproval(tx, 'sign-in', signInId, lock);
  if (!row) return undefined;
  return {
    id: row.id,
    status: row.status,
    verificationCode: await verificationCode(new Uint8Array(row.digest)),
    expiresAt: row.expires_at,
    deviceActive: row.device_id !== null && (await hasActiveDeviceId(tx, row.device_id)),
  };
}

/** What the sign-in's second factor (`auth/`) needs of mobile confirmation. */
export const signInDevices: SignInDevices = {
  hasActiveDevice,
  requestApproval: requestSignInApproval,
  approval: signInApproval,
  markUsed: markApprovalUsed,
};
