import type { QualifiedSubject } from '@podpis/pki';

/**
 * Иванов Иван Иванович as a private person, with published, valid
 * registration numbers: the profile a user is registered with.
 */
export const IVANOV_PERSON = {
  kind: 'person',
  surname: 'Иванов',
  name: 'Иван',
  patronymic: 'Иванович',
  country: 'RU',
  snils: '112-233-445 95',
  inn: '500100732259',
} as const satisfies QualifiedSubject;

/**
 * The same Ivanov as an employee: a complete, valid subject of the qualified
 * profile, his organisation's numbers published and valid too. The one test
 * subject of every package's tests and of the benchmark.
 */
export const IVANOV = {
  ...IVANOV_PERSON,
  kind: 'employee',
  title: 'Главный бухгалтер',
  organizationName: 'ПАО «Пример»',
  locality: 'Москва',
  innle: '7707083893',
  ogrn: '1027700132195',
} as const satisfies QualifiedSubject;

/**
 * ПАО «Пример» itself, a legal entity with no person named: the holder of
 * an organisation's certificate for automatic signing.
 */
export const PRIMER_LEGAL_ENTITY = {
  kind: 'legalEntity',
  organizationName: 'ПАО «Пример»',
  country: 'RU',
  state: '77 г. Москва',
  locality: 'Москва',
  street: 'ул. Примерная, д. 1',
  innle: '7707083893',
  ogrn: '1027700132195',
} as const satisfies QualifiedSubject;
