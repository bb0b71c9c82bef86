import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/core/domain-error.js';
import { detectDelimiter, MAX_HR_FILE_BYTES, parseCsv, readHrFile } from '../src/hr/hr-file.js';
import { mapRow } from '../src/hr/mapping.js';
import { employee, HR_MAPPING, toCsv, windows1251, wrongSnils } from './support/hr-export.js';

function refusal(work: () => unknown): { code: string; details: Record<string, unknown> | undefined } {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('reading HR exports as 1C and SAP write them', () => {
  const rows = [employee(1), employee(2)];

  it.each([
    [';', 'semicolon (1C)'],
    [',', 'comma'],
    ['\t', 'tab (SAP)'],
  ])('detects the delimiter %j (%s) and keeps quoted delimiters and quotes in fields', (delimiter) => {
    const text = toCsv(rows, delimiter);
    expect(detectDelimiter(text)).toBe(delimiter);
    const table = readHrFile(Buffer.from(text), {});
    expect(table.format).toBe('csv');
    expect(table.columns[0]).toBe('Табельный номер');
    expect(table.rows).toEqual(rows);
  });

  it('reads UTF-8 with and without a BOM, and Windows-1251 by detection or by choice', () => {
    const text = toCsv(rows);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(readHrFile(bom, {}).rows).toEqual(rows);
    expect(readHrFile(bom, {}).encoding).toBe('utf-8');
    const cp1251 = windows1251(text);
    expect(readHrFile(cp1251, {})).toMatchObject({ encoding: 'windows-1251', rows });
    expect(readHrFile(cp1251, { encoding: 'windows-1251' }).rows).toEqual(rows);
  });

  it('refuses Windows-1251 bytes when UTF-8 was chosen, naming the encoding problem', () => {
    expect(refusal(() => readHrFile(windows1251(toCsv(rows)), { encoding: 'utf-8' })).code).toBe(
      'HR_FILE_ENCODING',
    );
  });

  it('parses quoted line breaks and doubled quotes (RFC 4180), CRLF and LF alike, skipping empty lines', () => {
    expect(parseCsv('a;b\r\n"x\r\ny";"say ""hi"""\n\n1;2', ';')).toEqual([
      ['a', 'b'],
      ['x\r\ny', 'say "hi"'],
      ['1', '2'],
    ]);
  });

  it('refuses a malformed file whole, naming the line: an unclosed quote, text after a quote, a nameless column', () => {
    expect(refusal(() => readHrFile(Buffer.from('a;b\n1;"2\n3;4\n'), {}))).toEqual({
      code: 'HR_FILE_MALFORMED',
      details: { line: 2 },
    });
    expect(refusal(() => readHrFile(Buffer.from('a;b\n1;"2"x\n'), {})).code).toBe('HR_FILE_MALFORMED');
    expect(refusal(() => readHrFile(Buffer.from('a;;b\n1;2;3\n'), {})).code).toBe('HR_FILE_MALFORMED');
    expect(refusal(() => readHrFile(Buffer.from(''), {})).code).toBe('HR_FILE_MALFORMED');
  });

  it('refuses a file over the size limit before reading it', () => {
    expect(refusal(() => readHrFile(Buffer.alloc(MAX_HR_FILE_BYTES + 1, 0x41), {})).code).toBe(
      'HR_FILE_TOO_LARGE',
    );
  });

  it('reads JSON: an array of employees or an object holding one; numbers become text', () => {
    const array = readHrFile(Buffer.from(JSON.stringify([{ id: 7, name: 'Иван' }])), {});
    expect(array).toMatchObject({
      format: 'json',
      columns: ['id', 'name'],
      rows: [{ id: '7', name: 'Иван' }],
    });
    const wrapped = readHrFile(Buffer.from(JSON.stringify({ employees: [{ id: 'T1' }] })), {
      format: 'json',
    });
    expect(wrapped.rows).toEqual([{ id: 'T1' }]);
    expect(refusal(() => readHrFile(Buffer.from('{"a": 1}'), { format: 'json' })).code).toBe(
      'HR_FILE_MALFORMED',
    );
    expect(refusal(() => readHrFile(Buffer.from('[1]'), {})).code).toBe('HR_FILE_MALFORMED');
  });
});

describe('mapping a row onto the registration form', () => {
  it('fills the employer from the defaults and checks the row as the form does', () => {
    const mapped = mapRow(employee(5), HR_MAPPING);
    expect(mapped).toMatchObject({
      ok: true,
      externalId: 'T000005',
      login: 'e000005@primer.example',
      profile: { kind: 'employee', surname: 'Попов', organizationName: 'ПАО «Пример»', innle: '7707083893' },
    });
  });

  it('names every problem of a bad row: a wrong SNILS check digit, a missing surname', () => {
    const row = { ...employee(6), СНИЛС: wrongSnils(employee(6).СНИЛС), Фамилия: '' };
    expect(mapRow(row, HR_MAPPING)).toMatchObject({
      ok: false,
      code: 'surname:REQUIRED snils:SNILS_CHECKSUM',
    });
  });

  it('gives equal rows equal hashes and changed rows different ones', () => {
    const a = mapRow(employee(7), HR_MAPPING);
    const b = mapRow({ ...employee(7) }, HR_MAPPING);
    const c = mapRow({ ...employee(7), Должность: 'Главный инженер' }, HR_MAPPING);
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (a.ok && b.ok && c.ok) {
      expect(a.hash).toBe(b.hash);
      expect(c.hash).not.toBe(a.hash);
    }
  });
});
