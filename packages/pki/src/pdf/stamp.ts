/**
 * The visible stamp of a PDF signature as Russian practice draws it: a
 * blue rounded box headed "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ" with the
 * certificate's serial, its owner and its validity. It becomes the normal
 * appearance (/AP /N) of the signature widget.
 */
import fontkit from '@cantoo/fontkit';
import { PDFDocument, PDFName, type PDFFont, type PDFRef } from '@cantoo/pdf-lib';
import { digest } from '../cms/digest.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';

export interface PdfStampOptions {
  /** 0-based page index; negative counts from the end (-1 is the last page). */
  page: number;
  /** Lower-left corner in PDF points, origin at the page's bottom left. */
  x: number;
  y: number;
  /** Size in points: 270 × 80 unless given. */
  width?: number;
  height?: number;
  language?: 'ru' | 'en';
  /** The certificate's serial number as shown (hex). */
  serial: string;
  owner: string;
  validFrom: Date;
  validTo: Date;
  /** A TrueType font with Cyrillic (DejaVu Sans from `dejavu-fonts-ttf`), embedded as a subset. */
  font: Uint8Array;
}

const LABELS = {
  ru: {
    heading: 'ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ',
    certificate: 'Сертификат',
    owner: 'Владелец',
    valid: (from: string, to: string) => `Действителен: с ${from} по ${to}`,
  },
  en: {
    heading: 'DOCUMENT SIGNED WITH AN ELECTRONIC SIGNATURE',
    certificate: 'Certificate',
    owner: 'Owner',
    valid: (from: string, to: string) => `Valid from ${from} to ${to}`,
  },
} as const;

const DEFAULT_WIDTH = 270;
const DEFAULT_HEIGHT = 80;
const BLUE = '0.05 0.25 0.65';

/** dd.mm.yyyy of the UTC date: the library has no time zone of its own. */
export function formatStampDate(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}.${two(date.getUTCMonth() + 1)}.${date.getUTCFullYear()}`;
}

/** The stamp's lines of text: the heading first. */
export function stampLines(options: PdfStampOptions): string[] {
  const labels = LABELS[options.language ?? 'ru'];
  return [
    labels.heading,
    `${labels.certificate}: ${options.serial}`,
    `${labels.owner}: ${options.owner}`,
    labels.valid(formatStampDate(options.validFrom), formatStampDate(options.validTo)),
  ];
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, '');
}

/** A closed rounded rectangle path (Bézier corners, κ ≈ 0.5523). */
function roundedRectangle(x: number, y: number, w: number, h: number, r: number): string {
  const k = r * 0.5523;
  const [x1, y1] = [x + w, y + h];
  return [
    `${num(x + r)} ${num(y)} m`,
    `${num(x1 - r)} ${num(y)} l`,
    `${num(x1 - r + k)} ${num(y)} ${num(x1)} ${num(y + r - k)} ${num(x1)} ${num(y + r)} c`,
    `${num(x1)} ${num(y1 - r)} l`,
    `${num(x1)} ${num(y1 - r + k)} ${num(x1 - r + k)} ${num(y1)} ${num(x1 - r)} ${num(y1)} c`,
    `${num(x + r)} ${num(y1)} l`,
    `${num(x + r - k)} ${num(y1)} ${num(x)} ${num(y1 - r + k)} ${num(x)} ${num(y1 - r)} c`,
    `${num(x)} ${num(y + r)} l`,
    `${num(x)} ${num(y + r - k)} ${num(x + r - k)} ${num(y)} ${num(x + r)} ${num(y)} c`,
    'h',
  ].join('\n');
}

/** A subset tag (six capitals, ISO 32000-1 §9.6.4) that depends only on the text drawn. */
async function subsetTag(lines: readonly string[]): Promise<string> {
  const hash = await digest(OID.sha256, new TextEncoder().encode(lines.join('\n')));
  return Array.from(hash.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
}

export interface StampAppearance {
  /** The form XObject to use as /AP /N. */
  appearance: PDFRef;
  /** The widget's rectangle on the page. */
  rect: [number, number, number, number];
}

/** Draws the stamp as a form XObject in `doc` with the font embedded as a subset. */
export async function drawStamp(doc: PDFDocument, options: PdfStampOptions): Promise<StampAppearance> {
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  if (!(width > 20 && height > 20) || !Number.isFinite(options.x) || !Number.isFinite(options.y)) {
    throw new PkiError(
      'INVALID_ARGUMENT',
      'the stamp needs a finite position and a size above 20 points',
      'stamp',
    );
  }
  const lines = stampLines(options);
  doc.registerFontkit(fontkit);
  let font: PDFFont;
  try {
    font = await doc.embedFont(options.font, {
      subset: true,
      customName: `${await subsetTag(lines)}+DejaVuSans`,
    });
  } catch (error) {
    throw new PkiError('INVALID_ARGUMENT', 'the stamp font is not a TrueType font', 'stamp.font', {
      cause: error,
    });
  }
  const padding = 6;
  const textWidth = width - 2 * padding - 4;
  // Four lines in the box: the heading a little larger, each fitted to the width.
  const lineHeight = (height - 2 * padding) / 4.4;
  const sizeOf = (text: string, wanted: number): number =>
    Math.min(wanted, textWidth / Math.max(font.widthOfTextAtSize(text, 1), 1));
  const ops: string[] = [
    'q',
    `${BLUE} RG`,
    '1.5 w',
    roundedRectangle(1, 1, width - 2, height - 2, Math.min(8, height / 6)),
    'S',
    `${BLUE} rg`,
    'BT',
  ];
  let baseline = height - padding - lineHeight * 0.9;
  for (const [i, text] of lines.entries()) {
    const size = sizeOf(text, i === 0 ? lineHeight * 0.95 : lineHeight * 0.8);
    const x = i === 0 ? (width - font.widthOfTextAtSize(text, size)) / 2 : padding + 2;
    ops.push(
      `/F1 ${num(size)} Tf`,
      `1 0 0 1 ${num(x)} ${num(baseline)} Tm`,
      `${font.encodeText(text).toString()} Tj`,
    );
    baseline -= i === 0 ? lineHeight * 1.2 : lineHeight;
  }
  ops.push('ET', 'Q');
  const stream = doc.context.flateStream(ops.join('\n'), {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, width, height],
    Resources: { Font: { F1: font.ref } },
  });
  stream.dict.set(PDFName.of('FormType'), doc.context.obj(1));
  return {
    appearance: doc.context.register(stream),
    rect: [options.x, options.y, options.x + width, options.y + height],
  };
}
