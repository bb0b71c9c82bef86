import { randomBytes } from 'node:crypto';
import type { AuthorityContext } from '../packages/server/src/ca/authorities.js';
import { pkiUrls } from '../packages/server/src/ca/pki-urls.js';
import { setUpAuthorities, type CaAlgorithm } from '../packages/server/src/ca/setup.js';
import type { Db } from '../packages/server/src/db/db.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { SoftwareKeyStore } from '../packages/server/src/keystore/index.js';

/**
 * What the bench scripts share: the tests' certificate holder (Ivanov) and
 * account, PEM output, the PIN of the keys issued, and an installation.
 */
export { IVANOV as BENCH_SUBJECT } from '../packages/pki/test/support/subjects.js';
export { pem } from '../packages/pki/test/support/pem.js';
export { TEST_ACCOUNT as BENCH_ACCOUNT } from '../packages/server/test/support/authority.js';

export const BENCH_PIN = '12345678';

/** A bench installation on `db`: migrated, a software key store, CAs of `algorithm` set up by `bench`. */
export async function benchAuthorities(db: Db, algorithm: CaAlgorithm): Promise<AuthorityContext> {
  await migrate(db);
  const ctx: AuthorityContext = {
    db,
    keyStore: new SoftwareKeyStore({ db, masterKey: randomBytes(32) }),
    urls: pkiUrls('http://localhost:8080'),
    now: () => new Date(),
  };
  await setUpAuthorities(ctx, algorithm, 'bench');
  return ctx;
}
