import { parseCertificate } from '@podpis/pki';
import { listAuthorities, type AuthorityContext, type AuthorityRecord } from './authorities.js';
import { profilesOf, type CertificateProfile } from './profiles.js';
import {
  issueServiceCertificate,
  servicePurposeOf,
  type ServiceCertificateReason,
  type ServicePurpose,
} from './service-certificates.js';

/**
 * The advisory lock key under which a node tops up service certificates,
 * shared by every Podpis node (distinct from the migration and CRL job
 * locks): "SVCC".
 */
export const SERVICE_CERTIFICATES_LOCK_KEY = 0x53564343;

/**
 * A service certificate is replaced this long before it ends (the CRL
 * scheduler's leader checks on every run), so responders, the TSA and the
 * audit key switch to the new one while the old one still works.
 */
export const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

/**
 * The service profiles a CA issues under, as the profiles say: each CA its
 * own OCSP responder; the TSA and the audit key from the CA their profile
 * names (the GOST issuing CA).
 */
function servicesOf(
  ctx: AuthorityContext,
  authority: AuthorityRecord,
): [ServicePurpose, CertificateProfile][] {
  return profilesOf(ctx).all.flatMap((profile): [ServicePurpose, CertificateProfile][] => {
    const purpose = servicePurposeOf(profile);
    const issuedHere =
      profile.issuer.type === 'served' ||
      (profile.issuer.type === 'authority' && profile.issuer.authorityId === authority.id);
    return purpose && issuedHere ? [[purpose, profile]] : [];
  });
}

/** A service certificate issued because the CA had none in force. */
export interface ToppedUpCertificate {
  caId: string;
  purpose: ServicePurpose;
  serial: string;
  reason: ServiceCertificateReason;
}

/** Why the CA has no certificate of this purpose in force, or undefined when it has one. */
async function missingBecause(
  ctx: AuthorityContext,
  authority: AuthorityRecord,
  purpose: ServicePurpose,
): Promise<ServiceCertificateReason | undefined> {
  const { rows } = await ctx.db.query<{ status: string; not_after: Date }>(
    `SELECT status, not_after FROM certificates WHERE ca_id = $1 AND purpose = $2
     ORDER BY (status = 'valid' AND not_after > $3) DESC, not_after DESC LIMIT 1`,
    [authority.id, purpose, ctx.now()],
  );
  const newest = rows[0];
  if (!newest) return 'missing';
  if (newest.status !== 'valid') return 'not valid';
  const left = newest.not_after.getTime() - ctx.now().getTime();
  if (left <= 0) return 'expired';
  if (left >= RENEW_BEFORE_MS) return undefined;
  // A service certificate never outlives its CA: one already ending with the CA would only be replaced by an
  // equal one, on every run of the scheduler.
  return newest.not_after.getTime() < parseCertificate(authority.certificate).notAfter.getTime()
    ? 'expiring'
    : undefined;
}

/**
 * Issues every service certificate the given CAs lack — none at all (an
 * installation older than the service), expired, revoked or suspended —
 * with a key of the CA's own algorithm; each issuance is audited with its
 * reason. Not safe on its own against another node doing the same at once:
 * `topUpServiceCertificates` serialises it.
 */
export async function ensureServiceCertificates(
  ctx: AuthorityContext,
  authorities: readonly AuthorityRecord[],
  actor: string,
): Promise<ToppedUpCertificate[]> {
  const issued: ToppedUpCertificate[] = [];
  for (const authority of authorities) {
    // An ended CA issues nothing (CA_NOT_ISSUING): its services end with it.
    if (parseCertificate(authority.certificate).notAfter.getTime() <= ctx.now().getTime()) continue;
    for (const [purpose, profile] of servicesOf(ctx, authority)) {
      const reason = await missingBecause(ctx, authority, purpose);
      if (!reason) continue;
      const { algorithm } = await ctx.keyStore.get({ id: authority.keyId });
      const serial = await issueServiceCertificate(ctx, authority, profile, algorithm, actor, reason);
      issued.push({ caId: authority.id, purpose, serial, reason });
    }
  }
  return issued;
}

/**
 * At every start and on every run of the CRL scheduler's leader: an
 * installation set up before a service certificate existed (TSA, audit
 * key, OCSP responder), or whose one expired while the server was down or
 * ends within RENEW_BEFORE_MS (before its CA does), gets a new one.
 * Idempotent. Nodes starting together take turns under a PostgreSQL
 * advisory lock held in a transaction of its own while the certificates
 * are issued over other pooled connections, so the second finds them
 * present; PGlite is one process's database, which needs none.
 */
export async function topUpServiceCertificates(
  ctx: AuthorityContext,
  actor = 'system',
): Promise<ToppedUpCertificate[]> {
  const run = async (): Promise<ToppedUpCertificate[]> =>
    ensureServiceCertificates(ctx, await listAuthorities(ctx.db), actor);
  if (ctx.db.kind === 'pglite') return run();
  return ctx.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SERVICE_CERTIFICATES_LOCK_KEY]);
    return run();
  });
}
