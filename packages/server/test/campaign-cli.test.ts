import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createDatabase, tempDir } from '@podpis/testkit';
import { runCli } from './support/cli.js';
import { employee, HR_MAPPING, toCsv } from './support/hr-export.js';

describe('podpis campaign issue on PostgreSQL', () => {
  it('issues a certificate to each employee of an HR import with a progress display and a per-user report; again with --skip-existing issues none', async () => {
    const dir = tempDir('podpis-campaign-cli-');
    const env = { PODPIS_DATA_DIR: dir, DATABASE_URL: await createDatabase(inject('postgresUrl')) };
    expect((await runCli(['init', '--alg', 'ecdsa'], env)).code).toBe(0);
    const file = join(dir, 'zup.csv');
    writeFileSync(file, toCsv(Array.from({ length: 12 }, (_, i) => employee(i + 1))));
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify(HR_MAPPING));
    const imported = await runCli(
      ['import', 'hr', file, '--source', '1c', '--mapping', mapping, '--report', join(dir, 'import.csv')],
      env,
    );
    expect(imported.code, imported.stderr).toBe(0);

    // Five of them by login, their keys under the campaign's temporary PIN.
    const users = join(dir, 'users.txt');
    writeFileSync(
      users,
      ['# the first five', ...[1, 2, 3, 4, 5].map((i) => employee(i)['E-mail']), ''].join('\n'),
    );
    const pinFile = join(dir, 'pin.txt');
    writeFileSync(pinFile, 'временный-пин\n', { mode: 0o600 });
    const report = join(dir, 'first.csv');
    const first = await runCli(
      [
        'campaign',
        'issue',
        '--profile',
        'qualified-employee',
        '--alg',
        'ecdsa-p256',
        '--users-file',
        users,
        '--pin-file',
        pinFile,
        '--report',
        report,
      ],
      env,
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^status: +completed$/m);
    expect(first.stdout).toMatch(/^issued: +5$/m);
    expect(first.stdout).toMatch(/^failed: +0$/m);
    // Not a terminal: plain progress lines, the last one complete.
    const progress = first.stderr.trim().split('\n');
    expect(progress.at(-1)).toMatch(/^\[#{30}\] 5\/5 \(100%\) \d+ users\/s$/);
    expect(first.stderr).not.toContain('\r');
    const lines = readFileSync(report, 'utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('row;login;accountId;outcome;certificateSerial;reason');
    expect(lines.slice(1).map((l) => l.split(';').slice(0, 2).concat(l.split(';')[3]!))).toEqual(
      [1, 2, 3, 4, 5].map((i) => [String(i), employee(i)['E-mail'], 'issued']),
    );
    expect(lines.slice(1).every((l) => /;issued;[0-9a-f]{16,40};$/.test(l))).toBe(true);

    // All twelve by a search, the five skipped; keys without a PIN this time.
    const second = await runCli(
      [
        'campaign',
        'issue',
        '--profile',
        'qualified-employee',
        '--alg',
        'ecdsa-p256',
        '--filter',
        'primer.example',
        '--confirmation',
        'device',
        '--skip-existing',
        '--report',
        join(dir, 'second.csv'),
        '--json',
      ],
      env,
    );
    expect(second.code, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout) as {
      job: { status: string; total: number; counts: Record<string, number> };
      report: string;
    };
    expect(result.job).toMatchObject({
      status: 'completed',
      total: 12,
      counts: { issued: 7, skipped: 5, failed: 0 },
    });
    // --json: no progress display.
    expect(second.stderr).toBe('');

    const noUsers = await runCli(['campaign', 'issue', '--profile', 'qualified-employee'], env);
    expect(noUsers.code).toBe(2);
    expect(noUsers.stderr).toContain('exactly one of --users-file FILE or --filter SEARCH');
  }, 900_000);
});
