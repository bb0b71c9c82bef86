/**
 * Revocation status of one certificate from the CRLs and OCSP responses the
 * caller has gathered (RFC 5280 §6.3, RFC 6960 §3.2).
 *
 * A complete CRL counts for a certificate when its scope covers it (see
 * crlCovers: the issuer's own CRL, or an indirect CRL of the cRLIssuer its
 * distribution point names; user/CA-only scope; distribution point names).
 * It must be signed by the issuer's key or by a key of the CRL issuer's
 * name whose certificate validates to the same anchor (the caller's
 * CrlSignerLookup), with keyUsage (when present) allowing cRLSign, carry a
 * non-critical cRLNumber, be current at the validation time and carry no
 * critical extension we do not understand. Delta CRLs update the complete
 * CRL they are based on; CRLs limited to some reasons add up. An OCSP
 * response counts when one of its answers names the certificate; it must be
 * signed by the issuer or by a responder certificate the issuer signed with
 * extendedKeyUsage ocspSigning, valid at the time and, unless it carries
 * id-pkix-ocsp-nocheck, not revoked by the issuer's CRLs (none answering
 * leaves a note on the verdict), and the answer must be current.
 */
import {
  CRLDistributionPoints,
  Extensions,
  IssuingDistributionPoint,
  Name,
  type SubjectPublicKeyInfo,
  type DistributionPointName,
  type ReasonType,
} from '@peculiar/asn1-x509';
import { parseDer } from '../asn1/der.js';
import { parseCrl, verifyCrlSignature, type CrlInfo } from '../crl/crl.js';
import type { CrlEntry, RevocationReason } from '../crl/revoked-entries.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { certIdMatches } from '../ocsp/cert-id.js';
import { derChildren, derContents } from '../ocsp/der-children.js';
import {
  parseOcspResponse,
  verifyOcspResponseSignature,
  type OcspBasicResponseInfo,
} from '../ocsp/response.js';
import { keyIdentifier, parseCertificate, type CertificateInfo } from '../x509/certificate.js';
import { mayHaveIssued } from './chain-builder.js';
import { namesEqual } from './name-compare.js';
import { signedBy } from './signature.js';

export interface RevocationOptions {
  /** DER CRLs from any issuers; those not about a certificate are ignored. */
  crls?: readonly Uint8Array[];
  /** DER OCSPResponses; unsuccessful ones (tryLater…) are ignored. */
  ocspResponses?: readonly Uint8Array[];
  /**
   * `require`: every certificate below the trust anchor needs a valid answer;
   * `if-available`: certificates nothing answers for pass; `off`: not checked.
   */
  mode: 'require' | 'if-available' | 'off';
}

/** The revocation sources, parsed once per validation. */
export interface RevocationSources {
  crls: CrlInfo[];
  ocsp: OcspBasicResponseInfo[];
  /**
   * Why each CRL that does not parse was refused. Whose CRL it was cannot be
   * read, so it is the faulty source of every certificate nothing else answers for.
   */
  unreadableCrls: string[];
}

export type RevocationVerdict =
  | {
      status: 'good';
      /**
       * What could not be checked behind the answer: a delegated OCSP
       * responder without id-pkix-ocsp-nocheck whose own revocation no CRL
       * answers for (RFC 6960 §4.2.2.2.1).
       */
      notes?: string[];
    }
  | { status: 'unknown' }
  | { status: 'revoked'; reason: RevocationReason | undefined; date: Date; source: 'crl' | 'ocsp' }
  | {
      status: 'invalid';
      code: 'CRL_INVALID' | 'OCSP_INVALID' | 'KEY_USAGE';
      message: string;
      /** The rule broken, when more precise than the code's. */
      rule?: string;
    };

/**
 * Parses the CRLs and responses. A CRL that does not parse is kept as a
 * reason (a truncated download is a fact about the source, not a caller's
 * mistake); an OCSP response that does not parse throws PkiError.
 */
