import { listAuthorities, type AuthorityContext } from '../../ca/authorities.js';
import { DomainError } from '../../core/domain-error.js';
import type { SigningAuthorities } from '../signing-services.js';
import type { VerificationPolicy } from './judge.js';
import type { VerificationReport } from './report.js';
import { revocationFetcher } from './revocation-sources.js';
import { verifyCadesDocument, verifyPdfDocument } from './verify-documents.js';

export type { VerificationReport, SignatureReport, Indication, SubIndication } from './report.js';

/** What is to be verified: a signature and the document it signs, or a document that carries its signatures. */
export interface VerificationInput {
  /** A CMS signature (CAdES, detached or attached). */
  signature?: Uint8Array;
  /** The signed document: a PDF with its signatures, or the content of a detached signature. */
  document?: Uint8Array;
}

const PDF = new TextEncoder().encode('%PDF-');
const startsWith = (data: Uint8Array, prefix: Uint8Array): boolean =>
  data.length >= prefix.length && prefix.every((byte, i) => data[i] === byte);

/** The verifier of this installation: our root CAs trusted, revocation from our responder or fetched. */
export class SignatureVerifier {
  constructor(
    private readonly ctx: AuthorityContext,
    private readonly authorities: SigningAuthorities,
  ) {}

  async #policy(): Promise<VerificationPolicy> {
    const roots = (await listAuthorities(this.ctx.db)).filter((a) => a.role === 'root');
    return {
      trustAnchors: roots.map((a) => a.certificate),
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
    if (input.signature) return verifyCadesDocument(input.signature, input.document, policy);
    if (input.document && startsWith(input.document, PDF)) return verifyPdfDocument(input.document, policy);
    if (input.document) return verifyCadesDocument(input.document, undefined, policy);
    throw new DomainError(
      'VERIFICATION_INPUT_INVALID',
      'give a signature, a signed PDF, or both a signature and its document',
    );
  }
}
