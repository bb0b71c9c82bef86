import {
  AsnConvert,
  AsnIntegerBigIntConverter,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AuthorityKeyIdentifier,
  Extension,
  Extensions,
  KeyIdentifier,
  Name,
  Time,
  type SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import type { Signer } from '../algorithms/signer.js';
import { verifySignature } from '../algorithms/verify.js';
import { checkDerStructure, parseDer, toDer } from '../asn1/der.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { positiveInteger } from '../x509/certificate.js';
import { freshestCrlExtension, issuingDistributionPointExtension } from '../x509/extensions.js';
import { formatName, nameAttributes, type NameAttribute } from '../x509/name.js';
import {
  DerReader,
  DerWriter,
  canonicalSerialHex,
  headerLength,
  hexOf,
  readEntry,
  readTime,
  writeEntry,
  type CrlEntry,
  type RevokedCertificateEntry,
} from './revoked-entries.js';

/**
 * CRLNumber and BaseCRLNumber (RFC 5280 §5.2.3, §5.2.4): a non-negative
 * INTEGER of up to 20 octets, so a bigint (the library's class holds a number).
 */
@AsnType({ type: AsnTypeTypes.Choice })
export class CrlNumberValue {
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })
  value = 0n;

  constructor(value = 0n) {
    this.value = value;
  }
}

/** What to put into a CRL v2 (RFC 5280 §5); the issuer's signer signs it. */
export interface CrlTemplate {
  issuer: Name;
  signer: Signer;
  thisUpdate: Date;
  nextUpdate: Date;
  /** Monotonically increasing per issuer and scope, 0 ≤ n < 2^159. */
  crlNumber: bigint;
  /** The CRL number of the base CRL: makes this a delta CRL (critical deltaCRLIndicator). */
  deltaCrlIndicator?: bigint;
  /** The issuer's subjectKeyIdentifier. */
  authorityKeyIdentifier?: Uint8Array;
  /** Where the delta CRLs for this complete CRL are (freshestCRL); not allowed in a delta CRL. */
  freshestCrl?: string[];
  /**
   * The distribution point URI this CRL is published at, when it covers
   * only the certificates that name it (critical issuingDistributionPoint,
   * RFC 5280 §5.2.5): one partition of the issuer's certificates.
   */
  issuingDistributionPoint?: string;
  entries: Iterable<RevokedCertificateEntry>;
}

const MAX_CRL_NUMBER = 1n << 159n;

function crlNumberExtension(oid: string, critical: boolean, value: bigint, path: string): Extension {
  if (typeof value !== 'bigint' || value < 0n || value >= MAX_CRL_NUMBER) {
    throw new PkiError('INVALID_ARGUMENT', 'must be a bigint in 0 ≤ n < 2^159 (20 octets)', path);
  }
  return new Extension({
    extnID: oid,
    critical,
    extnValue: new OctetString(AsnConvert.serialize(new CrlNumberValue(value))),
  });
}

function crlExtensions(template: CrlTemplate): Extensions {
  const list: Extension[] = [];
  if (template.authorityKeyIdentifier) {
    list.push(
      new Extension({
        extnID: OID.authorityKeyIdentifier,
        critical: false,
        extnValue: new OctetString(
          AsnConvert.serialize(
            new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(template.authorityKeyIdentifier) }),
          ),
        ),
      }),
    );
  }
  list.push(crlNumberExtension(OID.crlNumber, false, template.crlNumber, 'crlNumber'));
  if (template.deltaCrlIndicator !== undefined) {
    if (template.deltaCrlIndicator >= template.crlNumber) {
      throw new PkiError(
        'INVALID_ARGUMENT',
        'the base CRL number must be lower than this CRL number',
        'deltaCrlIndicator',
      );
    }
    list.push(
      crlNumberExtension(OID.deltaCrlIndicator, true, template.deltaCrlIndicator, 'deltaCrlIndicator'),
    );
  }
  if (template.freshestCrl?.length) {
    // RFC 5280 §5.2.6: a delta CRL points to no fresher one.
    if (template.deltaCrlIndicator !== undefined) {
      throw new PkiError('INVALID_ARGUMENT', 'a delta CRL must not carry freshestCRL', 'freshestCrl');
    }
    list.push(freshestCrlExtension(template.freshestCrl));
  }
  if (template.issuingDistributionPoint !== undefined) {
    list.push(issuingDistributionPointExtension(template.issuingDistributionPoint));
  }
  return new Extensions(list);
}

/**
 * Builds a CRL v2, signs it with the issuer's signer and returns its DER.
 *
 * The header fields (signature algorithm, issuer, times, extensions) are
 * serialised by `@peculiar/asn1-x509`; the revokedCertificates list is
 * written entry by entry (see revoked-entries.ts) so that a million entries
 * take seconds, and the parts are joined under SEQUENCE headers.
 */
