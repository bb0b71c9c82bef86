import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo, type Name } from '@peculiar/asn1-x509';
import { formatName, nameAttributes, oidName, parseCertificate, type KeySpec } from '@podpis/pki';
import type { Queryable } from '../db/db.js';
import { carryOutCaEffects } from './crl-effects.js';
import { DomainError } from '../core/domain-error.js';
import type { ChangeContext } from '../people/accounts.js';
import { getUser } from '../people/users.js';
import type { AuthorityContext } from './authorities.js';
import {
  certificateStatusChanges,
  changeStatusInTransaction,
  getCertificate,
  type CertificateSummary,
} from './certificates.js';
import {
  defaultUserKeySpec,
  findUserCertificate,
  newKeyPin,
  profileSubject,
  USER_KEY_SPECS,
} from './certificate-lifecycle.js';
import { issue, withNewKey } from './issue.js';
import { keyAlgorithmOfSpec } from './key-algorithms.js';
import {
  checkKeyAlgorithm,
  profilesOf,
  subjectFor,
  validityDaysOf,
  type CertificateProfile,
} from './profiles.js';

export interface Renewal {
  serial: string;
  /** The PIN of the new key, typed twice; none when the old key had none (automatic signing). */
  pin?: string;
  pinConfirmation?: string;
  /** Revoke the old certificate as superseded together with the issue. */
  revokeOld?: boolean;
  validityDays?: number;
  /** The subject the operator confirmed (from `previewRenewal`): a registration edited since → CONCURRENT_EDIT, nothing issued. */
  expectedSubject?: string;
  /** More to record in the issuing transaction (an approved renewal request): a throw undoes the renewal. */
  alsoInTransaction?: (tx: Queryable, newSerial: string) => Promise<void>;
}

/** One subject attribute a renewal changes: null `from` for one added, null `to` for one dropped. */
export interface SubjectChange {
  /** The attribute's OID, and its name (commonName, locality, snils …). */
  type: string;
  name: string;
  from: string | null;
  to: string | null;
}

export interface RenewalPreview {
  /** The subject the new certificate will have, one line. */
  subject: string;
  /** What differs from the old certificate's subject, in the new subject's order; empty when nothing does. */
  changes: SubjectChange[];
}

/** Each attribute type's values, joined (a subject may repeat one, such as OU), in first-seen order. */
function attributeValues(name: Name): Map<string, string> {
  const values = new Map<string, string>();
  for (const { type, value } of nameAttributes(name)) {
    const before = values.get(type);
    values.set(type, before === undefined ? value : `${before}, ${value}`);
  }
  return values;
}

function subjectChanges(before: Name, after: Name): SubjectChange[] {
  const from = attributeValues(before);
  const to = attributeValues(after);
  const changes: SubjectChange[] = [];
  for (const type of new Set([...to.keys(), ...from.keys()])) {
    const old = from.get(type) ?? null;
    const next = to.get(type) ?? null;
    if (old !== next) changes.push({ type, name: oidName(type), from: old, to: next });
  }
  return changes;
}

/**
 * The subject a renewal gives: the holder's registration data as it is now
 * (edited since the old certificate, perhaps), checked by the old
 * certificate's profile (422 PROFILE_INVALID when it no longer fits).
 */
async function renewedSubject(
  ctx: AuthorityContext,
  accountId: string,
  profile: CertificateProfile,
): Promise<Name> {
  const holder = await getUser(ctx.db, accountId);
  return subjectFor(profile, profileSubject(holder.profile));
}

/** What a renewal of the certificate would certify, and how that differs from it: the operator confirms the differences first. */
export async function previewRenewal(ctx: AuthorityContext, serial: string): Promise<RenewalPreview> {
  const old = await findUserCertificate(ctx.db, serial, ctx.now());
  if (old.accountId === null)
    throw new DomainError('CERT_NOT_RENEWABLE', `certificate ${old.serial} belongs to no user`);
  const subject = await renewedSubject(ctx, old.accountId, profilesOf(ctx).get(old.profile));
  return {
    subject: formatName(subject),
    changes: subjectChanges(parseCertificate(old.der).asn1.tbsCertificate.subject, subject),
  };
}

export interface RenewalResult {
  certificate: CertificateSummary;
  /** The old certificate, revoked as superseded, when `revokeOld` was asked. */
  revoked: string | null;
}

