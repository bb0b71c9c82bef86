import {
  OID,
  ocspResponseOf,
  parseCertificate,
  parseCrl,
  parseOcspResponse,
  parseTimeStampToken,
  PkiError,
  validatePath,
  verifyTimeStampToken,
  type CertificateInfo,
  type PathValidationFailure,
  type PathValidationResult,
} from '@podpis/pki';
import type { RevocationFetcher } from './revocation-sources.js';
import type {
  CertificateView,
  Indication,
  ReportMessage,
  SignatureReport,
  SubIndication,
  TimeStampView,
} from './report.js';

/**
 * How this service validates paths: the RFC 5280 profile checks (on by
 * default) and the trust anchor's own constraints, validity and key usage
 * (RFC 5937), which validatePath leaves out unless asked (issue #13).
 */
const PATH_RULES = { anchorConstraints: true } as const;

/** What every signature is judged against. */
export interface VerificationPolicy {
  /** DER of the trusted roots: our CAs' and those the installation imported. */
  trustAnchors: readonly Uint8Array[];
  /** CA certificates a path may go through though the signature does not carry them (our CAs'). */
  knownCertificates: readonly Uint8Array[];
  fetchRevocation: RevocationFetcher;
  now: Date;
}

/** A time stamp on a signature and what it must stamp: the bytes, or a verdict on its imprint made by the format. */
export interface TimeStampEvidence {
  kind: TimeStampView['kind'];
  token: Uint8Array;
  /** The stamped bytes (CAdES: the signature value, or the CAdES-C references). */
  data?: Uint8Array;
  /** When the format checked the imprint itself (XAdES: over canonical SignatureValue). */
  imprintMatches?: boolean;
}

/** One signature as its format parsed and checked it: what the judge needs, whatever the format. */
export interface SignerEvidence {
  index: number;
  /** Whether the signature value and what it covers hold, and if not the format's code for why. */
  verification: { ok: boolean; code?: string; certificate?: Uint8Array; signingTime?: Date };
  /** Every certificate the signature carries. */
  certificates: readonly Uint8Array[];
  timeStamps: readonly TimeStampEvidence[];
  /** Revocation values carried in the signature (CAdES-X Long): CRLs and BasicOCSPResponses. */
  revocationValues?: { crls: Uint8Array[]; ocsp: Uint8Array[] } | undefined;
  /** The level as ETSI names it, e.g. CAdES-T, PAdES-B-B, XAdES-T. */
  level: string;
}

const QUALIFIED_POLICIES = new Set<string>([
  OID.policyKC1,
  OID.policyKC2,
  OID.policyKC3,
  OID.policyKB1,
  OID.policyKB2,
  OID.policyKA1,
]);

export function certificateView(certificate: CertificateInfo): CertificateView {
  return {
    serial: certificate.serialNumberHex,
    subject: certificate.subjectText,
    issuer: certificate.issuerText,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
  };
}

/** A qualified certificate by the Russian profile: a КС/КВ/КА policy and both signing-tool extensions. */
function isQualified(certificate: CertificateInfo): boolean {
  return (
    certificate.certificatePolicies.some((p) => QUALIFIED_POLICIES.has(p)) &&
    certificate.subjectSignTool !== undefined &&
    certificate.issuerSignTool !== undefined
  );
}

