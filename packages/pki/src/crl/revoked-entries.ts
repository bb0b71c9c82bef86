/**
 * The revokedCertificates list of a CRL, written and read entry by entry
 * without building an ASN.1 object tree.
 *
 * Why not `@peculiar/asn1-schema` here: it goes through asn1js, which costs
 * tens of microseconds and several objects per entry each way, so a CRL of a
 * million entries would take minutes and gigabytes. Each entry is a SEQUENCE
 * of an INTEGER, a Time and at most three small extensions; this module writes
 * and reads exactly that. The extensions whose values repeat (reason, hold
 * instruction) are serialised once by the library and copied; only the
 * per-entry INTEGER, times and container headers are written by hand. Tests
 * compare entries written here with the library's `RevokedCertificate`.
 */
import { AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { CRLReason, CRLReasons, Extension, GeneralNames, type Name } from '@peculiar/asn1-x509';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';

/** CRLReason (RFC 5280 §5.3.1) by name; 7 is not used. */
export const CRL_REASON_CODES = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

export type RevocationReason = keyof typeof CRL_REASON_CODES;

const REASON_BY_CODE = new Map<number, RevocationReason>(
  (Object.entries(CRL_REASON_CODES) as [RevocationReason, number][]).map(([name, code]) => [code, name]),
);

/** holdInstructionCode (RFC 5280 §5.3.2, 2.5.29.23): an OBJECT IDENTIFIER. */
@AsnType({ type: AsnTypeTypes.Choice })
export class HoldInstructionCode {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  value = '';

  constructor(value = '') {
    this.value = value;
  }
}

/** One revoked certificate as the CRL issuer describes it. */
export interface RevokedCertificateEntry {
  /** Positive serial number of the certificate, at most 20 bytes. */
  serialNumber: Uint8Array;
  revocationDate: Date;
  reason?: RevocationReason;
  /** When the key is known or suspected to have been compromised (may precede revocationDate). */
  invalidityDate?: Date;
  /** Hold instruction OID (e.g. `OID.holdInstructionCallIssuer`), with reason certificateHold. */
  holdInstruction?: string;
}

/** A CRL entry as read back. */
export interface CrlEntry {
  /** Hex of the INTEGER's content octets as encoded, the form `CertificateInfo.serialNumberHex` uses. */
  serialNumberHex: string;
  revocationDate: Date;
  reason: RevocationReason | undefined;
  invalidityDate: Date | undefined;
  holdInstruction: string | undefined;
  /**
   * certificateIssuer (RFC 5280 §5.3.3), in indirect CRLs: the directoryName
   * of the issuer of this entry's certificate and of the following entries
   * up to the next one that names another.
   */
  certificateIssuer?: Name;
}

/** The directoryName of a certificateIssuer entry extension's GeneralNames. */
function readCertificateIssuer(value: Uint8Array, path: string): Name {
  let names: GeneralNames;
  try {
    names = AsnConvert.parse(value, GeneralNames);
  } catch (error) {
    throw new PkiError('UNEXPECTED_STRUCTURE', 'bad certificateIssuer', path, { cause: error });
  }
  const directory = names.find((name) => name.directoryName)?.directoryName;
  if (!directory)
    throw new PkiError('UNEXPECTED_STRUCTURE', 'certificateIssuer without a directoryName', path);
  return directory;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hexOf(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b]!;
  return out;
}

/** A serial number's hex in canonical form: lower case, no leading zero octets. */
export function canonicalSerialHex(serialHex: string): string {
  const lower = serialHex.toLowerCase();
  let start = 0;
  while (start + 2 < lower.length && lower.startsWith('00', start)) start += 2;
  return lower.slice(start);
}

function libraryExtension(oid: string, value: unknown): Uint8Array {
  return new Uint8Array(
    AsnConvert.serialize(
      new Extension({
        extnID: oid,
        critical: false,
        extnValue: new OctetString(AsnConvert.serialize(value)),
      }),
    ),
  );
}

const reasonExtensions = new Map<RevocationReason, Uint8Array>();
const holdExtensions = new Map<string, Uint8Array>();

function reasonExtension(reason: RevocationReason): Uint8Array {
  let der = reasonExtensions.get(reason);
  if (!der) {
    der = libraryExtension(OID.crlReason, new CRLReason(CRLReasons[reason]));
    reasonExtensions.set(reason, der);
  }
  return der;
}

function holdExtension(oid: string, path: string): Uint8Array {
  let der = holdExtensions.get(oid);
  if (!der) {
    if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(oid)) {
      throw new PkiError('INVALID_ARGUMENT', `not an object identifier: ${oid}`, path);
    }
    der = libraryExtension(OID.holdInstructionCode, new HoldInstructionCode(oid));
    holdExtensions.set(oid, der);
  }
  return der;
}

