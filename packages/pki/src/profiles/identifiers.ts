/**
 * Russian registration numbers that appear in qualified certificates, with
 * their check-digit rules. Each checker returns the problem code or
 * undefined; the messages live with the profile validator.
 */

export type IdentifierProblem =
  | 'INN_FORMAT'
  | 'INN_CHECKSUM'
  | 'INNLE_FORMAT'
  | 'INNLE_CHECKSUM'
  | 'SNILS_FORMAT'
  | 'SNILS_CHECKSUM'
  | 'OGRN_FORMAT'
  | 'OGRN_CHECKSUM'
  | 'OGRNIP_FORMAT'
  | 'OGRNIP_CHECKSUM';

function digits(value: string): number[] {
  return value.split('').map(Number);
}

/** (Σ dᵢ·wᵢ mod 11) mod 10 — the control digit rule of the tax number (ИНН). */
function innControl(ds: readonly number[], weights: readonly number[]): number {
  return (weights.reduce((sum, w, i) => sum + w * ds[i]!, 0) % 11) % 10;
}

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN11_WEIGHTS = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/** ИНН of a natural person or individual entrepreneur: 12 digits, two control digits. */
export function checkInn(value: string): IdentifierProblem | undefined {
  if (!/^\d{12}$/.test(value)) return 'INN_FORMAT';
  const ds = digits(value);
  const ok = innControl(ds, INN11_WEIGHTS) === ds[10] && innControl(ds, INN12_WEIGHTS) === ds[11];
  return ok ? undefined : 'INN_CHECKSUM';
}

/** ИНН ЮЛ of a legal entity: 10 digits, one control digit. */
export function checkInnLe(value: string): IdentifierProblem | undefined {
  if (!/^\d{10}$/.test(value)) return 'INNLE_FORMAT';
  const ds = digits(value);
  return innControl(ds, INN10_WEIGHTS) === ds[9] ? undefined : 'INNLE_CHECKSUM';
}

/**
 * СНИЛС: 11 digits, the last two a control number computed from the first
 * nine (weights 9…1; sums of 100 and 101 give 00, larger ones are taken
 * mod 101). Numbers up to 001-001-998 were issued before the rule and are
 * not checked.
 */
export function checkSnils(value: string): IdentifierProblem | undefined {
  const plain = value.replace(/[-\s]/g, '');
  if (!/^\d{11}$/.test(plain)) return 'SNILS_FORMAT';
  const number = plain.slice(0, 9);
  if (Number(number) <= 1_001_998) return undefined;
  const ds = digits(number);
  const sum = ds.reduce((acc, d, i) => acc + d * (9 - i), 0);
  const control = sum < 100 ? sum : sum <= 101 ? 0 : sum % 101 === 100 ? 0 : sum % 101;
  return control === Number(plain.slice(9)) ? undefined : 'SNILS_CHECKSUM';
}

/** ОГРН: 13 digits; the last is (first 12 as a number mod 11) mod 10. */
export function checkOgrn(value: string): IdentifierProblem | undefined {
  if (!/^\d{13}$/.test(value)) return 'OGRN_FORMAT';
  const control = Number(BigInt(value.slice(0, 12)) % 11n) % 10;
  return control === Number(value[12]) ? undefined : 'OGRN_CHECKSUM';
}

/** ОГРНИП: 15 digits; the last is (first 14 as a number mod 13) mod 10. */
export function checkOgrnIp(value: string): IdentifierProblem | undefined {
  if (!/^\d{15}$/.test(value)) return 'OGRNIP_FORMAT';
  const control = Number(BigInt(value.slice(0, 14)) % 13n) % 10;
  return control === Number(value[14]) ? undefined : 'OGRNIP_CHECKSUM';
}

/** The SNILS as certificates carry it: 11 digits, no separators. */
export function normaliseSnils(value: string): string {
  return value.replace(/[-\s]/g, '');
}
