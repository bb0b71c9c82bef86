import { randomUUID } from 'node:crypto';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import {
  attachedContentFraming,
  type DeferredSignature,
  digestAlgorithmOf,
  digestLength,
  hashForSigner,
  parseDer,
  PkiError,
  signatureAlgorithmFor,
} from '@podpis/pki';
import { appendAudit } from '../audit/audit-log.js';
import type { AuthorityContext } from '../ca/authorities.js';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';
import {
  approvalView,
  isDeviceMethod,
  markApprovalUsed,
  requestApproval,
  requiredConfirmation,
  type ApprovalSummary,
  type DeviceApprovalView,
  type RequiredConfirmation,
} from '../confirmation/approvals.js';
import type { Activation, ActivationRef, Confirmation } from '../keystore/index.js';
import type { ChangeContext } from '../people/accounts.js';
import {
  busyError,
  CLAIMED,
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
} from './confirmation-claim.js';
import { holderKey } from './holder-key.js';
import {
  DEFAULT_DOCUMENT_RETENTION_SECONDS,
  documentChunks,
  documentDigest,
  getDocument,
  keepDocument,
  readDocument,
  requireContent,
  type StoredDocument,
} from './document-store.js';
import {
  signatureFormat,
  type FormatServices,
  type FormatSigner,
  type SignedDocument,
  type SigningFormat,
} from './formats/index.js';
import { deviceStep, type ConfirmationMethod, type OperationConfirmation } from './device-step.js';
import { enqueueOperationEvent } from '../webhooks/events.js';
import { documentPreview, type DocumentPreview } from './preview.js';
import { authorityChain } from './signing-services.js';

export { CONFIRMATION_LEASE_SECONDS } from './confirmation-claim.js';
export { SIGNING_FORMATS, type SigningFormat, type SignedDocument } from './formats/index.js';

export { CONFIRMATION_METHODS, type ConfirmationMethod, type OperationConfirmation } from './device-step.js';

/** Who asks for an operation, as the holder's device shows it. */
export type Requester = ApprovalSummary['requester'];

export const MAX_DOCUMENTS_PER_OPERATION = 1000;
export const DEFAULT_OPERATION_LIFETIME_SECONDS = 600;

/** What people see: `expired` is derived from `expires_at`; `confirming` is shown as awaiting. */
export type SigningOperationStatus = OperationStatus;

/** A document as the caller names it: its digest (hash signing), or its bytes for a small one, hashed here. */
export interface SigningDocumentRequest {
  name: string;
  size?: number;
  /** Hex digest made with the key's digest algorithm. */
  digest?: string;
  /** OID of the algorithm `digest` was made with; when given, it must be the key's. */
  digestAlgorithm?: string;
  /** The document itself (small documents only): hashed, and kept until confirmation only when the format embeds it. */
  content?: Uint8Array;
  /** An existing signature to add to (a CAdES co- or counter-signature), kept until confirmation. */
  signature?: Uint8Array;
  /** One of the holder's uploaded documents (its id), instead of digest or content: its stored digest is signed. */
  document?: string;
}

/** A stored document a format needs whole (one that cannot frame it in) may be at most this large. */
export const MAX_WHOLE_DOCUMENT_BYTES = 8 * 1024 * 1024;

export interface SigningOperationRequest {
  certificate: string;
  format: SigningFormat;
  /** The format's parameters (CAdES: level, detached, mode, signerIndex); its defaults when absent. */
  parameters?: Record<string, unknown>;
  documents: readonly SigningDocumentRequest[];
  /** Seconds until the operation expires unconfirmed (default 600). */
  expiresIn?: number;
  /** Who asks (the holder's own cabinet, or a system with an API token): shown on the device. */
  requester?: Requester;
}

export interface SigningOperation {
  id: string;
  accountId: string;
  certificate: string;
  keyId: string;
  format: SigningFormat;
  parameters: Record<string, unknown>;
  documents: SignedDocument[];
  /** The digests the key signs (hex, in order). */
  toBeSigned: string[];
  status: SigningOperationStatus;
  createdAt: Date;
  expiresAt: Date;
  confirmedAt: Date | null;
  confirmationMethod: string | null;
  confirmationMethods: ConfirmationMethod[];
  /** The device approval, when the operation needs one. */
  device?: DeviceApprovalView;
}

export interface OperationRow extends ClaimableRow {
  account_id: string;
  certificate_serial: string;
  key_id: string;
  format: SigningFormat;
  parameters: Record<string, unknown>;
  documents: SignedDocument[];
  to_be_signed: string[];
  prepared: Prepared;
  created_at: Date;
  confirmed_at: Date | null;
  confirmation_method: string | null;
  confirmation_required: RequiredConfirmation;
}

/** Signing operations as confirmed operations: their table and error codes. */
export const SIGNING: ConfirmedOperations = {
  table: 'signing_operations',
  noun: 'signing operation',
  codes: {
    notFound: 'SIGNING_OPERATION_NOT_FOUND',
    completed: 'SIGNING_OPERATION_COMPLETED',
    cancelled: 'SIGNING_OPERATION_CANCELLED',
    failed: 'SIGNING_OPERATION_FAILED',
    expired: 'SIGNING_OPERATION_EXPIRED',
    busy: 'SIGNING_OPERATION_BUSY',
  },
};

