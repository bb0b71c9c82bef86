/**
 * XMLDSig (W3C XML Signature 1.1) and XAdES-BES (ETSI EN 319 132-1)
 * signatures made in two phases for a key that signs digests elsewhere:
 * `prepareXmlSignature` builds the whole signature and returns the digest
 * of its canonical SignedInfo; `complete` puts the key's signature in.
 * Everything is a function of the options, so preparing twice gives the
 * same bytes and digest (the server re-prepares at confirmation).
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, GeneralNames } from '@peculiar/asn1-x509';
import { digestAlgorithmOf, type Signer } from '../algorithms/signer.js';
import { IssuerSerial } from '../cms/asn1.js';
import { digest } from '../cms/digest.js';
import { PkiError } from '../errors.js';
import { parseCertificate, type CertificateInfo } from '../x509/certificate.js';
import { digestUri, toXmlSignatureValue, xmlSignatureMethod } from './algorithms.js';
import {
  C14N,
  DSIG_NS,
  TRANSFORM,
  XADES_NS,
  canonicalize,
  canonicalizeDocument,
  decodeXml,
  descendants,
  elementsById,
  escapeXml,
  firstChild,
  parseXml,
  serializeXml,
  toBase64,
  type C14nMethod,
} from './dom.js';

export type XmlSignatureMode = 'enveloped' | 'enveloping' | 'detached';
export type XmlSignatureLevel = 'xmldsig' | 'xades-bes';

export interface PrepareXmlSignatureOptions {
  /** enveloped: the Signature goes into `document` (XML); enveloping: `document` goes base64 into a ds:Object; detached: only referenced. */
  mode: XmlSignatureMode;
  document: Uint8Array;
  /** The Reference URI of a detached document, e.g. its file name; required then. */
  documentUri?: string;
  signer: Pick<Signer, 'signatureAlgorithm'>;
  /** DER of the signer's certificate, carried in KeyInfo/X509Data. */
  certificate: Uint8Array;
  signingTime: Date;
  level: XmlSignatureLevel;
  /** SignedInfo's and the references' canonicalisation; exclusive C14N unless given. */
  canonicalization?: 'c14n' | 'exc-c14n';
  /** Seed of every Id attribute written (the Signature's Id is exactly this). */
  id: string;
  /** XAdES DataObjectFormat/MimeType; text/xml for enveloped, application/octet-stream otherwise. */
  mimeType?: string;
}

/** An XML signature waiting for its one signature value. */
export interface PreparedXmlSignature {
  /** The digest of canonical SignedInfo, made with `digestAlgorithmOf(signer)`: what the key's `signDigest` signs. */
  digest: Uint8Array;
  /** The signed XML (UTF-8) with `signature`, as the key returns it (CMS form), in SignatureValue. */
  complete(signature: Uint8Array): Uint8Array;
}

export const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** XML Schema dateTime in UTC, whole seconds. */
export function xmlDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function b64Digest(digestOid: string, data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return toBase64(await digest(digestOid, bytes));
}

interface ReferenceSpec {
  id?: string;
  uri: string;
  type?: string;
  transforms: string[];
  digestValue: string;
}

function referenceXml(ref: ReferenceSpec, digestMethod: string): string {
  const attrs = [
    ref.id ? ` Id="${ref.id}"` : '',
    ref.type ? ` Type="${ref.type}"` : '',
    ` URI="${escapeXml(ref.uri)}"`,
  ].join('');
  const transforms = ref.transforms.length
    ? `<ds:Transforms>${ref.transforms.map((t) => `<ds:Transform Algorithm="${t}"/>`).join('')}</ds:Transforms>`
    : '';
  return (
    `<ds:Reference${attrs}>${transforms}<ds:DigestMethod Algorithm="${digestMethod}"/>` +
    `<ds:DigestValue>${ref.digestValue}</ds:DigestValue></ds:Reference>`
  );
}

