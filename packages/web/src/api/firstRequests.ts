import { api, call } from './client';
import { peekEarly, takeEarly } from './earlyAnswers';
import {
  CLIENT_CERTIFICATES_PATH,
  OPERATORS_PATH,
  SECOND_FACTOR_POLICY_PATH,
  userListParameters,
  usersListPath,
  type UserListQuery,
} from './landing';

/**
 * The first API requests of the pages staff land on (the users list, the
 * operators page), as pages load them: the early script (src/early.ts), or
 * App.tsx right after a sign-in, may have asked already (api/earlyAnswers.ts),
 * and the page then takes that answer instead of asking again. Each answer is
 * taken once, and only while fresh, so a reload or a later visit asks anew.
 */
export interface EarlyRequest<Args, T> {
  /** The answer asked for early with the same arguments, or a new request. */
  load: (args: Args) => Promise<T>;
  /** That early answer if it is already there (then taken), for a page's first render. */
  peek: (args: Args) => T | undefined;
}

/** `request` with its early answers; `path` names the request as api/landing.ts does. */
export function earlyRequest<T, Args = void>(
  request: (args: Args) => Promise<T>,
  path: (args: Args) => string,
): EarlyRequest<Args, T> {
  return {
    load: (args) => {
      const early = takeEarly<T>(path(args));
      return early === undefined ? request(args) : early.then((answer) => answer ?? request(args));
    },
    peek: (args) => peekEarly<T>(path(args)),
  };
}

/** One page of the list for the query. */
export const usersList = earlyRequest(
  (query: UserListQuery) => call(api.GET('/api/v1/users', { params: { query: userListParameters(query) } })),
  usersListPath,
);

/** What the operators page asks the API when it opens. */
export const operatorsList = earlyRequest(
  () => call(api.GET('/api/v1/operators')),
  () => OPERATORS_PATH,
);

/** Every operator's and administrator's client certificate, newest first; the page groups them by account. */
export const clientCertificates = earlyRequest(
  () => call(api.GET('/api/v1/client-certificates')),
  () => CLIENT_CERTIFICATES_PATH,
);

/** The roles' second-factor requirement, shown on the operators page. */
export const secondFactorPolicy = earlyRequest(
  () => call(api.GET('/api/v1/second-factor-policy')),
  () => SECOND_FACTOR_POLICY_PATH,
);
