import { Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../ProblemAlert';
import { commonName } from '../cabinet/commonName';
import type { RenewalRequest } from '../cabinet/types';

const REASON_MAX = 1000;

/** The operator declines a renewal with a reason the holder reads in the cabinet. */
export function RejectRenewalDialog({
  request,
  onClose,
  onRejected,
}: {
  request: RenewalRequest | undefined;
  onClose: () => void;
  onRejected: () => void;
}) {
  const { t } = useTranslation('renewals');
  const { t: tc } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const close = () => {
    form.resetFields();
    setError(undefined);
    onClose();
  };

  const reject = async (id: string, reason: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await call(
        api.POST('/api/v1/renewal-requests/{id}/reject', { params: { path: { id } }, body: { reason } }),
      );
      form.resetFields();
      onRejected();
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={request !== undefined}
      title={t('reject.title')}
      okText={t('reject.submit')}
      cancelText={tc('cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'reject-renewal-submit' }}
      confirmLoading={busy}
      onOk={() => {
        form.submit();
      }}
      onCancel={close}
      destroyOnHidden
    >
      {request && (
        <Typography.Paragraph>
          {t('reject.question', { login: request.login })} <strong>{commonName(request.subject)}</strong>
        </Typography.Paragraph>
      )}
      <ProblemAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={({ reason }) => {
          if (request) void reject(request.id, reason.trim());
        }}
      >
        <Form.Item
          name="reason"
          label={t('reject.reason')}
          extra={t('reject.reasonHint')}
          rules={[{ required: true, whitespace: true, message: t('reject.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={REASON_MAX} showCount data-testid="renewal-reject-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
