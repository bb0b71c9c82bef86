import type { KeySpec, QualifiedSubject } from '@podpis/pki';
import { appendAudit } from '../audit/audit-log.js';
import type { AuditAction } from '../audit/actions.js';
import type { Queryable } from '../db/db.js';
import { DomainError } from '../core/domain-error.js';
import { checkNewPin, KeyStoreError, type KeyBackend, type KeyStore } from '../keystore/key-store.js';
import { KeyStores } from '../keystore/key-stores.js';
import type { ChangeContext } from '../people/accounts.js';
import {
  normalizeProfile,
  profileDiff,
  SUBJECT_FIELDS,
  type Profile,
  type ProfilePatch,
} from '../people/profile.js';
import { getUser, updateUserProfile } from '../people/users.js';
import type { AuthorityContext } from './authorities.js';
import {
  getCertificate,
  issuedSummary,
  issueUserCertificate,
  revokeCertificate,
  type CertificateSummary,
} from './certificates.js';
import { readCertificationRequest } from './certification-request.js';
import { issue } from './issue.js';
import { subjectFromRequest } from './request-subject.js';
import { KEY_ALGORITHMS } from './key-algorithms.js';
import {
  checkKeyAlgorithm,
  profilesOf,
  subjectFor,
  isUserPurpose,
  userProfile,
  type CertificateProfile,
} from './profiles.js';

/** The key algorithms an operator can have a user's key generated with. */
export const USER_KEY_SPECS = {
  gost256: KEY_ALGORITHMS.gost256,
  gost512: KEY_ALGORITHMS.gost512,
  'ecdsa-p256': KEY_ALGORITHMS['ecdsa-p256'],
  rsa2048: KEY_ALGORITHMS.rsa2048,
} as const satisfies Record<string, KeySpec>;
export type UserKeySpecName = keyof typeof USER_KEY_SPECS;

const USER_KEY_SPEC_NAMES = Object.keys(USER_KEY_SPECS) as UserKeySpecName[];

/**
 * The key an operator gets for a user when the request names none: the
 * first of the profile's algorithms an operator can choose (gost256 for the
 * qualified profiles).
 */
export function defaultUserKeySpec(profile: CertificateProfile): UserKeySpecName {
  const name = USER_KEY_SPEC_NAMES.find((n) => profile.keyAlgorithms.includes(n));
  if (name !== undefined) return name;
  throw new DomainError(
    'PROFILE_KEY_ALGORITHM_NOT_ALLOWED',
    `profile ${profile.id} certifies no key the server generates for users (${profile.keyAlgorithms.join(', ')})`,
    { profile: profile.id, allowedKeyAlgorithms: [...profile.keyAlgorithms] },
  );
}

/** Where a user's key is generated when the request names no store. */
export const DEFAULT_KEY_STORE = 'software';

/** The user key algorithms a store can generate, by name (what the operator's form offers for it). */
export function userKeySpecsOf(store: KeyStore): UserKeySpecName[] {
  return (Object.keys(USER_KEY_SPECS) as UserKeySpecName[]).filter((name) =>
    store.supports(USER_KEY_SPECS[name]),
  );
}

/**
 * The store an operator chose for a user's key, able to make `keySpec`:
 * 422 KEY_STORE_UNAVAILABLE for a store this server has not opened, 422
 * KEY_ALGORITHM_UNSUPPORTED for an algorithm it cannot make (GOST on a
 * token without GOST mechanisms), both before any key is generated.
 */
export function chooseKeyStore(ctx: AuthorityContext, requested: string, keySpec: UserKeySpecName): KeyStore {
  const stores = ctx.keyStore.stores();
  const store = stores.find((s) => s.backend === requested);
  if (!store) {
    throw new DomainError('KEY_STORE_UNAVAILABLE', `key store "${requested}" is not available here`, {
      available: stores.map((s) => s.backend),
    });
  }
  if (!store.supports(USER_KEY_SPECS[keySpec])) {
    const supported = userKeySpecsOf(store);
    throw new DomainError(
      'KEY_ALGORITHM_UNSUPPORTED',
      `the ${store.backend} key store "${store.label}" cannot generate ${keySpec} keys; it offers ${supported.join(', ') || 'none'}`,
      { keyStore: store.backend, supportedKeySpecs: supported },
    );
  }
  return store;
}

