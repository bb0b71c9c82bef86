import { createHash, randomUUID } from 'node:crypto';
import {
  digestAlgorithmOf,
  parseCertificate,
  prepareCmsDigestSignature,
  signatureAlgorithmFor,
  type KeySpec,
} from '@podpis/pki';
import { appendAudit } from '../audit/audit-log.js';
import type { AuthorityContext } from '../ca/authorities.js';
import { certificateKey, findUserCertificate } from '../ca/certificate-lifecycle.js';
import { listCertificates } from '../ca/certificates.js';
import { isUserPurpose } from '../ca/profiles.js';
import { requiredConfirmation, type RequiredConfirmation } from '../confirmation/approvals.js';
import { DomainError } from '../core/domain-error.js';
import {
  DIGESTS_ACTIVATION_LIFETIME_MS,
  extendActivation,
  MAX_DIGESTS_PER_ACTIVATION,
  type KeyHandle,
} from '../keystore/index.js';
import type { ChangeContext } from '../people/accounts.js';
import type { FormatServices } from './formats/index.js';
import { holderKey } from './holder-key.js';
import {
  activateSigningOperation,
  createSigningOperation,
  getSigningOperation,
  planDocumentSignatures,
  signActivatedOperation,
  type DerivedSigningPlan,
  type Requester,
  type SigningFormat,
} from './operations.js';
import { authorityChain } from './signing-services.js';

/**
 * Remote signing authorisations (table `remote_authorizations`): the
 * CSC API's "authorise now, sign later" over the signing service's own
 * operations. `authorizeRemoteSigning` makes a raw signing operation over
 * exactly the application's hashes (so history, device approvals, audit and
 * evidence are those of every signature), confirms it as the holder's
 * policy asks (the key PIN; an approval on their device or its offline
 * code, which the device computes over these very hashes — SCAL2) and
 * activates the key for exactly those digests. The SAD is this row's id
 * with the activation's secret, which only the key store can check (it
 * keeps the SHA-256): one-time, expiring, bound to the user, the
 * credential and the hashes, and useless when read from a log.
 */

/** How long a SAD lives, and how far extendTransaction may carry it from its authorisation. */
export const SAD_LIFETIME_SECONDS = DIGESTS_ACTIVATION_LIFETIME_MS / 1000;
export const MAX_SAD_LIFETIME_SECONDS = 30 * 60;
/** Hashes one SAD may authorise: one activation's (`multisign`). */
export const MAX_HASHES_PER_AUTHORIZATION = MAX_DIGESTS_PER_ACTIVATION;

/** A credential: a certificate of the holder whose key the service holds and may sign with after their confirmation. */
export interface RemoteCredential {
  serial: string;
  certificate: Uint8Array;
  /** The CAs above it, issuer first. */
  chain: Uint8Array[];
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  status: 'valid' | 'expired' | 'revoked' | 'suspended';
  key: {
    enabled: boolean;
    spec: KeySpec;
    /** The SubjectPublicKeyInfo's algorithm, the signature algorithm: what signAlgo may name. */
    algorithms: string[];
    digestAlgorithm: string;
    bits: number;
    /** The curve or GOST parameter set, when the key has one. */
    curve?: string;
    remainingAttempts?: number;
  };
  /** What an authorisation of one hash needs now: the PIN, an approval on a device, or both. */
  confirmation: RequiredConfirmation;
}

export interface RemoteAuthorizationRequest {
  credential: string;
  numSignatures: number;
  hashes: readonly Uint8Array[];
  /** OID; when given it must be the key's digest algorithm. */
  hashAlgorithm?: string;
  pin?: string;
  /** The offline code of the holder's device (OCRA over these hashes). */
  otp?: string;
  /** Shown with the operation; the CSC `description`. */
  description?: string;
  /** Each hash's document name (the labels of OAuth `documentDigests`), when known. */
  labels?: readonly (string | undefined)[];
  requester: Requester;
}

export interface RemoteAuthorization {
  sad: string;
  expiresAt: Date;
  /** The signing operation behind it. */
  operation: string;
}

