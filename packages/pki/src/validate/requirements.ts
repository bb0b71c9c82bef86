/**
 * What the caller requires of a path beyond RFC 5280 §6.1: the target's
 * extended key usages and key usages, the signature algorithms and key
 * sizes it trusts, and the name of the peer it expected (RFC 6125 for DNS
 * names). Each check returns the first failure, or undefined.
 */
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { parseDer } from '../asn1/der.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import type { CertificateInfo } from '../x509/certificate.js';
import type { KeyUsageName } from '../x509/extensions.js';
import type { GeneralNameValue } from './name-constraints.js';

export type RequirementCode =
  | 'EXTENDED_KEY_USAGE_REQUIRED'
  | 'KEY_USAGE_REQUIRED'
  | 'ALGORITHM_NOT_ALLOWED'
  | 'WEAK_KEY'
  | 'PEER_NAME_MISMATCH';

export interface KeyRequirements {
  /** Smallest RSA modulus, in bits (e.g. 2048). */
  minRsaBits?: number;
  /** Public key algorithms allowed (OIDs, e.g. `OID.rsaEncryption`); others are refused. DSA is refused by leaving it out. */
  algorithms?: readonly string[];
  /** Named curves allowed for EC keys (OIDs, e.g. `OID.p256`); others, such as P-192, are refused. */
  curves?: readonly string[];
}

/** The peer the caller expects the target to name; one of the forms. */
export interface PeerName {
  /** A DNS name, matched against subjectAltName dNSName entries with the wildcard rules of RFC 6125 §6.4.3. */
  dns?: string;
  /** An IPv4 or IPv6 address, matched against iPAddress entries. */
  ip?: string;
  /** An e-mail address, matched against rfc822Name entries and the subject's emailAddress (domain case-insensitive). */
  email?: string;
  /** Match a DNS name against the subject's commonName when the certificate has no dNSName (RFC 6125 §6.4.4). Default false. */
  commonNameFallback?: boolean;
}

export interface PathRequirements {
  /** Extended key usages the target must carry (all of them); anyExtendedKeyUsage stands for every one unless `acceptAnyExtendedKeyUsage` is false. */
  extendedKeyUsage?: readonly string[];
  /** Whether anyExtendedKeyUsage satisfies a required usage (RFC 5280 §4.2.1.12). Default true. */
  acceptAnyExtendedKeyUsage?: boolean;
  /** Also require the usages of every CA in the path that has an extendedKeyUsage extension (EKU chaining). */
  extendedKeyUsageChaining?: boolean;
  /** Key usages the target must have (all of them), e.g. `['digitalSignature', 'nonRepudiation']`. */
  keyUsage?: readonly KeyUsageName[];
  /** Signature algorithms allowed on the certificates below the anchor (OIDs). */
  signatureAlgorithms?: readonly string[];
  /** The keys allowed on every certificate of the path, the anchor's included. */
  keys?: KeyRequirements;
  peerName?: PeerName;
}

export interface RequirementFailure {
  code: RequirementCode;
  index: number;
  rule: string;
  message: string;
}

function failure(code: RequirementCode, index: number, rule: string, message: string): RequirementFailure {
  return { code, index, rule, message };
}

/** Required extended key usages of the target and, with chaining, of the CAs that restrict theirs. */
function extendedKeyUsageFailure(
  path: readonly CertificateInfo[],
  required: readonly string[],
  requirements: PathRequirements,
): RequirementFailure | undefined {
  const n = path.length - 1;
  const anyAccepted = requirements.acceptAnyExtendedKeyUsage !== false;
  const allows = (cert: CertificateInfo, usage: string): boolean =>
    cert.extendedKeyUsage.includes(usage) ||
    (anyAccepted && cert.extendedKeyUsage.includes(OID.anyExtendedKeyUsage));
  const missing = required.find((usage) => !allows(path[n]!, usage));
  if (missing) {
    return failure('EXTENDED_KEY_USAGE_REQUIRED', n, 'RFC5280 4.2.1.12', `extendedKeyUsage lacks ${missing}`);
  }
  if (!requirements.extendedKeyUsageChaining) return undefined;
  for (let i = 1; i < n; i++) {
    const ca = path[i]!;
    if (ca.extendedKeyUsage.length === 0) continue;
    const lacking = required.find((usage) => !allows(ca, usage));
    if (lacking) {
      return failure(
        'EXTENDED_KEY_USAGE_REQUIRED',
        i,
        'RFC5280 4.2.1.12',
        `a CA whose extendedKeyUsage lacks ${lacking}`,
      );
    }
  }
  return undefined;
}

