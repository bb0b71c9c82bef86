import type { KeySpec, OaepHash, Signer } from '@podpis/pki';
import type { Queryable } from '../db/db.js';
import { DomainError, type DomainErrorCode } from '../core/domain-error.js';

export type { KeySpec, OaepHash, Signer } from '@podpis/pki';

/** Which store holds a key's private half. */
export type KeyBackend = 'software' | 'pkcs11';

/**
 * How a key is protected beyond the store itself: `pin` for a user's key
 * (sole control: the holder's PIN is needed for every use), `none` for CA
 * and service keys, which the server uses on its own.
 */
/**
 * `pin`: a user key wrapped under its PIN (and the master key). `device`: a
 * user key without a PIN, used only under an approval from its holder's
 * enrolled device (mobile confirmation), which the confirmation service
 * has verified. `none`: CA and service keys, and organisations' keys for
 * automatic signing.
 */
export type KeyProtection = 'pin' | 'none' | 'device';

/** Who a key is for and how it is guarded, fixed when it is generated. */
export interface KeyPolicy {
  /** A name for people: "Ivanov I.I. 2025", "GOST root CA 2025". */
  label: string;
  /** The owning entity, e.g. `user:<uuid>`, `ca:<id>`, `service:ocsp`. */
  owner: string;
  /** A user key's (temporary) PIN; absent for CA and service keys. */
  pin?: string;
  /** `device`: a user key without a PIN, used only under a device approval (never with `pin`). */
  protection?: 'device';
}

/** What the store tells about a key: never the private key itself. */
export interface KeyHandle {
  id: string;
  backend: KeyBackend;
  algorithm: KeySpec;
  label: string;
  owner: string;
  protection: KeyProtection;
  /** SubjectPublicKeyInfo, DER. */
  publicKeyInfo: Uint8Array;
  createdAt: Date;
}

/** Where a key is and how its PIN guard stands, from the key's record. */
export interface KeyState {
  backend: KeyBackend;
  protection: KeyProtection;
  /** Locked after too many wrong PINs, until an operator unlocks it. */
  locked: boolean;
  /** PIN-protected keys in an open store: wrong PINs still allowed before the key locks. */
  remainingAttempts?: number;
}

/** A key is named by its id; a full KeyHandle works as well. */
export type KeyRef = Pick<KeyHandle, 'id'>;

/**
 * Work the caller adds to the transaction in which a key's state changes —
 * its audit record — so the change and the record commit together, or
 * neither does (a failure there rolls the change back).
 */
export interface KeyChangeRecording {
  /** Runs after the change (new PIN, cleared counter), before it commits; its result is ignored. */
  changed?: (tx: Queryable) => Promise<unknown>;
  /** Runs after a wrong PIN was counted, before that count commits; its result is ignored. */
  wrongPin?: (tx: Queryable, remainingAttempts: number) => Promise<unknown>;
}

/**
 * What authorised an activation. `pin`: the key's PIN, typed by its holder
 * (user keys). `service`: the server's own decision to use a CA or service
 * key, which has no PIN. `device`, `device+pin`: an approval from the
 * holder's enrolled device, checked by the confirmation service, alone (a
 * `device` key) or with the PIN; the activation's row keeps the method and
 * the approval's id, never a PIN (`ConfirmationRecord`).
 */
export type Confirmation =
  | { method: 'pin'; pin: string }
  | { method: 'service' }
  /** A device approval (its id) the confirmation service verified: a `device` key's only way. */
  | { method: 'device'; approval: string }
  /** A device approval and the PIN of a `pin` key. */
  | { method: 'device+pin'; pin: string; approval: string };

/** A confirmation as an activation keeps it: never the PIN. */
export type ConfirmationRecord =
  { method: 'pin' } | { method: 'service' } | { method: 'device' | 'device+pin'; approval: string };

/**
 * One private-key step of a CMS decryption (`@podpis/pki` RecipientKey):
 * RSA-OAEP decryption of a transported content key, or key agreement (ECDH,
 * GOST VKO) with a sender's public key. What comes out is the content key
 * (key transport) or the shared secret it is derived from (agreement).
 */
export type DecryptionInput =
  | { operation: 'key-transport'; encryptedKey: Uint8Array; hash: OaepHash }
  | {
      operation: 'key-agreement';
      /** The sender's (ephemeral) SubjectPublicKeyInfo, DER. */
      peer: Uint8Array;
      /** GOST VKO's UKM; absent for ECDH. */
      ukm?: Uint8Array;
    };

