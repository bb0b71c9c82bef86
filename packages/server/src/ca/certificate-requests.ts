import { randomUUID } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { formatName } from '@podpis/pki';
import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';
import { isUniqueViolation } from '../db/errors.js';
import { KeyStores } from '../keystore/key-stores.js';
import type { KeyHandle } from '../keystore/key-store.js';
import type { ChangeContext } from '../people/accounts.js';
import { actorNameOf, joinActorAccount } from '../people/actor-names.js';
import { joinAccount } from '../people/credentials.js';
import { identityHrRecords, type HrRecords } from '../people/identities.js';
import { getSelfServicePolicy, matchesHrRecord } from '../people/self-service.js';
import { getUser } from '../people/users.js';
import { enqueueWebhookEvent, type WebhookEventType } from '../webhooks/events.js';
import type { AuthorityContext } from './authorities.js';
import { getCertificate, type CertificateSummary } from './certificates.js';
import {
  checkPinConfirmation,
  chooseKeyStore,
  DEFAULT_KEY_STORE,
  defaultUserKeySpec,
  HOLDER_SIGN_TOOL,
  profileSubject,
  USER_KEY_SPECS,
} from './certificate-lifecycle.js';
import { readCertificationRequest } from './certification-request.js';
import { issue } from './issue.js';
import { keyAlgorithmOf } from './key-algorithms.js';
import {
  checkKeyAlgorithm,
  profilesOf,
  subjectFor,
  userProfile,
  type CertificateProfile,
} from './profiles.js';

export type CertificateRequestStatus = 'pending' | 'approved' | 'rejected';

/** Where the requested certificate's key is: made in the key store under the employee's PIN, or the employee's own (PKCS#10). */
export type RequestedKey =
  { type: 'server'; pin: string; pinConfirmation: string } | { type: 'pkcs10'; request: string };

/** The identity documents an operator checked before approving. */
export const IDENTITY_DOCUMENT_TYPES = [
  'passport',
  'internationalPassport',
  'foreignPassport',
  'residencePermit',
  'militaryId',
] as const;
export type IdentityDocumentType = (typeof IDENTITY_DOCUMENT_TYPES)[number];

/** What the operator records of the check: the document's type and only the last four digits of its number. */
export interface IdentityCheck {
  documentType: IdentityDocumentType;
  documentNumberLast4: string;
}

export interface CertificateRequest {
  id: string;
  accountId: string;
  login: string;
  profile: string;
  keySource: 'server' | 'pkcs10';
  /** The subject the registration data gave when the request was made. */
  subject: string;
  status: CertificateRequestStatus;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  /** The reason of a rejection, which the employee sees. */
  decisionComment: string | null;
  /** The certificate issued on approval. */
  serial: string | null;
  autoApproved: boolean;
  identityCheck:
    (IdentityCheck & { checkedBy: string; checkedByName: string | null; checkedAt: string }) | null;
}

type RequestRow = {
  id: string;
  account_id: string;
  login: string;
  profile: string;
  key_source: 'server' | 'pkcs10';
  key_id: string | null;
  csr: Uint8Array | null;
  subject: string;
  status: CertificateRequestStatus;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decision_comment: string | null;
  serial: string | null;
  auto_approved: boolean;
  document_type: IdentityDocumentType | null;
  document_number_last4: string | null;
  document_checked_by: string | null;
  document_checked_by_name: string | null;
  document_checked_at: Date | null;
};

const SELECT = `SELECT r.id, r.account_id, a.login, r.profile, r.key_source, r.key_id, r.csr, r.subject, r.status,
       r.created_at, r.decided_at, r.decided_by, ${actorNameOf('decider')} AS decided_by_name, r.decision_comment,
       r.serial, r.auto_approved, r.document_type, r.document_number_last4, r.document_checked_by,
       ${actorNameOf('checker')} AS document_checked_by_name, r.document_checked_at
  FROM certificate_requests r ${joinAccount('r.account_id', 'a')}
  ${joinActorAccount('r.decided_by', 'decider')} ${joinActorAccount('r.document_checked_by', 'checker')}`;

