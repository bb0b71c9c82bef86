import { App, Card, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ConfirmationPolicyForm } from '../../components/devices/ConfirmationPolicyForm';
import { policyApi, type ConfirmationPolicy } from '../../components/devices/devicesApi';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';

/** The administrator's default confirmation policy: whether uses of keys need a device approval. */
export function ConfirmationPolicyPage() {
  const { t } = useTranslation('devices');
  const { message } = App.useApp();
  const policy = useLoad(() => policyApi.get(), []);
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
    </>
  );
}
