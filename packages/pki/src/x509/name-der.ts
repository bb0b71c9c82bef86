import type { AttributeValue, Name } from '@peculiar/asn1-x509';
import { toDer } from '../asn1/der.js';
import { oidDer } from '../asn1/oid-der.js';
import { tlv } from '../cms/tlv.js';

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
const UTF8 = new TextEncoder();

/**
 * An AttributeValue's DER as `@peculiar/asn1-x509` encodes it: the CHOICE
 * takes the first alternative set, in its declaration order (teletex,
 * printable, universal, UTF-8, BMP, IA5, any). undefined for what is not
 * written here (teletex, universal and BMP strings, non-ASCII text in an
 * ASCII type): the library encodes those.
 */
function attributeValueDer(value: AttributeValue): Uint8Array | undefined {
  if (value.teletexString !== undefined) return undefined;
  if (value.printableString !== undefined) {
    return isAscii(value.printableString) ? tlv(0x13, UTF8.encode(value.printableString)) : undefined;
  }
  if (value.universalString !== undefined) return undefined;
  if (value.utf8String !== undefined) return tlv(0x0c, UTF8.encode(value.utf8String));
  if (value.bmpString !== undefined) return undefined;
  if (value.ia5String !== undefined) {
    return isAscii(value.ia5String) ? tlv(0x16, UTF8.encode(value.ia5String)) : undefined;
  }
  if (value.anyValue !== undefined) return new Uint8Array(value.anyValue);
  return undefined;
}

/**
 * A Name's DER, the bytes `toDer(name)` gives (name-der.test.ts compares
 * them), written directly for the string types pki's names use: every
 * certificate has a subject, and a qualified one of a dozen attributes
 * took the ASN.1 library a fifth of a millisecond. RDN values stay in
 * their given order, as the library keeps them.
 */
export function nameDer(name: Name): Uint8Array {
  const rdns: Uint8Array[] = [];
  for (const rdn of name) {
    const attributes: Uint8Array[] = [];
    for (const attribute of rdn) {
      const value = attributeValueDer(attribute.value);
      if (!value) return toDer(name);
      attributes.push(tlv(0x30, oidDer(attribute.type), value));
    }
    rdns.push(tlv(0x31, ...attributes));
  }
  return tlv(0x30, ...rdns);
}