function toRequest(row: RequestRow): CertificateRequest {
  return {
    id: row.id,
    accountId: row.account_id,
    login: row.login,
    profile: row.profile,
    keySource: row.key_source,
    subject: row.subject,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    decidedBy: row.decided_by,
    decidedByName: row.decided_by_name,
    decisionComment: row.decision_comment,
    serial: row.serial,
    autoApproved: row.auto_approved,
    identityCheck:
      row.document_type !== null &&
      row.document_number_last4 !== null &&
      row.document_checked_by !== null &&
      row.document_checked_at !== null
        ? {
            documentType: row.document_type,
            documentNumberLast4: row.document_number_last4,
            checkedBy: row.document_checked_by,
            checkedByName: row.document_checked_by_name,
            checkedAt: row.document_checked_at.toISOString(),
          }
        : null,
  };
}

async function findRow(db: Queryable, id: string, holder?: string): Promise<RequestRow> {
  const { rows } = await db.query<RequestRow>(`${SELECT} WHERE r.id = $1`, [id]);
  const row = rows[0];
  // Somebody else's request is as unknown to an employee as a missing one.
  if (!row || (holder !== undefined && row.account_id !== holder))
    throw new DomainError('CERTIFICATE_REQUEST_NOT_FOUND', `no certificate request ${id}`);
  return row;
}

export async function getCertificateRequest(
  db: Queryable,
  id: string,
  holder?: string,
): Promise<CertificateRequest> {
  return toRequest(await findRow(db, id, holder));
}

export async function listCertificateRequests(
  db: Queryable,
  filter: { status?: CertificateRequestStatus; accountId?: string },
): Promise<CertificateRequest[]> {
  const { rows } = await db.query<RequestRow>(
    `${SELECT} WHERE ($1::text IS NULL OR r.status = $1) AND ($2::uuid IS NULL OR r.account_id = $2)
      ORDER BY r.created_at DESC LIMIT 500`,
    [filter.status ?? null, filter.accountId ?? null],
  );
  return rows.map(toRequest);
}

const EVENTS: Record<CertificateRequestStatus, WebhookEventType> = {
  pending: 'certificate_request.created',
  approved: 'certificate_request.approved',
  rejected: 'certificate_request.rejected',
};

/** Announces a request's new state to company systems, in the caller's transaction. */
function announce(
  tx: Queryable,
  request: { id: string; accountId: string; profile: string; status: CertificateRequestStatus },
  extra: { serial?: string; reason?: string; autoApproved?: boolean },
  at: Date,
): Promise<void> {
  return enqueueWebhookEvent(tx, {
    type: EVENTS[request.status],
    accountId: request.accountId,
    data: {
      requestId: request.id,
      accountId: request.accountId,
      profile: request.profile,
      status: request.status,
      ...extra,
      links: {
        self: `/api/v1/certificate-requests/${request.id}`,
        holder: `/api/v1/me/certificate-requests/${request.id}`,
        ...(extra.serial !== undefined ? { certificate: `/api/v1/certificates/${extra.serial}` } : {}),
      },
    },
    at,
  });
}