/** DER of the OBJECT IDENTIFIER 2.5.29.24 (invalidityDate). */
const INVALIDITY_OID = Uint8Array.from([0x06, 0x03, 0x55, 0x1d, 0x18]);
const TAG_INTEGER = 0x02;
const TAG_OCTET_STRING = 0x04;
const TAG_UTC_TIME = 0x17;
const TAG_GENERALIZED_TIME = 0x18;
const TAG_SEQUENCE = 0x30;

/** Octets a DER tag and definite length take for content of `length` octets. */
export function headerLength(length: number): number {
  return length < 0x80 ? 2 : length < 0x100 ? 3 : length < 0x10000 ? 4 : length < 0x1000000 ? 5 : 6;
}

/** An append-only byte buffer that doubles as it fills, with DER header writing. */
export class DerWriter {
  private buffer: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.buffer = new Uint8Array(capacity);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  /** Tag and definite length (short or long form, minimal as DER requires). */
  header(tag: number, length: number): void {
    this.reserve(6);
    this.buffer[this.length++] = tag;
    if (length < 0x80) {
      this.buffer[this.length++] = length;
      return;
    }
    const count = headerLength(length) - 2;
    this.buffer[this.length++] = 0x80 | count;
    for (let i = count - 1; i >= 0; i--) this.buffer[this.length++] = (length >>> (8 * i)) & 0xff;
  }

  /** Date as UTCTime (1950–2049) or GeneralizedTime, whole seconds, `Z` (RFC 5280 §4.1.2.5). */
  time(date: Date, generalized: boolean): void {
    const year = date.getUTCFullYear();
    const parts = [
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
    ];
    this.header(generalized ? TAG_GENERALIZED_TIME : TAG_UTC_TIME, generalized ? 15 : 13);
    this.reserve(15);
    if (generalized) {
      this.digits(Math.floor(year / 100));
    }
    this.digits(year % 100);
    for (const part of parts) this.digits(part);
    this.buffer[this.length++] = 0x5a;
  }

  private digits(value: number): void {
    this.buffer[this.length++] = 0x30 + Math.floor(value / 10);
    this.buffer[this.length++] = 0x30 + (value % 10);
  }

  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

function timeLength(date: Date): number {
  return usesGeneralizedTime(date) ? 17 : 15;
}

function usesGeneralizedTime(date: Date): boolean {
  const year = date.getUTCFullYear();
  return year < 1950 || year > 2049;
}

function checkDate(date: Date, path: string): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new PkiError('INVALID_ARGUMENT', 'not a valid date', path);
  }
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) throw new PkiError('INVALID_ARGUMENT', 'year out of range', path);
}

/**
 * Appends one revokedCertificates entry to `out`. `serialContent` is the
 * INTEGER's content octets (positive, minimal) already checked by the caller.
 */
export function writeEntry(
  out: DerWriter,
  entry: RevokedCertificateEntry,
  serialContent: Uint8Array,
  path: string,
): void {
  checkDate(entry.revocationDate, `${path}.revocationDate`);
  const reason = entry.reason !== undefined ? reasonExtension(entry.reason) : undefined;
  const hold =
    entry.holdInstruction !== undefined
      ? holdExtension(entry.holdInstruction, `${path}.holdInstruction`)
      : undefined;
  let invalidityLength = 0;
  if (entry.invalidityDate !== undefined) {
    checkDate(entry.invalidityDate, `${path}.invalidityDate`);
    // SEQUENCE { OID, OCTET STRING { GeneralizedTime } }: 5 + 2 + 17 content octets.
    invalidityLength = 2 + INVALIDITY_OID.length + 2 + 17;
  }
  const extensionsLength = (reason?.length ?? 0) + (hold?.length ?? 0) + invalidityLength;
  const serialLength = 2 + serialContent.length;
  const contentLength =
    serialLength +
    timeLength(entry.revocationDate) +
    (extensionsLength > 0 ? headerLength(extensionsLength) + extensionsLength : 0);
  out.header(TAG_SEQUENCE, contentLength);
  out.header(TAG_INTEGER, serialContent.length);
  out.bytes(serialContent);
  out.time(entry.revocationDate, usesGeneralizedTime(entry.revocationDate));
  if (extensionsLength === 0) return;
  out.header(TAG_SEQUENCE, extensionsLength);
  if (reason) out.bytes(reason);
  if (entry.invalidityDate !== undefined) {
    out.header(TAG_SEQUENCE, invalidityLength - 2);
    out.bytes(INVALIDITY_OID);
    out.header(TAG_OCTET_STRING, 17);
    out.time(entry.invalidityDate, true);
  }
  if (hold) out.bytes(hold);
}

