import { App, Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { HrSource } from '../../api/types';
import { BulkJobsTable } from '../../components/bulk/BulkJobsTable';
import { HrSourceDialog } from '../../components/hr/HrSourceDialog';
import { HrUploadDialog } from '../../components/hr/HrUploadDialog';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTimeSeconds } from '../../components/readable';
import { useLoad } from '../../components/useLoad';

/** The operator's HR sources (column mappings), uploads of their exports, and the recent imports. */
export function HrImportPage() {
  const { t } = useTranslation('hr');
  const { t: to } = useTranslation('operator');
  const { message } = App.useApp();
  const sources = useLoad(() => call(api.GET('/api/v1/hr/sources')), []);
  const jobs = useLoad(
    () => call(api.GET('/api/v1/bulk-jobs', { params: { query: { kind: 'hr.import', limit: '10' } } })),
    [],
  );
  const [editing, setEditing] = useState<HrSource | 'new'>();
  const [uploading, setUploading] = useState<HrSource>();
  return (
    <>
      <PageTitle
        title={t('title')}
        extra={
          <Button
            type="primary"
            onClick={() => {
              setEditing('new');
            }}
            data-testid="hr-source-add"
          >
            {t('add')}
          </Button>
        }
      />
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <ProblemAlert error={sources.error} onRetry={sources.reload} />
      <Table<HrSource>
        rowKey="id"
        loading={sources.loading}
        dataSource={sources.data ?? []}
        pagination={false}
        locale={{ emptyText: t('empty') }}
        style={{ marginBottom: 24 }}
        columns={[
          { title: t('column.id'), dataIndex: 'id' },
          { title: t('column.description'), dataIndex: 'description' },
          { title: t('column.kind'), key: 'kind', render: (_, s) => to(`kind.${s.mapping.kind}`) },
          { title: t('column.encoding'), key: 'encoding', render: (_, s) => t(`encoding.${s.encoding}`) },
          {
            title: t('column.markLeavers'),
            key: 'markLeavers',
            render: (_, s) => (s.markLeavers ? t('yes') : t('no')),
          },
          {
            title: t('column.updatedAt'),
            key: 'updatedAt',
            render: (_, s) => formatDateTimeSeconds(s.updatedAt),
          },
          {
            title: t('column.actions'),
            key: 'actions',
            render: (_, s) => (
              <Space wrap>
                <Button
                  size="small"
                  type="primary"
                  onClick={() => {
                    setUploading(s);
                  }}
                  data-testid={`hr-upload-${s.id}`}
                >
                  {t('upload')}
                </Button>
                <Button
                  size="small"
                  onClick={() => {
                    setEditing(s);
                  }}
                >
                  {t('edit')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('recent')}
      </Typography.Title>
      <ProblemAlert error={jobs.error} onRetry={jobs.reload} />
      <BulkJobsTable jobs={jobs.data ?? []} loading={jobs.loading} />
      <HrSourceDialog
        source={editing}
        onClose={() => {
          setEditing(undefined);
        }}
        onSaved={(saved) => {
          setEditing(undefined);
          void message.success(t('source.saved', { id: saved.id }));
          sources.reload();
        }}
      />
      <HrUploadDialog
        source={uploading}
        onClose={() => {
          setUploading(undefined);
        }}
      />
    </>
  );
}