type AuthorizationRow = {
  id: string;
  oauth_grant_id: string | null;
  oauth_client_id: string | null;
  sealed_secret: Uint8Array | null;
  operation_id: string;
  account_id: string;
  certificate_serial: string;
  num_signatures: number;
  activation_id: string | null;
  approval_id: string | null;
  expires_at: Date | null;
  latest_expiry: Date | null;
  used_at: Date | null;
};

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function hashesDigest(hashes: readonly Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const h of hashes) hash.update(Buffer.from([h.length])).update(h);
  return hash.digest();
}

function keyFacts(spec: KeySpec, publicKeyAlgorithm: string, signatureAlgorithm: string) {
  const algorithms = [publicKeyAlgorithm, signatureAlgorithm];
  switch (spec.type) {
    case 'gost':
      return {
        algorithms,
        bits: spec.paramSet.startsWith('1.2.643.7.1.2.1.2.') ? 512 : 256,
        curve: spec.paramSet,
      };
    case 'ecdsa':
      return {
        algorithms,
        bits: spec.curve === 'P-256' ? 256 : 384,
        curve: spec.curve === 'P-256' ? '1.2.840.10045.3.1.7' : '1.3.132.0.34',
      };
    case 'rsa':
      return { algorithms, bits: spec.modulusLength };
    case 'ed25519':
      return { algorithms, bits: 256 };
  }
}

/**
 * The holder's credentials: their certificates whose keys the service
 * holds under their confirmation (a PIN or a device key), newest first;
 * certificates signing without confirmation (automatic signing) are not
 * remote-signing credentials. `onlyValid` leaves out revoked, suspended
 * and expired ones.
 */
export async function remoteCredentials(
  ctx: AuthorityContext,
  accountId: string,
  onlyValid = false,
): Promise<string[]> {
  const now = ctx.now();
  const serials: string[] = [];
  for (const certificate of await listCertificates(ctx.db, { accountId }, now)) {
    if (!isUserPurpose(certificate.purpose) || (onlyValid && certificate.status !== 'valid')) continue;
    const { rows } = await ctx.db.query<{ key_id: string | null }>(
      'SELECT key_id FROM certificates WHERE serial = $1',
      [certificate.serial],
    );
    const key = await certificateKey(ctx, { keyId: rows[0]?.key_id ?? null });
    if (key.held && key.confirmation !== 'none') serials.push(certificate.serial);
  }
  return serials;
}

/** One credential of the holder (CERT_NOT_FOUND for another's, or one that is not a remote-signing credential). */
export async function remoteCredential(
  ctx: AuthorityContext,
  accountId: string,
  serial: string,
): Promise<RemoteCredential> {
  const now = ctx.now();
  const certificate = await findUserCertificate(ctx.db, serial, now, accountId);
  const held = await certificateKey(ctx, certificate);
  if (!held.held || certificate.keyId === null || held.confirmation === 'none') {
    throw new DomainError('CERT_NOT_FOUND', `no remote-signing credential ${serial}`);
  }
  const handle: KeyHandle = await ctx.keyStore.get({ id: certificate.keyId });
  const parsed = parseCertificate(certificate.der);
  const signatureAlgorithm = signatureAlgorithmFor(handle.algorithm);
  const publicKeyAlgorithm = parsed.publicKeyAlgorithm;
  let confirmation: RequiredConfirmation;
  try {
    confirmation = await requiredConfirmation(ctx.db, {
      accountId,
      protection: handle.protection,
      kind: 'sign',
      documents: 1,
    });
  } catch (error) {
    // A policy that needs a device the holder has not enrolled: it still needs both.
    if (!(error instanceof DomainError && error.code === 'DEVICE_REQUIRED')) throw error;
    confirmation = handle.protection === 'device' ? 'device' : 'device+pin';
  }
  return {
    serial: certificate.serial,
    certificate: certificate.der,
    chain: await authorityChain(ctx, certificate.caId),
    subject: parsed.subjectText,
    issuer: parsed.issuerText,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    status: certificate.status,
    key: {
      enabled: !held.locked && certificate.status === 'valid',
      spec: handle.algorithm,
      ...keyFacts(handle.algorithm, publicKeyAlgorithm, signatureAlgorithm.algorithm),
      digestAlgorithm: digestAlgorithmOf({ signatureAlgorithm }),
      ...(held.remainingAttempts !== undefined ? { remainingAttempts: held.remainingAttempts } : {}),
    },
    confirmation,
  };
}

