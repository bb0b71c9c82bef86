/** Test PDFs and the independent checkers for the PAdES tests: poppler's pdfsig, pdftotext, pdftoppm and qpdf. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { ensureSystemTools, tempDir } from '@podpis/testkit';

/** DejaVu Sans from the dejavu-fonts-ttf package, as the server passes it. */
export function dejaVuSans(): Uint8Array {
  const require = createRequire(import.meta.url);
  return readFileSync(
    join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf'),
  );
}

/** A two-page PDF with a line of text on each page, made by pdf-lib with fixed dates. */
export async function samplePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of ['Contract No. 1, page one', 'Contract No. 1, page two']) {
    const page = doc.addPage([595, 842]);
    page.drawText(text, { x: 72, y: 760, size: 14, font });
  }
  return doc.save({ useObjectStreams: false });
}

/** A one-page PDF with a filled text field: an AcroForm and a page /Annots before any signature. */
export async function formPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([595, 842]);
  const field = doc.getForm().createTextField('buyer');
  field.setText('Romashka LLC');
  field.addToPage(page, { x: 72, y: 700, width: 200, height: 24 });
  return doc.save({ useObjectStreams: false });
}

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** `pdf` written to a file in a fresh temp directory. */
export function pdfFile(pdf: Uint8Array): string {
  ensureSystemTools();
  const file = join(tempDir('podpis-pdf-'), 'doc.pdf');
  writeFileSync(file, pdf);
  return file;
}

/** Runs a system tool (installed by scripts/install-system-deps.sh) on `pdf` written to a temp file. */
export function runOnPdf(
  tool: string,
  args: readonly string[],
  pdf: Uint8Array,
): ToolResult & { file: string } {
  const file = pdfFile(pdf);
  const result = spawnSync(tool, [...args.map((a) => (a === '{}' ? file : a))], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, file };
}

/** `qpdf <args> in out`: a rewrite of `pdf` (e.g. with object and cross-reference streams). */
export function qpdfRewrite(pdf: Uint8Array, args: readonly string[]): Uint8Array {
  const file = pdfFile(pdf);
  const out = join(dirname(file), 'out.pdf');
  const result = spawnSync('qpdf', [...args, file, out], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`qpdf ${args.join(' ')}: ${result.stderr}`);
  return readFileSync(out);
}

/** pdfsig without certificate validation: one block of lines per signature. */
export function pdfsig(pdf: Uint8Array): { output: string; signatures: string[] } {
  const result = runOnPdf('pdfsig', ['-nocert', '{}'], pdf);
  const output = result.stdout + result.stderr;
  const signatures = output.split(/^Signature #\d+:$/m).slice(1);
  return { output, signatures };
}

export function qpdfCheck(pdf: Uint8Array): ToolResult {
  return runOnPdf('qpdf', ['--check', '{}'], pdf);
}

/** The last signature's ByteRange and CMS, read with regular expressions rather than the library. */
export function lastSignature(pdf: Uint8Array): { cms: Uint8Array; signedBytes: Uint8Array } {
  const text = Buffer.from(pdf).toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges.at(-1);
  if (!last) throw new Error('no ByteRange');
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  const hex = text.slice(b + 1, c - 1);
  const der = Buffer.from(hex, 'hex');
  // The DER length tells where the zero padding starts.
  const lengthBytes = (der[1] ?? 0) & 0x7f;
  const length = (der[1] ?? 0) < 0x80 ? 2 + (der[1] ?? 0) : 2 + lengthBytes + der.readUIntBE(2, lengthBytes);
  return {
    cms: der.subarray(0, length),
    signedBytes: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]),
  };
}

/** The page rendered by pdftoppm at 72 dpi in grey: width, height and one byte a pixel from the top left. */
export function renderPage(
  pdf: Uint8Array,
  page: number,
): { width: number; height: number; pixels: Uint8Array } {
  const file = pdfFile(pdf);
  const n = String(page + 1);
  const out = spawnSync('pdftoppm', [
    '-f',
    n,
    '-l',
    n,
    '-r',
    '72',
    '-gray',
    '-singlefile',
    file,
    join(dirname(file), 'page'),
  ]);
  if (out.status !== 0) throw new Error(`pdftoppm: ${out.stderr.toString()}`);
  const pgm = readFileSync(join(dirname(file), 'page.pgm'));
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm wrote no PGM');
  return { width: Number(header[1]), height: Number(header[2]), pixels: pgm.subarray(header[0].length) };
}
