import { Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { FormDialog } from '../FormDialog';
import { useSubmit } from '../useSubmit';
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
  const [form] = Form.useForm<{ comment?: string }>();
  const renewalRequest = useSubmit(async (comment: string | undefined) => {
    const text = comment?.trim();
    const request = await call(
      api.POST('/api/v1/me/certificates/{serial}/renewal-request', {
        params: { path: { serial } },
        body: text ? { comment: text } : {},
      }),
    );
    form.resetFields();
    onRequested(request);
  });

  return (
    <FormDialog
      open={open}
      title={t('request.title')}
      okText={t('request.submit')}
      okTestId="request-renewal-submit"
      submission={renewalRequest}
      form={form}
      onClose={onClose}
      intro={<Typography.Paragraph>{t('request.hint')}</Typography.Paragraph>}
    >
      <Form form={form} layout="vertical" onFinish={({ comment }) => void renewalRequest.run(comment)}>
        <Form.Item name="comment" label={t('request.comment')} extra={t('request.commentHint')}>
          <Input.TextArea rows={3} maxLength={COMMENT_MAX} showCount data-testid="renewal-comment" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