function checkHashes(
  request: { numSignatures?: number; hashes: readonly Uint8Array[]; hashAlgorithm?: string | undefined },
  digestAlgorithm: string,
): void {
  const count = request.hashes.length;
  if (count < 1 || count > MAX_HASHES_PER_AUTHORIZATION) {
    throw new DomainError(
      'ACTIVATION_INVALID',
      `one authorisation covers 1 to ${MAX_HASHES_PER_AUTHORIZATION} hashes, not ${count}`,
      { multisign: MAX_HASHES_PER_AUTHORIZATION },
    );
  }
  if (request.numSignatures !== undefined && request.numSignatures !== count) {
    throw new DomainError(
      'ACTIVATION_INVALID',
      `numSignatures (${request.numSignatures}) must equal the number of hashes (${count})`,
    );
  }
  if (request.hashAlgorithm !== undefined && request.hashAlgorithm !== digestAlgorithm) {
    throw new DomainError(
      'SIGNING_DIGEST_ALGORITHM_MISMATCH',
      `this credential signs ${digestAlgorithm} hashes, not ${request.hashAlgorithm}`,
      { digestAlgorithm },
    );
  }
}

/**
 * credentials/authorize: the holder authorises the key to sign exactly
 * `hashes` once. A new raw signing operation is made for them (or the one
 * a previous call with the same hashes left waiting for a device
 * approval), confirmed as the holder's policy requires, and the key
 * activated for exactly those digests for `SAD_LIFETIME_SECONDS`.
 * Refusals: those of the signing service (CERT_NOT_FOUND, CERT_NOT_VALID,
 * SIGNING_DIGEST_INVALID/…_ALGORITHM_MISMATCH), of the key store
 * (KEY_PIN_WRONG with `remainingAttempts`, KEY_LOCKED, KEY_PIN_REQUIRED),
 * of the device step (DEVICE_APPROVAL_REQUIRED with the operation named,
 * so `announce` may call the devices; DEVICE_CODE_WRONG). The
 * authorisation and `signing.authorize` commit together.
 */