/** The new key PIN as typed twice ("Новый пароль" and "Подтверждение"): 422 PIN_MISMATCH, 400 KEY_PIN_INVALID. */
export function checkPinConfirmation(pin: string, confirmation: string): void {
  if (pin !== confirmation) throw new DomainError('PIN_MISMATCH', 'the PIN and its confirmation differ');
  checkNewPin(pin);
}

/** The qualified-certificate subject fields of a profile. */
export function profileSubject(profile: Profile): QualifiedSubject {
  const subject: QualifiedSubject = { kind: profile.kind };
  for (const field of Object.keys(SUBJECT_FIELDS) as (keyof typeof SUBJECT_FIELDS)[]) {
    const value = profile[field];
    if (value !== undefined) subject[field] = value;
  }
  return subject;
}

export interface UserCertificateOrder {
  userId: string;
  /** Corrections to the registration data, saved to it before the issue; null clears a field. */
  profile?: ProfilePatch;
  /** The certificate profile's id; the qualified profile for the holder's kind when absent. */
  certificateProfile?: string;
  /** The profile's first algorithm an operator can choose when absent (gost256 for qualified ones). */
  keySpec?: UserKeySpecName;
  /** Where the key is generated: 'software' (default) or 'pkcs11' when the server has a token. */
  keyStore?: string;
  /** `pin` (default): every use of the key confirmed by its holder; `none`: see KeyConfirmationPolicy. */
  confirmation?: KeyConfirmationPolicy;
  /** The key's PIN, typed twice; only with `pin` confirmation. */
  pin?: string;
  pinConfirmation?: string;
  validityDays?: number;
}

/**
 * How each use of a user's key is confirmed. `pin`: by its holder, every
 * time (sole control). `none`: an organisation's key for automatic signing
 * by its systems (63-FZ art. 14 p. 2, certificates "for automatic creation
 * of signatures"): the key has no PIN and signs without confirmation; only
 * for a legal entity's certificate. `device`: every use approved on the
 * holder's enrolled device (mobile confirmation); the key has no PIN, the
 * device's approval (with its own PIN or biometrics) is the holder's
 * control.
 */
export type KeyConfirmationPolicy = 'pin' | 'none' | 'device';

/**
 * A new key's PIN as ordered, typed twice and checked (400 KEY_PIN_INVALID
 * when missing); `automatic`: a key without confirmation, which has none
 * (400 KEY_PIN_NOT_APPLICABLE when one is given).
 */
export function newKeyPin(
  terms: { pin?: string | undefined; pinConfirmation?: string | undefined },
  automatic: boolean,
): string | undefined {
  if (automatic) {
    if (terms.pin !== undefined || terms.pinConfirmation !== undefined) {
      throw new DomainError('KEY_PIN_NOT_APPLICABLE', 'a key signing without confirmation has no PIN');
    }
    return undefined;
  }
  if (terms.pin === undefined || terms.pinConfirmation === undefined) {
    throw new DomainError('KEY_PIN_INVALID', 'the key PIN and its confirmation are required');
  }
  checkPinConfirmation(terms.pin, terms.pinConfirmation);
  return terms.pin;
}

/** The order's PIN; none for a key without confirmation, which only a legal entity's may be. */
function orderedPin(order: UserCertificateOrder, kind: string): string | undefined {
  const automatic = order.confirmation === 'none';
  const pin = newKeyPin(order, automatic || order.confirmation === 'device');
  if (automatic && kind !== 'legalEntity') {
    throw new DomainError(
      'KEY_CONFIRMATION_NOT_ALLOWED',
      `only a legal entity's key may sign without confirmation, not a ${kind}'s: a person's key is used only as its holder confirms`,
    );
  }
  return pin;
}

/**
 * The operator's "create certificate request" (manual §3): the form is the
 * user's registration data, corrected if need be; the certificate profile
 * (the qualified one for the holder's kind unless another is named)
 * decides the CA, the key algorithms and how the data is checked; the key
 * is generated in the key store under the PIN typed twice, and the
 * certificate is issued.
 *
 * Corrections are saved to the registration data (a new version, in its
 * history and the audit log) before the key is made, once the certificate
 * profile has accepted them: they were checked against the documents, so
 * they stand even if the issue then fails, and the next certificate and
 * every renewal start from them.
 */
