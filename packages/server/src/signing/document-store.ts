import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import type { ChangeContext } from '../people/accounts.js';
import {
  documentDigestName,
  hex,
  incrementalHash,
  type DocumentDigestName,
  type DocumentDigestValues,
} from './document-digests.js';
import { startDocumentHashing } from './document-hashing.js';

export {
  DOCUMENT_DIGESTS,
  DOCUMENT_DIGEST_NAMES,
  documentDigestName,
  type DocumentDigestName,
} from './document-digests.js';

/**
 * Rows of this size keep a large document out of any one query's memory.
 * Not larger (issue #18): PostgreSQL 15 spent about 3.5 times the CPU
 * storing 1 MiB bytea rows as it did rows of 512 or 256 KiB (4.5 s against
 * 1.3 s per 256 MiB, docs/signing.md "Large documents"), and that CPU is
 * what an upload waited for. Readers do not depend on it: documents kept
 * with another chunk size still read.
 */
export const DOCUMENT_CHUNK_BYTES = 512 * 1024;
/**
 * Chunks of an upload on their way into the database at once: the next
 * chunk is read and hashed while the database stores the last ones, and the
 * upload holds at most this many chunk buffers.
 */
const CHUNKS_IN_FLIGHT = 4;
/** How long a kept document outlives its upload unless deleted sooner (PODPIS_DOCUMENT_RETENTION). */
export const DEFAULT_DOCUMENT_RETENTION_SECONDS = 24 * 3600;
/** The largest uploaded document unless configured (PODPIS_DOCUMENT_LIMIT). */
export const DEFAULT_DOCUMENT_LIMIT = 1024 ** 3;

export interface StoredDocument {
  id: string;
  accountId: string;
  name: string;
  size: number;
  /** Hex digests made of it so far, by algorithm name. */
  digests: DocumentDigestValues;
  /**
   * Whether its bytes are kept: false for an upload kept for its digests
   * alone (`keepContent: false`), which only a detached signature can use.
   */
  contentKept: boolean;
  createdAt: Date;
  expiresAt: Date;
}

interface DocumentRow extends Record<string, unknown> {
  id: string;
  account_id: string;
  name: string;
  size: string | number;
  digests: DocumentDigestValues;
  content_kept: boolean;
  created_at: Date;
  expires_at: Date;
}

const view = (row: DocumentRow): StoredDocument => ({
  id: row.id,
  accountId: row.account_id,
  name: row.name,
  size: Number(row.size),
  digests: row.digests,
  contentKept: row.content_kept,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  /**
   * False: the bytes are hashed and dropped, no chunk is stored (issue #18):
   * what a detached signature of a large document needs, without the
   * database's 12-16 s of CPU per GiB for storing it. True unless told.
   */
  keepContent?: boolean;
  retentionSeconds: number;
  now: Date;
}

/** The chunks of an upload not yet both stored and hashed, oldest first, with their buffers. */
type ChunksInFlight = { done: Promise<unknown>; buffer: Buffer }[];

/**
 * A user uploads a document: it streams into 1 MiB chunks, one statement
 * each (no transaction spans the upload, which on PGlite would stop every
 * other query), hashed on the way with the digests asked for. It is not
 * `complete` — seen by nobody, usable by nothing — until its last chunk,
 * its size and digests and its `document.upload` record commit together.
 * Larger than `limit` is DOCUMENT_TOO_LARGE: from the announced size before
 * a byte is kept, else as soon as the stream passes it; then, as on any
 * failure (a client that goes away), what was written is deleted.
 *
 * Speed (issue #18): the three costs of an upload — reading the request,
 * the database storing the chunks, Streebog — overlap. A large document is
 * hashed on a hashing thread (document-hashing.ts), and up to
 * CHUNKS_IN_FLIGHT chunks are being stored and hashed while the next one is
 * read. Their buffers are shared memory, which the hashing thread reads in
 * place, and are reused once both are done: an upload holds a few MiB
 * whatever its size, and its bytes are copied once on their way in.
 *
 * With `keepContent: false` the same stream is only hashed: the document's
 * row says so (`content_kept`), and nothing that needs its bytes can use it
 * (DOCUMENT_CONTENT_NOT_KEPT).
 */
export async function uploadDocument(
  db: Db,
  upload: DocumentUpload,
  context: ChangeContext,
): Promise<StoredDocument> {
  const { limit, declaredSize } = upload;
  if (declaredSize !== undefined && declaredSize > limit) {
    throw tooLarge(limit, declaredSize);
  }
  const id = randomUUID();
  const expiresAt = new Date(upload.now.getTime() + upload.retentionSeconds * 1000);
  const keepContent = upload.keepContent ?? true;
  await db.query(
    `INSERT INTO signing_documents (id, account_id, name, size, created_at, expires_at, complete, content_kept)
     VALUES ($1, $2, $3, 0, $4, $5, false, $6)`,
    [id, upload.accountId, upload.name, upload.now, expiresAt, keepContent],
  );
  const hashing = startDocumentHashing(upload.digests, declaredSize);
  const inFlight: ChunksInFlight = [];
  try {
    let size = 0;
    let seq = 0;
    // A small document announced as such gets a buffer of its size; it grows if more comes.
    let chunk: Buffer = Buffer.allocUnsafeSlow(
      Math.min(DOCUMENT_CHUNK_BYTES, declaredSize ?? DOCUMENT_CHUNK_BYTES),
    );
    let filled = 0;
    const flush = async (): Promise<void> => {
      const bytes = chunk.subarray(0, filled);
      const stored = keepContent
        ? db.query('INSERT INTO signing_document_chunks (document_id, seq, bytes) VALUES ($1, $2, $3)', [
            id,
            seq,
            bytes,
          ])
        : undefined;
      seq++;
      // Hashed (in place, or read by the hashing thread) while the database stores it.
      const done = Promise.all([stored, hashing.update(bytes)]);
      // A failure is seen when it is awaited below; until then it must not count as unhandled.
      done.catch(() => undefined);
      inFlight.push({ done, buffer: chunk });
      chunk = await nextChunkBuffer(inFlight);
      filled = 0;
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
        if (filled === chunk.length && chunk.length < DOCUMENT_CHUNK_BYTES) {
          const larger = sharedBuffer(DOCUMENT_CHUNK_BYTES);
          larger.set(chunk);
          chunk = larger;
        }
        const take = Math.min(chunk.length - filled, bytes.length - at);
        chunk.set(bytes.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled === DOCUMENT_CHUNK_BYTES) await flush();
      }
    }
    if (filled > 0 || seq === 0) await flush();
    for (const { done } of inFlight.splice(0)) await done;
    const { digests } = await hashing.digests();
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
        details: {
          name: upload.name,
          size,
          digests,
          contentKept: keepContent,
          expiresAt: expiresAt.toISOString(),
        },
      });
      return view(rows[0]!);
    });
  } catch (error) {
    hashing.abort();
    // Statements still under way would otherwise race the delete.
    await Promise.allSettled(inFlight.map(({ done }) => done));
    await db.query('DELETE FROM signing_documents WHERE id = $1', [id]);
    throw error;
  }
}