export async function authorizeRemoteSigning(
  ctx: AuthorityContext,
  accountId: string,
  request: RemoteAuthorizationRequest,
  context: ChangeContext,
  services: FormatServices,
  announce?: (accountId: string, operationId: string) => void,
): Promise<RemoteAuthorization> {
  const { certificate, key } = await holderKey(ctx, request.credential, accountId, 'sign');
  const handle = await ctx.keyStore.get(key);
  if (handle.protection === 'none') {
    throw new DomainError(
      'CONFIRMATION_METHOD_MISMATCH',
      `the key of certificate ${request.credential} signs without its holder's confirmation (automatic signing), not remotely`,
      { required: 'none' },
    );
  }
  const digestAlgorithm = digestAlgorithmOf({ signatureAlgorithm: signatureAlgorithmFor(handle.algorithm) });
  checkHashes(request, digestAlgorithm);
  const hashesKey = hashesDigest(request.hashes);
  const now = ctx.now();
  const waiting = await ctx.db.query<AuthorizationRow>(
    `SELECT r.* FROM remote_authorizations r JOIN signing_operations o ON o.id = r.operation_id
     WHERE r.account_id = $1 AND r.certificate_serial = $2 AND r.hashes_digest = $3 AND r.activation_id IS NULL
       AND o.status = 'awaiting_confirmation' AND o.expires_at > $4
     ORDER BY r.created_at DESC LIMIT 1`,
    [accountId, certificate.serial, hashesKey, now],
  );
  let row = waiting.rows[0];
  if (!row) {
    const operation = await createSigningOperation(
      ctx,
      accountId,
      {
        certificate: request.credential,
        format: 'raw',
        documents: request.hashes.map((hash, i) => ({
          name:
            request.labels?.[i]?.slice(0, 200) ??
            (request.description ? `${request.description.slice(0, 200)} #${i + 1}` : `hash #${i + 1}`),
          digest: hex(hash),
          digestAlgorithm,
        })),
        expiresIn: MAX_SAD_LIFETIME_SECONDS,
        requester: request.requester,
      },
      context,
      services,
    );
    const { rows } = await ctx.db.query<AuthorizationRow>(
      `INSERT INTO remote_authorizations (id, operation_id, account_id, certificate_serial, hashes_digest, num_signatures, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [randomUUID(), operation.id, accountId, operation.certificate, hashesKey, request.hashes.length, now],
    );
    row = rows[0]!;
    if (operation.device && announce) announce(accountId, operation.id);
  }
  return activateRemoteAuthorization(ctx, accountId, row, request, context);
}

/**
 * credentials/authorizeCheck: the authorisation `handle` names (one of this
 * holder's, still waiting) is tried again without secrets — for a key whose
 * holder confirms on the device alone, it is granted once the device has
 * approved. Still waiting: DEVICE_APPROVAL_REQUIRED; declined or expired:
 * the device step's refusal; an unknown, foreign or already granted handle:
 * ACTIVATION_NOT_FOUND.
 */
export async function checkRemoteAuthorization(
  ctx: AuthorityContext,
  accountId: string,
  handle: string,
  context: ChangeContext,
): Promise<RemoteAuthorization> {
  const notFound = (): DomainError =>
    new DomainError('ACTIVATION_NOT_FOUND', 'no authorisation of yours waits under this handle');
  if (!/^[0-9a-f-]{36}$/.test(handle)) throw notFound();
  const { rows } = await ctx.db.query<AuthorizationRow>(
    'SELECT * FROM remote_authorizations WHERE id = $1 AND account_id = $2 AND activation_id IS NULL',
    [handle, accountId],
  );
  const row = rows[0];
  if (!row) throw notFound();
  const operation = await getSigningOperation(ctx, accountId, row.operation_id);
  if (operation.status === 'cancelled') {
    // A decline on the device cancels the operation; so does the holder in the office.
    throw new DomainError('DEVICE_APPROVAL_DECLINED', 'the holder declined this authorisation');
  }
  return activateRemoteAuthorization(ctx, accountId, row, {}, context);
}

/** Confirms a waiting authorisation's operation as the holder's policy asks and activates the key for its hashes. */
async function activateRemoteAuthorization(
  ctx: AuthorityContext,
  accountId: string,
  row: AuthorizationRow,
  secrets: { pin?: string; otp?: string },
  context: ChangeContext,
): Promise<RemoteAuthorization> {
  const now = ctx.now();
  const operation = await getSigningOperation(ctx, accountId, row.operation_id);
  const required = operation.confirmationMethods[0] ?? 'pin';
  const expiresAt = new Date(now.getTime() + SAD_LIFETIME_SECONDS * 1000);
  let activated;
  try {
    activated = await activateSigningOperation(
      ctx,
      accountId,
      row.operation_id,
      {
        method: required,
        ...(secrets.pin !== undefined ? { pin: secrets.pin } : {}),
        ...(secrets.otp !== undefined ? { code: secrets.otp } : {}),
      },
      context,
      expiresAt,
    );
  } catch (error) {
    if (error instanceof DomainError && error.code === 'DEVICE_APPROVAL_REQUIRED') {
      throw new DomainError(
        'DEVICE_APPROVAL_REQUIRED',
        required === 'device'
          ? 'approve these hashes on your device (the request was sent to it): credentials/authorizeCheck with the handle answers once you have — or pass the offline code your device shows as OTP'
          : 'approve these hashes on your device (the request was sent to it), then call credentials/authorize again with the same hashes and the PIN — or pass the offline code your device shows as OTP',
        // A device-only confirmation needs nothing more from the caller: it may wait on the handle.
        { signingOperation: row.operation_id, ...(required === 'device' ? { handle: row.id } : {}) },
      );
    }
    throw error;
  }
  const { activation, approval } = activated;
  const authorizationId = row.id;
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE remote_authorizations SET activation_id = $2, approval_id = $3, expires_at = $4, latest_expiry = $5
       WHERE id = $1`,
      [
        authorizationId,
        activation.id,
        approval ?? null,
        activation.expiresAt,
        new Date(now.getTime() + MAX_SAD_LIFETIME_SECONDS * 1000),
      ],
    );
    await appendAudit(tx, {
      ...context,
      action: 'signing.authorize',
      target: `signing-operation:${row.operation_id}`,
      details: {
        certificate: operation.certificate,
        activation: activation.id,
        hashes: row.num_signatures,
        confirmation: required,
        expiresAt: activation.expiresAt.toISOString(),
      },
    });
  });
  return {
    sad: `${authorizationId}.${activation.secret}`,
    expiresAt: activation.expiresAt,
    operation: row.operation_id,
  };
}

