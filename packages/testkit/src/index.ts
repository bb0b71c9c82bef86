export { ensureSystemTools, postgresBin } from './system-tools.js';
export {
  openssl,
  opensslCheckOcsp,
  opensslVerifyDigest,
  gostOpensslConfig,
  opensslGostKey,
  opensslGostSelfSigned,
  tempDir,
  type OpensslResult,
} from './openssl.js';
export { freePort } from './net.js';
export { startPostgres, createDatabase, type PostgresServer } from './postgres.js';
export { waitFor, type WaitOptions } from './wait.js';
