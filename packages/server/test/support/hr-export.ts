import type { HrMapping } from '../../src/hr/mapping.js';

/** A SNILS with correct check digits for the nine-digit number `n` (above 001-001-998). */
export function snilsFor(n: number): string {
  const number = String(n).padStart(9, '0');
  const sum = Array.from(number).reduce((acc, d, i) => acc + Number(d) * (9 - i), 0);
  const control = sum < 100 ? sum : sum <= 101 ? 0 : sum % 101 === 100 ? 0 : sum % 101;
  return `${number}${String(control).padStart(2, '0')}`;
}

/** The same SNILS with its check digits off by one: the import must refuse the row. */
export function wrongSnils(snils: string): string {
  const control = (Number(snils.slice(9)) + 1) % 100;
  return `${snils.slice(0, 9)}${String(control).padStart(2, '0')}`;
}

const SURNAMES = ['Иванов', 'Петров', 'Сидоров', 'Кузнецов', 'Смирнов', 'Попов', 'Соколов', 'Лебедев'];
const NAMES = ['Иван', 'Пётр', 'Сергей', 'Алексей', 'Дмитрий', 'Андрей', 'Михаил', 'Николай'];
const PATRONYMICS = ['Иванович', 'Петрович', 'Сергеевич', 'Алексеевич', 'Дмитриевич'];
const TITLES = ['Бухгалтер', 'Инженер', 'Юрист', 'Менеджер; по продажам', 'Кладовщик "старший"'];

export const HR_COLUMNS = [
  'Табельный номер',
  'Фамилия',
  'Имя',
  'Отчество',
  'СНИЛС',
  'Должность',
  'Подразделение',
  'E-mail',
] as const;

/** An employee of the generated export, as the 1C column names have it. */
export type HrRow = Record<(typeof HR_COLUMNS)[number], string>;

/** Employee `i` (1-based): a valid row, personnel number `T<i>` padded to 6 digits. */
export function employee(i: number): HrRow {
  const number = String(i).padStart(6, '0');
  return {
    'Табельный номер': `T${number}`,
    Фамилия: SURNAMES[i % SURNAMES.length]!,
    Имя: NAMES[(i >> 3) % NAMES.length]!,
    Отчество: PATRONYMICS[i % PATRONYMICS.length]!,
    СНИЛС: snilsFor(200_000_000 + i),
    Должность: TITLES[i % TITLES.length]!,
    Подразделение: `Отдел ${(i % 40) + 1}`,
    'E-mail': `e${number}@primer.example`,
  };
}

/** The source mapping for these columns, with the employer's fields as constants. */
export const HR_MAPPING: HrMapping = {
  kind: 'employee',
  columns: {
    externalId: 'Табельный номер',
    surname: 'Фамилия',
    name: 'Имя',
    patronymic: 'Отчество',
    snils: 'СНИЛС',
    title: 'Должность',
    organizationalUnitName: 'Подразделение',
    email: 'E-mail',
  },
  defaults: {
    organizationName: 'ПАО «Пример»',
    innle: '7707083893',
    ogrn: '1027700132195',
    locality: 'Москва',
    country: 'RU',
  },
};

function cell(value: string, delimiter: string): string {
  return value.includes(delimiter) || value.includes('"') || /[\r\n]/.test(value)
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

/** The rows as CSV text with a header, CRLF line ends as 1C writes them. */
export function toCsv(rows: readonly Partial<HrRow>[], delimiter = ';'): string {
  const lines = [HR_COLUMNS.map((c) => cell(c, delimiter)).join(delimiter)];
  for (const row of rows) lines.push(HR_COLUMNS.map((c) => cell(row[c] ?? '', delimiter)).join(delimiter));
  return `${lines.join('\r\n')}\r\n`;
}

/** Text as Windows-1251 bytes (Cyrillic, Latin, digits and the punctuation an export has). */
export function windows1251(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else if (char === 'Ё') bytes.push(0xa8);
    else if (char === 'ё') bytes.push(0xb8);
    else if (char === '«') bytes.push(0xab);
    else if (char === '»') bytes.push(0xbb);
    else throw new Error(`no Windows-1251 byte for ${char}`);
  }
  return Buffer.from(bytes);
}
