import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/problem';
import type { errors } from '../i18n/ru/errors';

/** Turns any thrown value into a sentence for people: the dictionary's text for the problem's code, else its detail. */
export function useProblemMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation('errors');
  return (error) => {
    if (error instanceof ApiProblem) {
      // Codes the dictionary does not know yet still reach people, as the server's own sentence.
      if (i18n.exists(error.code, { ns: 'errors' })) {
        // A `reason` the server adds picks a more precise text (ACCOUNT_LOCKED_operator) when the dictionary
        // has one; with `lockedUntil`, one that says when the lock ends.
        const { reason, lockedUntil } = error.extensions;
        const precise = typeof reason === 'string' ? `${error.code}_${reason}` : undefined;
        const timed = typeof lockedUntil === 'string' ? `${precise}_until` : undefined;
        if (timed !== undefined && i18n.exists(timed, { ns: 'errors' })) {
          return t(timed as keyof typeof errors, {
            lockedUntil: new Date(lockedUntil as string).toLocaleTimeString(i18n.language, {
              hour: '2-digit',
              minute: '2-digit',
            }),
          });
        }
        if (precise !== undefined && i18n.exists(precise, { ns: 'errors' })) {
          return t(precise as keyof typeof errors);
        }
        return t(error.code as keyof typeof errors);
      }
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
