import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import type { BulkJob, BulkJobItem, ItemOutcome } from '../../api/types';
import { ProblemAlert } from '../ProblemAlert';
import { ToneTag, type Tone } from '../ToneTag';
import { useLoad } from '../useLoad';
import { outcomesOf } from './jobs';
import { useReason } from './reasons';

const TONES: Readonly<Record<ItemOutcome, Tone>> = {
  created: 'green',
  updated: 'blue',
  unchanged: 'default',
  skipped: 'orange',
  left: 'purple',
  issued: 'green',
  failed: 'red',
};

/** An item's outcome in words on a coloured tag; an item not yet done is pending. */
export function OutcomeTag({ outcome }: { outcome: ItemOutcome | null }) {
  const { t } = useTranslation('bulk');
  return (
    <ToneTag tone={outcome ? TONES[outcome] : 'default'} data-outcome={outcome ?? 'pending'}>
      {t(`outcomeOne.${outcome ?? 'pending'}`)}
    </ToneTag>
  );
}

/**
 * The per-row report of a job, a page at a time from the server, narrowed
 * to one outcome on demand; it follows the job while it runs. The whole
 * report downloads as CSV.
 */
export function JobItems({ job }: { job: BulkJob }) {
  const { t } = useTranslation('bulk');
  const reason = useReason();
  const [outcome, setOutcome] = useState<ItemOutcome | 'all'>('all');
  const [page, setPage] = useState({ current: 1, size: 20 });
  const items = useLoad(
    () =>
      call(
        api.GET('/api/v1/bulk-jobs/{id}/items', {
          params: {
            path: { id: job.id },
            query: {
              ...(outcome === 'all' ? {} : { outcome }),
              offset: String((page.current - 1) * page.size),
              limit: String(page.size),
            },
          },
        }),
      ),
    [job.id, job.processed, job.status, outcome, page.current, page.size],
  );
  return (
    <Card
      title={t('items.title')}
      extra={
        <Button
          icon={<DownloadOutlined />}
          href={`/api/v1/bulk-jobs/${job.id}/report.csv`}
          download={`import-${job.id}.csv`}
          data-testid="job-report"
        >
          {t('items.report')}
        </Button>
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <label htmlFor="job-items-outcome">{t('items.filter')}</label>
        <Select<ItemOutcome | 'all'>
          id="job-items-outcome"
          value={outcome}
          style={{ minWidth: 200 }}
          data-testid="job-items-outcome"
          onChange={(value) => {
            setOutcome(value);
            setPage((previous) => ({ ...previous, current: 1 }));
          }}
          options={[
            { value: 'all', label: t('items.all') },
            ...outcomesOf(job.kind).map((o) => ({
              value: o,
              label: `${t(`outcome.${o}`)} (${String(job.counts[o])})`,
            })),
          ]}
        />
      </Space>
      <ProblemAlert error={items.error} onRetry={items.reload} />
      <Table<BulkJobItem>
        rowKey="position"
        size="small"
        loading={items.loading && !items.data}
        dataSource={items.data?.items ?? []}
        locale={{ emptyText: t('items.empty') }}
        data-testid="job-items"
        pagination={{
          current: page.current,
          pageSize: page.size,
          total: items.data?.total ?? 0,
          showSizeChanger: true,
          onChange: (current, size) => {
            setPage({ current, size });
          },
        }}
        columns={[
          { title: t('items.row'), dataIndex: 'position', width: 80 },
          {
            // A campaign's items are users, named by their login; an import's rows by the personnel number.
            title: job.kind === 'certificate.campaign' ? t('items.login') : t('items.externalId'),
            dataIndex: 'externalId',
            render: (value: string) => value || '—',
          },
          {
            title: t('items.outcome'),
            key: 'outcome',
            render: (_, item) => <OutcomeTag outcome={item.outcome} />,
          },
          { title: t('items.reason'), key: 'reason', render: (_, item) => reason(item.reason) },
          {
            title: t('items.user'),
            key: 'user',
            render: (_, item) =>
              item.accountId ? <Link to={`/users/${item.accountId}`}>{t('items.openUser')}</Link> : null,
          },
        ]}
      />
    </Card>
  );
}