export function parseRevocationSources(options: RevocationOptions): RevocationSources {
  const crls: CrlInfo[] = [];
  const unreadableCrls: string[] = [];
  for (const [i, der] of (options.crls ?? []).entries()) {
    try {
      crls.push(parseCrl(der));
    } catch (error) {
      if (!(error instanceof PkiError)) throw error;
      unreadableCrls.push(`CRL ${i} does not parse: ${error.message}`);
    }
  }
  return {
    crls,
    unreadableCrls,
    ocsp: (options.ocspResponses ?? []).flatMap((der) => {
      const response = parseOcspResponse(der);
      return response.status === 'successful' ? [response] : [];
    }),
  };
}

const KNOWN_CRL_EXTENSIONS = new Set<string>([
  OID.authorityKeyIdentifier,
  OID.crlNumber,
  OID.issuingDistributionPoint,
  OID.issuerAltName,
  OID.freshestCrl,
  OID.deltaCrlIndicator,
]);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * An INTEGER's content octets (as hex) in minimal two's complement form, so
 * that equal numbers compare equal and 00FF (255) differs from FF (-1).
 */
function signedIntegerHex(contentHex: string): string {
  let hex = contentHex.toLowerCase();
  const redundant = (pad: string, high: boolean): boolean =>
    hex.length > 2 && hex.startsWith(pad) && parseInt(hex.slice(2, 3), 16) >= 8 === high;
  while (redundant('00', false) || redundant('ff', true)) hex = hex.slice(2);
  return hex;
}

function hasExtension(cert: CertificateInfo, oid: string): boolean {
  return cert.asn1.tbsCertificate.extensions?.some((e) => e.extnID === oid) ?? false;
}

/** The issuingDistributionPoint of a CRL, read from its signed bytes. */
function issuingDistributionPoint(crl: CrlInfo): IssuingDistributionPoint | undefined {
  if (!crl.extensions.some((e) => e.oid === OID.issuingDistributionPoint)) return undefined;
  const path = 'tbsCertList.crlExtensions';
  const wrapper = derChildren(crl.tbsDer, path).find((child) => child[0] === 0xa0);
  if (!wrapper) return undefined;
  const extensions = parseDer(derContents(wrapper, path), Extensions, path);
  const idp = extensions.find((e) => e.extnID === OID.issuingDistributionPoint);
  return idp
    ? parseDer(
        new Uint8Array(idp.extnValue.buffer),
        IssuingDistributionPoint,
        `${path}.issuingDistributionPoint`,
      )
    : undefined;
}

/** A distribution point name as comparable names: URIs as text, directory names as Names. */
interface PointNames {
  uris: string[];
  names: Name[];
}

/**
 * The names of a DistributionPointName (RFC 5280 §4.2.1.13): its fullName
 * entries, or nameRelativeToCRLIssuer appended to the CRL issuer's Name.
 */
function pointNames(point: DistributionPointName | undefined, crlIssuer: Name): PointNames {
  if (!point) return { uris: [], names: [] };
  if (point.nameRelativeToCRLIssuer) {
    return { uris: [], names: [new Name([...crlIssuer, point.nameRelativeToCRLIssuer])] };
  }
  const full = point.fullName ?? [];
  return {
    uris: full.flatMap((n) =>
      n.uniformResourceIdentifier !== undefined ? [n.uniformResourceIdentifier] : [],
    ),
    names: full.flatMap((n) => (n.directoryName ? [n.directoryName] : [])),
  };
}

const ALL_REASONS: readonly ReasonType[] = [
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
  'aACompromise',
];

/** The revocation reasons a CRL covers: its issuingDistributionPoint's onlySomeReasons, else all. */
function crlReasons(crl: CrlInfo): readonly ReasonType[] {
  const reasons = issuingDistributionPoint(crl)?.onlySomeReasons;
  return reasons ? reasons.toJSON() : ALL_REASONS;
}

function pointsMeet(a: PointNames, b: PointNames): boolean {
  return (
    a.uris.some((uri) => b.uris.includes(uri)) ||
    a.names.some((name) => b.names.some((other) => namesEqual(name, other)))
  );
}

/** One of the certificate's cRLDistributionPoints: its names, and the CRL issuers it names (cRLIssuer). */
interface CertificatePoint {
  names: PointNames;
  crlIssuers: Name[];
}

/**
 * The certificate's cRLDistributionPoints (RFC 5280 §4.2.1.13); relative
 * names are taken against the CRL issuer, the cRLIssuer or else the
 * certificate's issuer. A point with cRLIssuer only is named by it.
 */
