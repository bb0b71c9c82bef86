/**
 * The certificate profile of RFC 5280 §4.1 and §4.2, checked on every
 * certificate of a path below the trust anchor: what a conforming CA must
 * not issue is refused here even when the path validation algorithm of §6.1
 * would not notice. Each rule has its own code and the section it comes
 * from; `profileViolation` returns the first rule a certificate breaks.
 */
import { Version, type Extension } from '@peculiar/asn1-x509';
import { checkDerStructure } from '../asn1/der.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { derChildren, derContents } from '../ocsp/der-children.js';
import type { CertificateInfo } from '../x509/certificate.js';

export type ProfileViolationCode =
  | 'VERSION_INVALID'
  | 'SIGNATURE_ALGORITHM_MISMATCH'
  | 'SERIAL_NUMBER_INVALID'
  | 'ISSUER_EMPTY'
  | 'SUBJECT_EMPTY'
  | 'DUPLICATE_EXTENSION'
  | 'AUTHORITY_KEY_ID_MISSING'
  | 'AUTHORITY_KEY_ID_CRITICAL'
  | 'SUBJECT_KEY_ID_MISSING'
  | 'SUBJECT_KEY_ID_CRITICAL'
  | 'AUTHORITY_INFO_ACCESS_CRITICAL'
  | 'BASIC_CONSTRAINTS_NOT_CRITICAL'
  | 'PATH_LENGTH_WITHOUT_CA'
  | 'KEY_USAGE_EMPTY'
  | 'KEY_CERT_SIGN_WITHOUT_CA'
  | 'POLICY_CONSTRAINTS_INVALID'
  | 'INHIBIT_ANY_POLICY_NOT_CRITICAL'
  | 'NAME_CONSTRAINTS_INVALID'
  | 'SUBJECT_ALT_NAME_INVALID';

export interface ProfileViolation {
  code: ProfileViolationCode;
  /** The RFC section, e.g. `RFC5280 4.2.1.9`. */
  rule: string;
  message: string;
}

/** GeneralName tags (context-specific) and whether each is constructed (RFC 5280 §4.2.1.6). */
const GENERAL_NAME_CONSTRUCTED: readonly boolean[] = [
  true,
  false,
  false,
  true,
  true,
  true,
  false,
  false,
  false,
];

function violation(code: ProfileViolationCode, section: string, message: string): ProfileViolation {
  return { code, rule: `RFC5280 ${section}`, message };
}

function findExtension(cert: CertificateInfo, oid: string): Extension | undefined {
  return cert.asn1.tbsCertificate.extensions?.find((e) => e.extnID === oid);
}

/** A DNS name in the preferred name syntax (RFC 1034 §3.5, RFC 1123 §2.1); `*` allowed as the whole leftmost label when `wildcard`. */
export function isPreferredDnsName(name: string, wildcard: boolean): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  return labels.every(
    (label, i) =>
      (wildcard && i === 0 && label === '*' && labels.length > 1) ||
      /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label),
  );
}

const ascii = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

/** Why one GeneralName of a subjectAltName is malformed, or undefined. */
function generalNameProblem(der: Uint8Array, path: string): string | undefined {
  const tag = der[0] ?? 0;
  const number = tag & 0x1f;
  if ((tag & 0xc0) !== 0x80 || number >= GENERAL_NAME_CONSTRUCTED.length) {
    return `an entry has tag 0x${tag.toString(16)}, which is no GeneralName`;
  }
  if (((tag & 0x20) !== 0) !== GENERAL_NAME_CONSTRUCTED[number]) {
    return `GeneralName [${number}] has the wrong constructed bit`;
  }
  const contents = derContents(der, path);
  switch (number) {
    case 1: {
      const value = ascii(contents);
      const at = value.lastIndexOf('@');
      if (at <= 0 || !isPreferredDnsName(value.slice(at + 1), false))
        return `rfc822Name "${value}" is not a mailbox`;
      return undefined;
    }
    case 2: {
      const value = ascii(contents);
      return isPreferredDnsName(value, true)
        ? undefined
        : `dNSName "${value}" is not in the preferred name syntax`;
    }
    case 6: {
      const value = ascii(contents);
      return /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)
        ? undefined
        : `URI "${value}" is not an absolute URI`;
    }
    case 7:
      return contents.length === 4 || contents.length === 16
        ? undefined
        : `iPAddress of ${contents.length} octets (must be 4 or 16)`;
    default:
      return undefined;
  }
}

