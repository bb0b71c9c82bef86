export {
  digestAlgorithmOf,
  generateSoftwareKey,
  hashForSigner,
  importSoftwareKey,
  signatureAlgorithmFor,
  type KeySpec,
  type Signer,
  type SoftwareKey,
} from './signer.js';
export { verifySignature, isSupportedSignatureAlgorithm } from './verify.js';
export { deferSignature, type DeferredSignature } from './deferred-signature.js';
export { ecdsaRawToDer } from './ecdsa-signature.js';
export { rsaDigestInfo } from './rsa-digest.js';
