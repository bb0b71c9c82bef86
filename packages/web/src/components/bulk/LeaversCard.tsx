import { Alert, Button, Card, Popconfirm, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import type { BulkJob, BulkJobItem } from '../../api/types';
import { ProblemAlert } from '../ProblemAlert';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';

/**
 * The leavers of a completed full HR import: who they are, and the
 * operator's confirmation that suspends their valid certificates.
 */
export function LeaversCard({ job }: { job: BulkJob }) {
  const { t } = useTranslation('bulk');
  const count = job.counts.left;
  const leavers = useLoad(
    () =>
      call(
        api.GET('/api/v1/bulk-jobs/{id}/items', {
          params: { path: { id: job.id }, query: { outcome: 'left', limit: '1000' } },
        }),
      ),
    [job.id],
  );
  const [done, setDone] = useState<{ accounts: number; suspended: number }>();
  const confirm = useSubmit(async () => {
    const answer = await call(
      api.POST('/api/v1/bulk-jobs/{id}/suspend-leavers', { params: { path: { id: job.id } } }),
    );
    setDone({ accounts: answer.accounts, suspended: answer.suspended.length });
  });
  // The kind is compared as text: the API will name more kinds (certificate campaigns) than it does today.
  const kind: string = job.kind;
  if (kind !== 'hr.import' || job.status !== 'completed' || count === 0) return null;
  return (
    <Card title={t('leavers.title')} style={{ marginBottom: 16 }} data-testid="job-leavers">
      <Typography.Paragraph>{t('leavers.intro', { count })}</Typography.Paragraph>
      <ProblemAlert error={leavers.error ?? confirm.error} />
      <Table<BulkJobItem>
        rowKey="position"
        size="small"
        loading={leavers.loading}
        dataSource={leavers.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('items.externalId'), dataIndex: 'externalId' },
          {
            title: t('items.user'),
            key: 'user',
            render: (_, item) =>
              item.accountId ? <Link to={`/users/${item.accountId}`}>{t('items.openUser')}</Link> : null,
          },
        ]}
        style={{ marginBottom: 16 }}
      />
      {done ? (
        <Alert type="success" showIcon title={t('leavers.done', done)} data-testid="job-leavers-done" />
      ) : (
        <Popconfirm
          title={t('leavers.confirmQuestion', { count })}
          okText={t('leavers.confirm')}
          cancelText={t('control.back')}
          okButtonProps={{ danger: true, 'data-testid': 'job-leavers-confirm-ok' }}
          onConfirm={() => void confirm.run()}
        >
          <Button danger loading={confirm.busy} data-testid="job-leavers-confirm">
            {t('leavers.confirm')}
          </Button>
        </Popconfirm>
      )}
    </Card>
  );
}
