import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AccessDescription,
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CRLDistributionPoints,
  CertificatePolicies,
  DistributionPoint,
  DistributionPointName,
  IssuingDistributionPoint,
  ExtendedKeyUsage,
  Extension,
  FreshestCRL,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  PolicyInformation,
  PrivateKeyUsagePeriod,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  Extensions,
} from '@peculiar/asn1-x509';
import { tlv } from '../cms/tlv.js';
import { OID } from '../oids.js';
import { hex } from './extension-values.js';
import { IssuerSignTool, type IdentificationKind } from './russian-extensions.js';

export type KeyUsageName = keyof typeof KeyUsageFlags;

/** The extensions a certificate template may ask for, in plain terms. */
export interface CertificateExtensions {
  basicConstraints?: { ca: boolean; pathLength?: number };
  keyUsage?: KeyUsageName[];
  extendedKeyUsage?: string[];
  /** Marks extendedKeyUsage critical, as RFC 3161 §2.3 requires for a TSA certificate. */
  extendedKeyUsageCritical?: boolean;
  subjectKeyIdentifier?: Uint8Array;
  authorityKeyIdentifier?: Uint8Array;
  subjectAltName?: { dns?: string[]; ip?: string[]; email?: string[] };
  crlDistributionPoints?: string[];
  /** URLs of the delta CRLs (freshestCRL). */
  freshestCrl?: string[];
  authorityInfoAccess?: { ocsp?: string[]; caIssuers?: string[] };
  certificatePolicies?: string[];
  privateKeyUsagePeriod?: { notBefore?: Date; notAfter?: Date };
  subjectSignTool?: string;
  issuerSignTool?: {
    signTool: string;
    caTool: string;
    signToolCertificate: string;
    caToolCertificate: string;
  };
  identificationKind?: IdentificationKind;
  ocspNoCheck?: boolean;
}

function extension(oid: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

function rawExtension(oid: string, critical: boolean, der: Uint8Array): Extension {
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(der) });
}

function uri(value: string): GeneralName {
  return new GeneralName({ uniformResourceIdentifier: value });
}

function distributionPoints(urls: readonly string[]): DistributionPoint[] {
  return urls.map(
    (url) =>
      new DistributionPoint({ distributionPoint: new DistributionPointName({ fullName: [uri(url)] }) }),
  );
}

/**
 * freshestCRL (RFC 5280 §4.2.1.15, §5.2.6): where the delta CRLs are, with
 * the syntax of CRL distribution points; non-critical. Certificates and
 * complete CRLs carry it alike.
 */
export function freshestCrlExtension(urls: readonly string[]): Extension {
  return extension(OID.freshestCrl, false, new FreshestCRL(distributionPoints(urls)));
}

/**
 * issuingDistributionPoint (RFC 5280 §5.2.5) naming one URI: the CRL
 * covers only certificates whose cRLDistributionPoints name that URI (a
 * partitioned, "sharded" CRL), so a relying party does not take it as
 * complete for a certificate of another partition. Always critical.
 */
export function issuingDistributionPointExtension(url: string): Extension {
  return extension(
    OID.issuingDistributionPoint,
    true,
    new IssuingDistributionPoint({ distributionPoint: new DistributionPointName({ fullName: [uri(url)] }) }),
  );
}

/** DER of a small INTEGER (0..127). */
function integerDer(value: number): Uint8Array {
  return Uint8Array.from([0x02, 0x01, value]);
}

