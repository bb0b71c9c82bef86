export {
  KeyStoreError,
  PIN_LENGTH,
  type Activation,
  type ActivationRef,
  type ActivationRequest,
  type Confirmation,
  type ConfirmationRecord,
  type DecryptionInput,
  type KeyBackend,
  type KeyChangeRecording,
  type KeyHandle,
  type KeyPolicy,
  type KeyProtection,
  type KeyRef,
  type KeyState,
  type KeyStore,
  type KeyStoreErrorCode,
} from './key-store.js';
export {
  DIGESTS_ACTIVATION_LIFETIME_MS,
  MAX_DIGESTS_PER_ACTIVATION,
  decryptionInputDigest,
  deleteEndedActivations,
  extendActivation,
  SERVICE_ACTIVATION_LIFETIME_MS,
} from './activations.js';
export { keyStoreSigner, serviceSigner } from './signer.js';
export { decryptionInputsOf, keyStoreRecipientKey } from './recipient-key.js';
export { checkMasterKeyFingerprint, loadMasterKey, masterKeyFile } from './master-key.js';
export { SoftwareKeyStore, type SoftwareKeyStoreOptions } from './software.js';
export { Pkcs11KeyStore, type Pkcs11KeyStoreOptions } from './pkcs11.js';
export { KeyStores } from './key-stores.js';