/** Bits of a big-endian unsigned number. */
function bitLength(bytes: Uint8Array): number {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  if (start === bytes.length) return 0;
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start]!));
}

function keyFailure(cert: CertificateInfo, i: number, keys: KeyRequirements): RequirementFailure | undefined {
  const spki = cert.asn1.tbsCertificate.subjectPublicKeyInfo;
  const algorithm = spki.algorithm.algorithm;
  const weak = (message: string): RequirementFailure => failure('WEAK_KEY', i, 'RFC5280 4.1.2.7', message);
  if (keys.algorithms && !keys.algorithms.includes(algorithm)) {
    return weak(`public key algorithm ${algorithm} is not allowed`);
  }
  if (algorithm === OID.rsaEncryption && keys.minRsaBits !== undefined) {
    const key = parseDer(new Uint8Array(spki.subjectPublicKey), RSAPublicKey, 'subjectPublicKeyInfo');
    const bits = bitLength(new Uint8Array(key.modulus));
    if (bits < keys.minRsaBits)
      return weak(`an RSA key of ${bits} bits (at least ${keys.minRsaBits} required)`);
  }
  if (algorithm === OID.ecPublicKey && keys.curves) {
    const parameters = spki.algorithm.parameters;
    const curve = parameters ? curveOf(new Uint8Array(parameters)) : undefined;
    if (!curve || !keys.curves.includes(curve))
      return weak(`EC curve ${curve ?? '(not named)'} is not allowed`);
  }
  return undefined;
}

/** The named curve OID of EC parameters, or undefined for explicit or implicit curves. */
function curveOf(parameters: Uint8Array): string | undefined {
  return parameters[0] === 0x06 ? decodeOid(parameters) : undefined;
}

/** Decodes a DER OBJECT IDENTIFIER to dotted form. */
function decodeOid(der: Uint8Array): string | undefined {
  const length = der[1] ?? 0;
  if (length > 0x7f || der.length !== length + 2) return undefined;
  const arcs: number[] = [];
  let value = 0;
  for (const byte of der.subarray(2)) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  const first = arcs.shift();
  if (first === undefined) return undefined;
  const top = Math.min(2, Math.floor(first / 40));
  return [top, first - top * 40, ...arcs].join('.');
}