export async function createCrl(template: CrlTemplate): Promise<Uint8Array> {
  if (template.nextUpdate.getTime() <= template.thisUpdate.getTime()) {
    throw new PkiError('INVALID_ARGUMENT', 'nextUpdate must be later than thisUpdate', 'nextUpdate');
  }
  const isDelta = template.deltaCrlIndicator !== undefined;
  const head = [
    Uint8Array.from([0x02, 0x01, 0x01]), // version v2
    toDer(template.signer.signatureAlgorithm),
    toDer(template.issuer),
    toDer(new Time(template.thisUpdate)),
    toDer(new Time(template.nextUpdate)),
  ];
  const extensions = toDer(crlExtensions(template));
  const entries = new DerWriter();
  const seen = new Set<string>();
  let index = 0;
  for (const entry of template.entries) {
    const path = `entries[${index++}]`;
    const serial = new Uint8Array(positiveInteger(entry.serialNumber, `${path}.serialNumber`));
    const key = canonicalSerialHex(hexOf(serial));
    if (seen.has(key)) throw new PkiError('INVALID_ARGUMENT', `serial number ${key} listed twice`, path);
    seen.add(key);
    if (entry.reason === 'removeFromCRL' && !isDelta) {
      throw new PkiError(
        'INVALID_ARGUMENT',
        'removeFromCRL is only allowed in a delta CRL',
        `${path}.reason`,
      );
    }
    writeEntry(entries, entry, serial, path);
  }
  const headLength = head.reduce((sum, part) => sum + part.length, 0);
  // RFC 5280 §5.1.2.6: with no revoked certificates the list is absent, not empty.
  const listLength = entries.length > 0 ? headerLength(entries.length) + entries.length : 0;
  const extensionsLength = headerLength(extensions.length) + extensions.length;
  const tbsLength = headLength + listLength + extensionsLength;
  const tbs = new DerWriter(headerLength(tbsLength) + tbsLength);
  tbs.header(0x30, tbsLength);
  for (const part of head) tbs.bytes(part);
  if (entries.length > 0) {
    tbs.header(0x30, entries.length);
    tbs.bytes(entries.result());
  }
  tbs.header(0xa0, extensions.length);
  tbs.bytes(extensions);
  const tbsDer = tbs.result();
  const signature = await template.signer.sign(tbsDer);
  const algorithm = toDer(template.signer.signatureAlgorithm);
  const bitStringLength = signature.length + 1;
  const outerLength = tbsDer.length + algorithm.length + headerLength(bitStringLength) + bitStringLength;
  const crl = new DerWriter(headerLength(outerLength) + outerLength);
  crl.header(0x30, outerLength);
  crl.bytes(tbsDer);
  crl.bytes(algorithm);
  crl.header(0x03, bitStringLength);
  crl.byte(0x00);
  crl.bytes(signature);
  return crl.result();
}

/** A parsed CRL; entries in list order, and a lookup by serial number. */
export interface CrlInfo {
  der: Uint8Array;
  /** The signed TBSCertList bytes exactly as received. */
  tbsDer: Uint8Array;
  /** 2 for v2 CRLs, 1 when the version field is absent. */
  version: 1 | 2;
  signatureAlgorithm: string;
  signatureAlgorithmIdentifier: AlgorithmIdentifier;
  signatureValue: Uint8Array;
  issuer: NameAttribute[];
  issuerText: string;
  issuerName: Name;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  crlNumber: bigint | undefined;
  /** The base CRL number when this is a delta CRL. */
  deltaCrlIndicator: bigint | undefined;
  authorityKeyIdentifier: Uint8Array | undefined;
  /** OIDs of every CRL extension, known to us or not, with criticality. */
  extensions: { oid: string; critical: boolean }[];
  entries: CrlEntry[];
  /**
   * Whether the serial number (hex, any case, leading zero octets or not) is
   * listed as revoked or on hold. An entry with reason removeFromCRL (delta
   * CRLs) says the certificate is no longer revoked, so it answers false.
   */
  isRevoked(serialHex: string): boolean;
  /** The entry for the serial number, whatever its reason. */
  findEntry(serialHex: string): CrlEntry | undefined;
}

function bigintExtension(extension: Extension, path: string): bigint {
  return parseDer(new Uint8Array(extension.extnValue.buffer), CrlNumberValue, path).value;
}

/**
 * Parses a CRL (v1 or v2). Throws only PkiError, with the path of the bad
 * field. Linear in the size of the CRL.
 */
