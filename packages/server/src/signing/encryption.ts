import { certificatesFromPem } from '../ca/pem.js';
import { createHash, randomUUID } from 'node:crypto';
import {
  PkiError,
  decryptCms,
  encryptCms,
  parseCertificate,
  type CertificateInfo,
  type ContentEncryption,
  type RecipientKey,
} from '@podpis/pki';
import { appendAudit } from '../audit/audit-log.js';
import type { AuthorityContext } from '../ca/authorities.js';
import { findUserCertificate } from '../ca/certificate-lifecycle.js';
import { fitForEncryption } from '../ca/recipients.js';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';
import {
  decryptionInputDigest,
  decryptionInputsOf,
  keyStoreRecipientKey,
  type Confirmation,
} from '../keystore/index.js';
import type { ChangeContext } from '../people/accounts.js';
import {
  approvalView,
  isDeviceMethod,
  markApprovalUsed,
  requestApproval,
  requiredConfirmation,
  type DeviceApprovalView,
  type RequiredConfirmation,
} from '../confirmation/approvals.js';
import { holderKey } from './holder-key.js';
import { deviceStep, type ConfirmationMethod, type OperationConfirmation } from './device-step.js';
import { announceCompletion, holderName, type Requester } from './operations.js';
import { enqueueOperationEvent } from '../webhooks/events.js';
import {
  CLAIMED,
  CONFIRMATION_LEASE_SECONDS,
  busyError,
  cancelOperation,
  claimOperation,
  failClaim,
  findOwnOperation,
  notAwaitingError,
  operationStatus,
  releaseClaim,
  type ClaimableRow,
  type ConfirmedOperations,
  type OperationStatus,
  type StoredOperationStatus,
} from './confirmation-claim.js';

/**
 * Encryption to certificates and decryption with a user's key (issue #11,
 * point 6): CMS EnvelopedData made by `@podpis/pki` — GOST KExp15 (KEG),
 * RSA-OAEP, ECDH — and decryption as an operation its holder confirms, as
 * signing is: the key performs exactly the steps found when the operation
 * was created, under a one-time `decrypt` activation, or nothing.
 */

export const MAX_RECIPIENTS = 100;
/** The largest content encrypted, or message decrypted, in one request (they travel in JSON, base64). */
export const MAX_ENCRYPTION_BYTES = 8 * 1024 * 1024;
export const DEFAULT_DECRYPTION_LIFETIME_SECONDS = 600;
/** How long a decrypted content waits to be downloaded (once) after the holder confirms. */
export const DECRYPTION_RESULT_LIFETIME_SECONDS = 600;

/** How a holder may confirm a decryption; a device approval will be one more. */
/** A decryption is confirmed as a signing is: the PIN, a device approval, or both. */
export type DecryptionConfirmationMethod = ConfirmationMethod;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function checkFitForEncryption(info: CertificateInfo, serial: string): void {
  if (!fitForEncryption(info)) {
    throw new DomainError(
      'CERT_NOT_FOR_ENCRYPTION',
      `certificate ${serial} has neither keyEncipherment nor keyAgreement in its key usage`,
      { keyUsage: info.keyUsage },
    );
  }
}

// ---------------------------------------------------------------- encryption

/** A recipient: a certificate of this installation by its serial, or a certificate the caller brings (DER or PEM). */
export type EncryptionRecipientRequest = { serial: string } | { certificate: Uint8Array };

export interface EncryptionRequest {
  content: Uint8Array;
  recipients: readonly EncryptionRecipientRequest[];
  contentEncryption?: ContentEncryption;
}

/** A recipient as the audit record names it. */
export interface EncryptionRecipient {
  serial: string;
  subject: string;
  /** true: a certificate the caller brought, taken as given (its validity period and key usage checked, not its chain). */
  uploaded: boolean;
}

export interface Encryption {
  /** The ContentInfo (EnvelopedData, or AuthEnvelopedData for AES-GCM), DER. */
  der: Uint8Array;
  recipients: EncryptionRecipient[];
  /** SHA-256 (hex) of `der`: what a decryption operation of it records too. */
  messageDigest: string;
}