/** Builds the Extensions of a certificate in a stable order, criticality as RFC 5280 and Order 795 want. */
export function buildExtensions(e: CertificateExtensions): Extensions {
  const list: Extension[] = [];
  if (e.basicConstraints) {
    list.push(
      extension(
        OID.basicConstraints,
        true,
        new BasicConstraints({
          cA: e.basicConstraints.ca,
          ...(e.basicConstraints.pathLength !== undefined
            ? { pathLenConstraint: e.basicConstraints.pathLength }
            : {}),
        }),
      ),
    );
  }
  if (e.keyUsage) {
    const flags = e.keyUsage.reduce((acc, name) => acc | KeyUsageFlags[name], 0);
    list.push(extension(OID.keyUsage, true, new KeyUsage(flags)));
  }
  if (e.extendedKeyUsage)
    list.push(
      extension(
        OID.extKeyUsage,
        e.extendedKeyUsageCritical ?? false,
        new ExtendedKeyUsage(e.extendedKeyUsage),
      ),
    );
  if (e.subjectKeyIdentifier) {
    list.push(extension(OID.subjectKeyIdentifier, false, new SubjectKeyIdentifier(e.subjectKeyIdentifier)));
  }
  if (e.authorityKeyIdentifier) {
    list.push(
      extension(
        OID.authorityKeyIdentifier,
        false,
        new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(e.authorityKeyIdentifier) }),
      ),
    );
  }
  if (e.subjectAltName) {
    const names = [
      ...(e.subjectAltName.dns ?? []).map((dNSName) => new GeneralName({ dNSName })),
      ...(e.subjectAltName.ip ?? []).map((iPAddress) => new GeneralName({ iPAddress })),
      ...(e.subjectAltName.email ?? []).map((rfc822Name) => new GeneralName({ rfc822Name })),
    ];
    list.push(extension(OID.subjectAltName, false, new SubjectAlternativeName(names)));
  }
  if (e.crlDistributionPoints?.length) {
    list.push(
      extension(
        OID.crlDistributionPoints,
        false,
        new CRLDistributionPoints(distributionPoints(e.crlDistributionPoints)),
      ),
    );
  }
  if (e.freshestCrl?.length) list.push(freshestCrlExtension(e.freshestCrl));
  if (e.authorityInfoAccess) {
    const access = [
      ...(e.authorityInfoAccess.ocsp ?? []).map(
        (u) => new AccessDescription({ accessMethod: OID.ocspMethod, accessLocation: uri(u) }),
      ),
      ...(e.authorityInfoAccess.caIssuers ?? []).map(
        (u) => new AccessDescription({ accessMethod: OID.caIssuersMethod, accessLocation: uri(u) }),
      ),
    ];
    if (access.length)
      list.push(extension(OID.authorityInfoAccess, false, new AuthorityInfoAccessSyntax(access)));
  }
  if (e.certificatePolicies?.length) {
    list.push(
      extension(
        OID.certificatePolicies,
        false,
        new CertificatePolicies(
          e.certificatePolicies.map((policyIdentifier) => new PolicyInformation({ policyIdentifier })),
        ),
      ),
    );
  }
  if (e.privateKeyUsagePeriod) {
    list.push(
      extension(
        OID.privateKeyUsagePeriod,
        false,
        new PrivateKeyUsagePeriod({
          ...(e.privateKeyUsagePeriod.notBefore ? { notBefore: e.privateKeyUsagePeriod.notBefore } : {}),
          ...(e.privateKeyUsagePeriod.notAfter ? { notAfter: e.privateKeyUsagePeriod.notAfter } : {}),
        }),
      ),
    );
  }
  if (e.subjectSignTool !== undefined)
    list.push(rawExtension(OID.subjectSignTool, false, utf8(e.subjectSignTool)));
  if (e.issuerSignTool) {
    list.push(
      extension(
        OID.issuerSignTool,
        false,
        new IssuerSignTool({
          signTool: e.issuerSignTool.signTool,
          cATool: e.issuerSignTool.caTool,
          signToolCert: e.issuerSignTool.signToolCertificate,
          cAToolCert: e.issuerSignTool.caToolCertificate,
        }),
      ),
    );
  }
  if (e.identificationKind !== undefined)
    list.push(rawExtension(OID.identificationKind, false, integerDer(e.identificationKind)));
  if (e.ocspNoCheck) list.push(rawExtension(OID.ocspNoCheck, false, Uint8Array.from([0x05, 0x00])));
  return new Extensions(list);
}

