import { Alert, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useReadable } from '../readable';
import { api, call } from '../../api/client';
import { FormDialog } from '../FormDialog';
import { useSubmit } from '../useSubmit';

/** RFC 5280 reasons an operator may give; certificateHold is suspension, which has its own action. */
const REASONS = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
  'cACompromise',
  'aACompromise',
] as const;
type Reason = (typeof REASONS)[number];

/** «Отозвать»: the reason, a warning that it is final, and an explicit confirmation. */
export function RevokeDialog({
  serial,
  open,
  onClose,
  onDone,
}: {
  serial: string;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('operator');
  const readable = useReadable();
  const [form] = Form.useForm<{ reason: Reason }>();
  const revocation = useSubmit(async (reason: Reason) => {
    await call(
      api.POST('/api/v1/certificates/{serial}/revoke', { params: { path: { serial } }, body: { reason } }),
    );
    onDone();
  });

  return (
    <FormDialog
      open={open}
      title={t('certificate.revokeTitle')}
      okText={t('certificate.revokeConfirm')}
      okTestId="revoke-confirm"
      danger
      submission={revocation}
      form={form}
      onClose={onClose}
      intro={
        <Alert type="warning" showIcon title={t('certificate.revokeWarning')} style={{ marginBottom: 16 }} />
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ reason: 'unspecified' }}
        preserve={false}
        onFinish={({ reason }) => void revocation.run(reason)}
      >
        <Form.Item name="reason" label={t('certificate.reason')} rules={[{ required: true }]}>
          <Select
            data-testid="revoke-reason"
            options={REASONS.map((reason) => ({ value: reason, label: readable.revocationReason(reason) }))}
          />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