function uploadedCertificate(
  bytes: Uint8Array,
  index: number,
  now: Date,
): { der: Uint8Array; info: CertificateInfo } {
  const der = certificatesFromPem(bytes)[0] ?? bytes;
  let info: CertificateInfo;
  try {
    info = parseCertificate(der);
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    throw new DomainError(
      'ENCRYPTION_RECIPIENT_INVALID',
      `recipient ${index} is not a certificate: ${error.message}`,
      {
        recipient: index,
      },
    );
  }
  if (info.notBefore.getTime() > now.getTime() || info.notAfter.getTime() <= now.getTime()) {
    throw new DomainError(
      'CERT_NOT_VALID',
      `certificate ${info.serialNumberHex} (recipient ${index}) is outside its validity period`,
      {
        recipient: index,
      },
    );
  }
  return { der, info };
}

async function recipientCertificate(
  ctx: AuthorityContext,
  recipient: EncryptionRecipientRequest,
  index: number,
  now: Date,
): Promise<{ der: Uint8Array; recipient: EncryptionRecipient }> {
  if ('certificate' in recipient) {
    const { der, info } = uploadedCertificate(recipient.certificate, index, now);
    checkFitForEncryption(info, info.serialNumberHex);
    return { der, recipient: { serial: info.serialNumberHex, subject: info.subjectText, uploaded: true } };
  }
  const certificate = await findUserCertificate(ctx.db, recipient.serial, now);
  if (certificate.status !== 'valid' || certificate.notBefore.getTime() > now.getTime()) {
    throw new DomainError(
      'CERT_NOT_VALID',
      `certificate ${certificate.serial} is ${certificate.status === 'valid' ? 'not yet valid' : certificate.status}: nothing is encrypted to it`,
      { certificateStatus: certificate.status, recipient: index },
    );
  }
  checkFitForEncryption(parseCertificate(certificate.der), certificate.serial);
  return {
    der: certificate.der,
    recipient: { serial: certificate.serial, subject: certificate.subject, uploaded: false },
  };
}

/**
 * Encrypts content to certificates: of this installation by serial (a
 * user's, valid — CERT_NOT_FOUND, CERT_NOT_VALID), or brought by the caller
 * (ENCRYPTION_RECIPIENT_INVALID when not a certificate, CERT_NOT_VALID
 * outside its validity period); each with a key usage fit for encryption
 * (CERT_NOT_FOR_ENCRYPTION). GOST recipients need a GOST content cipher
 * (ENCRYPTION_CIPHER_MISMATCH). `encryption.create` records the recipients,
 * the size and the digest of the message made — never the content.
 */
export async function encryptToCertificates(
  ctx: AuthorityContext,
  request: EncryptionRequest,
  context: ChangeContext,
): Promise<Encryption> {
  const now = ctx.now();
  const certificates: Uint8Array[] = [];
  const recipients: EncryptionRecipient[] = [];
  for (const [index, recipient] of request.recipients.entries()) {
    const found = await recipientCertificate(ctx, recipient, index, now);
    certificates.push(found.der);
    recipients.push(found.recipient);
  }
  let der: Uint8Array;
  try {
    der = await encryptCms({
      content: request.content,
      recipients: certificates.map((certificate) => ({ certificate })),
      ...(request.contentEncryption ? { contentEncryption: request.contentEncryption } : {}),
    });
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    if (error.path === 'contentEncryption') {
      throw new DomainError('ENCRYPTION_CIPHER_MISMATCH', error.message, {
        contentEncryption: request.contentEncryption ?? null,
      });
    }
    throw new DomainError(
      'ENCRYPTION_RECIPIENT_INVALID',
      `cannot encrypt to these recipients: ${error.message}`,
    );
  }
  const messageDigest = sha256(der);
  await appendAudit(ctx.db, {
    ...context,
    action: 'encryption.create',
    target: `message:${messageDigest}`,
    details: {
      recipients: recipients.map((r) => ({ ...r })),
      contentEncryption: request.contentEncryption ?? 'default',
      size: request.content.length,
      messageDigest,
    },
  });
  return { der, recipients, messageDigest };
}

// ---------------------------------------------------------------- decryption operations

/** The OID of SHA-256, with which the message's digest is shown. */
const SHA256_OID = '2.16.840.1.101.3.4.2.1';