/** The formats' failure codes (CMS and XML) as ETSI indications; any other is a FORMAT_FAILURE. */
const CRYPTO_FAILURES: Record<string, [Indication, SubIndication]> = {
  MESSAGE_DIGEST_MISMATCH: ['TOTAL_FAILED', 'HASH_FAILURE'],
  REFERENCE_DIGEST_MISMATCH: ['TOTAL_FAILED', 'HASH_FAILURE'],
  REFERENCE_UNRESOLVED: ['INDETERMINATE', 'SIGNED_DATA_NOT_FOUND'],
  CERTIFICATE_MISSING: ['INDETERMINATE', 'NO_SIGNING_CERTIFICATE_FOUND'],
  UNSUPPORTED_TRANSFORM: ['INDETERMINATE', 'CRYPTO_CONSTRAINTS_FAILURE'],
  SIGNATURE_INVALID: ['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE'],
  CONTENT_MISSING: ['INDETERMINATE', 'SIGNED_DATA_NOT_FOUND'],
  SIGNER_CERTIFICATE_NOT_FOUND: ['INDETERMINATE', 'NO_SIGNING_CERTIFICATE_FOUND'],
  SIGNING_CERTIFICATE_MISMATCH: ['INDETERMINATE', 'NO_SIGNING_CERTIFICATE_FOUND'],
  UNSUPPORTED_ALGORITHM: ['INDETERMINATE', 'CRYPTO_CONSTRAINTS_FAILURE'],
  CONTENT_TYPE_MISMATCH: ['TOTAL_FAILED', 'FORMAT_FAILURE'],
  SIGNING_TIME_IN_FUTURE: ['INDETERMINATE', 'TIMESTAMP_ORDER_FAILURE'],
};

function pathMessage(failure: PathValidationFailure, prefix = ''): ReportMessage {
  return {
    code: `${prefix}${failure.code}`,
    message: failure.message,
    ...(failure.index >= 0 ? { index: failure.index } : {}),
    rule: failure.rule,
  };
}

/** The time stamps on a signature, each checked, and its TSA's certificate trusted. */
async function timeStampsOf(
  evidence: SignerEvidence,
  policy: VerificationPolicy,
  messages: ReportMessage[],
): Promise<TimeStampView[]> {
  const views: TimeStampView[] = [];
  for (const { kind, token, data, imprintMatches } of evidence.timeStamps) {
    const stamped =
      data !== undefined
        ? await verifyTimeStampToken(token, { data, certificates: evidence.certificates })
        : await verifyTimeStampToken(token, {
            digest: parseTimeStampToken(token).tstInfo.messageImprint.digest,
            certificates: evidence.certificates,
          });
    const holds = stamped.ok && imprintMatches !== false;
    let trusted = false;
    if (holds && stamped.certificate) {
      const path = await validatePath({
        ...PATH_RULES,
        target: stamped.certificate,
        intermediates: [...evidence.certificates, ...policy.knownCertificates],
        trustAnchors: policy.trustAnchors,
        at: stamped.tstInfo.genTime,
        revocation: { mode: 'off' },
      });
      trusted = path.ok;
      if (!path.ok) messages.push(pathMessage(path, 'TIME_STAMP_'));
    } else {
      messages.push({
        code: 'TIME_STAMP_INVALID',
        message: `a ${kind} time stamp does not hold: ${imprintMatches === false ? 'IMPRINT_MISMATCH' : (stamped.code ?? 'invalid')}`,
      });
    }
    views.push({
      kind,
      genTime: stamped.tstInfo.genTime.toISOString(),
      tsa: stamped.certificate ? parseCertificate(stamped.certificate).subjectText : null,
      ok: holds && trusted,
    });
  }
  return views;
}

/** The latest time revocation data speaks for: validating at it, every answer is current. */
function latestThisUpdate(crls: readonly Uint8Array[], ocspResponses: readonly Uint8Array[]): number {
  const times = [
    // A CRL that does not parse speaks for no time; validatePath reports it as CRL_INVALID.
    ...crls.flatMap((der) => {
      try {
        return [parseCrl(der).thisUpdate.getTime()];
      } catch (error) {
        if (error instanceof PkiError) return [];
        throw error;
      }
    }),
    ...ocspResponses.flatMap((der) => {
      const info = parseOcspResponse(der);
      return info.status === 'successful' ? info.responses.map((r) => r.thisUpdate.getTime()) : [];
    }),
  ];
  return Math.max(0, ...times);
}

