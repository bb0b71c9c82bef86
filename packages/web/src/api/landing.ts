import type { Me, User } from './types';

/**
 * Where a signed-in visit lands and what that page asks the API first.
 * Imports nothing at run time: the early script (src/early.ts), which runs
 * before the office's code has arrived, is built from it as well as the
 * office, so both name the same requests the same way.
 */

/** Each role's home page, where `/` leads. */
export const HOME: Record<Me['role'], string> = {
  operator: '/users',
  admin: '/operators',
  user: '/my/certificates',
};

/** The page a signed-in visit to `pathname` shows: the role's home page for `/`. */
export function landingPath(me: Me, pathname: string): string {
  return pathname === '/' ? HOME[me.role] : pathname;
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

/** GET /users's query parameters. */
export interface UserListParameters {
  search?: string;
  status?: AccountStatus;
  sort?: SortField;
  order?: 'asc' | 'desc';
  limit: string;
  offset: string;
}

/** The API's query parameters for one page of the users list. */
export function userListParameters(query: UserListQuery): UserListParameters {
  const parameters: UserListParameters = {
    limit: String(query.pageSize),
    offset: String((query.page - 1) * query.pageSize),
  };
  if (query.search) parameters.search = query.search;
  if (query.status) parameters.status = query.status;
  if (query.sort) parameters.sort = query.sort;
  if (query.order) parameters.order = query.order;
  return parameters;
}

/** The address of one page of the users list: what the early script asks and the page looks up. */
export function usersListPath(query: UserListQuery): string {
  const parameters = Object.entries(userListParameters(query)).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return `/api/v1/users?${new URLSearchParams(parameters).toString()}`;
}

export const OPERATORS_PATH = '/api/v1/operators';
export const CLIENT_CERTIFICATES_PATH = '/api/v1/client-certificates';
export const SECOND_FACTOR_POLICY_PATH = '/api/v1/second-factor-policy';

/**
 * The API requests the page at `pathname` makes as it opens, for the
 * signed-in `me`: the staff's landing lists. None for a page that is not
 * shown yet (a password to change, a second factor to enrol).
 */
export function firstRequestPaths(me: Me, pathname: string, search: URLSearchParams): string[] {
  if (me.mustChangePassword || me.secondFactorEnrolmentRequired) return [];
  const path = landingPath(me, pathname);
  if (me.role === 'operator' && path === '/users') return [usersListPath(userListQuery(search))];
  if (me.role === 'admin' && path === '/operators') {
    return [OPERATORS_PATH, CLIENT_CERTIFICATES_PATH, SECOND_FACTOR_POLICY_PATH];
  }
  return [];
}
