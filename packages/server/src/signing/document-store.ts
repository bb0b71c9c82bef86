import { randomUUID } from 'node:crypto';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';

/** Rows of this size keep a large document out of any one query's memory. */
export const DOCUMENT_CHUNK_BYTES = 1024 * 1024;
/** How long a kept document outlives its upload unless deleted sooner. */
export const DEFAULT_DOCUMENT_RETENTION_SECONDS = 24 * 3600;

export interface StoredDocument {
  id: string;
  accountId: string;
  name: string;
  size: number;
  createdAt: Date;
  expiresAt: Date;
}

interface DocumentRow extends Record<string, unknown> {
  id: string;
  account_id: string;
  name: string;
  size: string | number;
  created_at: Date;
  expires_at: Date;
}

const view = (row: DocumentRow): StoredDocument => ({
  id: row.id,
  accountId: row.account_id,
  name: row.name,
  size: Number(row.size),
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

/** Keeps `bytes` for `accountId` in chunks until `expiresAt`; run it in the transaction that needs it. */
export async function keepDocument(
  tx: Queryable,
  document: { accountId: string; name: string; bytes: Uint8Array; now: Date; expiresAt: Date },
): Promise<StoredDocument> {
  const id = randomUUID();
  const { rows } = await tx.query<DocumentRow>(
    `INSERT INTO signing_documents (id, account_id, name, size, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [id, document.accountId, document.name, document.bytes.length, document.now, document.expiresAt],
  );
  for (let seq = 0, at = 0; at < document.bytes.length; seq++, at += DOCUMENT_CHUNK_BYTES) {
    await tx.query('INSERT INTO signing_document_chunks (document_id, seq, bytes) VALUES ($1, $2, $3)', [
      id,
      seq,
      document.bytes.subarray(at, at + DOCUMENT_CHUNK_BYTES),
    ]);
  }
  return view(rows[0]!);
}

/** A kept document of `accountId`, whole; SIGNING_DOCUMENT_NOT_FOUND when gone (expired, deleted) or another's. */
export async function readDocument(db: Queryable, accountId: string, id: string): Promise<Uint8Array> {
  const { rows } = await db.query<DocumentRow>(
    'SELECT * FROM signing_documents WHERE id = $1 AND account_id = $2',
    [id, accountId],
  );
  const row = rows[0];
  if (!row) throw new DomainError('SIGNING_DOCUMENT_NOT_FOUND', `no kept document ${id}`);
  const chunks = await db.query<{ bytes: Uint8Array }>(
    'SELECT bytes FROM signing_document_chunks WHERE document_id = $1 ORDER BY seq',
    [id],
  );
  return new Uint8Array(Buffer.concat(chunks.rows.map((c) => c.bytes)));
}

/** Deletes the documents kept past their retention; returns how many. */
export async function deleteExpiredDocuments(db: Queryable, now: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM signing_documents WHERE expires_at <= $1', [now]);
  return rowCount;
}
