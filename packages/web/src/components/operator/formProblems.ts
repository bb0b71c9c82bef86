import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/problem';
import { useProblemMessage } from '../problem';

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

/**
 * Puts a problem whose code belongs to one field (`fieldOf`, e.g. a wrong
 * key PIN → `pin`) next to that field. Returns whether it did.
 */
export function useProblemAtField(): (
  form: FormInstance,
  error: unknown,
  fieldOf: Readonly<Record<string, string>>,
) => boolean {
  const problemMessage = useProblemMessage();
  return (form, error, fieldOf) => {
    const field = error instanceof ApiProblem ? fieldOf[error.code] : undefined;
    if (field === undefined) return false;
    form.setFields([{ name: field, errors: [problemMessage(error)] }]);
    return true;
  };
}
