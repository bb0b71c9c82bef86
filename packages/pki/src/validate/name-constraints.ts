/**
 * Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b)–(c), §6.1.4 (g)) for
 * directoryName, dNSName, rfc822Name, iPAddress and uniformResourceIdentifier
 * (by its host). Each CA's permitted subtrees are kept as one set and a name
 * must satisfy every set that constrains its form, which is the intersection
 * §6.1.4 (g) asks for; excluded subtrees accumulate. A URI without a host
 * name is outside every URI subtree. Constraints of any other form
 * (otherName…) cannot be evaluated here, so a certificate carrying a name
 * of such a constrained form is refused, as §4.2.1.10 requires.
 */
import { Name } from '@peculiar/asn1-x509';
import { checkDerStructure, parseDer } from '../asn1/der.js';
import { OID } from '../oids.js';
import { derChildren, derContents } from '../ocsp/der-children.js';
import type { CertificateInfo } from '../x509/certificate.js';
import { attributeText } from '../x509/name.js';
import { nameWithin } from './name-compare.js';

/** One GeneralName in the forms this module understands; `other` keeps the context tag number. */
export type GeneralNameValue =
  | { kind: 'dns'; value: string }
  | { kind: 'email'; value: string }
  | { kind: 'ip'; bytes: Uint8Array }
  | { kind: 'uri'; value: string }
  | { kind: 'directory'; name: Name }
  | { kind: 'other'; tag: number };

/** The subtrees one CA certificate permits (undefined: no permittedSubtrees) and excludes. */
export interface NameConstraintSet {
  permitted: GeneralNameValue[] | undefined;
  excluded: GeneralNameValue[];
}

const ascii = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

/** Reads one GeneralName from its DER. */
export function readGeneralName(der: Uint8Array, path: string): GeneralNameValue {
  const tag = der[0] ?? 0;
  switch (tag) {
    case 0x81:
      return { kind: 'email', value: ascii(derContents(der, path)) };
    case 0x82:
      return { kind: 'dns', value: ascii(derContents(der, path)) };
    case 0x86:
      return { kind: 'uri', value: ascii(derContents(der, path)) };
    case 0x87:
      return { kind: 'ip', bytes: derContents(der, path) };
    case 0xa4:
      return { kind: 'directory', name: parseDer(derContents(der, path), Name, path) };
    default:
      return { kind: 'other', tag: tag & 0x1f };
  }
}

/** Reads a nameConstraints extension value. */
export function parseNameConstraints(extnValue: Uint8Array, path: string): NameConstraintSet {
  checkDerStructure(extnValue, path);
  const set: NameConstraintSet = { permitted: undefined, excluded: [] };
  for (const field of derChildren(extnValue, path)) {
    const bases = derChildren(field, path).map((subtree) => {
      const [base] = derChildren(subtree, path);
      if (!base) return { kind: 'other', tag: -1 } as const;
      return readGeneralName(base, path);
    });
    if (field[0] === 0xa0) set.permitted = bases;
    else if (field[0] === 0xa1) set.excluded = bases;
  }
  return set;
}

/** The names a certificate is known by: its subject DN, e-mail attributes in it, and its subjectAltName entries. */
export function certificateNames(cert: CertificateInfo): GeneralNameValue[] {
  const tbs = cert.asn1.tbsCertificate;
  const names: GeneralNameValue[] = [];
  if (tbs.subject.length > 0) names.push({ kind: 'directory', name: tbs.subject });
  for (const rdn of tbs.subject) {
    for (const atv of rdn) {
      if (atv.type === OID.emailAddress) names.push({ kind: 'email', value: attributeText(atv.value) });
    }
  }
  const san = tbs.extensions?.find((e) => e.extnID === OID.subjectAltName);
  if (san) {
    const der = new Uint8Array(san.extnValue.buffer);
    checkDerStructure(der, 'tbsCertificate.extensions.subjectAltName');
    for (const name of derChildren(der, 'tbsCertificate.extensions.subjectAltName')) {
      names.push(readGeneralName(name, 'tbsCertificate.extensions.subjectAltName'));
    }
  }
  return names;
}

