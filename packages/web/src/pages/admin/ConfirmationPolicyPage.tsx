import { App, Card, Input, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmationPolicyForm } from '../../components/devices/ConfirmationPolicyForm';
import { policyApi, type ConfirmationPolicy } from '../../components/devices/devicesApi';
import { UserConfirmationPolicy } from '../../components/devices/UserConfirmationPolicy';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';

/** The administrator's default confirmation policy: whether uses of keys need a device approval. */
export function ConfirmationPolicyPage() {
  const { t } = useTranslation('devices');
  const { message } = App.useApp();
  const policy = useLoad(() => policyApi.get(), []);
  const [userId, setUserId] = useState('');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId.trim());
  async function save(values: ConfirmationPolicy) {
    await policyApi.put(values);
    void message.success(t('policy.saved'));
    policy.reload();
  }
  return (
    <>
      <PageTitle title={t('policy.title')} />
      <Typography.Paragraph>{t('policy.intro')}</Typography.Paragraph>
      <ProblemAlert error={policy.error} onRetry={policy.reload} />
      <Card>
        {policy.data ? (
          <ConfirmationPolicyForm policy={policy.data} onSave={save} testId="confirmation-policy" />
        ) : (
          <Skeleton active />
        )}
      </Card>
      <Card title={t('policy.override')} style={{ marginTop: 16 }}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>{t('policy.userHint')}</Typography.Paragraph>
          <Input
            aria-label={t('policy.userId')}
            placeholder={t('policy.userId')}
            value={userId}
            style={{ maxWidth: 420 }}
            onChange={(event) => {
              setUserId(event.target.value);
            }}
          />
          {uuid && <UserConfirmationPolicy key={userId.trim()} userId={userId.trim()} />}
        </Space>
      </Card>
    </>
  );
}
