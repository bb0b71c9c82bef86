import {
  escTimeStampInput,
  inspectPdfSignatures,
  parseCadesLevel,
  parseCms,
  PkiError,
  verifyCms,
  verifyXmlSignatures,
  type CadesInfo,
  type CmsSignerVerification,
  type PdfSignatureInfo,
  type XmlSignatureVerification,
} from '@podpis/pki';
import { judgeSignature, type SignerEvidence, type VerificationPolicy } from './judge.js';

type Family = 'CAdES' | 'PAdES';

/** The level as ETSI names it, from what the signature carries. */
function levelOf(family: Family, cades: CadesInfo): string {
  if (family === 'PAdES') return cades.signatureTimeStamps.length > 0 ? 'PAdES-B-T' : 'PAdES-B-B';
  const names: Record<CadesInfo['level'], string> = {
    none: 'CMS',
    BES: 'CAdES-BES',
    T: 'CAdES-T',
    C: 'CAdES-C',
    'X-Long-Type-1': 'CAdES-X-Long-Type-1',
  };
  return names[cades.level];
}
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

/** What the judge needs of the pki verifier's verdict on one SignerInfo. */
function verdictOf(checked: CmsSignerVerification): SignerEvidence['verification'] {
  return {
    ok: checked.ok,
    ...(checked.code !== undefined ? { code: checked.code } : {}),
    ...(checked.certificate ? { certificate: checked.certificate } : {}),
    ...(checked.signingTime ? { signingTime: checked.signingTime } : {}),
  };
}

/**
 * The counter-signatures (RFC 5652 §11.4) of signature `parent`, and theirs
 * in turn, each judged as a signature of its own over the parent's
 * signature value. They are numbered after the signers, in the order met.
 */
async function judgeCounterSignatures(
  parent: number,
  checks: readonly CmsSignerVerification[],
  certificates: readonly Uint8Array[],
  policy: VerificationPolicy,
  reports: SignatureReport[],
  nextIndex: () => number,
): Promise<void> {
  for (const checked of checks) {
    const index = nextIndex();
    const judged = await judgeSignature(
      {
        index,
        verification: verdictOf(checked),
        certificates,
        // A counter-signature's own time stamps are not read: its best signature time is the verification time.
        timeStamps: [],
        level: checked.signingCertificateAttribute ? 'CAdES-BES' : 'CMS',
      },
      policy,
    );
    reports.push({ ...judged, counterSignatureOf: parent });
    await judgeCounterSignatures(index, checked.counterSignatures, certificates, policy, reports, nextIndex);
  }
}

/**
 * Every signer of a CMS SignedData, judged, then every counter-signature;
 * `content` for a detached one.
 */
async function judgeCms(
  der: Uint8Array,
  content: Uint8Array | undefined,
  family: Family,
  policy: VerificationPolicy,
): Promise<SignatureReport[]> {
  const cms = parseCms(der);
  const verification = await verifyCms(der, content ? { detachedContent: content } : {});
  const reports: SignatureReport[] = [];
  const counterReports: SignatureReport[] = [];
  let next = cms.signers.length;
  for (const [index, info] of cms.signers.entries()) {
    const cades = parseCadesLevel(der, index);
    const references = escTimeStampInput(
      info.signature,
      info.unsignedAttributeValues.map((a) => ({ type: a.type, der: a.der })),
    );
    const checked = verification.signers[index]!;
    const certificates = [...cms.certificates, ...(cades.certValues ?? [])];
    reports.push(
      await judgeSignature(
        {
          index,
          verification: verdictOf(checked),
          certificates,
          timeStamps: [
            ...cades.signatureTimeStamps.map((token) => ({
              kind: 'signature' as const,
              token,
              data: info.signature,
            })),
            ...cades.escTimeStamps.map((token) => ({ kind: 'references' as const, token, data: references })),
          ],
          revocationValues: cades.revocationValues,
          level: levelOf(family, cades),
        },
        policy,
      ),
    );
    await judgeCounterSignatures(
      index,
      checked.counterSignatures,
      certificates,
      policy,
      counterReports,
      () => next++,
    );
  }
  return [...reports, ...counterReports];
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

const XML_LEVELS: Record<XmlSignatureVerification['level'], string> = {
  xmldsig: 'XMLDSig',
  'xades-bes': 'XAdES-BES',
  'xades-t': 'XAdES-T',
};

/**
 * Every XML signature (XMLDSig, XAdES) of `xml`; a detached one's
 * references that nothing in the document resolves are given `document`.
 */
export async function verifyXmlDocument(
  xml: Uint8Array,
  document: Uint8Array | undefined,
  policy: VerificationPolicy,
): Promise<VerificationReport> {
  try {
    let verifications = await verifyXmlSignatures(xml);
    const unresolved = verifications.flatMap((v) =>
      v.references.filter((r) => r.code === 'REFERENCE_UNRESOLVED').map((r) => r.uri),
    );
    if (document && unresolved.length > 0) {
      verifications = await verifyXmlSignatures(xml, {
        detachedContent: new Map(unresolved.map((uri) => [uri, document])),
      });
    }
    const signatures: SignatureReport[] = [];
    for (const [index, v] of verifications.entries()) {
      const code = v.failures[0]?.code;
      signatures.push(
        await judgeSignature(
          {
            index,
            verification: {
              ok: v.ok,
              ...(code !== undefined ? { code } : {}),
              ...(v.certificate ? { certificate: v.certificate } : {}),
              ...(v.signingTime ? { signingTime: v.signingTime } : {}),
            },
            certificates: v.certificate ? [v.certificate] : [],
            timeStamps: v.timeStamps.map((t) => ({
              kind: 'signature' as const,
              token: t.token,
              imprintMatches: t.imprintMatches,
            })),
            level: XML_LEVELS[v.level],
          },
          policy,
        ),
      );
    }
    return report(
      'xades',
      policy,
      signatures,
      signatures.length === 0 ? [{ code: 'NO_SIGNATURE', message: 'the XML holds no signature' }] : [],
    );
  } catch (error) {
    if (error instanceof PkiError) return formatFailure('xades', policy, error);
    throw error;
  }
}