/** What an activation lets a key do: sign exactly some digests, sign as a service, or decrypt exactly some inputs. */
export type ActivationRequest =
  | {
      purpose?: 'sign';
      /** Exactly these digests, in this order, by one `signDigests` call: the activation is then used up. */
      digests: readonly Uint8Array[];
      confirmation: Confirmation;
      /** Default: `DIGESTS_ACTIVATION_LIFETIME_MS` from now. */
      expiresAt?: Date;
    }
  | {
      /** A CA or service key's standing activation: any digests until it expires. */
      service: true;
      confirmation: { method: 'service' };
      /** Default: `SERVICE_ACTIVATION_LIFETIME_MS` from now. */
      expiresAt?: Date;
      /** At most this many signatures, counted in the database; unlimited (and held in memory) if absent. */
      signatures?: number;
    }
  | {
      purpose: 'decrypt';
      /**
       * The SHA-256 (`decryptionInputDigest`) of exactly these inputs, in
       * this order, processed by one `decrypt` call: the activation is then
       * used up. An activation to decrypt never signs, nor one to sign decrypts.
       */
      inputs: readonly Uint8Array[];
      confirmation: Confirmation;
      /** Default: `DIGESTS_ACTIVATION_LIFETIME_MS` from now. */
      expiresAt?: Date;
    };

/**
 * What `signDigests` needs to name an activation: its id and its secret.
 * The secret is a bearer credential the server does not keep (only its
 * hash): the caller holds it in memory or hands it to its own client (the
 * CSC API's SAD), so any node can sign with it and none remembers it.
 */
export interface ActivationRef {
  id: string;
  secret: string;
}

export interface Activation extends ActivationRef {
  keyId: string;
  expiresAt: Date;
}

/**
 * The server's key store ("HSM"). Private keys are generated inside and
 * never leave it: there is deliberately no export operation. A key signs
 * only digests, and only under an activation (`activate`, then
 * `signDigests`); `keyStoreSigner` makes a `@podpis/pki` Signer of that,
 * so certificates, CRLs, OCSP responses and CMS signatures can be made by
 * stored keys with the pki builders.
 */
export interface KeyStore {
  readonly backend: KeyBackend;
  /** What operators are shown: "server (software)", or the PKCS#11 token's label. */
  readonly label: string;
  /** Whether keys of `spec` can be generated here (for PKCS#11: the store and the token's mechanisms). */
  supports(spec: KeySpec): boolean;
  /** The stores that can hold new keys: this one alone, or each one a combined store routes to. */
  stores(): readonly KeyStore[];
  /** Generates a key pair from the OS CSPRNG (or inside the HSM). */
  generate(spec: KeySpec, policy: KeyPolicy): Promise<KeyHandle>;
  /** The key's description; KEY_NOT_FOUND or KEY_DESTROYED otherwise. */
  get(key: KeyRef): Promise<KeyHandle>;
  /** SubjectPublicKeyInfo (DER). */
  publicKey(key: KeyRef): Promise<Uint8Array>;
  /** Where the key is and whether wrong PINs have locked it; KEY_NOT_FOUND or KEY_DESTROYED otherwise. */
  state(key: KeyRef): Promise<KeyState>;
  /**
   * Authorises signatures by the key once its confirmation holds. A user
   * key takes only `digests` with its PIN (KEY_PIN_REQUIRED otherwise); a
   * wrong PIN counts against the key (KEY_PIN_WRONG, then KEY_LOCKED). A
   * key without a PIN takes the `service` confirmation
   * (KEY_PIN_NOT_APPLICABLE for a PIN). Digests must have the length of
   * the key's digest algorithm (ACTIVATION_INVALID).
   */
  activate(key: KeyRef, request: ActivationRequest): Promise<Activation>;
  /**
   * The only way a key signs: each digest (made with the key's digest
   * algorithm, see `digestAlgorithmOf`) under `activation`, which is used
   * up in the same transaction as a one-time activation's signatures and a
   * user key's `key.sign` audit record. ACTIVATION_NOT_FOUND (unknown id or
   * wrong secret), ACTIVATION_KEY_MISMATCH, ACTIVATION_USED,
   * ACTIVATION_EXPIRED, ACTIVATION_DIGEST_MISMATCH: nothing is signed.
   * Except under an activation held in memory, this runs a transaction of
   * its own: on PGlite (one connection) never call it inside another.
   */
  signDigests(key: KeyRef, digests: readonly Uint8Array[], activation: ActivationRef): Promise<Uint8Array[]>;
  /**
   * CAdES over authorised document digests (CSC signDoc): each input is the
   * DER of a CMS SignerInfo's signed attributes; the key store reads its one
   * messageDigest, requires the activation to authorise exactly those
   * digests in order (as `signDigests` does), and signs the digest of each
   * DER with the key's digest algorithm. Attributes that do not parse or
   * are bound to another digest: ACTIVATION_DIGEST_MISMATCH, nothing
   * signed. The same refusals, audit and transaction as `signDigests`.
   */
  signSignedAttributes(
    key: KeyRef,
    signedAttributes: readonly Uint8Array[],
    activation: ActivationRef,
  ): Promise<Uint8Array[]>;
  /**
   * Whole documents over authorised document digests (CSC signDoc with
   * XAdES or PAdES): the activation must authorise exactly `authorised`, in
   * order, as `signDigests` requires; the key signs `derived` in their
   * places — the data-to-be-signed the signing service computed from the
   * documents it hashed to those digests. The same refusals, audit and
   * transaction as `signDigests`.
   */
  signDerivedDigests(
    key: KeyRef,
    authorised: readonly Uint8Array[],
    derived: readonly Uint8Array[],
    activation: ActivationRef,
  ): Promise<Uint8Array[]>;
  /**
   * The only way a key decrypts: the private-key step of each input, in
   * order, under a `decrypt` activation naming exactly their digests
   * (`decryptionInputDigest`), used up in the same transaction as a user
   * key's `key.decrypt` audit record; the same refusals as `signDigests`,
   * and ACTIVATION_PURPOSE_MISMATCH for an activation to sign. An input the
   * key cannot process (another key type, a malformed peer key, a
   * ciphertext that does not decrypt) is KEY_DECRYPTION_FAILED, and uses
   * the activation up. It runs a transaction of its own: on PGlite never
   * call it inside another. `keyStoreRecipientKey` makes a pki
   * RecipientKey of it.
   */
  decrypt(key: KeyRef, inputs: readonly DecryptionInput[], activation: ActivationRef): Promise<Uint8Array[]>;
  /**
   * This process's standing activation of a CA or service key: made on first
   * use and again hours before it ends, and held with the key opened, so
   * signing under it costs no database round trip. KEY_PIN_REQUIRED for a
   * user key.
   */
  serviceActivation(key: KeyRef): Promise<Activation>;
  /**
   * A pki Signer for a CA or service key under its standing activation.
   * The software store's signs whole messages natively (the key is open in
   * this process); otherwise `sign` hashes here and calls `signDigests`.
   * User keys have no standing activation: KEY_PIN_REQUIRED.
   */
  serviceSigner(key: KeyRef): Promise<Signer>;
  /** The holder replaces the PIN (e.g. the operator's temporary one); the old PIN counts like any other attempt. */
  changePin(key: KeyRef, oldPin: string, newPin: string, recording?: KeyChangeRecording): Promise<void>;
  /**
   * An operator sets a new PIN without knowing the old one. Refused for
   * every key (KEY_PIN_RESET_IMPOSSIBLE for PIN-protected keys): the PIN is
   * the holder's sole control, so a forgotten PIN means a new key.
   */
  resetPin(key: KeyRef, newPin: string): Promise<never>;
  /** An operator clears the failed-attempt counter of a locked key. */
  unlock(key: KeyRef, recording?: KeyChangeRecording): Promise<void>;
  /** Destroys the private key for good; the row stays (public key, dates) for the audit trail. */
  destroy(key: KeyRef): Promise<void>;
  /**
   * Seals another service's secret (a device's channel key, a TOTP secret)
   * under the master key, for `purpose` and bound to `id`: at rest in the
   * database it is useless without the master key. Only a store with a
   * master key (the software store) seals; KEY_STORE_UNAVAILABLE otherwise.
   */
  sealSecret(purpose: string, id: string, secret: Uint8Array): Uint8Array;
  /** The secret `sealSecret` sealed for `purpose` and `id`; KEY_SEAL_INVALID if altered, moved or under another master key. */
  openSecret(purpose: string, id: string, sealed: Uint8Array): Uint8Array;
  close(): Promise<void>;
}

