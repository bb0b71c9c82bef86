import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { parseCertificate, type KeySpec } from '@podpis/pki';
import type { Queryable } from '../db/db.js';
import { carryOutCaEffects } from './crl-effects.js';
import { DomainError } from '../core/domain-error.js';
import type { ChangeContext } from '../people/accounts.js';
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
  USER_KEY_SPECS,
} from './certificate-lifecycle.js';
import { issue, withNewKey } from './issue.js';
import { keyAlgorithmOfSpec } from './key-algorithms.js';
import { checkKeyAlgorithm, profilesOf, validityDaysOf } from './profiles.js';

export interface Renewal {
  serial: string;
  /** The PIN of the new key, typed twice; none when the old key had none (automatic signing). */
  pin?: string;
  pinConfirmation?: string;
  /** Revoke the old certificate as superseded together with the issue. */
  revokeOld?: boolean;
  validityDays?: number;
  /** More to record in the issuing transaction (an approved renewal request): a throw undoes the renewal. */
  alsoInTransaction?: (tx: Queryable, newSerial: string) => Promise<void>;
}

export interface RenewalResult {
  certificate: CertificateSummary;
  /** The old certificate, revoked as superseded, when `revokeOld` was asked. */
  revoked: string | null;
}

/**
 * "Обновить" (manual §5): a new key in the key store and a new certificate
 * with the same subject under the same profile (so from the same CA). With
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
  const subject = parseCertificate(old.der).asn1.tbsCertificate.subject;
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
      auditDetails: { renews: old.serial },
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
