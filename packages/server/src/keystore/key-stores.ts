import { keyStoreMetrics, signingMetrics } from '../core/metrics.js';
import type { KeySpec, Signer } from '@podpis/pki';
import type { Db } from '../db/db.js';
import {
  KeyStoreError,
  type Activation,
  type ActivationRef,
  type ActivationRequest,
  type DecryptionInput,
  type KeyBackend,
  type KeyChangeRecording,
  type KeyHandle,
  type KeyPolicy,
  type KeyRef,
  type KeyState,
  type KeyStore,
} from './key-store.js';
import { findKey, isUuid, keyState, toHandle } from './records.js';

const MAX_REMEMBERED_BACKENDS = 10_000;

/**
 * The server's key stores behind one `KeyStore`: new keys go to the primary
 * (software) store unless a caller picks another from `stores()`; every
 * operation on an existing key goes to the store its row names, so CA keys,
 * users' software keys and keys on a PKCS#11 token are used alike.
 */
/** Counts a key-store operation by its outcome (a wrong PIN counts as failed). */
async function counted<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    const result = await run();
    keyStoreMetrics.operations.inc({ operation, outcome: 'done' });
    return result;
  } catch (error) {
    keyStoreMetrics.operations.inc({ operation, outcome: 'failed' });
    throw error;
  }
}

/** Counts the signatures made with users' keys. */
function signatures(made: Uint8Array[]): Uint8Array[] {
  signingMetrics.signatures.inc(made.length);
  return made;
}

export class KeyStores implements KeyStore {
  readonly #db: Db;
  readonly #primary: KeyStore;
  readonly #all: readonly KeyStore[];
  /** Which store holds a key never changes: remembered, so a signature under a held activation asks the database nothing. */
  readonly #backends = new Map<string, KeyBackend>();

  constructor(db: Db, primary: KeyStore, others: readonly KeyStore[] = []) {
    this.#db = db;
    this.#primary = primary;
    this.#all = [primary, ...others];
  }

  /**
   * The stores of `all` with `target` (one of them) taking the new keys:
   * an operator's choice of store for a user's key, while CA keys are
   * still found wherever they are. A view for one operation: its user
   * does not close it (closing would close the server's stores).
   */
  static generatingIn(db: Db, all: KeyStore, target: KeyStore): KeyStores {
    return new KeyStores(
      db,
      target,
      all.stores().filter((store) => store !== target),
    );
  }

  get backend(): KeyBackend {
    return this.#primary.backend;
  }

  get label(): string {
    return this.#primary.label;
  }

  supports(spec: KeySpec): boolean {
    return this.#primary.supports(spec);
  }

  stores(): readonly KeyStore[] {
    return this.#all;
  }

  generate(spec: KeySpec, policy: KeyPolicy): Promise<KeyHandle> {
    return this.#primary.generate(spec, policy);
  }