/**
 * Whether a signing operation stands for a remote authorisation not yet
 * granted: its device approval is for a SAD (credentials/authorizeCheck,
 * the consent page), not for a signature to be made at once.
 */
export async function awaitsRemoteAuthorization(
  ctx: AuthorityContext,
  operationId: string,
): Promise<boolean> {
  const { rows } = await ctx.db.query(
    'SELECT 1 FROM remote_authorizations WHERE operation_id = $1 AND activation_id IS NULL',
    [operationId],
  );
  return rows.length > 0;
}

/** The authorisation a SAD names, for this holder and credential; any other is ACTIVATION_NOT_FOUND like a forged one. */
async function authorizationOf(
  ctx: AuthorityContext,
  accountId: string,
  credential: string,
  sad: string,
): Promise<{ row: AuthorizationRow & { activation_id: string; expires_at: Date }; secret: string }> {
  const notFound = (): DomainError =>
    new DomainError('ACTIVATION_NOT_FOUND', 'the SAD is not valid for this credential');
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/.exec(sad);
  if (!match) throw notFound();
  const { rows } = await ctx.db.query<AuthorizationRow>(
    'SELECT * FROM remote_authorizations WHERE id = $1 AND account_id = $2 AND certificate_serial = $3',
    [match[1], accountId, credential.toLowerCase()],
  );
  const row = rows[0];
  if (!row || row.activation_id === null || row.expires_at === null) throw notFound();
  if (row.used_at !== null) throw new DomainError('ACTIVATION_USED', 'the SAD was used');
  if (row.expires_at.getTime() <= ctx.now().getTime()) {
    throw new DomainError('ACTIVATION_EXPIRED', `the SAD expired at ${row.expires_at.toISOString()}`);
  }
  return { row: { ...row, activation_id: row.activation_id, expires_at: row.expires_at }, secret: match[2]! };
}

/** What signHash asks: the credential, the hashes and, optionally, the algorithms they must be of. */
export interface HashSigningRequest {
  credential: string;
  hashes: readonly Uint8Array[];
  hashAlgorithm?: string;
  signAlgorithm?: string;
}

/** An authorisation a SAD names, with the key it lets sign and the raw operation of its digests. */
interface AuthorizedKey {
  row: AuthorizationRow & { activation_id: string };
  secret: string;
  /** The authorised digests, hex, in order. */
  authorised: string[];
  certificate: Awaited<ReturnType<typeof holderKey>>['certificate'];
  signatureAlgorithm: ReturnType<typeof signatureAlgorithmFor>;
}

/**
 * What signHash and signDoc check before anything is signed: the SAD names
 * a live authorisation of this holder and credential (`authorizationOf`),
 * the credential may sign now (`holderKey`), `hashes` when given are
 * exactly the authorised ones in order (ACTIVATION_DIGEST_MISMATCH) made
 * with the key's digest algorithm, and `signAlgorithm` when given is the
 * key's (SIGNATURE_ALGORITHM_MISMATCH).
 */
