import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openssl, tempDir } from '@podpis/testkit';
import {
  buildName,
  decryptCms,
  encryptCms,
  generateSoftwareKey,
  importRecipientKey,
  issueCertificate,
  OID,
  PkiError,
  type ContentEncryption,
  type KeySpec,
  type RecipientKey,
} from '@podpis/pki';
import { pkiError } from './support/errors.js';
import { garbledCopies } from './support/garble.js';
import { pem } from './support/pem.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const MESSAGE = new TextEncoder().encode('Приказ № 17: выдать сертификат оператору.\n'.repeat(200));
/**
 * OpenSSL's GOST engine encrypts CTR-ACPKM content wrongly past the first
 * ACPKM section (1024 bytes for Magma, 4096 for Kuznyechik): it cannot
 * decrypt its own output then, while it decrypts ours of any length. Its
 * messages in these tests therefore stay within one section.
 */
const SHORT_MESSAGE = MESSAGE.subarray(0, 1000);

interface Recipient {
  name: string;
  certificate: Uint8Array;
  pkcs8: Uint8Array;
  key: RecipientKey;
  certPath: string;
  keyPath: string;
}

let serial = 1;

async function makeRecipient(dir: string, name: string, spec: KeySpec): Promise<Recipient> {
  const { signer, pkcs8 } = await generateSoftwareKey(spec);
  const subject = buildName([{ type: OID.commonName, value: name }]);
  const certificate = await issueCertificate(
    {
      serialNumber: Uint8Array.from([0x40, serial++]),
      subject,
      issuer: subject,
      notBefore: new Date(NOW.getTime() - 3600_000),
      notAfter: new Date(NOW.getTime() + 365 * 24 * 3600_000),
      publicKeyInfo: signer.publicKeyInfo,
      extensions: { keyUsage: spec.type === 'ecdsa' ? ['keyAgreement'] : ['keyEncipherment'] },
    },
    signer,
  );
  const certPath = join(dir, `${name}.pem`);
  const keyPath = join(dir, `${name}.key`);
  writeFileSync(certPath, pem('CERTIFICATE', certificate));
  writeFileSync(keyPath, pem('PRIVATE KEY', pkcs8));
  return { name, certificate, pkcs8, key: await importRecipientKey(pkcs8), certPath, keyPath };
}

/** MESSAGE encrypted for `recipient` alone, with `contentEncryption` or the default. */
function encryptFor(recipient: Recipient, contentEncryption?: ContentEncryption): Promise<Uint8Array> {
  return encryptCms({
    content: MESSAGE,
    recipients: [{ certificate: recipient.certificate }],
    ...(contentEncryption ? { contentEncryption } : {}),
  });
}

async function expectPkiError(promise: Promise<unknown>, code: string): Promise<void> {
  expect((await pkiError(promise)).code).toBe(code);
}

