import type { QualifiedSubject } from '@podpis/pki';

/** A complete, valid employee of the qualified profile, with published valid registration numbers. */
export const IVANOV: QualifiedSubject = {
  kind: 'employee',
  surname: 'Иванов',
  name: 'Иван',
  patronymic: 'Иванович',
  title: 'Главный бухгалтер',
  organizationName: 'ПАО «Пример»',
  country: 'RU',
  locality: 'Москва',
  snils: '112-233-445 95',
  inn: '500100732259',
  innle: '7707083893',
  ogrn: '1027700132195',
};