async function authorizedKey(
  ctx: AuthorityContext,
  accountId: string,
  request: {
    credential: string;
    sad: string;
    hashes?: readonly Uint8Array[];
    hashAlgorithm?: string;
    signAlgorithm?: string;
  },
): Promise<AuthorizedKey> {
  const { row, secret } = await authorizationOf(ctx, accountId, request.credential, request.sad);
  const operation = await getSigningOperation(ctx, accountId, row.operation_id);
  const { certificate, key } = await holderKey(ctx, request.credential, accountId, 'sign');
  const handle = await ctx.keyStore.get(key);
  const signatureAlgorithm = signatureAlgorithmFor(handle.algorithm);
  if (request.hashes !== undefined) {
    checkHashes(
      {
        hashes: request.hashes,
        ...(request.hashAlgorithm !== undefined ? { hashAlgorithm: request.hashAlgorithm } : {}),
      },
      digestAlgorithmOf({ signatureAlgorithm }),
    );
    const asked = request.hashes.map(hex);
    const authorised = operation.toBeSigned;
    if (asked.length !== authorised.length || asked.some((h, i) => h !== authorised[i])) {
      throw new DomainError(
        'ACTIVATION_DIGEST_MISMATCH',
        `the SAD authorises ${authorised.length} other hashes than the ${asked.length} given: nothing is signed`,
      );
    }
  }
  if (request.signAlgorithm !== undefined) {
    const spki = parseCertificate(certificate.der).publicKeyAlgorithm;
    if (![spki, signatureAlgorithm.algorithm].includes(request.signAlgorithm)) {
      throw new DomainError(
        'SIGNATURE_ALGORITHM_MISMATCH',
        `this credential signs with ${signatureAlgorithm.algorithm}, not ${request.signAlgorithm}`,
        { signAlgorithms: [spki, signatureAlgorithm.algorithm] },
      );
    }
  }
  return { row, secret, authorised: operation.toBeSigned, certificate, signatureAlgorithm };
}

/** The key signs under the authorisation (as `plan` says, else its digests), and the SAD is used. */
async function signAuthorized(
  ctx: AuthorityContext,
  accountId: string,
  authorized: AuthorizedKey,
  context: ChangeContext,
  services: FormatServices,
  plan?: DerivedSigningPlan,
): Promise<Uint8Array[]> {
  const { row, secret } = authorized;
  const { results } = await signActivatedOperation(
    ctx,
    accountId,
    row.operation_id,
    { id: row.activation_id, secret },
    {
      ...(row.approval_id ? { approval: row.approval_id } : {}),
      context,
      services,
      ...(plan ? { plan } : {}),
    },
  );
  await ctx.db.query('UPDATE remote_authorizations SET used_at = $2 WHERE id = $1', [row.id, ctx.now()]);
  return results;
}

/**
 * signatures/signHash: the key signs, once, exactly the hashes the SAD
 * authorised, in that order. Other hashes (or another order, or another
 * count) are ACTIVATION_DIGEST_MISMATCH and nothing is signed; a
 * `signAlgorithm` the key does not make is SIGNATURE_ALGORITHM_MISMATCH.
 * The key store checks the SAD's secret and uses the activation up with
 * `key.sign`; the operation completes with `signing.complete`.
 */
export async function signWithRemoteAuthorization(
  ctx: AuthorityContext,
  accountId: string,
  request: HashSigningRequest & { sad: string },
  context: ChangeContext,
  services: FormatServices,
): Promise<Uint8Array[]> {
  const authorized = await authorizedKey(ctx, accountId, request);
  return signAuthorized(ctx, accountId, authorized, context, services);
}

/**
 * credentials/extendTransaction: the SAD lives `SAD_LIFETIME_SECONDS`
 * more, never past `MAX_SAD_LIFETIME_SECONDS` from its authorisation
 * (ACTIVATION_INVALID then); only while unused and unexpired, with its
 * secret. The SAD itself stays the same; `signing.authorize_extend`.
 */
export async function extendRemoteAuthorization(
  ctx: AuthorityContext,
  accountId: string,
  request: { credential: string; sad: string },
  context: ChangeContext,
): Promise<{ sad: string; expiresAt: Date }> {
  const { row, secret } = await authorizationOf(ctx, accountId, request.credential, request.sad);
  const now = ctx.now();
  const latest = row.latest_expiry ?? row.expires_at;
  const wanted = new Date(Math.min(now.getTime() + SAD_LIFETIME_SECONDS * 1000, latest.getTime()));
  if (wanted.getTime() <= row.expires_at.getTime()) {
    throw new DomainError(
      'ACTIVATION_INVALID',
      `the SAD cannot be extended past ${latest.toISOString()}: authorise again`,
      { latestExpiry: latest.toISOString() },
    );
  }
  const { rows } = await ctx.db.query<{ key_id: string }>(
    'SELECT key_id FROM signing_operations WHERE id = $1',
    [row.operation_id],
  );
  await extendActivation(ctx.db, { id: rows[0]!.key_id }, { id: row.activation_id, secret }, wanted, now);
  await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE remote_authorizations SET expires_at = $2 WHERE id = $1', [row.id, wanted]);
    await appendAudit(tx, {
      ...context,
      action: 'signing.authorize_extend',
      target: `signing-operation:${row.operation_id}`,
      details: { activation: row.activation_id, expiresAt: wanted.toISOString() },
    });
  });
  return { sad: request.sad, expiresAt: wanted };
}

