import { api, call } from '../../api/client';
import { earlyRequest } from '../../api/earlyRequest';

/**
 * What the operators page asks the API when it opens, outside the page's
 * chunk: the office starts these while the page's code is on its way.
 */
export const operatorsList = earlyRequest(() => call(api.GET('/api/v1/operators')));

/** Every operator's and administrator's client certificate, newest first; the page groups them by account. */
export const clientCertificates = earlyRequest(() => call(api.GET('/api/v1/client-certificates')));

/** The roles' second-factor requirement, shown on the operators page. */
export const secondFactorPolicy = earlyRequest(() => call(api.GET('/api/v1/second-factor-policy')));
