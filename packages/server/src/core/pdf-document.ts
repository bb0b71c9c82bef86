import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * A TrueType font for Cyrillic: DejaVu from the dejavu-fonts-ttf package
 * (so `npm start` needs no system fonts), or Debian's fonts-dejavu-core.
 */
export function fontPath(file: string): string {
  const candidates: string[] = [];
  try {
    const require = createRequire(import.meta.url);
    candidates.push(join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', file));
  } catch {
    // Not installed; fall through to the system font.
  }
  candidates.push(join('/usr/share/fonts/truetype/dejavu', file));
  const found = candidates.find((path) => existsSync(path));
  if (!found)
    throw new Error(`font ${file} not found (install the dejavu-fonts-ttf npm package or fonts-dejavu-core)`);
  return found;
}

/**
 * An A4 document with the fonts `regular`, `bold` and `mono` registered,
 * and the bytes it will have once `doc.end()` is called.
 */
export function openPdf(title: string): { doc: PDFKit.PDFDocument; finished: Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Creator: 'Podpis' } });
  doc.registerFont('regular', fontPath('DejaVuSans.ttf'));
  doc.registerFont('bold', fontPath('DejaVuSans-Bold.ttf'));
  doc.registerFont('mono', fontPath('DejaVuSansMono.ttf'));
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  return { doc, finished };
}