export function parseCrl(der: Uint8Array): CrlInfo {
  if (!(der instanceof Uint8Array))
    throw new PkiError('INVALID_ARGUMENT', 'DER input must be a Uint8Array', 'certificateList');
  checkDerStructure(der, 'certificateList');
  const outer = new DerReader(der, 0, der.length).enter(0x30, 'certificateList');
  const tbsStart = outer.offset;
  const tbs = outer.enter(0x30, 'tbsCertList');
  const tbsDer = der.subarray(tbsStart, tbs.end);
  const algorithmTlv = outer.next('signatureAlgorithm');
  const algorithmDer = der.subarray(algorithmTlv.start, algorithmTlv.end);
  const signatureAlgorithmIdentifier = parseDer(algorithmDer, AlgorithmIdentifier, 'signatureAlgorithm');
  const bits = outer.enter(0x03, 'signatureValue');
  if (bits.end === bits.offset || der[bits.offset] !== 0) {
    throw new PkiError('UNEXPECTED_STRUCTURE', 'signature must be whole octets', 'signatureValue');
  }
  const signatureValue = der.slice(bits.offset + 1, bits.end);
  if (!outer.done) throw new PkiError('UNEXPECTED_STRUCTURE', 'trailing data', 'certificateList');

  let version: 1 | 2 = 1;
  if (tbs.peekTag() === 0x02) {
    const v = tbs.next('tbsCertList.version');
    if (v.end - v.contentStart !== 1 || der[v.contentStart] !== 1) {
      throw new PkiError('UNEXPECTED_STRUCTURE', 'only CRL v2 may carry a version', 'tbsCertList.version');
    }
    version = 2;
  }
  const innerAlgorithm = tbs.next('tbsCertList.signature');
  if (hexOf(der.subarray(innerAlgorithm.start, innerAlgorithm.end)) !== hexOf(algorithmDer)) {
    throw new PkiError(
      'UNEXPECTED_STRUCTURE',
      'signature algorithm differs from the outer one',
      'tbsCertList.signature',
    );
  }
  const issuerTlv = tbs.next('tbsCertList.issuer');
  const issuerName = parseDer(der.subarray(issuerTlv.start, issuerTlv.end), Name, 'tbsCertList.issuer');
  const thisUpdate = readTime(tbs, 'tbsCertList.thisUpdate');
  const nextTag = tbs.peekTag();
  const nextUpdate =
    nextTag === 0x17 || nextTag === 0x18 ? readTime(tbs, 'tbsCertList.nextUpdate') : undefined;
  const entries: CrlEntry[] = [];
  const bySerial = new Map<string, CrlEntry>();
  if (tbs.peekTag() === 0x30) {
    const list = tbs.enter(0x30, 'tbsCertList.revokedCertificates');
    while (!list.done) {
      const entry = readEntry(list, `tbsCertList.revokedCertificates[${entries.length}]`);
      entries.push(entry);
      bySerial.set(canonicalSerialHex(entry.serialNumberHex), entry);
    }
  }
  let extensions: Extension[] = [];
  if (tbs.peekTag() === 0xa0) {
    const wrapper = tbs.enter(0xa0, 'tbsCertList.crlExtensions');
    const list = wrapper.next('tbsCertList.crlExtensions');
    extensions = Array.from(
      parseDer(der.subarray(list.start, list.end), Extensions, 'tbsCertList.crlExtensions'),
    );
    if (!wrapper.done)
      throw new PkiError('UNEXPECTED_STRUCTURE', 'trailing data', 'tbsCertList.crlExtensions');
  }
  if (!tbs.done) throw new PkiError('UNEXPECTED_STRUCTURE', 'unexpected field', 'tbsCertList');
  const find = (oid: string): Extension | undefined => extensions.find((e) => e.extnID === oid);
  const number = find(OID.crlNumber);
  const delta = find(OID.deltaCrlIndicator);
  const aki = find(OID.authorityKeyIdentifier);
  const keyIdentifier = aki
    ? parseDer(
        new Uint8Array(aki.extnValue.buffer),
        AuthorityKeyIdentifier,
        'tbsCertList.crlExtensions.authorityKeyIdentifier',
      ).keyIdentifier
    : undefined;
  const findEntry = (serialHex: string): CrlEntry | undefined => bySerial.get(canonicalSerialHex(serialHex));
  return {
    der,
    tbsDer,
    version,
    signatureAlgorithm: signatureAlgorithmIdentifier.algorithm,
    signatureAlgorithmIdentifier,
    signatureValue,
    issuer: nameAttributes(issuerName),
    issuerText: formatName(issuerName),
    issuerName,
    thisUpdate,
    nextUpdate,
    crlNumber: number ? bigintExtension(number, 'tbsCertList.crlExtensions.crlNumber') : undefined,
    deltaCrlIndicator: delta
      ? bigintExtension(delta, 'tbsCertList.crlExtensions.deltaCrlIndicator')
      : undefined,
    authorityKeyIdentifier: keyIdentifier ? new Uint8Array(keyIdentifier.buffer) : undefined,
    extensions: extensions.map((e) => ({ oid: e.extnID, critical: e.critical })),
    entries,
    isRevoked: (serialHex) => {
      const entry = findEntry(serialHex);
      return entry !== undefined && entry.reason !== 'removeFromCRL';
    },
    findEntry,
  };
}

/** Whether the CRL's signature verifies under the issuer's public key. */
export async function verifyCrlSignature(
  crl: Uint8Array | CrlInfo,
  issuerPublicKey: SubjectPublicKeyInfo,
): Promise<boolean> {
  const info = crl instanceof Uint8Array ? parseCrl(crl) : crl;
  return verifySignature(
    issuerPublicKey,
    info.signatureAlgorithmIdentifier,
    info.tbsDer,
    info.signatureValue,
  );
}
