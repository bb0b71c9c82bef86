import { Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { commonName } from '../cabinet/commonName';
import { FormDialog } from '../FormDialog';
import { useSubmit } from '../useSubmit';
import type { SelfServiceRequest } from './types';

const REASON_MAX = 1000;

/** The operator declines a certificate request with a reason the employee reads in the cabinet. */
export function RejectRequestDialog({
  request,
  onClose,
  onRejected,
}: {
  request: SelfServiceRequest | undefined;
  onClose: () => void;
  onRejected: () => void;
}) {
  const { t } = useTranslation('selfService');
  const [form] = Form.useForm<{ reason: string }>();
  const rejection = useSubmit(async (id: string, reason: string) => {
    await call(
      api.POST('/api/v1/certificate-requests/{id}/reject', { params: { path: { id } }, body: { reason } }),
    );
    form.resetFields();
    onRejected();
  });

  return (
    <FormDialog
      open={request !== undefined}
      title={t('reject.title')}
      okText={t('reject.submit')}
      okTestId="reject-request-submit"
      danger
      submission={rejection}
      form={form}
      onClose={onClose}
      intro={
        request && (
          <Typography.Paragraph>
            {t('reject.question', { login: request.login })} <strong>{commonName(request.subject)}</strong>
          </Typography.Paragraph>
        )
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={({ reason }) => {
          if (request) void rejection.run(request.id, reason.trim());
        }}
      >
        <Form.Item
          name="reason"
          label={t('reject.reason')}
          extra={t('reject.reasonHint')}
          rules={[{ required: true, whitespace: true, message: t('reject.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={REASON_MAX} showCount data-testid="request-reject-reason" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
