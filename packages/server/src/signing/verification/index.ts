import { listAuthorities, type AuthorityContext } from '../../ca/authorities.js';
import { DomainError } from '../../core/domain-error.js';
import type { SigningAuthorities } from '../signing-services.js';
import type { VerificationPolicy } from './judge.js';
import type { VerificationReport } from './report.js';
import { revocationFetcher } from './revocation-sources.js';
import { listTrustedRoots } from './trusted-roots.js';
import { verifyCadesDocument, verifyPdfDocument, verifyXmlDocument } from './verify-documents.js';

export type { VerificationReport, SignatureReport, Indication, SubIndication } from './report.js';

/** What is to be verified: a signature and the document it signs, or a document that carries its signatures. */
export interface VerificationInput {
  /** A CMS signature (CAdES, detached or attached), or an XML signature (XMLDSig, XAdES). */
  signature?: Uint8Array;
  /** The signed document: a PDF or XML with its signatures, or the content of a detached signature. */
  document?: Uint8Array;
}

const PDF = new TextEncoder().encode('%PDF-');
/** XML starts with `<` after an optional byte-order mark and white space; DER never does. */
function isXml(data: Uint8Array): boolean {
  let i = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  while (i < data.length && [0x20, 0x09, 0x0a, 0x0d].includes(data[i]!)) i++;
  return data[i] === 0x3c;
}

const startsWith = (data: Uint8Array, prefix: Uint8Array): boolean =>
  data.length >= prefix.length && prefix.every((byte, i) => data[i] === byte);

/** The verifier of this installation: our root CAs and the imported ones trusted, revocation from our responder or fetched. */
export class SignatureVerifier {
  constructor(
    private readonly ctx: AuthorityContext,
    private readonly authorities: SigningAuthorities,
  ) {}

  async #policy(): Promise<VerificationPolicy> {
    const authorities = await listAuthorities(this.ctx.db);
    const imported = await listTrustedRoots(this.ctx.db);
    return {
      trustAnchors: [
        ...authorities.filter((a) => a.role === 'root').map((a) => a.certificate),
        ...imported.map((root) => root.der),
      ],
      knownCertificates: authorities.filter((a) => a.role !== 'root').map((a) => a.certificate),
      fetchRevocation: revocationFetcher(this.ctx, this.authorities),
      now: this.ctx.now(),
    };
  }

  /**
   * A report per signature (ETSI EN 319 102-1 indications): a PDF's own
   * signatures, or a CMS signature with its document when detached.
   */
  async verify(input: VerificationInput): Promise<VerificationReport> {
    const policy = await this.#policy();
    if (input.signature && isXml(input.signature))
      return verifyXmlDocument(input.signature, input.document, policy);
    if (input.signature) return verifyCadesDocument(input.signature, input.document, policy);
    if (input.document && startsWith(input.document, PDF)) return verifyPdfDocument(input.document, policy);
    if (input.document && isXml(input.document)) return verifyXmlDocument(input.document, undefined, policy);
    if (input.document) return verifyCadesDocument(input.document, undefined, policy);
    throw new DomainError(
      'VERIFICATION_INPUT_INVALID',
      'give a signature, a signed PDF, or both a signature and its document',
    );
  }
}
