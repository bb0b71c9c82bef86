import { hashForSigner, signatureAlgorithmFor } from '@podpis/pki';
import type { Activation, KeyRef, KeyStore } from '../../src/keystore/index.js';

/**
 * A user key's one-time activation for the digest of `data`, confirmed with
 * `pin`: what proves a PIN opens the key (a wrong one counts, as any use).
 */
export async function activateWithPin(
  keyStore: KeyStore,
  key: KeyRef,
  pin: string,
  data: Uint8Array = new TextEncoder().encode('проверка ПИН-кода'),
): Promise<Activation> {
  const { algorithm } = await keyStore.get(key);
  const digest = await hashForSigner({ signatureAlgorithm: signatureAlgorithmFor(algorithm) }, data);
  return keyStore.activate(key, { digests: [digest], confirmation: { method: 'pin', pin } });
}