export const DECRYPTIONS: ConfirmedOperations = {
  table: 'decryption_operations',
  noun: 'decryption operation',
  codes: {
    notFound: 'DECRYPTION_OPERATION_NOT_FOUND',
    completed: 'DECRYPTION_OPERATION_COMPLETED',
    cancelled: 'DECRYPTION_OPERATION_CANCELLED',
    failed: 'DECRYPTION_OPERATION_FAILED',
    expired: 'DECRYPTION_OPERATION_EXPIRED',
    busy: 'DECRYPTION_OPERATION_BUSY',
  },
};

export interface DecryptionOperationRequest {
  /** Serial of one of the caller's certificates, the one the message was encrypted to. */
  certificate: string;
  /** The CMS ContentInfo with EnvelopedData or AuthEnvelopedData, DER. */
  message: Uint8Array;
  /** Seconds until the operation expires unconfirmed (default 600). */
  expiresIn?: number;
  /** Who asks, as the holder's device shows it. */
  requester?: Requester;
  /** The message's name, as the holder's device shows it. */
  name?: string;
}

export interface DecryptionOperation {
  id: string;
  accountId: string;
  certificate: string;
  keyId: string;
  messageDigest: string;
  messageSize: number;
  status: OperationStatus;
  createdAt: Date;
  expiresAt: Date;
  confirmedAt: Date | null;
  confirmationMethod: string | null;
  confirmationMethods: DecryptionConfirmationMethod[];
  /** Completed and not yet downloaded: the decrypted content's size and until when it waits. */
  result: { size: number; expiresAt: Date } | undefined;
  /** The device approval, when the operation needs one. */
  device?: DeviceApprovalView;
}

interface DecryptionRow extends ClaimableRow {
  account_id: string;
  certificate_serial: string;
  key_id: string;
  message: Uint8Array | null;
  message_digest: string;
  message_size: number;
  inputs: string[];
  status: StoredOperationStatus;
  created_at: Date;
  confirmed_at: Date | null;
  confirmation_method: string | null;
  confirmation_required: RequiredConfirmation;
  result_size: number | null;
  result_expires_at: Date | null;
  result_downloaded_at: Date | null;
}

/** Every column but the message and the result, which are read only where they are used. */
const COLUMNS = `id, account_id, certificate_serial, key_id, message_digest, message_size, inputs, status, created_at,
  expires_at, confirmed_at, confirmation_method, claimed_at, result_size, result_expires_at, result_downloaded_at,
  confirmation_required`;

function view(row: DecryptionRow, now: Date): DecryptionOperation {
  const status = operationStatus(row, now);
  const waiting =
    status === 'completed' &&
    row.result_downloaded_at === null &&
    row.result_expires_at !== null &&
    row.result_expires_at.getTime() > now.getTime();
  return {
    id: row.id,
    accountId: row.account_id,
    certificate: row.certificate_serial,
    keyId: row.key_id,
    messageDigest: row.message_digest,
    messageSize: row.message_size,
    status,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    confirmedAt: row.confirmed_at,
    confirmationMethod: row.confirmation_method,
    confirmationMethods:
      status === 'awaiting_confirmation' && row.confirmation_required !== 'none'
        ? [row.confirmation_required]
        : [],
    result: waiting ? { size: row.result_size ?? 0, expiresAt: row.result_expires_at! } : undefined,
  };
}

/** The holder's certificate fit for decryption now: usable (`holderKey`) and with a key usage for it. */
async function decryptingCertificate(ctx: AuthorityContext, serial: string, accountId: string) {
  const usable = await holderKey(ctx, serial, accountId, 'decrypt');
  checkFitForEncryption(parseCertificate(usable.certificate.der), usable.certificate.serial);
  return usable;
}

/** The error a caller gets for a message `decryptCms` refused: the key store's own, or one of ours. */
function decryptionFailure(error: unknown): unknown {
  if (!(error instanceof PkiError)) return error;
  const cause = error.cause;
  if (cause instanceof DomainError && cause.code !== 'KEY_DECRYPTION_FAILED') return cause;
  if (error.code === 'NOT_A_RECIPIENT') {
    return new DomainError('DECRYPTION_NOT_A_RECIPIENT', 'the message is not encrypted to this certificate');
  }
  if (error.code === 'DECRYPTION_FAILED') {
    return new DomainError(
      'DECRYPTION_FAILED',
      'the key does not open the message, or the message was altered',
    );
  }
  return new DomainError(
    'DECRYPTION_MESSAGE_INVALID',
    `not a message this service decrypts: ${error.message}`,
    {
      path: error.path,
    },
  );
}

