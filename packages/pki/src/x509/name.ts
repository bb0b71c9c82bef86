import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import { PkiError } from '../errors.js';
import { OID, oidName } from '../oids.js';
import { normaliseSnils } from '../profiles/identifiers.js';
import type { QualifiedSubject } from '../profiles/qualified.js';

/** One attribute of a distinguished name: type OID and text value. */
export interface NameAttribute {
  type: string;
  value: string;
}

/** Attributes the Russian profile requires as NumericString (Order No. 795). */
const NUMERIC = new Set<string>([OID.inn, OID.innle, OID.snils, OID.ogrn, OID.ogrnip]);
const PRINTABLE = new Set<string>([OID.country, OID.serialNumber]);
const IA5 = new Set<string>([OID.emailAddress]);

const TAG_NUMERIC_STRING = 0x12;

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>>= 8) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function attributeValue(type: string, value: string): AttributeValue {
  if (NUMERIC.has(type)) {
    if (!/^\d+$/.test(value)) {
      throw new PkiError(
        'INVALID_ARGUMENT',
        `${oidName(type)} must contain digits only`,
        `subject.${oidName(type)}`,
      );
    }
    const der = [
      TAG_NUMERIC_STRING,
      ...derLength(value.length),
      ...Array.from(value, (c) => c.charCodeAt(0)),
    ];
    return new AttributeValue({ anyValue: new Uint8Array(der).buffer });
  }
  if (PRINTABLE.has(type)) return new AttributeValue({ printableString: value });
  if (IA5.has(type)) return new AttributeValue({ ia5String: value });
  return new AttributeValue({ utf8String: value });
}

/** A Name with one attribute per RDN, in the given order, each in the string type the profile wants. */
export function buildName(attributes: readonly NameAttribute[]): Name {
  return new Name(
    attributes
      .filter((a) => a.value !== '')
      .map(
        (a) =>
          new RelativeDistinguishedName([
            new AttributeTypeAndValue({ type: a.type, value: attributeValue(a.type, a.value) }),
          ]),
      ),
  );
}

/** Text of an attribute value whatever string type it was written in. */
export function attributeText(value: AttributeValue): string {
  if (value.anyValue) {
    const der = new Uint8Array(value.anyValue);
    // A primitive string type: skip tag and length, read the bytes as text.
    let offset = 1;
    const first = der[offset++] ?? 0;
    if (first > 0x80) offset += first & 0x7f;
    return new TextDecoder().decode(der.subarray(offset));
  }
  return value.ia5String ?? value.toString();
}

/** The attributes of a Name in order (multi-valued RDNs flattened). */
export function nameAttributes(name: Name): NameAttribute[] {
  return name.flatMap((rdn) => rdn.map((atv) => ({ type: atv.type, value: attributeText(atv.value) })));
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  [OID.commonName]: 'CN',
  [OID.surname]: 'SN',
  [OID.givenName]: 'G',
  [OID.country]: 'C',
  [OID.state]: 'S',
  [OID.locality]: 'L',
  [OID.street]: 'STREET',
  [OID.organizationName]: 'O',
  [OID.organizationalUnitName]: 'OU',
  [OID.title]: 'T',
  [OID.emailAddress]: 'E',
  [OID.inn]: 'INN',
  [OID.innle]: 'INNLE',
  [OID.snils]: 'SNILS',
  [OID.ogrn]: 'OGRN',
  [OID.ogrnip]: 'OGRNIP',
};

/** A one-line, human-readable form (most specific attribute first, like CryptoPro and Windows show it). */
export function formatName(name: Name): string {
  return nameAttributes(name)
    .reverse()
    .map((a) => `${SHORT_NAMES[a.type] ?? a.type}=${a.value.replace(/([,+"\\<>;])/g, '\\$1')}`)
    .join(', ');
}

/** The subject Name of a qualified certificate for the registration data. */
export function qualifiedSubjectName(subject: QualifiedSubject): Name {
  const person = subject.kind !== 'legalEntity';
  const fullName = [subject.surname, subject.name, subject.patronymic].filter(Boolean).join(' ');
  const commonName = subject.commonName ?? (person ? fullName : (subject.organizationName ?? ''));
  const given = [subject.name, subject.patronymic].filter(Boolean).join(' ');
  return buildName([
    { type: OID.country, value: subject.country ?? '' },
    { type: OID.state, value: subject.state ?? '' },
    { type: OID.locality, value: subject.locality ?? '' },
    { type: OID.street, value: subject.street ?? '' },
    { type: OID.organizationName, value: subject.organizationName ?? '' },
    { type: OID.organizationalUnitName, value: subject.organizationalUnitName ?? '' },
    { type: OID.title, value: subject.title ?? '' },
    { type: OID.commonName, value: commonName },
    { type: OID.surname, value: person ? (subject.surname ?? '') : '' },
    { type: OID.givenName, value: person ? given : '' },
    { type: OID.emailAddress, value: subject.email ?? '' },
    { type: OID.inn, value: subject.inn ?? '' },
    { type: OID.innle, value: subject.innle ?? '' },
    { type: OID.snils, value: subject.snils ? normaliseSnils(subject.snils) : '' },
    { type: OID.ogrn, value: subject.ogrn ?? '' },
    { type: OID.ogrnip, value: subject.ogrnip ?? '' },
  ]);
}
