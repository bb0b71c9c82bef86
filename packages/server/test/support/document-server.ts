/**
 * A child process for the large-document test: the HTTP application over
 * the PostgreSQL database (DATABASE_URL) a test set up, with its software
 * key store's master key (PODPIS_TEST_MASTER_KEY, base64) and the document
 * limit (PODPIS_TEST_DOCUMENT_LIMIT), so its memory is measured apart from
 * the test's. Prints `listening <port>` and serves until SIGTERM.
 */
import { OcspResponder } from '../../src/ca/ocsp-responder.js';
import { pkiUrls } from '../../src/ca/pki-urls.js';
import type { AuthorityContext } from '../../src/ca/authorities.js';
import { readMigrations } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/postgres.js';
import { buildApp } from '../../src/http/app.js';
import { SoftwareKeyStore } from '../../src/keystore/index.js';
import { createLogger } from '../../src/logger.js';

const db = await openPostgres(process.env.DATABASE_URL ?? '');
const ctx: AuthorityContext = {
  db,
  keyStore: new SoftwareKeyStore({
    db,
    masterKey: new Uint8Array(Buffer.from(process.env.PODPIS_TEST_MASTER_KEY ?? '', 'base64')),
  }),
  urls: pkiUrls('http://localhost:8080'),
  now: () => new Date(),
};
const app = await buildApp({
  config: {
    bodyLimit: 65536,
    publicUrl: 'https://podpis.test',
    documents: { limit: Number(process.env.PODPIS_TEST_DOCUMENT_LIMIT), retentionSeconds: 3600 },
  },
  db,
  migrations: readMigrations(),
  logger: createLogger('silent'),
  pki: { ca: ctx, ocsp: new OcspResponder(ctx) },
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => ctx.keyStore.close())
    .then(() => db.close())
    .then(() => process.exit(0));
});