export async function requestUserCertificate(
  ctx: AuthorityContext,
  order: UserCertificateOrder,
  context: ChangeContext,
): Promise<CertificateSummary> {
  const user = await getUser(ctx.db, order.userId);
  const registration = normalizeProfile({
    ...user.profile,
    ...order.profile,
    kind: order.profile?.kind ?? user.profile.kind,
  });
  const certificateProfile = userProfile(profilesOf(ctx), order.certificateProfile, registration.kind);
  const keySpec = order.keySpec ?? defaultUserKeySpec(certificateProfile);
  checkKeyAlgorithm(certificateProfile, keySpec);
  const store = chooseKeyStore(ctx, order.keyStore ?? DEFAULT_KEY_STORE, keySpec);
  const pin = orderedPin(order, registration.kind);
  if (Object.keys(profileDiff(user.profile, registration)).length > 0) {
    subjectFor(certificateProfile, profileSubject(registration));
    await updateUserProfile(
      ctx.db,
      user.id,
      { version: user.version, profile: { ...registration } },
      context,
    );
  }
  return issueUserCertificate(
    { ...ctx, keyStore: KeyStores.generatingIn(ctx.db, ctx.keyStore, store) },
    {
      profile: certificateProfile.id,
      accountId: user.id,
      subject: profileSubject(registration),
      keySpec: USER_KEY_SPECS[keySpec],
      ...(pin !== undefined ? { pin } : {}),
      ...(order.confirmation === 'device' ? { protection: 'device' as const } : {}),
      ...(order.validityDays !== undefined ? { validityDays: order.validityDays } : {}),
      ...context,
    },
  );
}

/**
 * The subjectSignTool of a certificate whose key the holder made and keeps,
 * when the request does not name the tool: theirs, not the cloud signature.
 */
export const HOLDER_SIGN_TOOL = 'Средство электронной подписи владельца сертификата';

/**
 * Issues a certificate for a PKCS#10 request the user made with their own
 * tool: its signature must verify (proof of possession), its key be one the
 * profile certifies; the subject is the registration data checked by the
 * profile's rules, or the request's own subject if asked.
 */
export async function issueFromCertificationRequest(
  ctx: AuthorityContext,
  order: {
    userId: string;
    request: Uint8Array | string;
    certificateProfile?: string;
    subjectFrom?: 'profile' | 'request';
    validityDays?: number;
  },
  context: ChangeContext,
): Promise<CertificateSummary> {
  const user = await getUser(ctx.db, order.userId);
  const request = await readCertificationRequest(order.request);
  const profile = userProfile(profilesOf(ctx), order.certificateProfile, user.profile.kind);
  let subject;
  if (order.subjectFrom !== 'request') {
    subject = subjectFor(profile, profileSubject(user.profile));
  } else if (request.subject.length === 0) {
    throw new DomainError('CSR_SUBJECT_EMPTY', 'the request has an empty subject; take it from the profile');
  } else {
    subject = subjectFromRequest(profile, request.asn1.certificationRequestInfo.subject);
  }
  const issued = await issue(ctx, profile, subject, request.publicKeyInfo, context, {
    accountId: user.id,
    publicKeyDer: request.publicKeyInfoDer,
    subjectSignTool: request.requestedExtensions.subjectSignTool ?? HOLDER_SIGN_TOOL,
    ...(order.validityDays !== undefined ? { validityDays: order.validityDays } : {}),
    auditDetails: { source: 'pkcs10', subjectFrom: order.subjectFrom ?? 'profile' },
  });
  return issuedSummary(issued, profile, user.id, ctx.now());
}

/**
 * A user's certificate (qualified or not), as operators manage it and
 * holders see it; deleted ones, other kinds (CA, TLS, OCSP) and, with
 * `holder`, somebody else's are 404 CERT_NOT_FOUND alike.
 */
export async function findUserCertificate(
  db: Queryable,
  serial: string,
  now: Date,
  holder?: string,
): Promise<CertificateSummary & { der: Uint8Array; keyId: string | null }> {
  const certificate = await getCertificate(db, serial, now);
  if (
    !isUserPurpose(certificate.purpose) ||
    certificate.deleted ||
    (holder !== undefined && certificate.accountId !== holder)
  ) {
    throw new DomainError('CERT_NOT_FOUND', `no certificate with serial ${serial}`);
  }
  const { rows } = await db.query<{ key_id: string | null }>(
    'SELECT key_id FROM certificates WHERE serial = $1',
    [certificate.serial],
  );
  return { ...certificate, keyId: rows[0]?.key_id ?? null };
}

