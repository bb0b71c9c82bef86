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
export {
  startSlapd,
  slapdTestTls,
  employeesLdif,
  seededEmployee,
  SLAPD_SUFFIX,
  SLAPD_PEOPLE_DN,
  SLAPD_SIZE_LIMIT,
  type SlapdServer,
  type SlapdOptions,
  type SlapdTls,
  type SeededEmployee,
} from './slapd.js';
