import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  PkiError,
  generateSoftwareKey,
  importSoftwareKey,
  toDer,
  type KeySpec,
  type Signer,
} from '@podpis/pki';
import type { Db, Queryable } from '../db/db.js';
import {
  KeyStoreError,
  checkNewPin,
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
import {
  derivePinKey,
  masterKeyId,
  newScryptParams,
  open,
  seal,
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

/**
 * The embedded key store. Each key's PKCS#8 is sealed with AES-256-GCM
 * under its own random data key; the data key is wrapped under a key from
 * the master key and, for user keys, the user's PIN (scrypt). The database
 * alone, or the database and the master key, open nothing of a user's key.
 */
export class SoftwareKeyStore implements KeyStore {
  readonly backend = 'software';
  readonly label = 'server (software)';
  readonly #db: Db;
  readonly #masterKey: Uint8Array;
  readonly #masterKeyId: string;
  readonly #maxPinAttempts: number;
  readonly #logger: Logger | undefined;

  constructor(options: SoftwareKeyStoreOptions) {
    if (options.masterKey.length !== 32) {
      throw new KeyStoreError('KEY_MASTER_KEY_INVALID', 'the master key must be 32 bytes');
    }
    this.#db = options.db;
    this.#masterKey = options.masterKey;
    this.#masterKeyId = masterKeyId(options.masterKey);
    this.#maxPinAttempts = options.maxPinAttempts ?? 5;
    this.#logger = options.logger;
  }

  /** Every algorithm @podpis/pki generates (GOST, RSA, ECDSA, Ed25519). */
  supports(_spec: KeySpec): boolean {
    return true;
  }

  stores(): readonly KeyStore[] {
    return [this];
  }

  async generate(spec: KeySpec, policy: KeyPolicy): Promise<KeyHandle> {
    if (policy.pin !== undefined) checkNewPin(policy.pin);
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
      protection: policy.pin === undefined ? 'none' : 'pin',
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

  async signer(key: KeyRef, pin?: string): Promise<Signer> {
    if (pin === undefined) {
      const record = await findKey(this.#db, 'software', key);
      if (record.protection === 'pin')
        throw new KeyStoreError('KEY_PIN_REQUIRED', `key ${key.id} needs its PIN`);
      const dataKey = this.#openDataKey(record, await this.#wrappingKey(record.id, undefined, undefined));
      if (!dataKey)
        throw new KeyStoreError('KEY_SEAL_INVALID', `the sealed data key of key ${key.id} does not open`);
      return this.#openSigner(record, dataKey);
    }
    const opened = await this.#withPin(key, pin, async (record, dataKey) => ({ record, dataKey }));
    return this.#openSigner(opened.record, opened.dataKey);
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
    this.#logger?.info({ keyId: key.id }, 'key destroyed');
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

  async #openSigner(record: KeyRecord, dataKey: Buffer): Promise<Signer> {
    const pkcs8 = record.sealed && open(dataKey, record.sealed, aad(record.id, 'pkcs8'));
    dataKey.fill(0);
    if (!pkcs8)
      throw new KeyStoreError('KEY_SEAL_INVALID', `the sealed private key of key ${record.id} does not open`);
    const spec = record.algorithm;
    try {
      return await importSoftwareKey(
        pkcs8,
        spec.type === 'rsa' && spec.scheme ? { rsaScheme: spec.scheme } : {},
      );
    } finally {
      pkcs8.fill(0);
    }
  }
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
