import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/problem';
import type { errors } from '../i18n/ru/errors';

/** Turns any thrown value into a sentence for people: the dictionary's text for the problem's code, else its detail. */
export function useProblemMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation('errors');
  return (error) => {
    if (error instanceof ApiProblem) {
      // Codes the dictionary does not know yet still reach people, as the server's own sentence.
      if (i18n.exists(error.code, { ns: 'errors' })) return t(error.code as keyof typeof errors);
      return error.detail || t('UNEXPECTED_ANSWER');
    }
    return t('UNEXPECTED_ANSWER');
  };
}

/** The per-field messages of a 422 answer, for antd Form's setFields. */
export function fieldProblems(error: unknown): { name: string; errors: string[] }[] {
  if (!(error instanceof ApiProblem)) return [];
  return error.errors.map((problem) => ({ name: problem.field, errors: [problem.message] }));
}
