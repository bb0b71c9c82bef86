import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { Config } from '../config/config.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** Where the material came from, for the start-up message. */
  source: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

function toPem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${base64.trimEnd()}\n-----END ${label}-----\n`;
}

/**
 * A self-signed ECDSA P-256 certificate for localhost and this host's name,
 * so the server speaks TLS from its very first start. The CA issue replaces
 * it with a certificate from the infrastructure CA.
 */
export async function createSelfSignedCertificate(names: readonly string[], now = new Date()): Promise<{ cert: string; key: string }> {
  const crypto = globalThis.crypto;
  const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const notAfter = new Date(now.getTime() + 365 * 24 * 3600 * 1000);
  const dnsNames = names.filter((n) => !/^[\d.:]+$/.test(n));
  const ipNames = names.filter((n) => /^[\d.:]+$/.test(n));
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
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

/**
 * The HTTPS certificate and key: the configured PEM files, or the pair kept
 * in `<dataDir>/tls/`, created at first start.
 */
export async function loadTlsMaterial(config: Pick<Config, 'tls' | 'dataDir'>): Promise<TlsMaterial> {
  if (config.tls) {
    return {
      cert: readFileSync(config.tls.certFile, 'utf8'),
      key: readFileSync(config.tls.keyFile, 'utf8'),
      source: config.tls.certFile,
    };
  }
  const dir = join(config.dataDir, 'tls');
  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { cert, key } = await createSelfSignedCertificate(['localhost', hostname(), '127.0.0.1', '::1']);
    writeFileSync(keyFile, key, { mode: 0o600 });
    writeFileSync(certFile, cert);
  }
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), source: certFile };
}