/** An IPv4 or IPv6 address in text as its octets, or undefined. */
export function parseIpAddress(text: string): Uint8Array | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    return octets.every((o) => o <= 255) ? Uint8Array.from(octets) : undefined;
  }
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const words = part.split(':');
    const out: number[] = [];
    for (const [k, word] of words.entries()) {
      const tail = k === words.length - 1 ? parseIpAddress(word) : undefined;
      if (tail?.length === 4) out.push((tail[0]! << 8) | tail[1]!, (tail[2]! << 8) | tail[3]!);
      else if (/^[0-9A-Fa-f]{1,4}$/.test(word)) out.push(parseInt(word, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const words = [...head, ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...tail];
  return Uint8Array.from(words.flatMap((w) => [w >> 8, w & 0xff]));
}

/** RFC 6125 §6.4: a presented DNS identifier (maybe `*.` wildcard) against the reference, case-insensitively. */
export function dnsNameMatches(reference: string, presented: string): boolean {
  const ref = reference.toLowerCase().replace(/\.$/, '');
  const pre = presented.toLowerCase().replace(/\.$/, '');
  if (ref === '' || parseIpAddress(ref)) return false;
  if (!pre.startsWith('*.')) return ref === pre;
  const suffix = pre.slice(1);
  // The wildcard stands for exactly one whole label, and not directly under a top-level domain.
  if (suffix.split('.').length < 3) return false;
  const label = ref.slice(0, ref.length - suffix.length);
  return ref.endsWith(suffix) && label.length > 0 && !label.includes('.');
}

function emailMatches(reference: string, presented: string): boolean {
  const split = (address: string): [string, string] => {
    const at = address.lastIndexOf('@');
    return [address.slice(0, at), address.slice(at + 1).toLowerCase()];
  };
  const [refLocal, refDomain] = split(reference);
  const [preLocal, preDomain] = split(presented);
  return refLocal === preLocal && refDomain === preDomain;
}

function peerNameFailure(
  cert: CertificateInfo,
  names: readonly GeneralNameValue[],
  n: number,
  peer: PeerName,
): RequirementFailure | undefined {
  const mismatch = (rule: string, message: string): RequirementFailure =>
    failure('PEER_NAME_MISMATCH', n, rule, message);
  if (peer.dns !== undefined) {
    const dns = names.flatMap((name) => (name.kind === 'dns' ? [name.value] : []));
    const commonNames =
      peer.commonNameFallback && dns.length === 0
        ? cert.subject.filter((a) => a.type === OID.commonName).map((a) => a.value)
        : [];
    if (![...dns, ...commonNames].some((presented) => dnsNameMatches(peer.dns!, presented))) {
      return mismatch('RFC6125 6.4', `the certificate does not name ${peer.dns}`);
    }
  }
  if (peer.ip !== undefined) {
    const wanted = parseIpAddress(peer.ip);
    if (!wanted)
      throw new PkiError('INVALID_ARGUMENT', `not an IP address: ${peer.ip}`, 'requirements.peerName.ip');
    const found = names.some(
      (name) =>
        name.kind === 'ip' &&
        name.bytes.length === wanted.length &&
        name.bytes.every((b, k) => b === wanted[k]),
    );
    if (!found) return mismatch('RFC6125 6.2.1', `the certificate does not name ${peer.ip}`);
  }
  if (peer.email !== undefined) {
    const found = names.some((name) => name.kind === 'email' && emailMatches(peer.email!, name.value));
    if (!found) return mismatch('RFC5280 4.2.1.6', `the certificate does not name ${peer.email}`);
  }
  return undefined;
}

/**
 * The first requirement the path (anchor first) does not meet. `names` are
 * the target's subjectAltName entries (and subject), read once by the caller.
 */
export function requirementFailure(
  path: readonly CertificateInfo[],
  targetNames: readonly GeneralNameValue[],
  requirements: PathRequirements,
): RequirementFailure | undefined {
  const n = path.length - 1;
  if (requirements.keys) {
    for (const [i, cert] of path.entries()) {
      const weak = keyFailure(cert, i, requirements.keys);
      if (weak) return weak;
    }
  }
  if (requirements.signatureAlgorithms) {
    for (let i = 1; i <= n; i++) {
      const algorithm = path[i]!.signatureAlgorithm;
      if (!requirements.signatureAlgorithms.includes(algorithm)) {
        return failure(
          'ALGORITHM_NOT_ALLOWED',
          i,
          'RFC5280 4.1.1.2',
          `signature algorithm ${algorithm} is not allowed`,
        );
      }
    }
  }
  const target = path[n]!;
  if (requirements.extendedKeyUsage?.length) {
    const eku = extendedKeyUsageFailure(path, requirements.extendedKeyUsage, requirements);
    if (eku) return eku;
  }
  const lacking = requirements.keyUsage?.find((usage) => !target.keyUsage.includes(usage));
  if (lacking) return failure('KEY_USAGE_REQUIRED', n, 'RFC5280 4.2.1.3', `keyUsage lacks ${lacking}`);
  return requirements.peerName ? peerNameFailure(target, targetNames, n, requirements.peerName) : undefined;
}