/** The embedded revocation values as validatePath takes them, and the latest time they speak for. */
function embeddedRevocation(
  values: SignerEvidence['revocationValues'],
): { crls: Uint8Array[]; ocspResponses: Uint8Array[]; latest: Date } | undefined {
  if (!values || values.crls.length + values.ocsp.length === 0) return undefined;
  const ocspResponses = values.ocsp.map(ocspResponseOf);
  return { crls: values.crls, ocspResponses, latest: new Date(latestThisUpdate(values.crls, ocspResponses)) };
}

type Verdict = Pick<SignatureReport, 'indication' | 'subIndication' | 'revocation'>;

/**
 * Whether the signer's certificate was revoked when the signature was made:
 * first by the values the signature carries (X Long), at the time they
 * speak for; else by what its CAs answer now — not revoked now is not
 * revoked then; revoked since is fine only with a time stamp proving the
 * signature older than the revocation (ETSI EN 319 102-1 §5.2.6, §5.6.2.4).
 */
async function revocationVerdict(
  target: Uint8Array,
  intermediates: readonly Uint8Array[],
  bestSignatureTime: Date,
  proven: boolean,
  evidence: SignerEvidence,
  policy: VerificationPolicy,
  path: readonly CertificateInfo[],
  messages: ReportMessage[],
): Promise<Verdict> {
  const judge = (failure: PathValidationFailure, source: 'embedded' | 'fetched'): Verdict | undefined => {
    if (failure.code !== 'REVOKED' || !failure.revocation) return undefined;
    const revokedAt = failure.revocation.date.toISOString();
    if (failure.revocation.date.getTime() <= bestSignatureTime.getTime()) {
      return {
        indication: 'TOTAL_FAILED',
        subIndication: 'REVOKED',
        revocation: { status: 'revoked', source, revokedAt },
      };
    }
    if (proven) {
      messages.push({
        code: 'REVOKED_AFTER_SIGNING',
        message: `revoked at ${revokedAt}, after the signature was time-stamped`,
      });
      return { indication: 'TOTAL_PASSED', revocation: { status: 'good', source, revokedAt } };
    }
    return {
      indication: 'INDETERMINATE',
      subIndication: 'REVOKED_NO_POE',
      revocation: { status: 'revoked', source, revokedAt },
    };
  };
  /** What validatePath passed without checking (a delegated OCSP responder's own revocation) goes into the report. */
  const noted = (checked: PathValidationResult): void => {
    if (!checked.ok) return;
    for (const note of checked.notes) {
      messages.push({ code: note.code, message: note.message, index: note.index, rule: note.rule });
    }
  };
  const embedded = embeddedRevocation(evidence.revocationValues);
  if (embedded) {
    const at = new Date(Math.max(embedded.latest.getTime(), bestSignatureTime.getTime()));
    const checked = await validatePath({
      ...PATH_RULES,
      target,
      intermediates,
      trustAnchors: policy.trustAnchors,
      at,
      revocation: { mode: 'require', crls: embedded.crls, ocspResponses: embedded.ocspResponses },
    });
    noted(checked);
    if (checked.ok) return { indication: 'TOTAL_PASSED', revocation: { status: 'good', source: 'embedded' } };
    const verdict = judge(checked, 'embedded');
    if (verdict) return verdict;
    messages.push(pathMessage(checked, 'EMBEDDED_'));
  }
  const fetched = await policy.fetchRevocation(path);
  for (const failure of fetched.failures)
    messages.push({ code: 'REVOCATION_FETCH_FAILED', message: failure });
  const checked = await validatePath({
    ...PATH_RULES,
    target,
    intermediates,
    trustAnchors: policy.trustAnchors,
    // An answer made after the verification started is current at its own time, not at `now`.
    at: new Date(Math.max(policy.now.getTime(), latestThisUpdate(fetched.crls, fetched.ocspResponses))),
    revocation: { mode: 'require', crls: fetched.crls, ocspResponses: fetched.ocspResponses },
  });
  noted(checked);
  if (checked.ok) return { indication: 'TOTAL_PASSED', revocation: { status: 'good', source: 'fetched' } };
  const verdict = judge(checked, 'fetched');
  if (verdict) return verdict;
  messages.push(pathMessage(checked));
  const outOfBounds = checked.code === 'EXPIRED' || checked.code === 'NOT_YET_VALID';
  return {
    indication: 'INDETERMINATE',
    subIndication: outOfBounds ? 'OUT_OF_BOUNDS_NO_POE' : 'TRY_LATER',
    revocation: { status: 'unknown', source: 'fetched' },
  };
}

