import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { Config } from '../config/config.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** CA certificates (PEM) whose client certificates the server asks for: the infrastructure CA. */
  clientCa?: string;
  /** Where the material came from, for the start-up message. */
  source: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

function toPem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${base64.trimEnd()}\n-----END ${label}-----\n`;
}

/**
 * A self-signed ECDSA P-256 certificate for localhost and this host's name,
 * so the server speaks TLS from its very first start. The CA issue replaces
 * it with a certificate from the infrastructure CA.
 */
export async function createSelfSignedCertificate(
  names: readonly string[],
  now = new Date(),
): Promise<{ cert: string; key: string }> {
  const crypto = globalThis.crypto;
  const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const notAfter = new Date(now.getTime() + 365 * 24 * 3600 * 1000);
  const dnsNames = names.filter((n) => !/^[\d.:]+$/.test(n));
  const ipNames = names.filter((n) => /^[\d.:]+$/.test(n));
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(crypto.getRandomValues(new Uint8Array(16)))
        .toString('hex')
        .replace(/^[89a-f]/, '1'),
      name: 'CN=Podpis temporary HTTPS certificate, O=Podpis',
      notBefore: new Date(now.getTime() - 60_000),
      notAfter,
      keys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension([
          ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
          ...ipNames.map((value) => ({ type: 'ip' as const, value })),
        ]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { cert: certificate.toString('pem') + '\n', key: toPem('PRIVATE KEY', pkcs8) };
}

/** Issues the HTTPS certificate from our own infrastructure CA (see ca/tls-certificates.ts). */
export type TlsIssuer = (
  hostNames: readonly string[],
) => Promise<{ certificatePem: string; keyPem: string; caCertificatePem: string }>;

const ISSUED_BY_CA = 'infrastructure-ca';

/**
 * The HTTPS certificate and key: the configured PEM files; or the pair kept
 * in `<dataDir>/tls/` — issued by the infrastructure CA once the
 * installation has one (`issue` given), self-signed before that. A
 * self-signed pair is replaced as soon as the CA exists.
 */
export async function loadTlsMaterial(
  config: Pick<Config, 'tls' | 'dataDir'>,
  options: { issue?: TlsIssuer; clientCa?: string } = {},
): Promise<TlsMaterial> {
  const clientCa = options.clientCa !== undefined ? { clientCa: options.clientCa } : {};
  if (config.tls) {
    return {
      cert: readFileSync(config.tls.certFile, 'utf8'),
      key: readFileSync(config.tls.keyFile, 'utf8'),
      source: config.tls.certFile,
      ...clientCa,
    };
  }
  const dir = join(config.dataDir, 'tls');
  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  const originFile = join(dir, 'origin');
  const origin = existsSync(originFile) ? readFileSync(originFile, 'utf8').trim() : 'self-signed';
  const present = existsSync(certFile) && existsSync(keyFile);
  const names = ['localhost', hostname(), '127.0.0.1', '::1'];
  if (options.issue && (!present || origin !== ISSUED_BY_CA)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const issued = await options.issue(names);
    writeFileSync(keyFile, issued.keyPem, { mode: 0o600 });
    // The chain: clients that trust the infrastructure CA (ca.crt) accept it.
    writeFileSync(certFile, issued.certificatePem + issued.caCertificatePem);
    writeFileSync(join(dir, 'ca.crt'), issued.caCertificatePem);
    writeFileSync(originFile, `${ISSUED_BY_CA}\n`);
  } else if (!present) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { cert, key } = await createSelfSignedCertificate(names);
    writeFileSync(keyFile, key, { mode: 0o600 });
    writeFileSync(certFile, cert);
    writeFileSync(originFile, 'self-signed\n');
  }
  return {
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
    source: certFile,
    ...clientCa,
  };
}
