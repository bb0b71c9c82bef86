import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerOperator } from '../people/accounts.js';
import type { AuthorityContext } from './authorities.js';
import { issueClientCertificate } from './tls-certificates.js';

export interface FirstAdministrator {
  login: string;
  /** The PKCS#12 file with the administrator's client certificate and key. */
  file: string;
  /** Its password, printed once and stored nowhere. */
  password: string;
}

/**
 * The CA administrator of a new installation (M2.1): an account with a TLS
 * client certificate from the infrastructure CA, written as a PKCS#12 file
 * (mode 0600) for the administrator to import into a browser.
 */
export async function createFirstAdministrator(
  ctx: AuthorityContext,
  dataDir: string,
): Promise<FirstAdministrator> {
  const account = await registerOperator(
    ctx.db,
    { login: 'admin', role: 'admin', displayName: 'Администратор УЦ' },
    { actor: 'system' },
  );
  const bundle = await issueClientCertificate(
    ctx,
    { id: account.id, login: account.login, displayName: 'Администратор УЦ' },
    'system',
  );
  const file = join(dataDir, 'admin.p12');
  writeFileSync(file, bundle.pkcs12, { mode: 0o600 });
  return { login: account.login, file, password: bundle.password };
}
