import { api, call } from './client';
import { EARLY_FRESH_MS, hasEarly, peekEarly, takeEarly } from './earlyAnswers';
import {
  CLIENT_CERTIFICATES_PATH,
  OPERATORS_PATH,
  SECOND_FACTOR_POLICY_PATH,
  userListParameters,
  userListQuery,
  usersListPath,
  type UserListQuery,
} from './landing';
import type { Me } from './types';

/**
 * The first API requests of the pages staff land on (the users list, the
 * operators page): started with the page's code by App.tsx
 * (`preloadFirstPage`) and taken by the page from the same request object.
 * One small chunk, which the sign-in page goes without.
 */

/**
 * A page's first API request that the office may start before the page's
 * code has arrived (see `preloadFirstPage` in App.tsx), or that the early
 * script (src/early.ts) started before the office's code had: the page then
 * takes that answer instead of asking again. Each answer is taken once, and
 * only while fresh, so a reload or a later visit to the page asks anew.
 */
export interface EarlyRequest<Args, T> {
  /** Starts the request for these arguments, unless one is already under way. */
  start: (args: Args) => void;
  /** The answer started early for the same arguments, or a new request. */
  load: (args: Args) => Promise<T>;
  /** The early script's answer for these arguments if it is already there (then taken), for a page's first render. */
  peek: (args: Args) => T | undefined;
}

/**
 * `request` with its early answers; `path` names the request as the early
 * script asks it (api/landing.ts), for the requests that script makes.
 */
export function earlyRequest<T, Args = void>(
  request: (args: Args) => Promise<T>,
  path?: (args: Args) => string,
): EarlyRequest<Args, T> {
  const started = new Map<string, { at: number; answer: Promise<T> }>();
  return {
    start: (args) => {
      const key = JSON.stringify(args);
      if (started.has(key) || (path !== undefined && hasEarly(path(args)))) return;
      const answer = request(args);
      // Nobody may ever take it (the page changed meanwhile): a failure then must not be an unhandled rejection.
      answer.catch(() => undefined);
      started.set(key, { at: Date.now(), answer });
    },
    load: (args) => {
      const fromScript = path === undefined ? undefined : takeEarly<T>(path(args));
      if (fromScript !== undefined) return fromScript.then((answer) => answer ?? request(args));
      const key = JSON.stringify(args);
      const early = started.get(key);
      started.delete(key);
      return early !== undefined && Date.now() - early.at < EARLY_FRESH_MS ? early.answer : request(args);
    },
    peek: (args) => (path === undefined ? undefined : peekEarly<T>(path(args))),
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

/** The requests above by role and path. */
const FIRST_REQUESTS: Partial<Record<Me['role'], Record<string, (search: URLSearchParams) => void>>> = {
  operator: {
    '/users': (search) => {
      usersList.start(userListQuery(search));
    },
  },
  admin: {
    '/operators': () => {
      operatorsList.start();
      clientCertificates.start();
      secondFactorPolicy.start();
    },
  },
};

export function startFirstRequests(role: Me['role'], path: string, search: URLSearchParams): void {
  FIRST_REQUESTS[role]?.[path]?.(search);
}
