import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  digest,
  digestAlgorithmOf,
  digestLength,
  PkiError,
  signatureAlgorithmFor,
  signedAttributesMessageDigest,
  type KeySpec,
} from '@podpis/pki';
import { appendAudit } from '../audit/audit-log.js';
import type { Db, Queryable } from '../db/db.js';
import {
  KeyStoreError,
  type Activation,
  type ActivationRef,
  type ActivationRequest,
  type Confirmation,
  type ConfirmationRecord,
  type DecryptionInput,
  type KeyBackend,
  type KeyRef,
} from './key-store.js';
import { findKey, isUuid, type KeyRecord } from './records.js';

/**
 * Activations (table `key_activations`): the one gate every signature of
 * every store passes. What the stores share is here — checking a request,
 * writing the row, using it up atomically with the signatures and a user
 * key's audit record, and holding checked service activations in memory —
 * while each store decides how its key is opened.
 */

/** How long a one-time activation lives unless the caller says otherwise: long enough to sign, short enough to be no standing authority. */
export const DIGESTS_ACTIVATION_LIFETIME_MS = 5 * 60_000;
/** A standing service activation's life; it is replaced before it ends (`StandingActivations`). */
export const SERVICE_ACTIVATION_LIFETIME_MS = 24 * 3600_000;
/**
 * A standing activation with less than this left is replaced, so whoever took
 * it (an OCSP responder keeps its signer for an hour) never meets its end.
 */
const SERVICE_ACTIVATION_RENEW_MS = 2 * 3600_000;
/** Digests one activation may name (a batch of documents); more is a caller's error, not a batch. */
export const MAX_DIGESTS_PER_ACTIVATION = 1000;

/** The digest algorithm (OID) of the digests a key of `spec` signs, and their length in bytes. */
export function keyDigest(spec: KeySpec): { algorithm: string; length: number } {
  const algorithm = digestAlgorithmOf({ signatureAlgorithm: signatureAlgorithmFor(spec) });
  return { algorithm, length: digestLength(algorithm) };
}

/**
 * The SHA-256 that a `decrypt` activation names an input by: over the
 * operation and each of its fields, length-prefixed, so no two inputs share it.
 */
export function decryptionInputDigest(input: DecryptionInput): Uint8Array {
  const fields =
    input.operation === 'key-transport'
      ? [new TextEncoder().encode(input.hash), input.encryptedKey]
      : [input.peer, input.ukm ?? new Uint8Array()];
  const hash = createHash('sha256').update(`podpis/key-store/v1/decrypt/${input.operation}`);
  for (const field of fields) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(field.length);
    hash.update(length).update(field);
  }
  return new Uint8Array(hash.digest());
}

/** What an activation authorises: signing exact digests, a service's signing, or decrypting exact inputs. */
export type ActivationKind = 'digests' | 'service' | 'decrypt';

