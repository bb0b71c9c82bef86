import { randomBytes } from 'node:crypto';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { expect } from 'vitest';
import { opensslVerifyDigest } from '@podpis/testkit';
import {
  buildName,
  decryptCms,
  generateSoftwareKey,
  hashForSigner,
  issueCertificate,
  OID,
  parseCertificate,
  parseDer,
  signatureAlgorithmFor,
  verifySignature,
  type KeyUsageName,
} from '@podpis/pki';
import type { AuthorityContext } from '../../src/ca/authorities.js';
import {
  decryptionInputDigest,
  decryptionInputsOf,
  keyStoreRecipientKey,
  KeyStoreError,
  type Activation,
  type KeyHandle,
  type KeyRef,
  type KeyStore,
} from '../../src/keystore/index.js';

/** What the key tests sign, unless a test says otherwise. */
export const MESSAGE = new TextEncoder().encode('Акт сверки № 42 от 28.11.2026');

/** The digest of `data` that a key of `handle`'s algorithm signs. */
export function digestFor(
  handle: Pick<KeyHandle, 'algorithm'>,
  data: Uint8Array = MESSAGE,
): Promise<Uint8Array> {
  return hashForSigner({ signatureAlgorithm: signatureAlgorithmFor(handle.algorithm) }, data);
}

/** Whether `signature` over `data` verifies under the public key of `key`, checked with @podpis/pki. */
export function verifies(key: KeyHandle, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const publicKey = parseDer(key.publicKeyInfo, SubjectPublicKeyInfo, 'subjectPublicKeyInfo');
  return verifySignature(publicKey, signatureAlgorithmFor(key.algorithm), data, signature);
}

/**
 * A user key's one-time activation for the digest of `data`, confirmed with
 * `pin`: what proves a PIN opens the key (a wrong one counts, as any use).
 * Given a handle, the store is asked for nothing else first.
 */
export async function activateWithPin(
  keyStore: KeyStore,
  key: KeyRef | KeyHandle,
  pin: string,
  data: Uint8Array = MESSAGE,
): Promise<Activation> {
  const handle = 'algorithm' in key ? key : await keyStore.get(key);
  const digest = await digestFor(handle, data);
  return keyStore.activate(key, { digests: [digest], confirmation: { method: 'pin', pin } });
}

/**
 * `pin` opens the stored key of certificate `serial` (a one-time activation
 * confirmed with it), and what the key then signs verifies under the
 * certificate's public key: the holder can sign.
 */
export async function expectKeySignsFor(ctx: AuthorityContext, serial: string, pin: string): Promise<void> {
  const { rows } = await ctx.db.query<{ key_id: string | null; der: Uint8Array }>(
    'SELECT key_id, der FROM certificates WHERE serial = $1',
    [serial],
  );
  const keyId = rows[0]?.key_id;
  if (!keyId) throw new Error(`certificate ${serial} has no stored key`);
  const key = await ctx.keyStore.get({ id: keyId });
  const digest = await digestFor(key);
  const activation = await ctx.keyStore.activate(key, {
    digests: [digest],
    confirmation: { method: 'pin', pin },
  });
  expect(activation.keyId, `the PIN opens the key of certificate ${serial}`).toBe(keyId);
  const [signature] = await ctx.keyStore.signDigests(key, [digest], activation);
  const { subjectPublicKeyInfo } = parseCertificate(new Uint8Array(rows[0]!.der)).asn1.tbsCertificate;
  expect(
    await verifySignature(subjectPublicKeyInfo, signatureAlgorithmFor(key.algorithm), MESSAGE, signature!),
    `the key of certificate ${serial} signs for its public key`,
  ).toBe(true);
}

/**
 * Signs the digest of `MESSAGE` with the stored key — a user key under a
 * one-time activation confirmed with its PIN, a CA key under the store's
 * standing activation — and checks the signature with @podpis/pki and with
 * `openssl dgst <dgst> -verify`.
 */
export async function expectVerifiableSignature(
  store: KeyStore,
  handle: KeyHandle,
  dgst: string,
  pin?: string,
): Promise<void> {
  const digest = await digestFor(handle);
  const activation =
    pin === undefined
      ? await store.serviceActivation(handle)
      : await store.activate(handle, { digests: [digest], confirmation: { method: 'pin', pin } });
  const [signature] = await store.signDigests(handle, [digest], activation);
  expect(Buffer.from(await store.publicKey(handle))).toEqual(Buffer.from(handle.publicKeyInfo));
  expect(await verifies(handle, MESSAGE, signature!)).toBe(true);
  expect(opensslVerifyDigest(handle.publicKeyInfo, MESSAGE, signature!, [dgst])).toContain('Verified OK');
}

/** The KeyStoreError `promise` rejects with; fails when it resolves, and rethrows any other error. */
export async function keyStoreFailure(promise: Promise<unknown>): Promise<KeyStoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KeyStoreError) return error;
    throw error;
  }
  throw new Error('expected a KeyStoreError');
}

/**
 * A certificate for a stored key's public key, issued by a throwaway
 * ECDSA key: what a message is encrypted to in the key store tests.
 */
export async function certificateForKey(
  handle: Pick<KeyHandle, 'publicKeyInfo'>,
  keyUsage: KeyUsageName[] = ['digitalSignature', 'keyEncipherment', 'keyAgreement'],
): Promise<Uint8Array> {
  const { signer } = await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' });
  const now = new Date();
  return issueCertificate(
    {
      serialNumber: Uint8Array.from([0x42, ...randomBytes(8)]),
      subject: buildName([{ type: OID.commonName, value: 'Получатель' }]),
      issuer: buildName([{ type: OID.commonName, value: 'Test issuer' }]),
      notBefore: new Date(now.getTime() - 3600_000),
      notAfter: new Date(now.getTime() + 24 * 3600_000),
      publicKeyInfo: parseDer(handle.publicKeyInfo, SubjectPublicKeyInfo, 'subjectPublicKeyInfo'),
      extensions: { basicConstraints: { ca: false }, keyUsage },
    },
    signer,
  );
}

/**
 * Decrypts `message` with a stored key the way the server does: the inputs
 * the key will process are found by a rehearsal, a `decrypt` activation
 * names them (confirmed with `pin`, or the service's own decision for a
 * key without one), and `decryptCms` runs with the store's RecipientKey.
 */
export async function decryptWithStore(
  keyStore: KeyStore,
  handle: KeyHandle,
  certificate: Uint8Array,
  message: Uint8Array,
  pin?: string,
): Promise<Uint8Array> {
  const inputs = await decryptionInputsOf(handle.publicKeyInfo, (key) =>
    decryptCms(message, { recipientCertificate: certificate, decrypt: key }),
  );
  const activation = await keyStore.activate(handle, {
    purpose: 'decrypt',
    inputs: inputs.map(decryptionInputDigest),
    confirmation: pin === undefined ? { method: 'service' } : { method: 'pin', pin },
  });
  const key = await keyStoreRecipientKey(keyStore, handle, activation);
  return decryptCms(message, { recipientCertificate: certificate, decrypt: key });
}
