import { Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../ProblemAlert';
import type { RenewalRequest } from './types';

const COMMENT_MAX = 1000;

/** The holder asks an operator to renew a valid certificate, optionally saying why (new details, key on a new device…). */
export function RequestRenewalDialog({
  serial,
  open,
  onClose,
  onRequested,
}: {
  serial: string;
  open: boolean;
  onClose: () => void;
  onRequested: (request: RenewalRequest) => void;
}) {
  const { t } = useTranslation('renewals');
  const { t: tc } = useTranslation();
  const [form] = Form.useForm<{ comment?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const close = () => {
    form.resetFields();
    setError(undefined);
    onClose();
  };

  const submit = async (comment: string | undefined) => {
    setBusy(true);
    setError(undefined);
    try {
      const text = comment?.trim();
      const request = await call(
        api.POST('/api/v1/me/certificates/{serial}/renewal-request', {
          params: { path: { serial } },
          body: text ? { comment: text } : {},
        }),
      );
      form.resetFields();
      onRequested(request);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('request.title')}
      okText={t('request.submit')}
      cancelText={tc('cancel')}
      okButtonProps={{ 'data-testid': 'request-renewal-submit' }}
      confirmLoading={busy}
      onOk={() => {
        form.submit();
      }}
      onCancel={close}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('request.hint')}</Typography.Paragraph>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={({ comment }) => void submit(comment)}>
        <Form.Item name="comment" label={t('request.comment')} extra={t('request.commentHint')}>
          <Input.TextArea rows={3} maxLength={COMMENT_MAX} showCount data-testid="renewal-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