/** An activation request checked against its key: what its row will say. */
export interface ActivationPlan {
  keyId: string;
  kind: ActivationKind;
  /** Hex, in the order they will be signed; for `decrypt`, the inputs' digests in their order. */
  digests: string[] | undefined;
  signaturesLeft: number | undefined;
  confirmation: ConfirmationRecord;
  createdAt: Date;
  expiresAt: Date;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * Checks a request before its confirmation is looked at (so a malformed
 * request costs no PIN attempt): the confirmation must fit the key (a PIN
 * for a user key, none for a CA or service key), user keys are activated
 * only for exact digests, and digests must have the key's digest length.
 */
export function planActivation(record: KeyRecord, request: ActivationRequest, now: Date): ActivationPlan {
  if (record.algorithm.type === 'ed25519') {
    throw new KeyStoreError(
      'KEY_ALGORITHM_UNSUPPORTED',
      `key ${record.id} is Ed25519, which signs whole messages, never digests`,
    );
  }
  const { confirmation } = request;
  const withPin = 'pin' in confirmation;
  if (record.protection === 'pin' && !withPin) {
    throw new KeyStoreError('KEY_PIN_REQUIRED', `key ${record.id} needs its PIN`);
  }
  if (record.protection !== 'pin' && withPin) {
    throw new KeyStoreError('KEY_PIN_NOT_APPLICABLE', `key ${record.id} has no PIN`);
  }
  if (record.protection === 'device' && confirmation.method !== 'device') {
    throw new KeyStoreError(
      'DEVICE_APPROVAL_REQUIRED',
      `key ${record.id} is used only under a device approval`,
    );
  }
  const invalid = (why: string): KeyStoreError => new KeyStoreError('ACTIVATION_INVALID', why);
  if (record.protection === 'none' && confirmation.method !== 'service') {
    throw invalid(`key ${record.id} has no holder to approve its use`);
  }
  const base = { keyId: record.id, confirmation: confirmationRecord(confirmation), createdAt: now };
  let plan: ActivationPlan;
  if ('service' in request) {
    const { signatures } = request;
    if (signatures !== undefined && (!Number.isSafeInteger(signatures) || signatures < 1)) {
      throw invalid('a service activation allows a positive whole number of signatures');
    }
    plan = {
      ...base,
      kind: 'service',
      digests: undefined,
      signaturesLeft: signatures,
      expiresAt: request.expiresAt ?? new Date(now.getTime() + SERVICE_ACTIVATION_LIFETIME_MS),
    };
  } else if (request.purpose === 'decrypt') {
    const { inputs } = request;
    if (inputs.length === 0 || inputs.length > MAX_DIGESTS_PER_ACTIVATION) {
      throw invalid(`an activation names 1..${MAX_DIGESTS_PER_ACTIVATION} inputs, not ${inputs.length}`);
    }
    if (inputs.some((input) => input.length !== 32)) {
      throw invalid('a decryption input is named by its SHA-256 (32 bytes)');
    }
    plan = {
      ...base,
      kind: 'decrypt',
      digests: inputs.map(hex),
      signaturesLeft: undefined,
      expiresAt: request.expiresAt ?? new Date(now.getTime() + DIGESTS_ACTIVATION_LIFETIME_MS),
    };
  } else {
    const { digests } = request;
    if (digests.length === 0 || digests.length > MAX_DIGESTS_PER_ACTIVATION) {
      throw invalid(`an activation names 1..${MAX_DIGESTS_PER_ACTIVATION} digests, not ${digests.length}`);
    }
    const { length } = keyDigest(record.algorithm);
    if (digests.some((digest) => digest.length !== length)) {
      throw invalid(`key ${record.id} signs ${length}-byte digests`);
    }
    plan = {
      ...base,
      kind: 'digests',
      digests: digests.map(hex),
      signaturesLeft: undefined,
      expiresAt: request.expiresAt ?? new Date(now.getTime() + DIGESTS_ACTIVATION_LIFETIME_MS),
    };
  }
  if (plan.expiresAt.getTime() <= now.getTime())
    throw invalid('the activation would expire before it is made');
  return plan;
}

/** What the activation's row keeps of its confirmation: the method and a device approval's id, never a PIN. */
function confirmationRecord(confirmation: Confirmation): ConfirmationRecord {
  return confirmation.method === 'device' || confirmation.method === 'device+pin'
    ? { method: confirmation.method, approval: confirmation.approval }
    : { method: confirmation.method };
}

/** A new activation's id and secret (32 random bytes), before its row exists. */
export interface NewActivation {
  id: string;
  secret: Buffer;
}

export function newActivation(): NewActivation {
  return { id: randomUUID(), secret: randomBytes(32) };
}

const secretHash = (secret: Uint8Array): Buffer => createHash('sha256').update(secret).digest();

/** The secret of an ActivationRef as bytes (base64url text). */
export const secretBytes = (ref: ActivationRef): Buffer => Buffer.from(ref.secret, 'base64url');

function sameSecret(ref: ActivationRef, hash: Uint8Array): boolean {
  const presented = secretHash(secretBytes(ref));
  return hash.length === presented.length && timingSafeEqual(presented, hash);
}

/**
 * Writes the activation; `sealedKey` is a software user key's data key
 * sealed under the activation's secret. Data keys sealed for this key's
 * activations that expired unused are erased on the way: useless without
 * their secret, they are still no reason to keep key material around.
 */
export async function insertActivation(
  db: Queryable,
  plan: ActivationPlan,
  activation: NewActivation,
  sealedKey?: Uint8Array,
): Promise<Activation> {
  if (sealedKey) {
    await db.query(
      'UPDATE key_activations SET sealed_key = NULL WHERE key_id = $1 AND sealed_key IS NOT NULL AND expires_at <= $2',
      [plan.keyId, plan.createdAt],
    );
  }
  await db.query(
    `INSERT INTO key_activations
       (id, key_id, kind, digests, signatures_left, confirmation, secret_hash, sealed_key, created_at, expires_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8, $9, $10)`,
    [
      activation.id,
      plan.keyId,
      plan.kind,
      plan.digests === undefined ? null : JSON.stringify(plan.digests),
      plan.signaturesLeft ?? null,
      JSON.stringify(plan.confirmation),
      secretHash(activation.secret),
      sealedKey ? Buffer.from(sealedKey) : null,
      plan.createdAt,
      plan.expiresAt,
    ],
  );
  return {
    id: activation.id,
    secret: activation.secret.toString('base64url'),
    keyId: plan.keyId,
    expiresAt: plan.expiresAt,
  };
}

/** An activation's row, as the signing store reads it. */
export interface ActivationRecord {
  id: string;
  kind: ActivationKind;
  signaturesLeft: number | undefined;
  confirmation: ConfirmationRecord;
  sealedKey: Uint8Array | undefined;
  expiresAt: Date;
}

interface ActivationRow extends Record<string, unknown> {
  id: string;
  key_id: string;
  kind: ActivationKind;
  digests: string[] | null;
  signatures_left: number | null;
  confirmation: ConfirmationRecord;
  secret_hash: Uint8Array;
  sealed_key: Uint8Array | null;
  expires_at: Date;
  consumed_at: Date | null;
}

/**
 * Finds the activation, checks it against the key, its purpose and
 * `digests` (what the key signs, or the digests of what it decrypts), and
 * uses it up — a one-time activation is marked consumed, a counted one
 * counted down — in the caller's transaction, with its row locked, so of
 * two uses at once the second waits and then finds it used. The caller
 * signs in the same transaction: a failure there gives the activation back.
 */
async function useActivation(
  tx: Queryable,
  key: KeyRecord,
  ref: ActivationRef,
  purpose: 'sign' | 'decrypt',
  digests: readonly Uint8Array[],
  now: Date,
): Promise<ActivationRecord> {
  const notFound = (): KeyStoreError =>
    new KeyStoreError('ACTIVATION_NOT_FOUND', `no activation ${ref.id} with this secret`);
  if (!isUuid(ref.id)) throw notFound();
  const { rows } = await tx.query<ActivationRow>(
    `SELECT id, key_id, kind, digests, signatures_left, confirmation, secret_hash, sealed_key, expires_at, consumed_at
     FROM key_activations WHERE id = $1 FOR UPDATE`,
    [ref.id],
  );
  const row = rows[0];
  if (!row || !sameSecret(ref, new Uint8Array(row.secret_hash))) throw notFound();
  if (row.key_id !== key.id) {
    throw new KeyStoreError(
      'ACTIVATION_KEY_MISMATCH',
      `activation ${row.id} is for another key than ${key.id}`,
    );
  }
  if (row.consumed_at !== null) throw new KeyStoreError('ACTIVATION_USED', `activation ${row.id} was used`);
  if (row.expires_at.getTime() <= now.getTime()) {
    throw new KeyStoreError(
      'ACTIVATION_EXPIRED',
      `activation ${row.id} expired at ${row.expires_at.toISOString()}`,
    );
  }
  if ((row.kind === 'decrypt') !== (purpose === 'decrypt')) {
    throw new KeyStoreError(
      'ACTIVATION_PURPOSE_MISMATCH',
      `activation ${row.id} is for ${row.kind === 'decrypt' ? 'decryption' : 'signatures'}, not to ${purpose}`,
    );
  }
  if (row.kind !== 'service') {
    const asked = digests.map(hex);
    const allowed = row.digests ?? [];
    if (asked.length !== allowed.length || asked.some((digest, i) => digest !== allowed[i])) {
      throw new KeyStoreError(
        'ACTIVATION_DIGEST_MISMATCH',
        `activation ${row.id} authorises other ${purpose === 'sign' ? 'digests' : 'inputs'} than the ${digests.length} asked for`,
      );
    }
    const used = await tx.query(
      'UPDATE key_activations SET consumed_at = $2, sealed_key = NULL WHERE id = $1 AND consumed_at IS NULL',
      [row.id, now],
    );
    if (used.rowCount !== 1) throw new KeyStoreError('ACTIVATION_USED', `activation ${row.id} was used`);
  } else if (row.signatures_left !== null) {
    const counted = await tx.query(
      `UPDATE key_activations
       SET signatures_left = signatures_left - $2,
           consumed_at = CASE WHEN signatures_left = $2 THEN $3::timestamptz END
       WHERE id = $1 AND signatures_left >= $2`,
      [row.id, digests.length, now],
    );
    if (counted.rowCount !== 1) {
      throw new KeyStoreError(
        'ACTIVATION_USED',
        `activation ${row.id} has ${row.signatures_left} signatures left, not ${digests.length}`,
        { signaturesLeft: row.signatures_left },
      );
    }
  }
  return {
    id: row.id,
    kind: row.kind,
    signaturesLeft: row.signatures_left ?? undefined,
    confirmation: row.confirmation,
    sealedKey: row.sealed_key === null ? undefined : new Uint8Array(row.sealed_key),
    expiresAt: row.expires_at,
  };
}

/** Signs digests, in order, with a key opened for one activation. */
export type DigestSigner = (digests: readonly Uint8Array[]) => Promise<Uint8Array[]>;

/**
 * A key opened for an activation: it signs digests, and a key held in
 * this process's memory (the software store's) may also sign whole
 * messages, hashing natively — for the standing activations of CA and
 * service keys only, where Node signs a message several times faster than
 * any digest signer written in JavaScript (ECDSA ~10×, RSA ~4×).
 */
export type OpenedKey = DigestSigner & {
  readonly signMessage?: (message: Uint8Array) => Promise<Uint8Array>;
};

interface HeldActivation {
  keyId: string;
  secretHash: Uint8Array;
  expiresAt: number;
  sign: DigestSigner;
}

/**
 * Service activations checked once, with their key opened, for the rest of
 * their life in this process: signing under them costs no database round
 * trip (an OCSP response with a nonce is a signature per request). One-time
 * and counted activations are never held.
 */
export class HeldActivations {
  readonly #entries = new Map<string, HeldActivation>();

