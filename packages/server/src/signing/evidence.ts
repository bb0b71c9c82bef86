import { addSignatureTimeStamp, digest, parseCertificate, signCms } from '@podpis/pki';
import { auditTrailOf } from '../audit/audit-search.js';
import { canonicalJson, type JsonValue } from '../audit/canonical-json.js';
import type { AuditRecord } from '../audit/audit-log.js';
import { auditSigningKey } from '../ca/audit-checkpoints.js';
import type { AuthorityContext } from '../ca/authorities.js';
import { findUserCertificate } from '../ca/certificate-lifecycle.js';
import { DomainError } from '../core/domain-error.js';
import type { FormatServices } from './formats/index.js';
import { getSigningOperation } from './operations.js';
import { authorityChain } from './signing-services.js';

/** The name and version of the evidence package's layout. */
export const EVIDENCE_FORMAT = 'podpis-evidence/1';

export interface EvidenceAuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, JsonValue>;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

/** What a signing operation's evidence states (M9.2): who, what, when, with which key and certificate, how confirmed. */
export interface Evidence {
  issuedAt: string;
  operation: {
    id: string;
    status: string;
    format: string;
    parameters: Record<string, JsonValue>;
    createdAt: string;
    expiresAt: string;
    confirmedAt: string | null;
    confirmationMethod: string | null;
  };
  signer: {
    account: string;
    key: string;
    certificate: {
      serial: string;
      subject: string;
      issuer: string;
      notBefore: string;
      notAfter: string;
      /** DER, base64. */
      der: string;
    };
  };
  documents: {
    index: number;
    name: string;
    size: number | null;
    digest: string;
    digestAlgorithm: string;
    /** The signature made for it: its digest with the same algorithm, and its size. */
    signature: { digest: string; size: number } | null;
  }[];
  /** The audit records of the operation and of the key's signatures, with their hash-chain links. */
  audit: EvidenceAuditRecord[];
}

/** An evidence package: the evidence, and a detached CAdES-T signature of its canonical JSON by the audit key. */
export interface EvidencePackage {
  format: typeof EVIDENCE_FORMAT;
  evidence: Evidence;
  /** CMS SignedData (DER, base64) over the UTF-8 canonical JSON of `evidence`, with our TSA's time stamp. */
  signature: string;
  /** The CA certificates above the audit certificate, up to the root (DER, base64): compare the root with yours. */
  chain: string[];
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

function auditRecordJson(record: AuditRecord): EvidenceAuditRecord {
  return {
    seq: record.seq,
    at: record.at.toISOString(),
    actor: record.actor,
    action: record.action,
    target: record.target,
    details: record.details,
    requestId: record.requestId,
    prevHash: hex(record.prevHash),
    hash: hex(record.hash),
  };
}

/** The evidence of one of the holder's operations, as its records stand now. */
export async function operationEvidence(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
): Promise<Evidence> {
  const operation = await getSigningOperation(ctx, accountId, id);
  const now = ctx.now();
  const certificate = await findUserCertificate(ctx.db, operation.certificate, now, accountId);
  const info = parseCertificate(certificate.der);
  const { rows } = await ctx.db.query<{ index: number; der: Uint8Array }>(
    'SELECT index, der FROM signing_results WHERE operation_id = $1 ORDER BY index',
    [operation.id],
  );
  const documents: Evidence['documents'] = [];
  for (const [index, document] of operation.documents.entries()) {
    const result = rows.find((r) => r.index === index);
    const signature = result
      ? {
          digest: hex(await digest(document.digestAlgorithm, new Uint8Array(result.der))),
          size: result.der.length,
        }
      : null;
    documents.push({
      index,
      name: document.name,
      size: document.size ?? null,
      digest: document.digest,
      digestAlgorithm: document.digestAlgorithm,
      signature,
    });
  }
  const audit = await auditTrailOf(ctx.db, `signing-operation:${operation.id}`, operation.keyId);
  return {
    issuedAt: now.toISOString(),
    operation: {
      id: operation.id,
      status: operation.status,
      format: operation.format,
      parameters: operation.parameters as Record<string, JsonValue>,
      createdAt: operation.createdAt.toISOString(),
      expiresAt: operation.expiresAt.toISOString(),
      confirmedAt: operation.confirmedAt?.toISOString() ?? null,
      confirmationMethod: operation.confirmationMethod,
    },
    signer: {
      account: accountId,
      key: operation.keyId,
      certificate: {
        serial: certificate.serial,
        subject: info.subjectText,
        issuer: info.issuerText,
        notBefore: info.notBefore.toISOString(),
        notAfter: info.notAfter.toISOString(),
        der: base64(certificate.der),
      },
    },
    documents,
    audit: audit.map(auditRecordJson),
  };
}

/** The bytes an evidence package's signature covers. */
export function evidenceBytes(evidence: Evidence): Uint8Array {
  return new TextEncoder().encode(canonicalJson(evidence as unknown as JsonValue));
}

/**
 * The evidence signed by the installation's audit key (detached CMS over
 * its canonical JSON) and time-stamped by our TSA (CAdES-T), with the CA
 * chain for checking it offline (`podpis evidence verify`).
 */
export async function signedEvidence(
  ctx: AuthorityContext,
  accountId: string,
  id: string,
  services: FormatServices,
): Promise<EvidencePackage> {
  const evidence = await operationEvidence(ctx, accountId, id);
  const now = ctx.now();
  const audit = await auditSigningKey(ctx, now);
  if (!audit) {
    throw new DomainError(
      'SIGNING_SERVICE_UNAVAILABLE',
      'the installation has no valid audit certificate to sign evidence',
    );
  }
  const chain = await authorityChain(ctx, audit.caId);
  const signed = await signCms({
    content: evidenceBytes(evidence),
    detached: true,
    signers: [{ signer: audit.signer, certificate: audit.certificate }],
    certificates: chain.slice(0, -1),
    signingTime: new Date(Math.floor(now.getTime() / 1000) * 1000),
  });
  const stamped = await addSignatureTimeStamp(signed, 0, services.timeStamp);
  return { format: EVIDENCE_FORMAT, evidence, signature: base64(stamped), chain: chain.map(base64) };
}
