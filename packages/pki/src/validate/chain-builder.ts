/**
 * Path building: from a target certificate up to a trust anchor through a
 * pool of intermediates. A certificate's issuer is any pool certificate whose
 * subject equals its issuer Name (RFC 5280 §7.1 comparison) and, when both
 * carry key identifiers, whose subjectKeyIdentifier equals its
 * authorityKeyIdentifier. Several issuers may fit (cross certificates,
 * re-keyed CAs): every combination is produced, trust anchors first, each
 * certificate at most once per path, up to limits on length, number of
 * paths and search steps.
 * Signatures and constraints are checked by path validation, not here.
 */
import type { CertificateInfo } from '../x509/certificate.js';
import { namesEqual } from './name-compare.js';

export interface ChainBuildingOptions {
  /** Most certificates between the trust anchor and the target, self-issued ones not counted; longer paths are not built. */
  maxIntermediates?: number;
  /** Most candidate paths returned. */
  maxPaths?: number;
}

const DEFAULT_MAX_INTERMEDIATES = 8;
const DEFAULT_MAX_PATHS = 16;
/** Most extension steps of the search, so a pool full of same-named CAs cannot make it explode. */
const MAX_STEPS = 4096;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function isSelfIssued(cert: CertificateInfo): boolean {
  return namesEqual(cert.asn1.tbsCertificate.subject, cert.asn1.tbsCertificate.issuer);
}

/** Whether `candidate` may have issued `certificate`: names chain and key identifiers, when both present, agree. */
export function mayHaveIssued(candidate: CertificateInfo, certificate: CertificateInfo): boolean {
  const aki = certificate.authorityKeyIdentifier;
  const ski = candidate.subjectKeyIdentifier;
  if (aki && ski && !sameBytes(aki, ski)) return false;
  return namesEqual(candidate.asn1.tbsCertificate.subject, certificate.asn1.tbsCertificate.issuer);
}

/**
 * Candidate paths from a trust anchor to the target, most likely first:
 * each path starts with a trust anchor and ends with the target (RFC 5280
 * numbering: position 0 the anchor, 1 the certificate it issued, …). A
 * target that is itself a trust anchor gives the one-element path.
 */
export function buildCandidatePaths(
  target: CertificateInfo,
  intermediates: readonly CertificateInfo[],
  trustAnchors: readonly CertificateInfo[],
  options: ChainBuildingOptions = {},
): CertificateInfo[][] {
  const maxIntermediates = options.maxIntermediates ?? DEFAULT_MAX_INTERMEDIATES;
  const maxPaths = options.maxPaths ?? DEFAULT_MAX_PATHS;
  const isAnchor = (cert: CertificateInfo): boolean => trustAnchors.some((a) => sameBytes(a.der, cert.der));
  const paths: CertificateInfo[][] = [];
  let steps = 0;
  // `chain` runs from the target upwards; it is reversed when an anchor is reached.
  const extend = (chain: CertificateInfo[]): void => {
    if (paths.length >= maxPaths || ++steps > MAX_STEPS) return;
    const top = chain[chain.length - 1]!;
    if (isAnchor(top)) {
      paths.push([...chain].reverse());
      return;
    }
    const used = (cert: CertificateInfo): boolean => chain.some((c) => sameBytes(c.der, cert.der));
    for (const anchor of trustAnchors) {
      if (!used(anchor) && mayHaveIssued(anchor, top)) extend([...chain, anchor]);
    }
    // chain = target, intermediates…: one more intermediate only while under the limit,
    // which self-issued certificates (key rollover) do not count towards (RFC 5280 §6.1.4 (l)).
    const counted = chain.slice(1).filter((c) => !isSelfIssued(c)).length;
    for (const candidate of intermediates) {
      if (counted + (isSelfIssued(candidate) ? 0 : 1) > maxIntermediates) continue;
      if (!used(candidate) && !isAnchor(candidate) && mayHaveIssued(candidate, top)) {
        extend([...chain, candidate]);
      }
    }
  };
  extend([target]);
  return paths;
}