/**
 * A user asks for a message to be decrypted with one of their
 * certificates' keys: the certificate must be theirs (CERT_NOT_FOUND), valid
 * (CERT_NOT_VALID), fit for encryption (CERT_NOT_FOR_ENCRYPTION) and its key
 * held here (KEY_NOT_HELD); the message must be a CMS EnvelopedData
 * (DECRYPTION_MESSAGE_INVALID) encrypted to it (DECRYPTION_NOT_A_RECIPIENT).
 * The key steps the decryption needs are found now (a rehearsal that asks
 * the key for nothing) and stored with the operation; nothing is decrypted
 * until the holder confirms — except with a key whose policy needs no
 * confirmation (a legal entity's, for automatic use), which decrypts at
 * once. `decryption.create` records the certificate and the message's
 * digest and size.
 */
export async function createDecryptionOperation(
  ctx: AuthorityContext,
  accountId: string,
  request: DecryptionOperationRequest,
  context: ChangeContext,
): Promise<DecryptionOperation> {
  const { certificate, key } = await decryptingCertificate(ctx, request.certificate, accountId);
  const handle = await ctx.keyStore.get(key);
  const required = await requiredConfirmation(ctx.db, {
    accountId,
    protection: handle.protection,
    kind: 'decrypt',
    documents: 1,
  });
  let inputs;
  try {
    inputs = await decryptionInputsOf(handle.publicKeyInfo, (rehearsal) =>
      decryptCms(request.message, { recipientCertificate: certificate.der, decrypt: rehearsal }),
    );
  } catch (error) {
    throw decryptionFailure(error);
  }
  if (inputs.length === 0) {
    throw new DomainError('DECRYPTION_MESSAGE_INVALID', 'the message asks nothing of the key');
  }
  const now = ctx.now();
  const id = randomUUID();
  const expiresAt = new Date(
    now.getTime() + (request.expiresIn ?? DEFAULT_DECRYPTION_LIFETIME_SECONDS) * 1000,
  );
  const messageDigest = sha256(request.message);
  const items = inputs.map((input) => hex(decryptionInputDigest(input)));
  const row = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<DecryptionRow>(
      `INSERT INTO decryption_operations (id, account_id, certificate_serial, key_id, message, message_digest,
         message_size, inputs, status, created_at, expires_at, confirmation_required)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'awaiting_confirmation', $9, $10, $11)
       RETURNING ${COLUMNS}`,
      [
        id,
        accountId,
        certificate.serial,
        key.id,
        Buffer.from(request.message),
        messageDigest,
        request.message.length,
        JSON.stringify(items),
        now,
        expiresAt,
        required,
      ],
    );
    if (isDeviceMethod(required)) {
      await requestApproval(tx, {
        kind: 'decrypt',
        id,
        accountId,
        certificate: certificate.serial,
        items,
        method: required,
        expiresAt,
        now,
        summary: {
          requester: request.requester ?? { kind: 'cabinet' },
          certificate: { serial: certificate.serial, holder: holderName(certificate.subject) },
          format: 'cms',
          documents: [
            {
              name: request.name ?? 'message.p7m',
              size: request.message.length,
              digest: messageDigest,
              digestAlgorithm: SHA256_OID,
              preview: false,
            },
          ],
        },
      });
    }
    await appendAudit(tx, {
      ...context,
      action: 'decryption.create',
      target: `decryption-operation:${id}`,
      details: {
        certificate: certificate.serial,
        key: key.id,
        messageDigest,
        messageSize: request.message.length,
        expiresAt: expiresAt.toISOString(),
      },
    });
    // A key for automatic use decrypts at once below: it never awaits anybody.
    if (handle.protection !== 'none')
      await enqueueOperationEvent(tx, 'operation.awaiting_confirmation', {
        id,
        kind: 'decryption',
        accountId,
        certificate: certificate.serial,
        status: 'awaiting_confirmation',
      });
    return rows[0]!;
  });
  if (handle.protection === 'none') {
    // A key for automatic use (a legal entity's, issued with confirmation none) decrypts at once.
    const claimed = await claimOperation<DecryptionRow>(ctx.db, DECRYPTIONS, row.id, ctx.now());
    if (!claimed) throw notAwaitingError(DECRYPTIONS, await ownRow(ctx.db, accountId, row.id), ctx.now());
    return decryptClaimed(ctx, accountId, claimed, {
      confirmation: { method: 'service' },
      method: 'none',
      context,
      final: true,
    });
  }
  return withDevice(ctx.db, view(row, now));
}

