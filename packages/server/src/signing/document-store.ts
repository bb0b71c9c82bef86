import { Readable } from 'node:stream';
import { createHash, randomUUID } from 'node:crypto';
import { createStreebog256, createStreebog512 } from '@podpis/gost';
import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import type { ChangeContext } from '../people/accounts.js';

/** Rows of this size keep a large document out of any one query's memory. */
export const DOCUMENT_CHUNK_BYTES = 1024 * 1024;
/** How long a kept document outlives its upload unless deleted sooner (PODPIS_DOCUMENT_RETENTION). */
export const DEFAULT_DOCUMENT_RETENTION_SECONDS = 24 * 3600;
/** The largest uploaded document unless configured (PODPIS_DOCUMENT_LIMIT). */
export const DEFAULT_DOCUMENT_LIMIT = 1024 ** 3;

/** The digests a document may be kept with: the digest algorithms of the keys the service holds, by name and OID. */
export const DOCUMENT_DIGESTS = {
  streebog256: '1.2.643.7.1.1.2.2',
  streebog512: '1.2.643.7.1.1.2.3',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;
export type DocumentDigestName = keyof typeof DOCUMENT_DIGESTS;
export const DOCUMENT_DIGEST_NAMES = Object.keys(DOCUMENT_DIGESTS) as DocumentDigestName[];

/** The name of a digest algorithm by its OID; undefined for one documents are not kept with. */
export function documentDigestName(oid: string): DocumentDigestName | undefined {
  return DOCUMENT_DIGEST_NAMES.find((name) => DOCUMENT_DIGESTS[name] === oid);
}

interface IncrementalHash {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}

/** Streebog (~130 MB/s on @podpis/gost's WebAssembly path) costs about ten times SHA-256 (OpenSSL): each is made only when asked. */
function incrementalHash(name: DocumentDigestName): IncrementalHash {
  switch (name) {
    case 'streebog256':
      return createStreebog256();
    case 'streebog512':
      return createStreebog512();
    case 'sha256':
      return createHash('sha256');
  }
}

export interface StoredDocument {
  id: string;
  accountId: string;
  name: string;
  size: number;
  /** Hex digests made of it so far, by algorithm name. */
  digests: Partial<Record<DocumentDigestName, string>>;
  createdAt: Date;
  expiresAt: Date;
}

interface DocumentRow extends Record<string, unknown> {
  id: string;
  account_id: string;
  name: string;
  size: string | number;
  digests: Partial<Record<DocumentDigestName, string>>;
  created_at: Date;
  expires_at: Date;
}

const view = (row: DocumentRow): StoredDocument => ({
  id: row.id,
  accountId: row.account_id,
  name: row.name,
  size: Number(row.size),
  digests: row.digests,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

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

function tooLarge(limit: number, size?: number): DomainError {
  return new DomainError(
    'DOCUMENT_TOO_LARGE',
    `a document may have at most ${limit} bytes${size !== undefined ? `, not ${size}` : ''}`,
    { limit },
  );
}

export interface DocumentUpload {
  accountId: string;
  name: string;
  /** The bytes as they arrive; read once, a chunk at a time. */
  content: AsyncIterable<Uint8Array>;
  /** The size the caller announced (Content-Length), checked against the limit before anything is read. */
  declaredSize?: number;
  /** The largest document accepted, in bytes. */
  limit: number;
  /** The digests to make while it streams in. */
  digests: readonly DocumentDigestName[];
  retentionSeconds: number;
  now: Date;
}

/**
 * A user uploads a document: it streams into 1 MiB chunks, one statement
 * each (no transaction spans the upload, which on PGlite would stop every
 * other query), hashed on the way with the digests asked for. It is not
 * `complete` — seen by nobody, usable by nothing — until its last chunk,
 * its size and digests and its `document.upload` record commit together.
 * Larger than `limit` is DOCUMENT_TOO_LARGE: from the announced size before
 * a byte is kept, else as soon as the stream passes it; then, as on any
 * failure (a client that goes away), what was written is deleted.
 */
export async function uploadDocument(
  db: Db,
  upload: DocumentUpload,
  context: ChangeContext,
): Promise<StoredDocument> {
  const { limit } = upload;
  if (upload.declaredSize !== undefined && upload.declaredSize > limit) {
    throw tooLarge(limit, upload.declaredSize);
  }
  const id = randomUUID();
  const expiresAt = new Date(upload.now.getTime() + upload.retentionSeconds * 1000);
  await db.query(
    `INSERT INTO signing_documents (id, account_id, name, size, created_at, expires_at, complete)
     VALUES ($1, $2, $3, 0, $4, $5, false)`,
    [id, upload.accountId, upload.name, upload.now, expiresAt],
  );
  try {
    const hashes = upload.digests.map((name) => ({ name, hash: incrementalHash(name) }));
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      const chunk = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      // The database stores the chunk while this thread hashes it.
      const stored = db.query(
        'INSERT INTO signing_document_chunks (document_id, seq, bytes) VALUES ($1, $2, $3)',
        [id, seq++, chunk],
      );
      for (const { hash } of hashes) hash.update(chunk);
      await stored;
    };
    // Stopping early must not destroy a request stream: its socket would go with the answer unsent.
    const content: AsyncIterable<Uint8Array> =
      upload.content instanceof Readable
        ? upload.content.iterator({ destroyOnReturn: false })
        : upload.content;
    for await (const bytes of content) {
      size += bytes.length;
      if (size > limit) throw tooLarge(limit);
      for (let at = 0; at < bytes.length;) {
        const take = Math.min(DOCUMENT_CHUNK_BYTES - pendingBytes, bytes.length - at);
        pending.push(Buffer.from(bytes.buffer, bytes.byteOffset + at, take));
        pendingBytes += take;
        at += take;
        if (pendingBytes === DOCUMENT_CHUNK_BYTES) await flush();
      }
    }
    if (pendingBytes > 0 || seq === 0) await flush();
    const digests = Object.fromEntries(hashes.map(({ name, hash }) => [name, hex(hash.digest())]));
    return await db.transaction(async (tx) => {
      const { rows } = await tx.query<DocumentRow>(
        `UPDATE signing_documents SET complete = true, size = $2, digests = $3
         WHERE id = $1 RETURNING *`,
        [id, size, JSON.stringify(digests)],
      );
      await appendAudit(tx, {
        ...context,
        action: 'document.upload',
        target: `document:${id}`,
        details: { name: upload.name, size, digests, expiresAt: expiresAt.toISOString() },
      });
      return view(rows[0]!);
    });
  } catch (error) {
    await db.query('DELETE FROM signing_documents WHERE id = $1', [id]);
    throw error;
  }
}

/** A complete document of `accountId`; SIGNING_DOCUMENT_NOT_FOUND when gone (expired, deleted), still uploading, or another's. */
export async function getDocument(db: Queryable, accountId: string, id: string): Promise<StoredDocument> {
  const { rows } = UUID.test(id)
    ? await db.query<DocumentRow>(
        'SELECT * FROM signing_documents WHERE id = $1 AND account_id = $2 AND complete',
        [id, accountId],
      )
    : { rows: [] };
  const row = rows[0];
  if (!row) throw new DomainError('SIGNING_DOCUMENT_NOT_FOUND', `no kept document ${id}`);
  return view(row);
}

/**
 * The document's bytes a chunk at a time, each read when the consumer
 * asks for it; a document deleted meanwhile ends in SIGNING_DOCUMENT_NOT_FOUND.
 */
export async function* documentChunks(db: Queryable, document: StoredDocument): AsyncGenerator<Uint8Array> {
  const chunks = Math.max(1, Math.ceil(document.size / DOCUMENT_CHUNK_BYTES));
  for (let seq = 0; seq < chunks; seq++) {
    const { rows } = await db.query<{ bytes: Uint8Array }>(
      'SELECT bytes FROM signing_document_chunks WHERE document_id = $1 AND seq = $2',
      [document.id, seq],
    );
    const row = rows[0];
    if (!row) throw new DomainError('SIGNING_DOCUMENT_NOT_FOUND', `kept document ${document.id} is gone`);
    yield new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.length);
  }
}

/**
 * A document's digest by the algorithm `oid`: the one made at upload, else
 * made now by streaming its chunks (and kept with it for the next time).
 */
export async function documentDigest(db: Queryable, document: StoredDocument, oid: string): Promise<string> {
  const name = documentDigestName(oid);
  if (name === undefined) {
    throw new DomainError('SIGNING_DIGEST_ALGORITHM_MISMATCH', `documents are not hashed with ${oid}`, {
      digestAlgorithm: oid,
    });
  }
  const made = document.digests[name];
  if (made !== undefined) return made;
  const hash = incrementalHash(name);
  for await (const chunk of documentChunks(db, document)) hash.update(chunk);
  const digest = hex(hash.digest());
  await db.query(`UPDATE signing_documents SET digests = digests || $2::jsonb WHERE id = $1`, [
    document.id,
    JSON.stringify({ [name]: digest }),
  ]);
  return digest;
}

/** A kept document of `accountId`, whole (small ones only); SIGNING_DOCUMENT_NOT_FOUND when gone or another's. */
export async function readDocument(db: Queryable, accountId: string, id: string): Promise<Uint8Array> {
  const document = await getDocument(db, accountId, id);
  const chunks: Uint8Array[] = [];
  for await (const chunk of documentChunks(db, document)) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/** The user deletes one of their documents at once, chunks and all; `document.delete` commits with it. */
export async function deleteDocument(
  db: Db,
  accountId: string,
  id: string,
  context: ChangeContext,
): Promise<void> {
  const document = await getDocument(db, accountId, id);
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM signing_documents WHERE id = $1', [document.id]);
    await appendAudit(tx, {
      ...context,
      action: 'document.delete',
      target: `document:${document.id}`,
      details: { name: document.name, size: document.size },
    });
  });
}

/** Deletes the documents kept past their retention (and uploads abandoned that long); returns how many. */
export async function deleteExpiredDocuments(db: Queryable, now: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM signing_documents WHERE expires_at <= $1', [now]);
  return rowCount;
}
