import { Card, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { Account } from '../../api/types';
import { AuditFilters, type AuditFilterValues } from '../../components/admin/AuditFilters';
import { AuditRecordDetails, type AuditRecord } from '../../components/admin/AuditRecordDetails';
import { AuditVerify } from '../../components/admin/AuditVerify';
import { PageTitle } from '../../components/admin/PageTitle';
import { VisuallyHidden } from '../../components/admin/VisuallyHidden';
import { useActorName } from '../../components/operator/actor';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AuditTarget, formatDateTimeSeconds, localTimeZone, useReadable } from '../../components/readable';
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
  const readable = useReadable();
  const [params, setParams] = useSearchParams();
  // A link to an object's history (`/audit?target=…`) narrows the log to it.
  const linkedTarget = params.get('target') ?? undefined;
  const [query, setQuery] = useState<Query>(linkedTarget ? { target: linkedTarget } : {});
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  // Another object's link while the page is open: its history from the first page (adjusted while rendering).
  const [shownTarget, setShownTarget] = useState(linkedTarget);
  if (shownTarget !== linkedTarget) {
    setShownTarget(linkedTarget);
    setQuery((current) => {
      const next = { ...current };
      delete next.target;
      return linkedTarget ? { ...next, target: linkedTarget } : next;
    });
    setPaging((current) => ({ ...current, page: 1 }));
  }
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

  /** The server names the account behind an actor; the system in words, the CLI as recorded. */
  const actor = (record: AuditRecord) =>
    record.actorName ? (
      <Tooltip title={record.actor}>
        <span>{actorName(record.actor, record.actorName)}</span>
      </Tooltip>
    ) : record.actor === 'system' ? (
      t('audit.system')
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
          target={linkedTarget}
          onApply={(values) => {
            const next = toQuery(values);
            if (next.target !== linkedTarget) setParams(next.target ? { target: next.target } : {});
            setQuery(next);
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
              title: (
                <Tooltip title={t('audit.timeZone', { zone: localTimeZone() })}>
                  <span>{t('audit.at')}</span>
                </Tooltip>
              ),
              render: (_value, record) => formatDateTimeSeconds(record.at),
            },
            { key: 'actor', title: t('audit.actor'), render: (_value, record) => actor(record) },
            {
              key: 'action',
              title: t('audit.action'),
              render: (_value, record) => (
                <Tooltip title={record.action}>
                  <span data-action={record.action}>{readable.auditAction(record.action)}</span>
                </Tooltip>
              ),
            },
            {
              key: 'target',
              title: t('audit.target'),
              width: 300,
              render: (_value, record) => (
                <div style={{ wordBreak: 'break-word' }}>
                  <AuditTarget target={record.target} account={record.targetAccount} />
                </div>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