describe('CMS EnvelopedData', () => {
  const dir = tempDir();
  let rsa: Recipient;
  let ec: Recipient;
  let gost256: Recipient;
  let gost512: Recipient;

  beforeAll(async () => {
    rsa = await makeRecipient(dir, 'rsa', { type: 'rsa', modulusLength: 2048 });
    ec = await makeRecipient(dir, 'ec', { type: 'ecdsa', curve: 'P-256' });
    gost256 = await makeRecipient(dir, 'gost256', {
      type: 'gost',
      paramSet: OID.gost3410_2012_256_paramSetA,
    });
    gost512 = await makeRecipient(dir, 'gost512', {
      type: 'gost',
      paramSet: OID.gost3410_2012_512_paramSetA,
    });
  });

  function opensslDecrypt(der: Uint8Array, recipient: Recipient): Uint8Array {
    const file = join(dir, 'ours.der');
    writeFileSync(file, der);
    return new Uint8Array(
      openssl([
        'cms',
        '-decrypt',
        '-inform',
        'DER',
        '-in',
        file,
        '-recip',
        recipient.certPath,
        '-inkey',
        recipient.keyPath,
        '-binary',
      ]).stdout,
    );
  }

  function opensslEncrypt(recipient: Recipient, args: string[]): Uint8Array {
    const input = join(dir, 'message.bin');
    const output = join(dir, 'theirs.der');
    writeFileSync(input, SHORT_MESSAGE);
    openssl(['cms', '-encrypt', '-binary', '-outform', 'DER', '-in', input, '-out', output, ...args]);
    return new Uint8Array(readFileSync(output));
  }

  const cases: [string, () => Recipient, ContentEncryption][] = [
    ['RSA-OAEP, AES-256-GCM', () => rsa, 'aes256-gcm'],
    ['RSA-OAEP, AES-256-CBC', () => rsa, 'aes256-cbc'],
    ['ECDH P-256, AES-256-GCM', () => ec, 'aes256-gcm'],
    ['ECDH P-256, AES-256-CBC', () => ec, 'aes256-cbc'],
    ['GOST 256 KExp15, Kuznyechik', () => gost256, 'kuznyechik'],
    ['GOST 256 KExp15, Magma', () => gost256, 'magma'],
    ['GOST 512 KExp15, Kuznyechik', () => gost512, 'kuznyechik'],
    ['GOST 512 KExp15, Magma', () => gost512, 'magma'],
  ];

  it.each(cases)(
    '%s: we decrypt ours and OpenSSL decrypts ours',
    async (_, recipientOf, contentEncryption) => {
      const recipient = recipientOf();
      const der = await encryptFor(recipient, contentEncryption);
      const ours = await decryptCms(der, {
        recipientCertificate: recipient.certificate,
        decrypt: recipient.key,
      });
      expect(ours).toEqual(MESSAGE);
      expect(opensslDecrypt(der, recipient)).toEqual(MESSAGE);
    },
  );

  it('encrypts to several recipients at once; each opens it with their own key', async () => {
    const der = await encryptCms({
      content: MESSAGE,
      recipients: [{ certificate: rsa.certificate }, { certificate: ec.certificate }],
    });
    for (const r of [rsa, ec]) {
      expect(await decryptCms(der, { recipientCertificate: r.certificate, decrypt: r.key })).toEqual(MESSAGE);
    }
    expect(opensslDecrypt(der, ec)).toEqual(MESSAGE);
  });

  it('defaults to Kuznyechik for GOST recipients and refuses AES for them', async () => {
    const der = await encryptFor(gost256);
    const text = openssl(['asn1parse', '-inform', 'DER'], der).stdout.toString();
    expect(text).toContain('kuznyechik-ctr-acpkm-omac');
    expect(text).toContain('kuznyechik-kexp15');
    await expectPkiError(encryptFor(gost256, 'aes256-gcm'), 'INVALID_ARGUMENT');
  });

  const theirs: [string, () => Recipient, string[]][] = [
    [
      'RSA-OAEP SHA-256, -aes256',
      () => rsa,
      ['-aes256', '-recip', 'rsa.pem', '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256'],
    ],
    [
      'RSA-OAEP SHA-1, -aes-256-gcm',
      () => rsa,
      ['-aes-256-gcm', '-recip', 'rsa.pem', '-keyopt', 'rsa_padding_mode:oaep'],
    ],
    ['ECDH (SHA-1 KDF), -aes256', () => ec, ['-aes256', 'ec.pem']],
    [
      'ECDH (SHA-256 KDF), -aes-256-gcm',
      () => ec,
      ['-aes-256-gcm', '-recip', 'ec.pem', '-keyopt', 'ecdh_kdf_md:sha256'],
    ],
    ['GOST 256, -kuznyechik-ctr-acpkm-omac', () => gost256, ['-kuznyechik-ctr-acpkm-omac', 'gost256.pem']],
    ['GOST 256, -kuznyechik-ctr-acpkm', () => gost256, ['-kuznyechik-ctr-acpkm', 'gost256.pem']],
    ['GOST 256, -magma-ctr-acpkm-omac', () => gost256, ['-magma-ctr-acpkm-omac', 'gost256.pem']],
    ['GOST 512, -magma-ctr-acpkm', () => gost512, ['-magma-ctr-acpkm', 'gost512.pem']],
    ['GOST 512, -kuznyechik-ctr-acpkm-omac', () => gost512, ['-kuznyechik-ctr-acpkm-omac', 'gost512.pem']],
  ];

  it.each(theirs)('we decrypt openssl cms -encrypt: %s', async (_, recipientOf, args) => {
    const recipient = recipientOf();
    const der = opensslEncrypt(
      recipient,
      args.map((a) => (a.endsWith('.pem') ? join(dir, a) : a)),
    );
    const plain = await decryptCms(der, {
      recipientCertificate: recipient.certificate,
      decrypt: recipient.key,
    });
    expect(plain).toEqual(SHORT_MESSAGE);
  });

  it('refuses RSA PKCS#1 v1.5 key transport (OpenSSL default) with UNSUPPORTED_ALGORITHM', async () => {
    const der = opensslEncrypt(rsa, ['-aes256', join(dir, 'rsa.pem')]);
    await expectPkiError(
      decryptCms(der, { recipientCertificate: rsa.certificate, decrypt: rsa.key }),
      'UNSUPPORTED_ALGORITHM',
    );
  });

  it('someone else: NOT_A_RECIPIENT; a key not of the certificate: INVALID_KEY', async () => {
    const der = await encryptFor(rsa);
    await expectPkiError(
      decryptCms(der, { recipientCertificate: ec.certificate, decrypt: ec.key }),
      'NOT_A_RECIPIENT',
    );
    await expectPkiError(
      decryptCms(der, { recipientCertificate: rsa.certificate, decrypt: ec.key }),
      'INVALID_KEY',
    );
  });

  it.each([
    ['RSA', 'rsa', { type: 'rsa', modulusLength: 2048 }],
    ['ECDH', 'ec', { type: 'ecdsa', curve: 'P-256' }],
    ['GOST', 'gost256', { type: 'gost', paramSet: OID.gost3410_2012_256_paramSetA }],
  ] as const)(
    '%s: a wrong private key behind the right certificate → DECRYPTION_FAILED',
    async (_, name, spec) => {
      const recipient = { rsa, ec, gost256 }[name];
      const other = await importRecipientKey((await generateSoftwareKey(spec)).pkcs8);
      const impostor: RecipientKey = { ...other, publicKeyInfo: recipient.key.publicKeyInfo };
      const der = await encryptFor(recipient);
      await expectPkiError(
        decryptCms(der, { recipientCertificate: recipient.certificate, decrypt: impostor }),
        'DECRYPTION_FAILED',
      );
    },
  );

  it.each([
    ['AES-256-GCM', () => rsa, 'aes256-gcm'],
    ['Kuznyechik CTR-ACPKM-OMAC', () => gost256, 'kuznyechik'],
    ['Magma CTR-ACPKM-OMAC', () => gost512, 'magma'],
  ] as const)(
    '%s: a flipped ciphertext bit → DECRYPTION_FAILED',
    async (_, recipientOf, contentEncryption) => {
      const recipient = recipientOf();
      const der = await encryptFor(recipient, contentEncryption);
      // The content is the last large OCTET STRING; flip a bit well inside it.
      const tampered = der.slice();
      const at = der.length - 600;
      tampered[at] = tampered[at]! ^ 0x01;
      await expectPkiError(
        decryptCms(tampered, { recipientCertificate: recipient.certificate, decrypt: recipient.key }),
        'DECRYPTION_FAILED',
      );
    },
  );

  it('truncated or garbled input fails with PkiError only, or still yields exactly what was encrypted', async () => {
    const content = MESSAGE.subarray(0, 100);
    const der = await encryptCms({
      content,
      recipients: [{ certificate: ec.certificate }],
      contentEncryption: 'aes256-gcm',
    });
    const options = { recipientCertificate: ec.certificate, decrypt: ec.key };
    for (let length = 0; length < der.length; length += 7) {
      await expect(decryptCms(der.subarray(0, length), options)).rejects.toBeInstanceOf(PkiError);
    }
    for (const { garbled, at } of garbledCopies(der, 200, 1)) {
      await decryptCms(garbled, options).then(
        (plain) => {
          // AES-256-GCM authenticates the content: a garbled byte the
          // decryption survives (an unchanged value, an unused field)
          // cannot have changed the plaintext.
          expect(plain, `garbled byte ${at}`).toEqual(content);
        },
        (error: unknown) => {
          expect(error).toBeInstanceOf(PkiError);
        },
      );
    }
  });
});
