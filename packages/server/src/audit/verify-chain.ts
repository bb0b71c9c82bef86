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

type LogRow = {
  seq: string | number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, JsonValue>;
  request_id: string | null;
  prev_hash: Uint8Array;
  hash: Uint8Array;
  lane: number;
  lane_seq: string | number;
};

type LaneHeadRow = { lane: number; lane_seq: string | number; seq: string | number; hash: Uint8Array };

const PAGE = 5000;
const GENESIS = new Uint8Array(32);

/** Where the walk through one lane has got to. */
interface LaneTail {
  laneSeq: number;
  seq: number;
  hash: Uint8Array;
}

/**
 * Walks every lane's chain from its first record and reports the first
 * altered, inserted or deleted record: a record whose content no longer
 * matches its hash was altered; a gap in a lane's positions means records
 * were deleted; a link to a hash that is not its lane predecessor's,
 * without a gap, means one was inserted. Each lane's head row and the
 * signed checkpoints catch a removed tail. A record is in its lane's chain
 * from the moment its transaction commits, so there is no window in which
 * a record exists unprotected. Reads page by page, so a long log does not
 * fill memory.
 */
export async function verifyAuditChain(
  db: Queryable,
  signers: CheckpointSignerTrust,
): Promise<AuditVerification> {
  const heads = await db.query<LaneHeadRow>(
    'SELECT lane, lane_seq, seq, hash FROM audit_lanes ORDER BY lane',
  );
  const tails = new Map<number, LaneTail>();
  let checked = 0;
  let after = { lane: -1, laneSeq: 0 };
  for (;;) {
    const { rows } = await db.query<LogRow>(
      `SELECT seq, at, actor, action, target, details, request_id, prev_hash, hash, lane, lane_seq
       FROM audit_log WHERE (lane, lane_seq) > ($1, $2) ORDER BY lane, lane_seq LIMIT ${PAGE}`,
      [after.lane, after.laneSeq],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      const lane = row.lane;
      const laneSeq = Number(row.lane_seq);
      const prevHash = new Uint8Array(row.prev_hash);
      const tail = tails.get(lane) ?? { laneSeq: 0, seq: 0, hash: GENESIS };
      const fail = (problem: AuditProblem, message: string): AuditVerification => ({
        ok: false,
        checked,
        firstBadSeq: seq,
        problem,
        message,
      });
      if (laneSeq !== tail.laneSeq + 1) {
        return fail(
          'DELETED',
          `records ${tail.laneSeq + 1}..${laneSeq - 1} of lane ${lane} are missing before record ${seq}`,
        );
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
      if (!equalBytes(prevHash, tail.hash)) {
        return fail(
          'INSERTED',
          `record ${seq} does not follow record ${tail.seq} in lane ${lane}: a record was inserted or replaced`,
        );
      }
      tails.set(lane, { laneSeq, seq, hash: new Uint8Array(row.hash) });
      after = { lane, laneSeq };
      checked++;
    }
    if (rows.length < PAGE) break;
  }
  const headProblem = compareHeads(heads.rows, tails, checked);
  if (headProblem) return headProblem;
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

/** Each lane's chain must end where its head row says: otherwise its tail was removed (or the head forged). */
function compareHeads(
  heads: LaneHeadRow[],
  tails: Map<number, LaneTail>,
  checked: number,
): AuditVerification | undefined {
  const headLanes = new Set(heads.map((head) => head.lane));
  for (const [lane, tail] of tails) {
    if (!headLanes.has(lane)) {
      return {
        ok: false,
        checked,
        firstBadSeq: tail.seq,
        problem: 'HEAD_MISMATCH',
        message: `lane ${lane} has records but no head`,
      };
    }
  }
  for (const head of heads) {
    const lane = head.lane;
    const tail = tails.get(lane) ?? { laneSeq: 0, seq: 0, hash: GENESIS };
    const headLaneSeq = Number(head.lane_seq);
    if (headLaneSeq === tail.laneSeq && equalBytes(new Uint8Array(head.hash), tail.hash)) continue;
    const truncated = headLaneSeq > tail.laneSeq;
    return {
      ok: false,
      checked,
      firstBadSeq: truncated ? Number(head.seq) : tail.seq,
      problem: truncated ? 'TRUNCATED' : 'HEAD_MISMATCH',
      message: `lane ${lane} ends at its record ${tail.laneSeq} (record ${tail.seq}) but its head says ${headLaneSeq} (record ${String(head.seq)})`,
    };
  }
  return undefined;
}
