import { api, call } from '../../api/client';
import { earlyRequest } from '../../api/earlyRequest';
import type { User } from '../../api/types';
import { defined } from '../../components/operator/defined';

/**
 * The users list's query as its address carries it, and the request for it:
 * outside the page's chunk, so that the office can ask for the list while
 * the page's code is still on its way.
 */
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
