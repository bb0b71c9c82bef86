import { PlusOutlined, SafetyCertificateOutlined, SettingOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Empty,
  Input,
  Row,
  Select,
  Space,
  Table,
  Typography,
  type TableProps,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { User } from '../../api/types';
import { ReaderTime } from '../../components/ReaderTime';
import { CampaignDialog } from '../../components/operator/CampaignDialog';
import { holderName } from '../../components/operator/profile';
import { PageHeading } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { useLoad } from '../../components/useLoad';
import { usersList } from '../../api/firstRequests';
import {
  oneOf,
  PAGE_SIZES,
  SORTS,
  STATUSES,
  userListQuery,
  type AccountStatus,
  type SortField,
} from '../../api/landing';
import { formatSnils } from '@podpis/pki/labels';

/**
 * The query lives in the address (search, status, sort, page), so the back
 * button from a user's page returns to the same list.
 */
function useUserQuery() {
  const [params, setParams] = useSearchParams();
  const query = userListQuery(params);
  const update = (changes: Record<string, string | undefined>) => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  };
  return { query, update };
}

/** The search box sends after a pause in typing, so every keystroke does not query the server. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (value: string) => void }) {
  const { t } = useTranslation('operator');
  const [text, setText] = useState(value);
  // The latest callback, so a re-rendered parent does not restart the typing pause.
  const search = useRef(onSearch);
  useEffect(() => {
    search.current = onSearch;
  });
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => {
      search.current(text.trim());
    }, 400);
    return () => {
      clearTimeout(timer);
    };
  }, [text, value]);
  return (
    <Input.Search
      aria-label={t('users.search')}
      placeholder={t('users.searchPlaceholder')}
      allowClear
      value={text}
      onChange={(event) => {
        setText(event.target.value);
      }}
      onSearch={(next) => {
        setText(next);
        onSearch(next.trim());
      }}
      data-testid="users-search"
    />
  );
}

/** Operator's «Пользователи»: the searchable, sortable, paged list of registered users. */
export function UsersPage() {
  const { t } = useTranslation('operator');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const { query, update } = useUserQuery();
  // Kept across pages and searches, so a selection can be gathered from several.
  const [selected, setSelected] = useState<string[]>([]);
  const [campaignOpen, setCampaignOpen] = useState(false);
  const { data, error, loading, reload } = useLoad(
    () => usersList.load(query),
    [query.search, query.status, query.sort, query.order, query.page, query.pageSize],
    () => usersList.peek(query),
  );

  const sortOrder = (field: SortField) =>
    query.sort === field ? (query.order === 'desc' ? 'descend' : 'ascend') : null;

  const columns: TableProps<User>['columns'] = [
    {
      key: 'login',
      title: t('users.columns.login'),
      dataIndex: 'login',
      sorter: true,
      sortOrder: sortOrder('login'),
      render: (login: string, user) => (
        <Link to={`/users/${user.id}`} title={t('users.manage')}>
          {login}
        </Link>
      ),
    },
    {
      key: 'surname',
      title: t('users.columns.name'),
      sorter: true,
      sortOrder: sortOrder('surname'),
      render: (_, user) => holderName(user.profile) || '—',
    },
    {
      key: 'snils',
      title: t('users.columns.snils'),
      // «112-233-445 95» is read as one number: never broken at its space.
      className: 'nowrap-cell',
      render: (_, user) => (user.profile.snils ? formatSnils(user.profile.snils) : '—'),
    },
    {
      key: 'inn',
      title: t('users.columns.inn'),
      render: (_, user) => user.profile.inn ?? user.profile.innle ?? '—',
    },
    {
      key: 'status',
      title: t('users.columns.status'),
      render: (_, user) => <StatusBadge status={user.status} />,
    },
    {
      key: 'createdAt',
      title: t('users.columns.createdAt'),
      dataIndex: 'createdAt',
      sorter: true,
      sortOrder: sortOrder('createdAt'),
      render: (createdAt: string) => <ReaderTime iso={createdAt} />,
    },
    {
      key: 'actions',
      title: tc('actions'),
      // Kept in view when a tablet scrolls the table sideways.
      fixed: 'right',
      render: (_, user) => (
        <Link
          to={`/users/${user.id}`}
          aria-label={`${t('users.manage')}: ${user.login}`}
          data-testid={`manage-user-${user.login}`}
          // The row opens the user too; the link's own click must not open it twice.
          onClick={(event) => {
            event.stopPropagation();
          }}
        >
          <SettingOutlined /> {t('users.manage')}
        </Link>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row justify="space-between" align="middle" gutter={[16, 16]}>
        <Col>
          <PageHeading>{t('users.title')}</PageHeading>
        </Col>
        <Col>
          <Space wrap>
            <Button
              icon={<SafetyCertificateOutlined />}
              disabled={selected.length === 0}
              onClick={() => {
                setCampaignOpen(true);
              }}
              data-testid="issue-selected"
            >
              {t('campaign.action', { count: selected.length })}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => void navigate('/users/new')}
              data-testid="create-user"
            >
              {t('users.create')}
            </Button>
          </Space>
        </Col>
      </Row>
      <Card>
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} md={14} lg={12}>
            <SearchBox
              value={query.search}
              onSearch={(search) => {
                update({ search, page: undefined });
              }}
            />
          </Col>
          <Col xs={24} md={10} lg={6}>
            <Select<AccountStatus | 'all'>
              aria-label={t('users.statusFilter')}
              style={{ width: '100%' }}
              value={query.status ?? 'all'}
              onChange={(status) => {
                update({ status: status === 'all' ? undefined : status, page: undefined });
              }}
              options={[
                { value: 'all', label: t('users.statusAll') },
                ...STATUSES.map((status) => ({ value: status, label: tc(`status.${status}`) })),
              ]}
              data-testid="users-status"
            />
          </Col>
        </Row>
        <ProblemAlert error={error} onRetry={reload} />
        <Table<User>
          rowKey="id"
          rowSelection={{
            selectedRowKeys: selected,
            preserveSelectedRowKeys: true,
            // Ant Design copies column titles into its hidden measuring row: a "select all" checkbox there
            // is a focusable element inside aria-hidden (axe: aria-hidden-focus).
            hideSelectAll: true,
            onChange: (keys) => {
              setSelected(keys.map(String));
            },
            getCheckboxProps: (user) => ({ 'aria-label': t('campaign.select', { login: user.login }) }),
          }}
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          // A minimum width, not max-content: above it the columns share the width and long text wraps; below it the table scrolls.
          tableLayout="auto"
          scroll={{ x: 900 }}
          locale={{
            emptyText: (
              <Empty description={t('users.empty')}>
                <Typography.Text type="secondary">{t('users.emptyHint')}</Typography.Text>
              </Empty>
            ),
          }}
          onRow={(user) => ({
            onClick: () => void navigate(`/users/${user.id}`),
            style: { cursor: 'pointer' },
          })}
          onChange={(pagination, _filters, sorter) => {
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            const field = oneOf(SORTS, typeof one?.columnKey === 'string' ? one.columnKey : null);
            const order = one?.order ? (one.order === 'descend' ? 'desc' : 'asc') : undefined;
            update({
              sort: order ? field : undefined,
              order,
              page: pagination.current && pagination.current > 1 ? String(pagination.current) : undefined,
              size:
                pagination.pageSize && pagination.pageSize !== 20 ? String(pagination.pageSize) : undefined,
            });
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('users.total', { count: total }),
          }}
          data-testid="users-table"
        />
      </Card>
      <CampaignDialog
        accountIds={selected}
        open={campaignOpen}
        onClose={() => {
          setCampaignOpen(false);
        }}
      />
    </Space>
  );
}
