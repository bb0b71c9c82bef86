import {
  checkInn,
  checkInnLe,
  checkOgrn,
  checkOgrnIp,
  checkSnils,
  type IdentifierProblem,
} from './identifiers.js';

/**
 * Who a qualified certificate is issued to (Order of the FSB of Russia
 * No. 795, section II): each kind needs a different set of attributes.
 */
export type SubjectKind = 'person' | 'employee' | 'entrepreneur' | 'legalEntity';

/** The subject of a qualified certificate as the registration form holds it. */
export interface QualifiedSubject {
  kind: SubjectKind;
  surname?: string;
  /** Given name only; the certificate's givenName holds "name patronymic". */
  name?: string;
  patronymic?: string;
  commonName?: string;
  title?: string;
  organizationName?: string;
  organizationalUnitName?: string;
  street?: string;
  locality?: string;
  state?: string;
  /** ISO 3166 alpha-2, e.g. RU. */
  country?: string;
  email?: string;
  inn?: string;
  innle?: string;
  snils?: string;
  ogrn?: string;
  ogrnip?: string;
}

export type ProfileField = Exclude<keyof QualifiedSubject, 'kind'>;

export type ProfileProblemCode =
  IdentifierProblem | 'REQUIRED' | 'TOO_LONG' | 'INVALID_CHARACTERS' | 'COUNTRY_FORMAT' | 'EMAIL_FORMAT';

export interface ProfileProblem {
  field: ProfileField;
  code: ProfileProblemCode;
  message: string;
}

const REQUIRED: Readonly<Record<SubjectKind, readonly ProfileField[]>> = {
  person: ['surname', 'name', 'country', 'snils', 'inn'],
  employee: ['surname', 'name', 'country', 'snils', 'organizationName', 'title', 'innle', 'ogrn', 'locality'],
  entrepreneur: ['surname', 'name', 'country', 'snils', 'inn', 'ogrnip'],
  legalEntity: ['organizationName', 'country', 'state', 'locality', 'street', 'innle', 'ogrn'],
};

/** Upper bounds of RFC 5280 appendix A (ub-*), which CAs and validators enforce. */
const MAX_LENGTH: Partial<Record<ProfileField, number>> = {
  surname: 64,
  name: 64,
  patronymic: 64,
  commonName: 64,
  title: 64,
  organizationName: 64,
  organizationalUnitName: 64,
  street: 128,
  locality: 128,
  state: 128,
  email: 128,
};

const IDENTIFIERS: readonly [ProfileField, (value: string) => IdentifierProblem | undefined][] = [
  ['inn', checkInn],
  ['innle', checkInnLe],
  ['snils', checkSnils],
  ['ogrn', checkOgrn],
  ['ogrnip', checkOgrnIp],
];

const MESSAGES: Readonly<Record<ProfileProblemCode, string>> = {
  REQUIRED: 'is required for this kind of subject',
  TOO_LONG: 'is too long',
  INVALID_CHARACTERS: 'contains control characters',
  COUNTRY_FORMAT: 'must be a two-letter ISO 3166 code such as RU',
  EMAIL_FORMAT: 'is not an e-mail address',
  INN_FORMAT: 'must be 12 digits',
  INN_CHECKSUM: 'has wrong control digits',
  INNLE_FORMAT: 'must be 10 digits',
  INNLE_CHECKSUM: 'has a wrong control digit',
  SNILS_FORMAT: 'must be 11 digits (separators allowed: 112-233-445 95)',
  SNILS_CHECKSUM: 'has a wrong control number',
  OGRN_FORMAT: 'must be 13 digits',
  OGRN_CHECKSUM: 'has a wrong control digit',
  OGRNIP_FORMAT: 'must be 15 digits',
  OGRNIP_CHECKSUM: 'has a wrong control digit',
};

function problem(field: ProfileField, code: ProfileProblemCode): ProfileProblem {
  return { field, code, message: `${field} ${MESSAGES[code]}` };
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a subject against the qualified-certificate profile and returns
 * every problem, each with its field and a stable code, so a form can show
 * them all next to their fields at once. An empty list means valid.
 */
export function validateQualifiedSubject(subject: QualifiedSubject): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const value = (field: ProfileField): string => (subject[field] ?? '').trim();
  for (const field of REQUIRED[subject.kind]) {
    if (value(field) === '') problems.push(problem(field, 'REQUIRED'));
  }
  for (const [field, max] of Object.entries(MAX_LENGTH) as [ProfileField, number][]) {
    if (value(field).length > max) problems.push(problem(field, 'TOO_LONG'));
  }
  for (const field of Object.keys(subject) as (keyof QualifiedSubject)[]) {
    if (field !== 'kind' && CONTROL_CHARACTERS.test(subject[field] ?? ''))
      problems.push(problem(field, 'INVALID_CHARACTERS'));
  }
  if (value('country') !== '' && !/^[A-Z]{2}$/.test(value('country')))
    problems.push(problem('country', 'COUNTRY_FORMAT'));
  if (value('email') !== '' && !EMAIL.test(value('email'))) problems.push(problem('email', 'EMAIL_FORMAT'));
  for (const [field, check] of IDENTIFIERS) {
    const code = value(field) === '' ? undefined : check(value(field));
    if (code) problems.push(problem(field, code));
  }
  return problems;
}
