import {
  issueCertificate,
  keyIdentifier,
  OID,
  parseCertificate,
  parseCertificationRequest,
  PkiError,
  verifyCertificationRequest,
  type ParsedCertificationRequest,
} from '@podpis/pki';
import type { Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { appendAudit } from '../audit/audit-log.js';
import type { Queryable } from '../db/db.js';
import { DomainError } from '../core/domain-error.js';
import { authoritySigner, findAuthority, storeCertificate, type AuthorityContext } from './authorities.js';
import { getCertificate, type CertificateSummary } from './certificates.js';
import { newSerialNumber } from './serial.js';

const DAY_MS = 24 * 3600 * 1000;

/** End-entity certificates are valid 1 to 1825 days (five years); → 400 VALIDITY_INVALID otherwise. */
export function checkValidityDays(validityDays: number): void {
  if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > 5 * 365) {
    throw new DomainError('VALIDITY_INVALID', 'validity must be 1 to 1825 days');
  }
}

/** A qualified certificate for a public key the CA did not generate, or generated earlier. */
export interface KeyCertificateRequest {
  caId: string;
  accountId: string;
  /** The subject, already checked (a profile) or taken as the request states it. */
  subject: Name;
  publicKeyInfo: SubjectPublicKeyInfo;
  /** The key store's key, when the private key is held there; absent for a key the holder keeps. */
  keyId?: string;
  validityDays: number;
  actor: string;
  requestId?: string;
  /** Recorded with `certificate.issue`, e.g. `{ source: 'pkcs10' }`. */
  auditDetails?: Record<string, unknown>;
}

/**
 * Issues a qualified certificate (the same profile as `issueUserCertificate`)
 * on the given public key. `alsoInTransaction` runs in the transaction that
 * records the certificate, so a change that belongs with it (revoking the
 * certificate it replaces) commits or fails together with it.
 */
export async function issueCertificateForKey(
  ctx: AuthorityContext,
  request: KeyCertificateRequest,
  alsoInTransaction?: (tx: Queryable, serial: string) => Promise<void>,
): Promise<CertificateSummary> {
  checkValidityDays(request.validityDays);
  const authority = await findAuthority(ctx.db, request.caId);
  if (authority.role !== 'issuing')
    throw new DomainError('CA_NOT_ISSUING', `${authority.id} does not issue end-entity certificates`);
  const caInfo = parseCertificate(authority.certificate);
  const caSigner = await authoritySigner(ctx.keyStore, authority);
  const now = ctx.now();
  const notAfter = new Date(
    Math.min(now.getTime() + request.validityDays * DAY_MS, caInfo.notAfter.getTime()),
  );
  const der = await issueCertificate(
    {
      serialNumber: newSerialNumber(),
      subject: request.subject,
      issuer: caInfo.asn1.tbsCertificate.subject,
      notBefore: now,
      notAfter,
      publicKeyInfo: request.publicKeyInfo,
      extensions: {
        basicConstraints: { ca: false },
        keyUsage: ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment'],
        extendedKeyUsage: [OID.clientAuth, OID.emailProtection],
        subjectKeyIdentifier: await keyIdentifier(request.publicKeyInfo),
        ...(caInfo.subjectKeyIdentifier ? { authorityKeyIdentifier: caInfo.subjectKeyIdentifier } : {}),
        crlDistributionPoints: [ctx.urls.crl(authority.id)],
        freshestCrl: [ctx.urls.deltaCrl(authority.id)],
        authorityInfoAccess: { ocsp: [ctx.urls.ocsp()], caIssuers: [ctx.urls.caIssuers(authority.id)] },
        certificatePolicies: [OID.policyKC1],
        privateKeyUsagePeriod: { notBefore: now, notAfter },
        subjectSignTool: 'Podpis (cloud signature)',
        identificationKind: 0,
      },
    },
    caSigner,
  );
  const serial = await ctx.db.transaction(async (tx) => {
    const stored = await storeCertificate(tx, {
      der,
      caId: authority.id,
      purpose: 'qualified',
      accountId: request.accountId,
      ...(request.keyId ? { keyId: request.keyId } : {}),
      createdBy: request.actor,
    });
    await appendAudit(tx, {
      actor: request.actor,
      action: 'certificate.issue',
      target: `certificate:${stored}`,
      details: {
        account: request.accountId,
        ca: authority.id,
        key: request.keyId ?? null,
        subject: parseCertificate(der).subjectText,
        ...request.auditDetails,
      },
      ...(request.requestId ? { requestId: request.requestId } : {}),
    });
    if (alsoInTransaction) await alsoInTransaction(tx, stored);
    return stored;
  });
  return getCertificate(ctx.db, serial, now);
}

/** Reads a PKCS#10 request (DER, or PEM text) and checks its proof of possession. */
export async function readCertificationRequest(
  input: Uint8Array | string,
): Promise<ParsedCertificationRequest> {
  let der: Uint8Array;
  if (typeof input === 'string') {
    const match =
      /-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----([\s\S]+?)-----END (?:NEW )?CERTIFICATE REQUEST-----/.exec(
        input,
      );
    if (!match?.[1]) throw new DomainError('CSR_INVALID', 'expected a PEM "CERTIFICATE REQUEST" block');
    der = new Uint8Array(Buffer.from(match[1].replace(/\s+/g, ''), 'base64'));
  } else {
    der = input;
  }
  let parsed: ParsedCertificationRequest;
  try {
    parsed = parseCertificationRequest(der);
  } catch (error) {
    if (error instanceof PkiError)
      throw new DomainError('CSR_INVALID', `the certification request is malformed: ${error.message}`);
    throw error;
  }
  let valid: boolean;
  try {
    valid = await verifyCertificationRequest(parsed);
  } catch (error) {
    if (error instanceof PkiError)
      throw new DomainError(
        'CSR_SIGNATURE_INVALID',
        `the request's signature cannot be checked: ${error.message}`,
      );
    throw error;
  }
  if (!valid)
    throw new DomainError(
      'CSR_SIGNATURE_INVALID',
      "the request's signature does not verify under its public key (no proof of possession)",
    );
  return parsed;
}
