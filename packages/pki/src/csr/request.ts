import { Attributes, CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import {
  Attribute,
  AttributeValue,
  DirectoryString,
  Extensions,
  type Name,
  type SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import type { Signer } from '../algorithms/signer.js';
import { verifySignature } from '../algorithms/verify.js';
import { hasMinimalLengths, parseDer, toDer } from '../asn1/der.js';
import { derChildren } from '../ocsp/der-children.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { buildExtensions, type CertificateExtensions } from '../x509/extensions.js';
import {
  extensionValues,
  subjectAltNames,
  type AlternativeNames,
  type ExtensionValues,
} from '../x509/extension-values.js';
import { attributeText, formatName, nameAttributes, type NameAttribute } from '../x509/name.js';

/** What a PKCS#10 certification request (RFC 2986) carries; the subject's own key signs it. */
export interface CertificationRequestTemplate {
  subject: Name;
  /** The key the certificate is requested for; it signs the request as proof of possession. */
  signer: Signer;
  /** Extensions asked for, written as a PKCS#9 extensionRequest attribute. */
  extensions?: CertificateExtensions;
  /** PKCS#9 challengePassword, written as PrintableString when it fits, else UTF8String. */
  challengePassword?: string;
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** Builds the request, signs it with the subject's key and returns its DER. */
export async function createCertificationRequest(
  template: CertificationRequestTemplate,
): Promise<Uint8Array> {
  const attributes: Attribute[] = [];
  if (template.challengePassword !== undefined) {
    const password = template.challengePassword;
    const value = new DirectoryString(
      PRINTABLE.test(password) ? { printableString: password } : { utf8String: password },
    );
    attributes.push(new Attribute({ type: OID.challengePassword, values: [toDer(value).slice().buffer] }));
  }
  if (template.extensions) {
    const extensions = buildExtensions(template.extensions);
    if (extensions.length > 0) {
      attributes.push(
        new Attribute({ type: OID.extensionRequest, values: [toDer(extensions).slice().buffer] }),
      );
    }
  }
  const info = new CertificationRequestInfo({
    version: 0,
    subject: template.subject,
    subjectPKInfo: template.signer.publicKeyInfo,
    attributes: new Attributes(attributes),
  });
  const infoDer = toDer(info);
  const signature = await template.signer.sign(infoDer);
  return toDer(
    new CertificationRequest({
      certificationRequestInfo: info,
      signatureAlgorithm: template.signer.signatureAlgorithm,
      signature: signature.slice().buffer,
    }),
  );
}

/** A parsed request in readable form; `asn1` keeps the full structure. */
export interface ParsedCertificationRequest {
  der: Uint8Array;
  asn1: CertificationRequest;
  subject: NameAttribute[];
  subjectText: string;
  publicKeyInfo: SubjectPublicKeyInfo;
  /** `publicKeyInfo`'s DER: as the request holds it when that is DER's shortest form, else encoded again. */
  publicKeyInfoDer: Uint8Array;
  publicKeyAlgorithm: string;
  signatureAlgorithm: string;
  challengePassword: string | undefined;
  /** OIDs of every requested extension, in request order, known to us or not. */
  requestedExtensionIds: string[];
  /** The requested extensions read the same way as a certificate's. */
  requestedExtensions: ExtensionValues & { subjectAltName: AlternativeNames | undefined };
  /** OIDs of attributes other than challengePassword and extensionRequest. */
  otherAttributes: string[];
}

function singleValue(attribute: Attribute, path: string): Uint8Array {
  const [value, ...rest] = attribute.values;
  if (!value || rest.length > 0) {
    throw new PkiError('UNEXPECTED_STRUCTURE', 'attribute must have exactly one value', path);
  }
  return new Uint8Array(value);
}

/** CertificationRequestInfo: version, subject, subjectPKInfo, attributes. */
function requestedPublicKeyDer(der: Uint8Array, parsed: SubjectPublicKeyInfo): Uint8Array {
  const [info] = derChildren(der, 'certificationRequest');
  const spki = info && derChildren(info, 'certificationRequestInfo')[2];
  return spki && hasMinimalLengths(spki)
    ? spki.slice()
    : toDer(parsed, 'certificationRequestInfo.subjectPKInfo');
}

/** Parses a PKCS#10 request (ours, OpenSSL's, a browser's). Throws only PkiError. */
export function parseCertificationRequest(der: Uint8Array): ParsedCertificationRequest {
  const request = parseDer(der, CertificationRequest, 'certificationRequest');
  const info = request.certificationRequestInfo;
  const attributes = Array.from((info.attributes as Attributes | undefined) ?? []);
  let challengePassword: string | undefined;
  let extensions: Extensions | undefined;
  const otherAttributes: string[] = [];
  attributes.forEach((attribute, i) => {
    const path = `certificationRequestInfo.attributes[${i}]`;
    if (attribute.type === OID.challengePassword) {
      challengePassword = attributeText(parseDer(singleValue(attribute, path), AttributeValue, path));
    } else if (attribute.type === OID.extensionRequest) {
      extensions = parseDer(singleValue(attribute, path), Extensions, path);
    } else {
      otherAttributes.push(attribute.type);
    }
  });
  const extensionsPath = 'certificationRequestInfo.attributes.extensionRequest';
  const list = extensions ? Array.from(extensions) : undefined;
  return {
    der,
    asn1: request,
    subject: nameAttributes(info.subject),
    subjectText: formatName(info.subject),
    publicKeyInfo: info.subjectPKInfo,
    publicKeyInfoDer: requestedPublicKeyDer(der, info.subjectPKInfo),
    publicKeyAlgorithm: info.subjectPKInfo.algorithm.algorithm,
    signatureAlgorithm: request.signatureAlgorithm.algorithm,
    challengePassword,
    requestedExtensionIds: (list ?? []).map((e) => e.extnID),
    requestedExtensions: {
      ...extensionValues(list, extensionsPath),
      subjectAltName: subjectAltNames(list, extensionsPath),
    },
    otherAttributes,
  };
}

/**
 * Whether the request is signed by the key it carries (proof of possession).
 * The signature is checked over the request info exactly as received.
 */
export async function verifyCertificationRequest(
  request: Uint8Array | ParsedCertificationRequest,
): Promise<boolean> {
  const parsed = request instanceof Uint8Array ? parseCertificationRequest(request) : request;
  const asn1 = parsed.asn1;
  const signed = asn1.certificationRequestInfoRaw
    ? new Uint8Array(asn1.certificationRequestInfoRaw)
    : toDer(asn1.certificationRequestInfo);
  return verifySignature(
    asn1.certificationRequestInfo.subjectPKInfo,
    asn1.signatureAlgorithm,
    signed,
    new Uint8Array(asn1.signature),
  );
}
