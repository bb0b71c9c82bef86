import { addXadesTimeStamp, prepareXmlSignature } from '@podpis/pki';
import type { SignatureFormat } from './format.js';
import { choice, onlyKnown } from './parameters.js';

export const XML_MODES = ['enveloped', 'enveloping', 'detached'] as const;
export const XML_LEVELS = ['xmldsig', 'xades-bes', 'xades-t'] as const;
export const XML_CANONICALIZATIONS = ['exc-c14n', 'c14n'] as const;

export interface XadesParameters {
  /** enveloped: the Signature goes into the XML document; enveloping: the document goes inside it; detached: referenced by name. */
  mode: (typeof XML_MODES)[number];
  /** Plain XMLDSig, XAdES-BES, or XAdES-T with our TSA's SignatureTimeStamp. */
  level: (typeof XML_LEVELS)[number];
  canonicalization: (typeof XML_CANONICALIZATIONS)[number];
}

/**
 * XMLDSig and XAdES (ETSI EN 319 132-1) with GOST R 34.10-2012 (the URIs
 * CryptoPro writes), RSA and ECDSA. Every Id is seeded from the document's
 * digest, so the signature prepares the same at creation and confirmation.
 */
export const xadesFormat: SignatureFormat<XadesParameters> = {
  id: 'xades',
  parameters(raw) {
    onlyKnown(raw, ['mode', 'level', 'canonicalization']);
    return {
      mode: choice(raw, 'mode', XML_MODES, 'enveloped'),
      level: choice(raw, 'level', XML_LEVELS, 'xades-bes'),
      canonicalization: choice(raw, 'canonicalization', XML_CANONICALIZATIONS, 'exc-c14n'),
    };
  },
  needs: () => ({ content: true, signature: false }),
  async prepare({ signer, document, parameters, signingTime }) {
    const prepared = await prepareXmlSignature({
      mode: parameters.mode,
      document: document.content ?? new Uint8Array(),
      ...(parameters.mode === 'detached' ? { documentUri: encodeURI(document.document.name) } : {}),
      signer,
      certificate: signer.certificate,
      signingTime,
      level: parameters.level === 'xmldsig' ? 'xmldsig' : 'xades-bes',
      canonicalization: parameters.canonicalization,
      id: `podpis-${document.document.digest.slice(0, 24)}`,
    });
    return {
      digest: prepared.digest,
      complete: (signature) => Promise.resolve(prepared.complete(signature)),
    };
  },
  extend: (result, { parameters, services }) =>
    parameters.level === 'xades-t' ? addXadesTimeStamp(result, services.timeStamp) : Promise.resolve(result),
  mediaType: () => 'application/xml',
  extension: () => 'xml',
};
