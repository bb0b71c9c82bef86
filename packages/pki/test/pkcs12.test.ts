import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openssl, tempDir, type OpensslResult } from '@podpis/testkit';
import {
  buildName,
  createPkcs12,
  generateSoftwareKey,
  importSoftwareKey,
  issueCertificate,
  OID,
  parsePkcs12,
  PkiError,
  toDer,
  type KeySpec,
  type Signer,
} from '@podpis/pki';
import { pkiError } from './support/errors.js';
import { garbledCopies } from './support/garble.js';
import { fromPem, pem } from './support/pem.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const PASSWORD = 'Пароль-оператора 1';
const FEW = 1000;

interface Holder {
  pkcs8: Uint8Array;
  certificate: Uint8Array;
  caCertificate: Uint8Array;
}

let serial = 1;

async function issue(subjectName: string, signer: Signer, issuer: Signer, issuerName: string, ca: boolean) {
  return issueCertificate(
    {
      serialNumber: Uint8Array.from([0x50, serial++]),
      subject: buildName([{ type: OID.commonName, value: subjectName }]),
      issuer: buildName([{ type: OID.commonName, value: issuerName }]),
      notBefore: new Date(NOW.getTime() - 3600_000),
      notAfter: new Date(NOW.getTime() + 365 * 24 * 3600_000),
      publicKeyInfo: signer.publicKeyInfo,
      extensions: ca
        ? { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'] }
        : { keyUsage: ['digitalSignature'] },
    },
    issuer,
  );
}

async function makeHolder(spec: KeySpec): Promise<Holder> {
  const ca = await generateSoftwareKey(spec);
  const user = await generateSoftwareKey(spec);
  return {
    pkcs8: user.pkcs8,
    certificate: await issue('Оператор', user.signer, ca.signer, 'Тестовый УЦ', false),
    caCertificate: await issue('Тестовый УЦ', ca.signer, ca.signer, 'Тестовый УЦ', true),
  };
}

/** The public key OpenSSL derives from a private key, to compare keys whatever their PKCS#8 layout. */
function opensslPublicKey(dir: string, keyPem: string): Uint8Array {
  const file = join(dir, 'k.pem');
  writeFileSync(file, keyPem);
  return new Uint8Array(openssl(['pkey', '-in', file, '-pubout', '-outform', 'DER']).stdout);
}

/** `openssl pkcs12 -export` of the holder's key and certificate with `options`, in files named after `name` in `dir`. */
function opensslExport(dir: string, name: string, holder: Holder, options: readonly string[]): Uint8Array {
  const keyFile = join(dir, `${name}-key.pem`);
  const certFile = join(dir, `${name}-cert.pem`);
  const out = join(dir, `${name}-openssl.p12`);
  writeFileSync(keyFile, pem('PRIVATE KEY', holder.pkcs8));
  writeFileSync(certFile, pem('CERTIFICATE', holder.certificate));
  openssl([
    'pkcs12',
    '-export',
    '-inkey',
    keyFile,
    '-in',
    certFile,
    ...options,
    '-passout',
    `pass:${PASSWORD}`,
    '-out',
    out,
  ]);
  return new Uint8Array(readFileSync(out));
}

/** What `openssl pkcs12` with `options` reads from the PKCS#12 `file` under PASSWORD. */
function opensslRead(file: string, ...options: string[]): OpensslResult {
  return openssl(['pkcs12', '-in', file, '-passin', `pass:${PASSWORD}`, ...options]);
}

/** The first PEM block of OpenSSL's output, which also prints "Bag Attributes" text. */
function firstPem(text: string): Uint8Array {
  const block = /-----BEGIN [^-]+-----[^-]+-----END [^-]+-----/.exec(text);
  if (!block) throw new Error(`no PEM block in: ${text}`);
  return fromPem(block[0]);
}

async function ourPublicKey(pkcs8: Uint8Array): Promise<Uint8Array> {
  return toDer((await importSoftwareKey(pkcs8)).publicKeyInfo);
}

describe('PKCS#12', () => {
  const dir = tempDir();
  const holders: Record<'ecdsa' | 'rsa' | 'gost', Holder> = {} as Record<'ecdsa' | 'rsa' | 'gost', Holder>;

  beforeAll(async () => {
    holders.ecdsa = await makeHolder({ type: 'ecdsa', curve: 'P-256' });
    holders.rsa = await makeHolder({ type: 'rsa', modulusLength: 2048 });
    holders.gost = await makeHolder({ type: 'gost', paramSet: OID.gost3410_2012_256_paramSetB });
  });

  it.each(['ecdsa', 'rsa', 'gost'] as const)(
    '%s: ours round-trips and openssl pkcs12 reads the same key and certificates',
    async (kind) => {
      const holder = holders[kind];
      const p12 = await createPkcs12({
        pkcs8: holder.pkcs8,
        certificate: holder.certificate,
        chain: [holder.caCertificate],
        password: PASSWORD,
        friendlyName: 'Оператор УЦ',
        iterations: FEW,
      });
      const parsed = await parsePkcs12(p12, PASSWORD);
      expect(parsed.pkcs8).toEqual(holder.pkcs8);
      expect(parsed.certificate).toEqual(holder.certificate);
      expect(parsed.chain).toEqual([holder.caCertificate]);
      expect(parsed.friendlyName).toBe('Оператор УЦ');

      const file = join(dir, `${kind}.p12`);
      writeFileSync(file, p12);
      const keyPem = opensslRead(file, '-nodes', '-nocerts').stdout.toString();
      expect(opensslPublicKey(dir, keyPem)).toEqual(await ourPublicKey(holder.pkcs8));
      expect(firstPem(opensslRead(file, '-nokeys', '-clcerts').stdout.toString())).toEqual(
        holder.certificate,
      );
      expect(firstPem(opensslRead(file, '-nokeys', '-cacerts').stdout.toString())).toEqual(
        holder.caCertificate,
      );
      const info = opensslRead(file, '-info', '-noout').stderr;
      expect(info).toContain('PBES2, PBKDF2, AES-256-CBC');
      expect(info).toMatch(/MAC: sha256, Iteration 1000/);
    },
  );

  it('uses 100,000 iterations by default, which OpenSSL accepts', async () => {
    const holder = holders.ecdsa;
    const p12 = await createPkcs12({
      pkcs8: holder.pkcs8,
      certificate: holder.certificate,
      password: PASSWORD,
    });
    const file = join(dir, 'default.p12');
    writeFileSync(file, p12);
    const info = opensslRead(file, '-info', '-nodes');
    expect(info.stderr).toMatch(/MAC: sha256, Iteration 100000/);
    expect(info.stderr).toMatch(/PBKDF2, AES-256-CBC, Iteration 100000/);
    expect((await parsePkcs12(p12, PASSWORD)).pkcs8).toEqual(holder.pkcs8);
  });

  it.each(['ecdsa', 'rsa'] as const)('%s: openssl pkcs12 -export output parses', async (kind) => {
    const holder = holders[kind];
    const caFile = join(dir, `${kind}-ca.pem`);
    writeFileSync(caFile, pem('CERTIFICATE', holder.caCertificate));
    const p12 = opensslExport(dir, kind, holder, ['-certfile', caFile, '-name', 'operator']);
    const parsed = await parsePkcs12(p12, PASSWORD);
    expect(await ourPublicKey(parsed.pkcs8)).toEqual(await ourPublicKey(holder.pkcs8));
    expect(parsed.certificate).toEqual(holder.certificate);
    expect(parsed.chain).toEqual([holder.caCertificate]);
    expect(parsed.friendlyName).toBe('operator');
    expect((await pkiError(parsePkcs12(p12, 'not the password'))).code).toBe('WRONG_PASSWORD');
  });

  it('a wrong password is WRONG_PASSWORD for us and an error for OpenSSL', async () => {
    const holder = holders.gost;
    const p12 = await createPkcs12({
      pkcs8: holder.pkcs8,
      certificate: holder.certificate,
      password: PASSWORD,
      iterations: FEW,
    });
    expect((await pkiError(parsePkcs12(p12, 'пароль'))).code).toBe('WRONG_PASSWORD');
    const file = join(dir, 'wrong.p12');
    writeFileSync(file, p12);
    expect(() => openssl(['pkcs12', '-in', file, '-passin', 'pass:wrong', '-nodes'])).toThrow(
      /mac verify error/i,
    );
  });

  it('legacy PKCS#12 PBE (3DES) is UNSUPPORTED_ALGORITHM', async () => {
    const holder = holders.rsa;
    const p12 = opensslExport(dir, 'legacy', holder, [
      '-keypbe',
      'PBE-SHA1-3DES',
      '-certpbe',
      'PBE-SHA1-3DES',
    ]);
    const error = await pkiError(parsePkcs12(p12, PASSWORD));
    expect(error.code).toBe('UNSUPPORTED_ALGORITHM');
  });

  it('truncated or garbled files fail with PkiError only, or still yield exactly what was stored', async () => {
    const holder = holders.ecdsa;
    const p12 = await createPkcs12({
      pkcs8: holder.pkcs8,
      certificate: holder.certificate,
      password: PASSWORD,
      iterations: 10,
    });
    for (let length = 0; length < p12.length; length += 5) {
      await pkiError(parsePkcs12(p12.subarray(0, length), PASSWORD));
    }
    for (const { garbled, at } of garbledCopies(p12, 300, 7)) {
      await parsePkcs12(garbled, PASSWORD).then(
        (parsed) => {
          // The MAC covers the key and certificate bags: a garbled byte the
          // parse survives cannot have changed them.
          expect(parsed.pkcs8, `garbled byte ${at}`).toEqual(holder.pkcs8);
          expect(parsed.certificate, `garbled byte ${at}`).toEqual(holder.certificate);
        },
        (error: unknown) => {
          expect(error).toBeInstanceOf(PkiError);
        },
      );
    }
  });
});
