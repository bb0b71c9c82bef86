import { randomBytes, randomUUID } from 'node:crypto';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import type { Logger } from 'pino';
import {
  PkiError,
  generateSoftwareKey,
  importRecipientKey,
  importSoftwareKey,
  parseDer,
  toDer,
  type KeySpec,
  type RecipientKey,
  type Signer,
} from '@podpis/pki';
import type { Db, Queryable } from '../db/db.js';
import {
  HeldActivations,
  StandingActivations,
  decryptUnderActivation,
  insertActivation,
  newActivation,
  planActivation,
  signAttributesUnderActivation,
  signDerivedUnderActivation,
  signUnderActivation,
  type ActivationRecord,
  type ActivationSigning,
  type DigestSigner,
  type InputDecryptor,
  type OpenedKey,
} from './activations.js';
import {
  KeyStoreError,
  checkNewPin,
  type Activation,
  type ActivationRef,
  type ActivationRequest,
  type DecryptionInput,
  type KeyChangeRecording,
  type KeyHandle,
  type KeyPolicy,
  type KeyRef,
  type KeyState,
  type KeyStore,
} from './key-store.js';
import {
  findKey,
  insertKey,
  keyState,
  logPinRefusal,
  markDestroyed,
  refusePinReset,
  toHandle,
  unlockKey,
  updateWrap,
  withPinAttempt,
  type KeyRecord,
} from './records.js';
import { nativeMessageSigner } from './native-message-signer.js';
import { POOLED_BATCH_MIN, signingPool } from './signing-pool.js';
import { keyStoreSigner } from './signer.js';
import {
  activationKey,
  derivePinKey,
  masterKeyId,
  newScryptParams,
  open,
  seal,
  secretKey,
  wrappingKey,
  type ScryptParams,
} from './seal.js';

export interface SoftwareKeyStoreOptions {
  db: Db;
  /** 32 bytes, from `loadMasterKey`. */
  masterKey: Uint8Array;
  /** Consecutive wrong PINs before a key locks; default 5. */
  maxPinAttempts?: number;
  logger?: Logger;
  /** The clock activations are made and checked by; the system's by default. */
  now?: () => Date;
}

/** What `stored_keys.wrap` holds for a software key. */
interface SoftwareWrap {
  v: 1;
  /** Fingerprint of the master key the data key was wrapped under. */
  masterKeyId: string;
  /** For PIN-protected keys: how the PIN key was derived. */
  kdf?: ScryptParams;
}

const aad = (id: string, part: 'pkcs8' | 'data-key'): string => `podpis/key-store/v1/${part}/${id}`;
const activationAad = (keyId: string, activationId: string): string =>
  `podpis/key-store/v1/activation/${keyId}/${activationId}`;

/**
 * The embedded key store. Each key's PKCS#8 is sealed with AES-256-GCM
 * under its own random data key; the data key is wrapped under a key from
 * the master key and, for user keys, the user's PIN (scrypt). The database
 * alone, or the database and the master key, open nothing of a user's key.
 *
 * How a user's PIN reaches the key without being kept, on any node: the
 * PIN is used once, by `activate`, while its holder confirms — it unwraps
 * the data key, which is sealed again under a key from the master key and
 * the activation's random secret, stored with the activation, and the PIN
 * is forgotten. `signDigests` opens the data key with the secret the
 * caller presents and erases the sealed copy as it uses the activation up.
 * The secret lives only with the caller (in the request's memory, or in
 * the client's hands as a SAD), so no node keeps anything of the
 * activation in memory and any node can sign with it; what the database
 * holds opens nothing without that secret, just as the key's own wrap
 * opens nothing without the PIN. Carrying the PIN itself to `signDigests`
 * was the other way: it would pay scrypt twice per signature and keep the
 * PIN in memory, or in a client's hands, until the signature is made.
 */
