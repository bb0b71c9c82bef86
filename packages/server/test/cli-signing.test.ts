import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf } from '../../pki/test/support/pdf.js';
import { Progress, formatBytes } from '../src/cli/commands/progress.js';
import {
  DIGESTS_ONLY_FROM_BYTES,
  uploadKeeps,
  type SignOptions,
} from '../src/cli/commands/sign-parameters.js';
import { TEST_PIN, TestApi } from './support/api.js';
import { runCli, runCliProcess, type CliResult } from './support/cli.js';
import { holderWithApiToken, opensslVerifyCmsFiles, startHttpsServer } from './support/signing.js';

/** A user of the running server as the command line knows them: a certificate serial and an API token. */
interface Holder {
  serial: string;
  token: string;
}

describe('progress on stderr', () => {
  it('shows bytes, total, percentage and speed, at most once a second in lines, and a final line', () => {
    let now = 0;
    const written: string[] = [];
    const progress = new Progress(
      'upload a.bin',
      4 * 1024 * 1024,
      'lines',
      (text) => written.push(text),
      () => now,
    );
    now = 500;
    progress.add(1024 * 1024);
    now = 800;
    progress.add(1024 * 1024);
    now = 2000;
    progress.add(2 * 1024 * 1024);
    progress.finish();
    expect(written).toEqual([
      'upload a.bin: 1.0 MiB / 4.0 MiB (25%) 2.0 MiB/s\n',
      'upload a.bin: 4.0 MiB / 4.0 MiB (100%) 2.0 MiB/s\n',
    ]);
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
  });
});

describe('what podpis sign has the server keep of an uploaded file', () => {
  const options = (more: Partial<SignOptions> = {}): SignOptions => ({
    cert: '01',
    format: 'cades',
    ...more,
  });
  const threshold = DIGESTS_ONLY_FROM_BYTES;

  it('its digests alone from 64 MiB for detached CAdES and raw; the file itself below that, for what embeds it, and with --keep-document', () => {
    expect(threshold).toBe(64 * 1024 * 1024);
    expect(uploadKeeps(options(), threshold)).toBe('digests');
    expect(uploadKeeps(options(), 1024 ** 3)).toBe('digests');
    expect(uploadKeeps(options({ format: 'raw' }), threshold)).toBe('digests');
    expect(uploadKeeps(options(), threshold - 1)).toBe('content');
    expect(uploadKeeps(options({ attached: true }), threshold)).toBe('content');
    expect(uploadKeeps(options({ format: 'xades' }), threshold)).toBe('content');
    expect(uploadKeeps(options({ format: 'pades' }), threshold)).toBe('content');
    expect(uploadKeeps(options({ keepDocument: true }), threshold)).toBe('content');
  });
});

