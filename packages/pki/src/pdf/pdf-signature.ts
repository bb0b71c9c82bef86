/**
 * PAdES signatures (ETSI EN 319 142-1, baseline B-B and B-T) made by a key
 * that signs only digests, in two phases like `prepareCmsDigestSignature`:
 * `preparePdfSignature` appends an incremental update (ISO 32000-1 §7.5.6)
 * with the signature field, its widget and a signature dictionary whose
 * /Contents is a zero-filled placeholder, and returns the digest of the CMS
 * signed attributes over the ByteRange; `complete` puts the CMS in.
 * Earlier signatures stay valid: their bytes are not touched.
 */
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFInvalidObject,
  PDFName,
  PDFNumber,
  PDFString,
  type PDFDocument,
  type PDFPage,
  type PDFRef,
} from '@cantoo/pdf-lib';
import { hashForSigner, type Signer } from '../algorithms/signer.js';
import { addSignatureTimeStamp, type TsaCallback } from '../cms/cades.js';
import { prepareCmsDigestSignature } from '../cms/signed-data.js';
import { concatBytes } from '../cms/tlv.js';
import { PkiError } from '../errors.js';
import { asciiBytes, byteString, loadPdf, pdfRevisions } from './file-structure.js';
import { drawStamp, type PdfStampOptions } from './stamp.js';

export type PadesLevel = 'B-B' | 'B-T';

export interface PreparePdfSignatureOptions {
  pdf: Uint8Array;
  /** Only the algorithm is needed here; the key signs `digest` later. */
  signer: Pick<Signer, 'signatureAlgorithm'>;
  /** DER of the signer's certificate. */
  certificate: Uint8Array;
  /** DER of the rest of the chain, embedded in the CMS. */
  chain?: readonly Uint8Array[];
  /** The claimed signing time: the signature dictionary's /M (PAdES has no signing-time attribute). */
  signingTime: Date;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** /Name of the signature dictionary. */
  signerName?: string;
  /** A visible stamp; without it the widget is invisible (Rect 0 0 0 0). */
  stamp?: PdfStampOptions;
  level: PadesLevel;
  /** Needed for B-T: stamps the signature value. */
  tsaCallback?: TsaCallback;
}

export interface PreparedPdfSignature {
  /** The digest of the CMS signed attributes: what the key's `signDigest` signs. */
  digest: Uint8Array;
  /** The PDF with the placeholder, ByteRange already in place. */
  preparedPdf: Uint8Array;
  /** The signed PDF; for B-T the signature time-stamp is added first. */
  complete(signature: Uint8Array): Promise<Uint8Array>;
}

const BYTE_RANGE_WIDTH = 48;
const BYTE_RANGE_PLACEHOLDER = `/ByteRange [${' '.repeat(BYTE_RANGE_WIDTH)}]`;

/** Bytes reserved for the CMS: the certificates, the signer info and, for B-T, a time-stamp token. */
function contentsSize(options: PreparePdfSignatureOptions): number {
  const certificates = [options.certificate, ...(options.chain ?? [])].reduce((n, der) => n + der.length, 0);
  return 4096 + certificates + (options.level === 'B-T' ? 16384 : 0);
}

/** A PDF date (ISO 32000-1 §7.9.4) in UTC. */
export function pdfDate(date: Date): string {
  const iso = date.toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

function textString(text: string): string {
  return PDFHexString.fromText(text).toString();
}

/** The signature dictionary's text, /ByteRange and /Contents left as placeholders. */
function signatureDictionary(options: PreparePdfSignatureOptions, size: number): string {
  const entries = [
    '/Type /Sig',
    '/Filter /Adobe.PPKLite',
    '/SubFilter /ETSI.CAdES.detached',
    BYTE_RANGE_PLACEHOLDER,
    `/Contents <${'0'.repeat(size * 2)}>`,
    `/M (${pdfDate(options.signingTime)})`,
  ];
  if (options.signerName !== undefined) entries.push(`/Name ${textString(options.signerName)}`);
  if (options.reason !== undefined) entries.push(`/Reason ${textString(options.reason)}`);
  if (options.location !== undefined) entries.push(`/Location ${textString(options.location)}`);
  if (options.contactInfo !== undefined) entries.push(`/ContactInfo ${textString(options.contactInfo)}`);
  return `<<\n${entries.join('\n')}\n>>`;
}

function pageAt(doc: PDFDocument, index: number): PDFPage {
  const pages = doc.getPages();
  const page = pages[index < 0 ? pages.length + index : index];
  if (!page) {
    throw new PkiError(
      'INVALID_ARGUMENT',
      `there is no page ${index}: the PDF has ${pages.length}`,
      'stamp.page',
    );
  }
  return page;
}

/** The catalog's /AcroForm, made if missing, with SigFlags SignaturesExist | AppendOnly. */
function acroFormOf(doc: PDFDocument): PDFDict {
  const key = PDFName.of('AcroForm');
  let form = doc.catalog.lookupMaybe(key, PDFDict);
  if (!form) {
    form = doc.context.obj({ Fields: [] });
    doc.catalog.set(key, doc.context.register(form));
  }
  const flags = form.lookupMaybe(PDFName.of('SigFlags'), PDFNumber)?.asNumber() ?? 0;
  form.set(PDFName.of('SigFlags'), PDFNumber.of(flags | 3));
  return form;
}

function fieldsOf(form: PDFDict): PDFArray {
  const key = PDFName.of('Fields');
  const existing = form.lookupMaybe(key, PDFArray);
  if (existing) return existing;
  const fields = form.context.obj([]);
  form.set(key, fields);
  return fields;
}

/** "Signature<n>" with the first n no top-level field is named. */
function freeFieldName(fields: PDFArray): string {
  const names = new Set<string>();
  for (let i = 0; i < fields.size(); i++) {
    const field = fields.lookupMaybe(i, PDFDict);
    const name = field?.lookupMaybe(PDFName.of('T'), PDFString, PDFHexString);
    if (name) names.add(name.decodeText());
  }
  let n = 1;
  while (names.has(`Signature${n}`)) n++;
  return `Signature${n}`;
}

function addAnnotation(page: PDFPage, widget: PDFRef): void {
  const key = PDFName.of('Annots');
  const annots = page.node.lookupMaybe(key, PDFArray);
  if (annots) annots.push(widget);
  else page.node.set(key, page.doc.context.obj([widget]));
}

/** The new field and widget (one dictionary), its appearance, and the placeholder signature dictionary. */
async function addSignatureField(
  doc: PDFDocument,
  options: PreparePdfSignatureOptions,
  size: number,
): Promise<void> {
  const { context } = doc;
  const page = pageAt(doc, options.stamp?.page ?? 0);
  const fields = fieldsOf(acroFormOf(doc));
  const name = freeFieldName(fields);
  const signature = context.register(PDFInvalidObject.of(asciiBytes(signatureDictionary(options, size))));
  const { appearance, rect } = options.stamp
    ? await drawStamp(doc, options.stamp)
    : {
        appearance: context.register(
          context.flateStream('', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 0, 0] }),
        ),
        rect: [0, 0, 0, 0],
      };
  const widget = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of(name),
      V: signature,
      // Print | Locked (ISO 32000-1 §12.5.3).
      F: 132,
      Rect: rect,
      P: page.ref,
      AP: { N: appearance },
    }),
  );
  fields.push(widget);
  addAnnotation(page, widget);
}

