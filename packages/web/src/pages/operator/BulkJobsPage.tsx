import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { BulkJobsTable } from '../../components/bulk/BulkJobsTable';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { localTimeZone } from '../../components/readable';
import { useLoad } from '../../components/useLoad';

/** Every kind of bulk job, newest first. */
export function BulkJobsPage() {
  const { t } = useTranslation('bulk');
  const jobs = useLoad(() => call(api.GET('/api/v1/bulk-jobs', { params: { query: { limit: '100' } } })), []);
  return (
    <>
      <PageTitle title={t('title')} />
      <Typography.Paragraph>{t('intro', { zone: localTimeZone() })}</Typography.Paragraph>
      <ProblemAlert error={jobs.error} onRetry={jobs.reload} />
      <BulkJobsTable jobs={jobs.data ?? []} loading={jobs.loading} />
    </>
  );
}