  find(ref: ActivationRef, key: KeyRef, now: Date): DigestSigner | undefined {
    const entry = this.#entries.get(ref.id);
    if (!entry || entry.keyId !== key.id.toLowerCase() || entry.expiresAt <= now.getTime()) return undefined;
    return sameSecret(ref, entry.secretHash) ? entry.sign : undefined;
  }

  hold(ref: ActivationRef, keyId: string, expiresAt: Date, sign: DigestSigner, now: Date): void {
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt <= now.getTime()) this.#entries.delete(id);
    }
    this.#entries.set(ref.id, {
      keyId,
      secretHash: secretHash(secretBytes(ref)),
      expiresAt: expiresAt.getTime(),
      sign,
    });
  }

  /** Drops a key's activations (it was destroyed), so this process stops signing with it at once. */
  forgetKey(key: KeyRef): void {
    for (const [id, entry] of this.#entries) {
      if (entry.keyId === key.id.toLowerCase()) this.#entries.delete(id);
    }
  }
}

/** Performs the private-key step of each decryption input, in order, with a key opened for one activation. */
export type InputDecryptor = (inputs: readonly DecryptionInput[]) => Promise<Uint8Array[]>;

/** What a store lends the shared signing and decryption paths. */
export interface ActivationSigning {
  db: Db;
  backend: KeyBackend;
  held: HeldActivations;
  now: () => Date;
  /** Opens the key for this activation (`secret`: the activation's secret, bytes). */
  open(record: KeyRecord, activation: ActivationRecord, secret: Buffer): Promise<OpenedKey>;
  /** Opens the key to decrypt under this `decrypt` activation. */
  openForDecryption(record: KeyRecord, activation: ActivationRecord, secret: Buffer): Promise<InputDecryptor>;
}

