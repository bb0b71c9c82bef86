import {
  digest,
  parseCadesLevel,
  parseCms,
  PkiError,
  validatePath,
  verifyCms,
  verifyTimeStampToken,
} from '@podpis/pki';
import { createHash } from 'node:crypto';
import { recordHash } from '../audit/audit-log.js';
import { spkiKey, verifyEcdsa } from '../confirmation/device-keys.js';
import { assertionSignsChallenge } from '../confirmation/webauthn.js';
import { DomainError } from '../core/domain-error.js';
import { EVIDENCE_FORMAT, evidenceBytes, type EvidencePackage } from './evidence.js';

/** One named check of an evidence package, as `podpis evidence verify` prints it. */
export interface EvidenceCheck {
  check: 'signature' | 'time-stamp' | 'trust' | 'audit-records' | 'operation' | 'device-approval' | 'file';
  ok: boolean;
  detail: string;
}

export interface EvidenceVerification {
  ok: boolean;
  operation: string;
  /** When our TSA stamped the evidence's signature. */
  timeStampedAt: Date | undefined;
  checks: EvidenceCheck[];
}

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));
const hex = (data: Uint8Array): string => Buffer.from(data).toString('hex');
const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

/** Reads an evidence package; EVIDENCE_INVALID when it is not one. */
export function parseEvidencePackage(text: string): EvidencePackage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DomainError('EVIDENCE_INVALID', 'the file is not JSON: not an evidence package');
  }
  const candidate = parsed as Partial<EvidencePackage> | null;
  if (
    candidate?.format !== EVIDENCE_FORMAT ||
    typeof candidate.signature !== 'string' ||
    typeof candidate.evidence !== 'object' ||
    !Array.isArray(candidate.chain)
  ) {
    throw new DomainError('EVIDENCE_INVALID', `not an evidence package of format ${EVIDENCE_FORMAT}`);
  }
  return candidate as EvidencePackage;
}

/** Every audit record hashes to its stated hash, and records next to each other in the log link up. */
function auditChecks(evidence: EvidencePackage['evidence']): EvidenceCheck {
  const records = evidence.audit;
  for (const [i, record] of records.entries()) {
    const computed = recordHash(unhex(record.prevHash), {
      seq: record.seq,
      at: new Date(record.at),
      actor: record.actor,
      action: record.action,
      target: record.target,
      details: record.details,
      requestId: record.requestId,
    });
    if (hex(computed) !== record.hash) {
      return {
        check: 'audit-records',
        ok: false,
        detail: `record ${record.seq} does not hash to its stated hash`,
      };
    }
    const previous = records[i - 1];
    if (previous && previous.seq + 1 === record.seq && previous.hash !== record.prevHash) {
      return {
        check: 'audit-records',
        ok: false,
        detail: `record ${record.seq} does not link to record ${previous.seq}`,
      };
    }
  }
  return {
    check: 'audit-records',
    ok: records.length > 0,
    detail:
      records.length > 0
        ? `${records.length} records (seq ${records.map((r) => r.seq).join(', ')}) hash to their stated values; match them against the audit log or a signed checkpoint`
        : 'no audit records',
  };
}

/** A completed operation has its key.sign record, linked by the activation its signing.complete names. */
function operationCheck(evidence: EvidencePackage['evidence']): EvidenceCheck {
  const actions = evidence.audit.map((r) => r.action);
  if (!actions.includes('signing.create')) {
    return { check: 'operation', ok: false, detail: 'the signing.create record is missing' };
  }
  if (evidence.operation.status !== 'completed') {
    return {
      check: 'operation',
      ok: true,
      detail: `the operation is ${evidence.operation.status}: nothing was signed`,
    };
  }
  const complete = evidence.audit.find((r) => r.action === 'signing.complete');
  const activation = complete?.details['activation'];
  const signed = evidence.audit.find(
    (r) => r.action === 'key.sign' && r.details['activation'] === activation,
  );
  if (!complete || !signed) {
    return { check: 'operation', ok: false, detail: 'the signing.complete or key.sign record is missing' };
  }
  return {
    check: 'operation',
    ok: true,
    detail: `signed ${evidence.documents.length} document(s) with key ${evidence.signer.key} under activation ${JSON.stringify(activation)}, confirmed by ${evidence.operation.confirmationMethod ?? '?'}`,
  };
}

/**
 * The device approval of an operation confirmed on a device, verified
 * again from what `device.approve` kept: the approved text must name this
 * operation and "approve", and be signed by the device's key — ECDSA over
 * the text, or a WebAuthn assertion whose challenge is its SHA-256. An
 * offline approval kept no signature (its code was checked by the server);
 * it is named. Undefined for an operation confirmed otherwise.
 */
