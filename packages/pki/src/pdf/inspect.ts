/**
 * What a PDF's signatures cover: for each signature field its ByteRange and
 * CMS, the revision it signed (ISO 32000-1 §7.5.6), and whether the
 * incremental updates after that revision changed only what later signers
 * may change (new signature fields, widgets and their appearances,
 * annotations, a DSS: ETSI EN 319 142-1 §5.4, ISO 32000-1 §12.8.2.2).
 * The CMS itself is checked elsewhere (`verifyCms` with `signedContent()`).
 */
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFContext,
  type PDFDocument,
  type PDFObject,
} from '@cantoo/pdf-lib';
import { concatBytes, equalBytes } from '../cms/tlv.js';
import { PkiError } from '../errors.js';
import { byteString, loadPdf, pdfRevisions, type PdfRevision } from './file-structure.js';

/**
 * What the incremental updates after a signed revision did:
 * UNCHANGED — there are none, the signature covers the file;
 * ALLOWED_CHANGES — only new signatures, annotations, form fields' widgets
 * and appearances, AcroForm field lists, a DSS;
 * DISALLOWED_CHANGES — anything else (page content, resources, other
 * objects), listed in `disallowedChanges`.
 */
export type PdfChangeVerdict = 'UNCHANGED' | 'ALLOWED_CHANGES' | 'DISALLOWED_CHANGES';

export interface PdfSignatureInfo {
  /** The field's fully qualified name. */
  fieldName: string;
  subFilter: string | undefined;
  byteRange: [number, number, number, number];
  /** The CMS ContentInfo DER, the zero padding after it cut off. */
  cms: Uint8Array;
  /** The bytes the ByteRange covers, concatenated: the detached content of the CMS. */
  signedContent(): Uint8Array;
  /** 0-based index of the revision the signature belongs to (the first one ending at or after its ByteRange). */
  revision: number;
  /** Whether the ByteRange ends exactly at that revision's %%EOF: it covers the whole revision. */
  coversRevision: boolean;
  /** Whether it covers the whole file (but perhaps the end-of-line after the last %%EOF). */
  coversWholeFile: boolean;
  changes: PdfChangeVerdict;
  /** Why the changes are not allowed, one line an object. */
  disallowedChanges: string[];
}

/** Index of the revision a ByteRange ending at `end` belongs to, and whether it ends at that revision's %%EOF. */
function revisionOf(revisions: readonly PdfRevision[], text: string, end: number): [number, boolean] {
  const index = revisions.findIndex((r) => r.end >= end);
  const revision = revisions[index];
  if (!revision) return [revisions.length - 1, false];
  // The end-of-line after %%EOF may or may not be signed.
  const eof = text.lastIndexOf('%%EOF', revision.end) + 5;
  return [index, end === revision.end || end === eof];
}

function fieldName(field: PDFDict): string {
  const parts: string[] = [];
  for (let node: PDFDict | undefined = field; node; node = node.lookupMaybe(PDFName.of('Parent'), PDFDict)) {
    const t = node.lookupMaybe(PDFName.of('T'), PDFString, PDFHexString);
    if (t) parts.unshift(t.decodeText());
    if (parts.length > 32) break;
  }
  return parts.join('.');
}

/** Every terminal field whose (inherited) type is /Sig and that has a value, in field-tree order. */
function signatureFields(doc: PDFDocument): PDFDict[] {
  const form = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const out: PDFDict[] = [];
  const seen = new Set<PDFDict>();
  const walk = (fields: PDFArray | undefined, inheritedSig: boolean): void => {
    for (let i = 0; i < (fields?.size() ?? 0); i++) {
      const field = fields?.lookupMaybe(i, PDFDict);
      if (!field || seen.has(field)) continue;
      seen.add(field);
      const ft = field.lookupMaybe(PDFName.of('FT'), PDFName);
      const isSig = ft ? ft === PDFName.of('Sig') : inheritedSig;
      const kids = field.lookupMaybe(PDFName.of('Kids'), PDFArray);
      const hasFieldKids =
        kids !== undefined && kids.size() > 0 && kids.lookupMaybe(0, PDFDict)?.has(PDFName.of('T')) === true;
      if (hasFieldKids) walk(kids, isSig);
      else if (isSig && field.lookupMaybe(PDFName.of('V'), PDFDict)) out.push(field);
    }
  };
  walk(form?.lookupMaybe(PDFName.of('Fields'), PDFArray), false);
  return out;
}

function mismatch(message: string, path: string): PkiError {
  return new PkiError('BYTE_RANGE_MISMATCH', message, path);
}

