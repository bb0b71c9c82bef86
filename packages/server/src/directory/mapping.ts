import { DomainError } from '../core/domain-error.js';
import { PROFILE_FIELD_NAMES, type ProfileField } from '../people/profile.js';
import { isAttributeName } from './filter.js';

/** What a directory entry can fill: the login, the employee id (shown, searched), and any registration field. */
export type DirectoryField = 'login' | 'employeeId' | ProfileField;
export const DIRECTORY_FIELDS: readonly DirectoryField[] = ['login', 'employeeId', ...PROFILE_FIELD_NAMES];

/** Which attribute fills which field; a field left out (or empty) is not taken from the directory. */
export type AttributeMap = Partial<Record<DirectoryField, string>>;

/**
 * Active Directory's conventions. INN and SNILS have no standard attribute:
 * companies keep them in custom ones (often extensionAttribute1..15), so the
 * administrator names them.
 */
export const ACTIVE_DIRECTORY_MAP: Readonly<AttributeMap> = {
  login: 'sAMAccountName',
  employeeId: 'employeeID',
  surname: 'sn',
  name: 'givenName',
  patronymic: 'middleName',
  title: 'title',
  position: 'title',
  organizationName: 'company',
  organizationalUnitName: 'department',
  department: 'department',
  email: 'mail',
  phone: 'telephoneNumber',
  locality: 'l',
  state: 'st',
  street: 'streetAddress',
  country: 'c',
};

/** Where the operator's search looks, besides the mapped login, employee id and name attributes. */
const ALWAYS_SEARCHED = ['userPrincipalName', 'mail', 'cn', 'displayName'];

/** The map as given, every attribute checked; empty values dropped. */
export function checkAttributeMap(map: Record<string, string>): AttributeMap {
  const known: readonly string[] = DIRECTORY_FIELDS;
  const checked: AttributeMap = {};
  for (const [field, attribute] of Object.entries(map)) {
    if (!known.includes(field)) {
      throw new DomainError('DIRECTORY_INVALID', `unknown field in the attribute map: ${field}`, {
        field: `attributeMap.${field}`,
      });
    }
    const name = attribute.trim();
    if (name === '') continue;
    if (!isAttributeName(name)) {
      throw new DomainError('DIRECTORY_INVALID', `not an LDAP attribute name: ${name}`, {
        field: `attributeMap.${field}`,
      });
    }
    checked[field as DirectoryField] = name;
  }
  return checked;
}

/** The attributes a search asks for: the mapped ones and those that identify an entry. */
export function requestedAttributes(map: AttributeMap): string[] {
  return [...new Set([...Object.values(map), 'objectGUID', 'entryUUID'])];
}

/** The attributes an operator's search term is matched against. */
export function searchedAttributes(map: AttributeMap): string[] {
  const mapped = [map.login, map.employeeId, map.surname, map.name, map.email].filter(
    (a): a is string => a !== undefined,
  );
  return [...new Set([...mapped, ...ALWAYS_SEARCHED])];
}

/** An entry as ldapts hands it over: attribute → text or bytes, one value or several. */
export type RawEntry = { dn: string } & Record<string, unknown>;

/**
 * Names that one server returns for another's: OpenLDAP answers a request
 * for `streetAddress` with `street` (the same attribute in core.schema).
 */
const SAME_ATTRIBUTE: Readonly<Record<string, string>> = { streetaddress: 'street', street: 'streetaddress' };

function valueOf(entry: RawEntry, attribute: string): unknown {
  const wanted = attribute.toLowerCase();
  for (const candidate of [wanted, SAME_ATTRIBUTE[wanted]]) {
    if (candidate === undefined) continue;
    const key = Object.keys(entry).find((k) => k.toLowerCase() === candidate);
    if (key !== undefined) return entry[key];
  }
  return undefined;
}

function firstText(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first.trim() || undefined;
  if (Buffer.isBuffer(first)) return first.toString('utf8').trim() || undefined;
  return undefined;
}

/** AD's objectGUID bytes as the GUID's usual text (the first three groups are little-endian). */
export function guidText(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  const swap = (s: string) => s.match(/../g)!.reverse().join('');
  return [
    swap(hex.slice(0, 8)),
    swap(hex.slice(8, 12)),
    swap(hex.slice(12, 16)),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

/** The bytes of a GUID's text, as AD stores objectGUID. */
export function guidBytes(text: string): Buffer {
  const hex = text.replace(/-/g, '');
  const swap = (s: string) => s.match(/../g)!.reverse().join('');
  return Buffer.from(
    swap(hex.slice(0, 8)) + swap(hex.slice(8, 12)) + swap(hex.slice(12, 16)) + hex.slice(16),
    'hex',
  );
}

/** A directory entry as Podpis uses it: its stable id, DN and the fields its attributes fill. */
export interface DirectoryEntry {
  /** objectGUID (Active Directory), entryUUID (OpenLDAP and others), else the DN: what the user's link keeps. */
  externalId: string;
  dn: string;
  values: Partial<Record<DirectoryField, string>>;
}

export function entryOf(raw: RawEntry, map: AttributeMap): DirectoryEntry {
  const guid: unknown = valueOf(raw, 'objectGUID');
  const guidValue: unknown = Array.isArray(guid) ? guid[0] : guid;
  const externalId =
    Buffer.isBuffer(guidValue) && guidValue.length === 16
      ? guidText(guidValue)
      : (firstText(valueOf(raw, 'entryUUID')) ?? raw.dn);
  const values: DirectoryEntry['values'] = {};
  for (const [field, attribute] of Object.entries(map) as [DirectoryField, string][]) {
    const value = firstText(valueOf(raw, attribute));
    if (value !== undefined) values[field] = value;
  }
  return { externalId, dn: raw.dn, values };
}
