import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import { openssl, tempDir } from '@podpis/testkit';
import { keyAlgorithmOf } from '../src/ca/key-algorithms.js';

const spkiOf = (der: Uint8Array): SubjectPublicKeyInfo => AsnConvert.parse(der, SubjectPublicKeyInfo);
const derOf = (key: KeyObject): Uint8Array => key.export({ type: 'spki', format: 'der' });

/** A public key OpenSSL generated with `genpkey` `args`, as SPKI DER. */
function opensslKey(args: string[]): Uint8Array {
  const dir = tempDir();
  const keyFile = join(dir, 'key.pem');
  openssl(['genpkey', ...args, '-out', keyFile]);
  openssl(['pkey', '-in', keyFile, '-pubout', '-outform', 'DER', '-out', join(dir, 'pub.der')]);
  return readFileSync(join(dir, 'pub.der'));
}

describe('keyAlgorithmOf (read from the structure, not through OpenSSL’s decoder)', () => {
  const named: [string, Uint8Array, string | undefined][] = [
    [
      'P-256 (OpenSSL)',
      opensslKey(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']),
      'ecdsa-p256',
    ],
    [
      'P-384 (OpenSSL)',
      opensslKey(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']),
      'ecdsa-p384',
    ],
    ['P-521', derOf(generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey), undefined],
    ['secp256k1', derOf(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey), undefined],
    ['RSA 2048 (OpenSSL)', opensslKey(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']), 'rsa2048'],
    ['RSA 3072', derOf(generateKeyPairSync('rsa', { modulusLength: 3072 }).publicKey), 'rsa3072'],
    ['RSA 2047', derOf(generateKeyPairSync('rsa', { modulusLength: 2047 }).publicKey), undefined],
    ['RSA 1024', derOf(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey), undefined],
    ['RSA-PSS 2048', derOf(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey), 'rsa2048'],
    ['Ed25519', derOf(generateKeyPairSync('ed25519').publicKey), undefined],
  ];

  it.each(named)('%s', (_name, der, expected) => {
    expect(keyAlgorithmOf(spkiOf(der))).toBe(expected);
  });

  it('names a compressed P-256 point as OpenSSL reads it', () => {
    const dir = tempDir();
    const keyFile = join(dir, 'key.pem');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyFile]);
    openssl([
      'pkey',
      '-in',
      keyFile,
      '-pubout',
      '-outform',
      'DER',
      '-ec_conv_form',
      'compressed',
      '-out',
      join(dir, 'pub.der'),
    ]);
    const der = readFileSync(join(dir, 'pub.der'));
    expect(createPublicKey({ key: der, format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve).toBe(
      'prime256v1',
    );
    expect(keyAlgorithmOf(spkiOf(der))).toBe('ecdsa-p256');
  });

  it('names no key whose point has the wrong length or form', () => {
    const spki = spkiOf(derOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey));
    const point = new Uint8Array(spki.subjectPublicKey);
    const withPoint = (bytes: Uint8Array): SubjectPublicKeyInfo =>
      new SubjectPublicKeyInfo({ algorithm: spki.algorithm, subjectPublicKey: bytes.slice().buffer });
    expect(keyAlgorithmOf(withPoint(point.subarray(0, 64)))).toBeUndefined();
    expect(keyAlgorithmOf(withPoint(Uint8Array.of(0x05, ...point.subarray(1))))).toBeUndefined();
    expect(keyAlgorithmOf(withPoint(new Uint8Array(0)))).toBeUndefined();
  });

  it('names no RSA key whose RSAPublicKey does not parse', () => {
    const spki = spkiOf(derOf(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey));
    const broken = new SubjectPublicKeyInfo({
      algorithm: spki.algorithm,
      subjectPublicKey: Uint8Array.of(0x30, 0x03, 0x02, 0x01).buffer,
    });
    expect(keyAlgorithmOf(broken)).toBeUndefined();
  });
});
