import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import { openssl, opensslVerifyDigest, tempDir } from '@podpis/testkit';
import {
  digestAlgorithmOf,
  generateSoftwareKey,
  hashForSigner,
  importSoftwareKey,
  OID,
  PkiError,
  signatureAlgorithmFor,
  toDer,
  verifySignature,
  type KeySpec,
} from '@podpis/pki';
import { fromPem, pem } from './support/pem.js';

const SPECS: { spec: KeySpec; label: string; dgst: string[] }[] = [
  {
    spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' },
    label: 'GOST-256 TC26 A',
    dgst: ['-md_gost12_256'],
  },
  {
    spec: { type: 'gost', paramSet: '1.2.643.2.2.35.1' },
    label: 'GOST-256 CryptoPro A',
    dgst: ['-md_gost12_256'],
  },
  {
    spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.2.1' },
    label: 'GOST-512 TC26 A',
    dgst: ['-md_gost12_512'],
  },
  { spec: { type: 'rsa', modulusLength: 2048 }, label: 'RSA PKCS#1 v1.5', dgst: ['-sha256'] },
  {
    spec: { type: 'rsa', modulusLength: 2048, scheme: 'pss' },
    label: 'RSA-PSS',
    dgst: ['-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32'],
  },
  { spec: { type: 'ecdsa', curve: 'P-256' }, label: 'ECDSA P-256', dgst: ['-sha256'] },
  { spec: { type: 'ecdsa', curve: 'P-384' }, label: 'ECDSA P-384', dgst: ['-sha384'] },
];

const message = new TextEncoder().encode('Акт сверки № 42 от 28.11.2026');