function certificatePoints(cert: CertificateInfo): CertificatePoint[] {
  const ext = cert.asn1.tbsCertificate.extensions?.find((e) => e.extnID === OID.crlDistributionPoints);
  if (!ext) return [];
  const points = parseDer(
    new Uint8Array(ext.extnValue.buffer),
    CRLDistributionPoints,
    'tbsCertificate.extensions.crlDistributionPoints',
  );
  return Array.from(points, (dp) => {
    const crlIssuers = (dp.cRLIssuer ?? []).flatMap((n) => (n.directoryName ? [n.directoryName] : []));
    const names = dp.distributionPoint
      ? pointNames(dp.distributionPoint, crlIssuers[0] ?? cert.asn1.tbsCertificate.issuer)
      : { uris: [], names: crlIssuers };
    return { names, crlIssuers };
  });
}

/**
 * Whether the CRL's scope (RFC 5280 §5.2.5, §6.3.3 (b)) includes the
 * certificate: user/CA-only scope, and one of the certificate's
 * distribution points whose CRL issuer is this CRL's (its cRLIssuer, for
 * an indirect CRL, else the certificate's issuer) and whose names (URI or
 * directory name, relative names resolved) meet the CRL's distribution
 * point. A certificate without distribution points is covered by its
 * issuer's CRLs that name none.
 */
function crlCovers(crl: CrlInfo, cert: CertificateInfo): boolean {
  const idp = issuingDistributionPoint(crl);
  if (idp?.onlyContainsUserCerts && cert.isCa) return false;
  if (idp?.onlyContainsCACerts && !cert.isCa) return false;
  if (idp?.onlyContainsAttributeCerts) return false;
  const crlPoint = idp?.distributionPoint ? pointNames(idp.distributionPoint, crl.issuerName) : undefined;
  const ownIssuer = namesEqual(crl.issuerName, cert.asn1.tbsCertificate.issuer);
  const points = certificatePoints(cert);
  if (points.length === 0) return ownIssuer && !crlPoint;
  return points.some((point) => {
    const issuerFits =
      point.crlIssuers.length > 0
        ? idp?.indirectCRL === true && point.crlIssuers.some((name) => namesEqual(name, crl.issuerName))
        : ownIssuer;
    return issuerFits && (!crlPoint || pointsMeet(point.names, crlPoint));
  });
}

/** Whether the CRL's authorityKeyIdentifier, when both sides have one, names the certificate's key. */
export function crlKeyMatches(crl: CrlInfo, signer: CertificateInfo): boolean {
  const aki = crl.authorityKeyIdentifier;
  const ski = signer.subjectKeyIdentifier;
  return !aki || !ski || sameBytes(aki, ski);
}

/**
 * Finds the validated certificates, other than the issuer's, whose key may
 * have signed a CRL of the issuer's name: another key of the same CA (a
 * separate CRL signing key, a key rollover), RFC 5280 §6.3.3 (f).
 */
export type CrlSignerLookup = (crl: CrlInfo) => Promise<CertificateInfo[]>;

type InvalidVerdict = Extract<RevocationVerdict, { status: 'invalid' }>;

/** Why the CRL, signed by `signer`'s key, cannot be used at `at`; undefined when it can. */
async function crlProblem(
  crl: CrlInfo,
  signer: CertificateInfo,
  signerKey: SubjectPublicKeyInfo,
  at: Date,
): Promise<InvalidVerdict | undefined> {
  const unknownCritical = crl.extensions.find((e) => e.critical && !KNOWN_CRL_EXTENSIONS.has(e.oid));
  if (unknownCritical) {
    return {
      status: 'invalid',
      code: 'CRL_INVALID',
      message: `CRL has unknown critical extension ${unknownCritical.oid}`,
    };
  }
  const crlNumber = crl.extensions.find((e) => e.oid === OID.crlNumber);
  if (!crlNumber || crlNumber.critical) {
    return {
      status: 'invalid',
      code: 'CRL_INVALID',
      message: crlNumber ? 'CRL has a critical cRLNumber' : 'CRL has no cRLNumber',
      rule: 'RFC5280 5.2.3',
    };
  }
  if (hasExtension(signer, OID.keyUsage) && !signer.keyUsage.includes('cRLSign')) {
    return {
      status: 'invalid',
      code: 'KEY_USAGE',
      message: 'the CRL issuer’s keyUsage does not allow cRLSign',
    };
  }
  if (!(await verifyCrlSignature(crl, signerKey))) {
    return {
      status: 'invalid',
      code: 'CRL_INVALID',
      message: 'CRL signature does not verify under the CRL signer’s key',
    };
  }
  if (crl.thisUpdate.getTime() > at.getTime() || !crl.nextUpdate || crl.nextUpdate.getTime() < at.getTime()) {
    return { status: 'invalid', code: 'CRL_INVALID', message: 'CRL is not current at the validation time' };
  }
  return undefined;
}

