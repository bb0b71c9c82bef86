import { Progress, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BulkJob } from '../../api/types';
import { formatDateTimeSeconds } from '../readable';
import { JobStatusBadge } from './JobStatusBadge';
import { jobSubject } from './JobParams';
import { percentOf, useJobKind } from './jobs';

/** Bulk jobs, newest first, each linked to its page. */
export function BulkJobsTable({ jobs, loading }: { jobs: readonly BulkJob[]; loading: boolean }) {
  const { t } = useTranslation('bulk');
  const kindLabel = useJobKind();
  return (
    <Table<BulkJob>
      rowKey="id"
      loading={loading}
      dataSource={[...jobs]}
      pagination={false}
      locale={{ emptyText: t('empty') }}
      data-testid="bulk-jobs"
      columns={[
        {
          title: t('column.createdAt'),
          key: 'createdAt',
          render: (_, job) => <Link to={`/bulk-jobs/${job.id}`}>{formatDateTimeSeconds(job.createdAt)}</Link>,
        },
        { title: t('column.kind'), key: 'kind', render: (_, job) => kindLabel(job.kind) },
        { title: t('column.what'), key: 'what', render: (_, job) => jobSubject(job, t) },
        {
          title: t('column.status'),
          key: 'status',
          render: (_, job) => <JobStatusBadge status={job.status} />,
        },
        {
          title: t('column.progress'),
          key: 'progress',
          width: 220,
          render: (_, job) => (
            <Progress
              percent={percentOf(job)}
              size="small"
              aria-label={t('progress.of', { processed: job.processed, total: job.total })}
              // In the page's text colour: the finished bar's green falls below WCAG AA contrast for small text.
              format={() => (
                <span
                  style={{ color: 'rgba(0, 0, 0, 0.88)' }}
                >{`${String(job.processed)}/${String(job.total)}`}</span>
              )}
            />
          ),
        },
        { title: t('column.createdBy'), dataIndex: 'createdBy' },
      ]}
    />
  );
}
