import { constants, createPrivateKey, sign, type SignKeyObjectInput } from 'node:crypto';
import type { KeySpec } from '@podpis/pki';

/** Signs a whole message, the signature value as X.509 and CMS carry it. */
export type MessageSigner = (message: Uint8Array) => Promise<Uint8Array>;

/**
 * A software key's message signer by Node's own crypto, for the standing
 * activations of CA and service keys: an ECDSA or Ed25519 signature is
 * made synchronously (about 30 µs for P-256, a third of Web Crypto's job
 * on the thread pool, which every certificate and OCSP response paid),
 * RSA on the thread pool as before, since it takes milliseconds. GOST
 * keys have none: @podpis/gost signs them. The signatures are those of
 * pki's `signatureAlgorithmFor(spec)` (native-message-signer.test.ts).
 */
export function nativeMessageSigner(spec: KeySpec, pkcs8: Uint8Array): MessageSigner | undefined {
  if (spec.type === 'gost') return undefined;
  // A view, not a copy: the caller wipes the PKCS#8, and a copy would outlive it.
  const der = Buffer.from(pkcs8.buffer, pkcs8.byteOffset, pkcs8.byteLength);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  switch (spec.type) {
    case 'ecdsa': {
      const hash = spec.curve === 'P-256' ? 'sha256' : 'sha384';
      return (message) => Promise.resolve(new Uint8Array(sign(hash, message, { key, dsaEncoding: 'der' })));
    }
    case 'ed25519':
      return (message) => Promise.resolve(new Uint8Array(sign(null, message, key)));
    case 'rsa':
      return spec.scheme === 'pss'
        ? onThreadPool({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
        : onThreadPool({ key, padding: constants.RSA_PKCS1_PADDING });
  }
}

function onThreadPool(input: SignKeyObjectInput): MessageSigner {
  return (message) =>
    new Promise((resolve, reject) => {
      sign('sha256', message, input, (error, signature) => {
        if (error) reject(error);
        else resolve(new Uint8Array(signature));
      });
    });
}
