import { useTranslation } from 'react-i18next';
import type { errors } from '../../i18n/ru/errors';
import type { operator } from '../../i18n/ru/operator';

type Field = keyof typeof operator.field;
type Problem = keyof typeof operator.problem;

/**
 * A report's reason as the server writes it — `CODE: sentence`, or
 * `field:CODE field:CODE: sentence` for the registration checks — taken
 * apart into what the dictionaries can say. What is not recognised keeps
 * the server's sentence.
 */
export type ParsedReason =
  | { kind: 'fields'; problems: { field: string; code: string }[] }
  | { kind: 'duplicate'; row: string }
  | { kind: 'login'; code: 'LOGIN_TAKEN' | 'LOGIN_INVALID'; login: string }
  | {
      kind: 'known';
      code:
        | 'NO_EXTERNAL_ID'
        | 'HR_DUPLICATE_PERSON'
        | 'LEFT'
        | 'LINKED_BY_SNILS'
        | 'ACCOUNT_LOCKED'
        | 'ACCOUNT_DISABLED';
    }
  | { kind: 'valid-certificate'; serial: string }
  | { kind: 'error'; code: string; text: string }
  | { kind: 'text'; text: string };

const FIELD_PROBLEMS = /^((?:[A-Za-z]+:[A-Z_]+ ?)+): /;

export function parseReason(reason: string): ParsedReason {
  const fields = FIELD_PROBLEMS.exec(reason);
  if (fields?.[1]) {
    return {
      kind: 'fields',
      problems: fields[1]
        .trim()
        .split(' ')
        .map((pair) => {
          const [field = '', code = ''] = pair.split(':');
          return { field, code };
        }),
    };
  }
  if (reason.startsWith('DUPLICATE:'))
    return { kind: 'duplicate', row: /row (\d+)/.exec(reason)?.[1] ?? '?' };
  if (reason.startsWith('REQUIRED: externalId')) return { kind: 'known', code: 'NO_EXTERNAL_ID' };
  if (reason.startsWith('LEFT:')) return { kind: 'known', code: 'LEFT' };
  if (reason.startsWith('HR_DUPLICATE_PERSON:')) return { kind: 'known', code: 'HR_DUPLICATE_PERSON' };
  // A campaign's: the user's account, said to the operator (the errors' wording speaks to its holder).
  if (reason.startsWith('ACCOUNT_LOCKED:')) return { kind: 'known', code: 'ACCOUNT_LOCKED' };
  if (reason.startsWith('ACCOUNT_DISABLED:')) return { kind: 'known', code: 'ACCOUNT_DISABLED' };
  if (reason.startsWith('HAS_VALID_CERTIFICATE:')) {
    return { kind: 'valid-certificate', serial: /certificate (\S+)/.exec(reason)?.[1] ?? '' };
  }
  if (reason.startsWith('linked to the registered user with this SNILS')) {
    return { kind: 'known', code: 'LINKED_BY_SNILS' };
  }
  const login =
    /^(LOGIN_TAKEN): the login (.*) is already taken$|^(LOGIN_INVALID): (.*) cannot be a login$/.exec(reason);
  if (login) {
    return login[1]
      ? { kind: 'login', code: 'LOGIN_TAKEN', login: login[2] ?? '' }
      : { kind: 'login', code: 'LOGIN_INVALID', login: login[4] ?? '' };
  }
  const coded = /^([A-Z][A-Z0-9_]+): (.*)$/s.exec(reason);
  if (coded?.[1]) return { kind: 'error', code: coded[1], text: coded[2] ?? '' };
  return { kind: 'text', text: reason };
}

/** A report's reason in the reader's language. */
export function useReason(): (reason: string | null) => string {
  const { t, i18n } = useTranslation('bulk');
  const { t: to } = useTranslation('operator');
  const { t: te } = useTranslation('errors');
  const known = (ns: 'operator' | 'errors', key: string) => i18n.exists(key, { ns });
  return (reason) => {
    if (reason === null || reason === '') return '';
    const parsed = parseReason(reason);
    switch (parsed.kind) {
      case 'fields':
        return parsed.problems
          .map(({ field, code }) =>
            t('reason.field', {
              field: known('operator', `field.${field}`) ? to(`field.${field as Field}`) : field,
              problem: known('operator', `problem.${code}`) ? to(`problem.${code as Problem}`) : code,
            }),
          )
          .join('; ');
      case 'duplicate':
        return t('reason.DUPLICATE', { row: parsed.row });
      case 'login':
        return t(`reason.${parsed.code}`, { login: parsed.login });
      case 'known':
        return t(`reason.${parsed.code}`);
      case 'valid-certificate':
        return t('reason.HAS_VALID_CERTIFICATE', { serial: parsed.serial });
      case 'error':
        return known('errors', parsed.code) ? te(parsed.code as keyof typeof errors) : parsed.text;
      case 'text':
        return parsed.text;
    }
  };
}
