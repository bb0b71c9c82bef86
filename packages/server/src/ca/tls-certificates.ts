import { randomBytes } from 'node:crypto';
import {
  buildName,
  createPkcs12,
  generateSoftwareKey,
  issueCertificate,
  keyIdentifier,
  OID,
  parseCertificate,
  type CertificateExtensions,
} from '@podpis/pki';
import type { Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { appendAudit } from '../audit/audit-log.js';
import { recordClientCertificate } from '../auth/client-certificate.js';
import { authoritySigner, findAuthority, storeCertificate, type AuthorityContext } from './authorities.js';
import { newSerialNumber } from './serial.js';
import { CA_IDS } from './setup.js';
import { toPem as pem } from './pem.js';

const DAY_MS = 24 * 3600 * 1000;

async function issueFromInfrastructure(
  ctx: AuthorityContext,
  subject: Name,
  publicKeyInfo: SubjectPublicKeyInfo,
  validityDays: number,
  extensions: CertificateExtensions,
): Promise<{ der: Uint8Array; caCertificate: Uint8Array }> {
  const authority = await findAuthority(ctx.db, CA_IDS.infrastructureRoot);
  const caInfo = parseCertificate(authority.certificate);
  const now = ctx.now();
  const der = await issueCertificate(
    {
      serialNumber: newSerialNumber(),
      subject,
      issuer: caInfo.asn1.tbsCertificate.subject,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(Math.min(now.getTime() + validityDays * DAY_MS, caInfo.notAfter.getTime())),
      publicKeyInfo,
      extensions: {
        basicConstraints: { ca: false },
        subjectKeyIdentifier: await keyIdentifier(publicKeyInfo),
        ...(caInfo.subjectKeyIdentifier ? { authorityKeyIdentifier: caInfo.subjectKeyIdentifier } : {}),
        crlDistributionPoints: [ctx.urls.crl(authority.id)],
        freshestCrl: [ctx.urls.deltaCrl(authority.id)],
        authorityInfoAccess: { ocsp: [ctx.urls.ocsp()], caIssuers: [ctx.urls.caIssuers(authority.id)] },
        ...extensions,
      },
    },
    await authoritySigner(ctx.keyStore, authority),
  );
  return { der, caCertificate: authority.certificate };
}

export interface TlsServerCertificate {
  certificatePem: string;
  keyPem: string;
  caCertificatePem: string;
}

/**
 * The HTTPS server's certificate from the infrastructure CA. Its key lives
 * in a file, not in the key store: Node's TLS stack has to hold it.
 */
export async function issueTlsServerCertificate(
  ctx: AuthorityContext,
  hostNames: readonly string[],
  actor: string,
): Promise<TlsServerCertificate> {
  const { signer, pkcs8 } = await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' });
  const isIp = (name: string): boolean => /^[\d.]+$/.test(name) || name.includes(':');
  const { der, caCertificate } = await issueFromInfrastructure(
    ctx,
    buildName([
      { type: OID.organizationName, value: 'Podpis' },
      { type: OID.commonName, value: hostNames[0] ?? 'localhost' },
    ]),
    signer.publicKeyInfo,
    397,
    {
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: [OID.serverAuth],
      subjectAltName: { dns: hostNames.filter((n) => !isIp(n)), ip: hostNames.filter(isIp) },
    },
  );
  await ctx.db.transaction(async (tx) => {
    const serial = await storeCertificate(tx, {
      der,
      caId: CA_IDS.infrastructureRoot,
      purpose: 'server',
      createdBy: actor,
    });
    await appendAudit(tx, {
      actor,
      action: 'certificate.issue',
      target: `certificate:${serial}`,
      details: { purpose: 'server', names: [...hostNames] },
    });
  });
  return {
    certificatePem: pem('CERTIFICATE', der),
    keyPem: pem('PRIVATE KEY', pkcs8),
    caCertificatePem: pem('CERTIFICATE', caCertificate),
  };
}

export interface ClientCertificateBundle {
  serial: string;
  /** PKCS#12 with the key, the certificate and the CA certificate. */
  pkcs12: Uint8Array;
  /** The PKCS#12 password, shown once. */
  password: string;
}

/** A password people can type: 20 characters of an alphabet without look-alikes. */
function exportPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  return Array.from(randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * An operator's or administrator's TLS client certificate (M3.1): a key made
 * for them, a certificate from the infrastructure CA, recorded as theirs,
 * handed over once as a PKCS#12 file with a one-time password.
 */
export async function issueClientCertificate(
  ctx: AuthorityContext,
  account: { id: string; login: string; displayName?: string },
  actor: string,
): Promise<ClientCertificateBundle> {
  const { signer, pkcs8 } = await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' });
  const { der, caCertificate } = await issueFromInfrastructure(
    ctx,
    buildName([
      { type: OID.organizationName, value: 'Podpis' },
      { type: OID.commonName, value: account.displayName ?? account.login },
    ]),
    signer.publicKeyInfo,
    2 * 365,
    { keyUsage: ['digitalSignature'], extendedKeyUsage: [OID.clientAuth] },
  );
  const info = parseCertificate(der);
  const serial = await ctx.db.transaction(async (tx) => {
    const stored = await storeCertificate(tx, {
      der,
      caId: CA_IDS.infrastructureRoot,
      purpose: 'client',
      accountId: account.id,
      createdBy: actor,
    });
    await recordClientCertificate(tx, {
      accountId: account.id,
      der,
      serialHex: stored,
      issuer: info.issuerText,
      notAfter: info.notAfter,
    });
    await appendAudit(tx, {
      actor,
      action: 'certificate.issue',
      target: `certificate:${stored}`,
      details: { purpose: 'client', account: account.id },
    });
    return stored;
  });
  const password = exportPassword();
  const pkcs12 = await createPkcs12({
    pkcs8,
    certificate: der,
    chain: [caCertificate],
    password,
    friendlyName: `Podpis — ${account.displayName ?? account.login}`,
  });
  return { serial, pkcs12, password };
}
