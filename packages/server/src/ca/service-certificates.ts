import { buildName, issueCertificate, keyIdentifier, OID, parseCertificate, type KeySpec } from '@podpis/pki';
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

/**
 * A CA's delegated OCSP responder: its own key (no PIN) and a one-year
 * certificate with EKU ocspSigning and id-pkix-ocsp-nocheck (RFC 6960
 * §4.2.2.2.1), so clients need not check the responder's own status.
 */
export async function issueOcspResponderCertificate(
  ctx: AuthorityContext,
  authority: AuthorityRecord,
  keySpec: KeySpec,
  actor: string,
): Promise<string> {
  const caInfo = parseCertificate(authority.certificate);
  const key = await ctx.keyStore.generate(keySpec, {
    label: `OCSP responder of ${authority.id}`,
    owner: `service:ocsp:${authority.id}`,
  });
  const publicKeyInfo = AsnConvert.parse(key.publicKeyInfo, SubjectPublicKeyInfo);
  const now = ctx.now();
  const der = await issueCertificate(
    {
      serialNumber: newSerialNumber(),
      subject: buildName([
        { type: OID.country, value: 'RU' },
        { type: OID.organizationName, value: 'Podpis' },
        { type: OID.commonName, value: `OCSP responder (${authority.id})` },
      ]),
      issuer: caInfo.asn1.tbsCertificate.subject,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(Math.min(now.getTime() + YEAR_MS, caInfo.notAfter.getTime())),
      publicKeyInfo,
      extensions: {
        basicConstraints: { ca: false },
        keyUsage: ['digitalSignature'],
        extendedKeyUsage: [OID.ocspSigning],
        ocspNoCheck: true,
        subjectKeyIdentifier: await keyIdentifier(publicKeyInfo),
        ...(caInfo.subjectKeyIdentifier ? { authorityKeyIdentifier: caInfo.subjectKeyIdentifier } : {}),
      },
    },
    await authoritySigner(ctx.keyStore, authority),
  );
  return ctx.db.transaction(async (tx) => {
    const serial = await storeCertificate(tx, {
      der,
      caId: authority.id,
      purpose: 'ocsp',
      keyId: key.id,
      createdBy: actor,
    });
    await appendAudit(tx, {
      actor,
      action: 'certificate.issue',
      target: `certificate:${serial}`,
      details: { purpose: 'ocsp', ca: authority.id },
    });
    return serial;
  });
}

const TSA_VALIDITY_YEARS = 5;

/**
 * A CA's time-stamp authority: its own key (no PIN) and a certificate of at
 * most five years (never past the CA's) whose only extended key usage is
 * id-kp-timeStamping, marked critical as RFC 3161 §2.3 requires.
 */
export async function issueTsaCertificate(
  ctx: AuthorityContext,
  authority: AuthorityRecord,
  keySpec: KeySpec,
  actor: string,
): Promise<string> {
  const caInfo = parseCertificate(authority.certificate);
  const key = await ctx.keyStore.generate(keySpec, {
    label: `Time-stamp authority of ${authority.id}`,
    owner: `service:tsa:${authority.id}`,
  });
  const publicKeyInfo = AsnConvert.parse(key.publicKeyInfo, SubjectPublicKeyInfo);
  const now = ctx.now();
  const der = await issueCertificate(
    {
      serialNumber: newSerialNumber(),
      subject: buildName([
        { type: OID.country, value: 'RU' },
        { type: OID.organizationName, value: 'Podpis' },
        { type: OID.commonName, value: `Time-stamp authority (${authority.id})` },
      ]),
      issuer: caInfo.asn1.tbsCertificate.subject,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(Math.min(now.getTime() + TSA_VALIDITY_YEARS * YEAR_MS, caInfo.notAfter.getTime())),
      publicKeyInfo,
      extensions: {
        basicConstraints: { ca: false },
        keyUsage: ['digitalSignature', 'nonRepudiation'],
        extendedKeyUsage: [OID.timeStamping],
        extendedKeyUsageCritical: true,
        subjectKeyIdentifier: await keyIdentifier(publicKeyInfo),
        ...(caInfo.subjectKeyIdentifier ? { authorityKeyIdentifier: caInfo.subjectKeyIdentifier } : {}),
        crlDistributionPoints: [ctx.urls.crl(authority.id)],
        authorityInfoAccess: { ocsp: [ctx.urls.ocsp()], caIssuers: [ctx.urls.caIssuers(authority.id)] },
      },
    },
    await authoritySigner(ctx.keyStore, authority),
  );
  return ctx.db.transaction(async (tx) => {
    const serial = await storeCertificate(tx, {
      der,
      caId: authority.id,
      purpose: 'tsa',
      keyId: key.id,
      createdBy: actor,
    });
    await appendAudit(tx, {
      actor,
      action: 'certificate.issue',
      target: `certificate:${serial}`,
      details: { purpose: 'tsa', ca: authority.id },
    });
    return serial;
  });
}
