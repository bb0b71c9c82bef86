import { randomBytes } from 'node:crypto';
import { buildName, createPkcs12, generateSoftwareKey, OID, parseCertificate } from '@podpis/pki';
import { recordClientCertificate } from '../auth/client-certificate.js';
import type { AuthorityContext } from './authorities.js';
import { issue } from './issue.js';
import { KEY_ALGORITHMS } from './key-algorithms.js';
import { PROFILE_IDS, profilesOf } from './profiles.js';
import { toPem as pem } from './pem.js';

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
  const { signer, pkcs8 } = await generateSoftwareKey(KEY_ALGORITHMS['ecdsa-p256']);
  const isIp = (name: string): boolean => /^[\d.]+$/.test(name) || name.includes(':');
  const { der, caCertificate } = await issue(
    ctx,
    profilesOf(ctx).get(PROFILE_IDS.tlsServer),
    buildName([
      { type: OID.organizationName, value: 'Podpis' },
      { type: OID.commonName, value: hostNames[0] ?? 'localhost' },
    ]),
    signer.publicKeyInfo,
    { actor },
    {
      subjectAltName: { dns: hostNames.filter((n) => !isIp(n)), ip: hostNames.filter(isIp) },
      auditDetails: { names: [...hostNames] },
    },
  );
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
  const { signer, pkcs8 } = await generateSoftwareKey(KEY_ALGORITHMS['ecdsa-p256']);
  const { serial, der, caCertificate } = await issue(
    ctx,
    profilesOf(ctx).get(PROFILE_IDS.tlsClient),
    buildName([
      { type: OID.organizationName, value: 'Podpis' },
      { type: OID.commonName, value: account.displayName ?? account.login },
    ]),
    signer.publicKeyInfo,
    { actor },
    {
      accountId: account.id,
      // Its fingerprint signs the holder in from now on: recorded with the certificate, or neither.
      alsoInTransaction: async (tx, issued) => {
        const info = parseCertificate(issued.der);
        await recordClientCertificate(tx, {
          accountId: account.id,
          der: issued.der,
          serialHex: issued.serial,
          issuer: info.issuerText,
          notAfter: info.notAfter,
        });
      },
    },
  );
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
