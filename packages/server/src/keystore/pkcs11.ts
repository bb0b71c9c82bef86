import { createPublicKey, randomUUID, timingSafeEqual } from 'node:crypto';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import {
  ecdsaRawToDer,
  OID,
  parseDer,
  rsaDigestInfo,
  type KeySpec,
  type OaepHash,
  type Signer,
} from '@podpis/pki';
import pkcs11js from 'pkcs11js';
import type { Logger } from 'pino';
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
  type ActivationSigning,
  type DigestSigner,
  type InputDecryptor,
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
import { oaepDecode } from './oaep.js';
import { derivePinKey, newScryptParams, type ScryptParams } from './seal.js';
import { keyStoreSigner } from './signer.js';
import { describeSpec } from './software.js';

export interface Pkcs11KeyStoreOptions {
  db: Db;
  /** The PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  module: string;
  /** The label of the token that holds the keys. */
  tokenLabel: string;
  /** The token's user PIN (CKU_USER), from the environment or a file — never from a request. */
  tokenPin: string;
  /** Consecutive wrong key PINs before a key locks; default 5. */
  maxPinAttempts?: number;
  logger?: Logger;
  /** The clock activations are made and checked by; the system's by default. */
  now?: () => Date;
}

/** What `stored_keys.wrap` holds for a PKCS#11 key. */
interface Pkcs11Wrap {
  v: 1;
  /** CKA_ID of the key pair on the token, hex. */
  objectId: string;
  /** For PIN-protected keys: a scrypt verifier of the PIN (the token itself knows only its own PIN). */
  pinVerifier?: { kdf: ScryptParams; hash: string };
}

const EC_CURVES = {
  'P-256': { oid: '06082a8648ce3d030107', width: 32 },
  'P-384': { oid: '06052b81040022', width: 48 },
} as const;

type Pkcs11Spec =
  { type: 'rsa'; modulusLength: 2048 | 3072 | 4096 } | { type: 'ecdsa'; curve: 'P-256' | 'P-384' };

/**
 * The token mechanisms a key type needs: pair generation and the signature
 * of a ready digest (CKM_RSA_PKCS over a DigestInfo made here, CKM_ECDSA).
 * Decryption needs CKM_RSA_PKCS_OAEP or CKM_ECDH1_DERIVE besides, checked
 * when a key decrypts.
 */
const MECHANISMS: Readonly<Record<Pkcs11Spec['type'], readonly number[]>> = {
  rsa: [pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN, pkcs11js.CKM_RSA_PKCS],
  ecdsa: [pkcs11js.CKM_EC_KEY_PAIR_GEN, pkcs11js.CKM_ECDSA],
};

function supported(spec: KeySpec): Pkcs11Spec {
  if (spec.type === 'rsa' && spec.scheme !== 'pss') return { type: 'rsa', modulusLength: spec.modulusLength };
  if (spec.type === 'ecdsa') return spec;
  throw new KeyStoreError(
    'KEY_ALGORITHM_UNSUPPORTED',
    `the PKCS#11 key store makes RSA (PKCS#1 v1.5) and ECDSA keys; ${describeSpec(spec)} keys belong in the software store`,
  );
}

/** OAEP's label is given (empty): PKCS#11's CKZ_DATA_SPECIFIED, which pkcs11js does not export. */
const CKZ_DATA_SPECIFIED = 1;

/** The OAEP hash and its MGF1, as PKCS#11 names them. */
const OAEP_PARAMETERS: Readonly<Record<OaepHash, { hashAlg: number; mgf: number }>> = {
  'SHA-1': { hashAlg: pkcs11js.CKM_SHA_1, mgf: pkcs11js.CKG_MGF1_SHA1 },
  'SHA-256': { hashAlg: pkcs11js.CKM_SHA256, mgf: pkcs11js.CKG_MGF1_SHA256 },
  'SHA-384': { hashAlg: pkcs11js.CKM_SHA384, mgf: pkcs11js.CKG_MGF1_SHA384 },
  'SHA-512': { hashAlg: pkcs11js.CKM_SHA512, mgf: pkcs11js.CKG_MGF1_SHA512 },
};