/** The operation with its device approval, when it needs one. */
async function withDevice(db: Queryable, operation: DecryptionOperation): Promise<DecryptionOperation> {
  const device = await approvalView(db, 'decrypt', operation.id);
  return device ? { ...operation, device } : operation;
}

function ownRow(db: Queryable, accountId: string, id: string): Promise<DecryptionRow> {
  return findOwnOperation<DecryptionRow>(db, DECRYPTIONS, COLUMNS, accountId, id);
}

/** One of the caller's decryption operations; somebody else's is DECRYPTION_OPERATION_NOT_FOUND like a missing one. */
export async function getDecryptionOperation(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
): Promise<DecryptionOperation> {
  return withDevice(ctx.db, view(await ownRow(ctx.db, accountId, id), ctx.now()));
}

/**
 * The holder confirms a decryption: it must be theirs, awaiting
 * confirmation and not expired. The key store checks the PIN (a wrong one
 * is KEY_PIN_WRONG or KEY_LOCKED, and the operation stays awaiting), makes
 * a `decrypt` activation for exactly the stored key steps, and the message
 * is decrypted through it (`key.decrypt`); the content, kept to be
 * downloaded once, and `decryption.complete` commit together. Once the key
 * has been used a failure ends the operation (DECRYPTION_FAILED: the
 * message was altered). Of two confirmations at once, one decrypts.
 */
export async function confirmDecryptionOperation(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
  confirmation: OperationConfirmation,
  context: ChangeContext,
): Promise<DecryptionOperation> {
  const own = await ownRow(ctx.db, accountId, id);
  const step = await deviceStep(
    ctx,
    DECRYPTIONS,
    {
      ...own,
      kind: 'decrypt',
      accountId,
      certificate: own.certificate_serial,
      items: own.inputs,
      required: own.confirmation_required,
    },
    confirmation,
    context,
  );
  const row = await claimOperation<DecryptionRow>(ctx.db, DECRYPTIONS, own.id, ctx.now());
  if (!row) throw notAwaitingError(DECRYPTIONS, await ownRow(ctx.db, accountId, id), ctx.now());
  return decryptClaimed(ctx, accountId, row, { ...step, method: own.confirmation_required, context });
}

/**
 * Decrypts a claimed operation's message under `confirmation` and stores
 * the content (see confirmDecryptionOperation). A failure before the key
 * was used gives the claim back for another try, unless `final`.
 */
async function decryptClaimed(
  ctx: AuthorityContext,
  accountId: string,
  row: DecryptionRow,
  how: {
    confirmation: Confirmation;
    method: string;
    context: ChangeContext;
    final?: boolean;
    approval?: string;
  },
): Promise<DecryptionOperation> {
  const { confirmation, context } = how;
  const used = { key: false };
  try {
    const { certificate, key } = await decryptingCertificate(ctx, row.certificate_serial, accountId);
    const inputs = row.inputs.map((input) => new Uint8Array(Buffer.from(input, 'hex')));
    const activation = await ctx.keyStore.activate(key, { purpose: 'decrypt', inputs, confirmation });
    const stored = await keyStoreRecipientKey(ctx.keyStore, key, activation);
    const recipient: RecipientKey = {
      publicKeyInfo: stored.publicKeyInfo,
      decryptKeyTransport: (encryptedKey, hash) => {
        used.key = true;
        return stored.decryptKeyTransport(encryptedKey, hash);
      },
      agree: (peer, ukm) => {
        used.key = true;
        return stored.agree(peer, ukm);
      },
    };
    const { rows: messages } = await ctx.db.query<{ message: Uint8Array | null }>(
      'SELECT message FROM decryption_operations WHERE id = $1',
      [row.id],
    );
    const message = new Uint8Array(messages[0]?.message ?? new Uint8Array());
    let content: Uint8Array;
    try {
      content = await decryptCms(message, { recipientCertificate: certificate.der, decrypt: recipient });
    } catch (error) {
      throw decryptionFailure(error);
    }
    const completed = await ctx.db.transaction(async (tx) => {
      if (how.approval) await markApprovalUsed(tx, how.approval);
      const confirmedAt = ctx.now();
      const { rows } = await tx.query<DecryptionRow>(
        `UPDATE decryption_operations SET status = 'completed', confirmed_at = $3, confirmation_method = $4,
           message = NULL, result = $5, result_size = $6, result_expires_at = $7
         WHERE ${CLAIMED} RETURNING ${COLUMNS}`,
        [
          row.id,
          row.claimed_at,
          confirmedAt,
          how.method,
          Buffer.from(content),
          content.length,
          new Date(confirmedAt.getTime() + DECRYPTION_RESULT_LIFETIME_SECONDS * 1000),
        ],
      );
      // Another confirmation took over a claim that outlived its lease: its result stands, this one rolls back.
      if (!rows[0]) throw busyError(DECRYPTIONS, row.id);
      await announceCompletion(tx, 'decryption', row.account_id, row.id, {
        method: how.method,
        confirmedAt,
        certificate: row.certificate_serial,
      });
      await appendAudit(tx, {
        ...context,
        action: 'decryption.complete',
        target: `decryption-operation:${row.id}`,
        details: {
          certificate: row.certificate_serial,
          key: row.key_id,
          messageDigest: row.message_digest,
          contentSize: content.length,
          confirmation: how.method,
          activation: activation.id,
        },
      });
      return rows[0];
    });
    content.fill(0);
    return await withDevice(ctx.db, view(completed, ctx.now()));
  } catch (error) {
    // Before the key was used the holder may try again (a wrong PIN); after, the operation is spent.
    await (used.key || how.final === true
      ? failClaim(ctx.db, DECRYPTIONS, row, error)
      : releaseClaim(ctx.db, DECRYPTIONS, row));
    throw error;
  }
}

