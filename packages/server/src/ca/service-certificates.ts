import {
  buildName,
  issueCertificate,
  keyIdentifier,
  OID,
  parseCertificate,
  type CertificateExtensions,
  type KeySpec,
} from '@podpis/pki';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { appendAudit } from '../audit/audit-log.js';
import {
  authoritySigner,
  storeCertificate,
  type AuthorityContext,
  type AuthorityRecord,
} from './authorities.js';
import { newSerialNumber } from './serial.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Why a service certificate was issued, for its audit record: a new CA's, or a replacement at start. */
/** Why a service certificate is issued: none in force, or the one in force ends within RENEW_BEFORE_MS. */
export type ServiceCertificateReason = 'missing' | 'expired' | 'not valid' | 'expiring';

interface ServiceProfile {
  purpose: 'ocsp' | 'tsa' | 'audit';
  /** For the key's label and the certificate's common name, e.g. "OCSP responder". */
  title: string;
  validityYears: number;
  extensions: CertificateExtensions;
}

/**
 * A certificate for one of a CA's services: a key of its own in the key
 * store (no PIN: the server uses it alone), a certificate from the CA never
 * outliving it, recorded and audited in one transaction.
 */
async function issueServiceCertificate(
  ctx: AuthorityContext,
  authority: AuthorityRecord,
  keySpec: KeySpec,
  profile: ServiceProfile,
  actor: string,
  reason?: ServiceCertificateReason,
): Promise<string> {
  const caInfo = parseCertificate(authority.certificate);
  const key = await ctx.keyStore.generate(keySpec, {
    label: `${profile.title} of ${authority.id}`,
    owner: `service:${profile.purpose}:${authority.id}`,
  });
  try {
    const publicKeyInfo = AsnConvert.parse(key.publicKeyInfo, SubjectPublicKeyInfo);
    const now = ctx.now();
    const der = await issueCertificate(
      {
        serialNumber: newSerialNumber(),
        subject: buildName([
          { type: OID.country, value: 'RU' },
          { type: OID.organizationName, value: 'Podpis' },
          { type: OID.commonName, value: `${profile.title} (${authority.id})` },
        ]),
        issuer: caInfo.asn1.tbsCertificate.subject,
        notBefore: new Date(now.getTime() - 60_000),
        notAfter: new Date(
          Math.min(now.getTime() + profile.validityYears * YEAR_MS, caInfo.notAfter.getTime()),
        ),
        publicKeyInfo,
        extensions: {
          basicConstraints: { ca: false },
          subjectKeyIdentifier: await keyIdentifier(publicKeyInfo),
          ...(caInfo.subjectKeyIdentifier ? { authorityKeyIdentifier: caInfo.subjectKeyIdentifier } : {}),
          ...profile.extensions,
        },
      },
      await authoritySigner(ctx.keyStore, authority),
    );
    return await ctx.db.transaction(async (tx) => {
      const serial = await storeCertificate(tx, {
        der,
        caId: authority.id,
        purpose: profile.purpose,
        keyId: key.id,
        createdBy: actor,
      });
      await appendAudit(tx, {
        actor,
        action: 'certificate.issue',
        target: `certificate:${serial}`,
        details: { purpose: profile.purpose, ca: authority.id, ...(reason ? { reason } : {}) },
      });
      return serial;
    });
  } catch (error) {
    // Nothing was recorded: the new key must not outlive it (as in a failed renewal).
    await ctx.keyStore.destroy(key).catch(() => undefined);
    throw error;
  }
}

/**
 * A CA's delegated OCSP responder: a one-year certificate with EKU
 * ocspSigning and id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1), so clients
 * need not check the responder's own status.
 */
export function issueOcspResponderCertificate(
  ctx: AuthorityContext,
  authority: AuthorityRecord,
  keySpec: KeySpec,
  actor: string,
  reason?: ServiceCertificateReason,
): Promise<string> {
  return issueServiceCertificate(
    ctx,
    authority,
    keySpec,
    {
      purpose: 'ocsp',
      title: 'OCSP responder',
      validityYears: 1,
      extensions: { keyUsage: ['digitalSignature'], extendedKeyUsage: [OID.ocspSigning], ocspNoCheck: true },
    },
    actor,
    reason,
  );
}

/**
 * A CA's time-stamp authority: a certificate of at most five years whose
 * only extended key usage is id-kp-timeStamping, marked critical as RFC 3161
 * §2.3 requires.
 */
export function issueTsaCertificate(
  ctx: AuthorityContext,
  authority: AuthorityRecord,
  keySpec: KeySpec,
  actor: string,
  reason?: ServiceCertificateReason,
): Promise<string> {
  return issueServiceCertificate(
    ctx,
    authority,
    keySpec,
    {
      purpose: 'tsa',
      title: 'Time-stamp authority',
      validityYears: 5,
      extensions: {
        keyUsage: ['digitalSignature', 'nonRepudiation'],
        extendedKeyUsage: [OID.timeStamping],
        extendedKeyUsageCritical: true,
        crlDistributionPoints: [ctx.urls.crl(authority.id)],
        freshestCrl: [ctx.urls.deltaCrl(authority.id)],
        authorityInfoAccess: { ocsp: [ctx.urls.ocsp()], caIssuers: [ctx.urls.caIssuers(authority.id)] },
      },
    },
    actor,
    reason,
  );
}

/**
 * The audit key's certificate: the key that signs checkpoints of the audit
 * log (M9.1), so a removed tail or a chain rewritten from scratch is caught.
 */
export function issueAuditCertificate(
  ctx: AuthorityContext,
  authority: AuthorityRecord,
  keySpec: KeySpec,
  actor: string,
  reason?: ServiceCertificateReason,
): Promise<string> {
  return issueServiceCertificate(
    ctx,
    authority,
    keySpec,
    {
      purpose: 'audit',
      title: 'Audit log signer',
      validityYears: 5,
      extensions: {
        keyUsage: ['digitalSignature', 'nonRepudiation'],
        crlDistributionPoints: [ctx.urls.crl(authority.id)],
        freshestCrl: [ctx.urls.deltaCrl(authority.id)],
        authorityInfoAccess: { ocsp: [ctx.urls.ocsp()], caIssuers: [ctx.urls.caIssuers(authority.id)] },
      },
    },
    actor,
    reason,
  );
}
