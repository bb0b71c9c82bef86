/** Hand-made certification paths for the path validation tests. */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Certificate, CertificateList, Extension, type Name } from '@peculiar/asn1-x509';
import {
  buildName,
  createCrl,
  issueCertificate,
  keyIdentifier,
  OID,
  parseDer,
  toDer,
  type CertificateExtensions,
  type RevocationReason,
  type RevokedCertificateEntry,
  type Signer,
} from '@podpis/pki';

export const NOW = new Date('2026-11-28T12:00:00Z');
export const DAY = 24 * 3600 * 1000;

/** An issued certificate with its key and names, ready to issue further certificates. */
export interface Issued {
  der: Uint8Array;
  name: Name;
  signer: Signer;
  ski: Uint8Array;
}

export interface IssueOptions {
  /** Subject: a CN, or a full Name. */
  subject: string | Name;
  key: Signer;
  /** Absent: self-signed by `key`. */
  issuer?: Issued;
  serial?: number;
  notBefore?: Date;
  notAfter?: Date;
  /** Replaces the default extensions (CA: basicConstraints cA, keyCertSign+cRLSign; else digitalSignature). */
  extensions?: CertificateExtensions;
  ca?: boolean;
  /** Extra extensions the template cannot express (name constraints, policy mappings…). */
  extra?: Extension[];
  /** Leave out subjectKeyIdentifier and authorityKeyIdentifier, so issuers are found by name only. */
  withoutKeyIdentifiers?: boolean;
}

export function cn(value: string): Name {
  return buildName([
    { type: OID.country, value: 'RU' },
    { type: OID.organizationName, value: 'Подпись' },
    { type: OID.commonName, value },
  ]);
}

export function extension(oid: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

let nextSerial = 0x100;

/** Issues a certificate; with `extra`, adds the extensions and signs the certificate again. */
export async function issue(options: IssueOptions): Promise<Issued> {
  const name = typeof options.subject === 'string' ? cn(options.subject) : options.subject;
  const ski = await keyIdentifier(options.key.publicKeyInfo);
  const issuerSigner = options.issuer?.signer ?? options.key;
  const defaults: CertificateExtensions = options.ca
    ? { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'] }
    : { keyUsage: ['digitalSignature'] };
  const extensions: CertificateExtensions = {
    ...(options.extensions ?? defaults),
    ...(options.withoutKeyIdentifiers
      ? {}
      : { subjectKeyIdentifier: ski, authorityKeyIdentifier: options.issuer?.ski ?? ski }),
  };
  const serial = options.serial ?? nextSerial++;
  let der = await issueCertificate(
    {
      serialNumber: Uint8Array.from([serial >> 8, serial & 0xff]),
      subject: name,
      issuer: options.issuer?.name ?? name,
      notBefore: options.notBefore ?? new Date(NOW.getTime() - 30 * DAY),
      notAfter: options.notAfter ?? new Date(NOW.getTime() + 365 * DAY),
      publicKeyInfo: options.key.publicKeyInfo,
      extensions,
    },
    issuerSigner,
  );
  if (options.extra?.length) der = await resign(der, issuerSigner, options.extra);
  return { der, name, signer: options.key, ski };
}

/** The certificate with `extra` extensions appended, signed again by `signer`. */
export async function resign(der: Uint8Array, signer: Signer, extra: Extension[]): Promise<Uint8Array> {
  const cert = parseDer(der, Certificate, 'certificate');
  cert.tbsCertificate.extensions?.push(...extra);
  const signature = await signer.sign(toDer(cert.tbsCertificate));
  cert.signatureValue = signature.slice().buffer;
  return toDer(cert);
}

/** The bytes with the last bit of the signature flipped. */
export function breakSignature(der: Uint8Array): Uint8Array {
  const copy = der.slice();
  copy[copy.length - 1]! ^= 0x01;
  return copy;
}

export interface CrlOptions {
  entries?: RevokedCertificateEntry[];
  thisUpdate?: Date;
  nextUpdate?: Date;
  /** Signs with this key instead of the issuer's. */
  signer?: Signer;
  issuerName?: Name;
  /** Extra CRL extensions; the CRL is signed again. */
  extra?: Extension[];
}

export async function crl(issuer: Issued, options: CrlOptions = {}): Promise<Uint8Array> {
  const signer = options.signer ?? issuer.signer;
  const der = await createCrl({
    issuer: options.issuerName ?? issuer.name,
    signer,
    thisUpdate: options.thisUpdate ?? new Date(NOW.getTime() - DAY),
    nextUpdate: options.nextUpdate ?? new Date(NOW.getTime() + 7 * DAY),
    crlNumber: 1n,
    authorityKeyIdentifier: issuer.ski,
    entries: options.entries ?? [],
  });
  if (!options.extra?.length) return der;
  const list = parseDer(der, CertificateList, 'crl');
  list.tbsCertList.crlExtensions?.push(...options.extra);
  list.signature = (await signer.sign(toDer(list.tbsCertList))).slice().buffer;
  return toDer(list);
}

/** A revocation entry for the certificate's serial (as `issue` writes it). */
export function revoked(serial: number, reason: RevocationReason = 'keyCompromise'): RevokedCertificateEntry {
  return {
    serialNumber: Uint8Array.from([serial >> 8, serial & 0xff]),
    revocationDate: new Date(NOW.getTime() - 2 * DAY),
    reason,
  };
}

/** The certificate with `edit` applied to its parsed structure, signed again by `signer`. */
export async function mutate(
  der: Uint8Array,
  signer: Signer,
  edit: (cert: Certificate) => void,
): Promise<Uint8Array> {
  const cert = parseDer(der, Certificate, 'certificate');
  edit(cert);
  cert.signatureValue = (await signer.sign(toDer(cert.tbsCertificate))).slice().buffer;
  return toDer(cert);
}
