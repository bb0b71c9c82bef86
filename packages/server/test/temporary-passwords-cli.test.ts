import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@podpis/testkit';
import { runCli } from './support/cli.js';
import { employee, HR_MAPPING, toCsv } from './support/hr-export.js';

const run = promisify(execFile);

describe('podpis import hr --passwords and podpis passwords deliver', () => {
  it('an import writes the letters at its end; the same job cannot be delivered again; another job is written as a protected file with the operator’s password', async () => {
    const dir = tempDir('podpis-passwords-cli-');
    const env = { PODPIS_DATA_DIR: dir };
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify(HR_MAPPING));
    const first = join(dir, 'first.csv');
    writeFileSync(first, toCsv([employee(1), employee(2)]));
    const letters = join(dir, 'letters.pdf');

    const weakPassword = join(dir, 'weak.txt');
    writeFileSync(weakPassword, 'short1\n');
    const weak = await runCli(
      [
        'import',
        'hr',
        first,
        '--source',
        '1c',
        '--mapping',
        mapping,
        '--passwords-file',
        join(dir, 'x.pdf'),
        '--file-password-file',
        weakPassword,
      ],
      env,
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('FILE_PASSWORD_WEAK');

    const imported = await runCli(
      [
        'import',
        'hr',
        first,
        '--source',
        '1c',
        '--mapping',
        mapping,
        '--passwords',
        letters,
        '--report',
        join(dir, 'first-report.csv'),
        '--json',
      ],
      env,
    );
    expect(imported.code, imported.stderr).toBe(0);
    const answer = JSON.parse(imported.stdout) as {
      job: { id: string; counts: { created: number } };
      passwords: { format: string; delivered: number };
    };
    expect(answer.job.counts.created).toBe(2);
    expect(answer.passwords).toMatchObject({ format: 'letters', delivered: 2 });
    const { stdout: text } = await run('pdftotext', [letters, '-']);
    for (const i of [1, 2]) expect(text).toContain(employee(i)['E-mail']);
    expect(text.match(/Временный пароль:\s*\n\s*[A-Za-z0-9]{16}/g)).toHaveLength(2);

    const again = join(dir, 'again.pdf');
    const refused = await runCli(
      ['passwords', 'deliver', answer.job.id, '--format', 'protected-file', '--out', again],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('TEMPORARY_PASSWORDS_DELIVERED');
    expect(existsSync(again)).toBe(false);

    const second = join(dir, 'second.csv');
    writeFileSync(second, toCsv([employee(3)]));
    const queued = await runCli(
      ['import', 'hr', second, '--source', '1c', '--report', join(dir, 'second-report.csv'), '--json'],
      env,
    );
    expect(queued.code, queued.stderr).toBe(0);
    const job = (JSON.parse(queued.stdout) as { job: { id: string } }).job.id;
    const protectedFile = join(dir, 'protected.pdf');
    const filePassword = 'Пароль-файла-на-2026';
    const passwordFile = join(dir, 'file-password.txt');
    writeFileSync(passwordFile, `${filePassword}\n`, { mode: 0o600 });
    const delivered = await runCli(
      [
        'passwords',
        'deliver',
        job,
        '--format',
        'protected-file',
        '--out',
        protectedFile,
        '--file-password-file',
        passwordFile,
      ],
      env,
    );
    expect(delivered.code, delivered.stderr).toBe(0);
    expect(delivered.stdout).toMatch(/^passwords: +1 in .*protected\.pdf \(protected-file\)$/m);
    expect(delivered.stdout).not.toContain('file password');
    const decrypted = join(dir, 'decrypted.pdf');
    await run('qpdf', [`--password=${filePassword}`, '--decrypt', protectedFile, decrypted]);
    const { stdout: list } = await run('pdftotext', ['-layout', decrypted, '-']);
    expect(list).toMatch(new RegExp(`${employee(3)['E-mail']}.*[A-Za-z0-9]{16}`));
  }, 300_000);
});
