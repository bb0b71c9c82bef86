export {
  generateSoftwareKey,
  importSoftwareKey,
  type KeySpec,
  type Signer,
  type SoftwareKey,
} from './signer.js';
export { verifySignature, isSupportedSignatureAlgorithm } from './verify.js';
