import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '@podpis/testkit';
import { IVANOV } from '../../pki/test/support/subjects.js';
import { openPglite } from '../src/db/pglite.js';
import { CLI_ENTRY, exitCode, runCli, spawnTs, waitForLine, type CliResult } from './support/cli.js';

const PIN = 'Secret-PIN-4711';
const STDIN_PIN = 'Other-PIN-0815';
const PASSPHRASE = 'backup passphrase of the test';
const dirs: string[] = [];
const results: CliResult[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function newDir(): string {
  const dir = tempDir('podpis-cli-');
  dirs.push(dir);
  return dir;
}

async function cli(args: readonly string[], dataDir: string): Promise<CliResult> {
  const result = await runCli(args, { PODPIS_DATA_DIR: dataDir, PODPIS_SCRYPT_COST: '14' });
  results.push(result);
  return result;
}

/** Runs a command that must succeed with --json and returns its parsed output. */
async function json<T>(args: readonly string[], dataDir: string): Promise<T> {
  const result = await cli([...args, '--json'], dataDir);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** Runs the CLI with `input` on standard input. */
async function withStdin(args: readonly string[], dataDir: string, input: string): Promise<CliResult> {
  const result = await runCli(args, { PODPIS_DATA_DIR: dataDir }, input);
  results.push(result);
  return result;
}

/** `podpis user create` for Ivanov: his login, then each profile field as its option (--organization for organizationName). */
const CREATE_IVANOV = [
  '--login',
  'ivanov',
  ...Object.entries(IVANOV).flatMap(([field, value]) => [
    `--${field === 'organizationName' ? 'organization' : field}`,
    value,
  ]),
];

interface Certificate {
  serial: string;
  status: string;
  caId: string;
  revocationReason?: string | null;
}

describe('podpis user, cert, crl, backup and restore', () => {
  it('exits 2 on wrong usage, before touching any database', async () => {
    const dir = newDir();
    const [missing, noPin, bothPins, badReason, badLimit, noField, pgBackup] = await Promise.all([
      cli(['user', 'create', '--login', 'x'], dir),
      cli(['cert', 'request', 'ivanov'], dir),
      cli(['cert', 'request', 'ivanov', '--pin-file', '/nonexistent', '--pin-stdin'], dir),
      cli(['cert', 'revoke', '01', '--reason', 'boredom'], dir),
      cli(['user', 'list', '--limit', 'many'], dir),
      cli(['user', 'edit', 'ivanov', '--version', '1'], dir),
      runCli(['backup', '--out', join(dir, 'b.backup')], {
        DATABASE_URL: 'postgres://podpis:pw@127.0.0.1:1/podpis',
      }),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--surname <value>' not specified");
    expect(noPin).toMatchObject({ code: 2, stdout: '' });
    expect(noPin.stderr).toContain('exactly one of --pin-file FILE or --pin-stdin');
    expect(bothPins.code).toBe(2);
    expect(badReason.code).toBe(2);
    expect(badReason.stderr).toContain("argument 'boredom' is invalid");
    expect(badLimit.code).toBe(2);
    expect(noField.code).toBe(2);
    expect(pgBackup.code).toBe(2);
    expect(pgBackup.stderr).toContain('give its passphrase with --passphrase-file FILE');
    expect(existsSync(join(dir, 'pglite'))).toBe(false);
  });

  it('registers a user, issues, renews, revokes and downloads a certificate, then backs up and restores', async () => {
    const dir = newDir();
    expect((await cli(['init', '--alg', 'ecdsa'], dir)).code).toBe(0);

    const created = await json<{ user: { id: string; login: string }; temporaryPassword: string }>(
      ['user', 'create', ...CREATE_IVANOV],
      dir,
    );
    expect(created.user.login).toBe('ivanov');
    expect(created.temporaryPassword.length).toBeGreaterThanOrEqual(8);

    const list = await cli(['user', 'list', '--search', 'иван'], dir);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+LOGIN\s+STATUS\s+NAME\s+SNILS\n/);
    expect(list.stdout).toContain(`${created.user.id}  ivanov  active  Иванов Иван Иванович  11223344595`);
    const shown = await json<{ id: string; version: number; profile: { snils: string } }>(
      ['user', 'show', 'IVANOV'],
      dir,
    );
    expect(shown).toMatchObject({ id: created.user.id, version: 1, profile: { snils: '11223344595' } });

    const pinFile = join(dir, 'pin.txt');
    writeFileSync(pinFile, `${PIN}\n`, { mode: 0o600 });
    const noToken = await cli(
      ['cert', 'request', 'ivanov', '--pin-file', pinFile, '--key-store', 'pkcs11'],
      dir,
    );
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/\[KEY_STORE_UNAVAILABLE\]\n$/);
    const issued = await json<Certificate>(
      ['cert', 'request', 'ivanov', '--pin-file', pinFile, '--alg', 'ecdsa-p256', '--days', '30'],
      dir,
    );
    expect(issued).toMatchObject({ status: 'valid', caId: 'issuing' });

    const renewed = await withStdin(
      ['cert', 'renew', issued.serial, '--pin-stdin', '--json'],
      dir,
      `${STDIN_PIN}\n`,
    );
    expect(renewed.code).toBe(0);
    const renewal = JSON.parse(renewed.stdout) as { certificate: Certificate; revoked: string | null };
    expect(renewal.revoked).toBeNull();

    const certificates = await cli(['cert', 'list', '--user', created.user.id], dir);
    expect(certificates.code).toBe(0);
    expect(certificates.stdout).toMatch(new RegExp(`^${issued.serial}\\s+valid\\s+qualified`, 'm'));
    expect(certificates.stdout).toMatch(
      new RegExp(`^${renewal.certificate.serial}\\s+valid\\s+qualified`, 'm'),
    );

    const revoked = await cli(['cert', 'revoke', issued.serial, '--reason', 'keyCompromise'], dir);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(
      /^revoked certificate [0-9a-f]+\nCRL \d+ of issuing published; next update /,
    );
    const again = await cli(['cert', 'revoke', issued.serial], dir);
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toBe(
      `podpis: certificate ${issued.serial} is already revoked [CERT_ALREADY_REVOKED]\n`,
    );

    const crls = await json<{ caId: string; number: string; nextUpdate: string }[]>(
      ['crl', '--ca', 'issuing'],
      dir,
    );
    expect(crls).toHaveLength(1);
    expect(Number(crls[0]?.number)).toBeGreaterThanOrEqual(3);
    expect(Date.parse(crls[0]?.nextUpdate ?? '')).toBeGreaterThan(Date.now());

    const pem = await cli(['cert', 'download', issued.serial, '--format', 'pem'], dir);
    expect(pem.code).toBe(0);
    const parsed = execFileSync('openssl', ['x509', '-noout', '-serial'], { input: pem.stdout }).toString();
    expect(parsed.trim().toLowerCase()).toBe(`serial=${issued.serial}`);

    const archive = join(newDir(), 'podpis.backup');
    const passphraseFile = join(dir, 'backup-passphrase');
    writeFileSync(passphraseFile, `${PASSPHRASE}\n`, { mode: 0o600 });
    const weakFile = join(dir, 'weak-passphrase');
    writeFileSync(weakFile, 'short\n', { mode: 0o600 });
    const weak = await cli(['backup', '--out', archive, '--passphrase-file', weakFile], dir);
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('at least 12 characters');
    const backup = await json<{ file: string; entries: string[]; database: string }>(
      ['backup', '--out', archive, '--passphrase-file', passphraseFile],
      dir,
    );
    expect(backup).toMatchObject({ entries: ['pglite', 'keys'], database: 'embedded' });
    expect(statSync(archive).mode & 0o077).toBe(0);
    // Encrypted: neither the master key nor any name in the database shows.
    const sealed = readFileSync(archive);
    expect(sealed.subarray(0, 8).toString()).toBe('PODPISBK');
    expect(sealed.includes(readFileSync(join(dir, 'keys', 'master.key')))).toBe(false);
    expect(sealed.includes(Buffer.from('ivanov'))).toBe(false);
    // The archive format of earlier versions (an unencrypted tar.gz) is still restored.
    const legacy = join(newDir(), 'legacy.tgz');
    execFileSync('tar', ['-czf', legacy, '--exclude=pglite/podpis.lock', '-C', dir, 'pglite', 'keys']);

    // `init` on an existing installation issues what it lacks, as `serve` does at start.
    const initAgain = await cli(['init'], dir);
    expect(initAgain.stdout).toContain('already exists; nothing to do');
    const installation = await openPglite(join(dir, 'pglite'));
    await installation.query("DELETE FROM certificates WHERE purpose = 'tsa'");
    await installation.close();
    const toppedUp = await cli(['init'], dir);
    expect(toppedUp.code).toBe(0);
    expect(toppedUp.stdout).toMatch(/issued what it lacked:\n {2}issuing\/tsa [0-9a-f]+ \(missing\)\n/);

    const restoredDir = newDir();
    const noPassphrase = await cli(['restore', '--in', archive], restoredDir);
    expect(noPassphrase.code).toBe(2);
    expect(noPassphrase.stderr).toContain('--passphrase-file FILE or PODPIS_BACKUP_PASSPHRASE');
    const restored = await runCli(['restore', '--in', archive], {
      PODPIS_DATA_DIR: restoredDir,
      PODPIS_BACKUP_PASSPHRASE: PASSPHRASE,
    });
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(/^restored pglite, keys into .*\n.*migration \d+\n {2}audit log: OK: /);
    expect(readFileSync(join(restoredDir, 'keys', 'master.key'))).toEqual(
      readFileSync(join(dir, 'keys', 'master.key')),
    );
    const refused = await cli(['restore', '--in', archive, '--passphrase-file', passphraseFile], restoredDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\[INSTALLATION_EXISTS\]\n$/);
    const legacyDir = newDir();
    const fromLegacy = await cli(['restore', '--in', legacy], legacyDir);
    expect(fromLegacy.stdout).toMatch(/audit log: OK: /);
    expect(fromLegacy.code).toBe(0);

    const db = await openPglite(join(restoredDir, 'pglite'));
    try {
      const { rows } = await db.query<{ action: string }>(
        'SELECT DISTINCT action FROM audit_log WHERE actor = $1 ORDER BY action',
        [`cli:${userInfo().username}`],
      );
      expect(rows.map((r) => r.action)).toEqual(
        expect.arrayContaining(['user.create', 'certificate.revoke', 'crl.publish']),
      );
    } finally {
      await db.close();
    }

    for (const result of results) {
      for (const pin of [PIN, STDIN_PIN, PASSPHRASE]) {
        expect(result.stdout).not.toContain(pin);
        expect(result.stderr).not.toContain(pin);
      }
    }
  }, 480_000);

  it('edits a user, suspends, resumes, renews with --revoke-old, deletes and downloads a p7b; a running server’s lock is explained', async () => {
    const dir = newDir();
    expect((await cli(['init', '--alg', 'ecdsa'], dir)).code).toBe(0);
    await json(['user', 'create', ...CREATE_IVANOV], dir);

    const edited = await json<{ version: number; profile: { locality: string; email: string } }>(
      ['user', 'edit', 'ivanov', '--version', '1', '--locality', 'Тула', '--email', 'ivanov@example.ru'],
      dir,
    );
    expect(edited).toMatchObject({ version: 2, profile: { locality: 'Тула', email: 'ivanov@example.ru' } });
    const stale = await cli(['user', 'edit', 'ivanov', '--version', '1', '--locality', 'Орёл'], dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/\[CONCURRENT_EDIT\]\n$/);

    const pinFile = join(dir, 'pin.txt');
    writeFileSync(pinFile, PIN, { mode: 0o600 });
    const issued = await json<Certificate>(
      ['cert', 'request', 'ivanov', '--pin-file', pinFile, '--alg', 'ecdsa-p256'],
      dir,
    );

    const suspended = await json<{ certificate: Certificate; crl: { caId: string } }>(
      ['cert', 'suspend', issued.serial],
      dir,
    );
    expect(suspended).toMatchObject({ certificate: { status: 'suspended' }, crl: { caId: 'issuing' } });
    const twice = await cli(['cert', 'suspend', issued.serial], dir);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/\[CERT_ALREADY_SUSPENDED\]\n$/);
    const resumed = await cli(['cert', 'resume', issued.serial], dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(
      new RegExp(`^certificate ${issued.serial} is valid\\nCRL \\d+ of issuing published`),
    );
    const stillValid = await cli(['cert', 'delete', issued.serial], dir);
    expect(stillValid.code).toBe(1);
    expect(stillValid.stderr).toMatch(/\[CERT_STILL_VALID\]\n$/);

    const renewal = await json<{ certificate: Certificate; revoked: string | null; crl: { caId: string } }>(
      ['cert', 'renew', issued.serial, '--pin-file', pinFile, '--revoke-old', '--days', '30'],
      dir,
    );
    expect(renewal).toMatchObject({
      revoked: issued.serial,
      certificate: { status: 'valid' },
      crl: { caId: 'issuing' },
    });
    expect(await json<Certificate>(['cert', 'show', issued.serial], dir)).toMatchObject({
      status: 'revoked',
      revocationReason: 'superseded',
    });

    expect(await json(['cert', 'delete', issued.serial], dir)).toEqual({
      serial: issued.serial,
      deleted: true,
    });
    const everything = await cli(['cert', 'list', '--all'], dir);
    expect(everything.stdout).toMatch(new RegExp(`^${issued.serial}\\s+revoked \\(deleted\\)`, 'm'));
    expect(everything.stdout).toMatch(new RegExp(`^${renewal.certificate.serial}\\s+valid`, 'm'));

    const p7b = join(dir, 'chain.p7b');
    const written = await json<{ file: string; bytes: number }>(
      ['cert', 'download', renewal.certificate.serial, '--format', 'p7b', '--out', p7b],
      dir,
    );
    expect(written).toMatchObject({ file: p7b, format: 'p7b' });
    const printed = execFileSync('openssl', [
      'pkcs7',
      '-inform',
      'DER',
      '-in',
      p7b,
      '-print_certs',
      '-noout',
    ]).toString();
    expect(printed.match(/^subject=/gm)).toHaveLength(3);
    expect(printed).toContain('SNILS = 11223344595');
    expect(printed).toContain('CN = Podpis Root CA');

    const server = spawnTs(CLI_ENTRY, ['serve'], { PODPIS_DATA_DIR: dir, PODPIS_PORT: '0' });
    try {
      await waitForLine(server, /is running at/);
      const locked = await cli(['cert', 'list'], dir);
      expect(locked).toMatchObject({ code: 1, stdout: '' });
      expect(locked.stderr).toMatch(
        /^podpis: the embedded database in .* is in use by process \d+ \[DB_LOCKED\]\n/,
      );
      expect(locked.stderr).toContain('stop that server');
      expect(locked.stderr).toContain('/api/docs');
      expect(locked.stderr).toContain('DATABASE_URL');
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exitCode(server)).toBe(0);

    for (const result of results) {
      expect(result.stdout).not.toContain(PIN);
      expect(result.stderr).not.toContain(PIN);
    }
  }, 300_000);
});