export type KeyStoreErrorCode = Extract<
  DomainErrorCode,
  | 'KEY_NOT_FOUND'
  | 'KEY_DESTROYED'
  | 'KEY_PIN_REQUIRED'
  | 'KEY_PIN_WRONG'
  | 'KEY_PIN_INVALID'
  | 'KEY_PIN_NOT_APPLICABLE'
  | 'KEY_PIN_RESET_IMPOSSIBLE'
  | 'KEY_LOCKED'
  | 'KEY_ALGORITHM_UNSUPPORTED'
  | 'KEY_MASTER_KEY_INVALID'
  | 'KEY_MASTER_KEY_MISMATCH'
  | 'KEY_SEAL_INVALID'
  | 'KEY_STORE_FAILED'
  | 'KEY_STORE_UNAVAILABLE'
  | 'DEVICE_APPROVAL_REQUIRED'
  | 'ACTIVATION_INVALID'
  | 'ACTIVATION_NOT_FOUND'
  | 'ACTIVATION_KEY_MISMATCH'
  | 'ACTIVATION_DIGEST_MISMATCH'
  | 'ACTIVATION_PURPOSE_MISMATCH'
  | 'KEY_DECRYPTION_FAILED'
  | 'ACTIVATION_USED'
  | 'ACTIVATION_EXPIRED'
>;

/**
 * A key store failure with a stable code. Messages and details never carry
 * a PIN or key material; KEY_PIN_WRONG carries `remainingAttempts`.
 */
export class KeyStoreError extends DomainError {
  override readonly name = 'KeyStoreError';
  declare readonly code: KeyStoreErrorCode;
  // Not useless: it narrows the codes a key store may raise to its own.
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor
  constructor(code: KeyStoreErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

/** Smallest and largest PIN accepted when one is set or changed. */
export const PIN_LENGTH = { min: 6, max: 128 } as const;

export function checkNewPin(pin: string): void {
  if (pin.length < PIN_LENGTH.min || pin.length > PIN_LENGTH.max) {
    throw new KeyStoreError(
      'KEY_PIN_INVALID',
      `a key PIN must be ${PIN_LENGTH.min}..${PIN_LENGTH.max} characters long`,
    );
  }
}
