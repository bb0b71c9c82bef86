import { App, Card, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../ProblemAlert';
import { useProblemMessage } from '../problem';
import { useLoad } from '../useLoad';
import { secondFactorPolicy } from '../../api/firstRequests';

/**
 * The administrators' rule: whether users must sign in with a second
 * factor. Only users sign in with a password; staff use client certificates.
 */
export function SecondFactorPolicyCard() {
  const { t } = useTranslation('security');
  const { message } = App.useApp();
  const problemMessage = useProblemMessage();
  const policy = useLoad(
    () => secondFactorPolicy.load(),
    [],
    () => secondFactorPolicy.peek(),
  );
  const [busy, setBusy] = useState(false);
  // The saved answer, so the switch shows it at once rather than the old value until a reload.
  const [saved, setSaved] = useState<boolean>();
  const required = saved ?? policy.data?.roles.find((entry) => entry.role === 'user')?.required ?? false;
  const change = async (value: boolean) => {
    setBusy(true);
    try {
      const answer = await call(
        api.PUT('/api/v1/second-factor-policy/{role}', {
          params: { path: { role: 'user' } },
          body: { required: value },
        }),
      );
      setSaved(answer.required);
      void message.success(t('policy.saved'));
    } catch (problem) {
      void message.error(problemMessage(problem));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('policy.title')} style={{ marginTop: 24, maxWidth: 720 }}>
      <Typography.Paragraph type="secondary">{t('policy.hint')}</Typography.Paragraph>
      <ProblemAlert error={policy.error} onRetry={policy.reload} />
      <Space>
        <Switch
          id="second-factor-required"
          checked={required}
          loading={busy || policy.loading}
          onChange={(value) => void change(value)}
          data-testid="second-factor-required"
        />
        <label htmlFor="second-factor-required">{t('policy.requireForUsers')}</label>
      </Space>
    </Card>
  );
}
