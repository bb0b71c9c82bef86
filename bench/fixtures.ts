/** What bench/ca.ts and its load targets share: the certificate holder and PEM output. */
import type { QualifiedSubject } from '@podpis/pki';

export const BENCH_SUBJECT: QualifiedSubject = {
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

export const BENCH_ACCOUNT = '6f1c1b3e-4a5d-4c2e-9b7a-0d1e2f3a4b5c';

export const BENCH_PIN = '12345678';

export function pem(label: string, der: Uint8Array): string {
  return `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END ${label}-----\n`;
}