/** XAdES SigningCertificateV2 (EN 319 132-1 §5.2.2): the certificate's digest and its IssuerSerial DER. */
async function signingCertificateV2(certificate: CertificateInfo, digestOid: string): Promise<string> {
  const tbs = certificate.asn1.tbsCertificate;
  const issuerSerial = new IssuerSerial({
    issuer: new GeneralNames([new GeneralName({ directoryName: tbs.issuer })]),
    serialNumber: BigInt(`0x${certificate.serialNumberHex || '0'}`),
  });
  return (
    `<xades:SigningCertificateV2><xades:Cert><xades:CertDigest>` +
    `<ds:DigestMethod Algorithm="${digestUri(digestOid)}"/>` +
    `<ds:DigestValue>${await b64Digest(digestOid, certificate.der)}</ds:DigestValue></xades:CertDigest>` +
    `<xades:IssuerSerialV2>${toBase64(new Uint8Array(AsnConvert.serialize(issuerSerial)))}</xades:IssuerSerialV2>` +
    `</xades:Cert></xades:SigningCertificateV2>`
  );
}

/**
 * A marker text absent from `text`, to be replaced by a value later. Its
 * colon keeps it out of Ids (NCNames), base64 and the algorithm URIs.
 */
function markerFor(text: string, name: string): string {
  let marker = `podpis:${name}`;
  while (text.includes(marker)) marker += '-';
  return marker;
}

/** The signature just built, found by its Id, which (like every Id derived from it) must be unique in the document. */
function ourSignature(doc: Document, id: string): Element {
  const byId = elementsById(doc.documentElement);
  const signature = byId.get(id);
  const taken = [...byId].find(
    ([key, element]) => element === null && (key === id || key.startsWith(`${id}-`)),
  );
  if (!signature || taken) {
    throw new PkiError(
      'INVALID_ARGUMENT',
      `the document already has an element with Id "${taken?.[0] ?? id}"`,
      'id',
    );
  }
  return signature;
}

function descendant(root: Element, ns: string, localName: string): Element {
  const found = descendants(root).find((e) => e.namespaceURI === ns && e.localName === localName);
  if (!found) throw new PkiError('UNEXPECTED_STRUCTURE', `no ${localName} in the signature`, localName);
  return found;
}

/**
 * Builds an XMLDSig or XAdES-BES signature over `document` for a key held
 * elsewhere. Throws INVALID_ARGUMENT for a bad id or a detached document
 * without a URI, UNSUPPORTED_ALGORITHM for a key XMLDSig cannot carry
 * here, MALFORMED_XML / XML_DOCTYPE_FORBIDDEN for an enveloped document
 * that is not acceptable XML, and UNEXPECTED_STRUCTURE if the document
 * written out would not have the canonical form that was signed.
 */
