import { buildName, OID, type KeySpec } from '@podpis/pki';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import type { AuthorityContext, AuthorityRecord } from './authorities.js';
import { issue, withNewKey } from './issue.js';
import type { CertificateProfile } from './profiles.js';

/** Why a service certificate is issued: none in force, or the one in force ends within RENEW_BEFORE_MS. */
export type ServiceCertificateReason = 'missing' | 'expired' | 'not valid' | 'expiring';

/** The services a CA certifies a key of its own for. */
export type ServicePurpose = 'ocsp' | 'tsa' | 'audit';

export const SERVICE_PURPOSES: readonly ServicePurpose[] = ['ocsp', 'tsa', 'audit'];

/** For the key's label and the certificate's common name, e.g. "OCSP responder (issuing)". */
const SERVICE_NAMES: Readonly<Record<ServicePurpose, string>> = {
  ocsp: 'OCSP responder',
  tsa: 'Time-stamp authority',
  audit: 'Audit log signer',
};

/** Whether a profile's certificates are a service's (OCSP responder, TSA, audit key) and which. */
export function servicePurposeOf(profile: CertificateProfile): ServicePurpose | undefined {
  return SERVICE_PURPOSES.find((purpose) => purpose === profile.purpose);
}

/**
 * A certificate for one of a CA's services under its profile (OCSP
 * responder: EKU ocspSigning and ocsp-nocheck; TSA: critical EKU
 * timeStamping only; audit key): a key of its own in the key store (no
 * PIN: the server uses it alone), destroyed if the certificate is not
 * issued.
 */
export function issueServiceCertificate(
  ctx: AuthorityContext,
  authority: AuthorityRecord,
  profile: CertificateProfile,
  keySpec: KeySpec,
  actor: string,
  reason?: ServiceCertificateReason,
): Promise<string> {
  const purpose = servicePurposeOf(profile);
  if (!purpose) throw new Error(`profile ${profile.id} is not a service's`);
  const name = SERVICE_NAMES[purpose];
  const policy = { label: `${name} of ${authority.id}`, owner: `service:${purpose}:${authority.id}` };
  return withNewKey(ctx.keyStore, keySpec, policy, async (key) => {
    const issued = await issue(
      ctx,
      profile,
      buildName([
        { type: OID.country, value: 'RU' },
        { type: OID.organizationName, value: 'Podpis' },
        { type: OID.commonName, value: `${name} (${authority.id})` },
      ]),
      AsnConvert.parse(key.publicKeyInfo, SubjectPublicKeyInfo),
      { actor },
      { authority, keyId: key.id, ...(reason ? { auditDetails: { reason } } : {}) },
    );
    return issued.serial;
  });
}