/** A Buffer over shared memory, which a hashing thread reads without a copy. */
const sharedBuffer = (size: number): Buffer => Buffer.from(new SharedArrayBuffer(size));

/**
 * The buffer for the next chunk: a new one while fewer than
 * CHUNKS_IN_FLIGHT chunks are under way, else the oldest one's, once it is
 * stored (the statement was sent with its bytes) and hashed.
 */
async function nextChunkBuffer(inFlight: ChunksInFlight): Promise<Buffer> {
  if (inFlight.length < CHUNKS_IN_FLIGHT) return sharedBuffer(DOCUMENT_CHUNK_BYTES);
  const oldest = inFlight.shift()!;
  await oldest.done;
  return oldest.buffer;
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
 * Refuses, with DOCUMENT_CONTENT_NOT_KEPT, a document kept for its digests
 * alone where `purpose` (what the caller would do, said to the user) needs
 * its bytes. Called before anything is written or sent.
 */
export function requireContent(document: StoredDocument, purpose: string): void {
  if (document.contentKept) return;
  throw new DomainError(
    'DOCUMENT_CONTENT_NOT_KEPT',
    `document ${document.id} was uploaded for its digests alone (keep=digests), so it cannot be used for ${purpose}: only a detached signature (CAdES detached, raw) is made of its digest; upload it again with its content`,
    { document: document.id },
  );
}

/**
 * The document's bytes a chunk at a time, each read when the consumer
 * asks for it, until its size is read (so whatever chunk size it was kept
 * with); a document deleted meanwhile ends in SIGNING_DOCUMENT_NOT_FOUND,
 * one kept for its digests alone is DOCUMENT_CONTENT_NOT_KEPT at once.
 */
export async function* documentChunks(db: Queryable, document: StoredDocument): AsyncGenerator<Uint8Array> {
  requireContent(document, 'reading its content');
  let read = 0;
  for (let seq = 0; seq === 0 || read < document.size; seq++) {
    const { rows } = await db.query<{ bytes: Uint8Array }>(
      'SELECT bytes FROM signing_document_chunks WHERE document_id = $1 AND seq = $2',
      [document.id, seq],
    );
    const row = rows[0];
    // Only the first chunk may be empty (an empty document); another would never end the loop.
    if (!row || (seq > 0 && row.bytes.length === 0))
      throw new DomainError('SIGNING_DOCUMENT_NOT_FOUND', `kept document ${document.id} is gone`);
    read += row.bytes.length;
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
  if (!document.contentKept) {
    throw new DomainError(
      'DOCUMENT_CONTENT_NOT_KEPT',
      `document ${document.id} was uploaded for its digests alone (${Object.keys(document.digests).join(', ')}) and cannot be hashed again with ${name}; upload it again asking for digests=${name}`,
      { document: document.id, digestAlgorithm: oid },
    );
  }
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