/**
 * Which extension each field of CertificateExtensions makes, numbered in
 * `buildExtensions`' order (a Record: a new field must be placed here).
 */
const EXTENSION_OF_FIELD: Record<keyof CertificateExtensions, number> = {
  basicConstraints: 0,
  keyUsage: 1,
  extendedKeyUsage: 2,
  extendedKeyUsageCritical: 2,
  subjectKeyIdentifier: 3,
  authorityKeyIdentifier: 4,
  subjectAltName: 5,
  crlDistributionPoints: 6,
  freshestCrl: 7,
  authorityInfoAccess: 8,
  certificatePolicies: 9,
  privateKeyUsagePeriod: 10,
  subjectSignTool: 11,
  issuerSignTool: 12,
  identificationKind: 13,
  ocspNoCheck: 14,
};

/** The fields by the extension they make, in order. */
const EXTENSION_FIELDS: (keyof CertificateExtensions)[][] = [];
for (const [field, index] of Object.entries(EXTENSION_OF_FIELD)) {
  (EXTENSION_FIELDS[index] ??= []).push(field as keyof CertificateExtensions);
}

/** Fields that differ from one certificate to the next: their extensions are encoded each time. */
const PER_CERTIFICATE: ReadonlySet<keyof CertificateExtensions> = new Set([
  'subjectKeyIdentifier',
  'subjectAltName',
  'privateKeyUsagePeriod',
]);

/** Encoded extensions by what they were made from; a CA issues with a handful of profiles and shards. */
const encoded = new Map<string, Uint8Array[]>();
const ENCODED_CAPACITY = 1024;

const keyOf = (part: Partial<CertificateExtensions>): string =>
  JSON.stringify(part, (_, value: unknown) => (value instanceof Uint8Array ? hex(value) : value));

/**
 * The DER of each extension `buildExtensions` makes, in its order. An
 * issuing CA puts the same basic constraints, key usages, authority key
 * identifier, CRL distribution point, AIA, policies and sign tools into
 * every certificate of a profile: those are encoded once and remembered
 * by value; only the subject key identifier, alternative names and private
 * key usage period are encoded for each certificate.
 */
export function encodeExtensions(e: CertificateExtensions): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const fields of EXTENSION_FIELDS) {
    const present = fields.filter((field) => e[field] !== undefined);
    if (present.length === 0) continue;
    const part = Object.fromEntries(present.map((field) => [field, e[field]])) as CertificateExtensions;
    const remembered = !present.some((field) => PER_CERTIFICATE.has(field));
    const key = remembered ? keyOf(part) : undefined;
    let ders = key === undefined ? undefined : encoded.get(key);
    if (!ders && present.length === 1 && present[0] === 'subjectKeyIdentifier') {
      ders = [subjectKeyIdentifierDer(e.subjectKeyIdentifier!)];
    }
    if (!ders) {
      ders = buildExtensions(part).map((ext) => new Uint8Array(AsnConvert.serialize(ext)));
      if (key !== undefined) {
        if (encoded.size >= ENCODED_CAPACITY) encoded.clear();
        encoded.set(key, ders);
      }
    }
    out.push(...ders);
  }
  return out;
}

/** Extension { id-ce-subjectKeyIdentifier (2.5.29.14), extnValue OCTET STRING { KeyIdentifier } }. */
const SUBJECT_KEY_IDENTIFIER_OID = Uint8Array.of(0x06, 0x03, 0x55, 0x1d, 0x0e);

/** The one extension every certificate has its own of, encoded by hand: the ASN.1 library took ~0.1 ms. */
function subjectKeyIdentifierDer(keyIdentifier: Uint8Array): Uint8Array {
  return tlv(0x30, SUBJECT_KEY_IDENTIFIER_OID, tlv(0x04, tlv(0x04, keyIdentifier)));
}

/** DER of a UTF8String. */
function utf8(text: string): Uint8Array {
  return tlv(0x0c, new TextEncoder().encode(text));
}
