import { api, call } from '../../api/client';
import { useLoad } from '../useLoad';
import type { RenewalRequest } from './types';

/** The user's renewal requests, newest first (as the API answers), keyed by the certificate they ask to renew. */
export function useMyRenewalRequests() {
  const requests = useLoad(() => call(api.GET('/api/v1/me/renewal-requests')), []);
  const latestBySerial = new Map<string, RenewalRequest>();
  for (const request of requests.data ?? []) {
    if (!latestBySerial.has(request.serial)) latestBySerial.set(request.serial, request);
  }
  return { ...requests, latestBySerial };
}
