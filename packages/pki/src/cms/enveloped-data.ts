/**
 * CMS encryption: EnvelopedData (RFC 5652 §6) and, for AES-GCM,
 * AuthEnvelopedData (RFC 5083, RFC 5084). Recipients are certificates;
 * how each key type receives the content key is in `enveloped/recipients.ts`
 * (RSA-OAEP, ECDH with AES key wrap, GOST KExp15 as OpenSSL's GOST engine
 * writes it), the content ciphers are in `enveloped/content-cipher.ts`.
 */
import {
  Attribute,
  CMSVersion,
  ContentEncryptionAlgorithmIdentifier,
  ContentInfo,
  EncryptedContent,
  EncryptedContentInfo,
  EnvelopedData,
  RecipientInfos,
  UnprotectedAttributes,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { randomBytes } from '@podpis/gost';
import { parseDer, toDer } from '../asn1/der.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { parseCertificate } from '../x509/certificate.js';
import { hex } from '../x509/extension-values.js';
import { AuthEnvelopedData } from './enveloped/asn1.js';
import {
  contentAlgorithmOid,
  contentKeyLength,
  decryptContent,
  encryptContent,
  gostKeyExportCipher,
  type ContentEncryption,
} from './enveloped/content-cipher.js';
import type { RecipientKey } from './enveloped/recipient-key.js';
import { findEncryptedKey, recipientInfoFor, unwrapContentKey } from './enveloped/recipients.js';

export type { ContentEncryption } from './enveloped/content-cipher.js';
export { importRecipientKey, type RecipientKey, type OaepHash } from './enveloped/recipient-key.js';

export interface EncryptCmsOptions {
  content: Uint8Array;
  /** Each recipient's certificate (DER): RSA, EC P-256/P-384 or GOST R 34.10-2012. */
  recipients: readonly { certificate: Uint8Array }[];
  /**
   * `'aes256-gcm'` (AuthEnvelopedData), `'aes256-cbc'`, or for GOST
   * `'kuznyechik'` / `'magma'` (CTR-ACPKM-OMAC). By default `'kuznyechik'`
   * when every recipient has a GOST key, else `'aes256-gcm'`. GOST recipients
   * need a GOST cipher.
   */
  contentEncryption?: ContentEncryption;
}

export interface DecryptCmsOptions {
  /** The certificate the message was encrypted to (DER). */
  recipientCertificate: Uint8Array;
  /** Its private key, or whatever performs the key operation for it. */
  decrypt: RecipientKey;
}

function isGostKey(algorithm: string): boolean {
  return algorithm === OID.gost3410_2012_256 || algorithm === OID.gost3410_2012_512;
}

/** Encrypts `content` to every recipient; returns a ContentInfo (DER). */
export async function encryptCms(options: EncryptCmsOptions): Promise<Uint8Array> {
  if (options.recipients.length === 0) throw new PkiError('INVALID_ARGUMENT', 'no recipients', 'recipients');
  const certificates = options.recipients.map((r, i) => {
    try {
      return parseCertificate(r.certificate).asn1;
    } catch (error) {
      if (error instanceof PkiError)
        throw new PkiError(error.code, error.message, `recipients[${i}].certificate`);
      throw error;
    }
  });
  const allGost = certificates.every((c) =>
    isGostKey(c.tbsCertificate.subjectPublicKeyInfo.algorithm.algorithm),
  );
  const kind = options.contentEncryption ?? (allGost ? 'kuznyechik' : 'aes256-gcm');
  const contentOid = contentAlgorithmOid(kind);
  const cek = randomBytes(32);
  const recipientInfos = new RecipientInfos();
  for (const cert of certificates) {
    recipientInfos.push(await recipientInfoFor(cert, cek, contentOid, gostKeyExportCipher(contentOid)));
  }
  const sealed = await encryptContent(kind, cek, options.content);
  cek.fill(0);
  const encryptedContentInfo = new EncryptedContentInfo({
    contentType: OID.data,
    contentEncryptionAlgorithm: new ContentEncryptionAlgorithmIdentifier(sealed.algorithm),
    encryptedContent: new EncryptedContent({ value: new OctetString(sealed.ciphertext) }),
  });
  if (kind === 'aes256-gcm') {
    const authEnveloped = new AuthEnvelopedData({
      version: 0,
      recipientInfos,
      authEncryptedContentInfo: encryptedContentInfo,
      mac: new OctetString(sealed.tag ?? new Uint8Array()),
    });
    return contentInfo(OID.authEnvelopedData, authEnveloped);
  }
  const enveloped = new EnvelopedData({ recipientInfos, encryptedContentInfo });
  if (sealed.tag) {
    // The GOST engine carries the encrypted OMAC of the content in this attribute.
    enveloped.unprotectedAttrs = new UnprotectedAttributes([
      new Attribute({
        attrType: OID.gostCmsMacAttribute,
        attrValues: [AsnConvert.serialize(new OctetString(sealed.tag))],
      }),
    ]);
  }
  // RFC 5652 §6.1: version 0 only with v0 RecipientInfos and no unprotected attributes.
  const allV0 = recipientInfos.every((ri) => ri.ktri?.version === CMSVersion.v0);
  enveloped.version = allV0 && !enveloped.unprotectedAttrs ? CMSVersion.v0 : CMSVersion.v2;
  return contentInfo(OID.envelopedData, enveloped);
}

function contentInfo(contentType: string, content: unknown): Uint8Array {
  return toDer(new ContentInfo({ contentType, content: AsnConvert.serialize(content) }));
}

interface Envelope {
  recipientInfos: RecipientInfos;
  encryptedContentInfo: EncryptedContentInfo;
  tag: Uint8Array | undefined;
}

function readEnvelope(der: Uint8Array): Envelope {
  const info = parseDer(der, ContentInfo, 'contentInfo');
  const content = new Uint8Array(info.content);
  if (info.contentType === OID.envelopedData) {
    const enveloped = parseDer(content, EnvelopedData, 'envelopedData');
    const macAttribute = enveloped.unprotectedAttrs?.find((a) => a.attrType === OID.gostCmsMacAttribute);
    const macValue = macAttribute?.attrValues[0];
    return {
      recipientInfos: enveloped.recipientInfos,
      encryptedContentInfo: enveloped.encryptedContentInfo,
      tag: macValue
        ? new Uint8Array(
            parseDer(new Uint8Array(macValue), OctetString, 'envelopedData.unprotectedAttrs').buffer,
          )
        : undefined,
    };
  }
  if (info.contentType === OID.authEnvelopedData) {
    const authEnveloped = parseDer(content, AuthEnvelopedData, 'authEnvelopedData');
    if (authEnveloped.authAttrs) {
      throw new PkiError(
        'UNSUPPORTED_ALGORITHM',
        'authenticated attributes are not supported',
        'authEnvelopedData.authAttrs',
      );
    }
    return {
      recipientInfos: authEnveloped.recipientInfos,
      encryptedContentInfo: authEnveloped.authEncryptedContentInfo,
      tag: new Uint8Array(authEnveloped.mac.buffer),
    };
  }
  throw new PkiError(
    'UNEXPECTED_STRUCTURE',
    `not enveloped data: content type ${info.contentType}`,
    'contentInfo.contentType',
  );
}

/**
 * The serial numbers (hex, as `parseCertificate` shows them) of the
 * recipients a message names by issuer and serial: enough for a client to
 * tell which of its certificates opens it without holding any key.
 * Recipients named by key identifier are left out.
 */
export function envelopeRecipientSerials(der: Uint8Array): string[] {
  const serials: string[] = [];
  for (const recipient of readEnvelope(der).recipientInfos) {
    const named = [
      recipient.ktri?.rid.issuerAndSerialNumber,
      ...(recipient.kari?.recipientEncryptedKeys.map((key) => key.rid.issuerAndSerialNumber) ?? []),
    ];
    for (const ias of named) if (ias) serials.push(hex(new Uint8Array(ias.serialNumber)));
  }
  return serials;
}

function encryptedBytes(eci: EncryptedContentInfo): Uint8Array {
  const content = eci.encryptedContent;
  if (content?.value) return new Uint8Array(content.value.buffer);
  if (content?.constructedValue) {
    const parts = content.constructedValue.map((part) => new Uint8Array(part.buffer));
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
  throw new PkiError(
    'UNSUPPORTED_ALGORITHM',
    'detached encrypted content is not supported',
    'encryptedContentInfo',
  );
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Decrypts an EnvelopedData or AuthEnvelopedData ContentInfo for one
 * recipient. Errors: NOT_A_RECIPIENT (the certificate is not among the
 * recipients), INVALID_KEY (the key is not the certificate's),
 * DECRYPTION_FAILED (the key does not open it, or the data was altered),
 * UNSUPPORTED_ALGORITHM, and parse errors.
 */
export async function decryptCms(der: Uint8Array, options: DecryptCmsOptions): Promise<Uint8Array> {
  const envelope = readEnvelope(der);
  const certificate = parseCertificate(options.recipientCertificate);
  const key = options.decrypt;
  if (!sameBytes(toDer(key.publicKeyInfo), toDer(certificate.asn1.tbsCertificate.subjectPublicKeyInfo))) {
    throw new PkiError(
      'INVALID_KEY',
      'the recipient key does not belong to the recipient certificate',
      'decrypt',
    );
  }
  let recipient;
  for (const candidate of envelope.recipientInfos) {
    recipient = findEncryptedKey(candidate, certificate.asn1, certificate.subjectKeyIdentifier);
    if (recipient) break;
  }
  if (!recipient)
    throw new PkiError('NOT_A_RECIPIENT', 'the certificate is not among the recipients', 'recipientInfos');
  const algorithm = envelope.encryptedContentInfo.contentEncryptionAlgorithm;
  const keyLength = contentKeyLength(algorithm);
  const ciphertext = encryptedBytes(envelope.encryptedContentInfo);
  let cek: Uint8Array;
  try {
    cek = await unwrapContentKey(recipient, key);
  } catch (error) {
    if (error instanceof PkiError) throw error;
    throw new PkiError(
      'DECRYPTION_FAILED',
      'cannot recover the content key (wrong key or tampered data)',
      'recipientInfos',
      {
        cause: error,
      },
    );
  }
  if (cek.length !== keyLength) {
    throw new PkiError(
      'DECRYPTION_FAILED',
      `content key of ${cek.length} bytes, expected ${keyLength}`,
      'recipientInfos',
    );
  }
  try {
    return await decryptContent(algorithm, cek, ciphertext, envelope.tag);
  } catch (error) {
    if (error instanceof PkiError) throw error;
    throw new PkiError('DECRYPTION_FAILED', 'content decryption failed', 'encryptedContentInfo', {
      cause: error,
    });
  } finally {
    cek.fill(0);
  }
}