/** Whether the service holds a certificate's private key, where, and whether wrong PINs have locked it. */
export interface CertificateKey {
  held: boolean;
  locked: boolean;
  store: KeyBackend | null;
  remainingAttempts?: number;
  /** How each use is confirmed, for a key held here: the holder's PIN, or none (automatic signing). */
  confirmation?: KeyConfirmationPolicy;
}

/** The key behind a certificate as the key store's record says; a key kept by the holder or destroyed is not held. */
export async function certificateKey(
  ctx: AuthorityContext,
  certificate: { keyId: string | null },
): Promise<CertificateKey> {
  const notHeld: CertificateKey = { held: false, locked: false, store: null };
  if (certificate.keyId === null) return notHeld;
  try {
    const { backend, locked, remainingAttempts, protection } = await ctx.keyStore.state({
      id: certificate.keyId,
    });
    return {
      held: true,
      locked,
      store: backend,
      ...(remainingAttempts !== undefined ? { remainingAttempts } : {}),
      confirmation: protection,
    };
  } catch (error) {
    if (error instanceof KeyStoreError && (error.code === 'KEY_DESTROYED' || error.code === 'KEY_NOT_FOUND'))
      return notHeld;
    throw error;
  }
}

function heldKey(certificate: { serial: string; keyId: string | null }): { id: string } {
  if (certificate.keyId === null) {
    throw new DomainError(
      'KEY_NOT_HELD',
      `the private key of certificate ${certificate.serial} is kept by its holder, not in the key store`,
    );
  }
  return { id: certificate.keyId };
}

/**
 * The holder replaces the key PIN (the operator's temporary one first). A
 * wrong old PIN counts against the key (403 KEY_PIN_WRONG with
 * `remainingAttempts`, then 423 KEY_LOCKED); every outcome is audited. The
 * new PIN and `key.pin_change`, or a counted wrong PIN and
 * `key.pin_change_failed`, commit in the key store's transaction: no state
 * change without its record. A refusal of a locked key changes nothing and
 * is recorded on its own.
 */
export async function changeCertificatePin(
  ctx: AuthorityContext,
  certificate: { serial: string; keyId: string | null },
  pins: { oldPin: string; newPin: string },
  context: ChangeContext,
): Promise<void> {
  const key = heldKey(certificate);
  const audit = (tx: Queryable, action: AuditAction, details: Record<string, unknown>) =>
    appendAudit(tx, {
      ...context,
      action,
      target: `key:${key.id}`,
      details: { certificate: certificate.serial, ...details },
    });
  try {
    await ctx.keyStore.changePin(key, pins.oldPin, pins.newPin, {
      changed: (tx) => audit(tx, 'key.pin_change', {}),
      wrongPin: (tx, remainingAttempts) =>
        audit(tx, 'key.pin_change_failed', { code: 'KEY_PIN_WRONG', remainingAttempts }),
    });
  } catch (error) {
    if (error instanceof KeyStoreError && error.code === 'KEY_LOCKED')
      await ctx.db.transaction((tx) => audit(tx, 'key.pin_change_failed', { code: error.code }));
    throw error;
  }
}

/**
 * An operator clears the failed-PIN counter of a certificate's key (after
 * checking the holder's identity); `key.unlock` commits with it.
 */
export async function unlockCertificateKey(
  ctx: AuthorityContext,
  certificate: { serial: string; keyId: string | null },
  context: ChangeContext,
): Promise<void> {
  const key = heldKey(certificate);
  await ctx.keyStore.unlock(key, {
    changed: (tx) =>
      appendAudit(tx, {
        ...context,
        action: 'key.unlock',
        target: `key:${key.id}`,
        details: { certificate: certificate.serial },
      }),
  });
}

/**
 * The administrator revokes an operator's (or administrator's) TLS client
 * certificate: only one of that account's client certificates, else
 * CERT_NOT_FOUND; the sign-in with it stops at once.
 */
export async function revokeClientCertificate(
  ctx: AuthorityContext,
  accountId: string,
  serial: string,
  context: ChangeContext,
): Promise<CertificateSummary> {
  const current = await getCertificate(ctx.db, serial, ctx.now());
  if (current.purpose !== 'client' || current.accountId !== accountId) {
    throw new DomainError('CERT_NOT_FOUND', `operator ${accountId} has no client certificate ${serial}`);
  }
  return revokeCertificate(ctx, current.serial, { ...context, reason: 'cessationOfOperation' });
}
