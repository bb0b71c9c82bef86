import { randomBytes } from 'node:crypto';
import type { AuthorityContext } from '../../src/ca/authorities.js';
import { issueUserCertificate, type CertificateSummary } from '../../src/ca/certificates.js';
import { pkiUrls } from '../../src/ca/pki-urls.js';
import { setUpAuthorities, type Authorities, type CaAlgorithm } from '../../src/ca/setup.js';
import type { Db } from '../../src/db/db.js';
import { migrate } from '../../src/db/migrate.js';
import { SoftwareKeyStore } from '../../src/keystore/index.js';
import { IVANOV } from '../../../pki/test/support/subjects.js';

/** The account the CA tests issue to without registering anybody. */
export const TEST_ACCOUNT = '6f1c1b3e-4a5d-4c2e-9b7a-0d1e2f3a4b5c';

/**
 * The certification authorities on `db`, as `podpis init` makes them:
 * migrated, a software key store with a random master key, the CAs of
 * `algorithm` set up by `system`; `now` is their clock (the real one by default).
 */
export async function setUpTestAuthorities(
  db: Db,
  options: { algorithm?: CaAlgorithm; now?: () => Date; masterKey?: Uint8Array } = {},
): Promise<{ ctx: AuthorityContext; cas: Authorities }> {
  await migrate(db);
  const ctx: AuthorityContext = {
    db,
    keyStore: new SoftwareKeyStore({ db, masterKey: options.masterKey ?? randomBytes(32) }),
    urls: pkiUrls('http://localhost:8080'),
    now: options.now ?? (() => new Date()),
  };
  return { ctx, cas: await setUpAuthorities(ctx, options.algorithm ?? 'gost256', 'system') };
}

/** The operator issues Ivanov's qualified certificate on a GOST key with a PIN. */
export function issueIvanov(
  ctx: AuthorityContext,
  cas: Authorities,
  validityDays = 30,
): Promise<CertificateSummary> {
  return issueUserCertificate(ctx, {
    accountId: TEST_ACCOUNT,
    subject: IVANOV,
    keySpec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' },
    pin: '12345678',
    validityDays,
    actor: 'operator:1',
  });
}
