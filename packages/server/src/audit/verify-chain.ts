import { equalBytes } from '@podpis/gost';
import type { Queryable } from '../db/db.js';
import type { JsonValue } from './canonical-json.js';
import { recordHash } from './audit-log.js';
import { verifyAuditCheckpoints, type CheckpointSignerTrust } from './checkpoint.js';

export type AuditProblem =
  | 'ALTERED'
  | 'INSERTED'
  | 'DELETED'
  | 'TRUNCATED'
  | 'HEAD_MISMATCH'
  | 'CHECKPOINT_SIGNER_UNTRUSTED'
  | 'CHECKPOINT_SIGNATURE_INVALID'
  | 'CHECKPOINT_MISMATCH';

export interface AuditVerification {
  ok: boolean;
  /** Records checked. */
  checked: number;
  /** The first record (by sequence number) where the chain is broken. */
  firstBadSeq?: number;
  problem?: AuditProblem;
  message: string;
}

interface LogRow extends Record<string, unknown> {
  seq: string | number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, JsonValue>;
  request_id: string | null;
  prev_hash: Uint8Array;
  hash: Uint8Array;
}

const PAGE = 5000;

/**
 * Walks the chain from the first record and reports the first altered,
 * inserted or deleted record: a record whose content no longer matches its
 * hash was altered; a gap in sequence numbers means records were deleted; a
 * link to a hash that is not its predecessor's, without a gap, means one was
 * inserted. The head row and the latest checkpoint (if any) catch a removed
 * tail. Reads page by page, so a long log does not fill memory.
 */
export async function verifyAuditChain(
  db: Queryable,
  signers: CheckpointSignerTrust,
): Promise<AuditVerification> {
  let previousHash = new Uint8Array(32);
  let expectedSeq = 1;
  let checked = 0;
  let lastSeq = 0;
  for (;;) {
    const { rows } = await db.query<LogRow>(
      `SELECT seq, at, actor, action, target, details, request_id, prev_hash, hash
       FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT ${PAGE}`,
      [expectedSeq],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      const prevHash = new Uint8Array(row.prev_hash);
      const fail = (problem: AuditProblem, message: string): AuditVerification => ({
        ok: false,
        checked,
        firstBadSeq: seq,
        problem,
        message,
      });
      if (seq !== expectedSeq) {
        return fail('DELETED', `records ${expectedSeq}..${seq - 1} are missing before record ${seq}`);
      }
      const computed = recordHash(prevHash, {
        seq,
        at: row.at,
        actor: row.actor,
        action: row.action,
        target: row.target,
        details: row.details,
        requestId: row.request_id,
      });
      if (!equalBytes(computed, new Uint8Array(row.hash))) {
        return fail('ALTERED', `record ${seq} was changed after it was written`);
      }
      if (!equalBytes(prevHash, previousHash)) {
        return fail(
          'INSERTED',
          `record ${seq} does not follow record ${seq - 1}: a record was inserted or replaced`,
        );
      }
      previousHash = new Uint8Array(row.hash);
      lastSeq = seq;
      expectedSeq = seq + 1;
      checked++;
    }
    if (rows.length < PAGE) break;
  }
  const head = await db.query<{ seq: string | number; hash: Uint8Array }>(
    'SELECT seq, hash FROM audit_head WHERE id',
  );
  const headRow = head.rows[0];
  if (
    !headRow ||
    Number(headRow.seq) !== lastSeq ||
    !equalBytes(new Uint8Array(headRow.hash), previousHash)
  ) {
    return {
      ok: false,
      checked,
      firstBadSeq: lastSeq + 1,
      problem: Number(headRow?.seq ?? 0) > lastSeq ? 'TRUNCATED' : 'HEAD_MISMATCH',
      message: `the chain ends at record ${lastSeq} but its head says ${String(headRow?.seq ?? 'nothing')}`,
    };
  }
  const checkpoint = await db.query<{ seq: string | number }>(
    'SELECT max(seq) AS seq FROM audit_checkpoints',
  );
  const checkpointSeq = Number(checkpoint.rows[0]?.seq ?? 0);
  if (checkpointSeq > lastSeq) {
    return {
      ok: false,
      checked,
      firstBadSeq: lastSeq + 1,
      problem: 'TRUNCATED',
      message: `a signed checkpoint covers record ${checkpointSeq} but the chain ends at ${lastSeq}`,
    };
  }
  const checkpointProblem = await verifyAuditCheckpoints(db, signers);
  if (checkpointProblem) {
    return {
      ok: false,
      checked,
      firstBadSeq: checkpointProblem.seq,
      problem: checkpointProblem.problem,
      message: checkpointProblem.message,
    };
  }
  return { ok: true, checked, message: `${checked} audit records and their checkpoints verified` };
}