function checkLengths(record: KeyRecord, length: number, digests: readonly Uint8Array[]): void {
  if (digests.length === 0) throw new KeyStoreError('ACTIVATION_INVALID', 'there are no digests to sign');
  if (digests.some((digest) => digest.length !== length)) {
    throw new KeyStoreError('ACTIVATION_INVALID', `key ${record.id} signs ${length}-byte digests`);
  }
}

/** `opened`, refusing an empty list or digests of another length than the key signs. */
function checkedSigner(record: KeyRecord, opened: DigestSigner): DigestSigner {
  const { length } = keyDigest(record.algorithm);
  return async (digests) => {
    checkLengths(record, length, digests);
    return opened(digests);
  };
}

/** A user's key, with or without a PIN: each of its uses is audited (CA and service keys' certificates say what they do). */
const isUserKey = (record: KeyRecord): boolean => record.owner.startsWith('user:');

/**
 * `KeyStore.signDigests` for every store: a held service activation signs
 * at once; otherwise one transaction finds the key, uses the activation
 * up, signs, and — for a user key — appends the `key.sign` audit record
 * (who: the key's owner, who confirmed; never the PIN or the secret), so
 * the signatures exist only if the activation was used and recorded.
 */
export async function signUnderActivation(
  signing: ActivationSigning,
  key: KeyRef,
  digests: readonly Uint8Array[],
  ref: ActivationRef,
  /**
   * What the key signs instead of `digests`, which the activation authorises:
   * CMS signed attributes whose messageDigest is each (their digests are
   * signed), or the data-to-be-signed digests the signing service derived
   * from the documents of those digests (XAdES, PAdES).
   */
  instead?: SignedInstead,
): Promise<Uint8Array[]> {
  const now = signing.now();
  const held = instead ? undefined : signing.held.find(ref, key, now);
  if (held) return held(digests);
  const done = await signing.db.transaction(async (tx) => {
    const record = await findKey(tx, signing.backend, key);
    const digestAlgorithm = keyDigest(record.algorithm);
    checkLengths(record, digestAlgorithm.length, digests);
    const activation = await useActivation(tx, record, ref, 'sign', digests, now);
    const sign = checkedSigner(record, await signing.open(record, activation, secretBytes(ref)));
    const toSign =
      instead === undefined
        ? digests
        : instead.kind === 'cms-signed-attributes'
          ? await Promise.all(instead.attributes.map((der) => digest(digestAlgorithm.algorithm, der)))
          : instead.digests;
    if (toSign.length !== digests.length) {
      throw new KeyStoreError('ACTIVATION_DIGEST_MISMATCH', 'one signature per authorised digest');
    }
    const signatures = await sign(toSign);
    if (isUserKey(record)) {
      await appendAudit(
        tx,
        {
          actor: record.owner,
          action: 'key.sign',
          target: `key:${record.id}`,
          details: {
            activation: activation.id,
            digests: digests.length,
            digestAlgorithm: digestAlgorithm.algorithm,
            ...(instead ? { signed: instead.kind } : {}),
            confirmation: activation.confirmation.method,
            ...('approval' in activation.confirmation ? { approval: activation.confirmation.approval } : {}),
          },
        },
        now,
      );
    }
    return { record, activation, sign, signatures };
  });
  const { record, activation, sign } = done;
  if (activation.kind === 'service' && activation.signaturesLeft === undefined) {
    signing.held.hold(ref, record.id, activation.expiresAt, sign, now);
  }
  return done.signatures;
}