function subjectAltNameProblem(extension: Extension): string | undefined {
  const path = 'tbsCertificate.extensions.subjectAltName';
  const der = new Uint8Array(extension.extnValue.buffer);
  try {
    checkDerStructure(der, path);
    if (der[0] !== 0x30) return 'not a SEQUENCE';
    const names = derChildren(der, path);
    if (names.length === 0) return 'no names';
    for (const name of names) {
      const problem = generalNameProblem(name, path);
      if (problem) return problem;
    }
    return undefined;
  } catch (error) {
    if (error instanceof PkiError) return `does not parse: ${error.message}`;
    throw error;
  }
}

function nameConstraintsProblem(extension: Extension): string | undefined {
  const path = 'tbsCertificate.extensions.nameConstraints';
  const der = new Uint8Array(extension.extnValue.buffer);
  try {
    checkDerStructure(der, path);
    const fields = derChildren(der, path);
    if (fields.length === 0) return 'neither permittedSubtrees nor excludedSubtrees is present';
    for (const field of fields) {
      const subtrees = derChildren(field, path);
      if (subtrees.length === 0) return 'an empty list of subtrees';
      for (const subtree of subtrees) {
        if (derChildren(subtree, path).length !== 1) return 'a subtree with minimum or maximum';
      }
    }
    return undefined;
  } catch (error) {
    if (error instanceof PkiError) return `does not parse: ${error.message}`;
    throw error;
  }
}

/** Whether the INTEGER's content octets are a positive number of at most 20 octets. */
function serialProblem(octets: Uint8Array): string | undefined {
  if (octets.length === 0) return 'empty';
  if ((octets[0]! & 0x80) !== 0) return 'negative';
  if (octets.every((b) => b === 0)) return 'zero';
  const magnitude = octets[0] === 0 ? octets.length - 1 : octets.length;
  return magnitude > 20 ? `${magnitude} octets long (at most 20)` : undefined;
}

/** Each extension has its own rule; the first broken one is returned. */
function extensionViolation(cert: CertificateInfo, selfSigned: boolean): ProfileViolation | undefined {
  const aki = findExtension(cert, OID.authorityKeyIdentifier);
  if (!aki && !selfSigned) {
    return violation('AUTHORITY_KEY_ID_MISSING', '4.2.1.1', 'authorityKeyIdentifier is missing');
  }
  if (aki?.critical)
    return violation('AUTHORITY_KEY_ID_CRITICAL', '4.2.1.1', 'authorityKeyIdentifier is critical');
  if (aki && !selfSigned && !cert.authorityKeyIdentifier) {
    return violation('AUTHORITY_KEY_ID_MISSING', '4.2.1.1', 'authorityKeyIdentifier has no keyIdentifier');
  }
  const ski = findExtension(cert, OID.subjectKeyIdentifier);
  if (!ski && cert.isCa)
    return violation('SUBJECT_KEY_ID_MISSING', '4.2.1.2', 'a CA certificate without subjectKeyIdentifier');
  if (ski?.critical)
    return violation('SUBJECT_KEY_ID_CRITICAL', '4.2.1.2', 'subjectKeyIdentifier is critical');
  if (findExtension(cert, OID.authorityInfoAccess)?.critical) {
    return violation('AUTHORITY_INFO_ACCESS_CRITICAL', '4.2.2.1', 'authorityInfoAccess is critical');
  }
  const basic = findExtension(cert, OID.basicConstraints);
  if (basic && cert.isCa && !basic.critical) {
    return violation(
      'BASIC_CONSTRAINTS_NOT_CRITICAL',
      '4.2.1.9',
      'basicConstraints of a CA certificate is not critical',
    );
  }
  const keyUsage = findExtension(cert, OID.keyUsage);
  if (cert.pathLength !== undefined && (!cert.isCa || (keyUsage && !cert.keyUsage.includes('keyCertSign')))) {
    return violation('PATH_LENGTH_WITHOUT_CA', '4.2.1.9', 'pathLenConstraint without cA and keyCertSign');
  }
  if (keyUsage && cert.keyUsage.length === 0)
    return violation('KEY_USAGE_EMPTY', '4.2.1.3', 'keyUsage with no bit set');
  if (cert.keyUsage.includes('keyCertSign') && !cert.isCa) {
    return violation(
      'KEY_CERT_SIGN_WITHOUT_CA',
      '4.2.1.3',
      'keyUsage keyCertSign without basicConstraints cA',
    );
  }
  const policyConstraints = findExtension(cert, OID.policyConstraints);
  if (policyConstraints && !policyConstraints.critical) {
    return violation('POLICY_CONSTRAINTS_INVALID', '4.2.1.11', 'policyConstraints is not critical');
  }
  if (policyConstraints && new Uint8Array(policyConstraints.extnValue.buffer)[1] === 0) {
    return violation('POLICY_CONSTRAINTS_INVALID', '4.2.1.11', 'policyConstraints is an empty sequence');
  }
  if (findExtension(cert, OID.inhibitAnyPolicy)?.critical === false) {
    return violation('INHIBIT_ANY_POLICY_NOT_CRITICAL', '4.2.1.14', 'inhibitAnyPolicy is not critical');
  }
  const nameConstraints = findExtension(cert, OID.nameConstraints);
  if (nameConstraints) {
    if (!cert.isCa)
      return violation(
        'NAME_CONSTRAINTS_INVALID',
        '4.2.1.10',
        'nameConstraints in a certificate that is not a CA',
      );
    if (!nameConstraints.critical)
      return violation('NAME_CONSTRAINTS_INVALID', '4.2.1.10', 'nameConstraints is not critical');
    const problem = nameConstraintsProblem(nameConstraints);
    if (problem) return violation('NAME_CONSTRAINTS_INVALID', '4.2.1.10', `nameConstraints: ${problem}`);
  }
  const san = findExtension(cert, OID.subjectAltName);
  if (san) {
    const problem = subjectAltNameProblem(san);
    if (problem) return violation('SUBJECT_ALT_NAME_INVALID', '4.2.1.6', `subjectAltName: ${problem}`);
  }
  return undefined;
}

