/**
 * A load target of bench/ca.ts, run as a child process so the load
 * generator does not share its event loop. It reports over IPC once it
 * listens and serves until SIGTERM.
 *
 * `podpis <gost256|ecdsa>`: the real server (`startServer`, as `podpis serve
 * --init-if-empty` runs it) on embedded PGlite in PODPIS_DATA_DIR, then a
 * user certificate issued through the CA services over the server's own
 * database handle (PGlite admits one process, so the certificate is issued
 * here), the OCSP requests for it, and — for ECDSA — a second delegated
 * OCSP responder certificate signed by the same issuing CA for a key
 * OpenSSL may hold, so `openssl ocsp` answers for the same CA and
 * certificate with a legitimate responder.
 *
 * `ceiling`: a bare Fastify route (no logger, no work) that answers the same
 * POST with a fixed 1.5 KB body: what this machine's HTTP stack allows.
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import {
  buildName,
  certIdOf,
  createOcspRequest,
  generateSoftwareKey,
  issueCertificate,
  keyIdentifier,
  OID,
  parseCertificate,
} from '@podpis/pki';
import { authoritySigner, findAuthority } from '../packages/server/src/ca/authorities.js';
import { getCertificate, issueUserCertificate } from '../packages/server/src/ca/certificates.js';
import { CA_IDS, type CaAlgorithm } from '../packages/server/src/ca/setup.js';
import { newSerialNumber } from '../packages/server/src/ca/serial.js';
import { loadConfig } from '../packages/server/src/config/config.js';
import { createLogger } from '../packages/server/src/logger.js';
import { authorityContext, closeOnSignals, startServer } from '../packages/server/src/server.js';
import { BENCH_ACCOUNT, BENCH_PIN, BENCH_SUBJECT, pem } from './fixtures.js';

/** What a `podpis` target reports to the bench once it listens. */
export interface PodpisTarget {
  kind: 'podpis';
  ocspUrl: string;
  /** The HTTPS office's base URL (self-signed). */
  officeUrl: string;
  /** The time-stamp authority's URL on the plain-HTTP listener. */
  tspUrl: string;
  /** DER, base64: the request without a nonce (cacheable) and one with a nonce. */
  request: string;
  requestWithNonce: string;
  issuingPem: string;
  userPem: string;
  /** The delegated responder for `openssl ocsp` (ECDSA installations only). */
  openssl?: { responderPem: string; responderKeyPem: string };
}

export interface CeilingTarget {
  kind: 'ceiling';
  url: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

async function podpis(algorithm: CaAlgorithm): Promise<PodpisTarget> {
  const { config } = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, logger, { initIfEmpty: { algorithm } });
  closeOnSignals(server, { timeoutMs: config.shutdownTimeoutMs, drainMs: 0 }, logger);
  const ctx = authorityContext(config, server.db, logger, () => server.pkiUrl);
  const issued = await issueUserCertificate(ctx, {
    accountId: BENCH_ACCOUNT,
    subject: BENCH_SUBJECT,
    keySpec:
      algorithm === 'ecdsa'
        ? { type: 'ecdsa', curve: 'P-256' }
        : { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' },
    pin: BENCH_PIN,
    validityDays: 365,
    actor: 'bench',
  });
  const user = (await getCertificate(server.db, issued.serial, new Date())).der;
  const issuing = await findAuthority(server.db, CA_IDS.issuing);
  const certId = await certIdOf(user, issuing.certificate);
  const target: PodpisTarget = {
    kind: 'podpis',
    ocspUrl: ctx.urls.ocsp(),
    officeUrl: server.url,
    tspUrl: ctx.urls.tsa(),
    request: Buffer.from(createOcspRequest({ certIds: [certId] })).toString('base64'),
    requestWithNonce: Buffer.from(createOcspRequest({ certIds: [certId], nonce: randomBytes(16) })).toString(
      'base64',
    ),
    issuingPem: pem('CERTIFICATE', issuing.certificate),
    userPem: pem('CERTIFICATE', user),
  };
  if (algorithm !== 'ecdsa') return target;

  // The same profile as issueOcspResponderCertificate, for a key OpenSSL can read.
  const key = await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' });
  const caInfo = parseCertificate(issuing.certificate);
  const now = new Date();
  const responder = await issueCertificate(
    {
      serialNumber: newSerialNumber(),
      subject: buildName([
        { type: OID.country, value: 'RU' },
        { type: OID.organizationName, value: 'Podpis' },
        { type: OID.commonName, value: 'OCSP responder (openssl bench)' },
      ]),
      issuer: caInfo.asn1.tbsCertificate.subject,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(Math.min(now.getTime() + YEAR_MS, caInfo.notAfter.getTime())),
      publicKeyInfo: key.signer.publicKeyInfo,
      extensions: {
        basicConstraints: { ca: false },
        keyUsage: ['digitalSignature'],
        extendedKeyUsage: [OID.ocspSigning],
        ocspNoCheck: true,
        subjectKeyIdentifier: await keyIdentifier(key.signer.publicKeyInfo),
        ...(caInfo.subjectKeyIdentifier ? { authorityKeyIdentifier: caInfo.subjectKeyIdentifier } : {}),
      },
    },
    await authoritySigner(ctx.keyStore, issuing),
  );
  return {
    ...target,
    openssl: { responderPem: pem('CERTIFICATE', responder), responderKeyPem: pem('PRIVATE KEY', key.pkcs8) },
  };
}

async function ceiling(): Promise<CeilingTarget> {
  const body = Buffer.alloc(1536, 0x30);
  const app = Fastify();
  app.addContentTypeParser('application/ocsp-request', { parseAs: 'buffer' }, (_request, raw, done) => {
    done(null, raw);
  });
  app.post('/pki/ocsp', async (_request, reply) => reply.type('application/ocsp-response').send(body));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const stop = (): void => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return { kind: 'ceiling', url: `${url}/pki/ocsp` };
}

const [mode, algorithm] = process.argv.slice(2);
const report =
  mode === 'ceiling' ? await ceiling() : await podpis(algorithm === 'ecdsa' ? 'ecdsa' : 'gost256');
process.send?.(report);
