import { Button, Checkbox, Form, InputNumber, Radio } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../ProblemAlert';
import { useSubmit } from '../useSubmit';
import type { ConfirmationPolicy } from './devicesApi';

const DEVICE_SETTINGS = ['off', 'when-enrolled', 'required'] as const;
const OPERATIONS = ['sign', 'decrypt'] as const;

/** The fields of a confirmation policy (docs/mobile-confirmation.md, "Policy"), for the default and a user's override. */
export function ConfirmationPolicyForm({
  policy,
  onSave,
  testId,
}: {
  policy: ConfirmationPolicy;
  onSave: (policy: ConfirmationPolicy) => Promise<unknown>;
  testId: string;
}) {
  const { t } = useTranslation('devices');
  const [form] = Form.useForm<ConfirmationPolicy>();
  const saving = useSubmit(onSave);
  useEffect(() => {
    form.setFieldsValue(policy);
  }, [form, policy]);
  return (
    <Form<ConfirmationPolicy>
      form={form}
      layout="vertical"
      initialValues={policy}
      onFinish={(values) => void saving.run(values)}
      style={{ maxWidth: 640 }}
      data-testid={testId}
    >
      <Form.Item name="device" label={t('policy.device')}>
        <Radio.Group
          options={DEVICE_SETTINGS.map((value) => ({ value, label: t(`policy.deviceOptions.${value}`) }))}
        />
      </Form.Item>
      <Form.Item name="operations" label={t('policy.operations')}>
        <Checkbox.Group
          options={OPERATIONS.map((value) => ({ value, label: t(`policy.operationOptions.${value}`) }))}
        />
      </Form.Item>
      <Form.Item name="approvalSeconds" label={t('policy.approvalSeconds')} rules={[{ required: true }]}>
        <InputNumber min={30} max={3600} />
      </Form.Item>
      <Form.Item name="maxDocuments" label={t('policy.maxDocuments')} rules={[{ required: true }]}>
        <InputNumber min={1} max={1000} />
      </Form.Item>
      <ProblemAlert error={saving.error} />
      <Button type="primary" htmlType="submit" loading={saving.busy}>
        {t('policy.save')}
      </Button>
    </Form>
  );
}
