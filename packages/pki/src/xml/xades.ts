/**
 * XAdES-T (ETSI EN 319 132-1 §5.3): a SignatureTimeStamp over the
 * canonical ds:SignatureValue, added as an unsigned property.
 */
import { digest, digestForSignatureAlgorithm, referenceDigest } from '../cms/digest.js';
import type { TsaCallback } from '../cms/cades.js';
import { equalBytes } from '../cms/tlv.js';
import { PkiError } from '../errors.js';
import { parseTimeStampToken } from '../tsp/token.js';
import { signatureAlgorithmIdentifier, signatureOidOfUri } from './algorithms.js';
import {
  C14N,
  DSIG_NS,
  XADES_NS,
  canonicalize,
  childElements,
  decodeXml,
  firstChild,
  parseXml,
  qualifyingProperties,
  serializeXml,
  signatureElements,
  toBase64,
} from './dom.js';

function child(doc: Document, parent: Element, localName: string, prefix: string | null): Element {
  const existing = firstChild(parent, XADES_NS, localName);
  if (existing) return existing;
  const created = doc.createElementNS(XADES_NS, prefix ? `${prefix}:${localName}` : localName);
  parent.appendChild(created);
  return created;
}

/**
 * Time-stamps every XAdES signature in `xml` (one SignatureTimeStamp each,
 * exclusive C14N of ds:SignatureValue, hashed with the signer's Streebog
 * for GOST and SHA-256 otherwise, as CAdES-T here) and returns the XML.
 * A document without a XAdES signature is UNEXPECTED_STRUCTURE; a token
 * over another digest is INVALID_ARGUMENT.
 */
export async function addXadesTimeStamp(xml: Uint8Array, tsaCallback: TsaCallback): Promise<Uint8Array> {
  const doc = parseXml(decodeXml(xml));
  let stamped = 0;
  for (const signature of signatureElements(doc)) {
    const qualifying = qualifyingProperties(signature);
    const signatureValue = firstChild(signature, DSIG_NS, 'SignatureValue');
    const signedInfo = firstChild(signature, DSIG_NS, 'SignedInfo');
    const methodUri =
      signedInfo && firstChild(signedInfo, DSIG_NS, 'SignatureMethod')?.getAttribute('Algorithm');
    const signatureOid = methodUri ? signatureOidOfUri(methodUri) : undefined;
    if (!qualifying || !signatureValue || !signatureOid) continue;
    const hashOid = referenceDigest(digestForSignatureAlgorithm(signatureAlgorithmIdentifier(signatureOid)));
    const imprint = await digest(
      hashOid,
      new TextEncoder().encode(canonicalize(signatureValue, C14N.excC14n)),
    );
    const token = await tsaCallback(imprint, hashOid);
    const { messageImprint } = parseTimeStampToken(token).tstInfo;
    if (messageImprint.hashAlgorithm !== hashOid || !equalBytes(messageImprint.digest, imprint)) {
      throw new PkiError('INVALID_ARGUMENT', 'the TSA stamped a different digest', 'tsaCallback');
    }
    const prefix = qualifying.prefix;
    const unsigned = child(
      doc,
      child(doc, qualifying, 'UnsignedProperties', prefix),
      'UnsignedSignatureProperties',
      prefix,
    );
    const stamp = doc.createElementNS(
      XADES_NS,
      prefix ? `${prefix}:SignatureTimeStamp` : 'SignatureTimeStamp',
    );
    const id = signature.getAttribute('Id');
    if (id)
      stamp.setAttribute('Id', `${id}-ts${childElements(unsigned, XADES_NS, 'SignatureTimeStamp').length}`);
    const method = doc.createElementNS(
      DSIG_NS,
      signatureValue.prefix ? `${signatureValue.prefix}:CanonicalizationMethod` : 'CanonicalizationMethod',
    );
    method.setAttribute('Algorithm', C14N.excC14n);
    const encapsulated = doc.createElementNS(
      XADES_NS,
      prefix ? `${prefix}:EncapsulatedTimeStamp` : 'EncapsulatedTimeStamp',
    );
    encapsulated.appendChild(doc.createTextNode(toBase64(token)));
    stamp.appendChild(method);
    stamp.appendChild(encapsulated);
    unsigned.appendChild(stamp);
    stamped++;
  }
  if (stamped === 0)
    throw new PkiError('UNEXPECTED_STRUCTURE', 'the XML has no XAdES signature to time-stamp');
  return new TextEncoder().encode(serializeXml(doc));
}
