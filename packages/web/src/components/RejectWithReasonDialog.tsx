import { Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { commonName } from './cabinet/commonName';
import { FormDialog } from './FormDialog';
import { useSubmit } from './useSubmit';

const REASON_MAX = 1000;

/** What a request the operator declines shows: whose it is and for whom the certificate was asked. */
interface DeclinedRequest {
  id: string;
  login: string;
  subject: string;
}

/**
 * The operator declines a request (a renewal, a self-service certificate
 * request) with a reason its holder reads in the cabinet. The texts come
 * from the namespace's `reject.*` keys.
 */
export function RejectWithReasonDialog({
  request,
  namespace,
  reject,
  testIds,
  onClose,
  onRejected,
}: {
  request: DeclinedRequest | undefined;
  namespace: 'renewals' | 'selfService';
  reject: (id: string, reason: string) => Promise<unknown>;
  testIds: { submit: string; reason: string };
  onClose: () => void;
  onRejected: () => void;
}) {
  const { t } = useTranslation(namespace);
  const [form] = Form.useForm<{ reason: string }>();
  const rejection = useSubmit(async (id: string, reason: string) => {
    await reject(id, reason);
    form.resetFields();
    onRejected();
  });

  return (
    <FormDialog
      open={request !== undefined}
      title={t('reject.title')}
      okText={t('reject.submit')}
      okTestId={testIds.submit}
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
          <Input.TextArea rows={3} maxLength={REASON_MAX} showCount data-testid={testIds.reason} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
