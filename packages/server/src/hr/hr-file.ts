import { DomainError } from '../core/domain-error.js';

/** The encodings HR systems export in: 1C and SAP write Windows-1251 or UTF-8 (often with a BOM). */
export const HR_ENCODINGS = ['auto', 'utf-8', 'windows-1251'] as const;
export type HrEncoding = (typeof HR_ENCODINGS)[number];

export const HR_FORMATS = ['auto', 'csv', 'json'] as const;
export type HrFormat = (typeof HR_FORMATS)[number];

/** An export larger than this is refused before it is read (10,000 employees take about 3 MiB). */
export const MAX_HR_FILE_BYTES = 32 * 1024 * 1024;
export const MAX_HR_ROWS = 100_000;

/** A parsed export: the column names and one record per data row, values as text. */
export interface HrTable {
  columns: string[];
  rows: Record<string, string>[];
  encoding: 'utf-8' | 'windows-1251';
  format: 'csv' | 'json';
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The file's text. `auto` takes UTF-8 when the bytes are valid UTF-8 (with or
 * without a BOM) and Windows-1251 otherwise: a Cyrillic Windows-1251 text is
 * practically never valid UTF-8, while every byte sequence is valid
 * Windows-1251, so the order of the tries decides it.
 */
export function decodeHrFile(
  bytes: Uint8Array,
  encoding: HrEncoding,
): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  if (bytes.length > MAX_HR_FILE_BYTES) {
    throw new DomainError(
      'HR_FILE_TOO_LARGE',
      `the file is ${bytes.length} bytes; at most ${MAX_HR_FILE_BYTES} are accepted`,
      { maxBytes: MAX_HR_FILE_BYTES },
    );
  }
  const hasBom = UTF8_BOM.every((b, i) => bytes[i] === b);
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (encoding === 'windows-1251') {
    if (hasBom)
      throw new DomainError(
        'HR_FILE_ENCODING',
        'the file starts with a UTF-8 mark but Windows-1251 was chosen',
      );
    return { text: new TextDecoder('windows-1251').decode(body), encoding: 'windows-1251' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    if (encoding === 'utf-8' || hasBom) {
      throw new DomainError(
        'HR_FILE_ENCODING',
        'the file is not valid UTF-8; choose Windows-1251 if 1C or SAP wrote it',
      );
    }
    return { text: new TextDecoder('windows-1251').decode(body), encoding: 'windows-1251' };
  }
}

const DELIMITERS = [';', ',', '\t'] as const;

/**
 * The delimiter of a CSV text: the one of `;`, `,` and tab that occurs most
 * often outside quotes in the header line (1C writes `;`, SAP often tab).
 */
export function detectDelimiter(text: string): string {
  let best: string = ';';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const char of text) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && (char === '\n' || char === '\r')) break;
      else if (!quoted && char === delimiter) count++;
    }
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

function malformed(line: number, message: string): DomainError {
  return new DomainError('HR_FILE_MALFORMED', `line ${line}: ${message}`, { line });
}

/**
 * RFC 4180 CSV with any one-character delimiter: fields in double quotes
 * may hold the delimiter, line breaks and doubled quotes; CRLF or LF ends a
 * record; empty lines are skipped. An unclosed quote, or text after a
 * closing quote → HR_FILE_MALFORMED naming the line.
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let fieldStarted = false;
  const endField = (): void => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = (): void => {
    endField();
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' && !fieldStarted) {
      fieldStarted = true;
      const openedAt = line;
      i++;
      for (;;) {
        if (i >= text.length) throw malformed(openedAt, 'a quoted field is not closed');
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw malformed(line, 'text after a closing quote');
      }
      continue;
    }
    if (char === delimiter) {
      endField();
      i++;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    fieldStarted = true;
    field += char;
    i++;
  }
  if (fieldStarted || record.length > 0) endRecord();
  if (records.length > MAX_HR_ROWS + 1) throw malformed(recordLine, `more than ${MAX_HR_ROWS} rows`);
  return records;
}

/** The rows of a CSV export keyed by its header; a row with more fields than the header is malformed. */
function csvTable(text: string, delimiter: string | undefined): Omit<HrTable, 'encoding'> {
  const [header, ...data] = parseCsv(text, delimiter ?? detectDelimiter(text));
  if (!header) throw malformed(1, 'the file is empty');
  const columns = header.map((c) => c.trim());
  if (columns.some((c) => c === '')) throw malformed(1, 'a column has no name');
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate !== undefined) throw malformed(1, `the column ${duplicate} appears twice`);
  const rows = data.map((fields) => {
    const row: Record<string, string> = {};
    columns.forEach((column, i) => {
      row[column] = fields[i] ?? '';
    });
    return row;
  });
  return { columns, rows, format: 'csv' };
}

/** A JSON export: an array of flat objects, or `{ "employees": [...] }`; values become text. */
function jsonTable(text: string): Omit<HrTable, 'encoding'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DomainError('HR_FILE_MALFORMED', `not valid JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(parsed)
    ? parsed
    : parsed !== null && typeof parsed === 'object'
      ? Object.values(parsed).find(Array.isArray)
      : undefined;
  if (!Array.isArray(list)) throw new DomainError('HR_FILE_MALFORMED', 'JSON must be an array of employees');
  if (list.length > MAX_HR_ROWS) throw new DomainError('HR_FILE_MALFORMED', `more than ${MAX_HR_ROWS} rows`);
  const columns = new Set<string>();
  const rows = list.map((item: unknown, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new DomainError('HR_FILE_MALFORMED', `element ${index + 1} is not an object`, {
        line: index + 1,
      });
    }
    const row: Record<string, string> = {};
    for (const [key, value] of Object.entries(item)) {
      columns.add(key);
      if (value === null || value === undefined) row[key] = '';
      else if (typeof value === 'object') row[key] = JSON.stringify(value);
      else row[key] = String(value as string | number | boolean);
    }
    return row;
  });
  return { columns: [...columns], rows, format: 'json' };
}

/**
 * Reads an HR export into a table. The format is JSON when asked or when the
 * text starts with `[` or `{`, CSV otherwise; the delimiter is detected
 * unless given.
 */
export function readHrFile(
  bytes: Uint8Array,
  options: { format?: HrFormat; encoding?: HrEncoding; delimiter?: string },
): HrTable {
  const { text, encoding } = decodeHrFile(
    bytes,
    options.format === 'json' ? 'utf-8' : (options.encoding ?? 'auto'),
  );
  const format = options.format ?? 'auto';
  const isJson = format === 'json' || (format === 'auto' && /^\s*[[{]/.test(text));
  if (options.delimiter !== undefined && options.delimiter.length !== 1) {
    throw new DomainError('HR_FILE_MALFORMED', 'the delimiter is one character');
  }
  return { ...(isJson ? jsonTable(text) : csvTable(text, options.delimiter)), encoding };
}
