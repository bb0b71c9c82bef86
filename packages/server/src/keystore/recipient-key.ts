import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { parseDer, toDer, type RecipientKey } from '@podpis/pki';
import type { ActivationRef, DecryptionInput, KeyRef, KeyStore } from './key-store.js';

/**
 * A `@podpis/pki` RecipientKey for a stored key under a `decrypt`
 * activation, so `decryptCms` can open a message with a key that never
 * leaves the store: each step it asks for goes to `KeyStore.decrypt`, which
 * performs it only if the activation names exactly that input.
 */
export async function keyStoreRecipientKey(
  keyStore: KeyStore,
  key: KeyRef,
  activation: ActivationRef,
): Promise<Required<RecipientKey>> {
  const handle = await keyStore.get(key);
  const perform = async (input: DecryptionInput): Promise<Uint8Array> => {
    const [output] = await keyStore.decrypt(key, [input], activation);
    return output!;
  };
  return {
    publicKeyInfo: parseDer(handle.publicKeyInfo, SubjectPublicKeyInfo, 'subjectPublicKeyInfo'),
    decryptKeyTransport: (encryptedKey, hash) => perform({ operation: 'key-transport', encryptedKey, hash }),
    agree: (peer, ukm) => perform({ operation: 'key-agreement', peer: toDer(peer), ...(ukm ? { ukm } : {}) }),
  };
}

/**
 * The inputs `decryptCms` will ask a key to process for `message`, found
 * by a rehearsal with a RecipientKey that records each request and performs
 * none: what a `decrypt` activation names before its holder confirms.
 * Rejects as `decryptCms` would (not a recipient, malformed data) before
 * the key is asked for anything.
 */
export async function decryptionInputsOf(
  publicKeyInfo: Uint8Array,
  rehearse: (key: RecipientKey) => Promise<unknown>,
): Promise<DecryptionInput[]> {
  const inputs: DecryptionInput[] = [];
  const rehearsal = new Error('rehearsal');
  const stop = (input: DecryptionInput): Promise<never> => {
    inputs.push(input);
    return Promise.reject(rehearsal);
  };
  try {
    await rehearse({
      publicKeyInfo: parseDer(publicKeyInfo, SubjectPublicKeyInfo, 'subjectPublicKeyInfo'),
      decryptKeyTransport: (encryptedKey, hash) =>
        stop({ operation: 'key-transport', encryptedKey: encryptedKey.slice(), hash }),
      agree: (peer, ukm) =>
        stop({ operation: 'key-agreement', peer: toDer(peer), ...(ukm ? { ukm: ukm.slice() } : {}) }),
    });
  } catch (error) {
    if (inputs.length === 0) throw error;
    return inputs;
  }
  return inputs;
}