/** The holder cancels a decryption awaiting confirmation; the message is erased and `decryption.cancel` commits with it. */
export async function cancelDecryptionOperation(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
  context: ChangeContext,
): Promise<void> {
  const row = await ownRow(ctx.db, accountId, id);
  await cancelOperation(ctx.db, DECRYPTIONS, row, ctx.now(), 'message = NULL', (tx) =>
    appendAudit(tx, {
      ...context,
      action: 'decryption.cancel',
      target: `decryption-operation:${row.id}`,
      details: { certificate: row.certificate_serial },
    }),
  );
}

/**
 * The decrypted content of a completed operation, once: it is erased as it
 * is handed out, and when its time is over it is not handed out
 * (DECRYPTION_RESULT_NOT_FOUND either way).
 */
export async function takeDecryptionResult(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
): Promise<Uint8Array> {
  const row = await ownRow(ctx.db, accountId, id);
  const now = ctx.now();
  const content = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ result: Uint8Array | null; result_expires_at: Date | null }>(
      'SELECT result, result_expires_at FROM decryption_operations WHERE id = $1 FOR UPDATE',
      [row.id],
    );
    const found = rows[0];
    if (!found?.result) return undefined;
    const fresh = (found.result_expires_at?.getTime() ?? 0) > now.getTime();
    await tx.query(
      'UPDATE decryption_operations SET result = NULL, result_downloaded_at = $2 WHERE id = $1',
      [row.id, fresh ? now : null],
    );
    return fresh ? new Uint8Array(found.result) : undefined;
  });
  if (!content) {
    throw new DomainError(
      'DECRYPTION_RESULT_NOT_FOUND',
      `decryption operation ${row.id} has no content to download${row.status === 'completed' ? ' (downloaded, or its time is over)' : ' (not completed)'}`,
    );
  }
  return content;
}

/**
 * Erases what ended decryption operations still hold, for housekeeping: the
 * message of one that expired unconfirmed, failed, or whose confirmation
 * died with its node; a decrypted content not downloaded in time. The rows
 * stay, with their digests, for the audit trail. Returns how many changed.
 */
export async function eraseEndedDecryptions(db: Queryable, now: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE decryption_operations SET message = NULL, result = NULL
     WHERE (message IS NOT NULL AND (
             status = 'failed'
             OR (status = 'awaiting_confirmation' AND expires_at <= $1)
             OR (status = 'confirming' AND expires_at <= $1
                 AND claimed_at < $1::timestamptz - $2::int * interval '1 second')))
        OR (result IS NOT NULL AND result_expires_at <= $1)`,
    [now, CONFIRMATION_LEASE_SECONDS],
  );
  return rowCount;
}
