import { api, call } from './client';
import type { Me, User } from './types';
import { defined } from '../components/operator/defined';

/**
 * The first API requests of the pages staff land on (the users list, the
 * operators page): started with the page's code by App.tsx
 * (`preloadFirstPage`) and taken by the page from the same request object.
 * One small chunk, which the sign-in page goes without.
 */

/** How long an answer asked for early stays good for the page that takes it, ms. */
const FRESH_MS = 10_000;

/**
 * A page's first API request that the office may start before the page's
 * code has arrived (see `preloadFirstPage` in App.tsx): the page then
 * takes that answer instead of asking again. Each answer is taken once, and
 * only while fresh, so a reload or a later visit to the page asks anew.
 */
export interface EarlyRequest<Args, T> {
  /** Starts the request for these arguments, unless one is already under way. */
  start: (args: Args) => void;
  /** The answer started early for the same arguments, or a new request. */
  load: (args: Args) => Promise<T>;
}

export function earlyRequest<T, Args = void>(request: (args: Args) => Promise<T>): EarlyRequest<Args, T> {
  const started = new Map<string, { at: number; answer: Promise<T> }>();
  return {
    start: (args) => {
      const key = JSON.stringify(args);
      if (started.has(key)) return;
      const answer = request(args);
      // Nobody may ever take it (the page changed meanwhile): a failure then must not be an unhandled rejection.
      answer.catch(() => undefined);
      started.set(key, { at: Date.now(), answer });
    },
    load: (args) => {
      const key = JSON.stringify(args);
      const early = started.get(key);
      started.delete(key);
      return early !== undefined && Date.now() - early.at < FRESH_MS ? early.answer : request(args);
    },
  };
}

/** The users list's query as its address carries it. */
export type AccountStatus = User['status'];
export type SortField = 'login' | 'surname' | 'createdAt';
export const STATUSES = ['active', 'locked', 'disabled'] as const satisfies readonly AccountStatus[];
export const SORTS = ['login', 'surname', 'createdAt'] as const satisfies readonly SortField[];
export const PAGE_SIZES = [10, 20, 50, 100];

export function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

export interface UserListQuery {
  search: string;
  status: AccountStatus | undefined;
  sort: SortField | undefined;
  order: 'asc' | 'desc' | undefined;
  page: number;
  pageSize: number;
}

export function userListQuery(params: URLSearchParams): UserListQuery {
  return {
    search: params.get('search') ?? '',
    status: oneOf(STATUSES, params.get('status')),
    sort: oneOf(SORTS, params.get('sort')),
    order: oneOf(['asc', 'desc'] as const, params.get('order')),
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: oneOf(PAGE_SIZES.map(String), params.get('size')) ? Number(params.get('size')) : 20,
  };
}

/** One page of the list for the query. */
export const usersList = earlyRequest((query: UserListQuery) =>
  call(
    api.GET('/api/v1/users', {
      params: {
        query: defined({
          search: query.search || undefined,
          status: query.status,
          sort: query.sort,
          order: query.order,
          limit: String(query.pageSize),
          offset: String((query.page - 1) * query.pageSize),
        }),
      },
    }),
  ),
);

/** What the operators page asks the API when it opens. */
export const operatorsList = earlyRequest(() => call(api.GET('/api/v1/operators')));

/** Every operator's and administrator's client certificate, newest first; the page groups them by account. */
export const clientCertificates = earlyRequest(() => call(api.GET('/api/v1/client-certificates')));

/** The roles' second-factor requirement, shown on the operators page. */
export const secondFactorPolicy = earlyRequest(() => call(api.GET('/api/v1/second-factor-policy')));

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
