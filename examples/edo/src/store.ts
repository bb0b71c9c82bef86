import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

/**
 * The EDO's own store (an embedded PGlite, not Podpis's database): the
 * contracts employees upload and the signatures Podpis made of them. Each
 * signature row keeps the document's signed state after it — the PDF with
 * its PAdES signatures so far, or the CAdES SignedData with its signers —
 * so the next signer adds to the latest one.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  media_type text NOT NULL,
  content bytea NOT NULL,
  uploaded_by text NOT NULL,
  uploaded_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  signer text NOT NULL,
  signer_name text NOT NULL,
  format text NOT NULL CHECK (format IN ('pades', 'cades')),
  operation_id text,
  verification_code text,
  -- How Podpis wants it confirmed: device (the phone alone), device+pin or pin (the key's PIN typed here too).
  confirmation_method text,
  status text NOT NULL CHECK (status IN ('awaiting', 'completed', 'declined', 'expired', 'failed')),
  problem text,
  result bytea,
  report jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX IF NOT EXISTS signatures_document ON signatures (document_id, created_at);
-- One signing at a time per document: each adds to the latest signed state.
CREATE UNIQUE INDEX IF NOT EXISTS signatures_one_awaiting ON signatures (document_id) WHERE status = 'awaiting';
`;

export type SignatureStatus = 'awaiting' | 'completed' | 'declined' | 'expired' | 'failed';

export type DocumentRow = {
  id: string;
  name: string;
  media_type: string;
  content: Uint8Array;
  uploaded_by: string;
  uploaded_by_name: string;
  created_at: Date;
};

export type SignatureRow = {
  id: string;
  document_id: string;
  signer: string;
  signer_name: string;
  format: 'pades' | 'cades';
  operation_id: string | null;
  verification_code: string | null;
  confirmation_method: string | null;
  status: SignatureStatus;
  problem: string | null;
  result: Uint8Array | null;
  report: unknown;
  created_at: Date;
  finished_at: Date | null;
};

/** A listing row: a document without its bytes. */
export type DocumentSummary = Omit<DocumentRow, 'content'> & { size: number; signatures: number };

export class Store {
  private constructor(private readonly db: PGlite) {}

  /** Opens (creating) the store in `dataDir`, or in memory when it is undefined (tests). */
  static async open(dataDir: string | undefined): Promise<Store> {
    if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
    const db = dataDir === undefined ? new PGlite() : new PGlite(`${dataDir}/pgdata`);
    await db.exec(SCHEMA);
    // A signing followed by an earlier run cannot be followed now (its access token was in memory only).
    await db.query(
      `UPDATE signatures SET status = 'failed', problem = 'EDO_RESTARTED', finished_at = now() WHERE status = 'awaiting'`,
    );
    return new Store(db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  async addDocument(input: {
    name: string;
    mediaType: string;
    content: Uint8Array;
    uploadedBy: string;
    uploadedByName: string;
  }): Promise<string> {
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO documents (name, media_type, content, uploaded_by, uploaded_by_name)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.name, input.mediaType, input.content, input.uploadedBy, input.uploadedByName],
    );
    return rows[0]!.id;
  }

  async documents(): Promise<DocumentSummary[]> {
    const { rows } = await this.db.query<DocumentSummary>(
      `SELECT d.id, d.name, d.media_type, d.uploaded_by, d.uploaded_by_name, d.created_at,
              octet_length(d.content) AS size,
              (SELECT count(*)::int FROM signatures s WHERE s.document_id = d.id AND s.status = 'completed') AS signatures
         FROM documents d ORDER BY d.created_at DESC`,
    );
    return rows;
  }

  async document(id: string): Promise<DocumentRow | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await this.db.query<DocumentRow>(`SELECT * FROM documents WHERE id = $1`, [id]);
    const row = rows[0];
    return row && { ...row, content: Buffer.from(row.content) };
  }

  async signatures(documentId: string): Promise<SignatureRow[]> {
    const { rows } = await this.db.query<SignatureRow>(
      `SELECT * FROM signatures WHERE document_id = $1 ORDER BY created_at, id`,
      [documentId],
    );
    return rows.map((row) => ({ ...row, result: row.result && Buffer.from(row.result) }));
  }

  async signature(id: string): Promise<SignatureRow | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await this.db.query<SignatureRow>(`SELECT * FROM signatures WHERE id = $1`, [id]);
    const row = rows[0];
    return row && { ...row, result: row.result && Buffer.from(row.result) };
  }

  /** The latest signed state of a document: the result of its last completed signature. */
  async latestSigned(documentId: string): Promise<SignatureRow | undefined> {
    const completed = (await this.signatures(documentId)).filter((s) => s.status === 'completed');
    return completed.at(-1);
  }

  /** Starts a signature; false when another is awaiting confirmation for this document. */
  async startSignature(input: {
    documentId: string;
    signer: string;
    signerName: string;
    format: 'pades' | 'cades';
  }): Promise<string | undefined> {
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO signatures (document_id, signer, signer_name, format, status)
       VALUES ($1, $2, $3, $4, 'awaiting') ON CONFLICT DO NOTHING RETURNING id`,
      [input.documentId, input.signer, input.signerName, input.format],
    );
    return rows[0]?.id;
  }

  async operationCreated(
    id: string,
    operationId: string,
    verificationCode: string | undefined,
  ): Promise<void> {
    await this.db.query(`UPDATE signatures SET operation_id = $2, verification_code = $3 WHERE id = $1`, [
      id,
      operationId,
      verificationCode ?? null,
    ]);
  }

  async completed(id: string, result: Uint8Array, report: unknown): Promise<void> {
    await this.db.query(
      `UPDATE signatures SET status = 'completed', result = $2, report = $3, finished_at = now()
        WHERE id = $1 AND status = 'awaiting'`,
      [id, result, JSON.stringify(report)],
    );
  }

  async ended(
    id: string,
    status: Exclude<SignatureStatus, 'awaiting' | 'completed'>,
    problem: string,
  ): Promise<void> {
    await this.db.query(
      `UPDATE signatures SET status = $2, problem = $3, finished_at = now() WHERE id = $1 AND status = 'awaiting'`,
      [id, status, problem],
    );
  }

  async reverified(id: string, report: unknown): Promise<void> {
    await this.db.query(`UPDATE signatures SET report = $2 WHERE id = $1`, [id, JSON.stringify(report)]);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
