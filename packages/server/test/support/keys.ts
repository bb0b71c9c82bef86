import { expect } from 'vitest';
import { parseCertificate, verifySignature } from '@podpis/pki';
import type { AuthorityContext } from '../../src/ca/authorities.js';

const MESSAGE = new TextEncoder().encode('Акт сверки № 12');

/**
 * `pin` opens the stored key of certificate `serial`, and what the key
 * signs verifies under the certificate's public key: the holder can sign.
 */
export async function expectKeySignsFor(ctx: AuthorityContext, serial: string, pin: string): Promise<void> {
  const { rows } = await ctx.db.query<{ key_id: string | null; der: Uint8Array }>(
    'SELECT key_id, der FROM certificates WHERE serial = $1',
    [serial],
  );
  const keyId = rows[0]?.key_id;
  if (!keyId) throw new Error(`certificate ${serial} has no stored key`);
  const signer = await ctx.keyStore.signer({ id: keyId }, pin);
  const { subjectPublicKeyInfo } = parseCertificate(new Uint8Array(rows[0]!.der)).asn1.tbsCertificate;
  const signature = await signer.sign(MESSAGE);
  expect(
    await verifySignature(subjectPublicKeyInfo, signer.signatureAlgorithm, MESSAGE, signature),
    `the key of certificate ${serial} signs for its public key`,
  ).toBe(true);
}
