import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Db } from '../db/db.js';
import { KeyStores, loadMasterKey, Pkcs11KeyStore, SoftwareKeyStore } from '../keystore/index.js';
import type { AuthorityContext } from './authorities.js';
import { pkiUrls } from './pki-urls.js';

/**
 * The key stores and CA services over a database (also used by `podpis
 * init` and the CLI): the software store, and the PKCS#11 token when
 * PODPIS_PKCS11_MODULE names one — opened here, so a missing module, token
 * or wrong token PIN stops the start with KEY_STORE_FAILED.
 */
export function authorityContext(
  config: Config,
  db: Db,
  logger: Logger,
  pkiBase: () => string,
): AuthorityContext {
  const { maxPinAttempts, pkcs11 } = config.keyStore;
  const software = new SoftwareKeyStore({
    db,
    masterKey: loadMasterKey({ dataDir: config.dataDir, masterKey: config.keyStore.masterKey }),
    maxPinAttempts,
    logger,
  });
  const token = pkcs11
    ? Pkcs11KeyStore.open({
        db,
        module: pkcs11.module,
        tokenLabel: pkcs11.tokenLabel,
        tokenPin: pkcs11.pin,
        maxPinAttempts,
        logger,
      })
    : undefined;
  const keyStore = new KeyStores(db, software, token ? [token] : []);
  return { db, keyStore, urls: pkiUrls(pkiBase), now: () => new Date() };
}
