import { checkpointDue, signAuditCheckpoint, type Checkpoint } from '../audit/checkpoint.js';
import { serviceSigner } from '../keystore/index.js';
import type { Signer } from '@podpis/pki';
import type { AuthorityContext } from './authorities.js';

/**
 * Signs a checkpoint of the audit log with the installation's audit key
 * when records were added since the last one. Returns undefined when there
 * is nothing new or no valid audit certificate (an installation set up
 * before audit keys existed gets one from `podpis init`).
 */
export async function signDueAuditCheckpoint(ctx: AuthorityContext): Promise<Checkpoint | undefined> {
  const now = ctx.now();
  const audit = await auditSigningKey(ctx, now);
  if (!audit) return undefined;
  if (!(await checkpointDue(ctx.db))) return undefined;
  return signAuditCheckpoint(ctx.db, audit.signer, audit.certificate, now);
}

/**
 * The installation's audit key under its standing activation, with its
 * valid certificate: what signs audit checkpoints and evidence packages.
 * Undefined when there is no valid audit certificate.
 */
export async function auditSigningKey(
  ctx: AuthorityContext,
  now: Date,
): Promise<{ signer: Signer; certificate: Uint8Array; caId: string } | undefined> {
  const { rows } = await ctx.db.query<{ key_id: string; der: Uint8Array; ca_id: string }>(
    `SELECT key_id, der, ca_id FROM certificates
     WHERE purpose = 'audit' AND status = 'valid' AND not_before <= $1 AND not_after > $1 AND key_id IS NOT NULL
     ORDER BY not_after DESC LIMIT 1`,
    [now],
  );
  const audit = rows[0];
  if (!audit) return undefined;
  return {
    signer: await serviceSigner(ctx.keyStore, { id: audit.key_id }),
    certificate: new Uint8Array(audit.der),
    caId: audit.ca_id,
  };
}