/**
 * credentials/sendOTP: the holder's devices are called again for the
 * authorisations of this credential still waiting for their approval
 * (`announce` per operation); returns how many. A credential that needs no
 * device approval has no OTP (CONFIRMATION_METHOD_MISMATCH).
 */
export async function resendRemoteApprovals(
  ctx: AuthorityContext,
  accountId: string,
  credential: string,
  announce: (accountId: string, operationId: string) => void,
): Promise<number> {
  const info = await remoteCredential(ctx, accountId, credential);
  if (info.confirmation === 'pin') {
    throw new DomainError(
      'CONFIRMATION_METHOD_MISMATCH',
      'this credential is confirmed by its PIN alone: there is no one-time password to send',
      { required: 'pin' },
    );
  }
  const { rows } = await ctx.db.query<{ operation_id: string }>(
    `SELECT r.operation_id FROM remote_authorizations r JOIN signing_operations o ON o.id = r.operation_id
     WHERE r.account_id = $1 AND r.certificate_serial = $2 AND r.activation_id IS NULL
       AND o.status = 'awaiting_confirmation' AND o.expires_at > $3`,
    [accountId, info.serial, ctx.now()],
  );
  for (const { operation_id } of rows) announce(accountId, operation_id);
  return rows.length;
}

/** What the key store seals an OAuth grant's activation secret for (bound to the authorisation's id). */
const OAUTH_SEAL_PURPOSE = 'csc-oauth-sad';

/** The OAuth grant a credential authorisation made on the consent page belongs to. */
export interface GrantBinding {
  grantId: string;
  clientId: string;
}

/**
 * CSC `oauth2code`: the authorisation the user made on the OAuth consent
 * page (`authorizeRemoteSigning` with their PIN, device approval or OTP)
 * becomes the grant's. The activation's secret is sealed under the key
 * store's master key for this row alone, so the access tokens of this
 * grant — of this client, for this user — sign its hashes without a SAD,
 * while the database, a dump or a log hold nothing that signs.
 * `signing.authorize_oauth` commits with the link.
 */
export async function bindAuthorizationToGrant(
  ctx: AuthorityContext,
  accountId: string,
  sad: string,
  grant: GrantBinding,
  context: ChangeContext,
): Promise<void> {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/.exec(sad);
  if (!match) throw new DomainError('ACTIVATION_NOT_FOUND', 'not an authorisation of this service');
  const id = match[1]!;
  const secret = Buffer.from(match[2]!, 'utf8');
  const sealed = Buffer.from(ctx.keyStore.sealSecret(OAUTH_SEAL_PURPOSE, id, secret));
  secret.fill(0);
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ operation_id: string }>(
      `UPDATE remote_authorizations SET oauth_grant_id = $3, oauth_client_id = $4, sealed_secret = $5
       WHERE id = $1 AND account_id = $2 AND activation_id IS NOT NULL AND used_at IS NULL AND oauth_grant_id IS NULL
       RETURNING operation_id`,
      [id, accountId, grant.grantId, grant.clientId, sealed],
    );
    if (!rows[0]) throw new DomainError('ACTIVATION_NOT_FOUND', 'the authorisation is gone or already bound');
    await appendAudit(tx, {
      ...context,
      action: 'signing.authorize_oauth',
      target: `signing-operation:${rows[0].operation_id}`,
      details: { oauthClient: grant.clientId, grant: grant.grantId },
    });
  });
}

