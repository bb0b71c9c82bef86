import { describe, expect, it } from 'vitest';
import {
  checkInn,
  checkInnLe,
  checkOgrn,
  checkOgrnIp,
  checkSnils,
  validateQualifiedSubject,
  type QualifiedSubject,
} from '@podpis/pki';
import { IVANOV } from './support/subjects.js';

// Published, valid registration numbers: Ivanov's, and an entrepreneur's OGRNIP (a textbook example).
const VALID = {
  inn: IVANOV.inn,
  innle: IVANOV.innle,
  ogrn: IVANOV.ogrn,
  ogrnip: '304500116000157',
  snils: IVANOV.snils,
};

/** Changes one digit, which every check-digit rule here must notice. */
function mutate(value: string, position: number): string {
  const digit = Number(value[position]);
  return value.slice(0, position) + String((digit + 1) % 10) + value.slice(position + 1);
}

describe('check digits', () => {
  it('accept valid numbers', () => {
    expect(checkInn(VALID.inn)).toBeUndefined();
    expect(checkInnLe(VALID.innle)).toBeUndefined();
    expect(checkOgrn(VALID.ogrn)).toBeUndefined();
    expect(checkOgrnIp(VALID.ogrnip)).toBeUndefined();
    expect(checkSnils(VALID.snils)).toBeUndefined();
    expect(checkSnils('11223344595')).toBeUndefined();
  });

  it('notice any single changed digit', () => {
    const cases: [string, (v: string) => string | undefined, string][] = [
      [VALID.inn, checkInn, 'INN_CHECKSUM'],
      [VALID.innle, checkInnLe, 'INNLE_CHECKSUM'],
      [VALID.ogrn, checkOgrn, 'OGRN_CHECKSUM'],
      [VALID.ogrnip, checkOgrnIp, 'OGRNIP_CHECKSUM'],
      ['11223344595', checkSnils, 'SNILS_CHECKSUM'],
    ];
    for (const [value, check, code] of cases) {
      for (let i = 0; i < value.length; i++)
        expect(check(mutate(value, i)), `${value} digit ${i}`).toBe(code);
    }
  });

  it('report the format before the checksum', () => {
    expect(checkInn('50010073225')).toBe('INN_FORMAT');
    expect(checkInn('5001007322a9')).toBe('INN_FORMAT');
    expect(checkInnLe('77070838931')).toBe('INNLE_FORMAT');
    expect(checkOgrn('102770013219')).toBe('OGRN_FORMAT');
    expect(checkOgrnIp('30450011600015')).toBe('OGRNIP_FORMAT');
    expect(checkSnils('112-233-445')).toBe('SNILS_FORMAT');
  });

  it('SNILS: sums of 100 and 101 give control 00, larger ones are reduced mod 101', () => {
    // 0 0 1 0 0 9 9 9 9 → 9·0+8·0+7·1+6·0+5·0+4·9+3·9+2·9+1·9 = 97 → "97"
    expect(checkSnils('00100999997')).toBeUndefined();
    // 1 0 0 0 0 0 0 1 1 → 9+2+1 = 12 → "12"
    expect(checkSnils('10000001112')).toBeUndefined();
    // 9,0,0,0,0,2,3,1,0 → 81+8+9+2 = 100 → "00"
    expect(checkSnils('90000231000')).toBeUndefined();
    // 9,0,0,0,0,2,3,1,1 → 101 → "00"
    expect(checkSnils('90000231100')).toBeUndefined();
    // 9,0,0,0,0,2,3,1,2 → 102 → 102 mod 101 = 1 → "01"
    expect(checkSnils('90000231201')).toBeUndefined();
    // numbers up to 001-001-998 predate the rule
    expect(checkSnils('00100199800')).toBeUndefined();
  });
});

describe('qualified subject profile', () => {
  const employee: QualifiedSubject = { ...IVANOV, email: 'ivanov@example.ru' };

  it('accepts a complete employee', () => {
    expect(validateQualifiedSubject(employee)).toEqual([]);
  });

  it('returns every problem at once, each with its field and code', () => {
    const problems = validateQualifiedSubject({
      ...employee,
      surname: '  ',
      snils: '112-233-445 96',
      innle: '770708389',
      country: 'Russia',
      email: 'ivanov at example',
      title: 'x'.repeat(65),
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual(
      expect.arrayContaining([
        ['surname', 'REQUIRED'],
        ['snils', 'SNILS_CHECKSUM'],
        ['innle', 'INNLE_FORMAT'],
        ['country', 'COUNTRY_FORMAT'],
        ['email', 'EMAIL_FORMAT'],
        ['title', 'TOO_LONG'],
      ]),
    );
    expect(problems).toHaveLength(6);
    for (const p of problems) expect(p.message.startsWith(p.field)).toBe(true);
  });

  it('requires what each kind of subject needs', () => {
    const required = (kind: QualifiedSubject['kind']): string[] =>
      validateQualifiedSubject({ kind })
        .filter((p) => p.code === 'REQUIRED')
        .map((p) => p.field)
        .sort();
    expect(required('person')).toEqual(['country', 'inn', 'name', 'snils', 'surname']);
    expect(required('entrepreneur')).toEqual(['country', 'inn', 'name', 'ogrnip', 'snils', 'surname']);
    expect(required('legalEntity')).toEqual([
      'country',
      'innle',
      'locality',
      'ogrn',
      'organizationName',
      'state',
      'street',
    ]);
  });

  it('rejects control characters anywhere', () => {
    const problems = validateQualifiedSubject({ ...employee, organizationalUnitName: 'Отдел\u0000кадров' });
    expect(problems).toEqual([
      expect.objectContaining({ field: 'organizationalUnitName', code: 'INVALID_CHARACTERS' }),
    ]);
  });
});
