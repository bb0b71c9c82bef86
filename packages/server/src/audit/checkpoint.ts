import { concatBytes, equalBytes, streebog256 } from '@podpis/gost';
import { canonicalJson } from './canonical-json.js';
import { parseCertificate, verifySignature, type Signer } from '@podpis/pki';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { Db, Queryable } from '../db/db.js';

const encoder = new TextEncoder();

/**
 * The bytes a checkpoint signs: a fixed context string, the sequence number
 * and a hash. Version 1 (the single chain before migration 0028_audit_lanes) signs the
 * chain hash at record `seq`; version 2 signs the hash of every lane's head,
 * `seq` being the number of records they cover.
 */
function checkpointMessage(version: 1 | 2, seq: number, hash: Uint8Array): Uint8Array {
  const context = version === 1 ? 'podpis-audit-checkpoint' : 'podpis-audit-checkpoint:v2';
  return concatBytes(encoder.encode(`${context}:${seq}:`), hash);
}

/** One lane's head as a version-2 checkpoint records it (hash in hex). */
export type CheckpointLane = { lane: number; lane_seq: number; seq: number; hash: string };

/** The hash a version-2 checkpoint signs: Streebog-256 of its lanes' canonical JSON. */
function lanesHash(lanes: CheckpointLane[]): Uint8Array {
  return streebog256(encoder.encode(canonicalJson(lanes)));
}

export interface Checkpoint {
  seq: number;
  hash: Uint8Array;
}

type LaneHeadRow = { lane: number; lane_seq: string | number; seq: string | number; hash: Uint8Array };

/**
 * Signs the heads of every lane with the audit key, so that removing the
 * newest records or rewriting a whole lane (recomputing every hash) no
 * longer goes unnoticed. Reads the heads without locking them — one
 * statement sees one committed state — so writers never wait for it.
 * Returns undefined when the log is empty.
 */
export async function signAuditCheckpoint(
  db: Db,
  signer: Signer,
  signerCertificate: Uint8Array,
  now: Date = new Date(),
): Promise<Checkpoint | undefined> {
  const { rows } = await db.query<LaneHeadRow>(
    'SELECT lane, lane_seq, seq, hash FROM audit_lanes WHERE lane_seq > 0 ORDER BY lane',
  );
  const lanes: CheckpointLane[] = rows.map((row) => ({
    lane: row.lane,
    lane_seq: Number(row.lane_seq),
    seq: Number(row.seq),
    hash: Buffer.from(row.hash).toString('hex'),
  }));
  const seq = lanes.reduce((sum, lane) => sum + lane.lane_seq, 0);
  if (seq === 0) return undefined;
  const hash = lanesHash(lanes);
  const signature = await signer.sign(checkpointMessage(2, seq, hash));
  await db.query(
    `INSERT INTO audit_checkpoints (seq, hash, lanes, signed_at, signature, signature_algorithm, signer_certificate)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (seq) DO NOTHING`,
    [
      seq,
      hash,
      JSON.stringify(lanes),
      now,
      signature,
      Buffer.from(AsnConvert.serialize(signer.signatureAlgorithm)).toString('base64'),
      signerCertificate,
    ],
  );
  return { seq, hash };
}

/** The signer for a message: its subject, or that it cannot be read (a forged row may hold anything). */
function describeSigner(der: Uint8Array): string {
  try {
    return `"${parseCertificate(der).subjectText}"`;
  } catch {
    return 'an undecodable certificate';
  }
}

type CheckpointRow = {
  seq: string | number;
  hash: Uint8Array;
  lanes: CheckpointLane[] | null;
  signature: Uint8Array;
  signature_algorithm: string;
  signer_certificate: Uint8Array;
  signed_at: Date;
};

/** Whether records were added since the last checkpoint (or there is none yet over a non-empty log). */
export async function checkpointDue(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ head: string | number | null; last: string | number | null }>(
    'SELECT (SELECT sum(lane_seq) FROM audit_lanes) AS head, (SELECT max(seq) FROM audit_checkpoints) AS last',
  );
  const head = Number(rows[0]?.head ?? 0);
  return head !== 0 && head !== Number(rows[0]?.last ?? 0);
}

