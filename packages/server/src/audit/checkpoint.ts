import { concatBytes } from '@podpis/gost';
import { parseCertificate, verifySignature, type Signer } from '@podpis/pki';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { Db, Queryable } from '../db/db.js';

const encoder = new TextEncoder();

/** The bytes a checkpoint signs: a fixed context string, the sequence number and the chain hash. */
function checkpointMessage(seq: number, hash: Uint8Array): Uint8Array {
  return concatBytes(encoder.encode(`podpis-audit-checkpoint:${seq}:`), hash);
}

export interface Checkpoint {
  seq: number;
  hash: Uint8Array;
}

/**
 * Signs the current head of the chain with the audit key, so that removing
 * the newest records or rewriting the whole chain (recomputing every hash)
 * no longer goes unnoticed. Returns undefined when the log is empty.
 */
export async function signAuditCheckpoint(
  db: Db,
  signer: Signer,
  signerCertificate: Uint8Array,
  now: Date = new Date(),
): Promise<Checkpoint | undefined> {
  return db.transaction(async (tx) => {
    const head = await tx.query<{ seq: string | number; hash: Uint8Array }>(
      'SELECT seq, hash FROM audit_head WHERE id FOR UPDATE',
    );
    const row = head.rows[0];
    const seq = Number(row?.seq ?? 0);
    if (!row || seq === 0) return undefined;
    const hash = new Uint8Array(row.hash);
    const signature = await signer.sign(checkpointMessage(seq, hash));
    await tx.query(
      `INSERT INTO audit_checkpoints (seq, hash, signed_at, signature, signature_algorithm, signer_certificate)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (seq) DO NOTHING`,
      [
        seq,
        hash,
        now,
        signature,
        Buffer.from(AsnConvert.serialize(signer.signatureAlgorithm)).toString('base64'),
        signerCertificate,
      ],
    );
    return { seq, hash };
  });
}

/** The signer for a message: its subject, or that it cannot be read (a forged row may hold anything). */
function describeSigner(der: Uint8Array): string {
  try {
    return `"${parseCertificate(der).subjectText}"`;
  } catch {
    return 'an undecodable certificate';
  }
}

interface CheckpointRow extends Record<string, unknown> {
  seq: string | number;
  hash: Uint8Array;
  signature: Uint8Array;
  signature_algorithm: string;
  signer_certificate: Uint8Array;
  signed_at: Date;
  record_hash: Uint8Array | null;
}

/** Whether records were added since the last checkpoint (or there is none yet over a non-empty log). */
export async function checkpointDue(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ head: string | number | null; last: string | number | null }>(
    'SELECT (SELECT seq FROM audit_head WHERE id) AS head, (SELECT max(seq) FROM audit_checkpoints) AS last',
  );
  const head = Number(rows[0]?.head ?? 0);
  return head !== 0 && head !== Number(rows[0]?.last ?? 0);
}

export interface CheckpointProblem {
  seq: number;
  problem: 'CHECKPOINT_SIGNER_UNTRUSTED' | 'CHECKPOINT_SIGNATURE_INVALID' | 'CHECKPOINT_MISMATCH';
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
    `SELECT c.seq, c.hash, c.signature, c.signature_algorithm, c.signer_certificate, c.signed_at,
       l.hash AS record_hash
     FROM audit_checkpoints c LEFT JOIN audit_log l ON l.seq = c.seq ORDER BY c.seq`,
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
    const certificate = parseCertificate(signerDer);
    const algorithm = AsnConvert.parse(Buffer.from(row.signature_algorithm, 'base64'), AlgorithmIdentifier);
    const valid = await verifySignature(
      certificate.asn1.tbsCertificate.subjectPublicKeyInfo,
      algorithm,
      checkpointMessage(seq, hash),
      new Uint8Array(row.signature),
    );
    if (!valid) {
      return {
        seq,
        problem: 'CHECKPOINT_SIGNATURE_INVALID',
        message: `the signature of checkpoint ${seq} does not verify`,
      };
    }
    if (row.record_hash && Buffer.compare(Buffer.from(row.record_hash), Buffer.from(hash)) !== 0) {
      return {
        seq,
        problem: 'CHECKPOINT_MISMATCH',
        message: `record ${seq} no longer has the hash checkpoint ${seq} signed: the chain was rewritten`,
      };
    }
  }
  return undefined;
}
