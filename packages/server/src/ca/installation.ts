import type { AuthorityContext } from './authorities.js';
import { listAuthorities } from './authorities.js';
import { publishCrl } from './certificates.js';
import { setUpAuthorities, type Authorities, type CaAlgorithm } from './setup.js';

export interface InstallationReport {
  created: boolean;
  authorities: Authorities;
}

/** Whether this installation has been initialised (its CAs exist). */
export async function isInitialised(ctx: AuthorityContext): Promise<boolean> {
  return (await listAuthorities(ctx.db)).length > 0;
}

/**
 * `podpis init`: the CAs with their OCSP responders and a first CRL each.
 * Safe to repeat: what exists is kept.
 */
export async function initialiseInstallation(
  ctx: AuthorityContext,
  options: { algorithm: CaAlgorithm; actor: string },
): Promise<InstallationReport> {
  const created = !(await isInitialised(ctx));
  const authorities = await setUpAuthorities(ctx, options.algorithm, options.actor);
  if (created) {
    for (const authority of [authorities.root, authorities.issuing, authorities.infrastructureRoot]) {
      await publishCrl(ctx, authority.id, { actor: options.actor });
    }
  }
  return { created, authorities };
}