/**
 * `KeyStore.signSignedAttributes` for every store: the activation
 * authorises document digests; the key signs the digest of each CMS
 * SignedAttributes DER whose one messageDigest is the authorised digest in
 * its place — read here, by the key store, so no caller can make it sign
 * attributes bound to anything else. Attributes that do not parse, or
 * state another digest, are ACTIVATION_DIGEST_MISMATCH and nothing is
 * signed (the activation stays usable).
 */
export async function signAttributesUnderActivation(
  signing: ActivationSigning,
  key: KeyRef,
  signedAttributes: readonly Uint8Array[],
  ref: ActivationRef,
): Promise<Uint8Array[]> {
  let authorised: Uint8Array[];
  try {
    authorised = signedAttributes.map((der) => signedAttributesMessageDigest(der));
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    throw new KeyStoreError(
      'ACTIVATION_DIGEST_MISMATCH',
      `the signed attributes are not bound to a digest: ${error.message}`,
    );
  }
  return signUnderActivation(signing, key, authorised, ref, {
    kind: 'cms-signed-attributes',
    attributes: signedAttributes,
  });
}

/** What a key signs in place of the document digests its activation authorises. */
export type SignedInstead =
  | { kind: 'cms-signed-attributes'; attributes: readonly Uint8Array[] }
  | { kind: 'derived'; digests: readonly Uint8Array[] };

/**
 * `KeyStore.signDerivedDigests` for every store: the activation authorises
 * `authorised` (document digests the holder confirmed); the key signs, in
 * their places, `derived` — the data-to-be-signed digests the signing
 * service computed from exactly those documents (an XAdES SignedInfo, a
 * PAdES signature's attributes), which the key store cannot parse. The
 * activation is checked and used up as by `signDigests`; `key.sign`
 * records `signed: derived`.
 */