/** The ByteRange, checked against the file and the /Contents string it leaves out. */
function checkedByteRange(
  pdf: Uint8Array,
  signature: PDFDict,
  path: string,
): { byteRange: [number, number, number, number]; contents: Uint8Array } {
  const array = signature.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
  const numbers = (array?.asArray() ?? []).map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN));
  if (numbers.length !== 4 || !numbers.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw mismatch('the ByteRange is not four non-negative integers', path);
  }
  const [a, b, c, d] = numbers as [number, number, number, number];
  if (a !== 0 || b >= c || c + d > pdf.length) {
    throw mismatch(`the ByteRange [${numbers.join(' ')}] does not fit the ${pdf.length}-byte file`, path);
  }
  const contents = signature.lookupMaybe(PDFName.of('Contents'), PDFHexString);
  const gap = byteString(pdf.subarray(b, c));
  if (!contents || !/^<[0-9A-Fa-f\s]*>$/.test(gap)) {
    throw mismatch('the ByteRange does not leave out exactly the /Contents hex string', path);
  }
  const hex = gap.slice(1, -1).replace(/\s/g, '');
  const inGap = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  const value = contents.asBytes();
  if (!equalBytes(inGap, value)) {
    throw mismatch('the bytes the ByteRange leaves out are not this signature’s /Contents', path);
  }
  return { byteRange: [a, b, c, d], contents: value };
}

/** The DER value at the start of `bytes` (a /Contents string is zero-padded after it). */
function derPrefix(bytes: Uint8Array, path: string): Uint8Array {
  const first = bytes[1] ?? 0;
  const lengthOctets = first < 0x80 ? 0 : first & 0x7f;
  let length = first < 0x80 ? first : 0;
  for (let i = 0; i < lengthOctets && lengthOctets <= 4; i++) length = length * 256 + (bytes[2 + i] ?? 0);
  const total = 2 + lengthOctets + length;
  if (bytes[0] !== 0x30 || first === 0x80 || lengthOctets > 4 || total > bytes.length) {
    throw new PkiError('MALFORMED_DER', 'the signature /Contents does not hold a DER SEQUENCE', path);
  }
  return bytes.subarray(0, total);
}

function serialized(object: PDFObject | undefined): string {
  if (object === undefined) return '';
  const buffer = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(buffer, 0);
  return byteString(buffer);
}

function typeOf(object: PDFObject | undefined): string | undefined {
  const dict = object instanceof PDFDict ? object : (object as { dict?: unknown } | undefined)?.dict;
  if (!(dict instanceof PDFDict)) return undefined;
  return dict.lookupMaybe(PDFName.of('Type'), PDFName)?.decodeText();
}

/** Keys whose values differ between two dictionaries. */
function changedKeys(before: PDFDict | undefined, after: PDFDict): string[] {
  const keys = new Set([...(before?.keys() ?? []), ...after.keys()]);
  return [...keys]
    .filter((key) => serialized(before?.get(key)) !== serialized(after.get(key)))
    .map((key) => key.decodeText());
}

/** Whether every entry of `before` is still in `after`: an array only added to. */
function onlyAdded(before: PDFObject | undefined, after: PDFObject | undefined): boolean {
  const items = (o: PDFObject | undefined): string[] =>
    o instanceof PDFArray ? o.asArray().map((e) => serialized(e)) : o === undefined ? [] : ['?'];
  const next = new Set(items(after));
  return items(before).every((item) => next.has(item));
}

const ALLOWED_CATALOG_KEYS = new Set(['AcroForm', 'DSS', 'Extensions']);
const ALLOWED_ACROFORM_KEYS = new Set(['Fields', 'SigFlags', 'DR', 'DA']);
const STRUCTURAL_TYPES = new Set(['XRef', 'ObjStm']);