  /** Read from the key's row, so a key stays describable while its store is not open. */
  async get(key: KeyRef): Promise<KeyHandle> {
    return toHandle(await findKey(this.#db, await this.#backendOf(key), key));
  }

  async publicKey(key: KeyRef): Promise<Uint8Array> {
    return (await this.get(key)).publicKeyInfo;
  }

  /** From the key's store; from its row alone (no attempts count) while that store is not open. */
  async state(key: KeyRef): Promise<KeyState> {
    const backend = await this.#backendOf(key);
    const store = this.#all.find((s) => s.backend === backend);
    return store ? store.state(key) : keyState(await findKey(this.#db, backend, key), undefined);
  }

  async activate(key: KeyRef, request: ActivationRequest): Promise<Activation> {
    return counted('activate', async () => (await this.#storeOf(key)).activate(key, request));
  }

  async signDigests(
    key: KeyRef,
    digests: readonly Uint8Array[],
    activation: ActivationRef,
  ): Promise<Uint8Array[]> {
    return counted('signDigests', async () =>
      signatures(await (await this.#storeOf(key)).signDigests(key, digests, activation)),
    );
  }

  async signSignedAttributes(
    key: KeyRef,
    signedAttributes: readonly Uint8Array[],
    activation: ActivationRef,
  ): Promise<Uint8Array[]> {
    return counted('signSignedAttributes', async () =>
      signatures(await (await this.#storeOf(key)).signSignedAttributes(key, signedAttributes, activation)),
    );
  }

  async signDerivedDigests(
    key: KeyRef,
    authorised: readonly Uint8Array[],
    derived: readonly Uint8Array[],
    activation: ActivationRef,
  ): Promise<Uint8Array[]> {
    return counted('signDerivedDigests', async () =>
      signatures(await (await this.#storeOf(key)).signDerivedDigests(key, authorised, derived, activation)),
    );
  }

  async decrypt(
    key: KeyRef,
    inputs: readonly DecryptionInput[],
    activation: ActivationRef,
  ): Promise<Uint8Array[]> {
    return counted('decrypt', async () => (await this.#storeOf(key)).decrypt(key, inputs, activation));
  }

  async serviceActivation(key: KeyRef): Promise<Activation> {
    return (await this.#storeOf(key)).serviceActivation(key);
  }

  async serviceSigner(key: KeyRef): Promise<Signer> {
    return (await this.#storeOf(key)).serviceSigner(key);
  }

  async changePin(
    key: KeyRef,
    oldPin: string,
    newPin: string,
    recording?: KeyChangeRecording,
  ): Promise<void> {
    await (await this.#storeOf(key)).changePin(key, oldPin, newPin, recording);
  }

  async resetPin(key: KeyRef, newPin: string): Promise<never> {
    return (await this.#storeOf(key)).resetPin(key, newPin);
  }

  async unlock(key: KeyRef, recording?: KeyChangeRecording): Promise<void> {
    await (await this.#storeOf(key)).unlock(key, recording);
  }

  async destroy(key: KeyRef): Promise<void> {
    await (await this.#storeOf(key)).destroy(key);
  }

  sealSecret(purpose: string, id: string, secret: Uint8Array): Uint8Array {
    return this.#sealing().sealSecret(purpose, id, secret);
  }

  openSecret(purpose: string, id: string, sealed: Uint8Array): Uint8Array {
    return this.#sealing().openSecret(purpose, id, sealed);
  }

  /** Secrets are sealed by the software store, which every installation has, whichever store takes new keys. */
  #sealing(): KeyStore {
    return this.#all.find((store) => store.backend === 'software') ?? this.#primary;
  }

  /** Closes every store, even when one fails to, and reports the first failure. */
  async close(): Promise<void> {
    const results = await Promise.allSettled(this.#all.map((store) => store.close()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async #backendOf(key: KeyRef): Promise<KeyBackend> {
    const known = this.#backends.get(key.id);
    if (known) return known;
    const notFound = (): KeyStoreError =>
      new KeyStoreError('KEY_NOT_FOUND', `no key ${key.id} in the key store`);
    if (!isUuid(key.id)) throw notFound();
    const { rows } = await this.#db.query<{ backend: KeyBackend }>(
      'SELECT backend FROM stored_keys WHERE id = $1',
      [key.id],
    );
    const backend = rows[0]?.backend;
    if (backend === undefined) throw notFound();
    if (this.#backends.size >= MAX_REMEMBERED_BACKENDS) this.#backends.clear();
    this.#backends.set(key.id, backend);
    return backend;
  }

  async #storeOf(key: KeyRef): Promise<KeyStore> {
    const backend = await this.#backendOf(key);
    const store = this.#all.find((s) => s.backend === backend);
    if (!store) {
      throw new KeyStoreError(
        'KEY_STORE_FAILED',
        `key ${key.id} is held by the ${backend} key store, which this server has not opened (see PODPIS_PKCS11_MODULE)`,
      );
    }
    return store;
  }
}
