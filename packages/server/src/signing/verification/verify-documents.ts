import {
  inspectPdfSignatures,
  parseCadesLevel,
  parseCms,
  PkiError,
  verifyCms,
  type PdfSignatureInfo,
} from '@podpis/pki';
import { judgeSignature, type SignerEvidence, type VerificationPolicy } from './judge.js';
import { worst, type ReportMessage, type SignatureReport, type VerificationReport } from './report.js';

function report(
  format: string,
  policy: VerificationPolicy,
  signatures: SignatureReport[],
  messages: ReportMessage[] = [],
): VerificationReport {
  return {
    format,
    verifiedAt: policy.now.toISOString(),
    indication: signatures.length > 0 ? worst(signatures.map((s) => s.indication)) : 'TOTAL_FAILED',
    ...(signatures.length === 0 ? { subIndication: 'FORMAT_FAILURE' } : {}),
    signatures,
    messages,
  };
}

function formatFailure(format: string, policy: VerificationPolicy, error: PkiError): VerificationReport {
  return report(format, policy, [], [{ code: error.code, message: error.message }]);
}

/** Every signer of a CMS SignedData, judged; `content` for a detached one. */
async function judgeCms(
  der: Uint8Array,
  content: Uint8Array | undefined,
  family: SignerEvidence['family'],
  policy: VerificationPolicy,
): Promise<SignatureReport[]> {
  const cms = parseCms(der);
  const verification = await verifyCms(der, content ? { detachedContent: content } : {});
  const reports: SignatureReport[] = [];
  for (const [index, info] of cms.signers.entries()) {
    const cades = parseCadesLevel(der, index);
    reports.push(
      await judgeSignature(
        {
          index,
          info,
          verification: verification.signers[index]!,
          cades,
          certificates: [...cms.certificates, ...(cades.certValues ?? [])],
          family,
        },
        policy,
      ),
    );
  }
  return reports;
}

/** A CMS signature (CAdES, or any CMS SignedData: OpenSSL's, CryptoPro's), with the document if detached. */
export async function verifyCadesDocument(
  signature: Uint8Array,
  document: Uint8Array | undefined,
  policy: VerificationPolicy,
): Promise<VerificationReport> {
  try {
    return report('cades', policy, await judgeCms(signature, document, 'CAdES', policy));
  } catch (error) {
    if (error instanceof PkiError) return formatFailure('cades', policy, error);
    throw error;
  }
}

/** A signature of a PDF must cover its whole revision, and what was added after it only allowed changes. */
function withCoverage(signature: SignatureReport, pdf: PdfSignatureInfo): SignatureReport {
  const coverage = {
    wholeDocument: pdf.coversWholeFile,
    changes: pdf.changes,
    disallowedChanges: pdf.disallowedChanges,
  };
  if (!pdf.coversRevision) {
    return {
      ...signature,
      coverage,
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
      messages: [
        ...signature.messages,
        { code: 'PDF_BYTE_RANGE_INCOMPLETE', message: 'the signature does not cover its whole revision' },
      ],
    };
  }
  if (pdf.changes === 'DISALLOWED_CHANGES') {
    return {
      ...signature,
      coverage,
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
      messages: [
        ...signature.messages,
        {
          code: 'PDF_DISALLOWED_CHANGES',
          message: `the document was changed after this signature: ${pdf.disallowedChanges.join('; ')}`,
        },
      ],
    };
  }
  return { ...signature, coverage };
}

/** Every signature of a PDF (PAdES, or any adbe/ETSI CMS signature), with what each covers. */
export async function verifyPdfDocument(
  pdf: Uint8Array,
  policy: VerificationPolicy,
): Promise<VerificationReport> {
  try {
    const signatures: SignatureReport[] = [];
    for (const [index, found] of (await inspectPdfSignatures(pdf)).entries()) {
      const [judged] = await judgeCms(found.cms, found.signedContent(), 'PAdES', policy);
      if (judged) signatures.push(withCoverage({ ...judged, index }, found));
    }
    return report(
      'pades',
      policy,
      signatures,
      signatures.length === 0 ? [{ code: 'NO_SIGNATURE', message: 'the PDF holds no signature' }] : [],
    );
  } catch (error) {
    if (error instanceof PkiError) return formatFailure('pades', policy, error);
    throw error;
  }
}
