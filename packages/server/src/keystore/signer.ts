import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { hashForSigner, parseDer, signatureAlgorithmFor, type Signer } from '@podpis/pki';
import type { ActivationRef, KeyRef, KeyStore } from './key-store.js';

/** How many public keys stay parsed: CA and service keys sign most often, user keys come and go. */
const PARSED_PUBLIC_KEYS_KEPT = 256;

const parsedPublicKeys = new Map<string, SubjectPublicKeyInfo>();

/**
 * A key's SubjectPublicKeyInfo parsed once per process, keyed by its DER as
 * `parsedCaCertificate` keys CA certificates: a CA's key signs every
 * certificate, and its signer is made for each. Callers share the object.
 */
function parsedPublicKey(der: Uint8Array): SubjectPublicKeyInfo {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const known = parsedPublicKeys.get(key);
  if (known) return known;
  const info = parseDer(der, SubjectPublicKeyInfo, 'subjectPublicKeyInfo');
  if (parsedPublicKeys.size >= PARSED_PUBLIC_KEYS_KEPT)
    parsedPublicKeys.delete(parsedPublicKeys.keys().next().value!);
  parsedPublicKeys.set(key, info);
  return info;
}

/**
 * A `@podpis/pki` Signer for a stored key under `activation`, so the pki
 * builders (certificates, CRLs, OCSP responses, time stamps, CMS) can use
 * stored keys: `sign` hashes here with the key's digest algorithm and has
 * the store sign the digest; `signDigest` goes to the store as it is.
 */
export async function keyStoreSigner(
  keyStore: KeyStore,
  key: KeyRef,
  activation: ActivationRef,
): Promise<Signer> {
  const handle = await keyStore.get(key);
  const signatureAlgorithm = signatureAlgorithmFor(handle.algorithm);
  const signDigest = async (digest: Uint8Array): Promise<Uint8Array> => {
    const [signature] = await keyStore.signDigests(key, [digest], activation);
    return signature!;
  };
  return {
    signatureAlgorithm,
    publicKeyInfo: parsedPublicKey(handle.publicKeyInfo),
    sign: async (data) => signDigest(await hashForSigner({ signatureAlgorithm }, data)),
    signDigest,
  };
}

/**
 * A Signer for a CA or service key under this process's standing
 * activation (a user key is refused: KEY_PIN_REQUIRED). The activation
 * outlives any signer taken from it for an operation or for an hour (an
 * OCSP responder's), as the store replaces it hours before it ends.
 */
export function serviceSigner(keyStore: KeyStore, key: KeyRef): Promise<Signer> {
  return keyStore.serviceSigner(key);
}