export interface CheckpointProblem {
  seq: number;
  problem:
    'CHECKPOINT_SIGNER_UNTRUSTED' | 'CHECKPOINT_SIGNATURE_INVALID' | 'CHECKPOINT_MISMATCH' | 'TRUNCATED';
  message: string;
}

/**
 * Who may sign checkpoints: the CA service knows which certificate is the
 * installation's audit certificate (see ca/audit-signer.ts), the log does not.
 */
export interface CheckpointSignerTrust {
  /** Why `signerDer` may not have signed a checkpoint at `signedAt`; undefined when it may. */
  problem(signerDer: Uint8Array, signedAt: Date): Promise<string | undefined>;
}

/**
 * Checks every checkpoint: that the certificate stored with it is the
 * installation's audit certificate (issued by our CA for that purpose and
 * valid when the checkpoint was signed, see AuditSignerPolicy) — otherwise
 * whoever can write to the database could sign a rewritten chain with a key
 * of their own —, its signature under that certificate, and that the record
 * it names still has the hash it signed.
 */
export async function verifyAuditCheckpoints(
  db: Queryable,
  signers: CheckpointSignerTrust,
): Promise<CheckpointProblem | undefined> {
  const { rows } = await db.query<CheckpointRow>(
    `SELECT seq, hash, lanes, signature, signature_algorithm, signer_certificate, signed_at
     FROM audit_checkpoints ORDER BY seq`,
  );
  for (const row of rows) {
    const seq = Number(row.seq);
    const hash = new Uint8Array(row.hash);
    const signerDer = new Uint8Array(row.signer_certificate);
    const untrusted = await signers.problem(signerDer, row.signed_at);
    if (untrusted) {
      return {
        seq,
        problem: 'CHECKPOINT_SIGNER_UNTRUSTED',
        message: `checkpoint ${seq} is signed by ${describeSigner(signerDer)}, not the installation's audit certificate: ${untrusted}`,
      };
    }
    const invalid: CheckpointProblem = {
      seq,
      problem: 'CHECKPOINT_SIGNATURE_INVALID',
      message: `the signature of checkpoint ${seq} does not verify`,
    };
    if (row.lanes && !equalBytes(lanesHash(row.lanes), hash)) return invalid;
    const certificate = parseCertificate(signerDer);
    const algorithm = AsnConvert.parse(Buffer.from(row.signature_algorithm, 'base64'), AlgorithmIdentifier);
    const valid = await verifySignature(
      certificate.asn1.tbsCertificate.subjectPublicKeyInfo,
      algorithm,
      checkpointMessage(row.lanes ? 2 : 1, seq, hash),
      new Uint8Array(row.signature),
    );
    if (!valid) return invalid;
    const signed: CheckpointLane[] = row.lanes ?? [
      { lane: 0, lane_seq: seq, seq, hash: Buffer.from(hash).toString('hex') },
    ];
    const problem = await compareWithLog(db, seq, signed);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Whether the records a checkpoint signed are still there with the hashes it
 * signed. (A version-1 checkpoint signed the chain at record `seq`, which
 * migration 0028_audit_lanes made lane 0's record `seq`.)
 */
async function compareWithLog(
  db: Queryable,
  checkpointSeq: number,
  lanes: CheckpointLane[],
): Promise<CheckpointProblem | undefined> {
  const { rows } = await db.query<{ seq: string | number; hash: Uint8Array | null }>(
    `SELECT s.seq, l.hash
     FROM jsonb_to_recordset($1::jsonb) AS s(lane smallint, lane_seq bigint, seq bigint, hash text)
     LEFT JOIN audit_log l ON l.lane = s.lane AND l.lane_seq = s.lane_seq
     WHERE l.hash IS NULL OR l.hash <> decode(s.hash, 'hex')
     ORDER BY s.seq LIMIT 1`,
    [JSON.stringify(lanes)],
  );
  const bad = rows[0];
  if (!bad) return undefined;
  const seq = Number(bad.seq);
  return bad.hash === null
    ? {
        seq,
        problem: 'TRUNCATED',
        message: `checkpoint ${checkpointSeq} covers record ${seq}, which is no longer in the log`,
      }
    : {
        seq,
        problem: 'CHECKPOINT_MISMATCH',
        message: `record ${seq} no longer has the hash checkpoint ${checkpointSeq} signed: the chain was rewritten`,
      };
}