/**
 * The CRL's entry for the certificate: its serial number and, in an indirect
 * CRL, its issuer, which an entry's certificateIssuer sets for it and the
 * entries after it (the CRL issuer until the first one, RFC 5280 §5.3.3).
 */
function entryFor(crl: CrlInfo, cert: CertificateInfo): CrlEntry | undefined {
  const serial = signedIntegerHex(cert.serialNumberHex);
  if (!issuingDistributionPoint(crl)?.indirectCRL) {
    return crl.entries.find((e) => signedIntegerHex(e.serialNumberHex) === serial);
  }
  let entryIssuer = crl.issuerName;
  for (const entry of crl.entries) {
    entryIssuer = entry.certificateIssuer ?? entryIssuer;
    if (
      signedIntegerHex(entry.serialNumberHex) === serial &&
      namesEqual(entryIssuer, cert.asn1.tbsCertificate.issuer)
    ) {
      return entry;
    }
  }
  return undefined;
}

/**
 * The verdict of a complete CRL signed by `signer`'s key, updated by the
 * first usable delta CRL for it (RFC 5280 §5.2.4, §6.3.3 (c), (g)): same
 * issuer and key, same scope, a BaseCRLNumber the complete CRL reaches and
 * a later cRLNumber. An entry in the delta decides: removeFromCRL lifts a
 * hold of the complete CRL, any other reason revokes.
 */
async function crlVerdict(
  crl: CrlInfo,
  cert: CertificateInfo,
  signer: CertificateInfo,
  signerKey: SubjectPublicKeyInfo,
  at: Date,
  deltas: readonly CrlInfo[],
): Promise<RevocationVerdict> {
  const problem = await crlProblem(crl, signer, signerKey, at);
  if (problem) return problem;
  const number = crl.crlNumber ?? -1n;
  for (const delta of deltas) {
    const base = delta.deltaCrlIndicator ?? number + 1n;
    if (base > number || (delta.crlNumber ?? -1n) <= number) continue;
    if (
      !namesEqual(delta.issuerName, crl.issuerName) ||
      !crlKeyMatches(delta, signer) ||
      !crlCovers(delta, cert)
    )
      continue;
    if (await crlProblem(delta, signer, signerKey, at)) continue;
    const entry = entryFor(delta, cert);
    if (!entry) break;
    if (entry.reason === 'removeFromCRL') return { status: 'good' };
    return { status: 'revoked', reason: entry.reason, date: entry.revocationDate, source: 'crl' };
  }
  const entry = entryFor(crl, cert);
  if (entry && entry.reason !== 'removeFromCRL') {
    return { status: 'revoked', reason: entry.reason, date: entry.revocationDate, source: 'crl' };
  }
  return { status: 'good' };
}