describe('podpis sign, verify, encrypt and decrypt against a running HTTPS server with an API token', () => {
  let started: Awaited<ReturnType<typeof startHttpsServer>>;
  let api: TestApi;
  let dir: string;
  /** The installation's signing CAs, for openssl cms -verify. */
  let signingCaFile: string;
  /** The infrastructure CA that issued the server's TLS certificate, for --ca. */
  let tlsCaFile: string;
  let server: string;
  let alice: Holder;
  let bob: Holder;

  const file = (name: string, content?: Uint8Array | string): string => {
    const path = join(dir, name);
    if (content !== undefined) writeFileSync(path, content);
    return path;
  };

  /** The environment of `podpis …` as `holder`, trusting the server's CA; PIN from PODPIS_PIN. */
  const environment = (holder: Holder | undefined, env: Record<string, string>): Record<string, string> => ({
    PODPIS_URL: server,
    PODPIS_CA: tlsCaFile,
    PODPIS_PIN: TEST_PIN.pin,
    ...(holder ? { PODPIS_TOKEN: holder.token } : {}),
    ...env,
  });
  /** Runs `podpis …` in-process as `holder`. */
  const podpis = (holder: Holder | undefined, args: readonly string[], env: Record<string, string> = {}) =>
    runCli(args, environment(holder, env));
  /** Runs the `podpis` binary as `holder`: a client command's own path in main.ts, without the server loaded. */
  const podpisProcess = (holder: Holder, args: readonly string[]) =>
    runCliProcess(args, environment(holder, {}));

  const ok = (result: CliResult): CliResult => {
    expect(result.code, result.stderr).toBe(0);
    return result;
  };

  beforeAll(async () => {
    dir = tempDir('podpis-cli-signing-');
    started = await startHttpsServer(dir);
    ({ api, server, signingCaFile } = started);
    tlsCaFile = file('tls-ca.pem', started.tlsCa);
    const holder = (login: string): Promise<Holder> => holderWithApiToken(api, login, 'cli');
    alice = await holder('cli-alice');
    bob = await holder('cli-bob');
  }, 120_000);

  afterAll(async () => {
    await started.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const opensslVerify = (signature: string, content?: string): string =>
    opensslVerifyCmsFiles(signingCaFile, {
      signature,
      ...(content !== undefined ? { content } : {}),
      out: `${signature}.out`,
    });

  it('signs two files as detached CAdES in one operation, attached, and by digest only (--hash): OpenSSL verifies each', async () => {
    const contract = file('contract.txt', 'Договор поставки № 7\n');
    const annex = file('annex.bin', randomBytes(3000));
    const order = file('order.txt', 'Приказ № 12\n');
    const secret = file('secret.bin', randomBytes(5000));
    const [two, attached, hashed] = await Promise.all([
      podpis(alice, ['sign', contract, annex, '--cert', alice.serial, '--json']),
      podpis(alice, ['sign', order, '--cert', alice.serial, '--attached', '-o', file('order.p7m')]),
      podpis(alice, ['sign', secret, '--cert', alice.serial, '--hash', '--format', 'cades']),
    ]);

    const batch = JSON.parse(ok(two).stdout) as { operation: string; results: { output: string }[] };
    expect(batch.results.map((r) => r.output)).toEqual([`${contract}.p7s`, `${annex}.p7s`]);
    expect(opensslVerify(`${contract}.p7s`, contract)).toMatch(/Verification successful/);
    expect(opensslVerify(`${annex}.p7s`, annex)).toMatch(/Verification successful/);
    expect(() => opensslVerify(`${contract}.p7s`, annex)).toThrow();

    expect(ok(attached).stdout).toContain(`${order} → ${file('order.p7m')}`);
    expect(opensslVerify(file('order.p7m'))).toMatch(/Verification successful/);
    expect(readFileSync(`${file('order.p7m')}.out`, 'utf8')).toBe('Приказ № 12\n');

    ok(hashed);
    expect(opensslVerify(`${secret}.p7s`, secret)).toMatch(/Verification successful/);
  });

  it('signs a PDF in PAdES with a stamp; verify prints TOTAL_PASSED and exits 0, a detached signature over tampered content exits 1', async () => {
    const pdf = file('offer.pdf', await samplePdf());
    const letter = file('letter.txt', 'Письмо № 3\n');
    const [padesSigned, cadesSigned] = await Promise.all([
      podpis(alice, [
        'sign',
        pdf,
        '--cert',
        alice.serial,
        '--format',
        'pades',
        '--stamp',
        '-1,36,36',
        '--stamp-lang',
        'en',
      ]),
      podpis(alice, ['sign', letter, '--cert', alice.serial]),
    ]);
    ok(padesSigned);
    ok(cadesSigned);
    const signedPdf = file('offer.signed.pdf');
    expect(readFileSync(signedPdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const tampered = file('letter-tampered.txt', 'Письмо № 4\n');
    const [pdfReport, passed, failed] = await Promise.all([
      podpis(alice, ['verify', signedPdf, '--report', file('report.html'), '--lang', 'en']),
      podpis(alice, ['verify', `${letter}.p7s`, '--content', letter]),
      podpis(alice, ['verify', `${letter}.p7s`, '--content', tampered]),
    ]);
    expect(ok(pdfReport).stdout).toMatch(/signature 1: TOTAL_PASSED \(PAdES-B-B\)/);
    expect(readFileSync(file('report.html'), 'utf8')).toContain('TOTAL_PASSED');
    expect(ok(passed).stdout).toMatch(/signer: .*serial/);
    expect(passed.stdout).toMatch(/^TOTAL_PASSED: 1 signature\(s\)$/m);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/TOTAL_FAILED|INDETERMINATE/);
    expect(failed.stdout).not.toMatch(/^TOTAL_PASSED/m);
  });

  it('encrypts to a second user by serial; that user decrypts to the original bytes; a wrong PIN exits 1 with KEY_PIN_WRONG', async () => {
    const original = randomBytes(10_000);
    const salary = file('salary.xlsx', original);
    ok(await podpis(alice, ['encrypt', salary, '--to', bob.serial]));
    // One after the other: the wrong PIN counts against the key that the right one then opens.
    const wrong = await podpis(bob, ['decrypt', `${salary}.p7m`, '-o', file('wrong.xlsx')], {
      PODPIS_PIN: '00000000',
    });
    const right = await podpis(bob, ['decrypt', `${salary}.p7m`, '-o', file('salary-decrypted.xlsx')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^podpis: .* \[KEY_PIN_WRONG\]\n$/);
    expect(ok(right).stdout).toContain('salary-decrypted.xlsx');
    expect(readFileSync(file('salary-decrypted.xlsx')).equals(original)).toBe(true);

    const signWrong = await podpis(alice, ['sign', salary, '--cert', alice.serial, '-o', file('x.p7s')], {
      PODPIS_PIN: '00000000',
    });
    expect(signWrong.code).toBe(1);
    expect(signWrong.stderr).toMatch(/^podpis: wrong PIN .*attempts left \[KEY_PIN_WRONG\]\n$/);
  });

  it('says clearly what is missing or wrong: no token (2), an unknown certificate (1), an untrusted TLS certificate or no server (3)', async () => {
    const note = file('note.txt', 'x');
    const [noToken, noPin, unknownCert, untrusted, unreachable] = await Promise.all([
      podpis(undefined, ['sign', note, '--cert', alice.serial]),
      podpis(alice, ['sign', note, '--cert', alice.serial], { PODPIS_PIN: '' }),
      podpisProcess(alice, ['sign', note, '--cert', 'abcdef0123']),
      podpis(alice, ['verify', note], { PODPIS_CA: '' }),
      podpis(alice, ['verify', note], { PODPIS_URL: 'https://127.0.0.1:9' }),
    ]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('no API token: set PODPIS_TOKEN');
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toBe(
      'podpis: the key PIN is needed: give --pin-file FILE or set PODPIS_PIN (or run on a terminal to be asked)\n',
    );
    expect(unknownCert.code).toBe(1);
    expect(unknownCert.stderr).toMatch(/\[CERT_NOT_FOUND\]\n$/);
    expect(untrusted.code).toBe(3);
    expect(untrusted.stderr).toMatch(/not trusted .*--ca FILE .*\[TLS_UNTRUSTED\]/);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(
      /cannot reach https:\/\/127\.0\.0\.1:9: ECONNREFUSED \[SERVER_UNREACHABLE\]/,
    );
    for (const result of [noToken, noPin, unknownCert, untrusted, unreachable]) {
      expect(result.stderr).not.toContain(alice.token);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('uploads a 20 MiB file as a stream with progress lines (--progress), then signs it by its id; OpenSSL verifies', async () => {
    const big = file('archive.bin', randomBytes(20 * 1024 * 1024));
    const result = ok(await podpis(alice, ['sign', big, '--cert', alice.serial, '--progress']));
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('upload archive.bin: '));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(
      /^upload archive\.bin: 20\.0 MiB \/ 20\.0 MiB \(100%\) [\d.]+ (KiB|MiB)\/s$/,
    );
    expect(opensslVerify(`${big}.p7s`, big)).toMatch(/Verification successful/);
  });

  it('a 64 MiB file signed detached is uploaded for its digests alone (the server stores no byte of it); OpenSSL verifies; --keep-document with --hash is a usage error', async () => {
    const huge = file('huge.bin', randomBytes(64 * 1024 * 1024));
    const result = ok(await podpis(alice, ['sign', huge, '--cert', alice.serial, '--progress']));
    expect(result.stderr).toMatch(/^upload huge\.bin \(digests only\): 64\.0 MiB \/ 64\.0 MiB \(100%\)/m);
    expect(opensslVerify(`${huge}.p7s`, huge)).toMatch(/Verification successful/);
    const { rows } = await started.db.query<{ details: { contentKept: boolean; size: number } }>(
      `SELECT details FROM audit_log WHERE action = 'document.upload' AND details->>'name' = 'huge.bin'`,
    );
    expect(rows.map((r) => r.details)).toMatchObject([{ contentKept: false, size: 64 * 1024 * 1024 }]);

    const both = await podpis(alice, ['sign', huge, '--cert', alice.serial, '--hash', '--keep-document']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--hash with --keep-document');
  });
});
