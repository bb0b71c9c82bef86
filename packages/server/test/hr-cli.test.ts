import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createDatabase, tempDir } from '@podpis/testkit';
import { openPostgres } from '../src/db/postgres.js';
import { verifyAuditLog } from '../src/ca/audit-signer.js';
import { runCli } from './support/cli.js';
import { employee, HR_MAPPING, toCsv, windows1251, wrongSnils, type HrRow } from './support/hr-export.js';

const EMPLOYEES = 10_000;

/**
 * The export of 10,000 employees as 1C writes it (Windows-1251, `;`), with
 * the broken rows of real life at known places, and the report line each
 * row must get (row;externalId;outcome;reason — the account id aside).
 */
function bigExport(): { rows: Partial<HrRow>[]; expected: string[] } {
  const rows: Partial<HrRow>[] = [];
  const expected: string[] = [];
  for (let i = 1; i <= EMPLOYEES; i++) {
    const row = employee(i);
    const n = rows.length + 1;
    if (i % 1000 === 7) {
      rows.push({ ...row, СНИЛС: wrongSnils(row.СНИЛС) });
      expected.push(
        `${n};${row['Табельный номер']};skipped;snils:SNILS_CHECKSUM: snils has a wrong control number`,
      );
    } else if (i % 1000 === 500) {
      rows.push({ ...row, Фамилия: '', Должность: '' });
      expected.push(
        `${n};${row['Табельный номер']};skipped;"surname:REQUIRED title:REQUIRED: surname is required for this kind of subject; title is required for this kind of subject"`,
      );
    } else if (i % 2500 === 0) {
      rows.push({ ...row, 'Табельный номер': '' });
      expected.push(`${n};;skipped;REQUIRED: externalId: the personnel number is empty`);
    } else {
      rows.push(row);
      expected.push(`${n};${row['Табельный номер']};created;`);
    }
  }
  // The same personnel numbers again at the end, as a careless merge of two exports has them.
  for (const i of [1, 4242]) {
    const row = employee(i);
    rows.push({ ...row, Должность: 'Повтор' });
    expected.push(
      `${rows.length};${row['Табельный номер']};skipped;DUPLICATE: personnel number ${row['Табельный номер']} is already in row ${i}`,
    );
  }
  return { rows, expected };
}

describe('podpis import hr: 10,000 employees on PostgreSQL', () => {
  it('imports a Windows-1251 export with the exact per-row report and a progress display; the same file again changes nothing', async () => {
    const dir = tempDir('podpis-hr-cli-');
    const databaseUrl = await createDatabase(inject('postgresUrl'));
    const env = { PODPIS_DATA_DIR: dir, DATABASE_URL: databaseUrl };
    const { rows, expected } = bigExport();
    const file = join(dir, 'zup.csv');
    writeFileSync(file, windows1251(toCsv(rows)));
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify(HR_MAPPING));
    const report = join(dir, 'report.csv');

    const started = Date.now();
    const first = await runCli(
      ['import', 'hr', file, '--source', '1c', '--mapping', mapping, '--report', report],
      env,
    );
    const seconds = (Date.now() - started) / 1000;
    expect(first.code, first.stderr).toBe(0);
    const created = expected.filter((l) => l.includes(';created;')).length;
    expect(first.stdout).toMatch(/^status: +completed$/m);
    expect(first.stdout).toMatch(new RegExp(`^created: +${created}$`, 'm'));
    expect(first.stdout).toMatch(new RegExp(`^skipped: +${expected.length - created}$`, 'm'));
    // Not a terminal: plain progress lines, the last one complete.
    const progress = first.stderr.trim().split('\n');
    expect(progress.at(-1)).toMatch(
      new RegExp(`^\\[#{30}\\] ${expected.length}/${expected.length} \\(100%\\) \\d+ rows/s$`),
    );
    expect(first.stderr).not.toContain('\r');

    const lines = readFileSync(report, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('row;externalId;outcome;reason;accountId');
    // Each line without its last cell, the account id (present exactly when created).
    expect(lines.slice(1).map((l) => l.slice(0, l.lastIndexOf(';')))).toEqual(expected);
    expect(lines.slice(1).filter((l) => /;created;;[0-9a-f-]{36}$/.test(l))).toHaveLength(created);
    console.info(
      `podpis import hr: ${expected.length} rows in ${seconds.toFixed(1)} s (including the CLI start)`,
    );

    const again = await runCli(['import', 'hr', file, '--source', '1c', '--report', report, '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      job: { status: 'completed', counts: { created: 0, updated: 0, unchanged: created, left: 0 } },
    });

    const db = await openPostgres(databaseUrl);
    try {
      const users = await db.query<{ n: string }>("SELECT count(*) AS n FROM accounts WHERE role = 'user'");
      expect(Number(users.rows[0]!.n)).toBe(created);
      // The batches appended their records to the hash chain intact.
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
    } finally {
      await db.close();
    }
  }, 300_000);
});
