import { api, call } from '../../api/client';
import type { Certificate } from '../../api/types';

/** Every operator's and administrator's client certificate, newest first; the page groups them by account. */
export function loadClientCertificates(): Promise<Certificate[]> {
  return call(api.GET('/api/v1/client-certificates'));
}