function withinDns(name: string, base: string): boolean {
  const n = name.toLowerCase();
  const b = base.toLowerCase();
  if (b === '') return true;
  if (b.startsWith('.')) return n.endsWith(b);
  return n === b || n.endsWith(`.${b}`);
}

function withinEmail(name: string, base: string): boolean {
  const n = name.toLowerCase();
  const b = base.toLowerCase();
  if (b.includes('@')) return n === b;
  const host = n.slice(n.lastIndexOf('@') + 1);
  if (b.startsWith('.')) return host.endsWith(b);
  return host === b;
}

/** The host of a URI with an authority, lower case; undefined when it has none or it is an IP literal. */
function uriHost(uri: string): string | undefined {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#]*)/.exec(uri);
  const host = match?.[1]?.toLowerCase();
  if (!host || host.startsWith('[') || /^[0-9.]+$/.test(host)) return undefined;
  return host;
}

/** RFC 5280 §4.2.1.10: a URI constraint applies to the host; `.example.ru` admits subdomains only. */
function withinUri(uri: string, base: string): boolean {
  const host = uriHost(uri);
  if (host === undefined) return false;
  const b = base.toLowerCase();
  return b.startsWith('.') ? host.endsWith(b) : host === b;
}

function withinIp(address: Uint8Array, base: Uint8Array): boolean {
  if (base.length !== address.length * 2) return false;
  return address.every(
    (byte, i) => (byte & base[address.length + i]!) === (base[i]! & base[address.length + i]!),
  );
}

function sameForm(name: GeneralNameValue, base: GeneralNameValue): boolean {
  if (name.kind !== base.kind) return false;
  return name.kind !== 'other' || (base.kind === 'other' && base.tag === name.tag);
}

/** Whether `name` lies within the subtree `base` of the same form. */
function within(name: GeneralNameValue, base: GeneralNameValue): boolean {
  if (name.kind === 'dns' && base.kind === 'dns') return withinDns(name.value, base.value);
  if (name.kind === 'email' && base.kind === 'email') return withinEmail(name.value, base.value);
  if (name.kind === 'ip' && base.kind === 'ip') return withinIp(name.bytes, base.bytes);
  if (name.kind === 'uri' && base.kind === 'uri') return withinUri(name.value, base.value);
  if (name.kind === 'directory' && base.kind === 'directory') return nameWithin(name.name, base.name);
  return false;
}

function describe(name: GeneralNameValue): string {
  switch (name.kind) {
    case 'dns':
      return `dNSName ${name.value}`;
    case 'email':
      return `rfc822Name ${name.value}`;
    case 'ip':
      return `iPAddress ${Array.from(name.bytes).join('.')}`;
    case 'uri':
      return `URI ${name.value}`;
    case 'directory':
      return 'directoryName';
    default:
      return `GeneralName [${name.tag}]`;
  }
}

/** The first violation of the constraint sets by the names, as a message, or undefined when none. */
export function nameConstraintViolation(
  names: readonly GeneralNameValue[],
  sets: readonly NameConstraintSet[],
): string | undefined {
  for (const name of names) {
    for (const set of sets) {
      const permitted = (set.permitted ?? []).filter((base) => sameForm(name, base));
      const excluded = set.excluded.filter((base) => sameForm(name, base));
      if (name.kind === 'other') {
        if (permitted.length > 0 || excluded.length > 0) {
          return `${describe(name)} is constrained in a form that is not supported`;
        }
        continue;
      }
      if (permitted.length > 0 && !permitted.some((base) => within(name, base))) {
        return `${describe(name)} is outside the permitted subtrees`;
      }
      if (excluded.some((base) => within(name, base))) return `${describe(name)} is in an excluded subtree`;
    }
  }
  return undefined;
}
