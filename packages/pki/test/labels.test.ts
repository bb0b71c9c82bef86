import { describe, expect, it } from 'vitest';
import { generateSoftwareKey, OID, publicKeyDetail, readableKey } from '../src/index.js';

describe('a key described for people', () => {
  it('an RSA key by its modulus size, an EC key by its curve, a GOST key by its algorithm alone', async () => {
    const rsa = await generateSoftwareKey({ type: 'rsa', modulusLength: 2048 });
    const ec = await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' });
    const gost = await generateSoftwareKey({ type: 'gost', paramSet: OID.gost3410_2012_256_paramSetA });
    expect(publicKeyDetail(rsa.signer.publicKeyInfo)).toEqual({ bits: 2048 });
    expect(publicKeyDetail(ec.signer.publicKeyInfo)).toEqual({ curve: OID.p256 });
    expect(publicKeyDetail(gost.signer.publicKeyInfo)).toEqual({});
    expect(readableKey(OID.rsaEncryption, 'ru', publicKeyDetail(rsa.signer.publicKeyInfo))).toBe('RSA 2048');
    expect(readableKey(OID.ecPublicKey, 'en', publicKeyDetail(ec.signer.publicKeyInfo))).toBe('ECDSA P-256');
    expect(readableKey(OID.gost3410_2012_256, 'ru', {})).toBe('ГОСТ Р 34.10-2012, 256 бит');
  });
});
