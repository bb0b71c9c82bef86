import type { SignatureFormat } from './format.js';
import { onlyKnown } from './parameters.js';

/** The key's own signature of each digest: GOST R 34.10-2012, ECDSA (DER), RSA PKCS#1 v1.5 or PSS as the key is made. */
export const rawFormat: SignatureFormat = {
  id: 'raw',
  parameters: (raw) => {
    onlyKnown(raw, []);
    return {};
  },
  needs: () => ({ content: false, signature: false }),
  prepare: ({ document }) => {
    const digest = new Uint8Array(Buffer.from(document.document.digest, 'hex'));
    return Promise.resolve({ digest, complete: (signature) => Promise.resolve(signature) });
  },
  mediaType: () => 'application/octet-stream',
  extension: () => 'sig',
};
