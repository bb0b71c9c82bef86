import { DomainError } from '../core/domain-error.js';

/**
 * RFC 4515 §3: in a filter's assertion value `*`, `(`, `)`, `\` and NUL
 * must be written as `\2a`, `\28`, `\29`, `\5c`, `\00`. Escaping them makes
 * whatever an operator types a literal value — `*)(uid=*` finds people
 * whose name holds those characters, it never widens the filter. Other
 * characters, Cyrillic included, pass as UTF-8.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Bytes (an objectGUID) as a filter value: every byte `\xx`. */
export function escapeFilterBytes(bytes: Uint8Array): string {
  return [...bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
}

/** An attribute description as a filter and a request may name it: a name (with options) or an OID. */
const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]{0,63}(?:;[A-Za-z0-9-]{1,32})*|\d+(?:\.\d+){1,30})$/;

export function isAttributeName(name: string): boolean {
  return ATTRIBUTE.test(name);
}

/**
 * The administrator's user filter: one parenthesised RFC 4515 filter whose
 * parentheses balance outside escapes, so that ANDing it with the search
 * cannot be broken out of.
 */
export function checkUserFilter(filter: string): string {
  const trimmed = filter.trim();
  let depth = 0;
  let closedAtEnd = false;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') {
      depth--;
      if (depth < 0) break;
      if (depth === 0) closedAtEnd = i === trimmed.length - 1;
      if (depth === 0 && !closedAtEnd) break;
    }
  }
  if (!trimmed.startsWith('(') || depth !== 0 || !closedAtEnd) {
    throw new DomainError(
      'DIRECTORY_INVALID',
      `the user filter is not one parenthesised LDAP filter: ${filter}`,
      {
        field: 'userFilter',
      },
    );
  }
  return trimmed;
}

/**
 * The filter of an operator's search: the directory's user filter AND, for
 * every word typed, one of the searched attributes containing it — so
 * "Иванов Иван" finds Ivan Ivanov, and "E00017" the employee with that id.
 */
export function peopleSearchFilter(userFilter: string, term: string, attributes: readonly string[]): string {
  const words = term.trim().split(/\s+/).filter(Boolean).slice(0, 5);
  const clauses = words.map(
    (word) => `(|${attributes.map((a) => `(${a}=*${escapeFilterValue(word)}*)`).join('')})`,
  );
  return `(&${userFilter}${clauses.join('')})`;
}
