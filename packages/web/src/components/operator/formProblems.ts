import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/problem';

/**
 * Puts a 422 answer's per-field problems next to their fields, in the
 * operator's language (by the problem's code, the server's sentence when the
 * dictionary lacks it). Returns whether any field got a message, so the
 * caller shows the problem as a whole only when none did.
 */
export function useServerFieldErrors(): (form: FormInstance, error: unknown) => boolean {
  const { t, i18n } = useTranslation('operator');
  return (form, error) => {
    if (!(error instanceof ApiProblem) || error.errors.length === 0) return false;
    const byField = new Map<string, string[]>();
    for (const problem of error.errors) {
      const key = `problem.${problem.code}`;
      const text = i18n.exists(key, { ns: 'operator' }) ? t(key as 'problem.REQUIRED') : problem.message;
      byField.set(problem.field, [...(byField.get(problem.field) ?? []), text]);
    }
    form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
    return true;
  };
}