/** The SAD of the authorisation an OAuth grant carries for this credential (ACTIVATION_NOT_FOUND if none). */
export async function grantSad(
  ctx: AuthorityContext,
  accountId: string,
  grant: GrantBinding,
  credential: string,
): Promise<string> {
  const { rows } = await ctx.db.query<AuthorizationRow>(
    `SELECT * FROM remote_authorizations
     WHERE oauth_grant_id = $1 AND oauth_client_id = $2 AND account_id = $3 AND certificate_serial = $4`,
    [grant.grantId, grant.clientId, accountId, credential.toLowerCase()],
  );
  const row = rows[0];
  if (!row?.sealed_secret) {
    throw new DomainError(
      'ACTIVATION_NOT_FOUND',
      'this access token carries no credential authorisation for this credential: give a SAD',
    );
  }
  const secret = Buffer.from(
    ctx.keyStore.openSecret(OAUTH_SEAL_PURPOSE, row.id, Buffer.from(row.sealed_secret)),
  ).toString('utf8');
  return `${row.id}.${secret}`;
}

/**
 * signatures/signDoc, CAdES-BES detached over `documentDigests`: the SAD
 * (or the OAuth grant's authorisation) authorised exactly these document
 * digests; for each the service builds the CMS signed attributes with
 * messageDigest = that digest (contentType data, signingTime now,
 * signingCertificateV2), and the key store — which reads the messageDigest
 * itself (`signSignedAttributes`) — signs their digest under the same
 * one-time activation. Other digests, order or count:
 * ACTIVATION_DIGEST_MISMATCH, nothing signed. The raw operation completes
 * with the CMS signatures.
 */
export async function signDocumentDigests(
  ctx: AuthorityContext,
  accountId: string,
  request: {
    credential: string;
    sad: string;
    documentDigests: readonly Uint8Array[];
    hashAlgorithm?: string;
    signAlgorithm?: string;
  },
  context: ChangeContext,
  services: FormatServices,
): Promise<Uint8Array[]> {
  const { documentDigests, ...rest } = request;
  const authorized = await authorizedKey(ctx, accountId, { ...rest, hashes: documentDigests });
  const { certificate, signatureAlgorithm } = authorized;
  // Our CA certificates without the self-signed root, which a verifier must already trust.
  const certificates = (await authorityChain(ctx, certificate.caId)).slice(0, -1);
  const signingTime = ctx.now();
  const prepared = await Promise.all(
    documentDigests.map((contentDigest) =>
      prepareCmsDigestSignature({
        contentDigest,
        signer: { signatureAlgorithm },
        certificate: certificate.der,
        certificates,
        signingTime,
      }),
    ),
  );
  return signAuthorized(ctx, accountId, authorized, context, services, {
    sign: { kind: 'cms-signed-attributes', attributes: prepared.map((p) => p.signedAttributes) },
    complete: (signatures) => Promise.resolve(prepared.map((p, i) => p.complete(signatures[i]!))),
    format: 'cades',
    parameters: { level: 'BES', detached: true, mode: 'sign', signerIndex: 0 },
  });
}

/**
 * signatures/signDoc over whole `documents`: the SAD (or the OAuth grant's
 * authorisation) authorised exactly the documents' digests, made with the
 * key's digest algorithm — what the holder confirmed with their PIN and
 * their device showed (SCAL2). Each document must hash to the authorised
 * digest in its place (ACTIVATION_DIGEST_MISMATCH otherwise, nothing
 * signed); the signing service's format (CAdES, XAdES or PAdES with its
 * parameters) prepares its signature, and the key store, checking the
 * activation against those document digests, signs the derived
 * data-to-be-signed once (`signDerivedDigests`). The raw operation
 * completes as signatures of that format.
 */
export async function signWholeDocuments(
  ctx: AuthorityContext,
  accountId: string,
  request: {
    credential: string;
    sad: string;
    format: SigningFormat;
    parameters: Record<string, unknown>;
    documents: readonly Uint8Array[];
    signAlgorithm?: string;
  },
  context: ChangeContext,
  services: FormatServices,
): Promise<Uint8Array[]> {
  const authorized = await authorizedKey(ctx, accountId, {
    credential: request.credential,
    sad: request.sad,
    ...(request.signAlgorithm !== undefined ? { signAlgorithm: request.signAlgorithm } : {}),
  });
  const plan = await planDocumentSignatures(
    ctx,
    accountId,
    {
      certificate: request.credential,
      format: request.format,
      parameters: request.parameters,
      documents: request.documents.map((content, i) => ({ name: `document-${i + 1}`, content })),
      authorised: authorized.authorised,
    },
    services,
  );
  return signAuthorized(ctx, accountId, authorized, context, services, plan);
}
