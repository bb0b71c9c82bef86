import { Button, Popconfirm, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { BulkJob } from '../../api/types';
import type { Submission } from '../useSubmit';
import type { JobStatus } from './jobs';

type Control = 'pause' | 'resume' | 'cancel';

/** Which controls a status allows, as the server's rules have it. */
const ALLOWED: Readonly<Record<Control, readonly JobStatus[]>> = {
  pause: ['queued', 'running'],
  resume: ['paused', 'failed'],
  cancel: ['queued', 'running', 'paused'],
};

/** Pause, resume and cancel, each asked once more in words that name the action. */
export function JobControls({
  job,
  action,
  onChanged,
}: {
  job: BulkJob;
  action: Submission<[() => Promise<void>]>;
  onChanged: (job: BulkJob) => void;
}) {
  const { t } = useTranslation('bulk');
  const control = (which: Control) =>
    action.run(async () => {
      const path = { path: { id: job.id } };
      const answer =
        which === 'pause'
          ? await call(api.POST('/api/v1/bulk-jobs/{id}/pause', { params: path }))
          : which === 'resume'
            ? await call(api.POST('/api/v1/bulk-jobs/{id}/resume', { params: path }))
            : await call(api.POST('/api/v1/bulk-jobs/{id}/cancel', { params: path }));
      onChanged(answer);
    });
  const controls: Control[] = (['pause', 'resume', 'cancel'] as const).filter((c) =>
    ALLOWED[c].includes(job.status),
  );
  if (controls.length === 0) return null;
  return (
    <Space wrap>
      {controls.map((which) => (
        <Popconfirm
          key={which}
          title={t(`control.${which}Confirm`)}
          okText={t(`control.${which}Ok`)}
          cancelText={which === 'cancel' ? t('control.keep') : t('control.back')}
          okButtonProps={{ danger: which === 'cancel', 'data-testid': `job-${which}-confirm` }}
          onConfirm={() => void control(which)}
        >
          <Button danger={which === 'cancel'} loading={action.busy} data-testid={`job-${which}`}>
            {t(`control.${which}`)}
          </Button>
        </Popconfirm>
      ))}
    </Space>
  );
}
