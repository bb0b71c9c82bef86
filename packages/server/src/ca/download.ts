import {
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  SignedData,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { OID, parseCertificate, toDer } from '@podpis/pki';
import type { Queryable } from '../db/db.js';
import { findAuthority } from './authorities.js';
import { toPem } from './pem.js';

/** The formats a certificate is handed out in. */
export type CertificateFormat = 'der' | 'pem' | 'p7b';

export interface CertificateFile {
  body: Buffer;
  contentType: string;
  /** An ASCII file name, and the same with the holder's name for `filename*`. */
  fileName: string;
  displayName: string;
}

const EXTENSIONS: Readonly<Record<CertificateFormat, string>> = { der: 'cer', pem: 'pem', p7b: 'p7b' };
const CONTENT_TYPES: Readonly<Record<CertificateFormat, string>> = {
  der: 'application/pkix-cert',
  pem: 'application/x-pem-file',
  p7b: 'application/pkcs7-mime',
};

/** The certificates of the CA that issued `caId`'s certificates, up to and including the root. */
export async function authorityChain(db: Queryable, caId: string): Promise<Uint8Array[]> {
  const chain: Uint8Array[] = [];
  let id: string | null = caId;
  while (id !== null && chain.length < 8) {
    const authority = await findAuthority(db, id);
    chain.push(authority.certificate);
    id = authority.parentId;
  }
  return chain;
}

/**
 * A "degenerate" CMS SignedData (RFC 5652 §5.2, certs-only): no content,
 * no signers, just certificates — the .p7b file Windows and CryptoPro
 * import a certificate with its chain from.
 */
export function certificatesOnly(certificates: readonly Uint8Array[]): Uint8Array {
  const signedData = new SignedData({
    version: CMSVersion.v1,
    digestAlgorithms: new DigestAlgorithmIdentifiers(),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: new CertificateSet(
      certificates.map((der) => new CertificateChoices({ certificate: AsnConvert.parse(der, Certificate) })),
    ),
    signerInfos: new SignerInfos(),
  });
  return toDer(new ContentInfo({ contentType: OID.signedData, content: toDer(signedData).slice().buffer }));
}

/** A certificate as a file to download: DER, PEM, or PKCS#7 with the chain to the root. */
export async function certificateFile(
  db: Queryable,
  certificate: { der: Uint8Array; caId: string; serial: string },
  format: CertificateFormat,
): Promise<CertificateFile> {
  const extension = EXTENSIONS[format];
  const commonName =
    parseCertificate(certificate.der).subject.find((a) => a.type === OID.commonName)?.value ?? 'certificate';
  let body: Buffer;
  if (format === 'pem') body = Buffer.from(toPem('CERTIFICATE', certificate.der));
  else if (format === 'p7b')
    body = Buffer.from(certificatesOnly([certificate.der, ...(await authorityChain(db, certificate.caId))]));
  else body = Buffer.from(certificate.der);
  return {
    body,
    contentType: CONTENT_TYPES[format],
    fileName: `certificate-${certificate.serial}.${extension}`,
    displayName: `${commonName} ${certificate.serial.slice(0, 8)}.${extension}`,
  };
}

/** `attachment` (or `inline`) with an ASCII name and the RFC 6266 `filename*` for the UTF-8 one. */
export function contentDisposition(
  kind: 'attachment' | 'inline',
  file: Pick<CertificateFile, 'fileName' | 'displayName'>,
): string {
  return `${kind}; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.displayName)}`;
}