/** A cursor over DER whose structure `checkDerStructure` has already validated. */
export class DerReader {
  constructor(
    readonly der: Uint8Array,
    public offset: number,
    readonly end: number,
  ) {}

  get done(): boolean {
    return this.offset >= this.end;
  }

  peekTag(): number | undefined {
    return this.offset < this.end ? this.der[this.offset] : undefined;
  }

  /** Reads one TLV; returns its tag and content bounds and moves past it. */
  next(path: string): { tag: number; start: number; contentStart: number; end: number } {
    const der = this.der;
    const start = this.offset;
    if (start + 2 > this.end) throw new PkiError('MALFORMED_DER', 'truncated', path);
    const tag = der[start]!;
    if ((tag & 0x1f) === 0x1f) throw new PkiError('UNEXPECTED_STRUCTURE', 'unexpected high tag', path);
    let offset = start + 1;
    const first = der[offset++]!;
    let length = first;
    if (first >= 0x80) {
      const count = first & 0x7f;
      if (count === 0 || count > 4) throw new PkiError('MALFORMED_DER', 'bad length', path);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + der[offset++]!;
    }
    const end = offset + length;
    if (end > this.end) throw new PkiError('MALFORMED_DER', 'value runs past its container', path);
    this.offset = end;
    return { tag, start, contentStart: offset, end };
  }

  /** Reads one TLV with the expected tag and returns a reader over its content. */
  enter(tag: number, path: string): DerReader {
    const tlv = this.next(path);
    if (tlv.tag !== tag) {
      throw new PkiError('UNEXPECTED_STRUCTURE', `expected tag 0x${HEX[tag]!}, got 0x${HEX[tlv.tag]!}`, path);
    }
    return new DerReader(this.der, tlv.contentStart, tlv.end);
  }
}

function digit(der: Uint8Array, at: number, path: string): number {
  const value = der[at]! - 0x30;
  if (value < 0 || value > 9) throw new PkiError('UNEXPECTED_STRUCTURE', 'bad digit in time', path);
  return value;
}

/** Reads a UTCTime or GeneralizedTime in the DER form RFC 5280 requires (seconds, `Z`). */
export function readTime(reader: DerReader, path: string): Date {
  const { tag, contentStart, end } = reader.next(path);
  const der = reader.der;
  const length = end - contentStart;
  let year: number;
  let at = contentStart;
  if (tag === TAG_UTC_TIME && length === 13) {
    const yy = digit(der, at, path) * 10 + digit(der, at + 1, path);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
    at += 2;
  } else if (tag === TAG_GENERALIZED_TIME && length === 15) {
    year = 0;
    for (let i = 0; i < 4; i++) year = year * 10 + digit(der, at + i, path);
    at += 4;
  } else {
    throw new PkiError(
      'UNEXPECTED_STRUCTURE',
      'expected a UTCTime or GeneralizedTime with seconds and Z',
      path,
    );
  }
  const month = digit(der, at, path) * 10 + digit(der, at + 1, path);
  const day = digit(der, at + 2, path) * 10 + digit(der, at + 3, path);
  const hours = digit(der, at + 4, path) * 10 + digit(der, at + 5, path);
  const minutes = digit(der, at + 6, path) * 10 + digit(der, at + 7, path);
  const seconds = digit(der, at + 8, path) * 10 + digit(der, at + 9, path);
  if (der[at + 10] !== 0x5a) throw new PkiError('UNEXPECTED_STRUCTURE', 'time must end in Z', path);
  const date = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds));
  if (year < 100) date.setUTCFullYear(year);
  if (
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hours ||
    date.getUTCMinutes() !== minutes ||
    date.getUTCSeconds() !== seconds
  ) {
    throw new PkiError('UNEXPECTED_STRUCTURE', 'not a valid calendar time', path);
  }
  return date;
}

