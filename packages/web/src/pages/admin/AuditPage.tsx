import { Card, Table, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { Account } from '../../api/types';
import { AuditFilters, type AuditFilterValues } from '../../components/admin/AuditFilters';
import { AuditRecordDetails, type AuditRecord } from '../../components/admin/AuditRecordDetails';
import { AuditVerify } from '../../components/admin/AuditVerify';
import { PageTitle } from '../../components/admin/PageTitle';
import { VisuallyHidden } from '../../components/admin/VisuallyHidden';
import { useActorName } from '../../components/operator/actor';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';

interface Query {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
}

const PAGE_SIZES = [20, 50, 100, 200];

/** Only filled filters go to the API: an empty string would match nothing. */
function toQuery(values: AuditFilterValues): Query {
  const query: Query = {};
  const actor = values.actor?.trim();
  const action = values.action?.trim();
  const target = values.target?.trim();
  if (actor) query.actor = actor;
  if (action) query.action = action;
  if (target) query.target = target;
  if (values.from) query.from = values.from.toISOString();
  if (values.to) query.to = values.to.toISOString();
  return query;
}

/** The actor filter offers operators and administrators (recorded as `role:accountId`) by login. */
function actorOptions(operators: readonly Account[], actorName: ReturnType<typeof useActorName>) {
  return operators.map((account) => {
    const actor = `${account.role}:${account.id}`;
    return { value: actor, label: `${actorName(actor, account.login)} (${actor})` };
  });
}

/** The administrator's audit log (M9.1): filtered, paged, newest first, and the chain check. */
export function AuditPage() {
  const { t } = useTranslation('admin');
  const [query, setQuery] = useState<Query>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const records = useLoad(
    () =>
      call(
        api.GET('/api/v1/audit', {
          params: {
            query: {
              ...query,
              limit: String(paging.pageSize),
              offset: String((paging.page - 1) * paging.pageSize),
            },
          },
        }),
      ),
    [query, paging],
  );
  const operators = useLoad(() => call(api.GET('/api/v1/operators')), []);
  const actorName = useActorName();

  /** The server names the account behind an actor; the CLI and the system stand as recorded. */
  const actor = (record: AuditRecord) =>
    record.actorName ? (
      <Tooltip title={record.actor}>
        <span>{actorName(record.actor, record.actorName)}</span>
      </Tooltip>
    ) : (
      <Typography.Text style={{ wordBreak: 'break-all' }}>{record.actor}</Typography.Text>
    );

  return (
    <>
      <PageTitle title={t('audit.title')} />
      <Card title={t('audit.verify.title')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph>{t('audit.verify.hint')}</Typography.Paragraph>
        <AuditVerify />
      </Card>
      <Card title={t('audit.records')}>
        <AuditFilters
          actors={actorOptions(operators.data ?? [], actorName)}
          onApply={(values) => {
            setQuery(toQuery(values));
            setPaging((current) => ({ ...current, page: 1 }));
          }}
        />
        <ProblemAlert error={records.error} onRetry={records.reload} />
        <Table<AuditRecord>
          rowKey="seq"
          size="small"
          loading={records.loading}
          dataSource={records.data?.items ?? []}
          // A minimum width, not max-content: above it the columns share the width and long text wraps; below it the table scrolls.
          tableLayout="auto"
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('audit.empty') }}
          data-testid="audit-table"
          expandable={{
            columnTitle: <VisuallyHidden>{t('audit.details')}</VisuallyHidden>,
            expandedRowRender: (record) => <AuditRecordDetails record={record} />,
          }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: records.data?.total ?? 0,
            pageSizeOptions: PAGE_SIZES,
            showSizeChanger: true,
            showTotal: (total, [first, last]) => t('audit.shown', { first, last, total }),
            onChange: (page, pageSize) => {
              setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize });
            },
          }}
          columns={[
            { key: 'seq', title: t('audit.seq'), dataIndex: 'seq', width: 80 },
            {
              key: 'at',
              title: t('audit.at'),
              render: (_value, record) => dayjs(record.at).format('DD.MM.YYYY HH:mm:ss'),
            },
            { key: 'actor', title: t('audit.actor'), render: (_value, record) => actor(record) },
            {
              key: 'action',
              title: t('audit.action'),
              render: (_value, record) => <Typography.Text code>{record.action}</Typography.Text>,
            },
            {
              key: 'target',
              title: t('audit.target'),
              width: 300,
              render: (_value, record) => (
                <div style={{ wordBreak: 'break-all' }}>{record.target ?? '—'}</div>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
