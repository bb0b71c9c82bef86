import { Card, Col, Progress, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BulkJob } from '../../api/types';
import { formatDateTimeSeconds } from '../readable';
import { outcomesOf, percentOf, useRate } from './jobs';

/**
 * The progress bar of a job — done of total, the count of each outcome, and
 * while it runs the rate and the time left, estimated from the last answers.
 */
export function JobProgress({ job }: { job: BulkJob }) {
  const { t, i18n } = useTranslation('bulk');
  const estimate = useRate(job);
  const number = (value: number) => value.toLocaleString(i18n.language);
  const duration = (seconds: number) =>
    seconds < 60
      ? t('progress.seconds', { count: seconds })
      : t('progress.minutes', { minutes: Math.floor(seconds / 60), seconds: seconds % 60 });
  const percent = percentOf(job);
  const state =
    job.status === 'failed'
      ? 'exception'
      : job.status === 'completed'
        ? 'success'
        : job.status === 'running'
          ? 'active'
          : 'normal';
  return (
    <Card title={t('progress.label')} style={{ marginBottom: 16 }}>
      <Progress
        percent={percent}
        status={state}
        aria-label={t('progress.label')}
        data-testid="job-progress"
        data-processed={job.processed}
        data-total={job.total}
      />
      <Typography.Paragraph data-testid="job-progress-text" style={{ marginTop: 8 }}>
        {t('progress.of', { processed: number(job.processed), total: number(job.total) })}
        {job.status === 'running' && (
          <>
            {' · '}
            {estimate
              ? `${t('progress.rate', { rate: number(Math.round(estimate.rate)) })} · ${t('progress.eta', { eta: duration(estimate.etaSeconds) })}`
              : t('progress.etaUnknown')}
          </>
        )}
        {' · '}
        {job.finishedAt
          ? t('progress.finishedAt', { time: formatDateTimeSeconds(job.finishedAt) })
          : t('progress.updatedAt', { time: formatDateTimeSeconds(job.updatedAt) })}
      </Typography.Paragraph>
      {job.status === 'failed' && job.error && (
        <Typography.Paragraph type="danger">{t('progress.error', { error: job.error })}</Typography.Paragraph>
      )}
      <Row gutter={16}>
        {outcomesOf(job.kind).map((outcome) => (
          <Col xs={12} md={4} key={outcome}>
            <Statistic
              title={t(`outcome.${outcome}`)}
              value={job.counts[outcome]}
              data-testid={`job-count-${outcome}`}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