/**
 * The first rule of the RFC 5280 profile the certificate breaks, or
 * undefined. `selfSigned`: its issuer in the path has its own key, so it
 * needs no authorityKeyIdentifier.
 */
export function profileViolation(cert: CertificateInfo, selfSigned: boolean): ProfileViolation | undefined {
  const tbs = cert.asn1.tbsCertificate;
  const extensions: readonly Extension[] = tbs.extensions ?? [];
  if (extensions.length > 0 && tbs.version !== Version.v3) {
    return violation(
      'VERSION_INVALID',
      '4.1.2.1',
      `a version ${tbs.version + 1} certificate with extensions`,
    );
  }
  if ((tbs.issuerUniqueID || tbs.subjectUniqueID) && tbs.version === Version.v1) {
    return violation('VERSION_INVALID', '4.1.2.1', 'a version 1 certificate with unique identifiers');
  }
  const [tbsDer, outerAlgorithm] = derChildren(cert.der, 'certificate');
  const tbsFields = derChildren(tbsDer ?? new Uint8Array(0), 'tbsCertificate');
  const innerAlgorithm = tbsFields[tbsFields[0]?.[0] === 0xa0 ? 2 : 1];
  if (!innerAlgorithm || !outerAlgorithm || !sameBytes(innerAlgorithm, outerAlgorithm)) {
    return violation(
      'SIGNATURE_ALGORITHM_MISMATCH',
      '4.1.1.2',
      'signatureAlgorithm differs from the signature field of tbsCertificate',
    );
  }
  const serial = serialProblem(new Uint8Array(tbs.serialNumber));
  if (serial) return violation('SERIAL_NUMBER_INVALID', '4.1.2.2', `serial number is ${serial}`);
  if (tbs.issuer.length === 0) return violation('ISSUER_EMPTY', '4.1.2.4', 'issuer is an empty Name');
  if (tbs.subject.length === 0) {
    if (cert.isCa) return violation('SUBJECT_EMPTY', '4.1.2.6', 'a CA certificate with an empty subject');
    if (!findExtension(cert, OID.subjectAltName)?.critical) {
      return violation('SUBJECT_EMPTY', '4.1.2.6', 'an empty subject without a critical subjectAltName');
    }
  }
  const seen = new Set<string>();
  for (const extension of extensions) {
    if (seen.has(extension.extnID)) {
      return violation('DUPLICATE_EXTENSION', '4.2', `extension ${extension.extnID} appears twice`);
    }
    seen.add(extension.extnID);
  }
  return extensionViolation(cert, selfSigned);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
