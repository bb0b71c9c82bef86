import type { Logger } from 'pino';
import { findAuthority, type AuthorityContext } from './ca/authorities.js';
import { createFirstAdministrator, type FirstAdministrator } from './ca/first-administrator.js';
import { initialiseInstallation, isInitialised } from './ca/installation.js';
import { OcspResponder } from './ca/ocsp-responder.js';
import { topUpServiceCertificates } from './ca/service-certificate-top-up.js';
import { authorityIdOf, PROFILE_IDS, profilesOf } from './ca/profiles.js';
import type { CaAlgorithm } from './ca/setup.js';
import { issueTlsServerCertificate } from './ca/tls-certificates.js';
import { TimeStampAuthority } from './ca/tsa.js';
import type { Config } from './config/config.js';
import { restrictDataDir, restrictProcessUmask } from './config/data-dir.js';
import type { Db } from './db/db.js';
import { migrate, readMigrations } from './db/migrate.js';
import { describeDatabase, openDatabase } from './db/open.js';
import { PublicSigningLimiter } from './core/signing-rate-limit.js';
import { buildApp, buildPkiHttpApp, type PodpisApp } from './http/app.js';
import { loadTlsMaterial } from './http/tls.js';
import { CrlScheduler } from './jobs/crl-scheduler.js';
import { Housekeeping } from './jobs/housekeeping.js';
import { OutboxJob } from './jobs/outbox-job.js';
import { WebhookJob } from './jobs/webhook-job.js';
import { BulkJobRunner } from './jobs/bulk-job-runner.js';
import { HrPullJob } from './jobs/hr-pull-job.js';
import { certificateCampaignHandler } from './campaigns/campaign.js';
import { hrImportHandler } from './hr/import.js';
import { webhookUrlPolicy } from './webhooks/url-policy.js';
import { checkMasterKeyFingerprint, loadMasterKey } from './keystore/index.js';
import { authorityContext } from './ca/authority-context.js';

export { authorityContext };
import { toPem as pem } from './ca/pem.js';

export interface RunningServer {
  app: PodpisApp;
  db: Db;
  /** The URL the server answers on, with the real port when PODPIS_PORT=0. */
  url: string;
  /** The plain-HTTP URL of /pki/* (CRLs, OCSP, CA certificates). */
  pkiUrl: string;
  tlsCertificateFile: string;
  database: string;
  /** Set when this start created the installation: the administrator's PKCS#12 and its one-time password. */
  firstAdministrator: FirstAdministrator | undefined;
  /** From now on `/ready` answers 503 (the load balancer takes the node out); requests are still served. */
  drain(): void;
  /** Stops accepting connections, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Registers more routes before listening (embedding and tests). */
  extend?: (app: PodpisApp) => Promise<void>;
  /** Creates the CAs and the first administrator when the installation is new (what `npm start` does). */
  initIfEmpty?: { algorithm: CaAlgorithm };
  /** How often the webhook job runs, in seconds (5 unless given): tests wait for a delivery sooner. */
  webhookIntervalSeconds?: number;
}

