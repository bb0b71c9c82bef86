export {
  KeyStoreError,
  PIN_LENGTH,
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
export { loadMasterKey, masterKeyFile } from './master-key.js';
export { SoftwareKeyStore, type SoftwareKeyStoreOptions } from './software.js';
export { Pkcs11KeyStore, type Pkcs11KeyStoreOptions } from './pkcs11.js';
export { KeyStores } from './key-stores.js';