export function deviceApprovalCheck(evidence: EvidencePackage['evidence']): EvidenceCheck | undefined {
  const method = evidence.operation.confirmationMethod;
  if (method !== 'device' && method !== 'device+pin') return undefined;
  const record = evidence.audit.find((r) => r.action === 'device.approve');
  if (!record) return { check: 'device-approval', ok: false, detail: 'the device.approve record is missing' };
  const d = record.details;
  const name = typeof d['deviceName'] === 'string' ? `«${d['deviceName']}»` : 'the device';
  if (d['via'] === 'offline') {
    return {
      check: 'device-approval',
      ok: true,
      detail: `approved on ${name} with an offline code (OCRA), checked by the server`,
    };
  }
  const text = typeof d['signedText'] === 'string' ? d['signedText'] : '';
  const publicKey =
    typeof d['devicePublicKey'] === 'string' ? Buffer.from(d['devicePublicKey'], 'base64url') : undefined;
  const lines = text.split('\n');
  const names = lines.includes(`operation=${evidence.operation.id}`) && lines.includes('decision=approve');
  let signed = false;
  if (publicKey && names) {
    if (d['deviceKind'] === 'authenticator' && typeof d['signature'] === 'string') {
      signed = verifyEcdsa(
        spkiKey(publicKey),
        Buffer.from(text, 'utf8'),
        Buffer.from(d['signature'], 'base64url'),
      );
    } else if (d['deviceKind'] === 'webauthn') {
      const challenge = createHash('sha256').update(text, 'utf8').digest('base64url');
      signed = assertionSignsChallenge(d['webauthn'], publicKey, challenge);
    }
  }
  return {
    check: 'device-approval',
    ok: signed,
    detail: signed
      ? `approved on ${name} (${d['deviceKind'] === 'webauthn' ? 'WebAuthn' : 'ECDSA'}): the device's key signed the approval of this operation`
      : `the approval kept for ${name} does not verify for this operation`,
  };
}

/** Which document (or which document's signature) a file is, by its digest. */
async function fileCheck(
  evidence: EvidencePackage['evidence'],
  file: { name: string; bytes: Uint8Array },
): Promise<EvidenceCheck> {
  for (const document of evidence.documents) {
    const hash = hex(await digest(document.digestAlgorithm, file.bytes));
    if (hash === document.digest) {
      return {
        check: 'file',
        ok: true,
        detail: `${file.name} is document ${document.index} (${document.name})`,
      };
    }
    if (document.signature && hash === document.signature.digest) {
      return {
        check: 'file',
        ok: true,
        detail: `${file.name} is the signature of document ${document.index} (${document.name})`,
      };
    }
  }
  return {
    check: 'file',
    ok: false,
    detail: `${file.name} is none of the documents nor of their signatures`,
  };
}

/**
 * Checks an evidence package offline: the audit key's signature over the
 * evidence, our TSA's time stamp on it, the audit certificate's path to
 * one of `trustAnchors` at the time stamp's time (revocation is not checked
 * offline), the audit records' hashes and links, and, for each file given,
 * which document or signature it is.
 */
export async function verifyEvidencePackage(
  text: string,
  options: { trustAnchors: readonly Uint8Array[]; files?: readonly { name: string; bytes: Uint8Array }[] },
): Promise<EvidenceVerification> {
  const evidencePackage = parseEvidencePackage(text);
  const { evidence } = evidencePackage;
  const checks: EvidenceCheck[] = [];
  let timeStampedAt: Date | undefined;
  let signatureDer: Uint8Array;
  let signer: Uint8Array | undefined;
  try {
    signatureDer = bytes(evidencePackage.signature);
    const verification = await verifyCms(signatureDer, { detachedContent: evidenceBytes(evidence) });
    signer = verification.signers[0]?.certificate;
    checks.push({
      check: 'signature',
      ok: verification.ok,
      detail: verification.ok
        ? 'the audit key signed exactly this evidence'
        : `the signature does not cover this evidence (${verification.signers[0]?.code ?? 'no signer'})`,
    });
    const [token] = parseCadesLevel(signatureDer).signatureTimeStamps;
    const signatureValue = parseCms(signatureDer).signers[0]?.signature;
    if (token && signatureValue) {
      const stamped = await verifyTimeStampToken(token, { data: signatureValue });
      timeStampedAt = stamped.tstInfo.genTime;
      checks.push({
        check: 'time-stamp',
        ok: stamped.ok,
        detail: stamped.ok
          ? `time-stamped at ${stamped.tstInfo.genTime.toISOString()}`
          : `the time stamp does not hold (${stamped.code ?? 'invalid'})`,
      });
    } else {
      checks.push({ check: 'time-stamp', ok: false, detail: 'the signature carries no time stamp' });
    }
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    checks.push({ check: 'signature', ok: false, detail: `the signature is malformed: ${error.message}` });
  }
  if (signer) {
    const path = await validatePath({
      target: signer,
      intermediates: [
        ...evidencePackage.chain.map(bytes),
        ...parseCms(bytes(evidencePackage.signature)).certificates,
      ],
      trustAnchors: options.trustAnchors,
      at: timeStampedAt ?? new Date(evidence.issuedAt),
      revocation: { mode: 'off' },
    });
    checks.push({
      check: 'trust',
      ok: path.ok,
      detail: path.ok
        ? `the audit certificate chains to ${path.path[0]?.subjectText ?? 'the trust anchor'}`
        : options.trustAnchors.length === 0
          ? 'no trust anchor given (--ca): whose evidence this is cannot be established'
          : `the audit certificate does not chain to the given CA: ${path.code}`,
    });
  }
  checks.push(auditChecks(evidence));
  checks.push(operationCheck(evidence));
  const approval = deviceApprovalCheck(evidence);
  if (approval) checks.push(approval);
  for (const file of options.files ?? []) checks.push(await fileCheck(evidence, file));
  return { ok: checks.every((c) => c.ok), operation: evidence.operation.id, timeStampedAt, checks };
}
