import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl, tempDir } from '@podpis/testkit';

function pem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * `openssl cms -encrypt` of `content` to the certificate (DER), with the
 * cipher and `-keyopt`s (for this recipient) in `args` (e.g. `-aes256`, or `-kuznyechik-ctr-acpkm-omac`
 * through the GOST engine); the EnvelopedData, DER.
 */
export function opensslEncryptTo(
  certificate: Uint8Array,
  content: Uint8Array,
  args: readonly string[],
): Uint8Array {
  const dir = tempDir('podpis-cms-');
  writeFileSync(join(dir, 'recipient.pem'), pem('CERTIFICATE', certificate));
  writeFileSync(join(dir, 'content.bin'), content);
  openssl([
    'cms',
    '-encrypt',
    '-binary',
    '-outform',
    'DER',
    '-in',
    join(dir, 'content.bin'),
    '-out',
    join(dir, 'message.der'),
    '-recip',
    join(dir, 'recipient.pem'),
    ...args,
  ]);
  return new Uint8Array(readFileSync(join(dir, 'message.der')));
}

/** `openssl cms -decrypt` of an EnvelopedData (DER) with a certificate (DER) and its key (a PEM file). */
export function opensslDecrypt(message: Uint8Array, certificate: Uint8Array, keyFile: string): Uint8Array {
  const dir = tempDir('podpis-cms-');
  writeFileSync(join(dir, 'recipient.pem'), pem('CERTIFICATE', certificate));
  writeFileSync(join(dir, 'message.der'), message);
  return new Uint8Array(
    openssl([
      'cms',
      '-decrypt',
      '-binary',
      '-inform',
      'DER',
      '-in',
      join(dir, 'message.der'),
      '-recip',
      join(dir, 'recipient.pem'),
      '-inkey',
      keyFile,
    ]).stdout,
  );
}