/** The entry extensions we read, by the last octet of their OID 2.5.29.x (content 55 1d x). */
type EntryExtensionKind = 'reason' | 'invalidityDate' | 'holdInstruction' | 'certificateIssuer';

const ENTRY_EXTENSIONS = new Map<number, EntryExtensionKind>([
  [0x15, 'reason'],
  [0x18, 'invalidityDate'],
  [0x17, 'holdInstruction'],
  [0x1d, 'certificateIssuer'],
]);

function entryExtensionKind(der: Uint8Array, oid: DerReader): EntryExtensionKind | undefined {
  if (oid.end - oid.offset !== 3 || der[oid.offset] !== 0x55 || der[oid.offset + 1] !== 0x1d)
    return undefined;
  return ENTRY_EXTENSIONS.get(der[oid.offset + 2]!);
}

const holdByValue = new Map<string, string>();

function readHold(value: Uint8Array, path: string): string {
  const key = hexOf(value);
  let oid = holdByValue.get(key);
  if (oid === undefined) {
    try {
      oid = AsnConvert.parse(value, HoldInstructionCode).value;
    } catch (error) {
      throw new PkiError('UNEXPECTED_STRUCTURE', 'bad holdInstructionCode', path, { cause: error });
    }
    holdByValue.set(key, oid);
  }
  return oid;
}

function readReason(value: Uint8Array, path: string): RevocationReason {
  // ENUMERATED of one content octet: every defined code fits.
  const reason =
    value.length === 3 && value[0] === 0x0a && value[1] === 0x01 ? REASON_BY_CODE.get(value[2]!) : undefined;
  if (!reason) throw new PkiError('UNEXPECTED_STRUCTURE', 'unknown or badly encoded CRL reason', path);
  return reason;
}

/** Reads one revokedCertificates entry. */
export function readEntry(list: DerReader, path: string): CrlEntry {
  const entry = list.enter(TAG_SEQUENCE, path);
  const der = entry.der;
  const serial = entry.next(`${path}.userCertificate`);
  if (serial.tag !== TAG_INTEGER || serial.end === serial.contentStart) {
    throw new PkiError(
      'UNEXPECTED_STRUCTURE',
      'expected an INTEGER serial number',
      `${path}.userCertificate`,
    );
  }
  const result: CrlEntry = {
    serialNumberHex: hexOf(der.subarray(serial.contentStart, serial.end)),
    revocationDate: readTime(entry, `${path}.revocationDate`),
    reason: undefined,
    invalidityDate: undefined,
    holdInstruction: undefined,
  };
  if (!entry.done) {
    const extensions = entry.enter(TAG_SEQUENCE, `${path}.crlEntryExtensions`);
    for (let i = 0; !extensions.done; i++) {
      const extPath = `${path}.crlEntryExtensions[${i}]`;
      const extension = extensions.enter(TAG_SEQUENCE, extPath);
      const oid = extension.enter(0x06, extPath);
      const kind = entryExtensionKind(der, oid);
      let critical = false;
      if (extension.peekTag() === 0x01) {
        const flag = extension.next(extPath);
        critical = flag.end - flag.contentStart === 1 && der[flag.contentStart] !== 0;
      }
      const value = extension.enter(TAG_OCTET_STRING, extPath);
      const content = der.subarray(value.offset, value.end);
      if (!extension.done) throw new PkiError('UNEXPECTED_STRUCTURE', 'trailing data in extension', extPath);
      if (kind === 'reason') result.reason = readReason(content, `${extPath}.reasonCode`);
      else if (kind === 'holdInstruction')
        result.holdInstruction = readHold(content, `${extPath}.holdInstructionCode`);
      else if (kind === 'invalidityDate') {
        const time = new DerReader(der, value.offset, value.end);
        result.invalidityDate = readTime(time, `${extPath}.invalidityDate`);
        if (!time.done)
          throw new PkiError('UNEXPECTED_STRUCTURE', 'trailing data', `${extPath}.invalidityDate`);
      } else if (kind === 'certificateIssuer') {
        result.certificateIssuer = readCertificateIssuer(content, `${extPath}.certificateIssuer`);
      } else if (critical) {
        throw new PkiError('UNEXPECTED_STRUCTURE', 'unsupported critical CRL entry extension', extPath);
      }
    }
  }
  if (!entry.done) throw new PkiError('UNEXPECTED_STRUCTURE', 'trailing data in CRL entry', path);
  return result;
}