export async function prepareXmlSignature(
  options: PrepareXmlSignatureOptions,
): Promise<PreparedXmlSignature> {
  const { id, mode } = options;
  if (!ID_PATTERN.test(id)) throw new PkiError('INVALID_ARGUMENT', `"${id}" is not an XML Id (NCName)`, 'id');
  const c14n: C14nMethod = options.canonicalization === 'c14n' ? C14N.c14n : C14N.excC14n;
  const method = xmlSignatureMethod(options.signer.signatureAlgorithm);
  const digestOid = digestAlgorithmOf(options.signer);
  const digestMethod = digestUri(digestOid);
  const certificate = parseCertificate(options.certificate);
  const dataRefId = `${id}-ref0`;
  const signedPropertiesId = `${id}-signedprops`;

  let userDocument: Document | undefined;
  let signedContent: string | undefined;
  let dataReference: ReferenceSpec;
  let enveloping = '';
  switch (mode) {
    case 'enveloped': {
      userDocument = parseXml(decodeXml(options.document));
      signedContent = canonicalizeDocument(userDocument, c14n);
      dataReference = {
        id: dataRefId,
        uri: '',
        transforms: [TRANSFORM.enveloped, c14n],
        digestValue: await b64Digest(digestOid, signedContent),
      };
      break;
    }
    case 'enveloping': {
      const objectId = `${id}-object`;
      dataReference = {
        id: dataRefId,
        uri: `#${objectId}`,
        transforms: [TRANSFORM.base64],
        digestValue: await b64Digest(digestOid, options.document),
      };
      enveloping =
        `<ds:Object Id="${objectId}" Encoding="${TRANSFORM.base64}">` +
        `${toBase64(options.document)}</ds:Object>`;
      break;
    }
    case 'detached': {
      if (!options.documentUri) {
        throw new PkiError('INVALID_ARGUMENT', 'a detached signature needs the document URI', 'documentUri');
      }
      dataReference = {
        id: dataRefId,
        uri: options.documentUri,
        transforms: [],
        digestValue: await b64Digest(digestOid, options.document),
      };
      break;
    }
  }

  const xades = options.level === 'xades-bes';
  const mimeType = options.mimeType ?? (mode === 'enveloped' ? 'text/xml' : 'application/octet-stream');
  const qualifyingProperties = xades
    ? `<ds:Object><xades:QualifyingProperties xmlns:xades="${XADES_NS}" Target="#${id}">` +
      `<xades:SignedProperties Id="${signedPropertiesId}"><xades:SignedSignatureProperties>` +
      `<xades:SigningTime>${xmlDateTime(options.signingTime)}</xades:SigningTime>` +
      (await signingCertificateV2(certificate, digestOid)) +
      `</xades:SignedSignatureProperties><xades:SignedDataObjectProperties>` +
      `<xades:DataObjectFormat ObjectReference="#${dataRefId}"><xades:MimeType>${escapeXml(mimeType)}</xades:MimeType>` +
      `</xades:DataObjectFormat></xades:SignedDataObjectProperties></xades:SignedProperties>` +
      `</xades:QualifyingProperties></ds:Object>`
    : '';

  // Markers stand where values go later; none may occur in any text the caller gave.
  const given = [
    userDocument ? serializeXml(userDocument) : '',
    id,
    mimeType,
    options.documentUri ?? '',
  ].join('\n');
  const digestMarker = markerFor(given, 'signed-properties-digest');
  const valueMarker = markerFor(given, 'signature-value');
  const references = [dataReference];
  if (xades) {
    references.push({
      uri: `#${signedPropertiesId}`,
      type: SIGNED_PROPERTIES_TYPE,
      transforms: [c14n],
      digestValue: digestMarker,
    });
  }
  const signatureXml =
    `<ds:Signature xmlns:ds="${DSIG_NS}" Id="${id}"><ds:SignedInfo>` +
    `<ds:CanonicalizationMethod Algorithm="${c14n}"/><ds:SignatureMethod Algorithm="${method.uri}"/>` +
    references.map((r) => referenceXml(r, digestMethod)).join('') +
    `</ds:SignedInfo><ds:SignatureValue Id="${id}-value">${valueMarker}</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${toBase64(options.certificate)}</ds:X509Certificate>` +
    `</ds:X509Data></ds:KeyInfo>${enveloping}${qualifyingProperties}</ds:Signature>`;

  let text: string;
  if (userDocument) {
    const signature = parseXml(signatureXml).documentElement;
    userDocument.documentElement.appendChild(userDocument.importNode(signature, true));
    text = serializeXml(userDocument);
  } else {
    text = `<?xml version="1.0" encoding="UTF-8"?>\n${signatureXml}`;
  }

  if (xades) {
    const signature = ourSignature(parseXml(text), id);
    const signedProperties = descendant(signature, XADES_NS, 'SignedProperties');
    text = text.replace(digestMarker, await b64Digest(digestOid, canonicalize(signedProperties, c14n)));
  }
  const output = parseXml(text);
  const signature = ourSignature(output, id);
  const signedInfo = firstChild(signature, DSIG_NS, 'SignedInfo');
  if (!signedInfo)
    throw new PkiError('UNEXPECTED_STRUCTURE', 'the signature lost its SignedInfo', 'SignedInfo');
  const signedInfoDigest = await digest(digestOid, new TextEncoder().encode(canonicalize(signedInfo, c14n)));
  if (signedContent !== undefined) {
    // What the output holds besides the signature must be what was signed, whatever the serialiser did.
    signature.parentNode?.removeChild(signature);
    if (canonicalizeDocument(output, c14n) !== signedContent) {
      throw new PkiError(
        'UNEXPECTED_STRUCTURE',
        'the document does not keep its canonical form when written out',
        'document',
      );
    }
  }
  const spki = certificate.asn1.tbsCertificate.subjectPublicKeyInfo;
  const finalText = text;
  return {
    digest: signedInfoDigest,
    complete: (signatureValue) =>
      new TextEncoder().encode(
        finalText.replace(
          valueMarker,
          toBase64(toXmlSignatureValue(options.signer.signatureAlgorithm.algorithm, signatureValue, spki)),
        ),
      ),
  };
}