/** CKA_EC_POINT is the uncompressed point, usually wrapped in a DER OCTET STRING. */
function ecPoint(value: Buffer, width: number): Buffer {
  if (value.length === 2 * width + 1 && value[0] === 0x04) return value;
  const inner = value.subarray(value[1]! & 0x80 ? 2 + (value[1]! & 0x7f) : 2);
  if (value[0] !== 0x04 || inner.length !== 2 * width + 1 || inner[0] !== 0x04) {
    throw new KeyStoreError('KEY_STORE_FAILED', 'the token returned a malformed EC point');
  }
  return inner;
}

const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/**
 * Keys in a PKCS#11 token (a hardware HSM; tested with SoftHSM2). Key pairs
 * are generated on the token as sensitive and non-extractable; the database
 * keeps only the mapping (id → CKA_ID), the public key and the PIN policy.
 * A key PIN here is checked by the server against a scrypt verifier before
 * the token is asked to sign — access control, not a cryptographic binding
 * as in the software store, because the token has one PIN for all its keys.
 */
export class Pkcs11KeyStore implements KeyStore {
  readonly backend = 'pkcs11';
  readonly label: string;
  readonly #db: Db;
  readonly #module: pkcs11js.PKCS11;
  readonly #session: Buffer;
  readonly #mechanisms: ReadonlySet<number>;
  readonly #maxPinAttempts: number;
  readonly #logger: Logger | undefined;
  readonly #signing: ActivationSigning;
  readonly #standing: StandingActivations;
  readonly #now: () => Date;