/** The changes from one revision's objects to the next one's that later signers may not make. */
function disallowedChanges(before: PDFContext, after: PDFContext): string[] {
  const problems: string[] = [];
  const root = after.trailerInfo.Root;
  const rootBefore = before.trailerInfo.Root;
  const catalog = root ? after.lookupMaybe(root, PDFDict) : undefined;
  const catalogBefore = rootBefore ? before.lookupMaybe(rootBefore, PDFDict) : undefined;
  const form = catalog?.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const formBefore = catalogBefore?.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  if (catalog) {
    for (const key of changedKeys(catalogBefore, catalog)) {
      if (!ALLOWED_CATALOG_KEYS.has(key)) problems.push(`the catalog's /${key} changed`);
    }
  }
  if (form) {
    for (const key of changedKeys(formBefore, form)) {
      if (!ALLOWED_ACROFORM_KEYS.has(key)) problems.push(`the AcroForm's /${key} changed`);
    }
    const fields = PDFName.of('Fields');
    if (!onlyAdded(formBefore?.lookup(fields), form.lookup(fields)))
      problems.push('form fields were removed');
  }
  const fieldsRef = form?.get(PDFName.of('Fields'));
  const formRef = catalog?.get(PDFName.of('AcroForm'));
  const annotsRefs = new Set<string>();
  for (const [, object] of after.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && typeOf(object) === 'Page') {
      const annots = object.get(PDFName.of('Annots'));
      if (annots instanceof PDFRef) annotsRefs.add(annots.toString());
    }
  }
  for (const [ref, object] of after.enumerateIndirectObjects()) {
    const previous = before.lookup(ref);
    if (previous === undefined || serialized(previous) === serialized(object)) continue;
    const name = `object ${ref.toString()}`;
    const type = typeOf(object);
    if (ref === root || ref === formRef || ref === fieldsRef || (type && STRUCTURAL_TYPES.has(type)))
      continue;
    if (annotsRefs.has(ref.toString())) {
      if (!onlyAdded(previous, object)) problems.push(`${name}: annotations were removed from a page`);
    } else if (type === 'Page' && object instanceof PDFDict && previous instanceof PDFDict) {
      const keys = changedKeys(previous, object);
      if (keys.some((key) => key !== 'Annots'))
        problems.push(`${name}: the page's ${keys.join(', ')} changed`);
      else if (!onlyAdded(previous.lookup(PDFName.of('Annots')), object.lookup(PDFName.of('Annots')))) {
        problems.push(`${name}: annotations were removed from a page`);
      }
    } else if (type === 'Annot' && object instanceof PDFDict && previous instanceof PDFDict) {
      if (changedKeys(previous, object).includes('V')) problems.push(`${name}: a field's value changed`);
    } else {
      problems.push(`${name}${type ? ` (${type})` : ''} changed`);
    }
  }
  return problems;
}

/**
 * The signatures of `pdf` in the order of its signature fields. Refuses
 * with MALFORMED_PDF (not a PDF, unparseable), TRUNCATED_PDF (no final
 * %%EOF), ENCRYPTED_PDF, BYTE_RANGE_MISMATCH (a ByteRange that is not four
 * offsets starting at 0 inside the file and leaving out exactly the
 * signature's /Contents) and MALFORMED_DER (a /Contents that holds no DER).
 */
export async function inspectPdfSignatures(pdf: Uint8Array): Promise<PdfSignatureInfo[]> {
  const revisions = pdfRevisions(pdf);
  const doc = await loadPdf(pdf);
  const text = byteString(pdf);
  const states = new Map<number, PDFContext>();
  const stateAt = async (revision: number): Promise<PDFContext> => {
    const end = revisions[revision]?.end ?? pdf.length;
    let state = states.get(revision);
    if (!state) {
      state = revision === revisions.length - 1 ? doc.context : (await loadPdf(pdf.subarray(0, end))).context;
      states.set(revision, state);
    }
    return state;
  };
  const infos: PdfSignatureInfo[] = [];
  for (const field of signatureFields(doc)) {
    const name = fieldName(field);
    const path = `field ${name}`;
    const signature = field.lookup(PDFName.of('V'), PDFDict);
    const { byteRange, contents } = checkedByteRange(pdf, signature, path);
    const [revision, coversRevision] = revisionOf(revisions, text, byteRange[2] + byteRange[3]);
    const problems: string[] = [];
    if (!coversRevision) {
      problems.push(`revision ${revision} goes on after the ByteRange: its last bytes are not signed`);
    }
    for (let r = revision + 1; r < revisions.length; r++) {
      problems.push(...disallowedChanges(await stateAt(r - 1), await stateAt(r)));
    }
    const later = revision < revisions.length - 1;
    infos.push({
      fieldName: name,
      subFilter: signature.lookupMaybe(PDFName.of('SubFilter'), PDFName)?.decodeText(),
      byteRange,
      cms: derPrefix(contents, path).slice(),
      signedContent: () =>
        concatBytes(pdf.subarray(0, byteRange[1]), pdf.subarray(byteRange[2], byteRange[2] + byteRange[3])),
      revision,
      coversRevision,
      coversWholeFile: coversRevision && !later,
      changes: problems.length > 0 ? 'DISALLOWED_CHANGES' : later ? 'ALLOWED_CHANGES' : 'UNCHANGED',
      disallowedChanges: problems,
    });
  }
  return infos;
}