interface Placeholder {
  byteRange: [number, number, number, number];
  /** Offset of the ByteRange placeholder's first space. */
  byteRangeAt: number;
}

function locatePlaceholder(pdf: Uint8Array, from: number, size: number): Placeholder {
  const text = byteString(pdf);
  const at = text.indexOf(BYTE_RANGE_PLACEHOLDER, from);
  const contents = text.indexOf('/Contents <', at) + '/Contents '.length;
  if (at < 0 || contents < at) {
    // pdf-lib wrote the signature dictionary some other way than as given.
    throw new PkiError('UNEXPECTED_STRUCTURE', 'the signature placeholder is missing from the update');
  }
  const after = contents + size * 2 + 2;
  return {
    byteRange: [0, contents, after, pdf.length - after],
    byteRangeAt: at + '/ByteRange ['.length,
  };
}

/**
 * Appends the signature field and a placeholder signature dictionary to
 * `options.pdf` as an incremental update and fixes the CMS signed
 * attributes (contentType, messageDigest of the ByteRange,
 * signingCertificateV2; no signing-time). Deterministic: the same options
 * give the same prepared PDF and digest, so a server can prepare again at
 * confirmation and compare.
 */
export async function preparePdfSignature(
  options: PreparePdfSignatureOptions,
): Promise<PreparedPdfSignature> {
  const tsaCallback = options.level === 'B-T' ? options.tsaCallback : undefined;
  if (options.level === 'B-T' && !tsaCallback) {
    throw new PkiError('INVALID_ARGUMENT', 'PAdES B-T needs a tsaCallback', 'tsaCallback');
  }
  const revisions = pdfRevisions(options.pdf);
  const xrefStream = revisions.at(-1)?.xrefStream ?? false;
  const doc = await loadPdf(options.pdf, { forIncrementalUpdate: true });
  const size = contentsSize(options);
  await addSignatureField(doc, options, size);
  const update = await doc.saveIncremental(doc.context.snapshot ?? doc.takeSnapshot(), {
    useObjectStreams: xrefStream,
  });
  const prepared = concatBytes(options.pdf, update);
  const { byteRange, byteRangeAt } = locatePlaceholder(prepared, options.pdf.length, size);
  prepared.set(
    asciiBytes(`0 ${byteRange[1]} ${byteRange[2]} ${byteRange[3]}`.padEnd(BYTE_RANGE_WIDTH)),
    byteRangeAt,
  );
  const signed = concatBytes(prepared.subarray(0, byteRange[1]), prepared.subarray(byteRange[2]));
  const cms = await prepareCmsDigestSignature({
    contentDigest: await hashForSigner(options.signer, signed),
    signer: options.signer,
    certificate: options.certificate,
    certificates: options.chain ?? [],
    signingTime: options.signingTime,
    signingTimeAttribute: false,
  });
  return {
    digest: cms.digest,
    preparedPdf: prepared.slice(),
    complete: async (signature) => {
      let der = cms.complete(signature);
      if (tsaCallback) der = await addSignatureTimeStamp(der, 0, tsaCallback);
      if (der.length > size) {
        throw new PkiError('TOO_LARGE', `the CMS is ${der.length} bytes; ${size} were reserved`, 'signature');
      }
      const out = prepared.slice();
      const hex = Array.from(der, (b) => b.toString(16).padStart(2, '0')).join('');
      out.set(asciiBytes(hex), byteRange[1] + 1);
      return out;
    },
  };
}
