import { createContext, useContext } from 'react';
import { ConfirmError } from '@podpis/confirm';
import { DeviceProblem } from './api';
import { errorKey, translator, type Translate } from './i18n';

export const LanguageContext = createContext<Translate>(translator('ru'));

export function useT(): Translate {
  return useContext(LanguageContext);
}

/** A sentence for any failure: the server's and the protocol's codes have their own, the rest their message. */
export function describeError(t: Translate, error: unknown): string {
  if (error instanceof DeviceProblem || error instanceof ConfirmError) {
    if (error.code === 'NETWORK_ERROR') return t('errors.network');
    const key = errorKey(error.code);
    if (key) return t(key);
  }
  // The browser says NotAllowedError when the user closes the PIN or biometrics prompt (or it times out).
  if (error instanceof Error && error.name === 'NotAllowedError') {
    return t('errors.cancelled');
  }
  return t('errors.generic', { message: error instanceof Error ? error.message : String(error) });
}