/** The key that signed the response, if the responder is the issuer or a responder it authorised; else a reason. */
async function authorisedResponderKey(
  response: OcspBasicResponseInfo,
  issuer: CertificateInfo,
  issuerKey: SubjectPublicKeyInfo,
  at: Date,
): Promise<CertificateInfo | string> {
  const id = response.responderId;
  const matches = async (cert: CertificateInfo): Promise<boolean> =>
    'byKey' in id
      ? sameBytes(id.byKey, await keyIdentifier(cert.asn1.tbsCertificate.subjectPublicKeyInfo))
      : namesEqual(id.byName, cert.asn1.tbsCertificate.subject);
  if (await matches(issuer)) return issuer;
  for (const [i, der] of response.certificates.entries()) {
    const candidate = parseCertificate(der);
    if (!(await matches(candidate))) continue;
    if (!mayHaveIssued(issuer, candidate)) return `responder certificate ${i} is not issued by the CA`;
    if (!(await signedBy(candidate, issuerKey))) {
      return `responder certificate ${i} is not signed by the CA`;
    }
    if (!candidate.extendedKeyUsage.includes(OID.ocspSigning)) {
      return `responder certificate ${i} lacks extendedKeyUsage ocspSigning`;
    }
    if (candidate.notBefore.getTime() > at.getTime() || candidate.notAfter.getTime() < at.getTime()) {
      return `responder certificate ${i} is not valid at the validation time`;
    }
    return candidate;
  }
  return 'the responder is neither the CA nor a responder it authorised';
}

/**
 * Whether a delegated responder's own certificate may be relied on (RFC
 * 6960 §4.2.2.2.1): with id-pkix-ocsp-nocheck it is trusted for its
 * lifetime; without, the issuer's CRLs decide. Revoked (or a CRL we
 * cannot use) makes its answers invalid; nothing to ask leaves a note.
 */
async function responderStanding(
  responder: CertificateInfo,
  issuer: CertificateInfo,
  issuerKey: SubjectPublicKeyInfo,
  sources: RevocationSources,
  at: Date,
  crlSigners: CrlSignerLookup | undefined,
): Promise<InvalidVerdict | { notes: string[] }> {
  if (responder === issuer || hasExtension(responder, OID.ocspNoCheck)) return { notes: [] };
  const verdict = await crlStatus(responder, issuer, issuerKey, sources, at, crlSigners);
  const rule = 'RFC6960 4.2.2.2.1';
  switch (verdict.status) {
    case 'good':
      return { notes: [] };
    case 'revoked':
      return {
        status: 'invalid',
        code: 'OCSP_INVALID',
        message: `the delegated OCSP responder’s certificate was revoked on ${verdict.date.toISOString()} (${verdict.reason ?? 'no reason given'})`,
        rule,
      };
    case 'invalid':
      return {
        status: 'invalid',
        code: 'OCSP_INVALID',
        message: `the delegated OCSP responder’s revocation cannot be checked: ${verdict.message}`,
        rule,
      };
    case 'unknown':
      return {
        notes: [
          `the delegated OCSP responder ${responder.subjectText} has no id-pkix-ocsp-nocheck and no CRL answers for it: its revocation is not checked`,
        ],
      };
  }
}

async function ocspVerdicts(
  response: OcspBasicResponseInfo,
  cert: CertificateInfo,
  issuer: CertificateInfo,
  issuerKey: SubjectPublicKeyInfo,
  sources: RevocationSources,
  at: Date,
  crlSigners: CrlSignerLookup | undefined,
): Promise<RevocationVerdict[]> {
  const answers = [];
  for (const single of response.responses) {
    if (await certIdMatches(single.certId, issuer, cert.serialNumberHex)) answers.push(single);
  }
  if (answers.length === 0) return [];
  const responder = await authorisedResponderKey(response, issuer, issuerKey, at);
  if (typeof responder === 'string') return [{ status: 'invalid', code: 'OCSP_INVALID', message: responder }];
  const responderKey = responder === issuer ? issuerKey : responder.asn1.tbsCertificate.subjectPublicKeyInfo;
  if (!(await verifyOcspResponseSignature(response, responderKey))) {
    return [{ status: 'invalid', code: 'OCSP_INVALID', message: 'OCSP response signature does not verify' }];
  }
  const standing = await responderStanding(responder, issuer, issuerKey, sources, at, crlSigners);
  if ('status' in standing) return [standing];
  return answers.map((single): RevocationVerdict => {
    const current =
      single.thisUpdate.getTime() <= at.getTime() &&
      (!single.nextUpdate || single.nextUpdate.getTime() >= at.getTime());
    if (!current) {
      return {
        status: 'invalid',
        code: 'OCSP_INVALID',
        message: 'OCSP answer is not current at the validation time',
      };
    }
    if (single.status === 'good') {
      return standing.notes.length > 0 ? { status: 'good', notes: standing.notes } : { status: 'good' };
    }
    if (single.status === 'unknown') return { status: 'unknown' };
    const { time, reason } = single.status.revoked;
    return { status: 'revoked', reason, date: time, source: 'ocsp' };
  });
}

