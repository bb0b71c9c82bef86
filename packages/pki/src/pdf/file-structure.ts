/**
 * The file structure of a PDF as ISO 32000-1 §7.5 lays it out: header,
 * body, cross-reference section, trailer, and one more body, section and
 * trailer per incremental update (§7.5.6). Only what signing and checking
 * signatures need: where each revision ends and what kind of
 * cross-reference section the last one has.
 */
import { EncryptedPDFError, PDFDocument, type LoadOptions } from '@cantoo/pdf-lib';
import { PkiError } from '../errors.js';

/** Bytes as a string of the same length, one character a byte, for searching. */
export function byteString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return out;
}

export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

export interface PdfRevision {
  /** Offset just past this revision's %%EOF marker and its end-of-line. */
  end: number;
  /** Offset of its cross-reference section (the startxref value). */
  startxref: number;
  /** Whether that section is a cross-reference stream (§7.5.8) rather than a table. */
  xrefStream: boolean;
}

const REVISION_END = /startxref[\0\t\n\f\r ]+(\d+)[\0\t\n\f\r ]+%%EOF(\r\n|\r|\n)?/g;

/**
 * The revisions of `pdf`, oldest first. MALFORMED_PDF without a header or
 * a cross-reference section where startxref points; TRUNCATED_PDF when the
 * file does not end with a %%EOF marker.
 */
export function pdfRevisions(pdf: Uint8Array): PdfRevision[] {
  const text = byteString(pdf);
  const header = text.indexOf('%PDF-');
  if (header < 0 || header > 1024) throw new PkiError('MALFORMED_PDF', 'no %PDF- header: not a PDF file');
  const revisions: PdfRevision[] = [];
  const ends = [...text.matchAll(REVISION_END)];
  // A linearized file's first-page section (Annex F) ends with its own %%EOF: not a revision.
  if (ends.length > 1 && /\/Linearized\b/.test(text.slice(header, header + 1024))) ends.shift();
  for (const match of ends) {
    const startxref = Number(match[1]);
    const section = text.slice(startxref, startxref + 64);
    const xrefStream = /^\d+[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+obj/.test(section);
    if (!xrefStream && !section.startsWith('xref')) {
      throw new PkiError('MALFORMED_PDF', `startxref ${startxref} points to no cross-reference section`);
    }
    revisions.push({ end: match.index + match[0].length, startxref, xrefStream });
  }
  const last = revisions.at(-1);
  if (!last || text.slice(last.end).trim() !== '') {
    throw new PkiError('TRUNCATED_PDF', 'the file does not end with startxref and %%EOF: truncated?');
  }
  return revisions;
}

/** Loads with pdf-lib, turning its failures into PkiError (ENCRYPTED_PDF, MALFORMED_PDF). */
export async function loadPdf(pdf: Uint8Array, options: LoadOptions = {}): Promise<PDFDocument> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false, throwOnInvalidObject: true, ...options });
  } catch (error) {
    if (error instanceof EncryptedPDFError) {
      throw new PkiError('ENCRYPTED_PDF', 'the PDF is encrypted', '', { cause: error });
    }
    throw new PkiError('MALFORMED_PDF', `the PDF cannot be parsed: ${String(error)}`, '', { cause: error });
  }
  if (doc.isEncrypted) throw new PkiError('ENCRYPTED_PDF', 'the PDF is encrypted');
  return doc;
}
