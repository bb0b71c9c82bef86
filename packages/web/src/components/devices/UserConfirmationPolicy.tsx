import { App, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../ProblemAlert';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';
import { ConfirmationPolicyForm } from './ConfirmationPolicyForm';
import { policyApi, type ConfirmationPolicy } from './devicesApi';

/** One user's override of the confirmation policy, or the note that the default applies. */
export function UserConfirmationPolicy({ userId }: { userId: string }) {
  const { t } = useTranslation('devices');
  const { message } = App.useApp();
  const override = useLoad(() => policyApi.getUser(userId), [userId]);
  const [editing, setEditing] = useState(false);
  const removal = useSubmit(async () => {
    await policyApi.deleteUser(userId);
    void message.success(t('policy.overrideRemoved'));
    setEditing(false);
    override.reload();
  });
  const starting = useSubmit(async () => {
    // A new override starts from the default, which the administrator then changes.
    setDefaults(await policyApi.get());
    setEditing(true);
  });
  const [defaults, setDefaults] = useState<ConfirmationPolicy>();
  async function save(values: ConfirmationPolicy) {
    await policyApi.putUser(userId, values);
    void message.success(t('policy.saved'));
    override.reload();
  }
  const shown = override.data ?? (editing ? defaults : undefined);
  return (
    <Card size="small" title={t('policy.override')} data-testid="user-confirmation-policy">
      <ProblemAlert error={override.error ?? removal.error ?? starting.error} onRetry={override.reload} />
      {shown ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ConfirmationPolicyForm policy={shown} onSave={save} testId="user-policy-form" />
          {override.data && (
            <Button onClick={() => void removal.run()} loading={removal.busy}>
              {t('policy.overrideRemove')}
            </Button>
          )}
        </Space>
      ) : (
        override.data === null && (
          <Space>
            <Typography.Text>{t('policy.overrideNone')}</Typography.Text>
            <Button onClick={() => void starting.run()} loading={starting.busy}>
              {t('policy.overrideSet')}
            </Button>
          </Space>
        )
      )}
    </Card>
  );
}
