import { App, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../ProblemAlert';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';
import { ConfirmationPolicyForm } from './ConfirmationPolicyForm';
import { policyApi, type ConfirmationPolicy } from './devicesApi';

/** One user's override of the confirmation policy, or the note that the users' policy applies. */
export function UserConfirmationPolicy({ userId }: { userId: string }) {
  const { t } = useTranslation('devices');
  const { message } = App.useApp();
  const policy = useLoad(() => policyApi.getUser(userId), [userId]);
  const [editing, setEditing] = useState(false);
  const removal = useSubmit(async () => {
    await policyApi.deleteUser(userId);
    void message.success(t('policy.overrideRemoved'));
    setEditing(false);
    policy.reload();
  });
  async function save(values: ConfirmationPolicy) {
    await policyApi.putUser(userId, values);
    void message.success(t('policy.saved'));
    policy.reload();
  }
  const override = policy.data?.override;
  // A new override starts from the policy in force, which the administrator then changes.
  const shown = override ?? (editing ? policy.data?.effective : undefined);
  return (
    <Card size="small" title={t('policy.override')} data-testid="user-confirmation-policy">
      <ProblemAlert error={policy.error ?? removal.error} onRetry={policy.reload} />
      {shown ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ConfirmationPolicyForm policy={shown} onSave={save} testId="user-policy-form" />
          {override && (
            <Button onClick={() => void removal.run()} loading={removal.busy}>
              {t('policy.overrideRemove')}
            </Button>
          )}
        </Space>
      ) : (
        policy.data && (
          <Space>
            <Typography.Text>{t('policy.overrideNone')}</Typography.Text>
            <Button
              onClick={() => {
                setEditing(true);
              }}
            >
              {t('policy.overrideSet')}
            </Button>
          </Space>
        )
      )}
    </Card>
  );
}
