import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateSoftwareKey,
  signatureAlgorithmFor,
  toDer,
  verifySignature,
  type KeySpec,
} from '@podpis/pki';
import { openssl, tempDir } from '@podpis/testkit';
import { nativeMessageSigner } from '../src/keystore/native-message-signer.js';

const SPECS: { name: string; spec: KeySpec; opensslVerify: (dir: string) => string[] }[] = [
  { name: 'ECDSA P-256', spec: { type: 'ecdsa', curve: 'P-256' }, opensslVerify: dgst('-sha256') },
  { name: 'ECDSA P-384', spec: { type: 'ecdsa', curve: 'P-384' }, opensslVerify: dgst('-sha384') },
  { name: 'RSA PKCS#1 v1.5', spec: { type: 'rsa', modulusLength: 2048 }, opensslVerify: dgst('-sha256') },
  {
    name: 'RSA-PSS',
    spec: { type: 'rsa', modulusLength: 2048, scheme: 'pss' },
    opensslVerify: dgst('-sha256', [
      '-sigopt',
      'rsa_padding_mode:pss',
      '-sigopt',
      'rsa_pss_saltlen:32',
      '-sigopt',
      'rsa_mgf1_md:sha256',
    ]),
  },
  {
    name: 'Ed25519',
    spec: { type: 'ed25519' },
    opensslVerify: (dir) => [
      'pkeyutl',
      '-verify',
      '-rawin',
      '-pubin',
      '-inkey',
      join(dir, 'key.der'),
      '-keyform',
      'DER',
      '-sigfile',
      join(dir, 'signature'),
      '-in',
      join(dir, 'message'),
    ],
  },
];

function dgst(hash: string, options: readonly string[] = []): (dir: string) => string[] {
  return (dir) => [
    'dgst',
    hash,
    ...options,
    '-verify',
    join(dir, 'key.der'),
    '-keyform',
    'DER',
    '-signature',
    join(dir, 'signature'),
    join(dir, 'message'),
  ];
}

/**
 * The CA's and responders' software keys sign whole messages with Node's
 * own crypto: each signature must be what pki declares for the key
 * (`signatureAlgorithmFor`), as pki and OpenSSL read it.
 */
describe('a software key signing whole messages natively', () => {
  it.each(SPECS)(
    '$name: pki and OpenSSL verify it under the declared algorithm; a changed message fails',
    async ({ spec, opensslVerify }) => {
      const { signer, pkcs8 } = await generateSoftwareKey(spec);
      const sign = nativeMessageSigner(spec, pkcs8);
      if (!sign) throw new Error('no native signer');
      const message = new TextEncoder().encode('TBSCertificate stand-in: ' + 'x'.repeat(700));
      const signature = await sign(message);
      const algorithm = signatureAlgorithmFor(spec);
      expect(await verifySignature(signer.publicKeyInfo, algorithm, message, signature)).toBe(true);
      const changed = message.slice();
      changed[0]! ^= 1;
      expect(await verifySignature(signer.publicKeyInfo, algorithm, changed, signature)).toBe(false);
      // The same algorithm as the Web Crypto signer's, which pki's verifier also accepts.
      expect(
        await verifySignature(
          signer.publicKeyInfo,
          signer.signatureAlgorithm,
          message,
          await signer.sign(message),
        ),
      ).toBe(true);

      const dir = tempDir();
      writeFileSync(join(dir, 'key.der'), toDer(signer.publicKeyInfo));
      writeFileSync(join(dir, 'signature'), signature);
      writeFileSync(join(dir, 'message'), message);
      expect(openssl(opensslVerify(dir)).stdout.toString()).toMatch(
        /Verified OK|Signature Verified Successfully/,
      );
      writeFileSync(join(dir, 'message'), changed);
      expect(() => openssl(opensslVerify(dir))).toThrow();
    },
  );

  it('a GOST key has none: @podpis/gost signs it', async () => {
    const spec: KeySpec = { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' };
    expect(nativeMessageSigner(spec, new Uint8Array(0))).toBeUndefined();
  });
});
