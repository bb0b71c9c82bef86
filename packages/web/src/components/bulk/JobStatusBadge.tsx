import { useTranslation } from 'react-i18next';
import { ToneTag } from '../ToneTag';
import { STATUS_TONES, type JobStatus } from './jobs';

/** A bulk job's status in words on a coloured tag. */
export function JobStatusBadge({ status }: { status: JobStatus }) {
  const { t } = useTranslation('bulk');
  return (
    <ToneTag tone={STATUS_TONES[status]} data-status={status} data-testid="job-status">
      {t(`status.${status}`)}
    </ToneTag>
  );
}