describe.each(SPECS)('$label keys', ({ spec, dgst }) => {
  it('sign → we verify; a changed message or signature fails', async () => {
    const { signer } = await generateSoftwareKey(spec);
    const signature = await signer.sign(message);
    expect(await verifySignature(signer.publicKeyInfo, signer.signatureAlgorithm, message, signature)).toBe(
      true,
    );
    const other = message.slice();
    other[0] = other[0]! ^ 1;
    expect(await verifySignature(signer.publicKeyInfo, signer.signatureAlgorithm, other, signature)).toBe(
      false,
    );
    const bad = signature.slice();
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
    expect(await verifySignature(signer.publicKeyInfo, signer.signatureAlgorithm, message, bad)).toBe(false);
    expect(
      await verifySignature(signer.publicKeyInfo, signer.signatureAlgorithm, message, new Uint8Array(3)),
    ).toBe(false);
  });

  it('OpenSSL reads our PKCS#8 key, derives our public key and verifies our signature', async () => {
    const dir = tempDir();
    const { signer, pkcs8 } = await generateSoftwareKey(spec);
    writeFileSync(join(dir, 'key.pem'), pem('PRIVATE KEY', pkcs8));
    const opensslSpki = openssl(['pkey', '-in', join(dir, 'key.pem'), '-pubout', '-outform', 'DER']).stdout;
    expect(Buffer.from(toDer(signer.publicKeyInfo)).toString('hex')).toBe(opensslSpki.toString('hex'));
    const signature = await signer.sign(message);
    expect(opensslVerifyDigest(toDer(signer.publicKeyInfo), message, signature, dgst)).toContain(
      'Verified OK',
    );
  });

  it('signDigest over the digest of the data is a signature of the data: we and OpenSSL verify', async () => {
    const { signer } = await generateSoftwareKey(spec);
    expect(toDer(signatureAlgorithmFor(spec))).toEqual(toDer(signer.signatureAlgorithm));
    const digest = await hashForSigner(signer, message);
    const signature = await signer.signDigest(digest);
    expect(await verifySignature(signer.publicKeyInfo, signer.signatureAlgorithm, message, signature)).toBe(
      true,
    );
    expect(opensslVerifyDigest(toDer(signer.publicKeyInfo), message, signature, dgst)).toContain(
      'Verified OK',
    );
    const short = signer.signDigest(digest.subarray(1));
    await expect(short).rejects.toBeInstanceOf(PkiError);
    await expect(short).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('we sign with a key OpenSSL made, and verify what OpenSSL signed', async () => {
    const dir = tempDir();
    const genArgs =
      spec.type === 'gost'
        ? [
            '-algorithm',
            spec.paramSet.startsWith('1.2.643.7.1.2.1.2') ? 'gost2012_512' : 'gost2012_256',
            '-pkeyopt',
            `paramset:${paramSetName(spec.paramSet)}`,
          ]
        : spec.type === 'rsa'
          ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']
          : spec.type === 'ecdsa'
            ? ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${spec.curve}`]
            : ['-algorithm', 'ED25519'];
    const keyPem = openssl(['genpkey', ...genArgs]).stdout.toString();
    writeFileSync(join(dir, 'key.pem'), keyPem);
    const pkcs8 = fromPem(openssl(['pkey', '-in', join(dir, 'key.pem')]).stdout.toString());
    const signer = await importSoftwareKey(
      pkcs8,
      spec.type === 'rsa' ? { rsaScheme: spec.scheme ?? 'pkcs1' } : {},
    );
    const ours = await signer.sign(message);
    expect(await verifySignature(signer.publicKeyInfo, signer.signatureAlgorithm, message, ours)).toBe(true);
    const ofDigest = await signer.signDigest(await hashForSigner(signer, message));
    expect(await verifySignature(signer.publicKeyInfo, signer.signatureAlgorithm, message, ofDigest)).toBe(
      true,
    );
    writeFileSync(join(dir, 'data'), message);
    const theirs = openssl(['dgst', ...dgst, '-sign', join(dir, 'key.pem'), join(dir, 'data')]).stdout;
    expect(
      await verifySignature(signer.publicKeyInfo, signer.signatureAlgorithm, message, new Uint8Array(theirs)),
    ).toBe(true);
  });
});

function paramSetName(oid: string): string {
  const names: Record<string, string> = {
    '1.2.643.7.1.2.1.1.1': 'TCA',
    '1.2.643.2.2.35.1': 'A',
    '1.2.643.7.1.2.1.2.1': 'A',
  };
  return names[oid] ?? oid;
}

describe('ECDSA public keys', () => {
  it('verifies with a compressed point as with the uncompressed one, and never with a point off the curve', async () => {
    const { signer } = await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' });
    const message = new TextEncoder().encode('точка на кривой');
    const signature = await signer.sign(message);
    const dir = tempDir();
    writeFileSync(join(dir, 'pub.der'), toDer(signer.publicKeyInfo));
    const compressed = openssl([
      'pkey',
      '-pubin',
      '-inform',
      'DER',
      '-in',
      join(dir, 'pub.der'),
      '-outform',
      'DER',
      '-pubout',
      '-ec_conv_form',
      'compressed',
    ]).stdout;
    const compressedInfo = AsnConvert.parse(compressed, SubjectPublicKeyInfo);
    expect(new Uint8Array(compressedInfo.subjectPublicKey)[0]).toBeLessThan(4);
    expect(await verifySignature(compressedInfo, signer.signatureAlgorithm, message, signature)).toBe(true);

    const point = new Uint8Array(signer.publicKeyInfo.subjectPublicKey).slice();
    point[64]! ^= 1; // y + 1 (or − 1): no longer on the curve
    const offCurve = new SubjectPublicKeyInfo({
      algorithm: signer.publicKeyInfo.algorithm,
      subjectPublicKey: point.buffer,
    });
    expect(await verifySignature(offCurve, signer.signatureAlgorithm, message, signature)).toBe(false);
  });
});

describe('Ed25519 keys', () => {
  it('sign and verify, and OpenSSL verifies', async () => {
    const dir = tempDir();
    const { signer, pkcs8 } = await generateSoftwareKey({ type: 'ed25519' });
    const signature = await signer.sign(message);
    expect(await verifySignature(signer.publicKeyInfo, signer.signatureAlgorithm, message, signature)).toBe(
      true,
    );
    writeFileSync(join(dir, 'key.pem'), pem('PRIVATE KEY', pkcs8));
    writeFileSync(join(dir, 'pub.pem'), pem('PUBLIC KEY', toDer(signer.publicKeyInfo)));
    writeFileSync(join(dir, 'data'), message);
    writeFileSync(join(dir, 'sig'), signature);
    const result = openssl([
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      join(dir, 'pub.pem'),
      '-rawin',
      '-in',
      join(dir, 'data'),
      '-sigfile',
      join(dir, 'sig'),
    ]);
    expect(result.stdout.toString()).toContain('Signature Verified Successfully');
  });

  it('refuse to sign a digest: PureEdDSA signs the message itself', async () => {
    const { signer } = await generateSoftwareKey({ type: 'ed25519' });
    expect(digestAlgorithmOf(signer)).toBe(OID.sha512);
    const refused = signer.signDigest(await hashForSigner(signer, message));
    await expect(refused).rejects.toBeInstanceOf(PkiError);
    await expect(refused).rejects.toMatchObject({ code: 'UNSUPPORTED_ALGORITHM' });
  });
});

describe('digest algorithms of signers', () => {
  it('Streebog for GOST keys of its size, SHA-256/384 for RSA and ECDSA', () => {
    const cases: [KeySpec, string][] = [
      [{ type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' }, OID.streebog256],
      [{ type: 'gost', paramSet: '1.2.643.7.1.2.1.2.1' }, OID.streebog512],
      [{ type: 'rsa', modulusLength: 2048 }, OID.sha256],
      [{ type: 'rsa', modulusLength: 2048, scheme: 'pss' }, OID.sha256],
      [{ type: 'ecdsa', curve: 'P-256' }, OID.sha256],
      [{ type: 'ecdsa', curve: 'P-384' }, OID.sha384],
    ];
    for (const [spec, digest] of cases) {
      expect(digestAlgorithmOf({ signatureAlgorithm: signatureAlgorithmFor(spec) })).toBe(digest);
    }
  });
});

describe('importSoftwareKey', () => {
  it('rejects garbage with a PkiError', async () => {
    await expect(importSoftwareKey(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).rejects.toMatchObject({
      name: 'PkiError',
    });
    await expect(importSoftwareKey(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({
      code: 'MALFORMED_DER',
    });
  });
});