export class SoftwareKeyStore implements KeyStore {
  readonly backend = 'software';
  readonly label = 'server (software)';
  readonly #db: Db;
  readonly #masterKey: Uint8Array;
  readonly #masterKeyId: string;
  readonly #maxPinAttempts: number;
  readonly #logger: Logger | undefined;
  readonly #now: () => Date;
  readonly #signing: ActivationSigning;
  readonly #standing: StandingActivations;

  constructor(options: SoftwareKeyStoreOptions) {
    if (options.masterKey.length !== 32) {
      throw new KeyStoreError('KEY_MASTER_KEY_INVALID', 'the master key must be 32 bytes');
    }
    this.#db = options.db;
    this.#masterKey = options.masterKey;
    this.#masterKeyId = masterKeyId(options.masterKey);
    this.#maxPinAttempts = options.maxPinAttempts ?? 5;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
    this.#signing = {
      db: this.#db,
      backend: 'software',
      held: new HeldActivations(),
      now: this.#now,
      open: (record, activation, secret) => this.#openForActivation(record, activation, secret),
      openForDecryption: (record, activation, secret) => this.#openForDecryption(record, activation, secret),
    };
    this.#standing = new StandingActivations(this.#signing, (key, request) => this.activate(key, request));
  }

  /**
   * GOST, RSA and ECDSA: every algorithm @podpis/pki generates that can
   * sign a digest — Ed25519 (PureEdDSA) signs whole messages, and a key in
   * this store signs only digests.
   */
  supports(spec: KeySpec): boolean {
    return spec.type !== 'ed25519';
  }

  stores(): readonly KeyStore[] {
    return [this];
  }

  async generate(spec: KeySpec, policy: KeyPolicy): Promise<KeyHandle> {
    if (policy.pin !== undefined) checkNewPin(policy.pin);
    if (!this.supports(spec)) {
      throw new KeyStoreError(
        'KEY_ALGORITHM_UNSUPPORTED',
        `${describeSpec(spec)} keys sign whole messages; this store signs digests only`,
      );
    }
    let generated;
    try {
      generated = await generateSoftwareKey(spec);
    } catch (error) {
      if (error instanceof PkiError || error instanceof DOMException) {
        throw new KeyStoreError(
          'KEY_ALGORITHM_UNSUPPORTED',
          `cannot generate a ${describeSpec(spec)} key: ${error.message}`,
        );
      }
      throw error;
    }
    const id = randomUUID();
    const dataKey = randomBytes(32);
    const kdf = policy.pin === undefined ? undefined : newScryptParams();
    const wrapKey = await this.#wrappingKey(id, policy.pin, kdf);
    const wrap: SoftwareWrap = { v: 1, masterKeyId: this.#masterKeyId, ...(kdf ? { kdf } : {}) };
    const record = await insertKey(this.#db, {
      id,
      backend: 'software',
      label: policy.label,
      owner: policy.owner,
      algorithm: spec,
      protection: policy.pin === undefined ? (policy.protection ?? 'none') : 'pin',
      publicKeyInfo: toDer(generated.signer.publicKeyInfo),
      sealed: seal(dataKey, generated.pkcs8, aad(id, 'pkcs8')),
      wrappedKey: seal(wrapKey, dataKey, aad(id, 'data-key')),
      wrap: { ...wrap },
    });
    generated.pkcs8.fill(0);
    dataKey.fill(0);
    wrapKey.fill(0);
    this.#logger?.info(
      { keyId: id, owner: policy.owner, algorithm: spec.type, protection: record.protection },
      'key generated',
    );
    return toHandle(record);
  }

  async get(key: KeyRef): Promise<KeyHandle> {
    return toHandle(await findKey(this.#db, 'software', key));
  }

  async publicKey(key: KeyRef): Promise<Uint8Array> {
    return (await this.get(key)).publicKeyInfo;
  }

  async activate(key: KeyRef, request: ActivationRequest): Promise<Activation> {
    const plan = planActivation(await findKey(this.#db, 'software', key), request, this.#now());
    const activation = newActivation();
    if (!('pin' in request.confirmation)) return insertActivation(this.#db, plan, activation);
    return this.#withPin(key, request.confirmation.pin, async (record, dataKey, tx) => {
      const sealingKey = activationKey(this.#masterKey, activation.id, activation.secret);
      const sealedKey = seal(sealingKey, dataKey, activationAad(record.id, activation.id));
      sealingKey.fill(0);
      dataKey.fill(0);
      return insertActivation(tx, plan, activation, sealedKey);
    });
  }

  signDigests(key: KeyRef, digests: readonly Uint8Array[], activation: ActivationRef): Promise<Uint8Array[]> {
    return signUnderActivation(this.#signing, key, digests, activation);
  }

  signSignedAttributes(
    key: KeyRef,
    signedAttributes: readonly Uint8Array[],
    activation: ActivationRef,
  ): Promise<Uint8Array[]> {
    return signAttributesUnderActivation(this.#signing, key, signedAttributes, activation);
  }

  signDerivedDigests(
    key: KeyRef,
    authorised: readonly Uint8Array[],
    derived: readonly Uint8Array[],
    activation: ActivationRef,
  ): Promise<Uint8Array[]> {
    return signDerivedUnderActivation(this.#signing, key, authorised, derived, activation);
  }

  decrypt(key: KeyRef, inputs: readonly DecryptionInput[], activation: ActivationRef): Promise<Uint8Array[]> {
    return decryptUnderActivation(this.#signing, key, inputs, activation);
  }

  serviceActivation(key: KeyRef): Promise<Activation> {
    return this.#standing.for(key);
  }

  async serviceSigner(key: KeyRef): Promise<Signer> {
    const signer = await keyStoreSigner(this, key, await this.#standing.for(key));
    const signMessage = await this.#standing.messageSigner(key, (message) => signer.sign(message));
    return signMessage ? { ...signer, sign: signMessage } : signer;
  }

  async state(key: KeyRef): Promise<KeyState> {
    return keyState(await findKey(this.#db, 'software', key), this.#maxPinAttempts);
  }

  async changePin(
    key: KeyRef,
    oldPin: string,
    newPin: string,
    recording: KeyChangeRecording = {},
  ): Promise<void> {
    checkNewPin(newPin);
    await this.#withPin(
      key,
      oldPin,
      async (record, dataKey, tx) => {
        const kdf = newScryptParams();
        const wrapKey = await this.#wrappingKey(record.id, newPin, kdf);
        const wrap: SoftwareWrap = { v: 1, masterKeyId: this.#masterKeyId, kdf };
        await updateWrap(tx, record.id, { ...wrap }, seal(wrapKey, dataKey, aad(record.id, 'data-key')));
        dataKey.fill(0);
        wrapKey.fill(0);
        await recording.changed?.(tx);
        return true;
      },
      recording,
    );
    this.#logger?.info({ keyId: key.id }, 'key PIN changed');
  }

  resetPin(key: KeyRef, _newPin: string): Promise<never> {
    return refusePinReset(
      this.#db,
      'software',
      key,
      "the key is sealed under its holder's PIN, which the server does not know",
    );
  }

  async unlock(key: KeyRef, recording: KeyChangeRecording = {}): Promise<void> {
    await unlockKey(this.#db, 'software', key, recording);
    this.#logger?.info({ keyId: key.id }, 'key unlocked');
  }

  async destroy(key: KeyRef): Promise<void> {
    await markDestroyed(this.#db, 'software', key);
    this.#signing.held.forgetKey(key);
    this.#standing.forgetKey(key);
    this.#logger?.info({ keyId: key.id }, 'key destroyed');
  }

  sealSecret(purpose: string, id: string, secret: Uint8Array): Uint8Array {
    const key = secretKey(this.#masterKey, purpose);
    try {
      return new Uint8Array(seal(key, secret, id));
    } finally {
      key.fill(0);
    }
  }

  openSecret(purpose: string, id: string, sealed: Uint8Array): Uint8Array {
    const key = secretKey(this.#masterKey, purpose);
    try {
      const secret = open(key, sealed, id);
      if (!secret)
        throw new KeyStoreError('KEY_SEAL_INVALID', `the sealed ${purpose} secret of ${id} does not open`);
      return new Uint8Array(secret);
    } finally {
      key.fill(0);
    }
  }

  async close(): Promise<void> {
    // The store holds no resources of its own; the database is closed by its owner.
  }

  async #wrappingKey(id: string, pin: string | undefined, kdf: ScryptParams | undefined): Promise<Buffer> {
    if (pin === undefined || kdf === undefined) return wrappingKey(this.#masterKey, id);
    const pinKey = await derivePinKey(pin, kdf);
    const key = wrappingKey(this.#masterKey, id, pinKey);
    pinKey.fill(0);
    return key;
  }

  #checkMasterKey(record: KeyRecord): void {
    const wrap = record.wrap as unknown as SoftwareWrap;
    if (wrap.masterKeyId !== this.#masterKeyId) {
      throw new KeyStoreError(
        'KEY_MASTER_KEY_MISMATCH',
        `key ${record.id} was sealed under master key ${wrap.masterKeyId}, this server has ${this.#masterKeyId}`,
      );
    }
  }

  #openDataKey(record: KeyRecord, wrapKey: Buffer): Buffer | undefined {
    this.#checkMasterKey(record);
    const dataKey = record.wrappedKey && open(wrapKey, record.wrappedKey, aad(record.id, 'data-key'));
    wrapKey.fill(0);
    return dataKey;
  }

  /** Runs `use` with the key's data key once its PIN is proven; wrong PINs are counted. */
  async #withPin<T>(
    key: KeyRef,
    pin: string,
    use: (record: KeyRecord, dataKey: Buffer, tx: Queryable) => Promise<T>,
    recording: KeyChangeRecording = {},
  ): Promise<T> {
    try {
      return await withPinAttempt(
        this.#db,
        'software',
        key,
        this.#maxPinAttempts,
        async (record, tx) => {
          this.#checkMasterKey(record);
          const kdf = (record.wrap as unknown as SoftwareWrap).kdf;
          const dataKey = this.#openDataKey(record, await this.#wrappingKey(record.id, pin, kdf));
          return dataKey && (await use(record, dataKey, tx));
        },
        recording,
      );
    } catch (error) {
      logPinRefusal(this.#logger, key, error);
      throw error;
    }
  }

  /**
   * The key opened for one activation: a user key's data key from the copy
   * sealed under the activation's secret, any other key's from its wrap
   * under the master key.
   */
  async #openForActivation(
    record: KeyRecord,
    activation: ActivationRecord,
    secret: Buffer,
  ): Promise<OpenedKey> {
    const dataKey = await this.#activationDataKey(record, activation, secret);
    if (activation.kind === 'digests') {
      // Used once: a big batch goes to the signing threads, and the key is erased after either way.
      const pkcs8 = this.#openPkcs8(record, dataKey);
      const options = importOptions(record.algorithm);
      return async (digests) => {
        try {
          if (digests.length >= POOLED_BATCH_MIN) return await signingPool().sign(pkcs8, options, digests);
          return await signEach(await importSoftwareKey(pkcs8, options), digests);
        } finally {
          pkcs8.fill(0);
        }
      };
    }
    const pkcs8 = this.#openPkcs8(record, dataKey);
    try {
      const signer = await importSoftwareKey(pkcs8, importOptions(record.algorithm));
      const signDigests: DigestSigner = (digests) => signEach(signer, digests);
      // A standing service activation signs every certificate and OCSP response: Node's own signing is faster there.
      const native = activation.kind === 'service' ? nativeMessageSigner(record.algorithm, pkcs8) : undefined;
      return Object.assign(signDigests, {
        signMessage: native ?? ((message: Uint8Array) => signer.sign(message)),
      });
    } finally {
      pkcs8.fill(0);
    }
  }

  /**
   * The key opened to decrypt under one activation, as @podpis/pki's
   * RecipientKey of its PKCS#8 (RSA-OAEP, ECDH P-256/P-384, GOST VKO); the
   * PKCS#8 is erased once the inputs are processed.
   */
  async #openForDecryption(
    record: KeyRecord,
    activation: ActivationRecord,
    secret: Buffer,
  ): Promise<InputDecryptor> {
    const dataKey = await this.#activationDataKey(record, activation, secret);
    return async (inputs) => {
      const pkcs8 = this.#openPkcs8(record, dataKey);
      try {
        const key = await importRecipientKey(pkcs8);
        const outputs: Uint8Array[] = [];
        for (const input of inputs) outputs.push(await performInput(key, input));
        return outputs;
      } finally {
        pkcs8.fill(0);
      }
    };
  }

  /** A user key's data key from the copy sealed under the activation's secret, any other key's from its wrap. */
  async #activationDataKey(record: KeyRecord, activation: ActivationRecord, secret: Buffer): Promise<Buffer> {
    let dataKey: Buffer | undefined;
    if (record.protection === 'pin') {
      this.#checkMasterKey(record);
      const sealingKey = activationKey(this.#masterKey, activation.id, secret);
      dataKey =
        activation.sealedKey &&
        open(sealingKey, activation.sealedKey, activationAad(record.id, activation.id));
      sealingKey.fill(0);
    } else {
      dataKey = this.#openDataKey(record, await this.#wrappingKey(record.id, undefined, undefined));
    }
    if (!dataKey) {
      throw new KeyStoreError('KEY_SEAL_INVALID', `the sealed data key of key ${record.id} does not open`);
    }
    return dataKey;
  }

  /** The key's PKCS#8, opened with its data key, which is erased. */
  #openPkcs8(record: KeyRecord, dataKey: Buffer): Buffer {
    const pkcs8 = record.sealed && open(dataKey, record.sealed, aad(record.id, 'pkcs8'));
    dataKey.fill(0);
    if (!pkcs8)
      throw new KeyStoreError('KEY_SEAL_INVALID', `the sealed private key of key ${record.id} does not open`);
    return pkcs8;
  }
}

function importOptions(spec: KeySpec): { rsaScheme?: 'pkcs1' | 'pss' } {
  return spec.type === 'rsa' && spec.scheme ? { rsaScheme: spec.scheme } : {};
}

async function signEach(signer: Signer, digests: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const signatures: Uint8Array[] = [];
  for (const digest of digests) signatures.push(await signer.signDigest(digest));
  return signatures;
}

/** One decryption input through a pki RecipientKey; a key of the wrong type for it is KEY_DECRYPTION_FAILED. */
async function performInput(key: RecipientKey, input: DecryptionInput): Promise<Uint8Array> {
  if (input.operation === 'key-transport') {
    if (!key.decryptKeyTransport) throw new KeyStoreError('KEY_DECRYPTION_FAILED', 'not an RSA key');
    return key.decryptKeyTransport(input.encryptedKey, input.hash);
  }
  if (!key.agree) throw new KeyStoreError('KEY_DECRYPTION_FAILED', 'not a key agreement key');
  const peer = parseDer(input.peer, SubjectPublicKeyInfo, 'peer');
  return key.agree(peer, input.ukm);
}

export function describeSpec(spec: KeySpec): string {
  switch (spec.type) {
    case 'gost':
      return `GOST R 34.10-2012 (${spec.paramSet})`;
    case 'rsa':
      return `RSA-${spec.modulusLength}`;
    case 'ecdsa':
      return `ECDSA ${spec.curve}`;
    case 'ed25519':
      return 'Ed25519';
  }
}
