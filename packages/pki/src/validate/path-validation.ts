/**
 * Certification path validation by RFC 5280 §6.1: candidate paths from
 * `buildCandidatePaths` are checked one by one and the first valid one is
 * returned; when none is valid, the failure that got furthest along its
 * path is reported. Positions in a path follow RFC 5280's numbering:
 * 0 is the trust anchor, 1 the certificate it issued, the last the target.
 *
 * The trust anchor supplies a name and a public key only (RFC 5280
 * §6.1.1 (d)) unless `anchorConstraints` asks for RFC 5937. Supported:
 * signatures, validity, basicConstraints and pathLenConstraint, keyUsage
 * keyCertSign and cRLSign, name constraints (see name-constraints.ts),
 * certificate policies with mappings, policy constraints and
 * inhibitAnyPolicy (qualifiers are not interpreted), unknown critical
 * extensions, revocation (see revocation.ts), the RFC 5280 certificate
 * profile (profile.ts) and the caller's requirements (requirements.ts).
 * Every failure names its code, the certificate and the rule. Not
 * supported: v1/v2 intermediate certificates (refused as not a CA).
 */
import {
  AlgorithmIdentifier,
  InhibitAnyPolicy,
  PolicyConstraints,
  PolicyMappings,
  SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import { parseDer } from '../asn1/der.js';
import type { RevocationReason } from '../crl/revoked-entries.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { parseCertificate, type CertificateInfo } from '../x509/certificate.js';
import { buildCandidatePaths } from './chain-builder.js';
import { namesEqual } from './name-compare.js';
import { profileViolation, type ProfileViolationCode } from './profile.js';
import { requirementFailure, type PathRequirements, type RequirementCode } from './requirements.js';
import { signedBy } from './signature.js';
import {
  certificateNames,
  nameConstraintViolation,
  parseNameConstraints,
  type GeneralNameValue,
  type NameConstraintSet,
} from './name-constraints.js';
import {
  applyPolicyMappings,
  createPolicyTree,
  intersectWithInitialPolicies,
  authorityPolicies,
  leafPolicies,
  processCertificatePolicies,
  type PolicyNode,
} from './policy-tree.js';
import type { CrlInfo } from '../crl/crl.js';
import {
  crlKeyMatches,
  parseRevocationSources,
  revocationStatus,
  type RevocationOptions,
  type RevocationSources,
} from './revocation.js';

export type PathValidationCode =
  | 'NO_PATH'
  | 'SIGNATURE_INVALID'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'NOT_A_CA'
  | 'PATH_LENGTH_EXCEEDED'
  | 'KEY_USAGE'
  | 'NAME_CONSTRAINTS'
  | 'POLICY'
  | 'UNKNOWN_CRITICAL_EXTENSION'
  | 'REVOKED'
  | 'REVOCATION_UNKNOWN'
  | 'CRL_INVALID'
  | 'OCSP_INVALID'
  | ProfileViolationCode
  | RequirementCode;

/** The RFC section each code's rule comes from, unless the failure names a more precise one. */
const RULES: Record<PathValidationCode, string> = {
  NO_PATH: 'RFC5280 6.1',
  SIGNATURE_INVALID: 'RFC5280 6.1.3(a)(1)',
  EXPIRED: 'RFC5280 6.1.3(a)(2)',
  NOT_YET_VALID: 'RFC5280 6.1.3(a)(2)',
  NOT_A_CA: 'RFC5280 6.1.4(k)',
  PATH_LENGTH_EXCEEDED: 'RFC5280 6.1.4(l)',
  KEY_USAGE: 'RFC5280 6.1.4(n)',
  NAME_CONSTRAINTS: 'RFC5280 6.1.3(b)',
  POLICY: 'RFC5280 6.1.3(f)',
  UNKNOWN_CRITICAL_EXTENSION: 'RFC5280 6.1.4(o)',
  REVOKED: 'RFC5280 6.1.3(a)(3)',
  REVOCATION_UNKNOWN: 'RFC5280 6.3.3',
  CRL_INVALID: 'RFC5280 6.3.3',
  OCSP_INVALID: 'RFC6960 3.2',
  VERSION_INVALID: 'RFC5280 4.1.2.1',
  SIGNATURE_ALGORITHM_MISMATCH: 'RFC5280 4.1.1.2',
  SERIAL_NUMBER_INVALID: 'RFC5280 4.1.2.2',
  ISSUER_EMPTY: 'RFC5280 4.1.2.4',
  SUBJECT_EMPTY: 'RFC5280 4.1.2.6',
  DUPLICATE_EXTENSION: 'RFC5280 4.2',
  AUTHORITY_KEY_ID_MISSING: 'RFC5280 4.2.1.1',
  AUTHORITY_KEY_ID_CRITICAL: 'RFC5280 4.2.1.1',
  SUBJECT_KEY_ID_MISSING: 'RFC5280 4.2.1.2',
  SUBJECT_KEY_ID_CRITICAL: 'RFC5280 4.2.1.2',
  AUTHORITY_INFO_ACCESS_CRITICAL: 'RFC5280 4.2.2.1',
  BASIC_CONSTRAINTS_NOT_CRITICAL: 'RFC5280 4.2.1.9',
  PATH_LENGTH_WITHOUT_CA: 'RFC5280 4.2.1.9',
  KEY_USAGE_EMPTY: 'RFC5280 4.2.1.3',
  KEY_CERT_SIGN_WITHOUT_CA: 'RFC5280 4.2.1.3',
  POLICY_CONSTRAINTS_INVALID: 'RFC5280 4.2.1.11',
  INHIBIT_ANY_POLICY_NOT_CRITICAL: 'RFC5280 4.2.1.14',
  NAME_CONSTRAINTS_INVALID: 'RFC5280 4.2.1.10',
  SUBJECT_ALT_NAME_INVALID: 'RFC5280 4.2.1.6',
  EXTENDED_KEY_USAGE_REQUIRED: 'RFC5280 4.2.1.12',
  KEY_USAGE_REQUIRED: 'RFC5280 4.2.1.3',
  ALGORITHM_NOT_ALLOWED: 'RFC5280 4.1.1.2',
  WEAK_KEY: 'RFC5280 4.1.2.7',
  PEER_NAME_MISMATCH: 'RFC6125 6.4',
};

/** The user inputs of RFC 5280 §6.1.1 (c), (e)–(g); by default any policy, nothing required or inhibited. */
export interface PolicyOptions {
  /** user-initial-policy-set; default `[OID.anyPolicy]`. */
  initialPolicySet?: readonly string[];
  /** initial-explicit-policy: the path must be valid for at least one policy of the set. */
  explicitPolicy?: boolean;
  /** initial-policy-mapping-inhibit. */
  policyMappingInhibit?: boolean;
  /** initial-any-policy-inhibit. */
  anyPolicyInhibit?: boolean;
}

export interface PathValidationOptions {
  /** DER of the certificate to validate. */
  target: Uint8Array;
  /** DER of certificates that may serve as intermediates, in any order. */
  intermediates?: readonly Uint8Array[];
  /** DER of the trusted (usually self-signed) certificates. */
  trustAnchors: readonly Uint8Array[];
  /** The time the path must be valid at. */
  at: Date;
  revocation: RevocationOptions;
  policy?: PolicyOptions;
  /** Most intermediates in a path (default 8); self-issued ones do not count (RFC 5280 §6.1.4 (l)). */
  maxIntermediates?: number;
  /**
   * Enforce the trust anchor's own constraints (RFC 5937): its validity,
   * basicConstraints cA and keyUsage keyCertSign when present, its
   * pathLenConstraint, name constraints, policyConstraints and
   * inhibitAnyPolicy as the initial state, and its certificatePolicies
   * intersected with `policy.initialPolicySet`. Default false: the anchor
   * supplies a name and a key only (RFC 5280 §6.1.1 (d)).
   */
  anchorConstraints?: boolean;
  /** What the caller requires of the target and the path beyond RFC 5280 §6.1 (see requirements.ts). */
  requirements?: PathRequirements;
  /**
   * Check every certificate below the trust anchor against the RFC 5280
   * profile (§4.1, §4.2; see profile.ts). Default true; false leaves only
   * the path validation algorithm of §6.1.
   */
  profileChecks?: boolean;
}

export type PathValidationResult =
  | {
      ok: true;
      /** Trust anchor first, target last. */
      path: CertificateInfo[];
      /** OIDs of the policies the path is valid for (RFC 5280 §6.1.6), anyPolicy included when it is. */
      policies: string[];
      /**
       * The user-constrained-policy-set (RFC 5280 §6.1.5 (g), PKITS): the
       * policies of the anchor's domain the path is valid for, before any
       * mapping; `[OID.anyPolicy]` when any policy is acceptable.
       */
      userConstrainedPolicies: string[];
      /** What the path passed without being checked (see PathValidationNote); empty as a rule. */
      notes: PathValidationNote[];
    }
  | PathValidationFailure;

/**
 * Something the validation could not check and did not hold against the
 * path, for the caller to show: a delegated OCSP responder without
 * id-pkix-ocsp-nocheck whose own revocation no CRL answered for.
 */
export interface PathValidationNote {
  code: 'OCSP_RESPONDER_REVOCATION_UNCHECKED';
  /** The certificate whose OCSP answer the note is about. */
  index: number;
  rule: string;
  message: string;
}

export interface PathValidationFailure {
  ok: false;
  code: PathValidationCode;
  /** Position in the failed path (0 the trust anchor); -1 when no path was found. */
  index: number;
  /** Subject of the certificate at `index`, as text; the target's when no path was found. */
  subject: string;
  /** The rule broken, as `RFC5280 4.2.1.9` (RFC and section). */
  rule: string;
  message: string;
  /** With REVOKED: the reason and revocation date from the CRL or OCSP response. */
  revocation?: { reason: RevocationReason | undefined; date: Date };
}

const KNOWN_EXTENSIONS = new Set<string>([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.subjectAltName,
  OID.issuerAltName,
  OID.nameConstraints,
  OID.certificatePolicies,
  OID.policyMappings,
  OID.policyConstraints,
  OID.inhibitAnyPolicy,
  OID.crlDistributionPoints,
  OID.freshestCrl,
  OID.authorityInfoAccess,
  OID.privateKeyUsagePeriod,
  OID.ocspNoCheck,
  OID.subjectSignTool,
  OID.issuerSignTool,
  OID.identificationKind,
]);

/** Raised inside the validation of one path and turned into its failure result. */
class PathFailure extends Error {
  constructor(readonly failure: PathValidationFailure) {
    super(failure.message);
  }
}

/** Ends the validation of the path; the subject is filled in by `validatePath`, which knows the path. */
function fail(
  code: PathValidationCode,
  index: number,
  message: string,
  extra: Partial<PathValidationFailure> = {},
): never {
  throw new PathFailure({ ok: false, code, index, subject: '', rule: RULES[code], message, ...extra });
}

function extensionValue(cert: CertificateInfo, oid: string): Uint8Array | undefined {
  const ext = cert.asn1.tbsCertificate.extensions?.find((e) => e.extnID === oid);
  return ext ? new Uint8Array(ext.extnValue.buffer) : undefined;
}

/** A certificate whose subject and issuer Names are equal (RFC 5280 §6.1: it does not count towards path length). */
function isSelfIssued(cert: CertificateInfo): boolean {
  return namesEqual(cert.asn1.tbsCertificate.subject, cert.asn1.tbsCertificate.issuer);
}

function sameKey(a: CertificateInfo, b: CertificateInfo): boolean {
  const x = new Uint8Array(a.asn1.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  const y = new Uint8Array(b.asn1.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  return x.length === y.length && x.every((byte, i) => byte === y[i]);
}

/** Whether a key's AlgorithmIdentifier carries parameters: absent and NULL both mean none. */
function hasKeyParameters(key: SubjectPublicKeyInfo): boolean {
  const parameters = key.algorithm.parameters;
  if (!parameters) return false;
  const bytes = new Uint8Array(parameters);
  return !(bytes.length === 2 && bytes[0] === 0x05 && bytes[1] === 0x00);
}

/**
 * The working public key of each certificate of the path (RFC 5280
 * §6.1.4 (d)–(f)): its own key, with the domain parameters of the key
 * above when it leaves them out and has the same algorithm (DSA
 * parameter inheritance, PKITS 4.1.5).
 */
function workingKeys(path: readonly CertificateInfo[]): SubjectPublicKeyInfo[] {
  const keys: SubjectPublicKeyInfo[] = [];
  for (const cert of path) {
    const own = cert.asn1.tbsCertificate.subjectPublicKeyInfo;
    const above = keys.at(-1);
    const inherited =
      above !== undefined &&
      !hasKeyParameters(own) &&
      hasKeyParameters(above) &&
      own.algorithm.algorithm === above.algorithm.algorithm
        ? above.algorithm.parameters
        : undefined;
    keys.push(
      inherited
        ? new SubjectPublicKeyInfo({
            algorithm: new AlgorithmIdentifier({ algorithm: own.algorithm.algorithm, parameters: inherited }),
            subjectPublicKey: own.subjectPublicKey,
          })
        : own,
    );
  }
  return keys;
}

/** A SkipCerts INTEGER (0..MAX) read from its content octets. */
function skipCerts(value: ArrayBuffer): number {
  return new Uint8Array(value).reduce((n, byte) => n * 256 + byte, 0);
}

interface PolicyState {
  tree: PolicyNode | undefined;
  explicitPolicy: number;
  policyMapping: number;
  inhibitAnyPolicy: number;
}

function processPolicies(cert: CertificateInfo, i: number, n: number, state: PolicyState): void {
  const hasPolicies = extensionValue(cert, OID.certificatePolicies) !== undefined;
  if (state.tree && hasPolicies) {
    const anyHonoured = state.inhibitAnyPolicy > 0 || (i < n && isSelfIssued(cert));
    state.tree = processCertificatePolicies(state.tree, i, cert.certificatePolicies, anyHonoured);
  } else if (!hasPolicies) {
    state.tree = undefined;
  }
  if (state.explicitPolicy === 0 && !state.tree)
    fail('POLICY', i, 'no acceptable certificate policy at this certificate', { rule: 'RFC5280 6.1.3(f)' });
}

function preparePolicies(cert: CertificateInfo, i: number, state: PolicyState): void {
  const mappingsDer = extensionValue(cert, OID.policyMappings);
  if (mappingsDer) {
    const mappings = Array.from(
      parseDer(mappingsDer, PolicyMappings, 'tbsCertificate.extensions.policyMappings'),
      (m) => [m.issuerDomainPolicy, m.subjectDomainPolicy] as const,
    );
    if (mappings.some(([from, to]) => from === OID.anyPolicy || to === OID.anyPolicy)) {
      fail('POLICY', i, 'policyMappings maps to or from anyPolicy', { rule: 'RFC5280 6.1.4(a)' });
    }
    if (state.tree) state.tree = applyPolicyMappings(state.tree, i, mappings, state.policyMapping > 0);
  }
  if (!isSelfIssued(cert)) {
    if (state.explicitPolicy > 0) state.explicitPolicy--;
    if (state.policyMapping > 0) state.policyMapping--;
    if (state.inhibitAnyPolicy > 0) state.inhibitAnyPolicy--;
  }
  const constraintsDer = extensionValue(cert, OID.policyConstraints);
  if (constraintsDer) {
    const constraints = parseDer(
      constraintsDer,
      PolicyConstraints,
      'tbsCertificate.extensions.policyConstraints',
    );
    if (constraints.requireExplicitPolicy) {
      state.explicitPolicy = Math.min(state.explicitPolicy, skipCerts(constraints.requireExplicitPolicy));
    }
    if (constraints.inhibitPolicyMapping) {
      state.policyMapping = Math.min(state.policyMapping, skipCerts(constraints.inhibitPolicyMapping));
    }
  }
  const inhibitDer = extensionValue(cert, OID.inhibitAnyPolicy);
  if (inhibitDer) {
    const inhibit = parseDer(inhibitDer, InhibitAnyPolicy, 'tbsCertificate.extensions.inhibitAnyPolicy');
    state.inhibitAnyPolicy = Math.min(state.inhibitAnyPolicy, skipCerts(inhibit.value));
  }
}

function checkUnknownCritical(cert: CertificateInfo, i: number, n: number): void {
  const unknown = cert.asn1.tbsCertificate.extensions?.find(
    (e) => e.critical && !KNOWN_EXTENSIONS.has(e.extnID),
  );
  if (unknown) {
    fail('UNKNOWN_CRITICAL_EXTENSION', i, `unknown critical extension ${unknown.extnID}`, {
      rule: i === n ? 'RFC5280 6.1.5(f)' : 'RFC5280 6.1.4(o)',
    });
  }
}

/**
 * RFC 5937: the trust anchor's own validity, basicConstraints and keyUsage
 * are checked and its constraints become the initial state of the path.
 * Returns the anchor's pathLenConstraint, if any, as the initial max_path_length.
 */
function checkAnchor(
  anchor: CertificateInfo,
  at: number,
  state: PolicyState,
  nameConstraints: NameConstraintSet[],
): number | undefined {
  const rule = { rule: 'RFC5937 2' };
  if (anchor.notBefore.getTime() > at) {
    fail('NOT_YET_VALID', 0, `trust anchor not valid before ${anchor.notBefore.toISOString()}`, rule);
  }
  if (anchor.notAfter.getTime() < at)
    fail('EXPIRED', 0, `trust anchor expired on ${anchor.notAfter.toISOString()}`, rule);
  if (extensionValue(anchor, OID.basicConstraints) && !anchor.isCa) {
    fail('NOT_A_CA', 0, 'a trust anchor whose basicConstraints does not assert cA', rule);
  }
  if (extensionValue(anchor, OID.keyUsage) && !anchor.keyUsage.includes('keyCertSign')) {
    fail('KEY_USAGE', 0, 'a trust anchor whose keyUsage does not allow keyCertSign', rule);
  }
  const constraints = extensionValue(anchor, OID.nameConstraints);
  if (constraints) {
    nameConstraints.push(parseNameConstraints(constraints, 'trustAnchor.extensions.nameConstraints'));
  }
  const policyConstraints = extensionValue(anchor, OID.policyConstraints);
  if (policyConstraints) {
    const value = parseDer(policyConstraints, PolicyConstraints, 'trustAnchor.extensions.policyConstraints');
    if (value.requireExplicitPolicy) {
      state.explicitPolicy = Math.min(state.explicitPolicy, skipCerts(value.requireExplicitPolicy));
    }
    if (value.inhibitPolicyMapping) {
      state.policyMapping = Math.min(state.policyMapping, skipCerts(value.inhibitPolicyMapping));
    }
  }
  const inhibit = extensionValue(anchor, OID.inhibitAnyPolicy);
  if (inhibit) {
    const value = parseDer(inhibit, InhibitAnyPolicy, 'trustAnchor.extensions.inhibitAnyPolicy');
    state.inhibitAnyPolicy = Math.min(state.inhibitAnyPolicy, skipCerts(value.value));
  }
  return anchor.pathLength;
}

/**
 * The trust anchor's certificatePolicies when it has the extension: RFC
 * 5937 §2 makes them part of the user-initial-policy-set.
 */
function anchorPolicySet(anchor: CertificateInfo): readonly string[] | undefined {
  return extensionValue(anchor, OID.certificatePolicies) ? anchor.certificatePolicies : undefined;
}

/**
 * The intersection of two policy sets (RFC 5937 §2: the anchor's and the
 * user's), anyPolicy in one standing for every policy of the other. It
 * may be empty: then no policy is acceptable, which fails only where an
 * explicit policy is required (RFC 5280 §6.1.5 (g)).
 */
function intersectPolicySets(a: readonly string[], b: readonly string[]): string[] {
  if (a.includes(OID.anyPolicy)) return [...b];
  if (b.includes(OID.anyPolicy)) return [...a];
  return a.filter((policy) => b.includes(policy));
}

/** The names name constraints apply to; a subjectAltName that does not parse is a failure, not a name to skip. */
function namesOf(cert: CertificateInfo, i: number): GeneralNameValue[] {
  try {
    return certificateNames(cert);
  } catch (error) {
    if (error instanceof PkiError) fail('SUBJECT_ALT_NAME_INVALID', i, `subjectAltName: ${error.message}`);
    throw error;
  }
}

/** The RFC 5280 profile (profile.ts) of the certificate at `i`, checked once §6.1 has passed it. */
function checkProfile(path: readonly CertificateInfo[], i: number): void {
  const cert = path[i]!;
  const violation = profileViolation(cert, isSelfIssued(cert) && sameKey(cert, path[i - 1]!));
  if (violation) fail(violation.code, i, violation.message, { rule: violation.rule });
}

/** What one validation shares among its candidate paths and the paths of the CRL signers it validates. */
interface ValidationContext {
  /** The caller's options, `at` in whole seconds. */
  options: PathValidationOptions;
  sources: RevocationSources;
  intermediates: readonly CertificateInfo[];
  /**
   * CRL signer certificates whose own validation is under way: a cycle is
   * not followed, and a CRL such a signer signed may vouch for its own
   * certificate (an indirect CRL issuer, PKITS 4.14.30).
   */
  signersInProgress: Set<CertificateInfo>;
  /** Whether a CRL signer's certificate validated to an anchor, by anchor and certificate, so each is validated once. */
  signerVerdicts: Map<CertificateInfo, Map<CertificateInfo, boolean>>;
}

/**
 * RFC 5280 §6.3.3 (f): certificates of the CRL issuer's name whose key
 * signed the CRL and that validate to the same trust anchor as the path
 * (the anchor itself, or an intermediate with its own path). The caller's
 * requirements apply to the target only, not here.
 */
async function crlSigners(
  crl: CrlInfo,
  anchor: CertificateInfo,
  context: ValidationContext,
): Promise<CertificateInfo[]> {
  const signers: CertificateInfo[] = [];
  for (const candidate of [anchor, ...context.intermediates]) {
    if (!namesEqual(candidate.asn1.tbsCertificate.subject, crl.issuerName) || !crlKeyMatches(crl, candidate))
      continue;
    if (candidate === anchor) {
      signers.push(candidate);
      continue;
    }
    const known = context.signerVerdicts.get(anchor)?.get(candidate);
    if (known !== undefined) {
      if (known) signers.push(candidate);
      continue;
    }
    if (context.signersInProgress.has(candidate)) {
      // The CRL covers its own signer's certificate, whose path is being validated a level up.
      signers.push(candidate);
      continue;
    }
    context.signersInProgress.add(candidate);
    try {
      const { requirements: _, ...options } = context.options;
      const result = await validateTarget(candidate, [anchor], { ...context, options });
      if (result.ok) signers.push(candidate);
      // Kept only when no other signer's validation was assumed on the way.
      if (context.signersInProgress.size === 1) {
        const verdicts = context.signerVerdicts.get(anchor) ?? new Map<CertificateInfo, boolean>();
        context.signerVerdicts.set(anchor, verdicts.set(candidate, result.ok));
      }
    } finally {
      context.signersInProgress.delete(candidate);
    }
  }
  return signers;
}

async function checkRevocation(
  path: readonly CertificateInfo[],
  keys: readonly SubjectPublicKeyInfo[],
  i: number,
  context: ValidationContext,
  notes: PathValidationNote[],
): Promise<void> {
  const { options, sources } = context;
  if (options.revocation.mode === 'off') return;
  const signers = (crl: CrlInfo): Promise<CertificateInfo[]> => crlSigners(crl, path[0]!, context);
  const verdict = await revocationStatus(path[i]!, path[i - 1]!, sources, options.at, signers, keys[i - 1]);
  switch (verdict.status) {
    case 'good':
      for (const message of verdict.notes ?? []) {
        notes.push({
          code: 'OCSP_RESPONDER_REVOCATION_UNCHECKED',
          index: i,
          rule: 'RFC6960 4.2.2.2.1',
          message,
        });
      }
      return;
    case 'revoked':
      fail(
        'REVOKED',
        i,
        `revoked on ${verdict.date.toISOString()} (${verdict.reason ?? 'no reason given'}), per ${verdict.source.toUpperCase()}`,
        {
          revocation: { reason: verdict.reason, date: verdict.date },
        },
      );
      break;
    case 'invalid':
      if (verdict.code === 'KEY_USAGE')
        fail('KEY_USAGE', i - 1, verdict.message, { rule: 'RFC5280 6.3.3(f)' });
      fail(verdict.code, i, verdict.message, verdict.rule ? { rule: verdict.rule } : {});
      break;
    case 'unknown':
      if (options.revocation.mode === 'require')
        fail('REVOCATION_UNKNOWN', i, 'no CRL or OCSP response covers this certificate');
  }
}

/** RFC 5280 §6.1.2–§6.1.5 over one path (anchor first); throws PathFailure. */
async function validateOnePath(
  path: readonly CertificateInfo[],
  context: ValidationContext,
): Promise<{ policies: string[]; userConstrainedPolicies: string[]; notes: PathValidationNote[] }> {
  const { options } = context;
  const n = path.length - 1;
  const notes: PathValidationNote[] = [];
  const keys = workingKeys(path);
  const policy = options.policy ?? {};
  const anchorPolicies = options.anchorConstraints && n > 0 ? anchorPolicySet(path[0]!) : undefined;
  const initialPolicySet = anchorPolicies
    ? intersectPolicySets(anchorPolicies, policy.initialPolicySet ?? [OID.anyPolicy])
    : (policy.initialPolicySet ?? [OID.anyPolicy]);
  const state: PolicyState = {
    tree: createPolicyTree(),
    explicitPolicy: policy.explicitPolicy ? 0 : n + 1,
    policyMapping: policy.policyMappingInhibit ? 0 : n + 1,
    inhibitAnyPolicy: policy.anyPolicyInhibit ? 0 : n + 1,
  };
  const nameConstraints: NameConstraintSet[] = [];
  let maxPathLength = n;
  const at = options.at.getTime();
  if (options.anchorConstraints && n > 0) {
    maxPathLength = checkAnchor(path[0]!, at, state, nameConstraints) ?? maxPathLength;
  }
  for (let i = 1; i <= n; i++) {
    const cert = path[i]!;
    if (!(await signedBy(cert, keys[i - 1]!))) {
      fail('SIGNATURE_INVALID', i, 'signature does not verify under the issuer’s public key');
    }
    if (cert.notBefore.getTime() > at)
      fail('NOT_YET_VALID', i, `not valid before ${cert.notBefore.toISOString()}`);
    if (cert.notAfter.getTime() < at) fail('EXPIRED', i, `expired on ${cert.notAfter.toISOString()}`);
    await checkRevocation(path, keys, i, context, notes);
    if (i === n || !isSelfIssued(cert)) {
      const violation = nameConstraintViolation(namesOf(cert, i), nameConstraints);
      if (violation) fail('NAME_CONSTRAINTS', i, violation);
    }
    processPolicies(cert, i, n, state);
    if (i === n) break;
    preparePolicies(cert, i, state);
    const constraints = extensionValue(cert, OID.nameConstraints);
    if (constraints)
      nameConstraints.push(parseNameConstraints(constraints, 'tbsCertificate.extensions.nameConstraints'));
    if (!cert.isCa) fail('NOT_A_CA', i, 'an intermediate certificate without basicConstraints cA');
    if (!isSelfIssued(cert)) {
      if (maxPathLength <= 0)
        fail('PATH_LENGTH_EXCEEDED', i, 'a pathLenConstraint above forbids another CA here');
      maxPathLength--;
    }
    if (cert.pathLength !== undefined && cert.pathLength < maxPathLength) maxPathLength = cert.pathLength;
    if (extensionValue(cert, OID.keyUsage) && !cert.keyUsage.includes('keyCertSign')) {
      fail('KEY_USAGE', i, 'a CA certificate whose keyUsage does not allow keyCertSign');
    }
    checkUnknownCritical(cert, i, n);
    if (options.profileChecks !== false) checkProfile(path, i);
  }
  const target = path[n]!;
  if (n > 0) {
    if (state.explicitPolicy > 0) state.explicitPolicy--;
    const constraintsDer = extensionValue(target, OID.policyConstraints);
    if (constraintsDer) {
      const constraints = parseDer(
        constraintsDer,
        PolicyConstraints,
        'tbsCertificate.extensions.policyConstraints',
      );
      if (constraints.requireExplicitPolicy && skipCerts(constraints.requireExplicitPolicy) === 0)
        state.explicitPolicy = 0;
    }
    checkUnknownCritical(target, n, n);
    if (options.profileChecks !== false) checkProfile(path, n);
  }
  const tree = state.tree ? intersectWithInitialPolicies(state.tree, n, initialPolicySet) : undefined;
  if (state.explicitPolicy === 0 && !tree) {
    const why = anchorPolicies ? ' (the trust anchor’s certificatePolicies limit them, RFC 5937)' : '';
    fail('POLICY', n, `the path is valid for none of the acceptable policies${why}`, {
      rule: 'RFC5280 6.1.5(g)',
    });
  }
  if (options.requirements) {
    const unmet = requirementFailure(path, namesOf(target, n), options.requirements);
    if (unmet) fail(unmet.code, unmet.index, unmet.message, { rule: unmet.rule });
  }
  return { policies: leafPolicies(tree, n), userConstrainedPolicies: authorityPolicies(tree), notes };
}

/**
 * Builds and validates a certification path for `target` at `options.at`.
 * Throws PkiError only for input that does not parse (a certificate or an
 * OCSP response); a CRL that does not parse is a CRL_INVALID result, and
 * every validation failure is a result with a stable code.
 */
export async function validatePath(given: PathValidationOptions): Promise<PathValidationResult> {
  if (!(given.at instanceof Date) || Number.isNaN(given.at.getTime())) {
    throw new PkiError('INVALID_ARGUMENT', 'at must be a valid Date', 'at');
  }
  // Certificate, CRL and OCSP times are whole seconds: compare at that precision.
  const options = { ...given, at: new Date(Math.floor(given.at.getTime() / 1000) * 1000) };
  const target = parseCertificate(options.target);
  const intermediates = (options.intermediates ?? []).map((der) => parseCertificate(der));
  const anchors = options.trustAnchors.map((der) => parseCertificate(der));
  const sources =
    options.revocation.mode === 'off'
      ? { crls: [], ocsp: [], unreadableCrls: [] }
      : parseRevocationSources(options.revocation);
  return validateTarget(target, anchors, {
    options,
    sources,
    intermediates,
    signersInProgress: new Set(),
    signerVerdicts: new Map(),
  });
}

/** Tries the candidate paths from `target` to one of `anchors`; the first valid one wins, else the failure that got furthest. */
async function validateTarget(
  target: CertificateInfo,
  anchors: readonly CertificateInfo[],
  context: ValidationContext,
): Promise<PathValidationResult> {
  const { options } = context;
  const candidates = buildCandidatePaths(target, context.intermediates, anchors, {
    ...(options.maxIntermediates !== undefined ? { maxIntermediates: options.maxIntermediates } : {}),
  });
  let best: PathValidationFailure | undefined;
  for (const path of candidates) {
    try {
      const policies = await validateOnePath(path, context);
      return { ok: true, path, ...policies };
    } catch (error) {
      if (!(error instanceof PathFailure)) throw error;
      const { failure } = error;
      if (!best || failure.index > best.index)
        best = { ...failure, subject: path[failure.index]?.subjectText ?? '' };
    }
  }
  return (
    best ?? {
      ok: false,
      code: 'NO_PATH',
      index: -1,
      subject: target.subjectText,
      rule: RULES.NO_PATH,
      message: `no chain from ${target.issuerText || 'the issuer'} to a trust anchor`,
    }
  );
}
