import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CRLDistributionPoints,
  CertificatePolicies,
  ExtendedKeyUsage,
  KeyUsage,
  KeyUsageFlags,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  type Extension,
} from '@peculiar/asn1-x509';
import { parseDer } from '../asn1/der.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import type { KeyUsageName } from './extensions.js';
import { IssuerSignTool } from './russian-extensions.js';

/**
 * The extensions certificates and certification requests share, read into
 * plain values. Certificates and requests both use this, so a request's
 * extensionRequest reads exactly like the certificate it asks for.
 */
export interface ExtensionValues {
  isCa: boolean;
  pathLength: number | undefined;
  keyUsage: KeyUsageName[];
  extendedKeyUsage: string[];
  subjectKeyIdentifier: Uint8Array | undefined;
  authorityKeyIdentifier: Uint8Array | undefined;
  crlDistributionPoints: string[];
  ocspUrls: string[];
  caIssuersUrls: string[];
  certificatePolicies: string[];
  subjectSignTool: string | undefined;
  issuerSignTool: IssuerSignTool | undefined;
  identificationKind: number | undefined;
}

/** Lower-case hex of the bytes. */
export function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

function uris(names: { uniformResourceIdentifier?: string }[] | undefined): string[] {
  return (names ?? []).flatMap((n) => (n.uniformResourceIdentifier ? [n.uniformResourceIdentifier] : []));
}

/** Reads the text of a primitive string or the value of a small INTEGER from its DER. */
function primitiveContent(der: Uint8Array, path: string): Uint8Array {
  let offset = 1;
  const first = der[offset++] ?? 0;
  let length = first;
  if (first > 0x80) {
    length = 0;
    for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + (der[offset++] ?? 0);
  }
  if (offset + length !== der.length) throw new PkiError('MALFORMED_DER', 'bad length', path);
  return der.subarray(offset);
}

/**
 * Reads the extensions into plain values; `path` names the Extensions in
 * error messages (e.g. `tbsCertificate.extensions`). Throws only PkiError.
 */
export function extensionValues(extensions: readonly Extension[] | undefined, path: string): ExtensionValues {
  const raw = (oid: string): Uint8Array | undefined => {
    const ext = extensions?.find((e) => e.extnID === oid);
    return ext ? new Uint8Array(ext.extnValue.buffer) : undefined;
  };
  const value = <T>(oid: string, type: new () => T, field: string): T | undefined => {
    const der = raw(oid);
    return der ? parseDer(der, type, `${path}.${field}`) : undefined;
  };
  const basic = value(OID.basicConstraints, BasicConstraints, 'basicConstraints');
  const keyUsage = value(OID.keyUsage, KeyUsage, 'keyUsage');
  const eku = value(OID.extKeyUsage, ExtendedKeyUsage, 'extKeyUsage');
  const ski = value(OID.subjectKeyIdentifier, SubjectKeyIdentifier, 'subjectKeyIdentifier');
  const aki = value(OID.authorityKeyIdentifier, AuthorityKeyIdentifier, 'authorityKeyIdentifier');
  const cdp = value(OID.crlDistributionPoints, CRLDistributionPoints, 'crlDistributionPoints');
  const aia = Array.from(
    value(OID.authorityInfoAccess, AuthorityInfoAccessSyntax, 'authorityInfoAccess') ?? [],
  );
  const policies = value(OID.certificatePolicies, CertificatePolicies, 'certificatePolicies');
  const issuerTool = value(OID.issuerSignTool, IssuerSignTool, 'issuerSignTool');
  const subjectTool = raw(OID.subjectSignTool);
  const identification = raw(OID.identificationKind);
  const usage = keyUsage ? keyUsage.toNumber() : 0;
  return {
    isCa: basic?.cA ?? false,
    pathLength: basic?.pathLenConstraint,
    keyUsage: (Object.keys(KeyUsageFlags).filter((k) => Number.isNaN(Number(k))) as KeyUsageName[]).filter(
      (name) => (usage & KeyUsageFlags[name]) !== 0,
    ),
    extendedKeyUsage: eku ? [...eku] : [],
    subjectKeyIdentifier: ski ? new Uint8Array(ski.buffer) : undefined,
    authorityKeyIdentifier: aki?.keyIdentifier ? new Uint8Array(aki.keyIdentifier.buffer) : undefined,
    crlDistributionPoints: (cdp ? Array.from(cdp) : []).flatMap((dp) => uris(dp.distributionPoint?.fullName)),
    ocspUrls: uris(aia.filter((a) => a.accessMethod === OID.ocspMethod).map((a) => a.accessLocation)),
    caIssuersUrls: uris(
      aia.filter((a) => a.accessMethod === OID.caIssuersMethod).map((a) => a.accessLocation),
    ),
    certificatePolicies: (policies ? Array.from(policies) : []).map((p) => p.policyIdentifier),
    subjectSignTool: subjectTool
      ? new TextDecoder().decode(primitiveContent(subjectTool, `${path}.subjectSignTool`))
      : undefined,
    issuerSignTool: issuerTool,
    identificationKind: identification
      ? primitiveContent(identification, `${path}.identificationKind`)[0]
      : undefined,
  };
}

/** Subject alternative names by kind (DNS names, IP addresses, e-mail addresses). */
export interface AlternativeNames {
  dns: string[];
  ip: string[];
  email: string[];
}

/** The subjectAltName extension's DNS, IP and e-mail names, or undefined when there is none. */
export function subjectAltNames(
  extensions: readonly Extension[] | undefined,
  path: string,
): AlternativeNames | undefined {
  const ext = extensions?.find((e) => e.extnID === OID.subjectAltName);
  if (!ext) return undefined;
  const names = Array.from(
    parseDer(new Uint8Array(ext.extnValue.buffer), SubjectAlternativeName, `${path}.subjectAltName`),
  );
  return {
    dns: names.flatMap((n) => (n.dNSName !== undefined ? [n.dNSName] : [])),
    ip: names.flatMap((n) => (n.iPAddress !== undefined ? [n.iPAddress] : [])),
    email: names.flatMap((n) => (n.rfc822Name !== undefined ? [n.rfc822Name] : [])),
  };
}
