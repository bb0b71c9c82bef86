import { checkpointDue, signAuditCheckpoint, type Checkpoint } from '../audit/checkpoint.js';
import { serviceSigner } from '../keystore/index.js';
import type { AuthorityContext } from './authorities.js';

/**
 * Signs a checkpoint of the audit log with the installation's audit key
 * when records were added since the last one. Returns undefined when there
 * is nothing new or no valid audit certificate (an installation set up
 * before audit keys existed gets one from `podpis init`).
 */
export async function signDueAuditCheckpoint(ctx: AuthorityContext): Promise<Checkpoint | undefined> {
  const now = ctx.now();
  const signerRow = await ctx.db.query<{ key_id: string; der: Uint8Array }>(
    `SELECT key_id, der FROM certificates
     WHERE purpose = 'audit' AND status = 'valid' AND not_after > $1 AND key_id IS NOT NULL
     ORDER BY not_after DESC LIMIT 1`,
    [now],
  );
  const audit = signerRow.rows[0];
  if (!audit) return undefined;
  if (!(await checkpointDue(ctx.db))) return undefined;
  const signer = await serviceSigner(ctx.keyStore, { id: audit.key_id });
  return signAuditCheckpoint(ctx.db, signer, new Uint8Array(audit.der), now);
}
