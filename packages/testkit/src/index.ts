export { ensureSystemTools, postgresBin } from './system-tools.js';
export { openssl, gostOpensslConfig, tempDir, type OpensslResult } from './openssl.js';
