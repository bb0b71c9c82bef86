import { PkiError } from '../errors.js';
import { concatBytes } from './tlv.js';

/**
 * Carrying a large content in a SignedData without holding it: the bytes
 * that go before and after the content, so that
 * `prefix ‖ content ‖ suffix` is the DER of the same SignedData with the
 * content attached (eContent `[0] EXPLICIT OCTET STRING`), every length
 * definite and computed from `contentLength`.
 *
 * The signature does not change: CAdES signs the signed attributes, whose
 * messageDigest is the content's digest either way. `signedData` must be a
 * detached ContentInfo (DER) — an attached one is refused, as is anything
 * that is not ContentInfo { contentType, [0] SignedData }. Pure: no I/O.
 */
export interface AttachedFraming {
  prefix: Uint8Array;
  suffix: Uint8Array;
}

interface Tlv {
  tag: number;
  /** Offset of the tag. */
  start: number;
  /** Offset of the contents. */
  contents: number;
  /** Offset just after the contents. */
  end: number;
}

function fail(message: string): never {
  throw new PkiError('UNEXPECTED_STRUCTURE', `cannot attach content: ${message}`);
}

/** One DER TLV at `at` (definite lengths, single-byte tags: all SignedData uses at this level). */
function readTlv(der: Uint8Array, at: number, limit: number): Tlv {
  if (at + 2 > limit) fail('truncated');
  const tag = der[at]!;
  if ((tag & 0x1f) === 0x1f) fail('multi-byte tag');
  const first = der[at + 1]!;
  let length: number;
  let contents: number;
  if (first < 0x80) {
    length = first;
    contents = at + 2;
  } else {
    const count = first & 0x7f;
    if (count === 0 || count > 6) fail(count === 0 ? 'indefinite length (BER)' : 'length too large');
    if (at + 2 + count > limit) fail('truncated');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[at + 2 + i]!;
    contents = at + 2 + count;
  }
  if (contents + length > limit) fail('truncated');
  return { tag, start: at, contents, end: contents + length };
}

/** DER tag and length octets of a value of `length` bytes. */
function header(tag: number, length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) fail(`invalid length ${length}`);
  if (length < 0x80) return Uint8Array.of(tag, length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(tag, 0x80 | bytes.length, ...bytes);
}

export function attachedContentFraming(signedData: Uint8Array, contentLength: number): AttachedFraming {
  const contentInfo = readTlv(signedData, 0, signedData.length);
  if (contentInfo.tag !== 0x30 || contentInfo.end !== signedData.length) fail('not a ContentInfo');
  const contentType = readTlv(signedData, contentInfo.contents, contentInfo.end);
  if (contentType.tag !== 0x06) fail('not a ContentInfo');
  const explicit = readTlv(signedData, contentType.end, contentInfo.end);
  if (explicit.tag !== 0xa0) fail('not a ContentInfo');
  const sd = readTlv(signedData, explicit.contents, explicit.end);
  if (sd.tag !== 0x30) fail('not a SignedData');
  const version = readTlv(signedData, sd.contents, sd.end);
  const digestAlgorithms = readTlv(signedData, version.end, sd.end);
  if (version.tag !== 0x02 || digestAlgorithms.tag !== 0x31) fail('not a SignedData');
  const encap = readTlv(signedData, digestAlgorithms.end, sd.end);
  if (encap.tag !== 0x30) fail('not a SignedData');
  const eContentType = readTlv(signedData, encap.contents, encap.end);
  if (eContentType.tag !== 0x06) fail('not an EncapsulatedContentInfo');
  if (eContentType.end !== encap.end) fail('the content is attached already');

  // Inside out: OCTET STRING, its [0] EXPLICIT, EncapsulatedContentInfo, SignedData, [0], ContentInfo.
  const octets = header(0x04, contentLength);
  const eContentLength = octets.length + contentLength;
  const eContent = header(0xa0, eContentLength);
  const encapLength = eContentType.end - eContentType.start + eContent.length + eContentLength;
  const encapHeader = header(0x30, encapLength);
  const grown = encapHeader.length + encapLength - (encap.end - encap.start);
  const sdLength = sd.end - sd.contents + grown;
  const sdHeader = header(0x30, sdLength);
  const explicitLength = sdHeader.length + sdLength;
  const explicitHeader = header(0xa0, explicitLength);
  const contentInfoLength = contentType.end - contentType.start + explicitHeader.length + explicitLength;
  return {
    prefix: concatBytes(
      header(0x30, contentInfoLength),
      signedData.subarray(contentType.start, contentType.end),
      explicitHeader,
      sdHeader,
      signedData.subarray(sd.contents, encap.start),
      encapHeader,
      signedData.subarray(eContentType.start, eContentType.end),
      eContent,
      octets,
    ),
    suffix: signedData.slice(encap.end, sd.end),
  };
}