export function signDerivedUnderActivation(
  signing: ActivationSigning,
  key: KeyRef,
  authorised: readonly Uint8Array[],
  derived: readonly Uint8Array[],
  ref: ActivationRef,
): Promise<Uint8Array[]> {
  return signUnderActivation(signing, key, authorised, ref, { kind: 'derived', digests: derived });
}

/**
 * The standing service activation of each CA or service key in this
 * process: made (a row, so every signature still has one behind it) the
 * first time a key is used and again before it ends, and held with its key
 * opened from the start — the process that made it knows it is valid — so
 * signing under it never asks the database, not even from inside a
 * caller's transaction (a CRL numbered under a row lock; PGlite has a
 * single connection). Nothing about it is audited: every start and every
 * CLI command makes new ones, and the keys' certificates, whose issuance is
 * audited, say what they are for.
 */
export class StandingActivations {
  readonly #byKey = new Map<string, Promise<Activation>>();
  readonly #messageSigners = new Map<string, (message: Uint8Array) => Promise<Uint8Array>>();
  readonly #signing: ActivationSigning;
  readonly #activate: (key: KeyRef, request: ActivationRequest) => Promise<Activation>;

  constructor(
    signing: ActivationSigning,
    activate: (key: KeyRef, request: ActivationRequest) => Promise<Activation>,
  ) {
    this.#signing = signing;
    this.#activate = activate;
  }

  async for(key: KeyRef): Promise<Activation> {
    const id = key.id.toLowerCase();
    const standing = await this.#byKey.get(id)?.catch(() => undefined);
    if (
      standing &&
      standing.expiresAt.getTime() - this.#signing.now().getTime() > SERVICE_ACTIVATION_RENEW_MS
    ) {
      return standing;
    }
    const made = this.#make(key);
    this.#byKey.set(id, made);
    // A failure is not kept: the next use tries again.
    made.catch(() => {
      if (this.#byKey.get(id) === made) this.#byKey.delete(id);
    });
    return made;
  }

  forgetKey(key: KeyRef): void {
    this.#byKey.delete(key.id.toLowerCase());
    this.#messageSigners.delete(key.id.toLowerCase());
  }

  /**
   * Signs whole messages under the key's standing activation when its store
   * can (undefined otherwise). Each use checks that the activation has not
   * ended, as `signDigests` under it would, and that this process still
   * holds the key: once it dropped it (destroyed), `otherwise` answers.
   */
  async messageSigner(
    key: KeyRef,
    otherwise: (message: Uint8Array) => Promise<Uint8Array>,
  ): Promise<((message: Uint8Array) => Promise<Uint8Array>) | undefined> {
    const activation = await this.for(key);
    const id = key.id.toLowerCase();
    const sign = this.#messageSigners.get(id);
    if (!sign) return undefined;
    return async (message) => {
      if (this.#messageSigners.get(id) !== sign) return otherwise(message);
      if (activation.expiresAt <= this.#signing.now()) {
        throw new KeyStoreError('ACTIVATION_EXPIRED', `activation ${activation.id} has ended`);
      }
      return sign(message);
    };
  }

  async #make(key: KeyRef): Promise<Activation> {
    const activation = await this.#activate(key, { service: true, confirmation: { method: 'service' } });
    const record = await findKey(this.#signing.db, this.#signing.backend, key);
    const opened = await this.#signing.open(
      record,
      {
        id: activation.id,
        kind: 'service',
        signaturesLeft: undefined,
        confirmation: { method: 'service' },
        sealedKey: undefined,
        expiresAt: activation.expiresAt,
      },
      secretBytes(activation),
    );
    this.#signing.held.hold(
      activation,
      record.id,
      activation.expiresAt,
      checkedSigner(record, opened),
      this.#signing.now(),
    );
    if (opened.signMessage) this.#messageSigners.set(record.id, opened.signMessage);
    else this.#messageSigners.delete(record.id);
    return activation;
  }
}

/**
 * `KeyStore.decrypt` for every store: one transaction finds the key, uses
 * the `decrypt` activation up for exactly these inputs, performs their
 * private-key steps and — for a user key — appends the `key.decrypt` audit
 * record (never the inputs, outputs, PIN or secret). An input the key
 * cannot process fails as KEY_DECRYPTION_FAILED once the activation is
 * used up: a failed decryption is no free retry of another guess.
 */
