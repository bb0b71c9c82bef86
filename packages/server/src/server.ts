import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { Db } from './db/db.js';
import { migrate, readMigrations } from './db/migrate.js';
import { describeDatabase, openDatabase } from './db/open.js';
import { buildApp, type PodpisApp } from './http/app.js';
import { loadTlsMaterial } from './http/tls.js';

export interface RunningServer {
  app: PodpisApp;
  db: Db;
  /** The URL the server answers on, with the real port when PODPIS_PORT=0. */
  url: string;
  tlsCertificateFile: string;
  database: string;
  /** Stops accepting connections, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Registers more routes before listening (embedding and tests). */
  extend?: (app: PodpisApp) => Promise<void>;
}

/** Opens the database, applies migrations, loads TLS material and starts listening. */
export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const db = await openDatabase(config);
  try {
    const migrations = readMigrations();
    const report = await migrate(db, migrations);
    if (report.applied.length > 0) {
      logger.info({ applied: report.applied.map((m) => `${m.version}_${m.name}`) }, 'database migrations applied');
    }
    const tls = await loadTlsMaterial(config);
    const app = await buildApp({ config, db, migrations, logger, tls });
    await options.extend?.(app);
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = address !== null && typeof address === 'object' ? address.port : config.port;
    return {
      app,
      db,
      url: `https://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`,
      tlsCertificateFile: tls.source,
      database: describeDatabase(config),
      async close() {
        try {
          await app.close();
        } finally {
          await db.close();
        }
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * Closes the server on SIGTERM or SIGINT. In-flight requests finish first;
 * if they take longer than the configured grace period the process exits
 * with code 1 so an orchestrator knows the shutdown was not clean.
 */
export function closeOnSignals(server: RunningServer, timeoutMs: number, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
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