/** What completing the signatures needs that must not change after creation. */
interface Prepared {
  /** The signing time every format writes, ISO 8601 in whole seconds. */
  signingTime?: string;
  /**
   * Per document, the kept documents the format needs again: its content, a
   * signature to add to; `attach`: the uploaded document the result carries,
   * framed in around the stored detached result as it is downloaded.
   */
  inputs?: { content?: string; signature?: string; attach?: string; preview?: string }[];
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (hexDigits: string): Uint8Array => new Uint8Array(Buffer.from(hexDigits, 'hex'));
const HEX = /^(?:[0-9a-f]{2})+$/;

export function operationOf(row: OperationRow, now: Date): SigningOperation {
  const status = operationStatus(row, now);
  return {
    id: row.id,
    accountId: row.account_id,
    certificate: row.certificate_serial,
    keyId: row.key_id,
    format: row.format,
    parameters: row.parameters,
    documents: row.documents,
    toBeSigned: row.to_be_signed,
    status,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    confirmedAt: row.confirmed_at,
    confirmationMethod: row.confirmation_method,
    confirmationMethods:
      status === 'awaiting_confirmation' && row.confirmation_required !== 'none'
        ? [row.confirmation_required]
        : [],
  };
}

/** The operation with its device approval, when it needs one. */
async function withDevice(db: Queryable, operation: SigningOperation): Promise<SigningOperation> {
  const device = await approvalView(db, 'sign', operation.id);
  return device ? { ...operation, device } : operation;
}

/**
 * The holder's certificate fit for signing now, the key the service holds
 * for it, the chain above it, and whether the key's policy needs no
 * confirmation (a key without a PIN).
 */
async function signingCertificate(ctx: AuthorityContext, serial: string, accountId: string) {
  const { certificate, key } = await holderKey(ctx, serial, accountId, 'sign');
  const handle = await ctx.keyStore.get(key);
  const signer: FormatSigner = {
    signatureAlgorithm: signatureAlgorithmFor(handle.algorithm),
    publicKeyInfo: parseDer(await ctx.keyStore.publicKey(key), SubjectPublicKeyInfo, 'publicKey'),
    certificate: certificate.der,
    chain: await authorityChain(ctx, certificate.caId),
  };
  return { certificate, key, signer, protection: handle.protection, automatic: handle.protection === 'none' };
}

function needed(index: number, what: string): DomainError {
  return new DomainError('SIGNING_DOCUMENT_INVALID', `document ${index} must give ${what}`, {
    document: index,
  });
}

/**
 * What the operation records of one document: its digest with the key's
 * algorithm, given (hash signing) or made here of its content or of what
 * its signature stands for (a co-signature's content, a countersigned
 * signature).
 */
async function documentOf(
  document: SigningDocumentRequest,
  index: number,
  signer: FormatSigner,
  implied: Uint8Array | undefined,
): Promise<SignedDocument> {
  const digestAlgorithm = digestAlgorithmOf(signer);
  const length = digestLength(digestAlgorithm);
  if (document.digest !== undefined && document.content !== undefined) {
    throw needed(index, 'either its digest or its content, not both');
  }
  if (document.digestAlgorithm !== undefined && document.digestAlgorithm !== digestAlgorithm) {
    throw new DomainError(
      'SIGNING_DIGEST_ALGORITHM_MISMATCH',
      `document ${index} was hashed with ${document.digestAlgorithm}; this key signs ${digestAlgorithm} digests`,
      { document: index, digestAlgorithm },
    );
  }
  const hashed = document.content ?? (document.digest === undefined ? implied : undefined);
  const size = hashed?.length ?? document.size;
  let digest: string;
  if (hashed !== undefined) {
    digest = hex(await hashForSigner(signer, hashed));
  } else if (document.digest !== undefined) {
    digest = document.digest.toLowerCase();
    if (!HEX.test(digest) || digest.length !== length * 2) {
      throw new DomainError(
        'SIGNING_DIGEST_INVALID',
        `the digest of document ${index} must be ${length} bytes (${length * 2} hex digits) of ${digestAlgorithm}`,
        { document: index, digestAlgorithm, length },
      );
    }
  } else {
    throw needed(index, 'either its digest or its content');
  }
  return { name: document.name, ...(size !== undefined ? { size } : {}), digest, digestAlgorithm };
}

/** A format's preparation of document `index`; a document it cannot read is SIGNING_DOCUMENT_MALFORMED. */
async function prepared<T>(index: number, prepare: () => Promise<T>): Promise<T> {
  try {
    return await prepare();
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    throw new DomainError(
      'SIGNING_DOCUMENT_MALFORMED',
      `document ${index} cannot be signed: ${error.message}`,
      {
        document: index,
        reason: error.code,
      },
    );
  }
}

/** Whole seconds: what every format's signing time can encode. */
const signingTimeAt = (now: Date): Date => new Date(Math.floor(now.getTime() / 1000) * 1000);

/**
 * A user asks for signatures by their certificate's key: the certificate
 * must be theirs (CERT_NOT_FOUND otherwise), valid (CERT_NOT_VALID) and its
 * key held here (KEY_NOT_HELD); each document's digest must be made with the
 * key's digest algorithm, and give what the format needs (its content for an
 * attached signature, the signature to add to). The digests the key will
 * sign are computed now by the format. A key under the holder's PIN signs
 * nothing yet: the digests are stored with the operation, the documents the
 * format needs again are kept, and `signing.create` is recorded, all in one
 * transaction, until the holder confirms. A key whose policy needs no
 * confirmation (an organisation's key for automatic signing) signs at once:
 * the operation is created completed (`signAtOnce`).
 */
export async function createSigningOperation(
  ctx: AuthorityContext,
  accountId: string,
  request: SigningOperationRequest,
  context: ChangeContext,
  services: FormatServices,
): Promise<SigningOperation> {
  const count = request.documents.length;
  if (count < 1 || count > MAX_DOCUMENTS_PER_OPERATION) {
    throw new DomainError(
      'SIGNING_DOCUMENT_INVALID',
      `an operation signs 1 to ${MAX_DOCUMENTS_PER_OPERATION} documents, not ${count}`,
    );
  }
  const format = signatureFormat(request.format);
  const parameters = format.parameters(request.parameters ?? {});
  const needs = format.needs(parameters);
  const holder = await signingCertificate(ctx, request.certificate, accountId);
  const { signer } = holder;
  // Before any work: a device the policy needs and the user lacks, or too many documents for one approval.
  const confirmation = await requiredConfirmation(ctx.db, {
    accountId,
    protection: holder.protection,
    kind: 'sign',
    documents: count,
  });
  const now = ctx.now();
  const signingTime = signingTimeAt(now);
  const documents: SignedDocument[] = [];
  const deferred: DeferredSignature<Uint8Array>[] = [];
  const uploaded: { stored: StoredDocument; attach: boolean }[] = [];
  for (const [i, given] of request.documents.entries()) {
    const stored =
      given.document === undefined
        ? undefined
        : await storedDocumentOf(ctx, accountId, given, i, {
            signer,
            // Named so the refusal of a document kept for its digests alone says why.
            contentFor: needs.content ? `a ${request.format} signature that carries it` : undefined,
          });
    const attach = stored !== undefined && needs.content && format.detachedForm?.(parameters) !== undefined;
    if (stored) uploaded[i] = { stored: stored.document, attach };
    const document =
      stored && needs.content && !attach
        ? { ...stored.request, content: await wholeContent(ctx, stored.document, i) }
        : (stored?.request ?? given);
    if (needs.content && !attach && document.content === undefined)
      throw needed(i, 'its content: the format embeds it');
    if (needs.signature && document.signature === undefined) throw needed(i, 'the signature to add to');
    const implied =
      document.signature && format.impliedContent
        ? format.impliedContent(document.signature, parameters, i)
        : undefined;
    const recorded = await documentOf(document, i, signer, implied);
    documents.push(recorded);
    deferred.push(
      await prepared(i, () =>
        format.prepare({
          signer,
          document: { document: recorded, ...inputsOf(document, needs) },
          parameters: attach ? format.detachedForm!(parameters)! : parameters,
          signingTime,
          services,
        }),
      ),
    );
  }
  const planned: PlannedOperation = {
    id: randomUUID(),
    request,
    parameters,
    documents,
    toBeSigned: deferred.map((d) => hex(d.digest)),
    signingTime,
    now,
    expiresAt: new Date(now.getTime() + (request.expiresIn ?? DEFAULT_OPERATION_LIFETIME_SECONDS) * 1000),
  };
  if (holder.automatic) {
    return signAtOnce(ctx, accountId, holder, planned, { deferred, uploaded, context, services });
  }
  const row = await ctx.db.transaction(async (tx) => {
    const keep = async (name: string, bytes: Uint8Array | undefined): Promise<string | undefined> =>
      bytes === undefined
        ? undefined
        : (
            await keepDocument(tx, {
              accountId,
              name,
              bytes,
              now,
              expiresAt: new Date(now.getTime() + DEFAULT_DOCUMENT_RETENTION_SECONDS * 1000),
            })
          ).id;
    const inputs: NonNullable<Prepared['inputs']> = [];
    const device = isDeviceMethod(confirmation);
    for (const [i, document] of request.documents.entries()) {
      const kept = inputsOf(document, needs);
      const stored = uploaded[i];
      // An uploaded document is kept already: its id is named, never a copy.
      const content = stored
        ? needs.content && !stored.attach
          ? stored.stored.id
          : undefined
        : await keep(documents[i]!.name, kept.content);
      const signature = await keep(`${documents[i]!.name}.p7s`, kept.signature);
      // What the holder's device may preview: the content kept anyway, an upload with its content, or a
      // small document given. An upload kept for its digests alone has none: the device shows its name,
      // size and digest.
      const preview = device
        ? (content ??
          (stored?.stored.contentKept ? stored.stored.id : undefined) ??
          (await keep(documents[i]!.name, document.content)))
        : undefined;
      inputs.push({
        ...(content ? { content } : {}),
        ...(signature ? { signature } : {}),
        ...(stored?.attach ? { attach: stored.stored.id } : {}),
        ...(preview ? { preview } : {}),
      });
    }
    const row = await insertOperation(tx, accountId, holder, planned, inputs, confirmation);
    await appendAudit(tx, createRecord(context, holder, planned));
    await enqueueOperationEvent(tx, 'operation.awaiting_confirmation', {
      id: planned.id,
      kind: 'signing',
      accountId,
      certificate: holder.certificate.serial,
      status: 'awaiting_confirmation',
    });
    if (isDeviceMethod(confirmation)) {
      await requestApproval(tx, {
        kind: 'sign',
        id: planned.id,
        accountId,
        certificate: holder.certificate.serial,
        items: planned.toBeSigned,
        method: confirmation,
        expiresAt: planned.expiresAt,
        now,
        summary: {
          requester: request.requester ?? { kind: 'cabinet' },
          certificate: { serial: holder.certificate.serial, holder: holderOf(holder) },
          format: request.format,
          documents: documents.map((d, i) => ({
            name: d.name,
            ...(d.size !== undefined ? { size: d.size } : {}),
            digest: d.digest,
            digestAlgorithm: d.digestAlgorithm,
            preview: inputs[i]?.preview !== undefined,
          })),
        },
      });
    }
    return row;
  });
  return withDevice(ctx.db, operationOf(row, now));
}

/** The certificate holder's name as the device shows it: the subject's common name. */
export function holderName(subject: string): string {
  return /(?:^|[,/]\s*)CN=((?:\\.|[^,\\])+)/.exec(subject)?.[1]?.replace(/\\(.)/g, '$1') ?? subject;
}

const holderOf = (holder: Holder): string => holderName(holder.certificate.subject);

/** An operation as `createSigningOperation` worked it out, before it is stored. */
interface PlannedOperation {
  id: string;
  request: SigningOperationRequest;
  /** The format's parameters, checked and completed. */
  parameters: object;
  documents: SignedDocument[];
  toBeSigned: string[];
  signingTime: Date;
  now: Date;
  expiresAt: Date;
}

type Holder = Awaited<ReturnType<typeof signingCertificate>>;

/**
 * The operation's row, awaiting confirmation; or, `claimedAt` given, already
 * claimed for `signAtOnce` to sign and complete.
 */
async function insertOperation(
  tx: Queryable,
  accountId: string,
  holder: Holder,
  planned: PlannedOperation,
  inputs: NonNullable<Prepared['inputs']>,
  confirmation: RequiredConfirmation,
  claimedAt?: Date,
): Promise<OperationRow> {
  const prepared: Prepared = { signingTime: planned.signingTime.toISOString(), inputs };
  const { rows } = await tx.query<OperationRow>(
    `INSERT INTO signing_operations (id, account_id, certificate_serial, key_id, format, parameters, documents,
       to_be_signed, prepared, status, created_at, expires_at, claimed_at, confirmation_required)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $12, $10, $11, $13, $14)
     RETURNING *`,
    [
      planned.id,
      accountId,
      holder.certificate.serial,
      holder.key.id,
      planned.request.format,
      JSON.stringify(planned.parameters),
      JSON.stringify(planned.documents),
      JSON.stringify(planned.toBeSigned),
      JSON.stringify(prepared),
      planned.now,
      planned.expiresAt,
      claimedAt === undefined ? 'awaiting_confirmation' : 'confirming',
      claimedAt ?? null,
      confirmation,
    ],
  );
  return rows[0]!;
}

function createRecord(context: ChangeContext, holder: Holder, planned: PlannedOperation) {
  return {
    ...context,
    action: 'signing.create' as const,
    target: `signing-operation:${planned.id}`,
    details: {
      certificate: holder.certificate.serial,
      key: holder.key.id,
      format: planned.request.format,
      parameters: { ...planned.parameters },
      documents: planned.documents.map((d) => ({ ...d })),
      expiresAt: planned.expiresAt.toISOString(),
    },
  };
}

/**
 * The key's policy needs no confirmation: the operation is stored claimed
 * with `signing.create` (nothing kept for later), then the key signs the
 * digests just prepared (no second preparation) and `signClaimed`
 * completes it as a confirmation would. The recorded confirmation method
 * is `none`.
 */
async function signAtOnce(
  ctx: AuthorityContext,
  accountId: string,
  holder: Holder,
  planned: PlannedOperation,
  work: {
    deferred: readonly DeferredSignature<Uint8Array>[];
    uploaded: readonly ({ stored: StoredDocument; attach: boolean } | undefined)[];
    context: ChangeContext;
    services: FormatServices;
  },
): Promise<SigningOperation> {
  const inputs = planned.documents.map((_, i) => {
    const stored = work.uploaded[i];
    return stored?.attach ? { attach: stored.stored.id } : {};
  });
  const row = await ctx.db.transaction(async (tx) => {
    const row = await insertOperation(tx, accountId, holder, planned, inputs, 'none', planned.now);
    await appendAudit(tx, createRecord(work.context, holder, planned));
    return row;
  });
  return signClaimed(ctx, row, {
    confirmation: { method: 'service' },
    method: 'none',
    context: work.context,
    services: work.services,
    holder,
    deferred: work.deferred,
    final: true,
  });
}

/**
 * One of the holder's uploaded documents named by a request: the request
 * as if it gave the document's digest with the key's algorithm (the one
 * made at upload, else made now from the chunks) and its size. When the
 * format needs the content (`contentFor` says what for), a document kept
 * for its digests alone is DOCUMENT_CONTENT_NOT_KEPT, before anything is
 * written.
 */
async function storedDocumentOf(
  ctx: AuthorityContext,
  accountId: string,
  given: SigningDocumentRequest,
  index: number,
  { signer, contentFor }: { signer: FormatSigner; contentFor: string | undefined },
): Promise<{ document: StoredDocument; request: SigningDocumentRequest }> {
  if (given.digest !== undefined || given.content !== undefined) {
    throw needed(index, 'one of its digest, its content or an uploaded document, not several');
  }
  const document = await getDocument(ctx.db, accountId, given.document ?? '');
  if (contentFor !== undefined) requireContent(document, contentFor);
  const digest = await documentDigest(ctx.db, document, digestAlgorithmOf(signer));
  const { document: _id, ...rest } = given;
  return { document, request: { ...rest, digest, size: document.size } };
}

/** An uploaded document whole, for a format that needs it so: only a small one. */
async function wholeContent(
  ctx: AuthorityContext,
  document: StoredDocument,
  index: number,
): Promise<Uint8Array> {
  if (document.size > MAX_WHOLE_DOCUMENT_BYTES) {
    throw new DomainError(
      'SIGNING_DOCUMENT_INVALID',
      `document ${index} has ${document.size} bytes; this format reads a document whole, so at most ${MAX_WHOLE_DOCUMENT_BYTES}`,
      { document: index, limit: MAX_WHOLE_DOCUMENT_BYTES },
    );
  }
  return readDocument(ctx.db, document.accountId, document.id);
}

/** The parts of a document the format needs again at confirmation. */
function inputsOf(
  document: SigningDocumentRequest,
  needs: { content: boolean; signature: boolean },
): { content?: Uint8Array; signature?: Uint8Array } {
  return {
    ...(needs.content && document.content ? { content: document.content } : {}),
    ...(needs.signature && document.signature ? { signature: document.signature } : {}),
  };
}

const ownRow = (db: Queryable, accountId: string, id: string): Promise<OperationRow> =>
  findOwnOperation<OperationRow>(db, SIGNING, '*', accountId, id);

/** One of the caller's operations; somebody else's is SIGNING_OPERATION_NOT_FOUND like a missing one. */
export async function getSigningOperation(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
): Promise<SigningOperation> {
  return withDevice(ctx.db, operationOf(await ownRow(ctx.db, accountId, id), ctx.now()));
}

/**
 * Takes the operation for one confirmation: of two at once, one gets it and
 * the other a refusal (see confirmation-claim.ts).
 */
async function claim(ctx: AuthorityContext, accountId: string, id: string): Promise<OperationRow> {
  const row = await ownRow(ctx.db, accountId, id);
  const now = ctx.now();
  const claimed = await claimOperation<OperationRow>(ctx.db, SIGNING, row.id, now);
  if (claimed) return claimed;
  throw notAwaitingError(SIGNING, await ownRow(ctx.db, accountId, id), now);
}

/**
 * What the format prepared of document `index` at creation, prepared again
 * from the kept inputs; a different digest means the inputs changed, and
 * nothing is returned.
 */
async function prepareAgain(
  ctx: AuthorityContext,
  row: OperationRow,
  index: number,
  input: { signer: FormatSigner; parameters: object; signingTime: Date; services: FormatServices },
): Promise<DeferredSignature<Uint8Array>> {
  const kept = row.prepared.inputs?.[index] ?? {};
  const content = kept.content ? await readDocument(ctx.db, row.account_id, kept.content) : undefined;
  const signature = kept.signature ? await readDocument(ctx.db, row.account_id, kept.signature) : undefined;
  const deferred = await signatureFormat(row.format).prepare({
    ...input,
    document: {
      document: row.documents[index]!,
      ...(content ? { content } : {}),
      ...(signature ? { signature } : {}),
    },
  });
  if (hex(deferred.digest) !== row.to_be_signed[index]) {
    throw new Error(`signing operation ${row.id}: what document ${index} signs changed since its creation`);
  }
  return deferred;
}

/**
 * Each document's result around the key's signature: the format prepares
 * again what it prepared at creation (unless `deferred` holds what it
 * prepared), completes it and extends it (time stamps, revocation values).
 */
async function completeResults(
  ctx: AuthorityContext,
  row: OperationRow,
  signer: FormatSigner,
  signatures: readonly Uint8Array[],
  services: FormatServices,
  deferred?: readonly DeferredSignature<Uint8Array>[],
): Promise<Uint8Array[]> {
  const format = signatureFormat(row.format);
  const parameters = format.parameters(row.parameters);
  const signingTime = new Date(row.prepared.signingTime ?? '');
  const results: Uint8Array[] = [];
  for (const i of row.documents.keys()) {
    const kept = row.prepared.inputs?.[i] ?? {};
    const formParameters = kept.attach ? (format.detachedForm?.(parameters) ?? parameters) : parameters;
    const prepared =
      deferred?.[i] ??
      (await prepareAgain(ctx, row, i, { signer, parameters: formParameters, signingTime, services }));
    const result = await prepared.complete(signatures[i]!);
    results.push(
      format.extend ? await format.extend(result, { signer, parameters: formParameters, services }) : result,
    );
  }
  return results;
}
/**
 * The holder confirms an operation: it must be theirs, awaiting
 * confirmation and not expired, and the confirmation the one it needs
 * (CONFIRMATION_METHOD_MISMATCH otherwise). A device approval must stand
 * for exactly what the operation signs (`awaitedApproval`: online, or an
 * offline code checked now). The key store checks the PIN (a wrong one is
 * KEY_PIN_WRONG or KEY_LOCKED, and the operation stays awaiting so the
 * holder may retry), activates the key for exactly the stored digests and
 * signs them (`key.sign`); the results, the approval's use and
 * `signing.complete` then commit together. Of two confirmations at once,
 * one signs. Too many wrong offline codes fail the operation.
 */
export async function confirmSigningOperation(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
  confirmation: OperationConfirmation,
  context: ChangeContext,
  services: FormatServices,
): Promise<SigningOperation> {
  const current = await ownRow(ctx.db, accountId, id);
  const step = await deviceStep(
    ctx,
    SIGNING,
    {
      ...current,
      kind: 'sign',
      accountId,
      certificate: current.certificate_serial,
      items: current.to_be_signed,
      required: current.confirmation_required,
    },
    confirmation,
    context,
  );
  const row = await claim(ctx, accountId, id);
  return signClaimed(ctx, row, { ...step, method: current.confirmation_required, context, services });
}

/**
 * The first half of a confirmation, for a signature application that
 * authorises now and signs later (the CSC API's credentials/authorize):
 * the operation must be the caller's and awaiting confirmation, the
 * confirmation the one it needs, a device approval must stand for exactly
 * its digests (`deviceStep`); then the key is activated for exactly those
 * digests until `expiresAt`. Nothing is claimed or signed: the activation's
 * secret is the caller's to present to `signActivatedOperation`, on any node.
 */
export async function activateSigningOperation(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
  confirmation: OperationConfirmation,
  context: ChangeContext,
  expiresAt: Date,
): Promise<{ activation: Activation; approval?: string }> {
  const current = await ownRow(ctx.db, accountId, id);
  const now = ctx.now();
  if (operationStatus(current, now) !== 'awaiting_confirmation')
    throw notAwaitingError(SIGNING, current, now);
  const step = await deviceStep(
    ctx,
    SIGNING,
    {
      ...current,
      kind: 'sign',
      accountId,
      certificate: current.certificate_serial,
      items: current.to_be_signed,
      required: current.confirmation_required,
    },
    confirmation,
    context,
  );
  const activation = await ctx.keyStore.activate(
    { id: current.key_id },
    { digests: current.to_be_signed.map(bytes), confirmation: step.confirmation, expiresAt },
  );
  return { activation, ...(step.approval ? { approval: step.approval } : {}) };
}

/**
 * The second half: the operation is claimed and its digests signed under
 * `activation` (made by `activateSigningOperation`), its results stored and
 * returned with it. A refused activation (used, expired, another secret)
 * signs nothing and leaves the operation awaiting.
 */
export async function signActivatedOperation(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
  activation: ActivationRef,
  how: {
    approval?: string;
    context: ChangeContext;
    services: FormatServices;
    /** CSC signDoc: what the key signs in place of the authorised digests, and how the results are made. */
    plan?: DerivedSigningPlan;
  },
): Promise<{ operation: SigningOperation; results: Uint8Array[] }> {
  const row = await claim(ctx, accountId, id);
  const operation = await signClaimed(ctx, row, {
    activation,
    method: row.confirmation_required,
    context: how.context,
    services: how.services,
    ...(how.approval ? { approval: how.approval } : {}),
    ...(how.plan ? { plan: how.plan } : {}),
  });
  const { rows } = await ctx.db.query<{ der: Uint8Array }>(
    'SELECT der FROM signing_results WHERE operation_id = $1 ORDER BY index',
    [id],
  );
  return { operation, results: rows.map((r) => new Uint8Array(r.der)) };
}

/**
 * How an authorisation of document digests (a raw operation) completes as
 * signatures of a format (CSC signDoc): what the key signs in their places
 * — CMS signed attributes whose messageDigest is each (checked by the key
 * store), or the data-to-be-signed the format derived from the documents
 * hashed to those digests — and how the signatures become the results.
 */
export interface DerivedSigningPlan {
  sign:
    | { kind: 'cms-signed-attributes'; attributes: readonly Uint8Array[] }
    | { kind: 'derived'; digests: readonly Uint8Array[] };
  complete: (signatures: readonly Uint8Array[]) => Promise<Uint8Array[]>;
  /** What the operation records it became (its digests stay the documents'). */
  format: SigningFormat;
  parameters: Record<string, unknown>;
}

/**
 * CSC signDoc over whole documents: the signing service's format prepares
 * each document's signature now (its signing time), and the plan signs
 * their data-to-be-signed in place of `authorised` — the digests the
 * holder authorised, which each document must hash to with the key's
 * digest algorithm (ACTIVATION_DIGEST_MISMATCH otherwise, before any
 * work). The results are completed and extended (time stamps) as the
 * format's are for the REST API.
 */
export async function planDocumentSignatures(
  ctx: AuthorityContext,
  accountId: string,
  request: {
    certificate: string;
    format: SigningFormat;
    parameters: Record<string, unknown>;
    documents: readonly { name: string; content: Uint8Array }[];
    authorised: readonly string[];
  },
  services: FormatServices,
): Promise<DerivedSigningPlan> {
  const format = signatureFormat(request.format);
  const parameters = format.parameters(request.parameters);
  const { signer } = await signingCertificate(ctx, request.certificate, accountId);
  const recorded = await Promise.all(
    request.documents.map((document, i) => documentOf(document, i, signer, undefined)),
  );
  const { authorised } = request;
  if (recorded.length !== authorised.length || recorded.some((d, i) => d.digest !== authorised[i])) {
    throw new DomainError(
      'ACTIVATION_DIGEST_MISMATCH',
      `the authorisation covers ${authorised.length} other document digests than those of the ${recorded.length} documents given: nothing is signed`,
    );
  }
  const signingTime = signingTimeAt(ctx.now());
  const deferred: DeferredSignature<Uint8Array>[] = [];
  for (const [i, document] of recorded.entries()) {
    const content = request.documents[i]!.content;
    deferred.push(
      await prepared(i, () =>
        format.prepare({ signer, document: { document, content }, parameters, signingTime, services }),
      ),
    );
  }
  return {
    sign: { kind: 'derived', digests: deferred.map((d) => d.digest) },
    format: request.format,
    parameters: { ...parameters },
    complete: (signatures) =>
      Promise.all(
        deferred.map(async (d, i) => {
          const result = await d.complete(signatures[i]!);
          return format.extend ? format.extend(result, { signer, parameters, services }) : result;
        }),
      ),
  };
}

/**
 * Signs a claimed operation's digests under `confirmation`, completes the
 * results and stores them (`storeResults`). `deferred`: what creation
 * prepared, when the key signs at once (nothing is prepared again). A
 * failure before the key signed gives the claim back for another try (a
 * wrong PIN) unless `final`; after, the signatures are spent and the
 * operation fails.
 */
async function signClaimed(
  ctx: AuthorityContext,
  row: OperationRow,
  how: {
    /** How the key is activated now; or `activation`, one made earlier for exactly these digests. */
    confirmation?: Confirmation;
    activation?: ActivationRef;
    /** What the operation records as its confirmation. */
    method: string;
    context: ChangeContext;
    services: FormatServices;
    holder?: Holder;
    deferred?: readonly DeferredSignature<Uint8Array>[];
    final?: boolean;
    /** The device approval the signing uses up. */
    approval?: string;
    plan?: DerivedSigningPlan;
  },
): Promise<SigningOperation> {
  const key = { id: row.key_id };
  const digests = row.to_be_signed.map(bytes);
  let signed = false;
  try {
    const signer =
      how.holder?.signer ?? (await signingCertificate(ctx, row.certificate_serial, row.account_id)).signer;
    const activation =
      how.activation ??
      (await ctx.keyStore.activate(key, {
        digests,
        confirmation: how.confirmation ?? { method: 'service' },
      }));
    const { plan } = how;
    const signatures =
      plan === undefined
        ? await ctx.keyStore.signDigests(key, digests, activation)
        : plan.sign.kind === 'cms-signed-attributes'
          ? await ctx.keyStore.signSignedAttributes(key, plan.sign.attributes, activation)
          : await ctx.keyStore.signDerivedDigests(key, digests, plan.sign.digests, activation);
    signed = true;
    const results = plan
      ? await plan.complete(signatures)
      : await completeResults(ctx, row, signer, signatures, how.services, how.deferred);
    const completed = await ctx.db.transaction(async (tx) => {
      if (how.approval) await markApprovalUsed(tx, how.approval);
      if (plan) {
        // CSC signDoc: the raw authorisation of the documents' digests completes as their signatures in a format.
        await tx.query(`UPDATE signing_operations SET format = $3, parameters = $2 WHERE id = $1`, [
          row.id,
          JSON.stringify(plan.parameters),
          plan.format,
        ]);
      }
      return storeResults(tx, row, results, {
        method: how.method,
        confirmedAt: ctx.now(),
        context: how.context,
        certificate: row.certificate_serial,
        key: row.key_id,
        format: plan ? plan.format : row.format,
        documents: row.documents.length,
        activation: activation.id,
      });
    });
    return await withDevice(ctx.db, operationOf(completed, ctx.now()));
  } catch (error) {
    await (signed || how.final === true
      ? failClaim(ctx.db, SIGNING, row, error)
      : releaseClaim(ctx.db, SIGNING, row));
    throw error;
  }
}

/**
 * The results of a claimed operation and its completion, in the caller's
 * transaction: the results in one statement, the operation completed if the
 * claim still holds, and `signing.complete`.
 */
async function storeResults(
  tx: Queryable,
  row: Pick<OperationRow, 'id' | 'claimed_at'>,
  results: readonly Uint8Array[],
  completion: {
    method: string;
    confirmedAt: Date;
    context: ChangeContext;
    certificate: string;
    key: string;
    format: SigningFormat;
    documents: number;
    activation: string;
  },
): Promise<OperationRow> {
  const values = results.map((_, i) => `($1, ${i}, $${i + 2})`).join(', ');
  await tx.query(`INSERT INTO signing_results (operation_id, index, der) VALUES ${values}`, [
    row.id,
    ...results,
  ]);
  const { rows } = await tx.query<OperationRow>(
    `UPDATE signing_operations SET status = 'completed', confirmed_at = $3, confirmation_method = $4
     WHERE ${CLAIMED} RETURNING *`,
    [row.id, row.claimed_at, completion.confirmedAt, completion.method],
  );
  // Another confirmation took over a claim that outlived its lease: its results stand, these roll back.
  if (!rows[0]) throw busyError(SIGNING, row.id);
  const { context, method, confirmedAt: _at, ...details } = completion;
  await appendAudit(tx, {
    ...context,
    action: 'signing.complete',
    target: `signing-operation:${row.id}`,
    details: { ...details, confirmation: method },
  });
  await announceCompletion(tx, 'signing', rows[0].account_id, row.id, completion);
  return rows[0];
}

/**
 * Announces a completed operation: `operation.confirmed` first when the
 * confirmation happened here (a PIN, or none needed) — a device approval
 * announced it when the device decided — then `operation.completed`.
 */
export async function announceCompletion(
  tx: Queryable,
  kind: 'signing' | 'decryption',
  accountId: string,
  id: string,
  completion: { method: string; confirmedAt: Date; certificate: string },
): Promise<void> {
  const operation = { id, kind, accountId, certificate: completion.certificate };
  if (!completion.method.startsWith('device')) {
    await enqueueOperationEvent(
      tx,
      'operation.confirmed',
      { ...operation, status: 'confirmed' },
      completion.confirmedAt,
    );
  }
  await enqueueOperationEvent(
    tx,
    'operation.completed',
    { ...operation, status: 'completed' },
    completion.confirmedAt,
  );
}

/**
 * A preview of document `index` of the holder's operation for their device:
 * what the operation kept of it (its content, an upload); a document
 * signed by its digest alone has none (SIGNING_DOCUMENT_NOT_FOUND).
 */
export async function signingDocumentPreview(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
  index: number,
): Promise<DocumentPreview> {
  const row = await ownRow(ctx.db, accountId, id);
  const kept = row.prepared.inputs?.[index];
  const source = kept?.preview ?? kept?.content ?? kept?.attach;
  if (!source)
    throw new DomainError(
      'SIGNING_DOCUMENT_NOT_FOUND',
      `document ${index} has no preview: only its digest was given`,
    );
  return documentPreview(ctx.db, accountId, source);
}

/** The holder cancels an operation awaiting confirmation; `signing.cancel` commits with it. */
export async function cancelSigningOperation(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
  context: ChangeContext,
): Promise<void> {
  const row = await ownRow(ctx.db, accountId, id);
  await cancelOperation(ctx.db, SIGNING, row, ctx.now(), '', (tx) =>
    appendAudit(tx, {
      ...context,
      action: 'signing.cancel',
      target: `signing-operation:${row.id}`,
      details: { certificate: row.certificate_serial },
    }),
  );
}

/**
 * One signature of a completed operation (DER CMS for CAdES, the bare
 * signature for raw), by document index, as parts to send one after the
 * other: the stored result, or for an attached signature of an uploaded
 * document the result framed around the document's chunks, read as they
 * are sent (SIGNING_DOCUMENT_NOT_FOUND once the document is gone).
 */
export async function signingResult(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
  index: number,
): Promise<{
  format: SigningFormat;
  mediaType: string;
  extension: string;
  size: number;
  content: Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
}> {
  const row = await ownRow(ctx.db, accountId, id);
  const { rows } = await ctx.db.query<{ der: Uint8Array }>(
    'SELECT der FROM signing_results WHERE operation_id = $1 AND index = $2',
    [row.id, index],
  );
  const result = rows[0];
  if (!result) {
    throw new DomainError(
      'SIGNING_RESULT_NOT_FOUND',
      `signing operation ${row.id} has no result ${index}${row.status === 'completed' ? '' : ' (not completed)'}`,
    );
  }
  const format = signatureFormat(row.format);
  const parameters = format.parameters(row.parameters);
  const mediaType = format.mediaType(parameters);
  const extension = format.extension(parameters);
  const der = new Uint8Array(result.der);
  const attach = row.prepared.inputs?.[index]?.attach;
  if (attach === undefined) {
    return { format: row.format, mediaType, extension, size: der.length, content: [der] };
  }
  const document = await getDocument(ctx.db, accountId, attach);
  const { prefix, suffix } = attachedContentFraming(der, document.size);
  async function* framed(): AsyncGenerator<Uint8Array> {
    yield prefix;
    yield* documentChunks(ctx.db, document);
    yield suffix;
  }
  return {
    format: row.format,
    mediaType,
    extension,
    size: prefix.length + document.size + suffix.length,
    content: framed(),
  };
}

/**
 * Deletes operations created before `before` that are over — completed,
 * failed, cancelled, or expired unconfirmed — with their results (the
 * audit log keeps what they signed); returns how many.
 */
export async function deleteEndedSigningOperations(db: Queryable, before: Date, now: Date): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM signing_operations
     WHERE created_at < $1 AND (status IN ('completed', 'failed', 'cancelled') OR expires_at <= $2)`,
    [before, now],
  );
  return rowCount;
}