export async function decryptUnderActivation(
  signing: ActivationSigning,
  key: KeyRef,
  inputs: readonly DecryptionInput[],
  ref: ActivationRef,
): Promise<Uint8Array[]> {
  if (inputs.length === 0) throw new KeyStoreError('ACTIVATION_INVALID', 'there are no inputs to decrypt');
  const now = signing.now();
  const outcome = await signing.db.transaction(async (tx) => {
    const record = await findKey(tx, signing.backend, key);
    const activation = await useActivation(
      tx,
      record,
      ref,
      'decrypt',
      inputs.map(decryptionInputDigest),
      now,
    );
    if (isUserKey(record)) {
      await appendAudit(
        tx,
        {
          actor: record.owner,
          action: 'key.decrypt',
          target: `key:${record.id}`,
          details: {
            activation: activation.id,
            inputs: inputs.map((input) => input.operation),
            confirmation: activation.confirmation.method,
            ...('approval' in activation.confirmation ? { approval: activation.confirmation.approval } : {}),
          },
        },
        now,
      );
    }
    const decrypt = await signing.openForDecryption(record, activation, secretBytes(ref));
    try {
      return { outputs: await decrypt(inputs) };
    } catch (error) {
      if (error instanceof KeyStoreError && error.code !== 'KEY_DECRYPTION_FAILED') throw error;
      return { failure: error };
    }
  });
  if ('failure' in outcome) {
    // One answer for every cause, so that no caller learns why (an RSA-OAEP padding oracle).
    throw new KeyStoreError('KEY_DECRYPTION_FAILED', `key ${key.id} could not decrypt the input`);
  }
  return outcome.outputs;
}

/**
 * Deletes activations that can sign or decrypt nothing more: used up or expired. What
 * they allowed stays in the audit log (`key.sign`, `key.decrypt` name the
 * activation); returns how many.
 */
export async function deleteEndedActivations(db: Queryable, now: Date): Promise<number> {
  const { rowCount } = await db.query(
    'DELETE FROM key_activations WHERE consumed_at IS NOT NULL OR expires_at <= $1',
    [now],
  );
  return rowCount;
}

/**
 * Moves a one-time activation's end to `expiresAt` (the CSC API's
 * extendTransaction): only with its secret, only while it is unused and
 * unexpired, never for a service activation. The same refusals as
 * `signDigests` (ACTIVATION_NOT_FOUND for an unknown id or a wrong secret,
 * ACTIVATION_KEY_MISMATCH, ACTIVATION_USED, ACTIVATION_EXPIRED); how far it
 * may move is the caller's policy. The row is locked, so an extension
 * racing a signature either comes first or finds the activation used.
 */
export async function extendActivation(
  db: Db,
  key: KeyRef,
  ref: ActivationRef,
  expiresAt: Date,
  now: Date,
): Promise<Date> {
  const notFound = (): KeyStoreError =>
    new KeyStoreError('ACTIVATION_NOT_FOUND', `no activation ${ref.id} with this secret`);
  if (!isUuid(ref.id)) throw notFound();
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<ActivationRow>(
      `SELECT id, key_id, kind, digests, signatures_left, confirmation, secret_hash, sealed_key, expires_at, consumed_at
       FROM key_activations WHERE id = $1 FOR UPDATE`,
      [ref.id],
    );
    const row = rows[0];
    if (!row || !sameSecret(ref, new Uint8Array(row.secret_hash))) throw notFound();
    if (row.key_id !== key.id.toLowerCase() || row.kind === 'service') {
      throw new KeyStoreError(
        'ACTIVATION_KEY_MISMATCH',
        `activation ${row.id} is not a one-time activation of key ${key.id}`,
      );
    }
    if (row.consumed_at !== null) throw new KeyStoreError('ACTIVATION_USED', `activation ${row.id} was used`);
    if (row.expires_at.getTime() <= now.getTime()) {
      throw new KeyStoreError(
        'ACTIVATION_EXPIRED',
        `activation ${row.id} expired at ${row.expires_at.toISOString()}`,
      );
    }
    if (expiresAt.getTime() <= now.getTime()) {
      throw new KeyStoreError('ACTIVATION_INVALID', 'the activation would expire before it is extended');
    }
    await tx.query('UPDATE key_activations SET expires_at = $2 WHERE id = $1', [row.id, expiresAt]);
    return expiresAt;
  });
}
