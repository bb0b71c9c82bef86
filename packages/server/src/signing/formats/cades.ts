import {
  addCoSignature,
  addCounterSignature,
  addSignatureTimeStamp,
  deferSignature,
  extendToXLongType1,
  parseCms,
  PkiError,
  signCms,
  prepareCmsDigestSignature,
  type ParsedCms,
} from '@podpis/pki';
import { DomainError } from '../../core/domain-error.js';
import type { FormatSigner, SignatureFormat } from './format.js';
import { choice, count, flag, onlyKnown } from './parameters.js';

export const CADES_LEVELS = ['BES', 'T', 'XLT1'] as const;
export const CADES_MODES = ['sign', 'co-sign', 'counter-sign'] as const;

export interface CadesParameters {
  /** BES; T adds our TSA's signature time stamp; XLT1 adds references, values and the CAdES-C time stamp. */
  level: (typeof CADES_LEVELS)[number];
  /** Leave the content out (detached) or carry it (attached); a co-signature keeps what it is given. */
  detached: boolean;
  /** A new SignedData, a parallel signer on an existing one, or a counter-signature of one of its signers. */
  mode: (typeof CADES_MODES)[number];
  /** The signer a counter-signature countersigns (0 = the first). */
  signerIndex: number;
}

/** An existing SignedData given to add to; SIGNING_SIGNATURE_INVALID when it is not one. */
export function existingSignedData(der: Uint8Array | undefined, index: number): ParsedCms {
  if (!der) {
    throw new DomainError('SIGNING_DOCUMENT_INVALID', `document ${index} needs the signature to add to`, {
      document: index,
    });
  }
  try {
    return parseCms(der);
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    throw new DomainError(
      'SIGNING_SIGNATURE_INVALID',
      `the signature of document ${index} is not a CMS SignedData: ${error.message}`,
      { document: index },
    );
  }
}

/** Our CA certificates to embed: the chain without its self-signed root, which a verifier must already trust. */
const embedded = (signer: FormatSigner): Uint8Array[] => signer.chain.slice(0, -1);

const hexBytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));

/** CMS SignedData per CAdES (ETSI EN 319 122-1): BES, T or X Long Type 1; new, co-signed or counter-signed. */
export const cadesFormat: SignatureFormat<CadesParameters> = {
  id: 'cades',
  parameters(raw) {
    onlyKnown(raw, ['level', 'detached', 'mode', 'signerIndex']);
    const parameters: CadesParameters = {
      level: choice(raw, 'level', CADES_LEVELS, 'BES'),
      detached: flag(raw, 'detached', true),
      mode: choice(raw, 'mode', CADES_MODES, 'sign'),
      signerIndex: count(raw, 'signerIndex', 0, 63),
    };
    if (parameters.mode === 'counter-sign' && parameters.level !== 'BES') {
      throw new DomainError(
        'SIGNING_PARAMETERS_INVALID',
        'a counter-signature is made at level BES; extend the signature it countersigns instead',
        { parameter: 'level' },
      );
    }
    return parameters;
  },
  needs: ({ mode, detached }) => ({
    content: mode === 'sign' && !detached,
    signature: mode !== 'sign',
  }),
  // The signed attributes (and so the signature and its time stamps) do not depend on where the content is.
  detachedForm: (parameters) =>
    parameters.mode === 'sign' && !parameters.detached ? { ...parameters, detached: true } : undefined,
  impliedContent: (signature, { mode }, index) =>
    mode === 'counter-sign' ? signature : existingSignedData(signature, index).content,
  async prepare({ signer, document, parameters, signingTime }) {
    const certificate = signer.certificate;
    const certificates = embedded(signer);
    const contentDigest = hexBytes(document.document.digest);
    switch (parameters.mode) {
      case 'sign': {
        if (parameters.detached) {
          // Already the two steps of a key held elsewhere: the attributes are built once, not again to complete.
          const prepared = await prepareCmsDigestSignature({
            contentDigest,
            signer,
            certificate,
            certificates,
            signingTime,
          });
          return {
            digest: prepared.digest,
            complete: (signature) => Promise.resolve(prepared.complete(signature)),
          };
        }
        return deferSignature(signer, (key) =>
          signCms({
            content: document.content ?? new Uint8Array(),
            detached: false,
            signers: [{ signer: key, certificate }],
            certificates,
            signingTime,
          }),
        );
      }
      case 'co-sign': {
        const existing = document.signature ?? new Uint8Array();
        const attached = existingSignedData(existing, 0).content !== undefined;
        return deferSignature(signer, (key) =>
          addCoSignature(existing, {
            signer: key,
            certificate,
            signingTime,
            ...(attached ? {} : { contentDigest }),
          }),
        );
      }
      case 'counter-sign': {
        const existing = document.signature ?? new Uint8Array();
        return deferSignature(signer, (key) =>
          addCounterSignature(existing, parameters.signerIndex, { signer: key, certificate, signingTime }),
        );
      }
    }
  },
  async extend(result, { signer, parameters, services }) {
    if (parameters.level === 'BES') return result;
    // The new signer is the last one: the only one for a new SignedData, appended for a co-signature.
    const index = parseCms(result).signers.length - 1;
    const stamped = await addSignatureTimeStamp(result, index, services.timeStamp);
    if (parameters.level === 'T') return stamped;
    const revocation = await services.revocationValues(signer.certificate, signer.chain);
    return extendToXLongType1(stamped, index, {
      certificates: signer.chain,
      crls: revocation.crls,
      ocspResponses: revocation.ocspResponses,
      tsaCallback: services.timeStamp,
    });
  },
  extension: () => 'p7s',
  mediaType: ({ detached, mode }) =>
    detached && mode === 'sign' ? 'application/pkcs7-signature' : 'application/pkcs7-mime',
};