async function refuseIfPending(db: Queryable, accountId: string, profile: string): Promise<void> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM certificate_requests WHERE account_id = $1 AND profile = $2 AND status = 'pending'`,
    [accountId, profile],
  );
  if (rows[0]) throw alreadyRequested(profile, rows[0].id);
}

function alreadyRequested(profile: string, pending?: string): DomainError {
  return new DomainError(
    'CERTIFICATE_ALREADY_REQUESTED',
    `a request for a ${profile} certificate is already waiting for an operator`,
    pending !== undefined ? { requestId: pending } : {},
  );
}

/**
 * The key of a server-key request, made now under the PIN the employee
 * chose: the key store seals it under that PIN, so the PIN is never kept
 * anywhere, not even until approval. No certificate names the key until
 * one is issued for it, and every use of a key goes through its
 * certificate, so the key cannot sign before approval; a rejection
 * destroys it.
 */
async function generateRequestKey(
  ctx: AuthorityContext,
  profile: CertificateProfile,
  accountId: string,
  label: string,
  pins: { pin: string; pinConfirmation: string },
): Promise<KeyHandle> {
  checkPinConfirmation(pins.pin, pins.pinConfirmation);
  const keySpec = defaultUserKeySpec(profile);
  checkKeyAlgorithm(profile, keySpec);
  const store = chooseKeyStore(ctx, DEFAULT_KEY_STORE, keySpec);
  return KeyStores.generatingIn(ctx.db, ctx.keyStore, store).generate(USER_KEY_SPECS[keySpec], {
    label,
    owner: `user:${accountId}`,
    pin: pins.pin,
  });
}

/**
 * The employee asks for a certificate (issue #16 §4). The subject is their
 * registration data checked by the profile's rules now (422
 * PROFILE_INVALID before anything is made), never a PKCS#10's own subject.
 * One request waits per employee and profile (409
 * CERTIFICATE_ALREADY_REQUESTED). With the administrator's auto-approval
 * on and registration data equal to the HR source's record, the request
 * is approved at once by `system`; otherwise it waits for an operator.
 */
export async function requestCertificate(
  ctx: AuthorityContext,
  accountId: string,
  order: { certificateProfile?: string; key: RequestedKey },
  context: ChangeContext,
  hr: HrRecords = identityHrRecords,
): Promise<CertificateRequest> {
  const user = await getUser(ctx.db, accountId);
  const profile = userProfile(profilesOf(ctx), order.certificateProfile, user.profile.kind);
  const subject = formatName(subjectFor(profile, profileSubject(user.profile)));
  await refuseIfPending(ctx.db, accountId, profile.id);
  let key: KeyHandle | undefined;
  let csr: Uint8Array | null = null;
  if (order.key.type === 'server') {
    const label = `${user.profile.surname ?? user.login} ${ctx.now().getUTCFullYear()}`;
    key = await generateRequestKey(ctx, profile, accountId, label, order.key);
  } else {
    const request = await readCertificationRequest(order.key.request);
    checkKeyAlgorithm(profile, keyAlgorithmOf(request.publicKeyInfo));
    csr = request.der;
  }
  const id = randomUUID();
  const at = ctx.now();
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO certificate_requests (id, account_id, profile, key_source, key_id, csr, subject, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, accountId, profile.id, order.key.type, key?.id ?? null, csr, subject, at],
      );
      await appendAudit(tx, {
        ...context,
        action: 'certificate_request.create',
        target: `certificate-request:${id}`,
        details: { account: accountId, profile: profile.id, keySource: order.key.type, subject },
      });
      await announce(tx, { id, accountId, profile: profile.id, status: 'pending' }, {}, at);
    });
  } catch (error) {
    if (key) await ctx.keyStore.destroy(key).catch(() => undefined);
    if (isUniqueViolation(error)) throw alreadyRequested(profile.id);
    throw error;
  }
  const policy = await getSelfServicePolicy(ctx.db);
  if (policy.autoApproveHrMatch && (await matchesHrRecord(ctx.db, hr, accountId, user.profile))) {
    try {
      const { request } = await approveCertificateRequest(
        ctx,
        id,
        { auto: true },
        { actor: 'system', ...requestIdOf(context) },
      );
      return request;
    } catch (error) {
      // An issue refused now (the CA not issuing, a profile rule) changed nothing: the request,
      // which exists, waits for an operator, who sees the refusal when approving.
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return getCertificateRequest(ctx.db, id);
}

const requestIdOf = (context: ChangeContext) =>
  context.requestId !== undefined ? { requestId: context.requestId } : {};

type Decision =
  | { status: 'approved'; serial: string; check: IdentityCheck | { auto: true } }
  | { status: 'rejected'; reason: string };

/** Marks a pending request decided inside the caller's transaction; one decided meanwhile → 409. */
async function decide(
  tx: Queryable,
  id: string,
  decision: Decision,
  context: ChangeContext,
  at: Date,
): Promise<void> {
  const approved = decision.status === 'approved' ? decision : undefined;
  const check = approved && !('auto' in approved.check) ? approved.check : undefined;
  const { rows } = await tx.query<{ account_id: string; profile: string }>(
    `UPDATE certificate_requests
        SET status = $2, decided_at = $3, decided_by = $4, decision_comment = $5, serial = $6, auto_approved = $7,
            document_type = $8, document_number_last4 = $9,
            document_checked_by = CASE WHEN $8::text IS NULL THEN NULL ELSE $4 END,
            document_checked_at = CASE WHEN $8::text IS NULL THEN NULL ELSE $3::timestamptz END
      WHERE id = $1 AND status = 'pending'
      RETURNING account_id, profile`,
    [
      id,
      decision.status,
      at,
      context.actor,
      decision.status === 'rejected' ? decision.reason : null,
      approved?.serial ?? null,
      approved !== undefined && 'auto' in approved.check,
      check?.documentType ?? null,
      check?.documentNumberLast4 ?? null,
    ],
  );
  const decided = rows[0];
  if (!decided) {
    throw new DomainError(
      'CERTIFICATE_REQUEST_ALREADY_DECIDED',
      `certificate request ${id} has already been decided`,
    );
  }
  await appendAudit(tx, {
    ...context,
    action: decision.status === 'approved' ? 'certificate_request.approve' : 'certificate_request.reject',
    target: `certificate-request:${id}`,
    details: {
      account: decided.account_id,
      ...(approved ? { serial: approved.serial } : {}),
      ...(approved && 'auto' in approved.check ? { autoApproved: true, rule: 'hr-match' } : {}),
      // The last four digits only: the full number is never given to Podpis.
      ...(check ? { documentType: check.documentType, documentNumberLast4: check.documentNumberLast4 } : {}),
      ...(decision.status === 'rejected' ? { reason: decision.reason } : {}),
    },
  });
  await announce(
    tx,
    { id, accountId: decided.account_id, profile: decided.profile, status: decision.status },
    decision.status === 'approved'
      ? { serial: decision.serial, autoApproved: 'auto' in decision.check }
      : { reason: decision.reason },
    at,
  );
}

/**
 * The operator approves after checking the identity documents (or the
 * HR-match rule does, as `system`): the certificate is issued through the
 * CA for the employee's registration data as they are now, under the
 * profile's rules (422 PROFILE_INVALID when they no longer fit), on the key
 * made at request time or the PKCS#10's key; the certificate, the decision,
 * the identity check and their records commit in one transaction. Of two
 * decisions at once one wins and the other gets 409
 * CERTIFICATE_REQUEST_ALREADY_DECIDED, and no certificate of its own.
 */
export async function approveCertificateRequest(
  ctx: AuthorityContext,
  id: string,
  check: IdentityCheck | { auto: true },
  context: ChangeContext,
  options: { validityDays?: number } = {},
): Promise<{ request: CertificateRequest; certificate: CertificateSummary }> {
  const pending = await findRow(ctx.db, id);
  if (pending.status !== 'pending') {
    throw new DomainError(
      'CERTIFICATE_REQUEST_ALREADY_DECIDED',
      `certificate request ${id} is already ${pending.status}`,
    );
  }
  const user = await getUser(ctx.db, pending.account_id);
  const profile = profilesOf(ctx).get(pending.profile);
  const subject = subjectFor(profile, profileSubject(user.profile));
  // The key made at request time, or the employee's own one from their request (its proof of possession checked again).
  const publicKey =
    pending.key_id !== null
      ? AsnConvert.parse((await ctx.keyStore.get({ id: pending.key_id })).publicKeyInfo, SubjectPublicKeyInfo)
      : (await readCertificationRequest(new Uint8Array(Buffer.from(pending.csr!)))).publicKeyInfo;
  const at = ctx.now();
  const { serial } = await issue(ctx, profile, subject, publicKey, context, {
    accountId: pending.account_id,
    ...(pending.key_id !== null ? { keyId: pending.key_id } : { subjectSignTool: HOLDER_SIGN_TOOL }),
    ...(options.validityDays !== undefined ? { validityDays: options.validityDays } : {}),
    auditDetails: {
      certificateRequest: id,
      source: pending.key_source === 'pkcs10' ? 'pkcs10' : 'self-service',
    },
    alsoInTransaction: (tx, issued) =>
      decide(tx, id, { status: 'approved', serial: issued.serial, check }, context, at),
  });
  return {
    request: await getCertificateRequest(ctx.db, id),
    certificate: await getCertificate(ctx.db, serial, ctx.now()),
  };
}

/**
 * The operator rejects with a reason the employee sees; a key made for the
 * request is destroyed once the rejection has committed (it was never
 * certified, so nothing could have used it).
 */
export async function rejectCertificateRequest(
  ctx: AuthorityContext,
  id: string,
  reason: string,
  context: ChangeContext,
): Promise<CertificateRequest> {
  const pending = await findRow(ctx.db, id);
  await ctx.db.transaction((tx) =>
    decide(tx, id, { status: 'rejected', reason: reason.trim() }, context, ctx.now()),
  );
  // After the commit (never inside a transaction on PGlite); a key left by a failed destroy has no
  // certificate, so nothing can use it, and its owner's next request makes a new one.
  if (pending.key_id !== null) await ctx.keyStore.destroy({ id: pending.key_id }).catch(() => undefined);
  return getCertificateRequest(ctx.db, id);
}