/**
 * What the sources say about `cert` issued by `issuer` at `at`: revoked if
 * any valid source says so, good if a valid source vouches for it, else the
 * first problem with a source about it (an unreadable CRL counts as one
 * about every certificate), else unknown. `issuerKey` is the issuer's
 * working public key, when the path completed it (DSA parameters
 * inherited, RFC 5280 §6.1.4 (e)).
 */
export async function revocationStatus(
  cert: CertificateInfo,
  issuer: CertificateInfo,
  sources: RevocationSources,
  at: Date,
  crlSigners?: CrlSignerLookup,
  issuerKey: SubjectPublicKeyInfo = issuer.asn1.tbsCertificate.subjectPublicKeyInfo,
): Promise<RevocationVerdict> {
  const verdicts: RevocationVerdict[] = [];
  for (const response of sources.ocsp) {
    verdicts.push(...(await ocspVerdicts(response, cert, issuer, issuerKey, sources, at, crlSigners)));
  }
  verdicts.push(...(await crlVerdicts(cert, issuer, issuerKey, sources, at, crlSigners)));
  return decide(verdicts);
}

/** Revoked in any valid source wins; else good (one without notes first); else the first problem; else unknown. */
function decide(verdicts: readonly RevocationVerdict[]): RevocationVerdict {
  const good = verdicts.filter((v) => v.status === 'good');
  return (
    verdicts.find((v) => v.status === 'revoked') ??
    good.find((v) => !v.notes) ??
    good[0] ??
    verdicts.find((v) => v.status === 'invalid') ?? { status: 'unknown' }
  );
}

/** What the CRLs alone say about `cert` issued by `issuer` (a delegated OCSP responder's certificate, RFC 6960 §4.2.2.2.1). */
async function crlStatus(
  cert: CertificateInfo,
  issuer: CertificateInfo,
  issuerKey: SubjectPublicKeyInfo,
  sources: RevocationSources,
  at: Date,
  crlSigners: CrlSignerLookup | undefined,
): Promise<RevocationVerdict> {
  return decide(await crlVerdicts(cert, issuer, issuerKey, sources, at, crlSigners));
}

/** The verdicts of the complete CRLs covering `cert` (updated by their deltas), and of the CRLs that do not parse. */
async function crlVerdicts(
  cert: CertificateInfo,
  issuer: CertificateInfo,
  issuerKey: SubjectPublicKeyInfo,
  sources: RevocationSources,
  at: Date,
  crlSigners: CrlSignerLookup | undefined,
): Promise<RevocationVerdict[]> {
  const verdicts: RevocationVerdict[] = [];
  const deltas = sources.crls.filter((crl) => crl.deltaCrlIndicator !== undefined);
  // RFC 5280 §6.3.3: good only once the CRLs saying so cover every reason (partial-reason CRLs add up).
  const goodFor = new Set<ReasonType>();
  for (const crl of sources.crls) {
    if (crl.deltaCrlIndicator !== undefined) continue;
    if (!crlCovers(crl, cert)) continue;
    const ownKey =
      namesEqual(crl.issuerName, issuer.asn1.tbsCertificate.subject) && crlKeyMatches(crl, issuer);
    const signers = ownKey ? [issuer] : crlSigners ? await crlSigners(crl) : [];
    for (const signer of signers) {
      const signerKey = signer === issuer ? issuerKey : signer.asn1.tbsCertificate.subjectPublicKeyInfo;
      const verdict = await crlVerdict(crl, cert, signer, signerKey, at, deltas);
      if (verdict.status !== 'good') verdicts.push(verdict);
      else for (const reason of crlReasons(crl)) goodFor.add(reason);
    }
  }
  if (ALL_REASONS.every((reason) => goodFor.has(reason))) verdicts.push({ status: 'good' });
  for (const reason of sources.unreadableCrls) {
    verdicts.push({ status: 'invalid', code: 'CRL_INVALID', message: reason, rule: 'RFC5280 5.1' });
  }
  return verdicts;
}
