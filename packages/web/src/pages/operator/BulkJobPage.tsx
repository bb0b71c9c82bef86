import { Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { JobControls } from '../../components/bulk/JobControls';
import { JobItems } from '../../components/bulk/JobItems';
import { JobParams } from '../../components/bulk/JobParams';
import { JobProgress } from '../../components/bulk/JobProgress';
import { JobStatusBadge } from '../../components/bulk/JobStatusBadge';
import { LeaversCard } from '../../components/bulk/LeaversCard';
import { useBulkJob, useJobKind } from '../../components/bulk/jobs';
import { TemporaryPasswordsDelivery } from '../../components/operator/TemporaryPasswordsDelivery';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTimeSeconds } from '../../components/readable';
import { useSubmit } from '../../components/useSubmit';

/**
 * One bulk job of any kind: its live progress bar, pause/resume/cancel, its
 * parameters in words, what it did to each row, and — for a full HR import —
 * the leavers to confirm.
 */
export function BulkJobPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('bulk');
  const kindLabel = useJobKind();
  const { job, error, replace } = useBulkJob(id);
  const action = useSubmit(async (work: () => Promise<void>) => work());
  if (!job) return error ? <ProblemAlert error={error} /> : <Spin />;
  return (
    <>
      <Link to="/bulk-jobs">{t('back')}</Link>
      <PageTitle
        title={
          <Space wrap>
            {t('jobTitle', { kind: kindLabel(job.kind), time: formatDateTimeSeconds(job.createdAt) })}
            <JobStatusBadge status={job.status} />
          </Space>
        }
        extra={<JobControls job={job} action={action} onChanged={replace} />}
      />
      <ProblemAlert error={error ?? action.error} />
      <JobProgress job={job} />
      <JobParams job={job} />
      {job.kind === 'hr.import' && job.status === 'completed' && (
        <TemporaryPasswordsDelivery jobId={job.id} />
      )}
      <LeaversCard job={job} />
      <JobItems job={job} />
    </>
  );
}
