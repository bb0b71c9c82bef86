/**
 * What bench/ca.ts and its load targets share: the tests' certificate
 * holder (Ivanov) and account, PEM output, and the PIN of the keys issued.
 */
export { IVANOV as BENCH_SUBJECT } from '../packages/pki/test/support/subjects.js';
export { pem } from '../packages/pki/test/support/pem.js';
export { TEST_ACCOUNT as BENCH_ACCOUNT } from '../packages/server/test/support/authority.js';

export const BENCH_PIN = '12345678';