function listeningPort(server: { address(): unknown }, fallback: number): number {
  const address = server.address();
  return address !== null &&
    typeof address === 'object' &&
    'port' in address &&
    typeof address.port === 'number'
    ? address.port
    : fallback;
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

/**
 * Opens the database, applies migrations, starts the plain-HTTP /pki/*
 * listener (its URL goes into certificates), sets up a new installation if
 * asked, loads TLS material — from the infrastructure CA once there is one —
 * and starts the HTTPS API.
 */
export async function startServer(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningServer> {
  restrictProcessUmask();
  const widened = restrictDataDir(config.dataDir);
  if (widened.length > 0) {
    logger.warn(
      { dataDir: config.dataDir, count: widened.length, paths: widened.slice(0, 10) },
      'data dir was readable or writable by group or others; made owner-only',
    );
  }
  const db = await openDatabase(config);
  let pkiApp: Awaited<ReturnType<typeof buildPkiHttpApp>> | undefined;
  // Holds a database connection (LISTEN) that must be let go before the database closes.
  let ocspResponder: OcspResponder | undefined;
  // A PKCS#11 token stays logged in until its store is closed.
  let keyStores: AuthorityContext['keyStore'] | undefined;
  try {
    const migrations = readMigrations();
    const report = await migrate(db, migrations);
    if (report.applied.length > 0) {
      logger.info(
        { applied: report.applied.map((m) => `${m.version}_${m.name}`) },
        'database migrations applied',
      );
    }
    // A node with another master key than the database's stops here, not at the first key it opens.
    await checkMasterKeyFingerprint(
      db,
      loadMasterKey({ dataDir: config.dataDir, masterKey: config.keyStore.masterKey }),
    );
    let pkiBase = config.pkiUrl ?? `http://${displayHost(config.host)}:${config.httpPort}`;
    const ca = authorityContext(config, db, logger, () => pkiBase);
    keyStores = ca.keyStore;
    const ocsp = new OcspResponder(ca);
    ocspResponder = ocsp;
    await ocsp.start();
    const tsa = new TimeStampAuthority(ca);
    // One for both listeners: the limit is on this node's signatures, whichever port asks.
    const signingLimiter = new PublicSigningLimiter(config.publicSigning);
    pkiApp = await buildPkiHttpApp(logger, { ca, ocsp, tsa, signingLimiter });
    await pkiApp.listen({ host: config.host, port: config.httpPort });
    const httpPort = listeningPort(pkiApp.server, config.httpPort);
    const pkiListenerUrl = `http://${displayHost(config.host)}:${httpPort}`;
    if (config.pkiUrl === undefined) pkiBase = pkiListenerUrl;

    let firstAdministrator: FirstAdministrator | undefined;
    if (options.initIfEmpty && !(await isInitialised(ca))) {
      await initialiseInstallation(ca, { algorithm: options.initIfEmpty.algorithm, actor: 'system' });
      firstAdministrator = await createFirstAdministrator(ca, config.dataDir);
      logger.info({ file: firstAdministrator.file }, 'installation initialised');
    }
    const initialised = await isInitialised(ca);
    if (initialised) {
      // An installation older than a service (TSA, audit key, OCSP responder), or whose one expired, gets it.
      const toppedUp = await topUpServiceCertificates(ca);
      if (toppedUp.length > 0)
        logger.info({ certificates: toppedUp }, 'service certificates issued at start');
    }
    // The CA of operators' and administrators' TLS client certificates, which the HTTPS server trusts.
    const clientCa = initialised
      ? await findAuthority(db, authorityIdOf(profilesOf(ca).get(PROFILE_IDS.tlsClient)))
      : undefined;
    const tls = await loadTlsMaterial(
      config,
      clientCa
        ? {
            issue: (names) => issueTlsServerCertificate(ca, names, 'system'),
            clientCa: pem('CERTIFICATE', clientCa.certificate),
          }
        : {},
    );
    // Every node works through bulk jobs (claims with leases, no leader).
    const bulkJobs = new BulkJobRunner(db, {
      handlers: [hrImportHandler, certificateCampaignHandler(ca)],
      logger,
      ...config.bulkJobs,
      services: {
        temporaryPasswords: { sealer: ca.keyStore, validDays: config.auth.temporaryPasswordDays },
      },
    });
    let draining = false;
    const app = await buildApp({
      draining: () => draining,
      config,
      db,
      migrations,
      logger,
      tls,
      pki: { ca, ocsp, tsa, signingLimiter },
      onBulkJobQueued: () => {
        bulkJobs.nudge();
      },
    });
    await options.extend?.(app);
    await app.listen({ host: config.host, port: config.port });
    const port = listeningPort(app.server, config.port);
    const httpApp = pkiApp;
    const crlScheduler = new CrlScheduler(ca, {
      logger,
      nodeId: config.nodeId,
      intervalMinutes: config.crlCheckIntervalSeconds / 60,
    });
    crlScheduler.start();
    const housekeeping = new Housekeeping(db, {
      logger,
      nodeId: config.nodeId,
      retentionSeconds: config.documents.retentionSeconds,
      bulkItemRetentionDays: config.hr.bulkItemRetentionDays,
    });
    housekeeping.start();
    const outboxJob = new OutboxJob(ca, { logger, nodeId: config.nodeId });
    outboxJob.start();
    const webhookJob = new WebhookJob(
      { db, sealer: ca.keyStore, policy: webhookUrlPolicy(config.webhooks.allowedHosts), now: ca.now },
      {
        logger,
        nodeId: config.nodeId,
        ...(options.webhookIntervalSeconds !== undefined
          ? { intervalSeconds: options.webhookIntervalSeconds }
          : {}),
      },
    );
    webhookJob.start();
    const hrPullJob = new HrPullJob(
      { db, sealer: ca.keyStore, allowHttp: config.hr.pullAllowHttp },
      {
        logger,
        nodeId: config.nodeId,
        onImported: () => {
          bulkJobs.nudge();
        },
      },
    );
    hrPullJob.start();
    bulkJobs.start();
    return {
      app,
      db,
      url: `https://${displayHost(config.host)}:${port}`,
      pkiUrl: pkiListenerUrl,
      tlsCertificateFile: tls.source,
      database: describeDatabase(config),
      firstAdministrator,
      drain() {
        draining = true;
      },
      async close() {
        try {
          await Promise.all([
            app.close(),
            httpApp.close(),
            crlScheduler.stop(),
            housekeeping.stop(),
            outboxJob.stop(),
            webhookJob.stop(),
            bulkJobs.stop(),
            hrPullJob.stop(),
          ]);
          await ocsp.close();
        } finally {
          await ca.keyStore.close();
          await db.close();
        }
      },
    };
  } catch (error) {
    await pkiApp?.close();
    await ocspResponder?.close();
    await keyStores?.close().catch(() => undefined);
    await db.close();
    throw error;
  }
}

/**
 * Closes the server on SIGTERM or SIGINT. With a drain period `/ready`
 * answers 503 for that long first while requests are still served, so a
 * load balancer stops sending new ones before the listener closes. Then
 * in-flight requests finish; if they take longer than the configured grace
 * period the process exits with code 1 so an orchestrator knows the
 * shutdown was not clean.
 */
export function closeOnSignals(
  server: RunningServer,
  { timeoutMs, drainMs }: { timeoutMs: number; drainMs: number },
  logger: Logger,
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    if (drainMs > 0) {
      server.drain();
      logger.info({ signal, drainMs }, 'draining: /ready answers 503, requests are still served');
      setTimeout(() => {
        close(signal);
      }, drainMs);
    } else {
      close(signal);
    }
  };
  const close = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown grace period exceeded; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    server.close().then(
      () => {
        logger.info('shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