  private constructor(
    module: pkcs11js.PKCS11,
    session: Buffer,
    mechanisms: ReadonlySet<number>,
    options: Pkcs11KeyStoreOptions,
  ) {
    this.label = options.tokenLabel;
    this.#db = options.db;
    this.#module = module;
    this.#session = session;
    this.#mechanisms = mechanisms;
    this.#maxPinAttempts = options.maxPinAttempts ?? 5;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
    this.#signing = {
      db: this.#db,
      backend: 'pkcs11',
      held: new HeldActivations(),
      now: this.#now,
      open: async (record) => this.#openForSigning(record),
      openForDecryption: async (record) => this.#openForDecryption(record),
    };
    this.#standing = new StandingActivations(this.#signing, (key, request) => this.activate(key, request));
  }

  /** Loads the module, finds the token by label and logs in as its user. */
  static open(options: Pkcs11KeyStoreOptions): Pkcs11KeyStore {
    const module = new pkcs11js.PKCS11();
    try {
      module.load(options.module);
      module.C_Initialize();
    } catch (error) {
      throw new KeyStoreError(
        'KEY_STORE_FAILED',
        `cannot load the PKCS#11 module ${options.module}: ${reason(error)}`,
      );
    }
    try {
      const slot = module
        .C_GetSlotList(true)
        .find((s) => module.C_GetTokenInfo(s).label.trim() === options.tokenLabel);
      if (!slot)
        throw new KeyStoreError(
          'KEY_STORE_FAILED',
          `no PKCS#11 token labelled ${JSON.stringify(options.tokenLabel)}`,
        );
      const session = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
      try {
        module.C_Login(session, pkcs11js.CKU_USER, options.tokenPin);
      } catch (error) {
        // The token PIN is a secret: the message names the failure only.
        throw new KeyStoreError('KEY_STORE_FAILED', `cannot log in to the PKCS#11 token: ${reason(error)}`);
      }
      const mechanisms = new Set(module.C_GetMechanismList(slot));
      return new Pkcs11KeyStore(module, session, mechanisms, options);
    } catch (error) {
      module.C_Finalize();
      module.close();
      throw error;
    }
  }

  /** RSA (PKCS#1 v1.5) and ECDSA, when the token has their mechanisms; never GOST (see `supported`). */
  supports(spec: KeySpec): boolean {
    if (spec.type !== 'rsa' && spec.type !== 'ecdsa') return false;
    if (spec.type === 'rsa' && spec.scheme === 'pss') return false;
    return MECHANISMS[spec.type].every((mechanism) => this.#mechanisms.has(mechanism));
  }

  stores(): readonly KeyStore[] {
    return [this];
  }

  async generate(spec: KeySpec, policy: KeyPolicy): Promise<KeyHandle> {
    const keySpec = supported(spec);
    if (policy.pin !== undefined) checkNewPin(policy.pin);
    const id = randomUUID();
    const objectId = Buffer.from(id.replace(/-/g, ''), 'hex');
    const common = [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_ID, value: objectId },
      { type: pkcs11js.CKA_LABEL, value: policy.label },
    ];
    const privateTemplate = [
      ...common,
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
      { type: pkcs11js.CKA_EXTRACTABLE, value: false },
      { type: pkcs11js.CKA_SIGN, value: true },
      // The certificate's key usage says whether the key may decrypt; the token allows both.
      keySpec.type === 'rsa'
        ? { type: pkcs11js.CKA_DECRYPT, value: true }
        : { type: pkcs11js.CKA_DERIVE, value: true },
    ];
    const publicTemplate: pkcs11js.Template = [...common, { type: pkcs11js.CKA_VERIFY, value: true }];
    let mechanism: number;
    if (keySpec.type === 'rsa') {
      mechanism = pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN;
      publicTemplate.push(
        { type: pkcs11js.CKA_MODULUS_BITS, value: keySpec.modulusLength },
        { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
      );
    } else {
      mechanism = pkcs11js.CKM_EC_KEY_PAIR_GEN;
      publicTemplate.push({
        type: pkcs11js.CKA_EC_PARAMS,
        value: Buffer.from(EC_CURVES[keySpec.curve].oid, 'hex'),
      });
    }
    const pair = this.#call('generate a key pair', () =>
      this.#module.C_GenerateKeyPair(this.#session, { mechanism }, publicTemplate, privateTemplate),
    );
    try {
      const publicKeyInfo = this.#publicKeyInfo(pair.publicKey, keySpec);
      const wrap: Pkcs11Wrap = { v: 1, objectId: objectId.toString('hex') };
      if (policy.pin !== undefined) wrap.pinVerifier = await pinVerifier(policy.pin);
      const record = await insertKey(this.#db, {
        id,
        backend: 'pkcs11',
        label: policy.label,
        owner: policy.owner,
        algorithm: spec,
        protection: policy.pin === undefined ? (policy.protection ?? 'none') : 'pin',
        publicKeyInfo,
        sealed: undefined,
        wrappedKey: undefined,
        wrap: { ...wrap },
      });
      this.#logger?.info(
        { keyId: id, owner: policy.owner, algorithm: spec.type, protection: record.protection },
        'key generated',
      );
      return toHandle(record);
    } catch (error) {
      this.#module.C_DestroyObject(this.#session, pair.privateKey);
      this.#module.C_DestroyObject(this.#session, pair.publicKey);
      throw error;
    }
  }

  async get(key: KeyRef): Promise<KeyHandle> {
    return toHandle(await findKey(this.#db, 'pkcs11', key));
  }

  async publicKey(key: KeyRef): Promise<Uint8Array> {
    return (await this.get(key)).publicKeyInfo;
  }

  /** A user key's PIN is checked against its verifier and counted; nothing of it is kept. */
  async activate(key: KeyRef, request: ActivationRequest): Promise<Activation> {
    const plan = planActivation(await findKey(this.#db, 'pkcs11', key), request, this.#now());
    const activation = newActivation();
    if (!('pin' in request.confirmation)) return insertActivation(this.#db, plan, activation);
    return this.#withPin(key, request.confirmation.pin, async (_record, tx) =>
      insertActivation(tx, plan, activation),
    );
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
    return keyStoreSigner(this, key, await this.#standing.for(key));
  }

  async state(key: KeyRef): Promise<KeyState> {
    return keyState(await findKey(this.#db, 'pkcs11', key), this.#maxPinAttempts);
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
      async (record, tx) => {
        const wrap: Pkcs11Wrap = {
          ...(record.wrap as unknown as Pkcs11Wrap),
          pinVerifier: await pinVerifier(newPin),
        };
        await updateWrap(tx, record.id, { ...wrap }, undefined);
        await recording.changed?.(tx);
        return true;
      },
      recording,
    );
    this.#logger?.info({ keyId: key.id }, 'key PIN changed');
  }

  resetPin(key: KeyRef, _newPin: string): Promise<never> {
    return refusePinReset(this.#db, 'pkcs11', key, "it is its holder's sole control over the key");
  }

  async unlock(key: KeyRef, recording: KeyChangeRecording = {}): Promise<void> {
    await unlockKey(this.#db, 'pkcs11', key, recording);
    this.#logger?.info({ keyId: key.id }, 'key unlocked');
  }

  async destroy(key: KeyRef): Promise<void> {
    const record = await findKey(this.#db, 'pkcs11', key);
    for (const kind of [pkcs11js.CKO_PRIVATE_KEY, pkcs11js.CKO_PUBLIC_KEY]) {
      const object = this.#findObject(record, kind, { optional: true });
      if (object)
        this.#call('destroy a key', () => {
          this.#module.C_DestroyObject(this.#session, object);
        });
    }
    await markDestroyed(this.#db, 'pkcs11', key);
    // Activations held in memory need no forgetting: the token no longer has the key they would sign with.
    this.#standing.forgetKey(key);
    this.#logger?.info({ keyId: key.id }, 'key destroyed');
  }

  sealSecret(): Uint8Array {
    throw new KeyStoreError(
      'KEY_STORE_UNAVAILABLE',
      'a PKCS#11 token seals no secrets: it has no master key',
    );
  }

  openSecret(): Uint8Array {
    throw new KeyStoreError(
      'KEY_STORE_UNAVAILABLE',
      'a PKCS#11 token seals no secrets: it has no master key',
    );
  }

  async close(): Promise<void> {
    try {
      this.#module.C_Logout(this.#session);
      this.#module.C_CloseSession(this.#session);
    } finally {
      this.#module.C_Finalize();
      this.#module.close();
    }
  }

  #call<T>(what: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw new KeyStoreError('KEY_STORE_FAILED', `the PKCS#11 token could not ${what}: ${reason(error)}`);
    }
  }

  /** The token's private key of `record`, signing digests; a destroyed one fails on the token (KEY_STORE_FAILED). */
  #openForSigning(record: KeyRecord): DigestSigner {
    const privateKey = this.#findObject(record, pkcs11js.CKO_PRIVATE_KEY);
    const spec = supported(record.algorithm);
    const signOne =
      spec.type === 'rsa'
        ? (digest: Uint8Array): Uint8Array =>
            new Uint8Array(
              this.#sign(
                privateKey,
                pkcs11js.CKM_RSA_PKCS,
                Buffer.from(rsaDigestInfo(OID.sha256, digest)),
                spec.modulusLength / 8,
              ),
            )
        : (digest: Uint8Array): Uint8Array =>
            ecdsaRawToDer(
              this.#sign(
                privateKey,
                pkcs11js.CKM_ECDSA,
                Buffer.from(digest),
                2 * EC_CURVES[spec.curve].width,
              ),
            );
    return async (digests) => digests.map(signOne);
  }

  /**
   * The token's private key of `record`, decrypting: RSA-OAEP by C_Decrypt,
   * ECDH by C_DeriveKey into a session object that is read and destroyed at
   * once. A token without the mechanism: KEY_ALGORITHM_UNSUPPORTED; an
   * input the token refuses: KEY_DECRYPTION_FAILED.
   */
  #openForDecryption(record: KeyRecord): InputDecryptor {
    const spec = supported(record.algorithm);
    const mechanism = spec.type === 'rsa' ? pkcs11js.CKM_RSA_PKCS_OAEP : pkcs11js.CKM_ECDH1_DERIVE;
    if (!this.#mechanisms.has(mechanism)) {
      throw new KeyStoreError(
        'KEY_ALGORITHM_UNSUPPORTED',
        `the PKCS#11 token ${this.label} cannot ${spec.type === 'rsa' ? 'decrypt RSA-OAEP' : 'derive ECDH secrets'}`,
      );
    }
    const privateKey = this.#findObject(record, pkcs11js.CKO_PRIVATE_KEY);
    const performOne = (input: DecryptionInput): Uint8Array => {
      if (spec.type === 'rsa' && input.operation === 'key-transport') {
        return this.#decryptOaep(privateKey, input.encryptedKey, input.hash, spec.modulusLength / 8);
      }
      if (spec.type === 'ecdsa' && input.operation === 'key-agreement') {
        return this.#deriveEcdh(privateKey, input.peer, EC_CURVES[spec.curve].width);
      }
      throw new KeyStoreError(
        'KEY_DECRYPTION_FAILED',
        `a ${describeSpec(record.algorithm)} key cannot do ${input.operation}`,
      );
    };
    return async (inputs) => inputs.map(performOne);
  }

  /**
   * RSA-OAEP by the token's CKM_RSA_PKCS_OAEP. A token that refuses the
   * hash (SoftHSM2 2.6 takes SHA-1 only) decrypts with CKM_RSA_X_509, when
   * it has it, and the OAEP padding is removed here (`oaepDecode`).
   */
  #decryptOaep(privateKey: Buffer, encryptedKey: Uint8Array, hash: OaepHash, size: number): Uint8Array {
    const parameter: pkcs11js.RsaOAEP = {
      type: pkcs11js.CK_PARAMS_RSA_OAEP,
      ...OAEP_PARAMETERS[hash],
      source: CKZ_DATA_SPECIFIED,
    };
    let raw = false;
    try {
      this.#module.C_DecryptInit(
        this.#session,
        { mechanism: pkcs11js.CKM_RSA_PKCS_OAEP, parameter },
        privateKey,
      );
    } catch (error) {
      if (!this.#mechanisms.has(pkcs11js.CKM_RSA_X_509)) {
        throw new KeyStoreError(
          'KEY_ALGORITHM_UNSUPPORTED',
          `the PKCS#11 token ${this.label} cannot decrypt RSA-OAEP with ${hash}: ${reason(error)}`,
        );
      }
      this.#call('decrypt', () => {
        this.#module.C_DecryptInit(this.#session, { mechanism: pkcs11js.CKM_RSA_X_509 }, privateKey);
      });
      raw = true;
    }
    const decrypted = this.#refusable('decrypt', () =>
      this.#module.C_Decrypt(this.#session, Buffer.from(encryptedKey), Buffer.alloc(size)),
    );
    if (!raw) return new Uint8Array(decrypted);
    const block = Buffer.concat([Buffer.alloc(size - decrypted.length), decrypted]);
    const message = oaepDecode(block, hash);
    block.fill(0);
    decrypted.fill(0);
    if (!message) throw new KeyStoreError('KEY_DECRYPTION_FAILED', 'the RSA-OAEP padding does not decode');
    return message;
  }

  #deriveEcdh(privateKey: Buffer, peer: Uint8Array, width: number): Uint8Array {
    let point: Buffer;
    try {
      point = Buffer.from(parseDer(peer, SubjectPublicKeyInfo, 'peer').subjectPublicKey);
    } catch {
      throw new KeyStoreError('KEY_DECRYPTION_FAILED', 'the peer key is not a SubjectPublicKeyInfo');
    }
    if (point.length !== 2 * width + 1 || point[0] !== 0x04) {
      throw new KeyStoreError(
        'KEY_DECRYPTION_FAILED',
        'the peer key is not an uncompressed point of the curve',
      );
    }
    const parameter: pkcs11js.ECDH1 = {
      type: pkcs11js.CK_PARAMS_EC_DH,
      kdf: pkcs11js.CKD_NULL,
      publicData: point,
    };
    const mechanism: pkcs11js.Mechanism = { mechanism: pkcs11js.CKM_ECDH1_DERIVE, parameter };
    const secret = this.#refusable('derive a shared secret', () =>
      this.#module.C_DeriveKey(this.#session, mechanism, privateKey, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_GENERIC_SECRET },
        { type: pkcs11js.CKA_VALUE_LEN, value: width },
        { type: pkcs11js.CKA_TOKEN, value: false },
        { type: pkcs11js.CKA_SENSITIVE, value: false },
        { type: pkcs11js.CKA_EXTRACTABLE, value: true },
      ]),
    );
    try {
      const [value] = this.#call('read a shared secret', () =>
        this.#module.C_GetAttributeValue(this.#session, secret, [{ type: pkcs11js.CKA_VALUE }]),
      );
      return new Uint8Array(value!.value);
    } finally {
      this.#module.C_DestroyObject(this.#session, secret);
    }
  }

  /** A token call whose refusal is the input's fault (a ciphertext that does not decrypt): KEY_DECRYPTION_FAILED. */
  #refusable<T>(what: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw new KeyStoreError(
        'KEY_DECRYPTION_FAILED',
        `the PKCS#11 token could not ${what}: ${reason(error)}`,
      );
    }
  }

  #sign(privateKey: Buffer, mechanism: number, data: Buffer, size: number): Buffer {
    return this.#call('sign', () => {
      this.#module.C_SignInit(this.#session, { mechanism }, privateKey);
      return this.#module.C_Sign(this.#session, data, Buffer.alloc(size));
    });
  }

  #findObject(record: KeyRecord, kind: number, options: { optional: true }): Buffer | undefined;
  #findObject(record: KeyRecord, kind: number): Buffer;
  #findObject(record: KeyRecord, kind: number, options: { optional?: boolean } = {}): Buffer | undefined {
    const objectId = Buffer.from((record.wrap as unknown as Pkcs11Wrap).objectId, 'hex');
    const found = this.#call('find a key', () => {
      this.#module.C_FindObjectsInit(this.#session, [
        { type: pkcs11js.CKA_CLASS, value: kind },
        { type: pkcs11js.CKA_ID, value: objectId },
      ]);
      try {
        return this.#module.C_FindObjects(this.#session, 1)[0];
      } finally {
        this.#module.C_FindObjectsFinal(this.#session);
      }
    });
    if (!found && options.optional !== true) {
      throw new KeyStoreError('KEY_STORE_FAILED', `key ${record.id} is missing from the PKCS#11 token`);
    }
    return found;
  }

  #publicKeyInfo(publicKey: Buffer, spec: Pkcs11Spec): Uint8Array {
    let jwk: Record<string, string>;
    if (spec.type === 'rsa') {
      const [modulus, exponent] = this.#module.C_GetAttributeValue(this.#session, publicKey, [
        { type: pkcs11js.CKA_MODULUS },
        { type: pkcs11js.CKA_PUBLIC_EXPONENT },
      ]);
      jwk = { kty: 'RSA', n: base64url(modulus!.value), e: base64url(exponent!.value) };
    } else {
      const width = EC_CURVES[spec.curve].width;
      const [point] = this.#module.C_GetAttributeValue(this.#session, publicKey, [
        { type: pkcs11js.CKA_EC_POINT },
      ]);
      const xy = ecPoint(point!.value, width);
      jwk = {
        kty: 'EC',
        crv: spec.curve,
        x: base64url(xy.subarray(1, 1 + width)),
        y: base64url(xy.subarray(1 + width)),
      };
    }
    return new Uint8Array(
      createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' }),
    );
  }

  async #withPin<T>(
    key: KeyRef,
    pin: string,
    use: (record: KeyRecord, tx: Queryable) => Promise<T>,
    recording: KeyChangeRecording = {},
  ): Promise<T> {
    try {
      return await withPinAttempt(
        this.#db,
        'pkcs11',
        key,
        this.#maxPinAttempts,
        async (record, tx) => {
          const verifier = (record.wrap as unknown as Pkcs11Wrap).pinVerifier;
          if (!verifier) throw new KeyStoreError('KEY_STORE_FAILED', `key ${key.id} has no PIN verifier`);
          const hash = await derivePinKey(pin, verifier.kdf);
          return timingSafeEqual(hash, Buffer.from(verifier.hash, 'base64'))
            ? await use(record, tx)
            : undefined;
        },
        recording,
      );
    } catch (error) {
      logPinRefusal(this.#logger, key, error);
      throw error;
    }
  }
}

async function pinVerifier(pin: string): Promise<{ kdf: ScryptParams; hash: string }> {
  const kdf = newScryptParams();
  return { kdf, hash: (await derivePinKey(pin, kdf)).toString('base64') };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