/** Judges one signature: its cryptography, time stamps, certificate path and revocation (ETSI EN 319 102-1 §5.3). */
export async function judgeSignature(
  evidence: SignerEvidence,
  policy: VerificationPolicy,
): Promise<SignatureReport> {
  const messages: ReportMessage[] = [];
  const { verification } = evidence;
  const signerCertificate = verification.certificate ? parseCertificate(verification.certificate) : undefined;
  const timeStamps = await timeStampsOf(evidence, policy, messages);
  const provenTimes = timeStamps
    .filter((t) => t.ok && t.kind === 'signature')
    .map((t) => Date.parse(t.genTime));
  const proven = provenTimes.length > 0;
  const bestSignatureTime = proven ? new Date(Math.min(...provenTimes)) : policy.now;
  const base: SignatureReport = {
    index: evidence.index,
    indication: 'TOTAL_PASSED',
    level: evidence.level,
    signer: signerCertificate ? certificateView(signerCertificate) : null,
    qualified: signerCertificate ? isQualified(signerCertificate) : false,
    claimedSigningTime: verification.signingTime?.toISOString() ?? null,
    bestSignatureTime: bestSignatureTime.toISOString(),
    chain: [],
    revocation: { status: 'not-checked', source: 'none' },
    timeStamps,
    messages,
  };
  if (!verification.ok || !signerCertificate) {
    const code = verification.code ?? 'SIGNER_CERTIFICATE_NOT_FOUND';
    const [indication, subIndication] = CRYPTO_FAILURES[code] ?? ['TOTAL_FAILED', 'FORMAT_FAILURE'];
    messages.push({
      code,
      message: 'the signature itself does not hold',
    });
    return { ...base, indication, subIndication };
  }
  const intermediates = [...evidence.certificates, ...policy.knownCertificates];
  const path = await validatePath({
    ...PATH_RULES,
    target: signerCertificate.der,
    intermediates,
    trustAnchors: policy.trustAnchors,
    at: bestSignatureTime,
    revocation: { mode: 'off' },
  });
  if (!path.ok) {
    messages.push(pathMessage(path));
    const targetIndex = path.index >= 0 && path.code !== 'NO_PATH' ? path.index : -1;
    const onTarget = targetIndex > 0 && (path.code === 'EXPIRED' || path.code === 'NOT_YET_VALID');
    if (path.code === 'NO_PATH')
      return { ...base, indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' };
    if (onTarget && proven)
      return { ...base, indication: 'TOTAL_FAILED', subIndication: path.code as 'EXPIRED' | 'NOT_YET_VALID' };
    if (path.code === 'EXPIRED' || path.code === 'NOT_YET_VALID') {
      return { ...base, indication: 'INDETERMINATE', subIndication: 'OUT_OF_BOUNDS_NO_POE' };
    }
    return { ...base, indication: 'INDETERMINATE', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' };
  }
  const chain = path.path.map(certificateView);
  const verdict = await revocationVerdict(
    signerCertificate.der,
    intermediates,
    bestSignatureTime,
    proven,
    evidence,
    policy,
    path.path,
    messages,
  );
  return { ...base, chain, ...verdict };
}
