import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';
import { getDocument, documentChunks } from './document-store.js';

const run = promisify(execFile);

/** What a device is shown of a document: the first page of a PDF as PNG, or the start of a text. */
export interface DocumentPreview {
  mediaType: 'image/png' | 'text/plain' | 'application/xml';
  content: Uint8Array;
  truncated: boolean;
}

/** The most of a text a preview carries, and of a PDF that is rendered. */
const TEXT_BYTES = 64 * 1024;
const PDF_BYTES = 32 * 1024 * 1024;

/** The first `limit` bytes of a kept document, and whether there was more. */
async function head(db: Queryable, accountId: string, id: string, limit: number) {
  const document = await getDocument(db, accountId, id);
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of documentChunks(db, document)) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  return { bytes: Buffer.concat(parts).subarray(0, limit), truncated: document.size > limit };
}

/**
 * A preview of a kept document: a PDF's first page rendered to PNG by
 * poppler's `pdftoppm` (a separate process with a time limit: the PDF is
 * the user's, and a renderer is a large attack surface best kept out of the
 * server's own memory), an XML or text document's first 64 KiB; anything
 * else has none (SIGNING_DOCUMENT_NOT_FOUND).
 */
export async function documentPreview(
  db: Queryable,
  accountId: string,
  id: string,
): Promise<DocumentPreview> {
  const { bytes, truncated } = await head(db, accountId, id, PDF_BYTES);
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-' && !truncated) {
    return { mediaType: 'image/png', content: await firstPage(bytes), truncated: false };
  }
  const text = bytes.subarray(0, TEXT_BYTES);
  if (looksLikeText(text)) {
    const xml = /^\s*(?:\uFEFF)?</.test(text.subarray(0, 256).toString('utf8'));
    return {
      mediaType: xml ? 'application/xml' : 'text/plain',
      content: text,
      truncated: bytes.length > TEXT_BYTES || truncated,
    };
  }
  throw new DomainError(
    'SIGNING_DOCUMENT_NOT_FOUND',
    'this document has no preview (not a PDF, text or XML)',
  );
}

function looksLikeText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    // `stream` lets a character cut at the end of the excerpt wait instead of failing.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

async function firstPage(pdf: Buffer): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'podpis-preview-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf, { mode: 0o600 });
    await run(
      'pdftoppm',
      [
        '-png',
        '-f',
        '1',
        '-l',
        '1',
        '-scale-to',
        '800',
        '-singlefile',
        join(dir, 'in.pdf'),
        join(dir, 'page'),
      ],
      {
        timeout: 15_000,
      },
    );
    return new Uint8Array(await readFile(join(dir, 'page.png')));
  } catch {
    throw new DomainError('SIGNING_DOCUMENT_NOT_FOUND', 'the PDF could not be rendered for a preview');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
