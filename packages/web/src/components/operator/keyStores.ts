import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { useLoad } from '../useLoad';

export const KEY_SPECS = ['gost256', 'gost512', 'ecdsa-p256', 'rsa2048'] as const;
export type KeySpec = (typeof KEY_SPECS)[number];

/**
 * The key stores the server offers for users' keys, the software store
 * labelled in the operator's language (its server label is English).
 */
export function useKeyStores() {
  const { t } = useTranslation('operator');
  const software = t('request.keyStoreSoftware');
  return useLoad(async () => {
    const stores = await call(api.GET('/api/v1/key-stores'));
    return stores.map((store) => (store.id === 'software' ? { ...store, label: software } : store));
  }, [software]);
}
