import { Alert, Checkbox, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import { FormDialog } from '../FormDialog';
import { ProblemAlert } from '../ProblemAlert';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';
import { KeyFields, withoutPin, type KeyValues } from './KeyFields';

type CampaignValues = KeyValues & { certificateProfile: string; skipExisting: boolean };

/**
 * «Выпустить сертификаты выбранным…»: the terms of the operator's own
 * certificate request — profile, key store and algorithm, validity, how
 * the keys are confirmed (the campaign's temporary PIN, which each holder
 * changes, or the holder's device) — once for all the selected users, and
 * whether those who already hold a valid certificate of the profile are
 * skipped. The campaign runs as a bulk job; its page follows it.
 */
export function CampaignDialog({
  accountIds,
  open,
  onClose,
}: {
  accountIds: readonly string[];
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('operator');
  const navigate = useNavigate();
  const [form] = Form.useForm<CampaignValues>();
  const profiles = useLoad(async () => {
    if (!open) return [];
    const all = await call(api.GET('/api/v1/profiles'));
    return all.filter((profile) => profile.subject.type !== 'server' && profile.available);
  }, [open]);
  const english = i18n.language === 'en';
  const submission = useSubmit(
    async ({
      certificateProfile,
      skipExisting,
      keyStore,
      keySpec,
      validityDays,
      confirmation,
      pin,
      pinConfirmation,
    }: CampaignValues) => {
      const job = await call(
        api.POST('/api/v1/certificate-campaigns', {
          body: {
            accountIds: [...accountIds],
            certificateProfile,
            keyStore,
            keySpec,
            validityDays,
            skipExisting,
            ...(confirmation && withoutPin(confirmation)
              ? { confirmation }
              : { confirmation: 'pin' as const, pin: pin ?? '', pinConfirmation: pinConfirmation ?? '' }),
          },
        }),
      );
      void navigate(`/bulk-jobs/${job.id}`);
    },
  );

  return (
    <FormDialog
      open={open}
      title={t('campaign.title', { count: accountIds.length })}
      okText={t('campaign.start')}
      okTestId="campaign-start"
      width={760}
      submission={submission}
      form={form}
      onClose={onClose}
      intro={<Alert type="info" showIcon title={t('campaign.hint')} style={{ marginBottom: 16 }} />}
    >
      <ProblemAlert error={profiles.error} onRetry={profiles.reload} />
      <Form<CampaignValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          certificateProfile: 'qualified-employee',
          keySpec: 'gost256',
          validityDays: 365,
          confirmation: 'pin',
          skipExisting: true,
        }}
        onFinish={(values) => void submission.run(values)}
      >
        <Form.Item name="certificateProfile" label={t('campaign.profile')} rules={[{ required: true }]}>
          <Select
            data-testid="campaign-profile"
            loading={profiles.loading}
            options={(profiles.data ?? []).map((profile) => ({
              value: profile.id,
              label: english ? profile.title.en : profile.title.ru,
            }))}
          />
        </Form.Item>
        <KeyFields />
        <Form.Item name="skipExisting" valuePropName="checked">
          <Checkbox data-testid="campaign-skip-existing">{t('campaign.skipExisting')}</Checkbox>
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