/**
 * "Обновить" (manual §5): a new key in the key store and a new certificate
 * under the same profile (so from the same CA) for the holder's current
 * registration data — corrections made since the old certificate go into
 * the new one (`previewRenewal` lists them for the operator first). With
 * `revokeOld`, the old certificate is revoked as superseded in the same
 * transaction that records the new one: both happen or neither does (a
 * concurrent revocation of the old one → 409 and no new certificate, its
 * key destroyed).
 */
export async function renewCertificate(
  ctx: AuthorityContext,
  renewal: Renewal,
  context: ChangeContext,
): Promise<RenewalResult> {
  const now = ctx.now();
  const old = await findUserCertificate(ctx.db, renewal.serial, now);
  if (old.status !== 'valid') {
    throw new DomainError(
      'CERT_NOT_VALID',
      `certificate ${old.serial} is ${old.status}; only a valid one is renewed`,
      {
        certificateStatus: old.status,
      },
    );
  }
  const accountId = old.accountId;
  if (accountId === null)
    throw new DomainError('CERT_NOT_RENEWABLE', `certificate ${old.serial} belongs to no user`);
  const profile = profilesOf(ctx).get(old.profile);
  const oldKey = old.keyId ? await ctx.keyStore.get({ id: old.keyId }).catch(() => undefined) : undefined;
  // A key for automatic signing is renewed as one: without a PIN, as its holder (a legal entity) was issued it.
  // …and a key confirmed on a device as one: without a PIN, still confirmed on the device.
  const pin = newKeyPin(renewal, oldKey?.protection === 'none' || oldKey?.protection === 'device');
  const keySpec: KeySpec = oldKey?.algorithm ?? USER_KEY_SPECS[defaultUserKeySpec(profile)];
  // Refused before a key is made: the profile no longer certifies such keys, or not this long.
  checkKeyAlgorithm(profile, keyAlgorithmOfSpec(keySpec));
  const validityDays = validityDaysOf(profile, renewal.validityDays);
  // The new key goes where the old one was (a token stays a token) while that store is open here.
  const sameStore = ctx.keyStore
    .stores()
    .find((store) => store.backend === oldKey?.backend && store.supports(keySpec));
  const keyStore = sameStore ?? ctx.keyStore;
  const subject = await renewedSubject(ctx, accountId, profile);
  if (renewal.expectedSubject !== undefined && formatName(subject) !== renewal.expectedSubject) {
    // Checked before a key is made: the operator confirmed other data than would be certified.
    throw new DomainError(
      'CONCURRENT_EDIT',
      "the holder's registration data changed after the renewal was previewed: review the changes again",
      { subject: formatName(subject) },
    );
  }
  const changed = subjectChanges(parseCertificate(old.der).asn1.tbsCertificate.subject, subject);
  const policy = {
    label: oldKey?.label ?? `renewal of ${old.serial}`,
    owner: `user:${accountId}`,
    ...(pin !== undefined ? { pin } : {}),
    ...(oldKey?.protection === 'device' ? { protection: 'device' as const } : {}),
  };
  const { serial } = await withNewKey(keyStore, keySpec, policy, (key) =>
    issue(ctx, profile, subject, AsnConvert.parse(key.publicKeyInfo, SubjectPublicKeyInfo), context, {
      accountId,
      keyId: key.id,
      validityDays,
      auditDetails: {
        renews: old.serial,
        ...(changed.length > 0 ? { subjectChanged: changed.map((change) => change.name) } : {}),
      },
      alsoInTransaction: async (tx, issued) => {
        // First, so a racing approval of the same request waits on its row and then fails as already decided.
        await renewal.alsoInTransaction?.(tx, issued.serial);
        if (renewal.revokeOld !== true) return;
        await changeStatusInTransaction(
          tx,
          old.serial,
          'revoke',
          { ...context, reason: 'superseded', details: { supersededBy: issued.serial } },
          now,
        );
      },
    }),
  );
  if (renewal.revokeOld === true) {
    certificateStatusChanges.emit('changed', old.serial);
    await carryOutCaEffects(ctx, old.caId);
  }
  return {
    certificate: await getCertificate(ctx.db, serial, ctx.now()),
    revoked: renewal.revokeOld === true ? old.serial : null,
  };
}
